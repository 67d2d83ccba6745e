"""Small things an examinator runs into: fading messages, backspace, half-typed scores, Esc with text, quick replies."""

from __future__ import annotations

from textual.widgets import Checkbox, TextArea

from cspe_tui.ui.screens.confirm import ConfirmScreen
from cspe_tui.ui.screens.help import HelpScreen
from cspe_tui.ui.screens.melding import MeldingScreen
from cspe_tui.ui.screens.new_group import NewGroupScreen

from .conftest import EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data
from .pilot_helpers import open_group, score_cells, status


async def test_backspace_right_after_a_score_clears_the_score_just_given(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("1", "backspace")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A1.1"
        assert score_cells(pilot, "A1.1")[0] == "-"
        assert "gewist" in status(pilot)
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A1.1").examinator is None


async def test_a_half_typed_score_is_given_when_the_cursor_moves_on(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        await pilot.press("1", "down")
        await pilot.pause()
        assert score_cells(pilot, "A2.1")[0] == "1"
        assert "A2.1: 1 gegeven" in status(pilot)
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A2.1").examinator == 1


async def test_a_half_typed_score_is_given_on_quitting(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        await pilot.press("1", "q")
        await pilot.pause()
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A2.1").examinator == 1


async def test_status_messages_fade(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen.status.fade_seconds = 0.2
        await pilot.press("p")
        await pilot.pause()
        assert "eerste kandidaat" in status(pilot)
        await pilot.pause(0.5)
        assert status(pilot) == ""


async def test_escape_in_a_dialog_with_typed_text_asks_first(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#melding-text", TextArea).insert("Stap 7 ontbreekt.")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, MeldingScreen)
        assert "Stap 7" in app.screen.query_one("#melding-text", TextArea).text


async def test_an_open_remark_is_answered_with_o_text_and_enter(data: Data) -> None:
    remark = data.store(TWEEDE).add_remark(GELIJK, "1001", "A1.2", "Was het schort schoon?")
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A1.2")
        await pilot.press("o", *"Ja", "enter")
        await pilot.pause()
    stored = next(r for r in data.store(EXAMINATOR).load_group(GELIJK).remarks if r.id == remark.id)
    assert [reply.text for reply in stored.replies] == ["Ja"]


async def test_new_group_dialog_tab_brings_herkansing_into_view_at_80x24(data: Data) -> None:
    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGroupScreen)
        box = app.screen.query_one("#ng-herkansing", Checkbox)
        for _ in range(12):
            if app.focused is box:
                break
            await pilot.press("tab")
            await pilot.pause()
        assert app.focused is box
        assert 0 <= box.region.y and box.region.bottom <= 24 - 1
        assert app.screen.query_one("#ng-create").region.bottom <= 24 - 1


async def test_leaving_a_form_with_typed_text_on_yes_returns_to_a_screen_that_answers(data: Data) -> None:
    """A form dialog's confirm callback once returned dismiss()'s awaitable: Textual awaited it in the dialog."""
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#melding-text", TextArea).insert("Stap 7 ontbreekt.")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    assert data.store(EXAMINATOR).meldingen(data.model_key) == []


async def test_closing_remarks_with_typed_text_on_yes_returns_to_a_screen_that_answers(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        await pilot.press("o", *"Nog niet klaar", "escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    assert data.store(EXAMINATOR).load_group(GELIJK).remarks == []
