"""Following without the service: another process's write is told from a file notification, entries and all."""

from __future__ import annotations

import threading
import time

from cspe_tui.domain.commands import SetScore
from cspe_tui.store import GroupScope

from .helpers import EX, TW, as_user


def _wait(condition, timeout: float = 10.0) -> None:
    """A liveness bound, not a speed goal (that is bench/follow.py)."""
    start = time.monotonic()
    while not condition():
        assert time.monotonic() - start < timeout, "niet verteld"
        time.sleep(0.01)


def test_another_writer_is_told_with_its_entries_and_an_own_write_is_not(folder):
    told: list[tuple[str, int, int, list]] = []
    seen = threading.Event()

    def listener(group_id, start, end, entries):
        told.append((group_id, start, end, entries))
        seen.set()

    mine = folder.ex
    cursor, _ = mine.load_group_at(folder.group_id)
    mine.add_entries_listener(listener)
    try:
        time.sleep(0.2)  # the watcher is up
        own = mine.execute(GroupScope(group_id=folder.group_id), EX, SetScore(examennummer="1000", criterium="B1.1", value=1))
        assert own.start == cursor
        other = as_user(folder.data, TW).execute(
            GroupScope(group_id=folder.group_id), TW, SetScore(examennummer="1000", criterium="B1.1", value=2)
        )
        _wait(seen.is_set)
        time.sleep(0.2)
        assert [(g, s, e) for g, s, e, _ in told] == [(folder.group_id, own.position, other.position)]
        assert [(x.login, x.event.new) for x in told[0][3]] == [(TW, 2)]
    finally:
        mine.remove_entries_listener(listener)


def test_a_catch_up_across_another_write_parses_nothing_this_process_parsed_before(folder, monkeypatch):
    """A screen whose cursor is behind (the other examinator's write came in between) reads the gap from what
    the watcher already parsed and its own commit, not from the log a second time."""
    from cspe_tui.store import AuditEntry

    told = threading.Event()
    mine = folder.ex
    cursor, _ = mine.load_group_at(folder.group_id)
    listener = lambda *args: told.set()  # noqa: E731
    mine.add_entries_listener(listener)
    try:
        time.sleep(0.2)  # the watcher is up
        other = as_user(folder.data, TW).execute(
            GroupScope(group_id=folder.group_id), TW, SetScore(examennummer="1000", criterium="B1.1", value=2)
        )
        _wait(told.is_set)
        own = mine.execute(GroupScope(group_id=folder.group_id), EX, SetScore(examennummer="1001", criterium="B1.1", value=1))
        assert own.start == other.position != cursor
        parsed: list[bytes] = []
        real = AuditEntry.model_validate_json
        monkeypatch.setattr(AuditEntry, "model_validate_json", lambda line: (parsed.append(line), real(line))[1])
        end, entries = mine.changes_since(folder.group_id, cursor)
        assert (end, [(e.login, e.event.new) for e in entries]) == (own.position, [(TW, 2), (EX, 1)])
        assert parsed == []
    finally:
        mine.remove_entries_listener(listener)


def test_what_was_parsed_is_not_answered_from_a_log_cut_short_by_hand(folder):
    mine = folder.ex
    cursor = mine.change_cursor(folder.group_id)
    own = mine.execute(GroupScope(group_id=folder.group_id), EX, SetScore(examennummer="1000", criterium="B1.1", value=1))
    assert [e.event.new for e in mine.changes_since(folder.group_id, cursor)[1]] == [1]
    log = folder.data / "groups" / folder.group_id / "audit.jsonl"
    with log.open("r+b") as f:
        f.truncate(cursor)
    assert mine.changes_since(folder.group_id, cursor) == (cursor, [])
    assert own.position > cursor
