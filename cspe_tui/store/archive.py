"""What an archive of a closed group is made from, and the folder's record of uitslagen and archives.

The archive holds the group's log as it lies on disk (its hashes cover the exact bytes) and the
photo files; both are read under the group's lock so the log is whole.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cspe_tui.domain.retention import ArchiveRecord, Uitslag

from .errors import StoreError
from .photos import PHOTO_FOLDER

if TYPE_CHECKING:
    from .store import Store

LOG_NAME = "audit.jsonl"


class ArchiveSources:
    """Mixed into the Store; the service client offers the same over its socket."""

    def archive_sources(self: Store, group_id: str) -> dict[str, bytes]:
        """`audit.jsonl` and every file in the group's `fotos/` folder (as `fotos/<name>`)."""
        g = self._group(group_id)
        with self._group_lock(g, "", write=False):
            try:
                files = {LOG_NAME: g.log.path.read_bytes()}
                folder = g.path / PHOTO_FOLDER
                names = sorted(os.listdir(folder)) if folder.is_dir() else []
                for name in names:
                    path = folder / name
                    if path.is_file() and not path.is_symlink():
                        files[f"{PHOTO_FOLDER}/{name}"] = path.read_bytes()
            except OSError as exc:
                raise StoreError(f"Kan de bestanden van groep {group_id} niet lezen ({exc.strerror}).") from None
        return files

    def uitslagen(self: Store) -> list[Uitslag]:
        with self._mutex:
            return list(self._folder_state().uitslagen)

    def archives(self: Store) -> list[ArchiveRecord]:
        with self._mutex:
            return list(self._folder_state().archives)
