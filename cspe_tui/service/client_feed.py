"""A followed group in the service client: the pushed entries as contiguous chunks, and a cached state.

The entries were parsed once when they arrived (a push, or the answer to this client's own
write); `fold` brings the cached state up to the end with the domain's `evolve` only when a
read of the whole group asks for it (`load_group`), never on the way of a keypress.
"""

from __future__ import annotations

from collections import deque

from cspe_tui.domain.evolve import EventMismatch, evolve
from cspe_tui.domain.group import GroupState
from cspe_tui.store import AuditEntry

BUFFER_CHUNKS = 2000
"""Pushed chunks kept per group; a reader further behind asks the service."""


class Feed:
    """One followed group: the pushed entries as contiguous chunks, and where they end."""

    def __init__(self, start: int) -> None:
        self.start = start
        self.end = start
        self.chunks: deque[tuple[int, int, list[AuditEntry]]] = deque(maxlen=BUFFER_CHUNKS)
        self.state: GroupState | None = None
        self.state_end = 0
        """The log position `state` is folded to."""

    def fold(self) -> GroupState | None:
        """The cached state brought up to `end` with the pushed events; None when that is not possible."""
        if self.state is None:
            return None
        if self.state_end == self.end:
            return self.state
        entries = self.since(self.state_end)
        if entries is None:
            self.state = None
            return None
        state = self.state
        try:
            for entry in entries:
                state = evolve(state, entry.event, entry.stamp)
        except (EventMismatch, ValueError, KeyError):
            self.state = None
            return None
        self.state, self.state_end = state, self.end
        return state

    def add(self, start: int, end: int, entries: list[AuditEntry]) -> None:
        if self.chunks and self.start <= start and end <= self.end:
            return  # already here: a write's own lines, pushed as part of a wider read as well
        if start != self.end:
            # A gap (dropped while reconnecting): what came before is no longer contiguous.
            self.chunks.clear()
            self.start = start
        self.chunks.append((start, end, entries))
        self.end = end
        if len(self.chunks) == self.chunks.maxlen:
            self.start = self.chunks[0][0]

    def since(self, cursor: int) -> list[AuditEntry] | None:
        """Entries after `cursor`, or None when the buffer does not reach back that far."""
        if cursor == self.end:
            return []
        if not self.chunks or cursor < self.start or cursor > self.end:
            return None
        found: list[AuditEntry] = []
        for start, end, entries in self.chunks:
            if end <= cursor:
                continue
            if start != cursor and not found:
                return None  # the cursor falls inside a chunk: not a boundary we pushed
            found.extend(entries)
        return found
