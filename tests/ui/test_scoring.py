"""The scoring screen: keys, refused scores, two-digit scores, navigation, hiding and agreeing."""

from __future__ import annotations

from cspe_tui.ui.screens.confirm import ConfirmScreen

from .conftest import ACHTERAF, CODES, EXAMINATOR, GELIJK, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import candidate_row, line_with, open_group, score_cells, screen_text, status

VALUES = [1, 3, 2, 10, 3, 2, 2, 1]


async def test_digit_scores_the_criterium_and_moves_on(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        assert screen.current == "1001"
        assert screen.criteria.cursor_code == "A1.1"
        await pilot.press("1", "3")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A1.3"
        assert score_cells(pilot, "A1.2") == ("3", "verborgen", "verborgen", "")
        assert "2/8" in candidate_row(pilot, "1001")
    cell = data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A1.2")
    assert (cell.examinator, cell.tweede, cell.vastgesteld) == (3, None, None)


async def test_a_score_the_criterium_does_not_allow_is_refused(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("1", "2")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A1.2"
        assert "2 mag niet bij A1.2: kies uit 0, 1, 3" in status(pilot)
        assert "!" in line_with(pilot, "mag niet")
        assert score_cells(pilot, "A1.2")[0] == "-"
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A1.2").examinator is None


async def test_two_digits_for_a_maximum_of_ten_or_more(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen.criteria.move_to_code("A2.1")
        await pilot.press("1")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A2.1"
        assert score_cells(pilot, "A2.1")[0] == "1_"
        assert "tweede cijfer" in status(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A2.2"
        assert score_cells(pilot, "A2.1")[0] == "11"
        screen.criteria.move_to_code("A2.1")
        await pilot.press("1", "enter")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A2.2"
        assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A2.1").examinator == 1
        screen.criteria.move_to_code("A2.1")
        await pilot.press("1", "5")
        await pilot.pause()
        assert "15 mag niet bij A2.1" in status(pilot)
        assert screen.criteria.cursor_code == "A2.1"
        await pilot.press("9")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A2.2"
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A2.1").examinator == 9


async def test_escape_drops_a_half_typed_score(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen.criteria.move_to_code("A2.1")
        await pilot.press("1", "escape")
        await pilot.pause()
        assert score_cells(pilot, "A2.1")[0] == "-"
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not screen
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A2.1").examinator is None


async def test_backspace_clears_your_score(data: Data) -> None:
    score_all(data.store(EXAMINATOR), GELIJK, "1001", VALUES)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A1.3")
        await pilot.press("backspace")
        await pilot.pause()
        assert "gewist" in status(pilot)
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A1.3").examinator is None


async def test_moving_between_criteria_and_candidates(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("down", "j", "j")
        assert screen.criteria.cursor_code == "A2.1"
        await pilot.press("k", "up")
        assert screen.criteria.cursor_code == "A1.2"
        await pilot.press("n", "n")
        await pilot.pause()
        assert screen.current == "1003"
        assert screen.candidates.cursor == 2
        assert screen.criteria.cursor_code == "A1.1"
        await pilot.press("p")
        await pilot.pause()
        assert screen.current == "1002"
        await pilot.press("tab", "down")
        await pilot.pause()
        assert screen.current == "1003"


async def test_next_unscored_goes_on_to_the_next_candidate(data: Data) -> None:
    examinator = data.store(EXAMINATOR)
    score_all(examinator, GELIJK, "1001", VALUES)
    for code, value in zip(CODES[:5], VALUES):
        examinator.set_score(GELIJK, "1002", code, value)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        assert (screen.current, screen.criteria.cursor_code) == ("1002", "A2.3")
        screen._go("1001", "A1.1")
        await pilot.press("l")
        await pilot.pause()
        assert (screen.current, screen.criteria.cursor_code) == ("1002", "A2.3")
        await pilot.press("2", "2", "1", "l")
        await pilot.pause()
        assert (screen.current, screen.criteria.cursor_code) == ("1003", "A1.1")


async def test_gelijktijdig_hides_the_other_column_until_you_scored_the_candidate(data: Data) -> None:
    score_all(data.store(TWEEDE), GELIJK, "1001", [1, 3, 2, 10, 3, 2, 2, 1])
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        assert score_cells(pilot, "A1.1") == ("-", "verborgen", "verborgen", "")
        assert "Tweede (verborgen)" in screen_text(pilot)
        await pilot.press("1", "3", "2", "1", "1", "3", "2", "2")
        await pilot.pause()
        assert score_cells(pilot, "A1.1")[1] == "verborgen"
        await pilot.press("1")
        await pilot.pause()
        assert score_cells(pilot, "A1.1") == ("1", "1", "1", "")
        assert score_cells(pilot, "A2.1") == ("11", "10", "-", "!")
        assert "!" in candidate_row(pilot, "1001")
        assert "Verschil: examinator 11, tweede examinator 10" not in screen_text(pilot)
        screen.criteria.move_to_code("A2.1")
        await pilot.pause()
        assert "Verschil: examinator 11, tweede examinator 10" in screen_text(pilot)


async def test_equal_scores_become_the_vastgestelde_score(data: Data) -> None:
    score_all(data.store(TWEEDE), GELIJK, "1001", VALUES)
    score_all(data.store(EXAMINATOR), GELIJK, "1001", VALUES)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        assert screen.current == "1002"
        await pilot.press("p")
        await pilot.pause()
        assert "✓" in candidate_row(pilot, "1001")
        assert line_with(pilot, "Vastgesteld   ").split()[-1] == "24"


async def test_accepting_the_other_score_and_seeing_who_set_it(data: Data) -> None:
    score_all(data.store(TWEEDE), GELIJK, "1001", [1, 3, 2, 10, 3, 2, 2, 1])
    score_all(data.store(EXAMINATOR), GELIJK, "1001", [1, 3, 2, 11, 3, 2, 2, 1])
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("d")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A2.1"
        await pilot.press("a")
        await pilot.pause()
        assert "A2.1 vastgesteld op 10" in status(pilot)
        assert score_cells(pilot, "A2.1") == ("11", "10", "10 (jij)", "")
        await pilot.press("d")
        await pilot.pause()
        assert "geen open verschillen" in status(pilot)
    cell = data.store(TWEEDE).load_group(GELIJK).cell("1001", "A2.1")
    assert (cell.vastgesteld, cell.vastgesteld_door) == (10, EXAMINATOR)
    other = data.app(TWEEDE)
    async with other.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        screen = pilot.app.screen
        screen._go("1001", "A2.1")
        await pilot.pause()
        assert score_cells(pilot, "A2.1") == ("11", "10", "10 jansen", "")
        assert "Vastgesteld op 10 door jansen" in screen_text(pilot)


async def test_setting_your_own_score_as_vastgesteld(data: Data) -> None:
    score_all(data.store(TWEEDE), GELIJK, "1001", [1, 3, 2, 10, 3, 2, 2, 1])
    score_all(data.store(EXAMINATOR), GELIJK, "1001", [1, 3, 2, 11, 3, 2, 2, 1])
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        await pilot.press("v")
        await pilot.pause()
        assert score_cells(pilot, "A2.1")[2] == "11 (jij)"
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A2.1").vastgesteld == 11


async def test_agreeing_is_refused_while_the_other_column_is_hidden(data: Data) -> None:
    score_all(data.store(TWEEDE), GELIJK, "1001", VALUES)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("a")
        await pilot.pause()
        assert "nog verborgen" in status(pilot)
        await pilot.press("1", "up", "v")
        await pilot.pause()
        assert "Scoor eerst alle criteria" in status(pilot)
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A1.1").vastgesteld is None


async def test_a_conflict_is_shown_and_the_row_refreshed(data: Data) -> None:
    tweede = data.store(TWEEDE)
    score_all(tweede, GELIJK, "1001", [1, 3, 2, 10, 3, 2, 2, 1])
    score_all(data.store(EXAMINATOR), GELIJK, "1001", [1, 3, 2, 11, 3, 2, 2, 1])
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        app.store.remove_entries_listener(app.pushed)  # the change must not have reached the screen yet
        tweede.set_score(GELIJK, "1001", "A2.1", 9)
        await pilot.press("a")
        await pilot.pause()
        assert "intussen veranderd" in status(pilot)
        assert score_cells(pilot, "A2.1") == ("11", "9", "-", "!")
        await pilot.press("a")
        await pilot.pause()
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A2.1").vastgesteld == 9


async def test_achteraf_the_tweede_sees_and_accepts_the_first_scores(data: Data) -> None:
    score_all(data.store(EXAMINATOR), ACHTERAF, "1001", VALUES)
    app = data.app(TWEEDE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        assert "verborgen" not in screen_text(pilot)
        assert screen.criteria.cursor_code == "A1.1"
        await pilot.press("a")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A1.2"
        await pilot.press("0")
        await pilot.pause()
        assert score_cells(pilot, "A1.2") == ("3", "0", "-", "!")
        await pilot.press("A")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert status(pilot) == "Akkoord met 6 scores van examinator jansen."
        assert "✓" not in candidate_row(pilot, "1001")
        screen._go("1001", "A1.2")
        await pilot.press("v")
        await pilot.pause()
        assert "✓" in candidate_row(pilot, "1001")
    state = data.store(TWEEDE).load_group(ACHTERAF)
    finals = [state.cell("1001", code).vastgesteld for code in CODES]
    assert finals == [1, 0, 2, 10, 3, 2, 2, 1]


async def test_accept_all_is_only_for_the_tweede_in_achteraf(data: Data) -> None:
    score_all(data.store(TWEEDE), GELIJK, "1001", VALUES)
    app = data.app(TWEEDE)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("A")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)


async def test_absent_candidate(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("n", "x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert "X" in candidate_row(pilot, "1002").split("│")[1]
        assert "afwezig" in screen_text(pilot)
        await pilot.press("1")
        await pilot.pause()
        assert "afwezig voor dit onderdeel" in status(pilot)
        assert data.store(EXAMINATOR).load_group(GELIJK).is_absent("1002")
        await pilot.press("x")
        await pilot.pause()
        assert screen.current == "1002"
    state = data.store(EXAMINATOR).load_group(GELIJK)
    assert not state.is_absent("1002")
    assert state.cell("1002", "A1.1").examinator is None
