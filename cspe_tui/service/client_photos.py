"""Photos over the socket (mixed into ServiceClient): the bytes go in parts, the service strips, stores and logs.

A request frame stays under 1 MiB (protocol.MAX_REQUEST_BYTES), so a photo of up to 40 MB is
sent as base64 parts of 512 KiB on the same connection, then named in one `add_photo`. When the
connection breaks half-way the service forgets the parts and the client sends the photo once more.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any

from cspe_tui.domain.group_notes import PhotoRecord
from cspe_tui.store.errors import CorruptFile
from cspe_tui.store.photo_image import check_size

from . import protocol as p


class PhotoClient:
    _conn: Any

    def _read(self, what: str, **args: Any) -> Any: ...

    def _committed(self, result: Any, group_id: str | None) -> Any: ...

    def add_photo(
        self, group_id: str, examennummer: str, data: bytes, original_name: str, commits: list[Any] | None = None
    ) -> PhotoRecord | None:
        """`commits` gets the photo's Committed from the answer, as a command's: the service pushes its
        log lines to the other followers only, so the screen folds them from here (parsed once, folded once)."""
        check_size(original_name, len(data))
        for attempt in (1, 2):
            upload = secrets.token_hex(8)
            try:
                for offset in range(0, len(data), p.PHOTO_PART_BYTES):
                    part = base64.b64encode(data[offset : offset + p.PHOTO_PART_BYTES]).decode("ascii")
                    self._conn.call("photo_part", upload=upload, offset=offset, data=part)
                result = self._conn.call(
                    "add_photo", upload=upload, group_id=group_id, examennummer=examennummer, original_name=original_name
                )
            except p.UploadLost:
                if attempt == 2:
                    raise
                continue
            if not isinstance(result, dict) or "record" not in result:
                raise p.ProtocolError("Onverwacht antwoord van de cspe-dienst op een foto.")
            if "entries" in result:
                committed = self._committed(result, group_id)
                if commits is not None:
                    commits.append(committed)
            record = result["record"]
            return PhotoRecord.model_validate(record) if record is not None else None
        return None

    def photo_bytes(self, group_id: str, record: PhotoRecord) -> bytes:
        data: bytes = self._read("photo", group_id=group_id, sha256=record.sha256, examennummer=record.examennummer)
        if hashlib.sha256(data).hexdigest() != record.sha256:
            raise CorruptFile(
                f"De foto {record.original_name} van kandidaat {record.examennummer} kwam anders aan dan hij is bewaard."
            )
        return data
