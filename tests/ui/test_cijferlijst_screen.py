"""The cijferlijst screen on a real data folder, driven by its keys in a tiny app."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import DataTable, Input, Static

from cspe_tui.domain.cijfers import NormeringKey
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.exports.cijferlijst import cijferlijst_csv_bytes
from cspe_tui.store import Settings, Store, open_store
from cspe_tui.store.normering import load_cijferlijst
from cspe_tui.ui.screens.cijferlijst import CijferlijstScreen, NormeringDialog

SEC, EX, TW = "bakker", "jansen", "de_vries"
CSPE = ("HBR", "kb", 2026)
NAMES = {"101": "Şükrü Yılmaz", "102": "Łukasz Wójcik", "103": "Nguyễn Thị Mai"}
# One criterium of max 25 per onderdeel; None = absent.
FIRST = {"101": (20, 5, 25, 10), "102": (25, 25, 25, 25), "103": (10, 10, None, 10)}
SIZE = (160, 40)


def closed_group(data: Path, letter: str, versie: str, scores: dict, herkansing: bool = False) -> None:
    sec, ex, tw = (open_store(data, user=u) for u in (SEC, EX, TW))
    path = data.parent / f"model-{letter}-{versie}.json"
    path.write_text(
        json.dumps(
            {
                "formaat": "cspe-correctiemodel/1",
                "examen": {"profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": versie,
                           "onderdeel": letter, "titel": f"Onderdeel {letter}"},
                "opdrachten": [{"nummer": f"{letter}1", "titel": "Opdracht", "soort": "praktisch",
                                "criteria": [{"code": f"{letter}1.1", "omschrijving": "Goed.", "max": 25}]}],
            }
        ),
        encoding="utf-8",
    )
    model = sec.import_model(path)
    cands = [Candidate(examennummer=nr, naam=NAMES[nr]) for nr in scores]
    gid = sec.create_group(model.key, cands, EX, TW, Werkwijze.ACHTERAF, herkansing=herkansing).info.group_id
    for nr, score in scores.items():
        if score is None:
            ex.set_absent(gid, nr, True)
        else:
            ex.set_score(gid, nr, f"{letter}1.1", score)
            tw.set_score(gid, nr, f"{letter}1.1", score)
    ex.declare(gid)
    tw.declare(gid)
    sec.close(gid)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    open_store(folder, user=SEC, create=True, settings=Settings(demo=True, examensecretarissen=[SEC]))
    for i, letter in enumerate("ABCD"):
        closed_group(folder, letter, "rood", {nr: s[i] for nr, s in FIRST.items()})
    closed_group(folder, "B", "blauw", {"101": 20}, herkansing=True)
    return folder


class CijferlijstApp(App[None]):
    """Only pushes the screen, as the real app will."""

    def __init__(self, store: Store, export_dir: Path) -> None:
        super().__init__()
        self.store = store
        self.export_dir = export_dir

    def on_mount(self) -> None:
        self.push_screen(CijferlijstScreen(self.store, CSPE, export_dir=self.export_dir))


def rows(screen: CijferlijstScreen) -> dict[str, list[str]]:
    table = screen.query_one("#cijferlijst-table", DataTable)
    return {str(table.get_row_at(i)[0]): [str(c) for c in table.get_row_at(i)] for i in range(table.row_count)}


def header(screen: CijferlijstScreen) -> list[str]:
    table = screen.query_one("#cijferlijst-table", DataTable)
    return [str(column.label) for column in table.ordered_columns]


ROOD = "1e afname rood"
HERK_B = "herkansing B blauw (rest rood)"


async def set_normering(pilot, combination: str, nterm: str, lengte: str) -> NormeringDialog:
    """Open the dialog, choose the combination by its label, type N and L and press ctrl+s."""
    await pilot.press("n")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, NormeringDialog)
    index = [n.key.combination() for n in dialog.choices].index(combination)
    if index != dialog.chosen:
        await pilot.click(f"#normering-keuze-{index}")
        await pilot.pause()
    dialog.query_one("#normering-nterm", Input).value = nterm
    dialog.query_one("#normering-lengte", Input).value = lengte
    await pilot.press("ctrl+s")
    await pilot.pause()
    return dialog


async def test_secretaris_sets_normering_and_sees_cijfers(data: Path, tmp_path: Path) -> None:
    app = CijferlijstApp(open_store(data, user=SEC), tmp_path / "uit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CijferlijstScreen)
        assert header(screen)[:10] == ["Examennummer", "Naam", "A", "B", "C", "D", "S", "L", "N", "Cijfer 1e afname"]
        before = rows(screen)
        assert set(before) == {"101", "102", "103"}
        assert before["101"][1] == "Şükrü Yılmaz"
        # No N and L yet: scores and S, but never a cijfer.
        assert before["102"][2:7] == ["25", "25", "25", "25", "100"]
        assert all(r[9] == "" and r[-2] == "" for r in before.values())
        assert "geen N-term en L ingevoerd voor HBR kb 2026 rood" in before["102"][-1]
        summary = str(screen.query_one("#cijferlijst-normering", Static).content)
        assert "1e afname rood: nog geen N-term en L (maximumscore 100)" in summary
        assert "herkansing B blauw (rest rood): nog geen N-term en L (maximumscore 100)" in summary

        await set_normering(pilot, ROOD, "1,0", "100")
        assert app.screen is screen
        await set_normering(pilot, HERK_B, "0.8", "100")
        after = rows(screen)
        # 101: S = 60 -> 6,4; herkansing B 20: S = 75, N 0,8 -> 7,55 -> 7,6; CE-cijfer 7,6.
        assert after["101"][2:] == ["20", "5", "25", "10", "60", "100", "1,0", "6,4", "20", "75", "100", "0,8",
                                    "7,6", "7,6", ""]
        # 102: S = 100 -> 10,0.
        assert after["102"][9] == "10,0" and after["102"][-2] == "10,0"
        # 103: absent for C, so no cijfer, with the reason.
        assert after["103"][4] == "afwezig" and after["103"][9] == "" and after["103"][-2] == ""
        assert after["103"][-1] == "onderdeel C: afwezig"
        normering = str(screen.query_one("#cijferlijst-normering", Static).content)
        assert "herkansing B blauw (rest rood): N = 0,8, L = 100" in normering
        assert "1e afname rood: N = 1,0, L = 100" in normering
        assert "3 kandidaten, 2 met een cijfer (waarom niet: zie de opmerking)." in str(screen.query_one("#cijferlijst-summary", Static).content)


async def test_bad_normering_is_refused_in_the_dialog(data: Path, tmp_path: Path) -> None:
    app = CijferlijstApp(open_store(data, user=SEC), tmp_path / "uit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        await set_normering(pilot, ROOD, "2,5", "100")
        dialog = app.screen
        assert isinstance(dialog, NormeringDialog)
        assert "tussen 0,0 en 2,0" in str(dialog.query_one("#normering-status", Static).content)
        dialog.query_one("#normering-nterm", Input).value = "1,0"
        dialog.query_one("#normering-lengte", Input).value = "0"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "groter dan 0" in str(dialog.query_one("#normering-status", Static).content)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        assert rows(screen)["102"][9] == ""


async def test_examinator_cannot_set_normering(data: Path, tmp_path: Path) -> None:
    sec = open_store(data, user=SEC)
    from cspe_tui.store.normering import set_normering as store_set

    store_set(sec, NormeringKey.of(CSPE, "rood"), "1,0", "100")
    app = CijferlijstApp(open_store(data, user=EX), tmp_path / "uit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert screen.check_action("normering", ()) is False
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is screen
        assert rows(screen)["102"][9] == "10,0"
        # The herkansing's combination has no N and L yet: a first cijfer, no CE-cijfer.
        assert rows(screen)["101"][9] == "6,4" and rows(screen)["101"][-2] == ""
        assert (
            "herkansing: geen N-term en L ingevoerd voor HBR kb 2026, herkansing B blauw (rest rood)"
            in rows(screen)["101"][-1]
        )


async def test_export_pdf_and_csv(data: Path, tmp_path: Path) -> None:
    store = open_store(data, user=SEC)
    from cspe_tui.store.normering import set_normering as store_set

    store_set(store, NormeringKey.of(CSPE, "rood"), "1,0", "100")
    store_set(store, NormeringKey.of(CSPE, "rood", [("B", "blauw")]), "0,8", "100")
    out = tmp_path / "uit"
    app = CijferlijstApp(store, out)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await app.workers.wait_for_complete()
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CijferlijstScreen)
        assert [p.name for p in screen.written] == ["cijferlijst-HBR-kb-2026.csv", "cijferlijst-HBR-kb-2026.pdf"]
    assert (out / "cijferlijst-HBR-kb-2026.csv").read_bytes() == cijferlijst_csv_bytes(load_cijferlijst(store, CSPE))
    assert (out / "cijferlijst-HBR-kb-2026.pdf").read_bytes().startswith(b"%PDF")


async def test_bindings_have_id_tooltip_and_show_in_footer(data: Path, tmp_path: Path) -> None:
    for cls in (CijferlijstScreen, NormeringDialog):
        for binding in cls.BINDINGS:
            assert binding.id and binding.tooltip, binding
            assert binding.show or binding.id == "cijferlijst-links", binding  # → shows; ← goes back
    app = CijferlijstApp(open_store(data, user=SEC), tmp_path / "uit")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        shown = {b.binding.id for b in app.screen.active_bindings.values() if b.binding.show and b.enabled}
        assert {"cijferlijst-pdf", "cijferlijst-csv", "cijferlijst-normering", "cijferlijst-vernieuwen",
                "cijferlijst-terug"} <= shown
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CijferlijstScreen)


async def test_l_is_checked_against_the_combination_maximum(data: Path, tmp_path: Path) -> None:
    store = open_store(data, user=SEC)
    app = CijferlijstApp(store, tmp_path / "uit")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = app.screen
        # The maximum of the chosen combination stands beside L, with the highest S reached.
        dialog = await set_normering(pilot, ROOD, "1,0", "99")
        assert app.screen is dialog
        assert str(dialog.query_one("#normering-maximum", Static).content) == "maximumscore 100 · hoogste S 100"
        assert dialog.query_one("#normering-lengte", Input).placeholder == "100"  # the real maximum, not an example
        status = str(dialog.query_one("#normering-status", Static).content)
        assert "L = 99 is kleiner dan de totaalscore 100 die een kandidaat al heeft gehaald" in status
        assert store.normering(NormeringKey.of(CSPE, "rood")) is None
        # Above the maximum: a warning first, stored only on a second ctrl+s.
        dialog.query_one("#normering-lengte", Input).value = "120"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "wijkt af van de maximumscore 100" in str(dialog.query_one("#normering-status", Static).content)
        assert store.normering(NormeringKey.of(CSPE, "rood")) is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert store.normering(NormeringKey.of(CSPE, "rood")).lengte == 120
        assert any("wijkt af van de maximumscore 100" in w for w in screen.lijst.warnings)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_every_column_is_reached_in_a_few_presses_and_nummer_and_naam_stay(data: Path, tmp_path: Path, size) -> None:
    from tests.ui.pilot_helpers import screen_text

    app = CijferlijstApp(open_store(data, user=SEC), tmp_path / "uit")
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        seen = ""
        for _ in range(4 if size[0] >= 120 else 8):
            text = screen_text(pilot)
            seen += text
            header = next(line for line in text.splitlines() if "Examennummer" in line)
            assert header.split()[:2] == ["Examennummer", "Naam"]
            assert "Şükrü Yılmaz" in text
            await pilot.press("right")
            await pilot.pause()
        for column in ("Cijfer 1e afname", "Cijfer herkansing", "CE-cijfer", "Opmerking"):
            assert column in seen, column
        assert "Opmerking bij 101 Şükrü Yılmaz: " in screen_text(pilot)
        assert "← en → tonen de andere kolommen." in str(app.screen.query_one("#cijferlijst-summary").content)
        for _ in range(8):
            await pilot.press("left")
        await pilot.pause()
        header = next(line for line in screen_text(pilot).splitlines() if "Examennummer" in line)
        assert header.split()[:4] == ["Examennummer", "Naam", "A", "B"]


async def test_the_arrow_hint_shows_only_when_columns_lie_outside_the_view(data: Path, tmp_path: Path) -> None:
    app = CijferlijstApp(open_store(data, user=SEC), tmp_path / "uit")
    async with app.run_test(size=(260, 40)) as pilot:
        await pilot.pause()
        await pilot.pause()
        assert "←" not in str(app.screen.query_one("#cijferlijst-summary").content)
