"""The journal: decide, evolve and append one transaction, for a group's log and the folder's alike.

`commit` lets the domain decide every command against the evolving state (a refusal
anywhere means nothing is written), appends all events with one write and one fsync and
returns what it committed: the entries, exactly as logged, and the log positions before
and after them. The actor is an argument; nothing is borrowed from the store. The caller
holds the scope's lock and writes the checkpoint from the state it gets back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, overload

from cspe_tui.domain.access import Actor, Refusal
from cspe_tui.domain.group_notes import Stamp

from .follow import Position
from .fs import not_saved
from .log import AuditEntry, EventLog, envelope
from .refusals import store_error

Decide = Callable[[Any, Any, datetime], list[Any]]
"""(state, command, at) -> events; raises the domain's Refusal."""
Evolve = Callable[[Any, Any, Stamp], Any]
"""(state, event, stamp) -> the next state."""


@dataclass(frozen=True)
class Committed(Sequence[Any]):
    """One committed transaction: its log entries and where the log stood before and after them.

    It is also the sequence of its events, so a caller that wants only what happened
    reads it as a list. A screen folds `entries` when `start` is its cursor and moves its
    cursor to `position`: what it wrote is never read back.
    """

    entries: tuple[AuditEntry, ...] = ()
    start: int = 0
    position: int = 0
    raws: tuple[dict[str, Any], ...] = ()
    """The lines as written (JSON-ready): the service sends these on without dumping the events again."""
    state: Any = None
    """The in-process store's state after the transaction (None from the service): a screen whose cursor
    was `start` takes it as is, so the events are folded once in this process, by the journal."""
    carried: tuple[tuple[str, Committed], ...] = ()
    """(group_id, Committed) of what a folder command's side effects committed in groups after it
    (an aanvulling carried into each open group of its model); empty from the service, which pushes those."""

    @property
    def events(self) -> list[Any]:
        return [entry.event for entry in self.entries]

    @overload
    def __getitem__(self, index: int) -> Any: ...
    @overload
    def __getitem__(self, index: slice) -> list[Any]: ...
    def __getitem__(self, index: int | slice) -> Any:
        return self.events[index]

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Any]:
        return (entry.event for entry in self.entries)


class Journal:
    """One hash-chained log and how far this process has folded it (`pos`)."""

    def __init__(self, log: EventLog, pos: Position, folder: Path) -> None:
        self.log = log
        self.pos = pos
        self.folder = folder

    def commit(
        self,
        state: Any,
        actor: Actor,
        commands: Sequence[Any],
        decide: Decide,
        evolve: Evolve,
        at: datetime,
        what: str,
        check: Callable[[list[Any]], None] | None = None,
    ) -> tuple[Any, Committed]:
        """Decide, evolve and append as `actor`; `check` may refuse the decided events before anything is written."""
        stamp = Stamp(actor.login, at)
        events: list[Any] = []
        for command in commands:
            try:
                new = decide(state, command, at)
            except Refusal as refusal:
                raise store_error(refusal) from None
            for event in new:
                state = evolve(state, event, stamp)
            events.extend(new)
        if not events:
            return state, Committed(start=self.pos.end, position=self.pos.end)
        if check is not None:
            check(events)
        return state, self.append(actor.login, at, events, what)

    def append(self, login: str, at: datetime, events: list[Any], what: str) -> Committed:
        """Events already decided: one write and one fsync; `pos` moves past them."""
        when = at.isoformat()
        raws, seq, prev = [], self.pos.seq, self.pos.hash
        for i, event in enumerate(events):
            seq += 1
            raw = envelope(seq, when, login, event.model_dump(mode="json"), i < len(events) - 1, prev)
            prev = raw["hash"]
            raws.append(raw)
        try:
            start, end = self.log.append(raws)
        except OSError as exc:
            self.pos.sig = None
            raise not_saved(what, exc, self.folder) from exc
        entries = tuple(
            AuditEntry.model_construct(
                seq=raw["seq"], at=at, login=login, event=event, more=raw["more"], prev_hash=raw["prev_hash"], hash=raw["hash"]
            )
            for raw, event in zip(raws, events, strict=True)
        )
        self.pos.seq, self.pos.hash, self.pos.end, self.pos.sig = seq, prev, end, self.log.stat()
        return Committed(entries, start, end, tuple(raws))
