"""The scoring screen's way into closing, and the start screen's way into the cijferlijst."""

from __future__ import annotations

from textual.widgets import OptionList

from cspe_tui.ui.screens.cijferlijst import CijferlijstScreen
from cspe_tui.ui.screens.closing import ClosingScreen
from cspe_tui.ui.screens.scoring import ScoringScreen

from .conftest import ACHTERAF, EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import line_with, open_group, screen_text

VALUES = [1, 3, 2, 10, 3, 2, 2, 1]


async def test_closing_lists_blockers_and_jumps_to_the_chosen_one(data: Data) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    for nr in ("1001", "1002", "1003", "1004"):
        score_all(first, ACHTERAF, nr, VALUES)
        score_all(second, ACHTERAF, nr, VALUES)
    second.set_score(ACHTERAF, "1003", "A2.2", 1)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert "1003" in screen_text(pilot)
        blockers = app.screen.query_one(OptionList)
        blockers.focus()
        blockers.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert (screen.current, screen.criteria.cursor_code) == ("1003", "A2.2")


async def test_closing_from_the_scoring_screen_makes_it_read_only(data: Data) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    for nr in ("1001", "1002", "1003", "1004"):
        score_all(first, ACHTERAF, nr, VALUES)
        score_all(second, ACHTERAF, nr, VALUES)
    second.declare(ACHTERAF)
    app = data.app(EXAMINATOR, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        await pilot.press("c", "v", "j")
        await pilot.pause()
        await pilot.press("s", "j")
        await pilot.pause()
        while not isinstance(app.screen, ScoringScreen):
            await pilot.press("escape")
            await pilot.pause()
        for _ in range(100):
            if screen.readonly:
                break
            await pilot.pause(0.1)
        assert screen.readonly
        assert "AFGESLOTEN" in screen_text(pilot)
    assert data.store(EXAMINATOR).load_group(ACHTERAF).closed


async def test_secretaris_has_no_closing_key(data: Data) -> None:
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("c")
        await pilot.pause()
        assert not isinstance(app.screen, ClosingScreen)


async def test_start_screen_opens_the_cijferlijst_of_the_chosen_groups_cspe(data: Data) -> None:
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(100):
            await pilot.pause(0.05)
            if "Openen" in screen_text(pilot):
                break
        assert "Cijferlijst" in line_with(pilot, "Openen")
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, CijferlijstScreen)
        assert app.screen.cspe == ("HBR", "kb", 2026)
