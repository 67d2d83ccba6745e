"""After closing, the export dialog makes the archive with `a`; it passes `cspe archief controleer`."""

from __future__ import annotations

from cspe_tui.archive.check import check_archive
from cspe_tui.ui.screens.export import ExportScreen

from .conftest import ACHTERAF, EXAMINATOR, TWEEDE, Data
from .pilot_helpers import open_group, screen_text
from .test_closing import score_group, wait_for


async def test_a_in_the_export_after_closing_makes_a_checked_archive(data: Data) -> None:
    score_group(data)
    data.store(TWEEDE).declare(ACHTERAF)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("c", "v", "j")
        await wait_for(pilot, lambda: "Alles is compleet" in screen_text(pilot))
        await pilot.press("s", "j")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen) and "Klaar." in screen_text(pilot))
        assert "a Archief maken" in screen_text(pilot)
        await pilot.press("a")
        await wait_for(pilot, lambda: "Controleer het met: cspe archief controleer" in screen_text(pilot))
        folder = app.screen.archive
        assert "a Archief maken" not in screen_text(pilot)
    assert folder == data.path / "exports" / ACHTERAF / f"archief-{ACHTERAF}"
    result = check_archive(folder)
    assert result.ok, result.problems
    assert [r.group_id for r in data.store(EXAMINATOR).archives()] == [ACHTERAF]


async def test_no_archive_of_an_open_group(data: Data) -> None:
    score_group(data)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("e")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen) and "Klaar." in screen_text(pilot))
        assert "Archief maken" not in screen_text(pilot)
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.archive is None
    assert data.store(EXAMINATOR).archives() == []
