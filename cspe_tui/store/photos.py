"""Adding a photo to a group folder and reading one back: the file is written before it is logged.

The file is written (atomic, fsynced) before its PhotoAdded line, so a logged photo always
exists; every AddPhoto that reaches `execute` is checked against its file, whoever sent it.
A photo that was written but then refused stays unlogged: the log, not the folder, says
which photos belong to the group.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cspe_tui.domain import commands as c
from cspe_tui.domain.access import Refusal
from cspe_tui.domain.decide import decide
from cspe_tui.domain.group_notes import PhotoRecord

from .errors import CorruptFile
from .fs import atomic_write, ensure_dir, not_saved, remove_tmp_files
from .photo_checks import PHOTO_FOLDER, matches
from .photo_image import KeptPhoto, keep_photo
from .refusals import store_error

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from .datafolder import DataFolder
    from .folder import FolderRecords
    from .groups import GroupRecords

class Photos:
    """Adding a photo and reading one back; held by the Store (`store.photos`).

    Reads a group's handle under its lock (group records) and the actor of a login (folder
    records), and logs the photo as a group transaction after its file is written; `clock` is
    the store's.
    """

    def __init__(
        self, folder: DataFolder, groups: GroupRecords, folder_records: FolderRecords, clock: Callable[[], datetime]
    ) -> None:
        self.folder = folder
        self.groups = groups
        self.folder_records = folder_records
        self._now = clock

    def photo_path(self, group_id: str, record: PhotoRecord) -> Path:
        return self.groups.handle(group_id).path / PHOTO_FOLDER / record.filename

    def photo_bytes(self, group_id: str, record: PhotoRecord) -> bytes:
        """The stored photo, checked against the hash in the log."""
        path = self.photo_path(group_id, record)
        try:
            data = path.read_bytes()
        except OSError:
            raise CorruptFile(
                f"De foto {record.original_name} van kandidaat {record.examennummer} ontbreekt in groep {group_id} "
                f"({path.name}). Voer 'cspe verify {group_id}' uit."
            ) from None
        if hashlib.sha256(data).hexdigest() != record.sha256:
            raise CorruptFile(
                f"De foto {record.original_name} van kandidaat {record.examennummer} in groep {group_id} is veranderd "
                f"sinds hij is toegevoegd ({path.name}). Voer 'cspe verify {group_id}' uit."
            )
        return data

    def add_photo_as(
        self, group_id: str, login: str, examennummer: str, data: bytes, original_name: str,
        commits: list[Any] | None = None,
    ) -> PhotoRecord | None:
        """Strip, reduce, store and log one photo as `login`; None when the candidate already has it."""
        name = Path(original_name).name or original_name
        return self.add_kept_photo_as(group_id, login, examennummer, keep_photo(data, name), name, commits)

    def add_kept_photo_as(
        self, group_id: str, login: str, examennummer: str, kept: KeptPhoto, name: str,
        commits: list[Any] | None = None,
    ) -> PhotoRecord | None:
        """Refused before anything is written; the file is stored (fsynced) before its log line.

        `commits` gets the Committed, so a screen folds it instead of reading it back."""
        command = c.AddPhoto(
            examennummer=examennummer, sha256=kept.sha256, original_name=name, media_type=kept.media_type,
            width=kept.width, height=kept.height, bytes=len(kept.data),
        )
        g = self.groups.handle(group_id)
        with self.groups.locked(g, "De foto", write=True):
            assert g.state is not None
            try:
                if not decide(g.state, self.folder_records.actor(login), command, self._now()):
                    return None
            except Refusal as refusal:
                raise store_error(refusal) from None
            folder = g.path / PHOTO_FOLDER
            target = folder / kept.filename
            try:
                ensure_dir(folder)
                remove_tmp_files(folder)
                if not matches(target, kept.sha256, len(kept.data)):
                    atomic_write(target, kept.data)
            except OSError as exc:
                raise not_saved("De foto", exc, self.folder.path) from exc
            committed = self.groups.execute_group(group_id, login, (command,))
            if commits is not None:
                commits.append(committed)
            state = g.state
        return next(p for p in reversed(state.photos) if p.sha256 == kept.sha256 and p.examennummer == examennummer)
