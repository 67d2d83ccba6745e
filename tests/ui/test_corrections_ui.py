"""In the app: the tweede's akkoord (achteraf), ondersteuning (s), a group removed (d) or vervallen (v)."""

from __future__ import annotations

from textual.widgets import DataTable

from .conftest import ACHTERAF, CODES, EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import candidate_row, criterium_line, line_with, open_group, score_cells, screen_text, status

VALUES = [1, 3, 2, 10, 3, 2, 2, 1]


async def test_a_is_the_tweedes_akkoord_and_shows_in_the_column_detail_and_totals(data: Data) -> None:
    score_all(data.store(EXAMINATOR), ACHTERAF, "1001", VALUES)
    async with data.app(TWEEDE).run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        screen.criteria.move_to_code("A1.1")
        await pilot.pause()
        assert "Nog niet beoordeeld door de tweede examinator." in screen_text(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert status(pilot) == "A1.1: akkoord met de score van de examinator (1)."
        assert score_cells(pilot, "A1.1")[1] == "1 akk"
        screen.criteria.move_to_code("A1.1")
        await pilot.pause()
        assert "De tweede examinator is akkoord met de score van de examinator (1)." in screen_text(pilot)
        await pilot.press("A", "j")
        await pilot.pause()
    state = data.store(SECRETARIS).load_group(ACHTERAF)
    assert all(state.cell("1001", code).akkoord for code in CODES)
    assert state.cell("1001", "A1.1").vastgesteld_door == TWEEDE


async def test_the_examensecretaris_notes_ondersteuning_and_both_examinators_see_it(data: Data) -> None:
    async with data.app(SECRETARIS).run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("s")
        await pilot.pause()
        assert "Ondersteuning van 1001 Şükrü Yılmaz" in screen_text(pilot)
        await pilot.press("space", "tab", "tab")
        await pilot.press(*"30 minuten extra")
        await pilot.press("enter")
        await pilot.pause()
        assert status(pilot) == "Ondersteuning van 1001: verlengde tijd; 30 minuten extra."
    async with data.app(EXAMINATOR).run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        assert candidate_row(pilot, "1001").split("││")[0].rstrip().endswith("0/8    +")
        assert "+ Ondersteuning: verlengde tijd; 30 minuten extra." in screen_text(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert "Ondersteuning van 1001" not in screen_text(pilot)
    note = data.store(TWEEDE).load_group(GELIJK).ondersteuning_for("1001")
    assert note is not None and note.by == SECRETARIS


async def choose(pilot, group_id: str) -> None:
    await pilot.pause()
    table = pilot.app.screen.query_one("#groups", DataTable)
    keys = [str(row.key.value) for row in table.ordered_rows]
    table.move_cursor(row=keys.index(group_id))
    await pilot.pause()


async def test_the_examensecretaris_removes_an_unused_group_after_confirming(data: Data) -> None:
    async with data.app(SECRETARIS).run_test(size=SIZE) as pilot:
        await choose(pilot, GELIJK)
        await pilot.press("d")
        await pilot.pause()
        assert pilot.app.screen.question.startswith(f"Groep {GELIJK} (HBR kb 2026 rood A, 4 kandidaten) verwijderen?")
        await pilot.press("j")
        await pilot.pause()
        assert GELIJK not in screen_text(pilot)
    assert data.store(SECRETARIS).group_ids() == [ACHTERAF]
    assert (data.path / "verwijderd" / GELIJK).is_dir()


async def test_a_group_with_scores_is_not_removed_but_can_be_made_vervallen(data: Data) -> None:
    data.store(EXAMINATOR).set_score(GELIJK, "1001", "A1.1", 1)
    async with data.app(SECRETARIS).run_test(size=SIZE, notifications=True) as pilot:
        await choose(pilot, GELIJK)
        await pilot.press("d")
        await pilot.pause()
        [refused] = [n.message for n in pilot.app._notifications if n.title == "Niet verwijderd"]
        assert refused.startswith(f"Groep {GELIJK} kan niet worden verwijderd: er zijn al scores ingevuld (1 criterium).")
        await pilot.press("v")
        await pilot.pause()
        assert f"Groep {GELIJK} laten vervallen" in screen_text(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert "Geef een reden" in screen_text(pilot)
        await pilot.press(*"dubbel aangemaakt", "enter")
        await pilot.pause()
        assert "V vervallen" in line_with(pilot, GELIJK)
    async with data.app(EXAMINATOR).run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        assert "VERVALLEN op" in screen_text(pilot) and "(dubbel aangemaakt): alleen lezen" in screen_text(pilot)
        await pilot.press("2")
        await pilot.pause()
        assert criterium_line(pilot, "A1.1")
    assert data.store(SECRETARIS).load_group(GELIJK).cell("1001", "A1.2").examinator is None


async def test_examinators_have_no_keys_to_remove_or_withdraw(data: Data) -> None:
    async with data.app(EXAMINATOR).run_test(size=SIZE) as pilot:
        await choose(pilot, GELIJK)
        await pilot.press("d", "v")
        await pilot.pause()
        assert GELIJK in screen_text(pilot) and "laten vervallen" not in screen_text(pilot)
    assert data.store(SECRETARIS).group_ids() == [ACHTERAF, GELIJK]


async def test_at_80_columns_the_akkoord_still_shows_its_sign_in_the_narrow_column(data: Data) -> None:
    score_all(data.store(EXAMINATOR), ACHTERAF, "1001", VALUES)
    async with data.app(TWEEDE).run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        screen.criteria.move_to_code("A2.1")
        await pilot.press("a")
        await pilot.pause()
        line = criterium_line(pilot, "A2.1")
        assert line.rstrip().endswith("  12  10   10 ak  10 (jij)"), line
