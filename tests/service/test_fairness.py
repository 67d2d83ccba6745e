"""Fairness: writes first on the writer's thread, reads elsewhere, and whoever floods slows only themselves."""

from __future__ import annotations

import asyncio
import threading

from cspe_tui.service.lanes import WriterLane
from cspe_tui.service.limits import Pacer

from .conftest import Served
from .test_protocol import ask, raw


def test_a_write_goes_before_subscribes_already_waiting() -> None:
    lane = WriterLane()
    gate = threading.Event()
    done: list[str] = []
    lane.submit(gate.wait)
    later = [lane.later(done.append, f"subscribe {i}") for i in range(3)]
    write = lane.submit(done.append, "write")
    gate.set()
    write.result(10)
    for future in later:
        future.result(10)
    lane.shutdown()
    assert done == ["write", "subscribe 0", "subscribe 1", "subscribe 2"]


def test_reads_and_verify_are_answered_while_the_writer_is_busy(served: Served) -> None:
    """The writer holds the store (as during a commit); reads do not wait for it."""
    gate = threading.Event()
    store = served.service.store

    def commit() -> None:
        with store._mutex:
            gate.wait(30)

    busy = served.service.writer_pool.submit(commit)
    try:
        sock = raw(served)
        sock.settimeout(10)
        for what, args in (("group", {"group_id": served.group_id}), ("verify", {"group_id": served.group_id}),
                           ("log", {"group_id": served.group_id})):
            reply = ask(sock, {"id": 1, "op": "read", "what": what, "args": args})
            assert reply["ok"], reply
        assert not busy.done()
    finally:
        gate.set()


def test_a_user_past_their_share_waits_while_another_goes_at_once() -> None:
    async def run() -> tuple[float, float]:
        pacer = Pacer()
        pacer.charge("flooder", 0.4, 0.5)
        pacer.charge("flooder", 0.4, 0.5)
        return pacer.delay("flooder", 1.0), pacer.delay("examinator", 1.0)

    flooder, examinator = asyncio.run(run())
    assert 0.5 < flooder <= 0.6
    assert examinator == 0.0
