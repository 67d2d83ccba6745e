"""Keys that arrive together (as over SSH) act in the order they were typed, on every screen.

The keys are posted to the app all at once, without waiting between them, which is
how a burst from the terminal reaches Textual.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.pilot import Pilot

from cspe_tui.domain.group import Werkwijze
from cspe_tui.ui.screens.scoring import ScoringScreen

from .conftest import CANDIDATES, EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data
from .pilot_helpers import criterium_line, open_group, score_cells

CHARACTERS = {"enter": "\r", "down": None, "up": None, "escape": "\x1b", "tab": "\t", "backspace": "\x7f"}


async def burst(pilot: Pilot, *keys: str) -> None:
    """Post every key before any is handled, then let the app work through them."""
    for key in keys:
        pilot.app.post_message(events.Key(key, CHARACTERS.get(key, key if len(key) == 1 else None)))
    for _ in range(6):
        await pilot.pause()


async def test_down_down_enter_together_opens_the_third_group(data: Data) -> None:
    secretaris = data.store(SECRETARIS)
    secretaris.create_group(
        data.model_key, CANDIDATES, EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG, group_id="hbr-a-zzz", confirmed=True
    )
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await burst(pilot, "down", "down", "enter")
        assert isinstance(app.screen, ScoringScreen)
        assert app.screen.group_id == "hbr-a-zzz"


async def test_scores_typed_ahead_land_on_their_own_criteria(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await burst(pilot, "1", "3", "2", "1", "1", "3")
        assert [score_cells(pilot, code)[0] for code in ("A1.1", "A1.2", "A1.3", "A2.1", "A2.2")] == [
            "1", "3", "2", "11", "3",
        ]


async def test_n_and_l_typed_with_tab_in_one_burst_land_in_their_own_fields(data: Data) -> None:
    """`1,3 Tab 26` at once: Tab moves the focus before the digits after it are handed to a field."""
    from textual.widgets import Input

    from cspe_tui.ui.screens.cijferlijst import NormeringDialog

    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "c", "n")
        dialog = app.screen
        assert isinstance(dialog, NormeringDialog)
        await burst(pilot, "1", ",", "3", "tab", "2", "6", "shift+tab", "0", ",", "9")
        assert dialog.query_one("#normering-nterm", Input).value == "0,9"  # Shift+Tab selects the field's text
        assert dialog.query_one("#normering-lengte", Input).value == "26"


async def test_csv_name_enter_and_examinator_in_one_burst_fill_their_own_fields(data: Data, tmp_path) -> None:
    """Enter in the candidates field reads the file and moves on; the login typed right after it follows."""
    from textual.widgets import Input

    from cspe_tui.ui.screens.new_group import NewGroupScreen

    csv = tmp_path / "klas.csv"
    csv.write_text("examennummer;naam\n2001;Lotte Visser\n", encoding="utf-8")
    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await burst(pilot, "n")
        dialog = app.screen
        assert isinstance(dialog, NewGroupScreen)
        await pilot.press("enter")  # the list of models opens
        await pilot.pause()
        # A model chosen in the list, Tab, the file, Enter, the logins: the list gives the focus back to its
        # select box by a message of its own, and Tab waits for that too.
        await burst(pilot, "down", "enter", "tab", *str(csv), "enter", *"jansen", "tab", *"de_vries")
        assert dialog.query_one("#ng-model").value == sorted(dialog.models, key=lambda k: k.label())[0]
        assert dialog.query_one("#ng-csv", Input).value == str(csv)
        assert dialog.query_one("#ng-examinator", Input).value == "jansen"
        assert dialog.query_one("#ng-tweede", Input).value == "de_vries"


async def test_enter_on_a_remark_and_the_answer_typed_at_once_post_the_answer(data: Data) -> None:
    from textual.widgets import OptionList

    from cspe_tui.ui.screens.remarks import RemarksScreen

    remark = data.store(TWEEDE).add_remark(GELIJK, "1001", None, "Schort vergeten?")
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await burst(pilot, "o")
        dialog = app.screen
        assert isinstance(dialog, RemarksScreen)
        dialog.query_one(OptionList).focus()
        await pilot.pause()
        await burst(pilot, "enter", *"Nee", "enter")
    stored = next(r for r in data.store(EXAMINATOR).load_group(GELIJK).remarks if r.id == remark.id)
    assert [reply.text for reply in stored.replies] == ["Nee"]


async def test_two_digits_typed_right_after_w_land_in_the_grid_as_one_score(data: Data) -> None:
    """`w 1 1 3` at once: the focus is on the grid before the digits look for their table, so 11 is one score."""
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        await burst(pilot, "w", "1", "1", "3")
        assert screen.focused is screen.grid
        assert screen.grid.position == ("1001", "A2.3")
    state = data.store(EXAMINATOR).load_group(GELIJK)
    assert (state.cell("1001", "A2.1").examinator, state.cell("1001", "A2.2").examinator) == (11, 3)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_score_typed_in_the_candidate_list_lands_in_the_criteria_in_order(data: Data, size) -> None:
    """K shows the candidate list with the focus on it (over the criteria at 80 columns; at 120 it is shown
    already, so K hides it and K again brings the focus); digits typed there are not lost: the criteria
    table takes the focus and the scores, in the order typed."""
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=size) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press(*("K" if size[0] < 100 else "KK"))
        await pilot.pause()
        assert app.focused is screen.candidates
        await pilot.press("1", "3", "2")
        await pilot.pause()
        assert app.focused is screen.criteria
        assert not screen.has_class("-show-candidates")
        assert [criterium_line(pilot, code).split()[-4] for code in ("A1.1", "A1.2", "A1.3")] == ["1", "3", "2"]
    state = data.store(TWEEDE).load_group(GELIJK)
    assert [state.cell("1001", code).examinator for code in ("A1.1", "A1.2", "A1.3")] == [1, 3, 2]
