"""Work that can wait runs between keys: the cycle collector, and the look at the other's changes."""

from __future__ import annotations

import gc

from cspe_tui.ui.pacing import IdleCollector, KeyClock

from .conftest import EXAMINATOR, GELIJK, SIZE, Data
from .pilot_helpers import open_group


def test_collection_waits_for_a_pause_in_the_typing() -> None:
    keys = KeyClock()
    collector = IdleCollector(keys)
    collector.start()
    try:
        assert not gc.isenabled()
        garbage = [[] for _ in range(5000)]
        for item in garbage:
            item.append(item)
        del garbage, item
        keys.pressed()
        before = gc.get_count()[0]
        collector.tick()
        assert gc.get_count()[0] >= before, "collected while keys were coming in"
        keys.last -= IdleCollector.QUIET_SECONDS
        collector.tick()
        assert gc.get_count()[0] < before
    finally:
        collector.stop()
    assert gc.isenabled()


async def test_the_app_gives_collection_back_when_it_ends(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.pause(0.2)
        assert not gc.isenabled()
        assert gc.get_freeze_count() > 0, "the open group's objects are left out of later collections"
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
