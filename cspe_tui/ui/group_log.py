"""A screen's group as the fold of its log up to a cursor: writes, dialog commits and the live feed alike.

`GroupLog` holds the state and the log position it is folded to. A write goes through
`commit`: `execute` returns the entries it committed and the log's position before and
after them, and when the cursor was at that position before, those entries are folded
(in-process the state the store's journal already folded is taken as is): a write is never
read back. Only when another write came in between are the entries after the cursor read
(`catch_up`). A dialog's writes come back in its typed result as Committed values
(`fold_commits`); the live feed brings the other examinator's (`take`). Every way ends in
a `Fold`: the state before and after and the rows the entries touched, so the screen
recomputes only those. No Textual here: the screen shows what a Fold says.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cspe_tui.domain.events import (
    AanvullingApplied,
    AbsentSet,
    Accepted,
    Declared,
    DeclarationsVoided,
    GroupClosed,
    GroupCreated,
    GroupWithdrawn,
    OndersteuningSet,
    PhotoAdded,
    RemarkAdded,
    RemarkResolved,
    ReplyAdded,
    ScoreSet,
    VastgesteldSet,
)
from cspe_tui.domain.evolve import EventMismatch, evolve
from cspe_tui.domain.group import GroupState
from cspe_tui.store import GroupScope, StoreError
from cspe_tui.store.api import RecordStore
from cspe_tui.store.journal import Committed

Touched = dict[str, frozenset[str] | None] | None
"""Per candidate the criteria whose cells changed (None: any of its rows); None: the whole group."""

CELL_EVENTS = (ScoreSet, VastgesteldSet, Accepted)
CANDIDATE_EVENTS = (AbsentSet, RemarkAdded, OndersteuningSet, PhotoAdded)
REMARK_EVENTS = (ReplyAdded, RemarkResolved)
"""A candidate's rows, found through the remark."""
HEAD_EVENTS = (Declared, DeclarationsVoided)
"""Declarations change what closing allows, not how any row looks."""
WHOLE_EVENTS = (GroupCreated, AanvullingApplied, GroupClosed, GroupWithdrawn)
"""Every row is recomputed. Each group event kind is in exactly one of these five (a test checks)."""


def fold_entries(state: GroupState, entries: Sequence[Any], folded: GroupState | None = None) -> tuple[GroupState, Touched]:
    """The state after the log entries, and which rows they touched: only those are recomputed.

    `folded`: the state after them as this process's store already folded it (its own write);
    then nothing is folded again, only what they touched is named."""
    touched: dict[str, frozenset[str] | None] = {}
    whole = False
    if folded is not None:
        state = folded
    for entry in entries:
        event = entry.event
        if folded is None:
            state = evolve(state, event, entry.stamp)
        if isinstance(event, CELL_EVENTS):
            codes = touched.get(event.examennummer, frozenset())
            if codes is not None:
                touched[event.examennummer] = codes | {event.criterium}
        elif isinstance(event, CANDIDATE_EVENTS):
            touched[entry.examennummer] = None
        elif isinstance(event, REMARK_EVENTS):
            remark = next((r for r in state.remarks if r.id == event.remark_id), None)
            if remark is None:
                whole = True
            else:
                touched[remark.examennummer] = None
        elif not isinstance(event, HEAD_EVENTS):
            whole = True
    return state, None if whole else touched


@dataclass(frozen=True)
class Fold:
    """What changed: `touched` as in fold_entries, or None for every row (also after a reload)."""

    old: GroupState
    state: GroupState
    touched: Touched
    reloaded: bool = False


class GroupLog:
    """One group's state, the log position it is folded to, and the writes made through it."""

    def __init__(self, store: RecordStore, group_id: str) -> None:
        self.store = store
        self.group_id = group_id
        self.cursor, self.state = store.load_group_at(group_id)

    def commit(self, *commands: Any) -> tuple[Committed, Fold | None]:
        """Execute as this store's user and fold what was committed; raises the store's StoreError if not written."""
        committed = self.store.execute(GroupScope(group_id=self.group_id), self.store.user, *commands)
        if committed.start != self.cursor:
            try:  # another write came in between: its entries and ours, from the log
                return committed, self.catch_up()
            except StoreError:
                return committed, None  # written all the same; the cursor stays, the live feed's next look reads it
        return committed, self.take(committed.start, committed.position, committed.entries, committed.state)

    def fold_commits(self, commits: Sequence[Committed]) -> list[Fold]:
        """A dialog's writes, in order, each folded like our own digit; a gap before one is read from the log.

        One the live feed already brought (it ends at or before the cursor) is passed over."""
        folds: list[Fold] = []
        for committed in commits:
            if committed.position <= self.cursor:
                continue
            if committed.start != self.cursor:
                fold = self.catch_up()  # reads to the log's end: this write and any later ones of the dialog
                return folds + ([fold] if fold is not None else [])
            fold = self.take(committed.start, committed.position, committed.entries, committed.state)
            if fold is not None:
                folds.append(fold)
        return folds

    def catch_up(self) -> Fold | None:
        """Fold what the log holds after the cursor; raises the store's StoreError."""
        cursor, entries = self.store.changes_since(self.group_id, self.cursor)
        return self.take(self.cursor, cursor, entries)

    def take(self, since: int, cursor: int, entries: Sequence[Any], folded: GroupState | None = None) -> Fold | None:
        """Fold entries read from `since`; a look that started before our last fold is stale: None.

        `folded`: the store's own state after them (an in-process write), taken instead of folding again.
        Entries that do not fold onto what we hold (lines taken out of the log by hand) reload the group."""
        if since != self.cursor:
            return None
        if cursor < since:
            return self.reload()
        old = self.state
        if folded is not None:
            folded = folded.model_copy(update={"meldingen": old.meldingen, "tampered": old.tampered})
        try:
            state, touched = fold_entries(old, entries, folded)
        except (EventMismatch, KeyError, ValueError):
            return self.reload()
        self.state, self.cursor = state, cursor
        return Fold(old, state, touched) if entries else None

    def reload(self) -> Fold:
        """Read the group whole once; raises the store's StoreError."""
        cursor, state = self.store.load_group_at(self.group_id)
        old, self.state, self.cursor = self.state, state, cursor
        return Fold(old, state, None, reloaded=True)
