"""The Wolf list of one cspe: per versie of the first afname, each candidate's scores to type into Wolf.

Wolf has no import format, so this screen is for reading off: the columns in the order of
the beoordelingsmodel, per opdracht or (on request) per criterium, one versie at a time.
What is left out (herkansingen, absent candidates, open groups) is counted below the table.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from cspe_tui.domain.cijfers import Cspe
from cspe_tui.domain.wolf import WolfList
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.ui.screens.base import BaseScreen
from cspe_tui.ui.screens.list_export import ListExport

STYLES = "../styles/wolf.tcss"


class WolfScreen(ListExport, BaseScreen):
    LIST_FOLDER = "wolf"
    CSS_PATH = STYLES
    HELP_GROUP: ClassVar[str] = "Wolf-lijst"
    AUTO_FOCUS = "#wolf-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "next_versie", "Andere versie", id="wolf-versie",
                tooltip="Toon de volgende versie (rood, blauw) van de eerste afname"),
        Binding("k", "toggle_criteria", "Per criterium", id="wolf-criteria",
                tooltip="Wissel tussen scores per opdracht en per criterium"),
        Binding("p", "export_pdf", "PDF", id="wolf-pdf",
                tooltip="Schrijf de Wolf-lijst als PDF in de map voor exports (in de gegevensmap, of via de cspe-dienst in je thuismap)"),
        Binding("c", "export_csv", "CSV", id="wolf-csv",
                tooltip="Schrijf de Wolf-lijst als CSV voor Excel in de map voor exports (in de gegevensmap, of via de cspe-dienst in je thuismap)"),
        Binding("r", "reload", "Vernieuwen", id="wolf-vernieuwen", tooltip="Lees de groepen opnieuw"),
        Binding("escape", "back", "Terug", id="wolf-terug", tooltip="Terug naar het vorige scherm"),
    ]

    def __init__(self, store: RecordStore, cspe: Cspe, export_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.cspe: Cspe = (cspe[0], cspe[1], int(cspe[2]))
        self.export_dir = export_dir
        self.per_criterium = False
        self.versie_index = 0
        self.lijst: WolfList | None = None
        self.unusable: list[str] = []
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        label = f"{self.cspe[0]} {self.cspe[1]} {self.cspe[2]}"
        yield Static(f"Wolf-lijst cspe {label} · eerste afname · ingelogd als {self.store.user}", id="wolf-info",
                     markup=False)
        yield Static("", id="wolf-versie", markup=False)
        yield Static("", id="wolf-warnings", classes="-hidden", markup=False)
        yield DataTable(id="wolf-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="wolf-left-out", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_versie":
            return bool(self.lijst and len(self.lijst.versies) > 1) or None
        if action in ("export_pdf", "export_csv"):
            return bool(self.lijst and self.lijst.versies) or None
        return True

    def action_reload(self) -> None:
        from cspe_tui.store.wolf import load_wolf_list

        try:
            self.lijst, self.unusable = load_wolf_list(self.store, *self.cspe, self.per_criterium)
        except StoreError as exc:
            self.notify(str(exc), severity="error", title="Niet te lezen")
            return
        self.versie_index = min(self.versie_index, max(len(self.lijst.versies) - 1, 0))
        self._show(self.lijst)
        self.refresh_bindings()

    def _show(self, lijst: WolfList) -> None:
        from cspe_tui.exports.wolf import versie_rows

        table = self.query_one("#wolf-table", DataTable)
        table.clear(columns=True)
        what = "per criterium" if lijst.per_criterium else "per opdracht"
        heading = self.query_one("#wolf-versie", Static)
        if lijst.versies:
            versie = lijst.versies[self.versie_index]
            count = len(versie.candidates)
            heading.update(
                f"Versie {versie.versie} ({self.versie_index + 1} van {len(lijst.versies)}), onderdelen "
                f"{', '.join(versie.onderdelen)}: {count} {'kandidaat' if count == 1 else 'kandidaten'}, {what}. "
                "Wolf heeft geen importformaat: typ de scores over in deze volgorde."
            )
            rows = versie_rows(versie)
            table.add_columns(*rows[0])
            table.add_row(*rows[1][:2], *(Text(c, style="italic", justify="right") for c in rows[1][2:]), key="maximum")
            for row in rows[2:]:
                scores = [Text(cell, justify="right") for cell in row[2:-1]]
                table.add_row(*row[:2], *scores, Text(row[-1], style="bold", justify="right"), key=row[0])
        else:
            heading.update("")
        warnings = [*lijst.warnings()]
        if self.unusable:
            warnings.append(f"Niet te gebruiken (anders dan het logboek of onleesbaar): {', '.join(self.unusable)}.")
        box = self.query_one("#wolf-warnings", Static)
        box.update("\n".join(f"! Let op: {w}" for w in warnings))
        box.set_class(not warnings, "-hidden")
        left_out = lijst.left_out()
        self.query_one("#wolf-left-out", Static).update(
            ("Niet in de lijst: " + "; ".join(left_out) + ".") if left_out else "Iedereen van de eerste afname staat in de lijst."
        )

    def action_next_versie(self) -> None:
        if self.lijst and len(self.lijst.versies) > 1:
            self.versie_index = (self.versie_index + 1) % len(self.lijst.versies)
            self._show(self.lijst)

    def action_toggle_criteria(self) -> None:
        self.per_criterium = not self.per_criterium
        self.action_reload()

    def _list_file(self, kind: str) -> str | None:
        from cspe_tui.exports.formatting import safe_filename

        lijst = self.lijst
        if lijst is None or not lijst.versies:
            return None
        what = "criteria" if lijst.per_criterium else "opdrachten"
        return f"wolf-{safe_filename('-'.join(map(str, lijst.cspe)))}-{what}.{kind}"

    def _write_list(self, kind: str, path: Path) -> None:
        from cspe_tui.exports.school import SchoolInfo
        from cspe_tui.exports.wolf import write_wolf_csv, write_wolf_pdf

        assert self.lijst is not None
        if kind == "pdf":
            write_wolf_pdf(self.lijst, SchoolInfo.from_settings(self.store.settings), path)
        else:
            write_wolf_csv(self.lijst, path)

    def _list_written(self, path: Path) -> None:
        self.notify(str(path), title="Wolf-lijst geschreven")

    def action_back(self) -> None:
        self.dismiss()
