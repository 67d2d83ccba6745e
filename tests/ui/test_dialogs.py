"""Remarks, error reports for the Examenloket, help and the command palette."""

from __future__ import annotations

import json

from textual.command import CommandPalette
from textual.widgets import Input, OptionList, RadioSet, TextArea

from cspe_tui.store import Settings
from cspe_tui.ui.screens.confirm import ConfirmScreen
from cspe_tui.ui.screens.help import HelpScreen
from cspe_tui.ui.screens.melding import MeldingScreen
from cspe_tui.ui.screens.remarks import RemarksScreen

from .conftest import ACHTERAF, EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import candidate_row, open_group, score_cells, screen_text, status


def _dialog_text(pilot) -> str:
    return "\n".join(str(w.render()) for w in pilot.app.screen.query("Static"))


async def test_remark_on_a_criterium_is_written_answered_and_resolved(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A1.2")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, RemarksScreen)
        assert "Nog geen opmerkingen" in _dialog_text(pilot)
        await pilot.press(*"Foto te donker")
        await pilot.press("enter")
        await pilot.pause()
        assert "Opmerking geplaatst." in _dialog_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert score_cells(pilot, "A1.2")[3] == " *"
        assert "*" in candidate_row(pilot, "1001").split("│")[1]
        assert "Opmerking van jansen" in screen_text(pilot)
    remarks = data.store(TWEEDE).load_group(GELIJK).remarks
    assert [(r.author, r.criterium, r.text, r.open) for r in remarks] == [("jansen", "A1.2", "Foto te donker", True)]

    other = data.app(TWEEDE)
    async with other.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A1.2")
        await pilot.press("o")
        await pilot.pause()
        dialog = other.screen
        assert isinstance(dialog, RemarksScreen)
        dialog.query_one(OptionList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert dialog.query_one(RadioSet).pressed_button.id == "kind-antwoord"
        await pilot.press(*"Klopt, herkansen")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        text = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        assert "opgelost" in text
        assert "> de_vries, 12-05" in text
        assert "Opgelost door de_vries, 12-05" in text
        await pilot.press("escape")
        await pilot.pause()
        assert score_cells(pilot, "A1.2")[3] == ""
    remark = data.store(EXAMINATOR).load_group(GELIJK).remarks[0]
    assert [r.text for r in remark.replies] == ["Klopt, herkansen"]
    assert remark.resolved_by == TWEEDE


async def test_remark_on_the_whole_candidate(data: Data) -> None:
    app = data.app(TWEEDE)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#kind-kandidaat").value = True
        app.screen.query_one("#remark-text", Input).focus()
        await pilot.press(*"Was ziek", "enter", "escape")
        await pilot.pause()
        assert "*" in candidate_row(pilot, "1001").split("│")[1]
    remark = data.store(TWEEDE).load_group(ACHTERAF).remarks[0]
    assert (remark.criterium, remark.text) == (None, "Was ziek")


async def test_an_empty_remark_is_refused(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("o", "enter")
        await pilot.pause()
        assert "Typ eerst een tekst." in _dialog_text(pilot)
    assert data.store(EXAMINATOR).load_group(GELIJK).remarks == []


async def test_melding_attaches_to_the_model_and_every_group_shows_it(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, MeldingScreen)
        assert "HBR kb 2026 rood onderdeel A" in _dialog_text(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Beschrijf eerst" in _dialog_text(pilot)
        dialog.query_one(TextArea).insert("Recept noemt 12 stappen, model telt er 11.")
        dialog.query_one(RadioSet).query("RadioButton").first().value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert score_cells(pilot, "A2.1")[3] == "  M"
        assert "Fout bij A2.1 gemeld" in status(pilot)
        await pilot.press("0")
        await pilot.pause()
        assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A2.1").examinator == 0
    meldingen = data.store(TWEEDE).meldingen(data.model_key)
    assert [(m.criterium, m.opdracht, m.moment, m.gevonden_door) for m in meldingen] == [
        ("A2.1", "A2", "voor de afname", EXAMINATOR)
    ]
    other = data.app(TWEEDE)
    async with other.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        screen._go("1001", "A2.1")
        await pilot.pause()
        assert score_cells(pilot, "A2.1")[3] == "  M"
        assert "Fout gemeld door jansen (voor de afname" in screen_text(pilot)


async def test_help_lists_the_bindings_with_the_users_keymap(data: Data) -> None:
    settings_file = data.path / "settings.json"
    settings = Settings.model_validate(json.loads(settings_file.read_text()))
    settings.keymap = {"overnemen": "b"}
    data.store(SECRETARIS).save_settings(settings)
    score_all(data.store(EXAMINATOR), ACHTERAF, "1001", [1, 3, 2, 10, 3, 2, 2, 1])
    app = data.app(TWEEDE)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        assert "b Overnemen" in screen_text(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = {a.id: a for a in app.screen.actions}
        assert rows["overnemen"].keys == ["b"]
        assert rows["alles-overnemen"].keys == ["A"]
        assert rows["cijfer-0"].keys == [str(d) for d in range(10)]
        assert rows["omlaag"].keys == ["↓", "j"]
        assert {"help", "palet", "stoppen", "volgend-verschil", "fout-melden", "afwezig"} <= set(rows)
        assert "Alles overnemen" in screen_text(pilot)
        assert "Naar de volgende kandidaat; Naar de vorige" in screen_text(pilot)
        assert "keymap-id: volgende-kandidaat, vorige-kandidaat" in screen_text(pilot)
        assert "keymap-id: cijfer-0, …, cijfer-9" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("b")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A1.2"
    assert data.store(TWEEDE).load_group(ACHTERAF).cell("1001", "A1.1").vastgesteld == 1


async def test_every_binding_has_an_id_a_tooltip_and_a_dutch_description(data: Data) -> None:
    from cspe_tui.ui.bindings import bound_actions

    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        seen = {action.id: action for action in bound_actions(app.screen)}
        await open_group(pilot, GELIJK)
        seen.update({action.id: action for action in bound_actions(app.screen)})
        for screen_key in ("o", "f"):
            await pilot.press(screen_key)
            await pilot.pause()
            for node in [app.screen]:
                for _, binding in node._bindings:
                    assert binding.id and binding.tooltip and binding.description, binding
            await pilot.press("escape")
            await pilot.pause()
    for action in seen.values():
        assert action.tooltip, action.id
        assert action.description, action.id
    assert len(seen) >= 25


async def test_command_palette_runs_an_action(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert CommandPalette.is_open(app)
        await pilot.press(*"Afwezig")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        assert "1001" in str(app.screen.query_one("#confirm-question").render())


async def test_command_palette_opens_a_group_from_the_start_screen(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Open groep hbr-a-achteraf")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.group_id == ACHTERAF


async def test_arrows_choose_the_kind_of_remark_and_enter_does_what_it_says(data: Data) -> None:
    """shift+Tab, ↓↓ to 'Antwoord op de gekozen opmerking', Tab, text, Enter: an answer, not a new remark."""
    remark = data.store(TWEEDE).add_remark(GELIJK, "1001", None, "Was het schort schoon?")
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A1.1")
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RemarksScreen)
        await pilot.press("shift+tab", "down", "down")
        await pilot.pause()
        assert dialog.query_one(RadioSet).pressed_button.id == "kind-antwoord"
        await pilot.press("tab", *"Ja", "enter")
        await pilot.pause()
        assert "Antwoord geplaatst." in _dialog_text(pilot)
        await pilot.press("shift+tab", "up")
        await pilot.pause()
        assert dialog.query_one(RadioSet).pressed_button.id == "kind-kandidaat"
    remarks = data.store(EXAMINATOR).load_group(GELIJK).remarks
    assert [(r.id, [reply.text for reply in r.replies]) for r in remarks] == [(remark.id, ["Ja"])]
