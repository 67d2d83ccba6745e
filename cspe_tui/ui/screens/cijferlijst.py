"""The cijferlijst of one cspe: cijfers from closed groups, herkansing, export, and N and L.

Every number comes from domain/cijfers.py through the same table the CSV uses, so
what the examensecretaris sees is what the file says. Candidates without a cijfer
stay in the list with the reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, DataTable, Footer, Input, RadioSet, Static

from cspe_tui.domain.cijfers import Cijferlijst, Cspe, NormeringKey
from cspe_tui.domain.normering import Normering, format_cijfer
from cspe_tui.store import Store, StoreError
from cspe_tui.store.fs import make_dirs
from cspe_tui.store.normering import VERSIES, load_cijferlijst, normeringen, set_normering
from cspe_tui.ui.screens.base import BaseScreen, Dialog
from cspe_tui.ui.widgets.choices import SignedRadioButton

STYLES = "../styles/cijferlijst.tcss"


def cijferlijst_folder(store: Store) -> Path:
    """Inside the data folder, beside the groups' exports, with the folder's group permissions."""
    return store.folder.path / "exports" / "cijferlijsten"


def normering_summary(lijst: Cijferlijst, stored: dict[NormeringKey, Normering]) -> str:
    """N and L of every versie the cspe uses or has stored; a missing one says so."""
    used = {a.versie for c in lijst.candidates for a in (c.first, c.herkansing) if a is not None and a.versie}
    versies = sorted(used | {k.versie for k in stored})
    if not versies:
        return "Normering: nog geen groepen en geen N-term en L."
    parts = []
    for versie in versies:
        normering = stored.get(NormeringKey.of(lijst.cspe, versie))
        if normering is None:
            parts.append(f"{versie}: nog geen N-term en L")
        else:
            parts.append(f"{versie}: N = {format_cijfer(normering.nterm)}, L = {normering.lengte}")
    return "Normering: " + "; ".join(parts)


class NormeringDialog(Dialog[NormeringKey | None]):
    """N and L as the CvTE's N-L-tool gives them, per versie; dismisses with the key that was saved."""

    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="normering-annuleren", tooltip="Niets vastleggen"),
        Binding("ctrl+s", "save", "Vastleggen", id="normering-opslaan", tooltip="Leg N-term en L vast voor deze versie"),
    ]

    def __init__(self, store: Store, cspe: Cspe, stored: dict[NormeringKey, Normering], versie: str = "rood") -> None:
        super().__init__()
        self.store = store
        self.cspe = cspe
        self.stored = stored
        self.versie = versie

    def compose(self) -> ComposeResult:
        label = f"{self.cspe[0]} {self.cspe[1]} {self.cspe[2]}"
        with Vertical(id="normering-dialog", classes="dialog"):
            yield Static(f"N-term en L voor cspe {label}", classes="dialog-title", markup=False)
            yield Static("Versie", classes="dialog-label")
            with RadioSet(id="normering-versie"):
                for versie in VERSIES:
                    yield SignedRadioButton(versie, value=versie == self.versie, id=f"normering-versie-{versie}")
            yield Static("N-term (0,0 tot en met 2,0)", classes="dialog-label")
            yield Input(placeholder="bijvoorbeeld 1,3", id="normering-nterm")
            yield Static("Schaallengte L (geheel getal)", classes="dialog-label")
            yield Input(placeholder="bijvoorbeeld 90", id="normering-lengte")
            yield Static(
                "Neem N en L over uit de N-L-tool van het CvTE. De herkansing is de andere versie en "
                "krijgt de N en L van die versie.",
                classes="dialog-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Vastleggen (ctrl+s)", id="normering-save", variant="primary")
                yield Button("Annuleren (Esc)", id="normering-cancel")
            yield Static("", id="normering-status", markup=False)

    def on_mount(self) -> None:
        self._fill(self.versie)
        self.query_one("#normering-nterm", Input).focus()

    def _fill(self, versie: str) -> None:
        """Show what is stored for the versie, so changing it starts from the current values."""
        self.versie = versie
        normering = self.stored.get(NormeringKey.of(self.cspe, versie))
        self.query_one("#normering-nterm", Input).value = format_cijfer(normering.nterm) if normering else ""
        self.query_one("#normering-lengte", Input).value = str(normering.lengte) if normering else ""

    @on(RadioSet.Changed, "#normering-versie")
    def _versie_changed(self, event: RadioSet.Changed) -> None:
        self._fill(VERSIES[event.index])

    @on(Input.Submitted)
    @on(Button.Pressed, "#normering-save")
    def action_save(self) -> None:
        nterm = self.query_one("#normering-nterm", Input).value
        lengte = self.query_one("#normering-lengte", Input).value
        key = NormeringKey.of(self.cspe, self.versie)
        try:
            set_normering(self.store, key, nterm, lengte)
        except StoreError as exc:
            status = self.query_one("#normering-status", Static)
            status.add_class("-error")
            status.update(str(exc))
            return
        self.dismiss(key)

    @on(Button.Pressed, "#normering-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class CijferlijstScreen(BaseScreen):
    """One cspe's candidates with S, L, N and cijfer; after a herkansing both cijfers and the CE-cijfer."""

    CSS_PATH = STYLES
    HELP_GROUP: ClassVar[str] = "Cijferlijst"
    AUTO_FOCUS = "#cijferlijst-table"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "export_pdf", "PDF", id="cijferlijst-pdf",
                tooltip="Schrijf de cijferlijst als PDF in de map exports van de gegevensmap"),
        Binding("c", "export_csv", "CSV", id="cijferlijst-csv",
                tooltip="Schrijf de cijferlijst als CSV voor Excel in de map exports van de gegevensmap"),
        Binding("n", "normering", "N en L", id="cijferlijst-normering",
                tooltip="Leg de N-term en schaallengte L per versie vast (examensecretaris)"),
        Binding("r", "reload", "Vernieuwen", id="cijferlijst-vernieuwen",
                tooltip="Lees de groepen en de normering opnieuw"),
        Binding("escape", "back", "Terug", id="cijferlijst-terug", tooltip="Terug naar het vorige scherm"),
    ]

    def __init__(self, store: Store, cspe: Cspe, export_dir: Path | None = None) -> None:
        super().__init__()
        self.store = store
        self.cspe: Cspe = (cspe[0], cspe[1], int(cspe[2]))
        self.export_dir = export_dir
        self.lijst: Cijferlijst | None = None
        self.stored: dict[NormeringKey, Normering] = {}
        self.written: list[Path] = []

    def compose(self) -> ComposeResult:
        label = f"{self.cspe[0]} {self.cspe[1]} {self.cspe[2]}"
        role = " · examensecretaris" if self.store.is_secretaris else ""
        yield Static(f"Cijferlijst cspe {label} · ingelogd als {self.store.user}{role}", id="cijferlijst-info",
                     markup=False)
        yield Static("", id="cijferlijst-normering", markup=False)
        yield Static("", id="cijferlijst-warnings", classes="-hidden", markup=False)
        yield DataTable(id="cijferlijst-table", cursor_type="row", zebra_stripes=True)
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
            self.stored = normeringen(self.store, self.cspe)
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
        table.add_columns(*content.header)
        final = len(content.header) - 2  # the (CE-)cijfer column just before Opmerking
        for row in content.rows:
            cells: list[str | Text] = list(row)
            cells[final] = Text(row[final], style="bold")
            if row[-1]:
                cells[-1] = Text(row[-1], style="italic")
            table.add_row(*cells, key=row[0])
        if content.rows:
            table.move_cursor(row=min(chosen, len(content.rows) - 1))
        self.query_one("#cijferlijst-normering", Static).update(normering_summary(lijst, self.stored))
        warnings = self.query_one("#cijferlijst-warnings", Static)
        warnings.update("\n".join(f"Let op: {w}" for w in lijst.warnings))
        warnings.set_class(not lijst.warnings, "-hidden")
        with_cijfer = sum(1 for c in lijst.candidates if c.definitive is not None)
        if lijst.candidates:
            summary = f"{len(lijst.candidates)} kandidaten, {with_cijfer} met een cijfer."
            if with_cijfer < len(lijst.candidates):
                summary += " Wie geen cijfer heeft, heeft een open, ontbrekend of afwezig onderdeel (zie Opmerking)."
        else:
            summary = f"Er zijn nog geen groepen voor cspe {lijst.label}."
        self.query_one("#cijferlijst-summary", Static).update(summary)

    def action_normering(self) -> None:
        if not self.store.is_secretaris:
            return
        used = [c.first.versie for c in (self.lijst.candidates if self.lijst else ()) if c.first.versie]
        first = max(sorted(set(used)), key=used.count) if used else "rood"  # the first attempt's versie
        self.app.push_screen(NormeringDialog(self.store, self.cspe, self.stored, first), self._normering_saved)

    def _normering_saved(self, key: NormeringKey | None) -> None:
        if key is None:
            return
        self.action_reload()
        normering = self.stored.get(key)
        if normering is not None:
            self.notify(
                f"{key.label()}: N = {format_cijfer(normering.nterm)}, L = {normering.lengte}",
                title="Normering vastgelegd",
            )

    def action_export_pdf(self) -> None:
        self._export("pdf")

    def action_export_csv(self) -> None:
        self._export("csv")

    @work(thread=True, exclusive=True, group="cijferlijst-export")
    def _export(self, kind: str) -> None:
        """In a thread: fpdf2 takes a moment, and the screen keeps drawing meanwhile."""
        from cspe_tui.exports.cijferlijst import default_filename, write_cijferlijst_csv, write_cijferlijst_pdf
        from cspe_tui.exports.school import SchoolInfo

        lijst = self.lijst
        if lijst is None or not lijst.candidates:
            return
        folder = self.export_dir or cijferlijst_folder(self.store)
        path = folder / default_filename(lijst, f".{kind}")
        try:
            make_dirs(folder)
            if kind == "pdf":
                write_cijferlijst_pdf(lijst, SchoolInfo.from_settings(self.store.settings), path)
            else:
                write_cijferlijst_csv(lijst, path)
        except (OSError, StoreError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.app.call_from_thread(
                self.notify, f"Niet geschreven in {folder}: {reason}", severity="error", title="Export mislukt"
            )
            return
        self.app.call_from_thread(self._exported, path)

    def _exported(self, path: Path) -> None:
        self.written.append(path)
        incomplete = self.lijst is not None and any(c.definitive is None for c in self.lijst.candidates)
        note = " Niet alle kandidaten hebben een cijfer." if incomplete else ""
        self.notify(f"{path}{note}", title="Cijferlijst geschreven")

    def action_back(self) -> None:
        self.dismiss()
