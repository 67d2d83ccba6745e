"""The start screen: who you are, the groups you take part in, and a new group for the examensecretaris."""

from __future__ import annotations

from pathlib import Path

import pytest

from textual.widgets import Checkbox, Input, RadioSet, Select, Static

from cspe_tui.domain.group import Role, Werkwijze
from cspe_tui.present import signs
from cspe_tui.ui.screens.confirm import ConfirmScreen
from cspe_tui.ui.screens.new_group import NewGroupScreen
from cspe_tui.ui.screens.scoring import ScoringScreen

from .conftest import ACHTERAF, CANDIDATES, CODES, EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import line_with, open_group, screen_text


async def test_start_screen_shows_groups_progress_and_remarks(data: Data) -> None:
    tweede = data.store(TWEEDE)
    score_all(tweede, GELIJK, "1001", [1, 3, 2, 10, 3, 2, 2, 1])
    tweede.add_remark(GELIJK, "1002", "A1.2", "Graag samen nakijken.")
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "ingelogd als jansen" in screen_text(pilot)
        row = line_with(pilot, GELIJK)
        assert "HBR kb 2026 rood A" in row
        assert "gelijktijdig" in row
        assert "jansen (jij) 0/4" in row
        assert "de_vries 1/4" in row
        assert "* 1" in row
        assert "open" in row
        assert "achteraf" in line_with(pilot, ACHTERAF)


async def test_the_chosen_group_is_marked_with_a_sign_not_only_a_colour(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first, second = sorted([GELIJK, ACHTERAF])
        assert line_with(pilot, first).lstrip().startswith(f"> {first}")
        assert not line_with(pilot, second).lstrip().startswith(">")
        await pilot.press("down")
        await pilot.pause()
        assert line_with(pilot, second).lstrip().startswith(f"> {second}")
        assert not line_with(pilot, first).lstrip().startswith(">")
        assert "4" in line_with(pilot, second).split()


async def test_someone_outside_every_group_is_told_what_to_do(data: Data) -> None:
    app = data.app("pietje")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        text = screen_text(pilot)
        assert "pietje" in text
        assert "in geen enkele groep" in text
        await pilot.press("enter")
        assert not isinstance(app.screen, ScoringScreen)


async def test_examinator_cannot_start_a_new_group(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(app.screen, NewGroupScreen)
        assert "Nieuwe groep" not in screen_text(pilot)


async def test_secretaris_sees_every_group_and_opens_it_read_only(data: Data) -> None:
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "examensecretaris" in screen_text(pilot)
        screen = await open_group(pilot, GELIJK)
        assert screen.viewer.role is Role.SECRETARIS
        assert "alleen lezen" in screen_text(pilot)
        await pilot.press("1")
        await pilot.pause()
    assert data.store(SECRETARIS).load_group(GELIJK).cells == {}


def _write_csv(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


async def _fill_new_group(pilot, csv: Path, examinator: str, tweede: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, NewGroupScreen)
    select = screen.query_one("#ng-model", Select)
    select.value = next(iter(screen.models))
    screen.query_one("#ng-csv", Input).value = str(csv)
    screen.query_one("#ng-examinator", Input).value = examinator
    screen.query_one("#ng-tweede", Input).value = tweede
    await pilot.pause()


async def test_secretaris_creates_a_group_from_a_csv(data: Data, tmp_path: Path) -> None:
    csv = _write_csv(tmp_path / "klas.csv", "examennummer;naam\n2001;Lotte Visser\n2002;Ömer Çelik\n")
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _fill_new_group(pilot, csv, "visser", "smit")
        screen = app.screen
        werkwijze = screen.query_one("#ng-werkwijze", RadioSet)
        werkwijze.query("RadioButton").last().value = True
        screen.query_one("#ng-herkansing", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        # These candidates sat no first afname here (perhaps on paper): the herkansing rules ask first.
        assert isinstance(app.screen, ConfirmScreen)
        assert "in geen groep" in screen_text(pilot) and "herkansing volgt op de 1e afname" in screen_text(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert not isinstance(app.screen, (NewGroupScreen, ConfirmScreen))
        new_ids = set(data.store(SECRETARIS).group_ids()) - {GELIJK, ACHTERAF}
        assert len(new_ids) == 1
        new_id = new_ids.pop()
        assert new_id in screen_text(pilot)
        assert "visser 0/2" in line_with(pilot, new_id)
    state = data.store(SECRETARIS).load_group(new_id)
    assert [c.naam for c in state.candidates] == ["Lotte Visser", "Ömer Çelik"]
    assert (state.info.examinator, state.info.tweede) == ("visser", "smit")
    assert state.info.werkwijze is Werkwijze.ACHTERAF
    assert state.info.herkansing is True
    assert state.model.key == data.model_key


async def test_new_group_lists_csv_problems_and_creates_nothing(data: Data, tmp_path: Path) -> None:
    csv = _write_csv(tmp_path / "fout.csv", "examennummer,naam\n2001,Lotte\n2001,Ömer\n,Zonder nummer\n")
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _fill_new_group(pilot, csv, "visser", "smit")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, NewGroupScreen)
        result = str(app.screen.query_one("#ng-csv-result").content)
        assert "regel 3: examennummer 2001 staat ook op regel 2" in result
        assert "regel 4: geen examennummer" in result
        assert "nog niet in orde" in str(app.screen.query_one("#ng-status").content)
    assert set(data.store(SECRETARIS).group_ids()) == {GELIJK, ACHTERAF}


async def test_new_group_for_candidates_who_have_the_onderdeel_asks_first(data: Data, tmp_path: Path) -> None:
    # 1001 is in both groups of onderdeel A already; 2001 is new. The file lies in the data folder
    # and is typed without a folder.
    _write_csv(data.path / "inhaal.csv", "examennummer;naam\n1001;Şükrü Yılmaz\n2001;Lotte Visser\n")
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _fill_new_group(pilot, Path("inhaal.csv"), "visser", "smit")
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmScreen)
        question = str(dialog.query_one("#confirm-question", Static).content)
        assert f"al in groep {ACHTERAF} (rood, open): 1001 Şükrü Yılmaz." in question
        assert f"al in groep {GELIJK} (rood, open)" in question
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, NewGroupScreen)
        assert "Er is geen groep gemaakt" in str(app.screen.query_one("#ng-status").content)
        assert f"gelezen uit {data.path / 'inhaal.csv'}" in str(app.screen.query_one("#ng-csv-result").content)
        assert set(data.store(SECRETARIS).group_ids()) == {GELIJK, ACHTERAF}
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("j")
        await pilot.pause()
        assert not isinstance(app.screen, (NewGroupScreen, ConfirmScreen))
    assert set(data.store(SECRETARIS).group_ids()) == {GELIJK, ACHTERAF, "hbr-kb-2026-rood-a"}


async def test_new_group_needs_two_different_examinators(data: Data, tmp_path: Path) -> None:
    csv = _write_csv(tmp_path / "klas.csv", "examennummer;naam\n2001;Lotte Visser\n")
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await _fill_new_group(pilot, csv, "visser", "visser")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "verschillende mensen" in str(app.screen.query_one("#ng-status").content)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, NewGroupScreen)
    assert set(data.store(SECRETARIS).group_ids()) == {GELIJK, ACHTERAF}


async def test_closed_group_is_marked_and_opens_read_only(data: Data) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    values = [1, 3, 2, 10, 3, 2, 2, 1]
    for nr in ("1001", "1002", "1003", "1004"):
        score_all(first, ACHTERAF, nr, values)
        score_all(second, ACHTERAF, nr, values)
    first.declare(ACHTERAF)
    second.declare(ACHTERAF)
    first.close(ACHTERAF)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "gesloten" in line_with(pilot, ACHTERAF).split()
        await open_group(pilot, ACHTERAF)
        assert "AFGESLOTEN" in screen_text(pilot)
        assert "alleen lezen" in screen_text(pilot)
        assert "Overnemen" not in screen_text(pilot)
        await pilot.press("0")
        await pilot.pause()
    assert data.store(EXAMINATOR).load_group(ACHTERAF).cell("1001", CODES[0]).examinator == 1


LONG = "hbr-kb-2026-rood-a-herkansing-extra"


def _long_and_vervallen(data: Data) -> None:
    """A group with a long id, vervallen, beside the two of the fixture."""
    secretaris = data.store(SECRETARIS)
    secretaris.create_group(
        data.model_key, CANDIDATES, EXAMINATOR, TWEEDE, Werkwijze.ACHTERAF, group_id=LONG, confirmed=True
    )
    secretaris.withdraw_group(LONG, "dubbel aangemaakt")


@pytest.mark.parametrize("width", [80, 100, 120])
async def test_status_reads_whole_at_every_width_and_vervallen_has_its_own_sign(data: Data, width: int) -> None:
    _long_and_vervallen(data)
    data.store(TWEEDE).set_score(GELIJK, "1001", CODES[0], 1)
    app = data.app(TWEEDE, poll_interval=60)
    async with app.run_test(size=(width, 24)) as pilot:
        await pilot.pause()
        header = line_with(pilot, "Groep")
        assert header.split()[-1] in ("Status", "Opm.", "Werkwijze")
        assert "Status" in header.split()
        row = line_with(pilot, LONG)
        assert f"{LONG} " in row  # the whole id
        assert f"{signs.WITHDRAWN} vervallen" in row
        assert signs.ABSENT not in row.split()
        assert "open" in line_with(pilot, GELIJK).split()
        assert len(row.rstrip()) <= width
        if width >= 100:
            assert "HBR kb 2026 rood A" in row
    assert (signs.WITHDRAWN, "groep vervallen: bewaard, telt niet mee voor de cijferlijst") in signs.LEGEND
    assert [sign for sign, _ in signs.LEGEND].count(signs.WITHDRAWN) == 1


async def test_at_80_columns_progress_drops_the_logins_and_nothing_scrolls_sideways(data: Data) -> None:
    app = data.app(EXAMINATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        header = line_with(pilot, "Groep")
        assert header.split()[:6] == ["Groep", "Examen", "1e", "2e", "Vastg.", "Status"]
        row = line_with(pilot, GELIJK)
        assert "0/4 jij" in row
        assert row.split()[-5:] == ["jij", "0/4", "0/4", "open", "0"]


async def test_every_group_of_a_model_with_a_melding_shows_m(data: Data) -> None:
    data.store(EXAMINATOR).add_melding(data.model_key, "A1", "A1.2", "Scorepunten kloppen niet", "tijdens de correctie")
    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for group_id in (GELIJK, ACHTERAF):
            assert f"open {signs.MELDING}" in line_with(pilot, group_id)


async def test_home_and_end_go_to_the_first_and_last_group(data: Data) -> None:
    _long_and_vervallen(data)
    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        first, *_, last = sorted([GELIJK, ACHTERAF, LONG])
        await pilot.press("end")
        await pilot.pause()
        assert line_with(pilot, last).lstrip().startswith(f"> {last}")
        assert line_with(pilot, "Groep").lstrip().startswith("Groep")  # nothing scrolled sideways
        await pilot.press("home")
        await pilot.pause()
        assert line_with(pilot, first).lstrip().startswith(f"> {first}")


async def test_removing_a_group_with_scores_is_refused_at_once_with_the_reason_and_vervallen(data: Data) -> None:
    data.store(EXAMINATOR).set_score(GELIJK, "1001", CODES[0], 1)
    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        keys = [str(row.key.value) for row in app.screen.query_one("#groups").ordered_rows]
        app.screen.query_one("#groups").move_cursor(row=keys.index(GELIJK))
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmScreen)
        said = " ".join(str(n.message) for n in app._notifications)
        assert f"Groep {GELIJK} kan niet worden verwijderd: er zijn al scores ingevuld (1 criterium)" in said
        assert "vervallen met v" in said
    assert GELIJK in data.store(SECRETARIS).group_ids()


async def test_new_group_reads_the_csv_on_tab_and_explains_the_werkwijze_whole_at_80x24(data: Data, tmp_path: Path) -> None:
    csv = _write_csv(tmp_path / "klas.csv", "examennummer;naam\n2001;Lotte Visser\n")
    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("tab", *str(csv), "tab")
        await pilot.pause()
        screen = app.screen
        assert f"1 kandidaat gelezen uit {csv}" in str(screen.query_one("#ng-csv-result", Static).content)
        assert app.focused.id == "ng-examinator"
        hint = " ".join(str(w.content) for w in screen.query(".form-hint"))
        assert "de scores van de ander zie je pas na je eigen scores" in hint
        assert "stemt in of wijkt af" in hint
