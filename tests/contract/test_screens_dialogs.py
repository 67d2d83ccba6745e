"""The group's dialogs on both backends at 80x24 (where they are tightest): remarks (place, reply, resolve),
ondersteuning and photos. Each checks what the user sees and what the folder holds afterwards."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual.widgets import OptionList

from cspe_tui.ui.app import CspeApp
from cspe_tui.ui.screens.ondersteuning import OndersteuningScreen
from cspe_tui.ui.screens.photos import PhotoScreen
from cspe_tui.ui.screens.remarks import RemarksScreen
from tests.photo_helpers import camera_jpeg, png_with_text
from tests.service.test_app import wait_until
from tests.ui.pilot_helpers import criterium_line, open_group, screen_text, status

from .conftest import ME, Backend

SIZE = (80, 24)


def dialog_text(pilot) -> str:
    return "\n".join(str(w.render()) for w in pilot.app.screen.query("Static"))


def test_a_remark_is_placed_answered_and_resolved(backend: Backend) -> None:
    asyncio.run(_remark(backend))


async def _remark(backend: Backend) -> None:
    app = CspeApp(backend.store, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, backend.group_id)
        screen._go("1001", "B1.3")
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, RemarksScreen)
        assert "Nog geen opmerkingen bij deze kandidaat." in dialog_text(pilot)
        await pilot.press(*"Foto te donker", "enter")
        await wait_until(pilot, lambda: "Opmerking geplaatst." in dialog_text(pilot))
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert criterium_line(pilot, "B1.3").rstrip(" │").endswith("*")
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert f"Je tekst wordt een antwoord op de opmerking van {ME}." in dialog_text(pilot)
        await pilot.press(*"Opnieuw gemaakt", "enter")
        await wait_until(pilot, lambda: "Antwoord geplaatst." in dialog_text(pilot))
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: "Opmerking opgelost." in dialog_text(pilot))
        shown = str(dialog.query_one(OptionList).get_option_at_index(0).prompt)
        assert f"B1.3 · opgelost · {ME}" in shown and f"> {ME}" in shown and f"Opgelost door {ME}" in shown
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is screen)
        assert "*" not in criterium_line(pilot, "B1.3")
    (remark,) = backend.behind_state().remarks
    assert (remark.examennummer, remark.criterium, remark.text, remark.open) == ("1001", "B1.3", "Foto te donker", False)
    assert [(r.author, r.text) for r in remark.replies] == [(ME, "Opnieuw gemaakt")] and remark.resolved_by == ME


def test_the_examensecretaris_notes_ondersteuning(backend: Backend) -> None:
    asyncio.run(_ondersteuning(backend))


async def _ondersteuning(backend: Backend) -> None:
    app = CspeApp(backend.store, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, backend.group_id)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, OndersteuningScreen)
        assert "Ondersteuning van 1000 Kandidaat 0" in screen_text(pilot)
        await pilot.press("space", "tab", "tab", *"30 minuten extra", "enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert status(pilot) == "Ondersteuning van 1000: verlengde tijd; 30 minuten extra."
        assert "+ Ondersteuning: verlengde tijd; 30 minuten extra." in screen_text(pilot)
    note = backend.behind_state().ondersteuning_for("1000")
    assert note is not None and (note.verlengde_tijd, note.aangepaste_opdracht, note.tekst, note.by) == (
        True, False, "30 minuten extra", ME,
    )


def test_photos_of_the_candidate_are_added(backend: Backend, tmp_path: Path) -> None:
    shots = tmp_path / "fotos"
    shots.mkdir()
    (shots / "1000-taart.jpg").write_bytes(camera_jpeg((900, 600), orientation=1))
    (shots / "1000-bord.png").write_bytes(png_with_text())
    (shots / "1001-taart.jpg").write_bytes(camera_jpeg((900, 600), orientation=1, color=(5, 5, 5)))
    asyncio.run(_photos(backend, shots))


async def _photos(backend: Backend, shots: Path) -> None:
    app = CspeApp(backend.store, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, backend.group_id)
        await pilot.press("F")
        await pilot.pause()
        assert isinstance(app.screen, PhotoScreen)
        assert "Deze kandidaat heeft nog geen foto's." in screen_text(pilot)
        app.screen.query_one("#foto-pad").value = str(shots)
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await wait_until(pilot, lambda: status(pilot) == "2 foto's toegevoegd bij 1000; nu 2 foto's.")
        assert "Foto's van de producten: 2." in screen_text(pilot)  # folded from the dialog's commits
    photos = backend.behind_state().photos
    assert [(p.examennummer, p.original_name, p.login) for p in photos] == [
        ("1000", "1000-bord.png", ME), ("1000", "1000-taart.jpg", ME),
    ]
    assert backend.store.photo_bytes(backend.group_id, photos[1])[:2] == b"\xff\xd8"
