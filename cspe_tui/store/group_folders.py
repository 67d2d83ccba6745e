"""What a folder command does beside its log line: build a new group's folder, move a removed one aside.

Both run after the folder log committed the event (GroupCreated, GroupRemoved), under the
folder's lock. A new group is built aside and renamed into place, so others see a whole
group or none; a removed group's folder moves to <data>/verwijderd/, so nothing that was
written is lost (the folder log hides it even when the move fails).
"""

from __future__ import annotations

import os
import secrets
import shutil
from contextlib import suppress
from datetime import datetime

from cspe_tui.domain.events import GroupCreated

from .datafolder import DataFolder
from .errors import InvalidInput, NotSavedError
from .fs import FILE_MODE, ensure_dir, fsync_dir, make_dir, not_saved
from .log import GENESIS, EventLog, envelope

REMOVED_DIR = "verwijderd"


class GroupFolders:
    """The group folders of one data folder, as the folder log's side effects make and move them."""

    def __init__(self, folder: DataFolder) -> None:
        self.folder = folder

    def refuse_existing(self, events: list[object]) -> None:
        """Before the commit: a GroupCreated for a folder that is already there is refused, nothing logged."""
        for event in events:
            if isinstance(event, GroupCreated) and (self.folder.groups / event.info.group_id).exists():
                raise InvalidInput(f"Groep {event.info.group_id} bestaat al; kies een andere naam.")

    def build(self, created: GroupCreated, login: str) -> None:
        """The new group's log starts with the folder's GroupCreated, logged by the same actor."""
        gid = created.info.group_id
        if not self.folder.writable:
            raise NotSavedError(
                f"De groep is niet opgeslagen: de gegevensmap {self.folder.path} is voor jou alleen-lezen "
                "(geen schrijfrechten, of een schijf die alleen gelezen kan worden)."
            )
        try:
            ensure_dir(self.folder.groups)
            building = self.folder.groups / f".new-{secrets.token_hex(6)}"
            make_dir(building)
            try:
                at = created.info.created_at.isoformat()
                EventLog(building / "audit.jsonl").append(
                    [envelope(1, at, login, created.model_dump(mode="json"), False, GENESIS)]
                )
                fd = os.open(building / ".lock", os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
                try:
                    os.fchmod(fd, FILE_MODE)
                finally:
                    os.close(fd)
                fsync_dir(building)
                os.rename(building, self.folder.groups / gid)
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
            with suppress(OSError):
                fsync_dir(self.folder.groups)
        except OSError as exc:
            if (self.folder.groups / gid).exists():
                raise InvalidInput(f"Groep {gid} bestaat al; kies een andere naam.") from None
            raise not_saved("De groep", exc, self.folder.path) from exc

    def move_removed(self, group_id: str, at: datetime) -> None:
        """After the folder log says so; if this fails the group is still hidden (it is in `removed`)."""
        source = self.folder.groups / group_id
        target_dir = self.folder.path / REMOVED_DIR
        target = target_dir / group_id
        if target.exists():
            target = target_dir / f"{group_id}-{at.strftime('%Y%m%dT%H%M%S')}"
        try:
            ensure_dir(target_dir)
            os.rename(source, target)
            with suppress(OSError):
                fsync_dir(self.folder.groups)
        except OSError as exc:
            raise not_saved("Het verplaatsen van de verwijderde groep naar verwijderd/", exc, self.folder.path) from exc
