"""What belongs to the correctiemodel: an aanvulling of the CvTE and the meldingen for the Examenloket."""

from __future__ import annotations

from textual.widgets import Input, TextArea

from cspe_tui.domain.group import final_score
from cspe_tui.ui.screens.aanvulling import AanvullingScreen

from .conftest import ACHTERAF, EXAMINATOR, GELIJK, SECRETARIS, SIZE, Data, score_all
from .pilot_helpers import count_log_reads, criterium_line, open_group, score_cells, screen_text, status


async def test_secretaris_records_an_aanvulling_that_open_groups_apply(data: Data) -> None:
    score_all(data.store(EXAMINATOR), GELIJK, "1001", [0, 0, 0, 0, 0, 0, 0, 0])
    app = data.app(SECRETARIS, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.2")
        await pilot.pause()
        await pilot.press("u")
        await pilot.pause()
        assert isinstance(app.screen, AanvullingScreen)
        assert "iedere kandidaat krijgt de maximumscore (3)" in screen_text(pilot)
        app.screen.query_one(TextArea).text = "Bij A2.2 krijgt iedere kandidaat 3 scorepunten."
        app.screen.query_one(Input).value = "2026-05-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        for _ in range(200):
            if "A" in score_cells(pilot, "A2.2")[3]:
                break
            await pilot.pause(0.05)
        assert score_cells(pilot, "A2.2")[2].startswith("3")
        assert "A" in score_cells(pilot, "A2.2")[3]
    for group_id in (GELIJK, ACHTERAF):
        state = data.store(EXAMINATOR).load_group(group_id)
        assert final_score(state, "1001", "A2.2") == 3
        assert final_score(state, "1004", "A2.2") == 3


async def test_examinators_have_no_aanvulling_key_and_see_the_mark(data: Data) -> None:
    data.store(SECRETARIS).add_aanvulling(data.model_key, "A1.3", "Iedereen 2 punten.", "2026-05-20")
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("u")
        await pilot.pause()
        assert not isinstance(app.screen, AanvullingScreen)
        assert criterium_line(pilot, "A1.3").rstrip("│ ").endswith("A")


async def test_an_empty_aanvulling_is_refused_in_dutch(data: Data) -> None:
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("u")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, AanvullingScreen)
        assert "De tekst van de aanvulling mag niet leeg zijn." in screen_text(pilot)
    assert data.store(SECRETARIS).aanvullingen(data.model_key) == []


async def test_meldingen_for_the_examenloket_are_written_from_the_app(data: Data) -> None:
    data.store(EXAMINATOR).add_melding(data.model_key, "A2", "A2.1", "Het recept telt 11 stappen, het model 12.",
                                       "tijdens de correctie")
    app = data.app(SECRETARIS)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("m")
        await pilot.pause()
        assert status(pilot) == "1 melding voor het Examenloket geschreven"
        folder = data.path / "exports" / GELIJK
        [told] = [n.message for n in app._notifications if n.title == "Meldingen geschreven"]
        assert told.splitlines() == [
            "1 melding voor het Examenloket geschreven in:",
            str(folder / f"{data.model_key.slug}-meldingen.txt"),
            str(folder / f"{data.model_key.slug}-meldingen.pdf"),
        ]
    text = (folder / f"{data.model_key.slug}-meldingen.txt").read_text(encoding="utf-8")
    assert "Het recept telt 11 stappen, het model 12." in text
    assert "99ZZ" in text and "tijdens de correctie" in text
    assert (folder / f"{data.model_key.slug}-meldingen.pdf").read_bytes().startswith(b"%PDF")


async def test_an_aanvulling_is_folded_from_what_it_committed_in_this_group(data: Data, monkeypatch) -> None:
    """The aanvulling is a folder command; what it then committed in this open group comes back with it."""
    app = data.app(SECRETARIS, poll_interval=3600)
    log = data.path / "groups" / GELIJK / "audit.jsonl"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.2")
        reads = count_log_reads(app, monkeypatch)
        await pilot.press("u")
        await pilot.pause()
        app.screen.query_one(TextArea).text = "Bij A2.2 krijgt iedere kandidaat 3 scorepunten."
        app.screen.query_one(Input).value = "2026-05-20"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert reads == []
        assert [a.criterium for a in screen.state.aanvullingen] == ["A2.2"]
        assert score_cells(pilot, "A2.2")[2].startswith("3")
        assert "A" in score_cells(pilot, "A2.2")[3]
        assert screen.feed_cursor() == log.stat().st_size
