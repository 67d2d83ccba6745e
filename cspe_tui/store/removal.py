"""Removing a group in which nothing was done (mixed into the Store).

Removing is a folder event, decided with the group's own state in hand; the group's
folder then moves to <data>/verwijderd/, so nothing that was written is lost. The
wrapper itself (`remove_group`) is one of the shared RecordCommands.
"""

from __future__ import annotations

import os
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cspe_tui.domain import commands as c

from .errors import CorruptFile, UnknownGroup
from .fs import ensure_dir, fsync_dir, not_saved

if TYPE_CHECKING:
    from .store import Store

REMOVED_DIR = "verwijderd"


class GroupRemoval:
    def removed_groups(self: Store) -> list[str]:
        return [info.group_id for info in self._folder_state().removed]

    def _remove_group(self: Store, login: str, command: c.RemoveGroup) -> list[Any]:
        """Decided with the group's own state in hand (folder lock, then group lock), then moved aside."""
        what = "Het verwijderen van de groep"
        with self._folder_lock(what):
            if self._fstate is None or self._fpos.problem is not None:
                raise CorruptFile("Het logboek van de gegevensmap is beschadigd. Voer 'cspe verify' uit.")
            if command.group_id in self._fstate.groups:
                g = self._group(command.group_id)
                with self._group_lock(g, what, write=True):
                    events = self._append_folder(self._actor(login), [command], self._fstate, g.state)
                    self._move_removed(command.group_id, events[0].at if events else self._now())
            else:
                events = self._append_folder(self._actor(login), [command], self._fstate)
        return events

    def _move_removed(self: Store, group_id: str, at: datetime) -> None:
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
        finally:
            self._groups.pop(group_id, None)

    def _check_not_removed(self: Store, group_id: str) -> None:
        if any(info.group_id == group_id for info in self._folder_state().removed):
            raise UnknownGroup(f"Groep {group_id} is verwijderd.")
