"""Help at 80x24: the whole screen, each explanation on lines of readable length, every sign explained."""

from __future__ import annotations

import pytest

from cspe_tui.ui.screens.help import HelpScreen

from .conftest import ACHTERAF, EXAMINATOR, Data
from .pilot_helpers import open_group, screen_text

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@SIZES
async def test_help_reads_at_every_size(data: Data, size: tuple[int, int]) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=size) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(pilot)
        assert "0 … 9" in text
        assert "Score geven: Geef deze score voor het criterium en ga naar het" in text
        if size == (80, 24):
            assert app.screen.query_one("#help-body").size.height >= 24 - 5
        pages = []
        for _ in range(60):
            pages.append(screen_text(pilot))
            if "Tellingen" in pages[-1]:
                break
            await pilot.press("pagedown")
            await pilot.pause()
        seen = "\n".join(pages)
        assert " N             Niet klaar: Naar de volgende kandidaat die nog niet klaar is" in seen
        assert "keymap-id: volgende-niet-klaar" in seen
        assert "≥12" in seen and "totaal nog niet compleet: er ontbreken scores of er staan" in seen
