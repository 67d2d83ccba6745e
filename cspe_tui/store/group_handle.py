"""One group folder as this process holds it: its lock, log, TinyDB files, folded state and caches.

Its summary (what the start screen lists) is kept beside the folded state and in summary.json
with the log position it belongs to.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tinydb import TinyDB

from cspe_tui.domain.group import GroupState
from cspe_tui.domain.summary import GroupSummary, summarize

from .checkpoint import HEAD_FIELDS, SUMMARY_FILE, Mark, read_summary, write_summary
from .errors import StoreError
from .datafolder import file_lock
from .follow import Position
from .fs import candidate_file_name
from .log import EventLog
from .storage import open_db


class GroupHandle:
    """This process's view of one group folder: its lock, log position, state and checkpoint."""

    def __init__(self, group_id: str, path: Path) -> None:
        self.id = group_id
        self.path = path
        self.lock = file_lock(path / ".lock")
        self.log = EventLog(path / "audit.jsonl")
        self.db = open_db(path / "group.json", self.lock)
        self.summary_db = open_db(path / SUMMARY_FILE, self.lock)
        self._cands: dict[str, TinyDB] = {}
        self.pos = Position()
        self.state: GroupState | None = None
        self.mark_seq = -1
        self.head_seq = 0
        self.dirty: dict[str, int] = {}
        self.all_dirty = False
        self.cleaned = False
        self.check: tuple[Any, str | None, GroupState | None] | None = None
        self.summary: tuple[int, GroupSummary] | None = None
        """The summary of `state`, at log line `seq`; carried along with each change."""
        self.summary_on_disk = -1
        """The log line summary.json is known to be at (-1: not known)."""
        self.listed: tuple[Any, GroupSummary] | None = None
        """The last summary listed, with the log's signature it was listed for."""

    def cand(self, examennummer: str) -> TinyDB:
        db = self._cands.get(examennummer)
        if db is None:
            db = open_db(self.path / candidate_file_name(examennummer), self.lock)
            self._cands[examennummer] = db
        return db

    def current_summary(self) -> GroupSummary:
        """The summary of the folded state: carried along by each change, counted afresh only when missing."""
        assert self.state is not None
        if self.summary is None or self.summary[0] != self.pos.seq:
            self.summary = (self.pos.seq, summarize(self.state))
        return self.summary[1]

    def write_summary(self) -> None:
        """Last of the checkpoint: a kill before it leaves a summary whose position no longer matches the log."""
        try:
            write_summary(self.summary_db, self.current_summary(), Mark(self.pos.seq, self.pos.hash, self.pos.end))
        except (OSError, StoreError):
            self.summary_db.storage.invalidate()
            self.summary_on_disk = -1
            return
        self.summary_on_disk = self.pos.seq

    def repair_summary(self) -> None:
        """Rewrite summary.json when its writer was killed before it (the other files were written)."""
        if self.summary_on_disk == self.pos.seq:
            return
        stored = read_summary(self.summary_db)
        pos = self.pos
        if stored is not None and (stored[1].seq, stored[1].hash, stored[1].end) == (pos.seq, pos.hash, pos.end):
            self.summary_on_disk = pos.seq
            return
        self.write_summary()

    @property
    def behind(self) -> bool:
        """Whether the files on disk may lag what this process folded: cells, or a head change (absent, remark)."""
        return bool(self.dirty) or self.all_dirty or self.head_seq > self.mark_seq

    def reset(self) -> None:
        self.pos = Position()
        self.state = None
        self.mark_seq = -1
        self.head_seq = 0
        self.dirty.clear()
        self.all_dirty = True
        self.check = None
        self.summary = None
        self.summary_on_disk = -1
        self.listed = None
        self.db.storage.invalidate()
        self.summary_db.storage.invalidate()
        for db in self._cands.values():
            db.storage.invalidate()


def head_changed(old: GroupState, new: GroupState) -> bool:
    return any(getattr(new, name) is not getattr(old, name) for name in HEAD_FIELDS)


def changed_cells(old: GroupState, new: GroupState) -> set[str]:
    if new.cells is old.cells:
        return set()
    return {nr for nr, row in new.cells.items() if row is not old.cells.get(nr)}
