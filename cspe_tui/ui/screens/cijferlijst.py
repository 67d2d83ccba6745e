"""The cijferlijst of one cspe: cijfers from closed groups, herkansing, export, and N and L per combination.

Every number comes from domain/cijfers.py through the same table the CSV uses, so
what the examensecretaris sees is what the file says. Candidates without a cijfer
stay in the list with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static

from cspe_tui.domain.cijfers import Cijferlijst, Cspe
from cspe_tui.domain.normering import format_cijfer
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.normering import NormeringSaved, load_cijferlijst
from cspe_tui.ui.screens.base import BaseScreen
from cspe_tui.ui.screens.list_export import ListExport
from cspe_tui.domain.wording import count
from cspe_tui.ui.screens.normering import STYLES, NormeringDialog, dialog_choices

FIXED = 2
"""Examennummer and naam stay in view while the other columns scroll sideways."""
NOTE_WIDTH = 28
"""The Opmerking column is cut at this width; the whole note of the chosen candidate stands below the table."""


def normering_summary(lijst: Cijferlijst) -> str:
    """N and L of every combination the list needs, each with its maximum score."""
    from cspe_tui.exports.cijferlijst import normering_lines

    if not lijst.needed:
        return "Normering: nog geen kandidaten met een versie, dus nog geen N-term en L nodig."
    return "Normering: " + "; ".join(normering_lines(lijst))


class CijferlijstScreen(ListExport, BaseScreen):
    """One cspe's candidates with S, L, N and cijfer; after a herkansing both cijfers and the CE-cijfer."""

    LIST_FOLDER = "cijferlijsten"

    CSS_PATH = STYLES
    HELP_GROUP: ClassVar[str] = "Cijferlijst"
    AUTO_FOCUS = "#cijferlijst-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "export_pdf", "PDF", id="cijferlijst-pdf",
                tooltip="Schrijf de cijferlijst als PDF in de map voor exports (in de gegevensmap, of via de cspe-dienst in je thuismap)"),
        Binding("c", "export_csv", "CSV", id="cijferlijst-csv",
                tooltip="Schrijf de cijferlijst als CSV voor Excel in de map voor exports (in de gegevensmap, of via de cspe-dienst in je thuismap)"),
        Binding("n", "normering", "N en L", id="cijferlijst-normering",
                tooltip="Leg N-term en L vast per versie en per herkansingscombinatie (examensecretaris)"),
        Binding("r", "reload", "Vernieuwen", id="cijferlijst-vernieuwen",
                tooltip="Lees de groepen en de normering opnieuw"),
        Binding("escape", "back", "Terug", id="cijferlijst-terug", tooltip="Terug naar het vorige scherm"),
        Binding("right", "page(1)", "Meer kolommen", id="cijferlijst-rechts", key_display="→", priority=True,
                tooltip="Toon de volgende kolommen; examennummer en naam blijven staan"),
        Binding("left", "page(-1)", "Kolommen links", id="cijferlijst-links", show=False, priority=True,
                tooltip="Toon de vorige kolommen; examennummer en naam blijven staan"),
    ]

    def __init__(self, store: RecordStore, cspe: Cspe, export_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.cspe: Cspe = (cspe[0], cspe[1], int(cspe[2]))
        self.export_dir = export_dir
        self.lijst: Cijferlijst | None = None
        self.written: list[Path] = []
        self._summary = ""

    def compose(self) -> ComposeResult:
        label = f"{self.cspe[0]} {self.cspe[1]} {self.cspe[2]}"
        role = " · examensecretaris" if self.store.is_secretaris else ""
        yield Static(f"Cijferlijst cspe {label} · ingelogd als {self.store.user}{role}", id="cijferlijst-info",
                     markup=False)
        yield Static("", id="cijferlijst-normering", markup=False)
        yield Static("", id="cijferlijst-warnings", classes="-hidden", markup=False)
        yield DataTable(id="cijferlijst-table", cursor_type="row", zebra_stripes=True, fixed_columns=FIXED)
        yield Static("", id="cijferlijst-note", markup=False)
        yield Static("", id="cijferlijst-summary", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.action_reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "normering":
            return self.store.is_secretaris
        if action in ("export_pdf", "export_csv"):
            return bool(self.lijst and self.lijst.candidates) or None
        return True

    def action_reload(self) -> None:
        try:
            self.lijst = load_cijferlijst(self.store, self.cspe)
        except StoreError as exc:
            self.notify(str(exc), severity="error", title="Niet te lezen")
            return
        self._show(self.lijst)
        self.refresh_bindings()

    def _show(self, lijst: Cijferlijst) -> None:
        from cspe_tui.exports.cijferlijst import cijferlijst_table

        table = self.query_one("#cijferlijst-table", DataTable)
        content = cijferlijst_table(lijst)
        chosen = table.cursor_row
        table.clear(columns=True)
        for index, label in enumerate(content.header):
            last = index == len(content.header) - 1
            table.add_column(label, key=label, width=NOTE_WIDTH if last and self._long_notes(content.rows) else None)
        final = len(content.header) - 2  # the (CE-)cijfer column just before Opmerking
        for row in content.rows:
            cells: list[str | Text] = list(row)
            cells[final] = Text(row[final], style="bold")
            if row[-1]:
                cells[-1] = Text(row[-1], style="italic")
            table.add_row(*cells, key=row[0])
        if content.rows:
            table.move_cursor(row=min(chosen, len(content.rows) - 1))
        self.query_one("#cijferlijst-normering", Static).update(normering_summary(lijst))
        warnings = self.query_one("#cijferlijst-warnings", Static)
        warnings.update("\n".join(f"Let op: {w}" for w in lijst.warnings))
        warnings.set_class(not lijst.warnings, "-hidden")
        with_cijfer = sum(1 for c in lijst.candidates if c.definitive is not None)
        if lijst.candidates:
            summary = f"{count(len(lijst.candidates), 'kandidaat', 'kandidaten')}, {with_cijfer} met een cijfer"
            if with_cijfer < len(lijst.candidates):
                summary += " (waarom niet: zie de opmerking)"
            summary += "."
        else:
            summary = f"Er zijn nog geen groepen voor cspe {lijst.label}."
        self._summary = summary
        self.query_one("#cijferlijst-summary", Static).update(summary)
        self.call_after_refresh(self._say_columns)

    def on_resize(self) -> None:
        self.call_after_refresh(self._say_columns)

    def _say_columns(self) -> None:
        """Only when columns lie outside the view does the summary say how to reach them."""
        table = self.query_one("#cijferlijst-table", DataTable)
        hint = " ← en → tonen de andere kolommen." if table.max_scroll_x > 0 else ""
        self.query_one("#cijferlijst-summary", Static).update(self._summary + hint)

    @staticmethod
    def _long_notes(rows: tuple[tuple[str, ...], ...]) -> bool:
        return any(len(row[-1]) > NOTE_WIDTH for row in rows)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """The whole Opmerking of the chosen candidate, which the column may cut."""
        table = event.data_table
        note = self.query_one("#cijferlijst-note", Static)
        if event.cursor_row < 0 or event.cursor_row >= table.row_count:
            note.update("")
            return
        row = [str(cell) for cell in table.get_row_at(event.cursor_row)]
        note.update(f"Opmerking bij {row[0]} {row[1]}: {row[-1]}" if row[-1] else "")

    def action_page(self, direction: int) -> None:
        """Sideways by whole columns: the first column not wholly in view comes next to the naam (or back)."""
        table = self.query_one("#cijferlijst-table", DataTable)
        widths = [column.get_render_width(table) for column in table.ordered_columns]
        fixed = sum(widths[:FIXED])
        view = table.scrollable_content_region.width - fixed
        starts, x = [], 0
        for width in widths[FIXED:]:
            starts.append(x)
            x += width
        ends = [start + width for start, width in zip(starts, widths[FIXED:])]
        left = table.scroll_x
        if direction > 0:
            target = next((start for start, end in zip(starts, ends) if end > left + view), None)
            if target is None:
                return
        else:
            target = min((start for start in starts if start >= left - view), default=0)
        table.scroll_to(x=min(target, table.max_scroll_x), animate=False)

    def action_normering(self) -> None:
        if not self.store.is_secretaris:
            return
        choices = dialog_choices(self.lijst, self.cspe)
        missing = next((i for i, n in enumerate(choices) if n.normering is None), 0)  # start where one is needed
        self.app.push_screen(NormeringDialog(self.store, self.cspe, choices, missing), self._normering_saved)

    def _normering_saved(self, saved: NormeringSaved | None) -> None:
        if saved is None:
            return
        self.action_reload()
        text = f"{saved.key.label()}: N = {format_cijfer(saved.normering.nterm)}, L = {saved.normering.lengte}"
        if saved.warning:
            self.notify(f"{text}. Let op: {saved.warning}.", title="Normering vastgelegd", severity="warning")
        else:
            self.notify(text, title="Normering vastgelegd")

    def _list_file(self, kind: str) -> str | None:
        from cspe_tui.exports.cijferlijst import default_filename

        if self.lijst is None or not self.lijst.candidates:
            return None
        return default_filename(self.lijst, f".{kind}")

    def _write_list(self, kind: str, path: Path) -> None:
        from cspe_tui.exports.cijferlijst import write_cijferlijst_csv, write_cijferlijst_pdf
        from cspe_tui.exports.school import SchoolInfo

        assert self.lijst is not None
        if kind == "pdf":
            write_cijferlijst_pdf(self.lijst, SchoolInfo.from_settings(self.store.settings), path)
        else:
            write_cijferlijst_csv(self.lijst, path)

    def _list_written(self, path: Path) -> None:
        incomplete = self.lijst is not None and any(c.definitive is None for c in self.lijst.candidates)
        note = " Niet alle kandidaten hebben een cijfer." if incomplete else ""
        self.notify(f"{path}{note}", title="Cijferlijst geschreven")

    def action_back(self) -> None:
        self.dismiss()
