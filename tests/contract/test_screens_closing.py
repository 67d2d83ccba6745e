"""The closing dialog on both backends, at 80x24 and 120x40: refused while a remark is open, then declared and
closed once the other examinator resolved it and declared (both arrive without polling), the records written."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from cspe_tui.domain import commands as c
from cspe_tui.ui.app import CspeApp
from cspe_tui.ui.screens.closing import ClosingScreen
from cspe_tui.ui.screens.export import ExportScreen
from tests.service.test_app import wait_until
from tests.ui.pilot_helpers import open_group, screen_text

from .conftest import ME, OTHER, Backend


def said(pilot, part: str) -> str:
    return str(pilot.app.screen.query_one(f"#closing-{part}").content)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_closing_is_refused_with_an_open_remark_then_declared_and_closed(
    backend: Backend, size: tuple[int, int], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))  # through the service your own copies go to ~/cspe-export
    for candidate in backend.store.load_group(backend.group_id).candidates:
        backend.all_scored(candidate.examennummer)
    backend.other(c.AddRemark(examennummer="1002", criterium=None, text="Tekening ontbreekt in de map."))
    asyncio.run(_close(backend, size))


async def _close(backend: Backend, size: tuple[int, int]) -> None:
    gid = backend.group_id
    app = CspeApp(backend.store, poll_interval=3600)
    async with app.run_test(size=size) as pilot:
        await open_group(pilot, gid)
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert said(pilot, "summary") == (
            "Voordat de groep kan sluiten, nog 1 opmerking op te lossen en 2 verklaringen te geven:"
        )
        assert "* open opmerking (1002): Tekening ontbreekt in de map." in screen_text(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert said(pilot, "message") == (
            "! Sluiten kan nog niet: nog 1 opmerking op te lossen en 2 verklaringen te geven."
        )
        await pilot.press("v")
        await pilot.pause()
        assert said(pilot, "message") == "! Verklaren kan pas als de lijst hieronder alleen nog verklaringen bevat."
        assert backend.behind_state().verklaringen == []

        (remark,) = backend.behind_state().remarks
        backend.other(c.ResolveRemark(remark_id=remark.id))
        await wait_until(pilot, lambda: said(pilot, "summary").startswith("Voordat de groep kan sluiten, nog 2 verklaringen"))
        await pilot.press("v", "j")
        await wait_until(pilot, lambda: f"examinator {ME}: verklaard op" in screen_text(pilot))
        backend.other(c.Declare())
        await wait_until(pilot, lambda: said(pilot, "summary") == "Alles is compleet en beide examinatoren hebben verklaard.")
        await pilot.press("s")
        await pilot.pause()
        assert "Sluiten kan niet ongedaan worden gemaakt" in screen_text(pilot)
        await pilot.press("j")
        await wait_until(pilot, lambda: isinstance(app.screen, ExportScreen) and "Klaar." in screen_text(pilot), 30)
        state = backend.behind_state()
        assert str(app.screen.query_one("#export-status").content) == f"Klaar. Zegel: {state.sluiting.seal}"
        assert f"Groep {gid} is gesloten" in screen_text(pilot)
        written = app.screen.written
    assert state.closed and [v.login for v in state.verklaringen] == [ME, OTHER]
    assert {path.suffix for path in written} == {".pdf", ".csv"}
    assert all(path.parent == backend.store.exports_folder(gid) and path.stat().st_size > 0 for path in written)
