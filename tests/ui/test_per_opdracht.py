"""Per opdracht: one opdracht across the candidates, scored across then down, in step with the per-candidate view."""

from __future__ import annotations

from .conftest import EXAMINATOR, GELIJK, TWEEDE, Data, score_all
from .pilot_helpers import candidate_row, line_with, open_group, screen_text
from .test_typeahead import burst


async def test_scores_fill_in_across_then_down_and_w_keeps_the_position(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        await pilot.press("w")
        await pilot.pause()
        assert "A2.1  A2.2  A2.3" in line_with(pilot, "Naam")
        await burst(pilot, "1", "1", "3", "2", "9", "2")
        assert screen.current == "1002" and screen.criteria.cursor_code == "A2.3"
        assert candidate_row(pilot, "1001").rstrip("│ ").split()[-4:] == ["11", "3", "2", "16"]
        assert candidate_row(pilot, "1002").rstrip("│ ").split()[-5:] == ["2", "[", "-", "]", "≥11"]
        await pilot.press("w")
        await pilot.pause()
        assert "Criterium" in screen_text(pilot)
        assert screen.current == "1002" and screen.criteria.cursor_code == "A2.3"
    state = data.store(EXAMINATOR).load_group(GELIJK)
    assert [state.cell("1002", c).examinator for c in ("A2.1", "A2.2", "A2.3")] == [9, 2, None]


async def test_marks_and_live_changes_show_in_the_grid(data: Data) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    score_all(first, GELIJK, "1001", [1, 3, 2, 11, 3, 2, 2, 1])
    score_all(second, GELIJK, "1001", [1, 3, 2, 10, 3, 2, 2, 1])
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        await pilot.press("w")
        await pilot.pause()
        assert "11!" in candidate_row(pilot, "1001")
        await pilot.press("a")
        await pilot.pause()
        assert "!" not in candidate_row(pilot, "1001").split("Yılmaz")[1]
        second.set_score(GELIJK, "1003", "A2.2", 1)
        first.set_score(GELIJK, "1003", "A2.1", 4)
        screen._poll()
        for _ in range(50):
            await pilot.pause(0.05)
            if "4" in candidate_row(pilot, "1003").split("Mai")[1]:
                break
        assert candidate_row(pilot, "1003").rstrip("│ ").split()[-4:-1] == ["4", "-", "-"]
