"""A keypress repaints the rows it changed, not the table: the guard for 300 x 60 staying within a frame."""

from __future__ import annotations

from collections import Counter

import pytest
from textual.screen import Screen

from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.ui.widgets.candidate_list import CandidateList
from cspe_tui.ui.widgets.criteria_table import CriteriaTable

from .conftest import ACHTERAF, EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import candidate_row, line_with, open_group, screen_text

BIG = "groot"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counts: Counter = Counter()
    for widget in (CandidateList, CriteriaTable):
        original = widget.row_segments

        def counting(self, row, width, base, cursor, _original=original, _name=widget.__name__):
            counts[_name] += 1
            return _original(self, row, width, base, cursor)

        monkeypatch.setattr(widget, "row_segments", counting)
    return counts


async def test_a_digit_repaints_a_few_rows_and_switching_candidate_keeps_the_list(data: Data, rendered: Counter) -> None:
    secretaris = data.store(SECRETARIS)
    people = [Candidate(examennummer=str(5000 + i), naam=f"Kandidaat {i}") for i in range(200)]
    secretaris.create_group(data.model_key, people, EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG, group_id=BIG)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, BIG)
        await pilot.pause()
        rendered.clear()
        await pilot.press("1")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A1.2"
        assert rendered["CandidateList"] == 1
        assert rendered["CriteriaTable"] <= 3
        rendered.clear()
        await pilot.press("n")
        await pilot.pause()
        assert screen.current == "5001"
        assert rendered["CandidateList"] == 2
        assert rendered["CriteriaTable"] <= len(screen.criteria.rows)
        rendered.clear()
        await pilot.press("j")
        await pilot.pause()
        assert rendered == Counter({"CriteriaTable": 2})


@pytest.fixture
def frames(monkeypatch: pytest.MonkeyPatch) -> Counter:
    """Frames painted per screen class: a key must change the screen once, not twice."""
    counts: Counter = Counter()
    original = Screen._compositor_refresh

    def counting(self: Screen) -> None:
        counts[type(self).__name__] += 1
        original(self)

    monkeypatch.setattr(Screen, "_compositor_refresh", counting)
    return counts


async def test_a_digit_an_arrow_and_next_candidate_each_give_one_frame(data: Data, frames: Counter) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.pause(0.3)
        for key, check in (
            ("1", lambda: screen.criteria.cursor_code == "A1.2"),
            ("down", lambda: screen.criteria.cursor_code == "A1.3"),
            ("up", lambda: screen.criteria.cursor_code == "A1.2"),
            ("n", lambda: screen.current == "1002"),
        ):
            frames.clear()
            await pilot.press(key)
            await pilot.pause(0.3)
            assert check(), key
            assert frames["ScoringScreen"] == 1, f"{key}: {frames['ScoringScreen']} frames"
            assert screen.criteria.cursor_code in str(screen.query_one("#detail").render()), key


async def test_own_and_other_writes_are_folded_without_reloading_the_group(
    data: Data, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = data.app(EXAMINATOR, poll_interval=0.05)
    tweede = data.store(TWEEDE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        loads: list[str] = []
        for name in ("load_group", "load_group_at"):
            original = getattr(app.store, name)
            monkeypatch.setattr(
                app.store, name, lambda *args, _name=name, _original=original: loads.append(_name) or _original(*args)
            )
        await pilot.press("1", "3")
        tweede.set_score(GELIJK, "1001", "A1.1", 0)
        tweede.set_score(GELIJK, "1002", "A1.1", 1)
        for _ in range(100):
            if screen.state.cell("1002", "A1.1").tweede == 1:
                break
            await pilot.pause(0.05)
        await pilot.press("0")
        await pilot.pause(0.2)
        assert loads == []
        stored = data.store(EXAMINATOR).load_group(GELIJK)
        assert screen.state.cells == stored.cells
        assert screen.state.cell("1001", "A1.3").examinator == 0
        assert "3/8" in candidate_row(pilot, "1001")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_other_examinators_scores_repaint_the_open_group_not_the_start_screen_below(
    data: Data, frames: Counter, size: tuple[int, int]
) -> None:
    """The start screen under an open group takes no live news (the way back reads it again): in Textual the
    screen below is redrawn on any message it handles, and then the open group was repainted whole each time."""
    app = data.app(EXAMINATOR, poll_interval=0.05)
    tweede = data.store(TWEEDE)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        before = line_with(pilot, ACHTERAF)
        screen = await open_group(pilot, GELIJK)
        await pilot.pause(0.3)
        for n, value in enumerate((1, 0, 1)):
            frames.clear()
            tweede.set_score(GELIJK, "1002", "A1.1", value)
            if n == 0:
                score_all(tweede, ACHTERAF, "1002", [1, 3, 2, 10, 3, 2, 2, 1])
            for _ in range(100):
                if screen.state.cell("1002", "A1.1").tweede == value:
                    break
                await pilot.pause(0.05)
            await pilot.pause(0.3)
            assert screen.state.cell("1002", "A1.1").tweede == value
            assert frames["StartScreen"] == 0, f"write {n}: {frames}"
        await pilot.press("escape")
        await pilot.pause(0.3)
        after = line_with(pilot, ACHTERAF)
        assert after != before and "1/4" in after and "1/4" not in before, screen_text(pilot)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_escape_back_from_a_group_paints_the_start_screen_once(
    data: Data, frames: Counter, size: tuple[int, int]
) -> None:
    """Textual laid the app out again once the group's screen was removed: the same full frame twice."""
    app = data.app(EXAMINATOR, poll_interval=3600)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        start = app.screen
        await open_group(pilot, GELIJK)
        await pilot.press("1")
        await pilot.pause(0.3)
        frames.clear()
        await pilot.press("escape")
        await pilot.pause(0.3)
        assert app.screen is start
        assert "open" in line_with(pilot, GELIJK)
        assert frames["StartScreen"] == 1, frames
