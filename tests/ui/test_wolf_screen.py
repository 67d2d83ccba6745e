"""The Wolf screen, opened with `w` on the start screen of the demo after group D was closed."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from cspe_tui.demo import create_demo
from cspe_tui.domain.group import opdracht_totals
from cspe_tui.store import open_store
from cspe_tui.ui.app import CspeApp
from cspe_tui.ui.screens.wolf import WolfScreen
from tests.helpers import close_demo_group_d
from tests.ui.pilot_helpers import screen_text


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wolf-ui") / "data"
    create_demo(folder)
    close_demo_group_d(folder)
    return folder


async def open_wolf(pilot) -> WolfScreen:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("w")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, WolfScreen)
    return screen


def row_of(screen: WolfScreen, key: str) -> list[str]:
    table = screen.query_one("#wolf-table", DataTable)
    return [str(cell) for cell in table.get_row(key)]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_w_shows_the_first_afname_per_opdracht_and_what_is_left_out(demo, size):
    app = CspeApp(open_store(demo, user="bakker"))
    async with app.run_test(size=size) as pilot:
        screen = await open_wolf(pilot)
        text = screen_text(pilot)
        assert "Wolf-lijst cspe HBR kb 2026 · eerste afname" in text
        assert "Versie rood (1 van 1), onderdelen A, B, C, D: 23 kandidaten, per opdracht." in text
        assert "Wolf heeft geen importformaat" in text
        assert "3 kandidaten in een herkansing" in text
        assert "1001" in text and "Şükrü Yılmaz" in text
        assert "1006" not in text
        state = open_store(demo, user="bakker").load_group("hbr-kb-2026-rood-a")
        totals = opdracht_totals(state, "1001")
        assert row_of(screen, "1001")[2:11] == [str(totals[o.nummer]) for o in state.model.opdrachten]
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WolfScreen)


async def test_k_switches_to_criteria_and_c_writes_the_csv(demo):
    app = CspeApp(open_store(demo, user="jansen"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_wolf(pilot)
        await pilot.press("k")
        await pilot.pause()
        assert "23 kandidaten, per criterium." in screen_text(pilot)
        table = screen.query_one("#wolf-table", DataTable)
        assert [str(c.label) for c in table.ordered_columns][2:4] == ["A1.1", "A1.2"]
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.pause()
        [written] = screen.written
        assert written == demo / "exports" / "wolf" / "wolf-HBR-kb-2026-criteria.csv"
        assert "A1.1" in written.read_bytes().decode("utf-8-sig")
