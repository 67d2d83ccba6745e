"""The correctiemodel editor through the pilot: keyboard only, problems at their place, saved and imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input

from cspe_tui.domain.validation import check_model_bytes
from cspe_tui.ui.screens.model_choice import ModelChoiceScreen
from cspe_tui.ui.screens.model_editor import ModelEditorScreen
from cspe_tui.ui.screens.start import StartScreen

from .conftest import EXAMINATOR, GELIJK, SECRETARIS, Data
from .pilot_helpers import line_with, screen_text

SMALL = (80, 24)


@pytest.fixture(autouse=True)
def _work_in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor proposes a file in the working folder; keep it in the test's folder."""
    monkeypatch.chdir(tmp_path)


async def _open_editor(pilot, choice_downs: int) -> ModelEditorScreen:
    await pilot.pause()
    await pilot.press("m")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ModelChoiceScreen)
    for _ in range(choice_downs):
        await pilot.press("down")
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ModelEditorScreen)
    return screen


async def _type_into(pilot, input_id: str, text: str) -> None:
    pilot.app.screen.query_one(f"#{input_id}", Input).focus()
    await pilot.pause()
    await pilot.press("ctrl+u", *text)
    await pilot.pause()


async def test_a_new_model_typed_at_80x24_shows_each_problem_at_its_field_then_saves_and_imports(data: Data, tmp_path):
    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open_editor(pilot, 0)
        for key, value in [("profielvak", "hbr"), ("leerweg", "kb"), ("jaar", "2026"), ("versie", "blauw"),
                           ("onderdeel", "C"), ("titel", "Banket")]:
            await _type_into(pilot, f"id-{key}", value)
        await _type_into(pilot, "row-nummer", "C1")
        await _type_into(pilot, "row-titel", "Taart")
        await _type_into(pilot, "row-soort", "praktisch")
        await _type_into(pilot, "row-code", "C1.1")
        await _type_into(pilot, "row-omschrijving", "De taart is gevuld.")
        await _type_into(pilot, "row-max", "2")
        await _type_into(pilot, "row-scorepunten", "0 t/m 3")
        assert "! Scorepunten (rij 1): scorepunten moeten lopen van 0 tot en met max 2" in screen_text(pilot)
        assert line_with(pilot, "C1.1").lstrip().startswith(">!")
        assert "!Scorepunten" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ModelEditorScreen)
        assert not list(tmp_path.glob("HBR*.json"))
        await pilot.press("ctrl+u", *"0, 2")
        await pilot.press("ctrl+n")
        await pilot.press(*"C1.2", "tab", *"3")
        await pilot.pause()
        assert "! Omschrijving (rij 2): de cel is leeg; vul hem in" in screen_text(pilot)
        await _type_into(pilot, "row-omschrijving", "De room is stijf.")
        text = screen_text(pilot)
        assert "Opdracht C1: 5 punten · onderdeel C: 5 punten" in text
        assert screen.query_one("#ed-bestand", Input).value == str(tmp_path / "HBR-kb-2026-blauw-C.json")
        assert "Geen problemen" in text
        assert "Opslaan en inlezen" in text.splitlines()[-1]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert screen.dirty is False
    saved = tmp_path / "HBR-kb-2026-blauw-C.json"
    model = check_model_bytes(saved.read_bytes()).model
    assert [(c.code, c.max, c.scorepunten) for c in model.criteria] == [("C1.1", 2, [0, 2]), ("C1.2", 3, None)]
    assert data.store(SECRETARIS).model(model.key).content_hash() == model.content_hash()


async def test_a_model_in_use_is_only_copied_and_the_copy_needs_its_own_identity(data: Data, tmp_path):
    original = data.store(SECRETARIS).model(data.model_key)
    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("m")
        await pilot.pause()
        prompt = str(app.screen.query_one("#model-choice").get_option_at_index(1).prompt)
        assert prompt.startswith("Kopie van HBR kb 2026 rood onderdeel A (8 criteria; in gebruik door ")
        assert GELIJK in prompt and "in gebruik door" in screen_text(pilot)
        await pilot.press("escape")
        await _open_editor(pilot, 1)
        assert "Kopie van HBR kb 2026 rood onderdeel A (het origineel in gebruik, blijft" in screen_text(pilot)
        await _type_into(pilot, "row-max", "4")
        await _type_into(pilot, "id-versie", "rood")
        assert "!Versie" in screen_text(pilot)
        assert "er is al een ander correctiemodel ingelezen" in screen_text(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ModelEditorScreen)
        await pilot.press("ctrl+u", *"blauw")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    store = data.store(SECRETARIS)
    assert store.model(data.model_key).content_hash() == original.content_hash()
    copies = [m for k, m in store.models().items() if k.versie == "blauw"]
    assert [c.criterium("A1.1").max for c in copies] == [4]
    assert json.loads((tmp_path / "HBR-kb-2026-blauw-A.json").read_text(encoding="utf-8"))["examen"]["versie"] == "blauw"


async def test_up_and_down_walk_the_criteria_in_the_same_field(data: Data):
    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open_editor(pilot, 1)
        await _type_into(pilot, "row-code", "A1.1")
        await pilot.press("down", "down", "down")
        await pilot.pause()
        assert screen.query_one("#row-code", Input).value == "A2.1"
        assert app.focused.id == "row-code"
        assert line_with(pilot, "A2.1").lstrip().startswith(">")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert "A2.1" not in screen_text(pilot)
        assert "Opdracht A2: 5 punten" in screen_text(pilot)


async def test_leaving_with_changes_asks_first_and_keeps_them_on_no(data: Data):
    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open_editor(pilot, 1)
        await _type_into(pilot, "row-omschrijving", "Anders")
        await pilot.press("escape")
        await pilot.pause()
        assert "niet opgeslagen" in screen_text(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one("#row-omschrijving", Input).value == "Anders"


async def test_an_examinator_cannot_open_the_editor(data: Data):
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("m")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        assert "Correctiemodel" not in screen_text(pilot).splitlines()[-1]


def _editor_snapshot(data: Data, snap_compare, size: tuple[int, int]) -> bool:
    async def run_before(pilot) -> None:
        await _open_editor(pilot, 1)
        screen = pilot.app.screen
        await _type_into(pilot, "id-versie", "blauw")
        screen.query_one("#ed-bestand", Input).value = "HBR-kb-2026-blauw-A.json"
        await pilot.press("down", "down")
        await _type_into(pilot, "row-scorepunten", "0 of 2")
        for widget in screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    return snap_compare(data.app(SECRETARIS, poll_interval=60), terminal_size=size, run_before=run_before)


def test_snapshot_editor_80x24(data: Data, snap_compare) -> None:
    assert _editor_snapshot(data, snap_compare, SMALL)


def test_snapshot_editor_120x36(data: Data, snap_compare) -> None:
    assert _editor_snapshot(data, snap_compare, (120, 36))


async def test_keys_in_one_burst_land_in_the_field_and_row_they_were_typed_for(data: Data):
    """Over SSH a fast typist's keys arrive together; each letter must still go where it was typed."""
    from textual import events

    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open_editor(pilot, 1)
        screen.query_one("#row-toelichting", Input).focus()
        await pilot.pause()
        keys = [*"aa", "down", *"bb", "down", *"cc", "shift+tab", *"X", "up", *"d", "down", *"e"]
        for key in keys:
            character = key if len(key) == 1 else None
            app.post_message(events.Key(key, character))
        for _ in range(10):
            await pilot.pause()
        toelichting = [row[7] for row in screen.rows[:3]]
        assert toelichting == ["aa", "3: alles goed; 1: één fout; 0: twee of meer fouten.bb", "cc"]
        # shift+tab selects the omschrijving of row 3, so X replaces it (as in a spreadsheet)
        assert [row[4] for row in screen.rows[1:3]] == ["De kandidaat werkt hygiënisch en veilig.d", "Xe"]
        assert screen.current == 2 and app.focused.id == "row-omschrijving"


async def test_leaving_with_changes_on_yes_brings_back_a_start_screen_that_answers_keys(data: Data):
    """The confirm callback once returned pop_screen()'s awaitable, and awaiting it froze the app for good."""
    from cspe_tui.ui.screens.help import HelpScreen

    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        await _open_editor(pilot, 0)
        await _type_into(pilot, "id-profielvak", "HBR")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_tab_follows_the_screen_and_the_focused_field_is_marked_with_a_sign(data: Data):
    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        await _open_editor(pilot, 1)
        assert "> Profielvak" in screen_text(pilot)
        order = []
        for _ in range(9):
            await pilot.press("tab")
            await pilot.pause()
            order.append(app.focused.id)
        assert order == ["id-leerweg", "id-jaar", "id-versie", "id-onderdeel", "id-titel", "id-richttijd_minuten",
                         "row-nummer", "row-titel", "row-soort"]
        text = screen_text(pilot)
        assert "> Soort" in text and "> Profielvak" not in text and "  Profielvak" in text
        for _ in range(6):
            await pilot.press("tab")
        await pilot.pause()
        assert app.focused.id == "ed-bestand"  # the file name below the rows, last before saving
        assert "> Bestand" in screen_text(pilot)


async def test_a_bad_file_name_is_flagged_as_it_is_typed_and_nothing_is_saved(data: Data, tmp_path):
    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        screen = await _open_editor(pilot, 1)
        await _type_into(pilot, "id-versie", "blauw")
        await _type_into(pilot, "ed-bestand", "A1.5")
        text = screen_text(pilot)
        assert ">!Bestand" in text
        assert "! Bestand: de bestandsnaam A1.5 moet op .json eindigen" in text
        assert "! 1 probleem: Bestand" in text
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        await _type_into(pilot, "ed-bestand", str(tmp_path / "nergens" / "x.json"))
        problems = str(screen.query_one("#ed-problems").content)
        assert f"! Bestand: de map {tmp_path / 'nergens'} bestaat niet" in problems
    assert not list(tmp_path.glob("A1.5*")) and not (tmp_path / "nergens").exists()
    assert [k for k in data.store(SECRETARIS).models() if k.versie == "blauw"] == []


async def test_an_identity_problem_names_its_field_and_what_is_wrong(data: Data):
    app = data.app(SECRETARIS)
    async with app.run_test(size=SMALL) as pilot:
        await _open_editor(pilot, 1)
        await _type_into(pilot, "id-jaar", "20x6")
        await _type_into(pilot, "row-code", "A1.1")
        text = screen_text(pilot)
        assert "identiteit" not in text
        summary = line_with(pilot, "probleem")
        assert "Jaar" in summary
        problem = line_with(pilot, "! Jaar: ")
        assert len(problem.split("! Jaar: ", 1)[1].strip()) > 5  # says what is wrong, not only where
