"""Following groups' logs in this process: what others appended, told as soon as the file changes.

A screen follows a group from the log position its state is folded to (`load_group_at`).
Without the service, another process's write reaches this one through the file system:
`watchfiles` (inotify on Linux) wakes a thread when a followed group's audit.jsonl
changes; it reads the whole transactions after its cursor, parses them once and tells
the listeners (the app turns that into a message carrying the entries). This process's
own writes move the cursor on when they are committed (`committed`), so they are never
read back. If notifications cannot be had (no inotify left), nothing is told and the app's
slow poll still brings the changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import StoreError
from .journal import Committed
from .log import AuditEntry, AuditSig

if TYPE_CHECKING:
    from threading import RLock

    from cspe_tui.domain.group import GroupState

    from .groups import GroupRecords

Told = Callable[[str, int, int, list[AuditEntry]], None]
"""(group_id, start, end, entries): whole transactions appended between two log positions."""

LOG_NAME = "audit.jsonl"


class ParsedRanges:
    """Per group, the log ranges this process has parsed (start -> end and their entries), the newest kept.

    A log that is no longer the file it was (another inode, or shorter than a range: rewritten or
    cut by hand) drops what was kept of it, so nothing is answered from a log that changed under it."""

    KEPT = 128
    """Enough to bridge the writes that come in between a screen's read and its write; little memory in the service."""

    def __init__(self) -> None:
        self._ranges: dict[str, dict[int, tuple[int, list[AuditEntry]]]] = {}
        self._inode: dict[str, int] = {}

    def since(self, group_id: str, cursor: int, sig: AuditSig) -> tuple[int, list[AuditEntry]]:
        """The entries kept from `cursor` on without a gap, and where they end (`cursor` when none)."""
        ranges = self._valid(group_id, sig)
        entries: list[AuditEntry] = []
        at = cursor
        while (found := ranges.get(at)) is not None and found[0] <= sig[1]:
            at, more = found
            entries.extend(more)
        return at, entries

    def add(self, group_id: str, start: int, end: int, entries: list[AuditEntry], sig: AuditSig | None) -> None:
        ranges = self._valid(group_id, sig) if sig is not None else self._ranges.setdefault(group_id, {})
        ranges[start] = (end, entries)
        while len(ranges) > self.KEPT:
            del ranges[next(iter(ranges))]

    def _valid(self, group_id: str, sig: AuditSig) -> dict[int, tuple[int, list[AuditEntry]]]:
        ranges = self._ranges.setdefault(group_id, {})
        inode, size = sig[0], sig[1]
        if self._inode.get(group_id) != inode or any(end > size for end, _ in ranges.values()):
            ranges.clear()
            self._inode[group_id] = inode
        return ranges


class Following:
    """The groups this process follows, how far, and who is told; one watcher thread while anyone listens."""

    def __init__(self, records: GroupRecords, mutex: RLock, groups: Path) -> None:
        self.records = records
        self._mutex = mutex
        self._groups_dir = groups
        self._cursors: dict[str, int] = {}
        self.parsed = ParsedRanges()
        self._listeners: list[Told] = []
        self._lock = threading.Lock()
        self._stop: threading.Event | None = None
        self._thread: threading.Thread | None = None

    # --- reads (what screens and the service call) ------------------------------------

    def follow(self, group_id: str) -> None:
        """Follow a group from the log's end without reading it (the start screen's rows); a followed one keeps its cursor."""
        position = self.change_cursor(group_id)
        with self._lock:
            self._cursors.setdefault(group_id, position)

    def load_group_at(self, group_id: str) -> tuple[int, GroupState]:
        """The group and the log position it is folded to; from then on the group is followed."""
        with self._mutex:
            state = self.records.load_group(group_id)
            position = self.records.handle(group_id).pos.end
        self._follow(group_id, position)
        return position, state

    def change_cursor(self, group_id: str) -> int:
        """The log's size: take it before `load_group`, then follow with `changes_since`."""
        sig = self.records.handle(group_id).log.stat()
        return sig[1] if sig else 0

    def changes_since(self, group_id: str, cursor: int) -> tuple[int, list[AuditEntry]]:
        """Whole transactions appended after `cursor`, and the new cursor; one stat when nothing changed.

        What this process already parsed (the watcher's reads, its own commits) is taken from
        `parsed`; only the lines after it are read and parsed, so a catch-up after a write
        that came in between does not parse the other examinator's lines a second time."""
        g = self.records.handle(group_id)
        sig = g.log.stat()
        if sig is None or sig[1] == cursor:
            return cursor, []
        with self._lock:
            at, known = self.parsed.since(group_id, cursor, sig)
        if at == sig[1]:
            return at, known
        with self._mutex:
            start = g.log.line_start(min(max(at, 0), sig[1]))
            entries: list[AuditEntry] = []
            end = start
            pending: list[AuditEntry] = []
            for offset, line in g.log.iter_lines(start):
                try:
                    entry = AuditEntry.model_validate_json(line)
                except ValueError:
                    continue
                pending.append(entry)
                if not entry.more:
                    entries.extend(pending)
                    pending = []
                    end = offset
        if not entries:
            return (at, known) if known else (end, [])
        with self._lock:
            self.parsed.add(group_id, start, end, entries, sig)
        return end, known + entries if start == at else entries

    # --- telling -----------------------------------------------------------------------

    def add_listener(self, told: Told) -> None:
        with self._lock:
            self._listeners.append(told)
            if self._thread is None:
                self._start()

    def remove_listener(self, told: Told) -> None:
        with self._lock:
            if told in self._listeners:
                self._listeners.remove(told)
            if not self._listeners and self._stop is not None:
                self._stop.set()
                self._stop = self._thread = None

    def committed(self, group_id: str, committed: Committed) -> None:
        """This process's own write: the cursor moves past it when it was there, so it is not read back."""
        with self._lock:
            if self._cursors.get(group_id) == committed.start:
                self._cursors[group_id] = committed.position
            if committed.entries:
                self.parsed.add(group_id, committed.start, committed.position, list(committed.entries), None)

    def _follow(self, group_id: str, position: int) -> None:
        with self._lock:
            self._cursors[group_id] = max(self._cursors.get(group_id, 0), position)

    def _start(self) -> None:
        stop = threading.Event()
        thread = threading.Thread(target=self._watch, args=(self._groups_dir, stop), daemon=True, name="cspe-following")
        self._stop, self._thread = stop, thread
        thread.start()

    def _watch(self, groups: Path, stop: threading.Event) -> None:
        try:
            from watchfiles import watch

            changed = (
                {Path(path).parent.name for _, path in batch if path.endswith(LOG_NAME)}
                for batch in watch(
                    groups, watch_filter=lambda _, path: path.endswith(LOG_NAME), debounce=100, step=5,
                    stop_event=stop, rust_timeout=500, yield_on_timeout=False, raise_interrupt=False,
                )
            )
            for group_ids in changed:
                for group_id in group_ids:
                    self.look(group_id)
        except (OSError, RuntimeError):
            return  # no notifications to be had (e.g. no inotify instance left): the app's poll remains

    def look(self, group_id: str) -> None:
        """Read what was appended after the cursor of a followed group and tell the listeners."""
        with self._lock:
            cursor = self._cursors.get(group_id)
            listeners = list(self._listeners)
        if cursor is None or not listeners:
            return
        try:
            end, entries = self.changes_since(group_id, cursor)
        except StoreError:
            return
        with self._lock:
            if self._cursors.get(group_id) != cursor:
                return  # our own write moved it meanwhile; the next change reads from there
            self._cursors[group_id] = end
        if entries:
            for told in listeners:
                told(group_id, cursor, end, entries)

