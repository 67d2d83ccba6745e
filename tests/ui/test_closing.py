"""Afsluiten in the app: blocked until complete and declared, final once done, records written."""

from __future__ import annotations

from pypdf import PdfReader
from textual.pilot import Pilot
from textual.widgets import ProgressBar

from cspe_tui.ui.screens.closing import ClosingScreen
from cspe_tui.ui.screens.export import ExportScreen
from cspe_tui.ui.screens.scoring import ScoringScreen

from .conftest import ACHTERAF, EXAMINATOR, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import open_group, screen_text

VALUES = [1, 3, 2, 10, 3, 2, 2, 1]


def score_group(data: Data, differ: bool = False) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    for nr in ("1001", "1002", "1003", "1004"):
        score_all(first, ACHTERAF, nr, VALUES)
        score_all(second, ACHTERAF, nr, VALUES)
    if differ:
        second.set_score(ACHTERAF, "1002", "A2.2", 1)


async def wait_for(pilot: Pilot, condition, tries: int = 200) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError(screen_text(pilot))


async def test_closing_is_refused_while_something_blocks_it(data: Data) -> None:
    score_group(data, differ=True)
    data.store(TWEEDE).add_remark(ACHTERAF, "1004", None, "Tekening ontbreekt in de map.")
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("c")
        await pilot.pause()
        text = screen_text(pilot)
        assert str(app.screen.query_one("#closing-summary").content) == (
            "Voordat de groep kan sluiten, nog 1 verschil vast te stellen, 1 opmerking op te lossen en "
            "2 verklaringen te geven:"
        )
        assert "punt(en)" not in text
        assert "! 1002 Emma de Boer: A2.2 verschil 3 / 1" in text
        assert "* open opmerking (1004): Tekening ontbreekt in de map." in text
        assert "? examinator jansen: nog geen verklaring" in text
        assert sum(f"{'>'} ! 1002" in line or "> * open" in line or "> ? de" in line for line in text.splitlines()) == 1
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        assert str(app.screen.query_one("#closing-message").content) == (
            "! Sluiten kan nog niet: nog 1 verschil vast te stellen, 1 opmerking op te lossen en 2 verklaringen te geven."
        )
    assert not data.store(EXAMINATOR).load_group(ACHTERAF).closed


async def test_declaring_with_work_open_is_refused_at_once_with_what_is_open(data: Data) -> None:
    """No question first: `v` says straight away why it cannot, and names what is open in words."""
    score_group(data, differ=True)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
        message = str(app.screen.query_one("#closing-message").content)
        assert message == "! Verklaren kan pas als de lijst hieronder alleen nog verklaringen bevat."
        assert "nog 1 verschil vast te stellen" in screen_text(pilot)
        await pilot.press("j")
        await pilot.pause()
        assert isinstance(app.screen, ClosingScreen)
    assert data.store(EXAMINATOR).load_group(ACHTERAF).verklaringen == []


async def test_declaring_in_two_logins_then_closing_writes_sealed_records(data: Data) -> None:
    score_group(data)
    app = data.app(EXAMINATOR, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("c", "v", "j")
        await pilot.pause()
        assert "examinator jansen: verklaard op" in screen_text(pilot)
        assert "tweede examinator de_vries: nog geen verklaring" in screen_text(pilot)
        data.store(TWEEDE).declare(ACHTERAF)
        await wait_for(pilot, lambda: "Alles is compleet" in screen_text(pilot))
        await pilot.press("s")
        await pilot.pause()
        assert "Sluiten kan niet ongedaan worden gemaakt" in screen_text(pilot)
        await pilot.press("j")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen) and "Klaar." in screen_text(pilot))
        assert [type(s) for s in app.screen_stack[1:]] == [ScoringScreen, ExportScreen]
        assert f"Groep {ACHTERAF} is gesloten" in screen_text(pilot)
        bar = app.screen.query_one(ProgressBar)
        await wait_for(pilot, lambda: bar.total is not None and bar.progress == bar.total)
        assert "100%" in screen_text(pilot)
        state = data.store(EXAMINATOR).load_group(ACHTERAF)
        assert f"Klaar. Zegel: {state.sluiting.seal}" in screen_text(pilot)
        pdf, csv = app.screen.written
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
        assert "AFGESLOTEN" in screen_text(pilot)
        assert not app._notifications
        await pilot.press("1")
        await pilot.pause()
    assert state.closed
    assert pdf.parent == data.path / "exports" / ACHTERAF
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "Şükrü Yılmaz" in text and "Nguyễn Thị Mai" in text
    assert csv.read_bytes().startswith(b"\xef\xbb\xbf")
    after = data.store(EXAMINATOR).load_group(ACHTERAF)
    assert after.cells == state.cells


async def test_export_of_an_open_group_is_marked_as_tussenstand(data: Data) -> None:
    score_group(data, differ=True)
    app = data.app(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("e")
        await wait_for(pilot, lambda: "Klaar." in screen_text(pilot))
        assert "niet gesloten: dit is een tussenstand" in screen_text(pilot)
        assert all(path.exists() for path in app.screen.written)


def test_closing_dialog_snapshot(data: Data, snap_compare) -> None:
    score_group(data, differ=True)

    async def run_before(pilot: Pilot) -> None:
        await open_group(pilot, ACHTERAF)
        await pilot.press("c")
        await pilot.pause()

    assert snap_compare(data.app(EXAMINATOR, poll_interval=60), terminal_size=SIZE, run_before=run_before)


async def test_at_80x24_closing_leaves_one_dialog_over_the_scoring_screen(data: Data) -> None:
    score_group(data)
    data.store(TWEEDE).declare(ACHTERAF)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.press("c")
        await pilot.pause()
        assert "Alleen verklaringen ontbreken: verklaar met v; daarna sluit s de groep." in screen_text(pilot)
        await pilot.press("v", "j")
        await pilot.pause()
        assert "✓ Je verklaring is vastgelegd." in screen_text(pilot)
        await pilot.press("s", "j")
        await wait_for(pilot, lambda: isinstance(app.screen, ExportScreen) and "Klaar." in screen_text(pilot))
        assert [type(s) for s in app.screen_stack[1:]] == [ScoringScreen, ExportScreen]
        assert f"Groep {ACHTERAF} is gesloten" in screen_text(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ScoringScreen)
        assert "AFGESLOTEN" in screen_text(pilot) and "Kandidaat 1001 Şükrü Yılmaz" in screen_text(pilot)
        assert not app._notifications
    assert data.store(EXAMINATOR).load_group(ACHTERAF).closed


async def test_a_jump_from_the_checklist_says_where_and_what_is_open(data: Data) -> None:
    score_group(data, differ=True)
    data.store(TWEEDE).add_remark(ACHTERAF, "1004", "A3.1", "Foto ontbreekt.")
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert (screen.current, screen.criteria.cursor_code) == ("1002", "A2.2")
        assert str(screen.query_one("#status").content) == "Naar kandidaat 1002 Emma de Boer: verschil bij A2.2."
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert (screen.current, screen.criteria.cursor_code) == ("1004", "A3.1")
        assert str(screen.query_one("#status").content) == "Naar kandidaat 1004 Daan Bakker: open opmerking bij A3.1."
