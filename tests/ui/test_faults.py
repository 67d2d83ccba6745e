"""A full disk while an examinator types: a Dutch message, nothing half-saved, the app goes on."""

from __future__ import annotations

import errno
import os

from .conftest import EXAMINATOR, GELIJK, SIZE, Data
from .pilot_helpers import open_group, score_cells, status


async def test_a_full_disk_refuses_the_score_says_why_and_keeps_the_app_usable(data: Data, monkeypatch) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("1")
        await pilot.pause()
        real_fsync = os.fsync

        def disk_full(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr("cspe_tui.store.fs.os.fsync", disk_full)
        await pilot.press("3")
        await pilot.pause()
        assert "De score is niet opgeslagen: de schijf is vol" in status(pilot)
        assert score_cells(pilot, "A1.2")[0] == "-"
        assert screen.criteria.cursor_code == "A1.2"

        monkeypatch.setattr("cspe_tui.store.fs.os.fsync", real_fsync)
        await pilot.press("3")
        await pilot.pause()
        assert score_cells(pilot, "A1.2")[0] == "3"
    state = data.store(EXAMINATOR).load_group(GELIJK)
    assert (state.cell("1001", "A1.1").examinator, state.cell("1001", "A1.2").examinator) == (1, 3)
    assert data.store(EXAMINATOR).verify(GELIJK).ok
    leftovers = [p.name for p in (data.path / "groups" / GELIJK).iterdir() if ".tmp-" in p.name]
    assert leftovers == []
