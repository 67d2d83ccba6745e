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
