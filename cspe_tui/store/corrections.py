"""Putting mistakes right and noting what the record must also say (mixed into the Store).

The tweede examinator's akkoord, a candidate's ondersteuning, a group marked vervallen,
and a group removed because nothing was done in it. Removing is a folder event; the
group's folder moves to <data>/verwijderd/, so nothing that was written is lost.
"""

from __future__ import annotations

import os
from contextlib import suppress
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cspe_tui.domain import commands as c
from cspe_tui.domain.group import Cell
from cspe_tui.domain.group_notes import Ondersteuning, Withdrawal

from .api import FolderScope
from .errors import CorruptFile, UnknownGroup
from .fs import ensure_dir, fsync_dir, not_saved

if TYPE_CHECKING:
    from .store import Store

REMOVED_DIR = "verwijderd"


class Corrections:
    def accept(self: Store, group_id: str, examennummer: str, code: str, expected: Cell | None = None) -> Cell:
        """Achteraf, the tweede: akkoord with examinator 1's score of one criterium."""
        self._as_user(group_id, c.Accept(examennummer=examennummer, criterium=code, expected=expected))
        return self._cell(group_id, examennummer, code)

    def set_ondersteuning(
        self: Store,
        group_id: str,
        examennummer: str,
        verlengde_tijd: bool = False,
        aangepaste_opdracht: bool = False,
        tekst: str = "",
    ) -> Ondersteuning | None:
        """The examensecretaris notes extra faciliteiten; all empty removes the note."""
        command = c.SetOndersteuning(
            examennummer=examennummer, verlengde_tijd=verlengde_tijd, aangepaste_opdracht=aangepaste_opdracht, tekst=tekst or ""
        )
        self._as_user(group_id, command)
        return self._state(group_id).ondersteuning_for(examennummer)

    def withdraw_group(self: Store, group_id: str, reden: str) -> Withdrawal:
        """Mark a group vervallen: kept and logged, no further change, left out of the cijferlijst."""
        self._as_user(group_id, c.WithdrawGroup(reden=reden or ""))
        withdrawal = self._state(group_id).withdrawn
        assert withdrawal is not None
        return withdrawal

    def remove_group(self: Store, group_id: str) -> None:
        """Only when nothing was done in it; the record of its creation stays in the folder log."""
        self.execute(FolderScope(), self.user, c.RemoveGroup(group_id=group_id))

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
