"""The app on a folder served by the cspe service: it scores through the socket and repaints on a push."""

from __future__ import annotations

import asyncio
import time

from textual.pilot import Pilot

from cspe_tui.ui.app import CspeApp
from tests.ui.pilot_helpers import open_group, score_cells, screen_text

from .conftest import ME, Served

SIZE = (120, 36)


async def wait_until(pilot: Pilot, condition, timeout: float = 10.0) -> None:
    """A liveness bound, not a speed goal (bench/service.py measures the push)."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"niet binnen {timeout} s:\n{screen_text(pilot)}")
        await pilot.pause(0.02)


def test_the_app_scores_through_the_service_and_shows_a_pushed_change_without_polling(served: Served) -> None:
    asyncio.run(_scores_and_sees_a_push(served))


async def _scores_and_sees_a_push(served: Served) -> None:
    client = served.client()
    other_terminal = served.client()
    app = CspeApp(client, poll_interval=3600)  # no polling: only the push can bring the change
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: f"ingelogd als {ME}" in screen_text(pilot))
        screen = await open_group(pilot, served.group_id)
        code = screen.state.model.criteria[0].code
        await pilot.press("1")
        await wait_until(pilot, lambda: score_cells(pilot, code)[0] == "1")
        assert other_terminal.load_group(served.group_id).cell("1000", code).examinator == 1
        second = screen.state.model.criteria[1].code
        other_terminal.set_score(served.group_id, "1000", second, 2)
        await wait_until(pilot, lambda: score_cells(pilot, second)[0] == "2")
    client.disconnect()
    other_terminal.disconnect()


def test_the_start_screen_shows_a_pushed_change_without_polling_or_r(served: Served) -> None:
    asyncio.run(_start_screen_sees_a_push(served))


async def _start_screen_sees_a_push(served: Served) -> None:
    from tests.ui.pilot_helpers import line_with

    client = served.client()
    other_terminal = served.client()
    app = CspeApp(client, poll_interval=3600)  # no polling: only the push can bring the change
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: served.group_id in screen_text(pilot))
        assert "* 1" not in line_with(pilot, served.group_id)  # Opm.
        await pilot.pause(0.3)  # the screen subscribes after its first frame
        other_terminal.add_remark(served.group_id, "1000", None, "Even overleggen")
        await wait_until(pilot, lambda: "* 1" in line_with(pilot, served.group_id))
    client.disconnect()
    other_terminal.disconnect()


def test_a_list_is_written_in_the_home_through_the_service(served: Served, monkeypatch, tmp_path) -> None:
    """The data folder is the service's alone: the cijferlijst goes where the examinator may write."""
    monkeypatch.setenv("HOME", str(tmp_path))
    asyncio.run(_cijferlijst_csv(served, tmp_path))


async def _cijferlijst_csv(served: Served, home) -> None:
    from cspe_tui.ui.screens.cijferlijst import CijferlijstScreen

    client = served.client()
    app = CspeApp(client, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: served.group_id in screen_text(pilot))
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CijferlijstScreen) and app.screen.lijst is not None)
        screen = app.screen
        await pilot.press("c")
        await wait_until(pilot, lambda: bool(screen.written))
        [written] = screen.written
        assert written.parent == home / "cspe-export" / "cijferlijsten"
        assert "1000" in written.read_bytes().decode("utf-8-sig")
        assert "Export mislukt" not in screen_text(pilot)
    client.disconnect()
