"""What an archive of a closed group is made from, and the folder's record of uitslagen and archives.

The archive holds the group's log as it lies on disk (its hashes cover the exact bytes) and the
photo files; both are read under the group's lock so the log is whole.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from cspe_tui.domain.retention import ArchiveRecord, Uitslag

from .errors import StoreError
from .photo_checks import PHOTO_FOLDER

if TYPE_CHECKING:
    from threading import RLock

    from .folder import FolderRecords
    from .groups import GroupRecords

LOG_NAME = "audit.jsonl"


class ArchiveSources:
    """Held by the Store (`store.archive`); the service client offers the same reads over its socket.

    Reads a group's files under the group's lock (group records), and the folder's record of
    uitslagen and archives from the folded folder log (folder records) under the store's `mutex`.
    """

    def __init__(self, groups: GroupRecords, folder_records: FolderRecords, mutex: RLock) -> None:
        self.groups = groups
        self.folder_records = folder_records
        self._mutex = mutex

    def archive_sources(self, group_id: str) -> dict[str, bytes]:
        """`audit.jsonl` and every file in the group's `fotos/` folder (as `fotos/<name>`)."""
        g = self.groups.handle(group_id)
        with self.groups.locked(g, "", write=False):
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

    def uitslagen(self) -> list[Uitslag]:
        with self._mutex:
            return list(self.folder_records.state().uitslagen)

    def archives(self) -> list[ArchiveRecord]:
        with self._mutex:
            return list(self.folder_records.state().archives)
