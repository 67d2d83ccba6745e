"""The cijferlijst on both backends, at 80x24 and 120x40: opened from the start screen on a closed group, N and L
entered in its dialog (asked twice: only onderdeel B's model is known, so L cannot be checked), shown in every
row and held by the folder. No cijfer: onderdelen A, C and D were never taken, and each row says so."""

from __future__ import annotations

import asyncio
from decimal import Decimal

import pytest
from textual.widgets import DataTable, Input

from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.ui.app import CspeApp
from cspe_tui.ui.screens.cijferlijst import CijferlijstScreen, NormeringDialog
from tests.service.test_app import wait_until
from tests.ui.pilot_helpers import screen_text

from .conftest import ME, Backend

ROOD = NormeringKey("HBR", "kb", 2026, "rood")


def table(screen: CijferlijstScreen) -> dict[str, dict[str, str]]:
    """Each candidate's row by column title, as the table holds it."""
    grid = screen.query_one("#cijferlijst-table", DataTable)
    titles = [str(column.label) for column in grid.ordered_columns]
    return {str(grid.get_row_at(i)[0]): dict(zip(titles, map(str, grid.get_row_at(i)))) for i in range(grid.row_count)}


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_n_and_l_are_entered_and_shown_in_every_row(backend: Backend, size: tuple[int, int]) -> None:
    backend.closed()
    asyncio.run(_cijferlijst(backend, size))


async def _cijferlijst(backend: Backend, size: tuple[int, int]) -> None:
    app = CspeApp(backend.store, poll_interval=3600)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: backend.group_id in screen_text(pilot))
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, CijferlijstScreen) and bool(table(app.screen)))
        screen = app.screen
        assert f"Cijferlijst cspe HBR kb 2026 · ingelogd als {ME} · examensecretaris" in screen_text(pilot)
        before = table(screen)
        assert sorted(before) == ["1000", "1001", "1002", "1003", "1004"]
        assert [before["1000"][k] for k in ("B", "S", "L", "N", "Cijfer")] == ["33", "", "", "", ""]
        assert before["1000"]["Opmerking"].endswith("; geen N-term en L ingevoerd voor HBR kb 2026 rood")
        assert str(screen.query_one("#cijferlijst-normering").content) == "Normering: 1e afname rood: nog geen N-term en L"
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, NormeringDialog)
        dialog.query_one("#normering-nterm", Input).value = "0,5"
        dialog.query_one("#normering-lengte", Input).value = "33"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog  # only onderdeel B's model is known: L is not checked, so it asks once more
        assert "dus L = 33 is niet gecontroleerd" in str(dialog.query_one("#normering-status").content)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is screen)
        after = table(screen)
        assert {nr: [row[k] for k in ("B", "L", "N", "Cijfer")] for nr, row in after.items()} == {
            nr: ["33", "33", "0,5", ""] for nr in before
        }
        assert "geen N-term" not in after["1000"]["Opmerking"]
        assert "onderdeel A: in geen enkele groep" in after["1000"]["Opmerking"]
        assert "1e afname rood: N = 0,5, L = 33" in str(screen.query_one("#cijferlijst-normering").content)
    assert backend.store.normering(ROOD) == Normering(nterm=Decimal("0.5"), lengte=33)
    assert [(e.by, e.withdrawn) for e in backend.store.normering_entries()] == [(ME, False)]
