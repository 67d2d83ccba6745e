"""The scoring screen on both backends, at 80x24 and 120x40: a digit is written and shown, and the other
examinator's score arrives without polling (poll set to an hour)."""

from __future__ import annotations

import asyncio

import pytest

from cspe_tui.domain import commands as c
from cspe_tui.ui.app import CspeApp
from tests.service.test_app import wait_until
from tests.ui.pilot_helpers import criterium_line, open_group

from .conftest import Backend


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_a_digit_is_written_and_the_other_score_arrives(backend: Backend, size: tuple[int, int]) -> None:
    asyncio.run(_digit_and_push(backend, size))


async def _digit_and_push(backend: Backend, size: tuple[int, int]) -> None:
    app = CspeApp(backend.store, poll_interval=3600)
    async with app.run_test(size=size) as pilot:
        screen = await open_group(pilot, backend.group_id)
        screen._go("1001", "B1.1")
        await pilot.press("2")
        await wait_until(pilot, lambda: screen.state.cell("1001", "B1.1").examinator == 2)
        assert criterium_line(pilot, "B1.1").split()[:5] == ["B1.1", "Criterium", "1", "3", "2"]
        assert screen.criteria.cursor_code == "B1.2"
        await pilot.pause(0.2)  # the file watcher is up
        backend.other(c.SetScore(examennummer="1002", criterium="B1.1", value=3))
        await wait_until(pilot, lambda: screen.state.cell("1002", "B1.1").tweede == 3)
    assert backend.behind_state().cell("1001", "B1.1").examinator == 2
