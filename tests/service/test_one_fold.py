"""One fold per process through the service: the writer gets its entries in the answer, the others by push,
and the service sends on what it committed without reading its log back."""

from __future__ import annotations

import threading
import time

from cspe_tui.domain import commands as c
from cspe_tui.store import GroupScope

from .conftest import ME, Served
from .test_live import first_code


def test_the_committed_entries_go_to_the_writer_in_the_answer_and_to_the_others_by_push(served: Served, monkeypatch) -> None:
    writer, watcher = served.client(), served.client()
    gid = served.group_id
    code = first_code(writer, gid)
    cursor = writer.change_cursor(gid)
    watcher.change_cursor(gid)
    told: dict[str, list] = {"writer": [], "watcher": []}
    arrived = threading.Event()
    writer.add_entries_listener(lambda *args: told["writer"].append(args))
    watcher.add_entries_listener(lambda *args: (told["watcher"].append(args), arrived.set()))
    reads: list[int] = []
    store = served.service.store
    real = store.changes_since
    monkeypatch.setattr(store, "changes_since", lambda g, at: (reads.append(at), real(g, at))[1])

    committed = writer.execute(GroupScope(group_id=gid), None, c.SetScore(examennummer="1001", criterium=code, value=2))

    assert committed.start == cursor and committed.position > cursor
    assert [(e.login, e.event.new) for e in committed.entries] == [(ME, 2)]
    assert arrived.wait(10), "the push did not arrive"
    time.sleep(0.1)
    ((group_id, start, end, entries),) = told["watcher"]
    assert (group_id, start, end) == (gid, committed.start, committed.position)
    assert [e.hash for e in entries] == [e.hash for e in committed.entries]
    assert told["writer"] == []  # its own write came in the answer, not again by push
    assert reads == []  # the service sent what it committed; it did not read its log back
    assert writer.changes_since(gid, cursor) == (committed.position, list(committed.entries))
    writer.disconnect()
    watcher.disconnect()
