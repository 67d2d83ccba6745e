"""Group records: each group's log, its folded state in memory and its TinyDB checkpoint.

Opening a group reads the checkpoint and folds only the log lines after it; another
process's change costs reading its new lines. Every write goes through `execute`.
"""

from __future__ import annotations

import os
from dataclasses import replace
from contextlib import contextmanager, suppress
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cspe_tui.domain.access import Actor
from cspe_tui.domain.commands import ApplyAanvulling
from cspe_tui.domain.decide import decide
from cspe_tui.domain.events import GroupCreated
from cspe_tui.domain.evolve import EventMismatch, evolve, group_from
from cspe_tui.domain.group import GroupInfo, GroupState
from cspe_tui.domain.summary import advance

from .checkpoint import (
    Mark,
    read_cells_seq,
    read_checkpoint,
    read_mark,
    read_summary,
    write_cells,
    write_head,
)
from .errors import CorruptFile, StoreError, TamperedGroup, UnknownGroup
from .follow import Applied, Position, follow
from .group_handle import GroupHandle, changed_cells, head_changed
from .fs import GROUP_ID, not_saved, remove_tmp_files
from .journal import Committed, Journal
from .log import stamp_of
from .photo_checks import check_photo_files
from .refusals import what_of

if TYPE_CHECKING:
    from datetime import datetime
    from threading import RLock

    from .datafolder import DataFolder
    from .folder import FolderRecords
    from .verify import Verification


MARK_EVERY = 50
"""group.json (the head and the checkpoint's log position) is rewritten when the head changes, and
at least every this many lines; a load folds at most this many lines. Cell-only changes write one file."""


class GroupRecords:
    """Every group's handle, caught up with its log under its lock, and the group transactions;
    held by the Store (`store.group_records`).

    Needs the data folder, the store's `mutex`, the folder records (models, who is removed, the
    actor of a login, aanvullingen and meldingen), `verification` (a closed group's check when
    it is loaded), `on_commit` (told of each commit: the store's Following), and two things of the store that change
    after it is made: `user` (who takes in a missing aanvulling) and `clock`.
    """

    def __init__(
        self,
        folder: DataFolder,
        mutex: RLock,
        folder_records: FolderRecords,
        verification: Verification,
        on_commit: Callable[[str, Committed], None],
        user: Callable[[], str],
        clock: Callable[[], datetime],
    ) -> None:
        self.folder = folder
        self._mutex = mutex
        self.folder_records = folder_records
        self.verification = verification
        self._on_commit = on_commit
        self._user = user
        self._now = clock
        self._groups: dict[str, GroupHandle] = {}

    def forget(self, group_id: str) -> None:
        """A removed group's handle goes; its folder has moved."""
        self._groups.pop(group_id, None)

    def folded(self, group_id: str) -> GroupState:
        """The folded state as this process has it, without catching up."""
        state = self.handle(group_id).state
        assert state is not None
        return state

    def group_ids(self) -> list[str]:
        folder = str(self.folder.groups)
        removed = set(self.folder_records.removed_groups())
        try:
            with os.scandir(folder) as entries:  # the entry knows a link without a stat: the start screen lists often
                names = [e.name for e in entries if GROUP_ID.fullmatch(e.name) and not e.is_symlink()]
        except FileNotFoundError:
            return []
        return sorted(
            n for n in names if n not in removed and os.path.isfile(os.path.join(folder, n, "audit.jsonl"))
        )

    def handle(self, group_id: str) -> GroupHandle:
        g = self._groups.get(group_id)
        if g is not None:
            return g
        if not isinstance(group_id, str) or not GROUP_ID.fullmatch(group_id):
            raise UnknownGroup(f"Groep {group_id!r} bestaat niet.")
        self.folder_records.check_not_removed(group_id)
        path = self.folder.groups / group_id
        if path.is_symlink():
            # A link could point outside the data folder; writes must never leave it.
            raise UnknownGroup(f"Groep {group_id} is een koppeling (symlink) naar een andere plek; die wordt niet geopend.")
        if not (path / "audit.jsonl").is_file():
            raise UnknownGroup(f"Groep {group_id} bestaat niet.")
        g = GroupHandle(group_id, path)
        self._groups[group_id] = g
        return g

    # --- catching up ---------------------------------------------------------------

    @contextmanager
    def locked(self, g: GroupHandle, what: str, write: bool) -> Iterator[bool]:
        """The group's lock; reads on a read-only or full disk still work without it. Yields can_write."""
        if write and not self.folder.writable:
            raise self.folder.read_only_error(what)
        with self._mutex:
            locked = self.folder.acquire(g.lock, what, write)
            try:
                can_write = locked and self.folder.writable
                try:
                    self._sync(g, can_write)
                except OSError as exc:
                    if write:
                        raise not_saved(what, exc, self.folder.path) from exc
                    can_write = False
                    self._sync(g, False)
                yield can_write
            finally:
                if locked:
                    g.lock.release()

    def _sync(self, g: GroupHandle, can_write: bool) -> None:
        if can_write and not g.cleaned:
            remove_tmp_files(g.path)
            g.cleaned = True
        sig = g.log.stat()
        if sig is None:
            raise UnknownGroup(f"Groep {g.id} bestaat niet (meer).")
        if g.state is not None and sig == g.pos.sig and g.pos.problem is None:
            if can_write and g.behind:
                self._repair_checkpoint(g)
            return
        if (
            g.state is None
            or g.pos.sig is None
            or sig[0] != g.pos.sig[0]
            or sig[1] < g.pos.end
            or g.pos.problem
            or (g.pos.end and g.log.hash_before(g.pos.end) != g.pos.hash)
        ):
            self._load(g, sig[1])
        follow(g.log, g.pos, lambda txs: self._fold(g, txs), can_write)
        if g.state is None and g.pos.problem is None:
            g.pos.problem = f"Het logboek van groep {g.id} is leeg."
        if g.state is None:
            raise CorruptFile(f"Groep {g.id} kan niet worden gelezen: {g.pos.problem} Voer 'cspe verify {g.id}' uit.")
        if can_write and g.pos.problem is None and g.behind:
            self._repair_checkpoint(g)

    def _load(self, g: GroupHandle, size: int) -> None:
        """Start from the checkpoint when it is whole; else from the first line of the log."""
        g.reset()
        model_of = self.folder_records.model_of
        found = read_checkpoint(g.db, g.cand, lambda head: model_of(GroupInfo.model_validate(head["info"])), g.path)
        if found is None:
            return
        state, mark = found
        g.state, g.mark_seq, g.head_seq, g.all_dirty = state, mark.seq, mark.seq, False
        stored = read_summary(g.summary_db)
        if stored is not None and (stored[1].seq, stored[1].hash) == (mark.seq, mark.hash):
            g.summary = (mark.seq, stored[0])
        g.pos = Position(seq=mark.seq, hash=mark.hash, end=mark.end)
        if size < mark.end:
            g.pos.problem = (
                f"Het logboek van groep {g.id} is korter dan de opgeslagen gegevens (regel {mark.seq}): "
                "er zijn regels weggehaald."
            )
            return
        with suppress(ValueError, OSError):
            if size == mark.end and (g.log.last_line() or {}).get("hash") != mark.hash:
                g.pos.problem = f"Het logboek van groep {g.id} past niet bij de opgeslagen gegevens (regel {mark.seq})."

    def _fold(self, g: GroupHandle, txs: Applied) -> None:
        state = g.state
        summary = g.summary[1] if g.summary is not None and g.summary[0] == g.pos.seq else None
        for raw, event in txs:
            if state is None:
                if not isinstance(event, GroupCreated):
                    raise EventMismatch("het logboek begint niet met het aanmaken van de groep")
                state = group_from(event, self.folder_records.model_of(event.info))
                g.all_dirty = True
                g.head_seq = raw["seq"]
                summary = None
                continue
            new = evolve(state, event, stamp_of(raw))
            touched = changed_cells(state, new)
            for nr in touched:
                g.dirty[nr] = raw["seq"]
            if head_changed(state, new):
                g.head_seq = raw["seq"]
            if summary is not None:
                summary = advance(summary, state, new, touched)
            state = new
        g.state = state
        g.summary = (txs[-1][0]["seq"], summary) if summary is not None and txs else None
        g.check = None

    def _repair_checkpoint(self, g: GroupHandle) -> None:
        """After folding others' lines: rewrite only what their writer did not (it was killed)."""
        if not g.all_dirty:
            try:
                mark = read_mark(g.db)
                stale = {nr for nr, seq in g.dirty.items() if (read_cells_seq(g.cand(nr)) or 0) < seq}
            except (OSError, StoreError):
                mark, stale = None, set(g.dirty)
            if mark is not None and mark.seq >= g.head_seq and not stale:
                g.mark_seq = mark.seq
                g.dirty.clear()
                g.repair_summary()
                return
            g.dirty = {nr: g.dirty[nr] for nr in stale}
        self._write_checkpoint(g, head=True)

    def _write_checkpoint(self, g: GroupHandle, head: bool) -> None:
        """Cells first, group.json with its mark last; a failure leaves the log as the record."""
        state = g.state
        assert state is not None
        try:
            numbers = set(state.cells) if g.all_dirty else set(g.dirty) & set(state.cells)
            for nr in sorted(numbers):
                write_cells(g.cand(nr), state.cells[nr], g.pos.seq)
            if head or g.all_dirty or g.pos.seq - g.mark_seq >= MARK_EVERY:
                write_head(g.db, state, Mark(g.pos.seq, g.pos.hash, g.pos.end, tuple(state.cells)))
                g.mark_seq = g.pos.seq
        except (OSError, StoreError):
            g.db.storage.invalidate()
            return
        g.dirty.clear()
        g.all_dirty = False
        g.write_summary()

    # --- writing ---------------------------------------------------------------------

    def execute_group(self, group_id: str, login: str, commands: tuple[Any, ...]) -> Committed:
        g = self.handle(group_id)
        with self.locked(g, what_of(commands), write=True):
            if g.pos.problem is not None:
                raise CorruptFile(
                    f"Het logboek of een gegevensbestand van groep {g.id} is beschadigd; er wordt niets opgeslagen "
                    f"tot dat is opgelost. Voer 'cspe verify {g.id}' uit."
                )
            check_photo_files(g, commands)
            return self.transact(g, self.folder_records.actor(login), commands)

    def transact(self, g: GroupHandle, actor: Actor, commands: tuple[Any, ...] | list[Any]) -> Committed:
        """Through the group's journal; then the checkpoint from the state the journal returned."""
        assert g.state is not None
        journal = Journal(g.log, g.pos, self.folder.path)
        step = lambda state, command, at: decide(state, actor, command, at)  # noqa: E731
        old, before = g.state, g.pos.seq
        state, committed = journal.commit(old, actor, commands, step, evolve, self._now(), what_of(commands))
        if not committed:
            return committed
        seq = g.pos.seq
        touched = changed_cells(old, state)
        for nr in touched:
            g.dirty[nr] = seq
        head = head_changed(old, state)
        if head:
            g.head_seq = seq
        if g.summary is not None and g.summary[0] == before:
            g.summary = (seq, advance(g.summary[1], old, state, touched))
        g.state, g.check = state, None
        self._write_checkpoint(g, head=head)
        committed = replace(committed, state=state)
        self._on_commit(g.id, committed)
        return committed

    def _apply_missing_aanvullingen(self, g: GroupHandle) -> None:
        """An open group always carries every aanvulling of its model; call with the lock held."""
        state = g.state
        if state is None or state.closed or g.pos.problem is not None:
            return
        have = {a.criterium for a in state.aanvullingen}
        missing = [a for a in self.folder_records.aanvullingen(state.info.model_key) if a.criterium not in have]
        if missing:
            with suppress(StoreError, OSError):
                self.transact(g, self.folder_records.actor(self._user()), [ApplyAanvulling(aanvulling=a) for a in missing])

    # --- reading ---------------------------------------------------------------------

    def load_group(self, group_id: str) -> GroupState:
        """The group as the log says; a closed group is checked against its checkpoint and seal first."""
        g = self.handle(group_id)
        with self.locked(g, "", write=False) as can_write:
            if can_write:
                self._apply_missing_aanvullingen(g)
            state = g.state
            assert state is not None
            tampered, from_log = self.verification.closed_check(g) if state.closed else (None, None)
            if from_log is not None:
                state = from_log
        return state.model_copy(
            update={
                "cells": {nr: dict(row) for nr, row in state.cells.items()},
                "absent": list(state.absent),
                "remarks": list(state.remarks),
                "meldingen": self.folder_records.meldingen(state.info.model_key),
                "tampered": tampered,
            }
        )

    def export_state(self, group_id: str) -> GroupState:
        """The group for an export: refused when a closed group's files differ from its log or seal."""
        state = self.load_group(group_id)
        if state.tampered is not None:
            raise TamperedGroup(f"Groep {group_id} wordt niet geëxporteerd. {state.tampered}")
        return state

    def load_groups(self) -> tuple[list[GroupState], dict[str, StoreError]]:
        """Every group that can be read, and why the others cannot: one broken group hides no other."""
        states: list[GroupState] = []
        failures: dict[str, StoreError] = {}
        for group_id in self.group_ids():
            try:
                states.append(self.load_group(group_id))
            except StoreError as exc:
                failures[group_id] = exc
        return states, failures

    def exports_folder(self, group_id: str) -> Path:
        """<data>/exports/<group>: the records stay with the data, shared with the group like the rest."""
        from .fs import ensure_dir

        g = self.handle(group_id)
        folder = self.folder.path / "exports" / g.id
        ensure_dir(folder.parent)
        ensure_dir(folder)
        return folder
