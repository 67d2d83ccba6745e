"""In the app: F on the scoring screen adds photos of the current candidate's products; the count shows in the detail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.photo_helpers import camera_jpeg, png_with_text, text_as_jpeg

from .conftest import EXAMINATOR, GELIJK, SECRETARIS, TWEEDE, Data
from .pilot_helpers import count_log_reads, open_group, screen_text, status


def folder_of_photos(tmp_path: Path) -> Path:
    shots = tmp_path / "fotos"
    shots.mkdir()
    (shots / "1001-taart.jpg").write_bytes(camera_jpeg((900, 600), orientation=1))
    (shots / "1001-bord.png").write_bytes(png_with_text())
    (shots / "1002-taart.jpg").write_bytes(camera_jpeg((900, 600), orientation=1, color=(5, 5, 5)))
    return shots


def dialog_status(pilot) -> str:
    return str(pilot.app.screen.query_one("#foto-status").content)


async def add(pilot, path: Path | str) -> None:
    field = pilot.app.screen.query_one("#foto-pad")
    field.value = str(path)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_f_adds_a_folder_of_the_candidates_photos_and_the_detail_counts_them(data: Data, tmp_path, size) -> None:
    shots = folder_of_photos(tmp_path)
    async with data.app(EXAMINATOR).run_test(size=size) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("F")
        await pilot.pause()
        text = screen_text(pilot)
        assert "Foto's van 1001 Şükrü Yılmaz" in text
        assert "Deze kandidaat heeft nog geen foto's." in text
        await add(pilot, shots)
        assert status(pilot) == "2 foto's toegevoegd bij 1001; nu 2 foto's."
        assert "Foto's van de producten: 2." in screen_text(pilot)
        await pilot.press("n")
        await pilot.pause()
        assert "Foto's van de producten" not in screen_text(pilot)
    state = data.store(TWEEDE).load_group(GELIJK)
    assert [(p.original_name, p.login) for p in state.photos] == [("1001-bord.png", EXAMINATOR), ("1001-taart.jpg", EXAMINATOR)]


async def test_a_refused_file_is_named_in_the_dialog_and_nothing_else_is_lost(data: Data, tmp_path) -> None:
    note = tmp_path / "1001-lijst.jpg"
    note.write_bytes(text_as_jpeg())
    async with data.app(TWEEDE).run_test(size=(80, 24)) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.press("F")
        await pilot.pause()
        await add(pilot, tmp_path / "bestaat-niet.jpg")
        assert dialog_status(pilot) == f"! {tmp_path / 'bestaat-niet.jpg'} bestaat niet."
        await add(pilot, note)
        assert dialog_status(pilot) == (
            "! geen foto's toegevoegd, 1 geweigerd:\n"
            "1001-lijst.jpg is geen afbeelding (of een soort die niet wordt herkend); voeg een JPEG of PNG toe."
        )
        assert "1001-lijst.jpg is geen afbeelding" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert status(pilot) == "! Geen foto's toegevoegd bij 1001, 1 foto geweigerd; nu geen foto's."
    assert data.store(TWEEDE).load_group(GELIJK).photos == ()


async def test_the_key_is_offered_to_who_may_add_and_the_examensecretaris_adds_too(data: Data, tmp_path) -> None:
    shots = folder_of_photos(tmp_path)
    async with data.app(SECRETARIS).run_test(size=(120, 40)) as pilot:
        screen = await open_group(pilot, GELIJK)
        assert screen.check_action("photos", ()) is True
        await pilot.press("F")
        await pilot.pause()
        await add(pilot, shots / "1001-taart.jpg")
        assert status(pilot) == "1 foto toegevoegd bij 1001; nu 1 foto."
    data.store(SECRETARIS).withdraw_group(GELIJK, "verkeerd model")
    async with data.app(EXAMINATOR).run_test(size=(120, 40)) as pilot:
        screen = await open_group(pilot, GELIJK)
        assert screen.check_action("photos", ()) is False
        await pilot.press("F")
        await pilot.pause()
        assert "Foto's van 1001" not in screen_text(pilot)
        assert "Foto's van de producten: 1." in screen_text(pilot)


async def test_a_photo_added_in_another_terminal_shows_in_the_detail(data: Data) -> None:
    from .test_live import _wait_until

    async with data.app(TWEEDE).run_test(size=(120, 40)) as pilot:
        await open_group(pilot, GELIJK)
        assert "Foto's van de producten" not in screen_text(pilot)
        data.store(EXAMINATOR).add_photo(GELIJK, "1001", camera_jpeg((640, 480), orientation=1), "1001-taart.jpg")
        await _wait_until(pilot, lambda: "Foto's van de producten: 1." in screen_text(pilot))


async def test_photos_from_their_dialog_are_folded_without_changes_since(data: Data, tmp_path, monkeypatch) -> None:
    """The photo dialog hands back what each added photo committed; the screen folds it, never reads it back."""
    shots = folder_of_photos(tmp_path)
    app = data.app(EXAMINATOR, poll_interval=3600)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, GELIJK)
        reads = count_log_reads(app, monkeypatch)
        await pilot.press("F")
        await pilot.pause()
        await add(pilot, shots)
        assert reads == []
        assert status(pilot) == "2 foto's toegevoegd bij 1001; nu 2 foto's."
        assert len(screen.state.photos_of("1001")) == 2
        assert "Foto's van de producten: 2." in screen_text(pilot)
        assert screen.feed_cursor() == (data.path / "groups" / GELIJK / "audit.jsonl").stat().st_size
