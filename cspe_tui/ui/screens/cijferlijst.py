"""The cijferlijst of one cspe: cijfers from closed groups, herkansing, export, and N and L per combination.

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

from cspe_tui.domain.cijfers import Cijferlijst, Cspe, NeededNormering, NormeringKey
from cspe_tui.domain.normering import format_cijfer
from cspe_tui.store import Store, StoreError
from cspe_tui.store.fs import make_dirs
from cspe_tui.store.normering import VERSIES, NormeringSaved, check_normering, load_cijferlijst, set_normering
from cspe_tui.ui import signs
from cspe_tui.ui.downloads import offer_downloads
from cspe_tui.ui.screens.base import BaseScreen, Dialog
from cspe_tui.ui.widgets.choices import SignedRadioButton

STYLES = "../styles/cijferlijst.tcss"


def cijferlijst_folder(store: Store) -> Path:
    """Inside the data folder, beside the groups' exports, with the folder's group permissions."""
    return store.folder.path / "exports" / "cijferlijsten"


def normering_summary(lijst: Cijferlijst) -> str:
    """N and L of every combination the list needs, each with its maximum score."""
    from cspe_tui.exports.cijferlijst import normering_lines

    if not lijst.needed:
        return "Normering: nog geen kandidaten met een versie, dus nog geen N-term en L nodig."
    return "Normering: " + "; ".join(normering_lines(lijst))


def dialog_choices(lijst: Cijferlijst | None, cspe: Cspe) -> list[NeededNormering]:
    """The combinations the list needs; without any, the first afname in either versie."""
    if lijst is not None and lijst.needed:
        return list(lijst.needed)
    return [NeededNormering(NormeringKey.of(cspe, versie), None, None, (), None) for versie in VERSIES]


class NormeringDialog(Dialog[NormeringSaved | None]):
    """N and L as the CvTE's N-L-tool gives them, per combination, checked against its maximum."""

    CSS_PATH = STYLES
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="normering-annuleren", tooltip="Niets vastleggen"),
        Binding("ctrl+s", "save", "Vastleggen", id="normering-opslaan",
                tooltip="Leg N-term en L vast voor deze combinatie"),
    ]

    def __init__(self, store: Store, cspe: Cspe, choices: list[NeededNormering], chosen: int = 0) -> None:
        super().__init__()
        self.store = store
        self.cspe = cspe
        self.choices = choices
        self.chosen = min(chosen, len(choices) - 1)
        self._confirming: tuple[NormeringKey, str, str] | None = None

    @property
    def needed(self) -> NeededNormering:
        return self.choices[self.chosen]

    def compose(self) -> ComposeResult:
        label = f"{self.cspe[0]} {self.cspe[1]} {self.cspe[2]}"
        with Vertical(id="normering-dialog", classes="dialog"):
            yield Static(f"N-term en L voor cspe {label}", classes="dialog-title", markup=False)
            yield Static("Voor (1e afname per versie, of herkansing per combinatie)", classes="dialog-label")
            with RadioSet(id="normering-keuze"):
                for index, needed in enumerate(self.choices):
                    missing = "" if needed.normering else "  (ontbreekt)"
                    yield SignedRadioButton(
                        needed.key.combination() + missing, value=index == self.chosen, id=f"normering-keuze-{index}"
                    )
            with Horizontal(id="normering-fields"):
                yield Static("N-term", classes="field-label")
                yield Input(placeholder="1,3", id="normering-nterm", tooltip="N-term, 0,0 tot en met 2,0")
                yield Static("L", classes="field-label")
                yield Input(placeholder="90", id="normering-lengte", tooltip="Schaallengte L, een geheel getal")
                yield Static("", id="normering-maximum", markup=False)
            yield Static("", id="normering-status", markup=False)
            yield Static(
                "Neem N en L over uit de N-L-tool van het CvTE.",
                classes="dialog-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Vastleggen (ctrl+s)", id="normering-save", variant="primary")
                yield Button("Annuleren (Esc)", id="normering-cancel")

    def on_mount(self) -> None:
        self._fill(self.chosen)
        self.query_one("#normering-nterm", Input).focus()

    def _fill(self, index: int) -> None:
        """Show what is stored for the combination, and its maximum beside L."""
        self.chosen = index
        needed = self.needed
        normering = needed.normering
        self.query_one("#normering-nterm", Input).value = format_cijfer(normering.nterm) if normering else ""
        self.query_one("#normering-lengte", Input).value = str(normering.lengte) if normering else ""
        maximum = f"maximumscore {needed.maximum}" if needed.maximum is not None else "maximumscore onbekend"
        if needed.highest is not None:
            maximum += f" · hoogste S {needed.highest}"
        self.query_one("#normering-maximum", Static).update(maximum)
        self._status("", None)

    def _status(self, text: str, kind: str | None) -> None:
        status = self.query_one("#normering-status", Static)
        status.set_class(kind == "error", "-error")
        status.set_class(kind == "warning", "-warning")
        status.update(f"{signs.DIFFERENCE} {text}" if kind else text)
        self._confirming = None

    @on(RadioSet.Changed, "#normering-keuze")
    def _choice_changed(self, event: RadioSet.Changed) -> None:
        self._fill(event.index)

    @on(Input.Submitted)
    @on(Button.Pressed, "#normering-save")
    def action_save(self) -> None:
        nterm = self.query_one("#normering-nterm", Input).value
        lengte = self.query_one("#normering-lengte", Input).value
        key = self.needed.key
        attempt = (key, nterm, lengte)
        try:
            if self._confirming != attempt:
                checked = check_normering(self.store, key, nterm, lengte)
                if checked.warning:
                    self._status(f"Let op: {checked.warning}. Druk nogmaals ctrl+s om toch vast te leggen.", "warning")
                    self._confirming = attempt
                    return
            saved = set_normering(self.store, key, nterm, lengte)
        except StoreError as exc:
            self._status(str(exc), "error")
            return
        self.dismiss(saved)

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
                tooltip="Leg N-term en L vast per versie en per herkansingscombinatie (examensecretaris)"),
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
        self.query_one("#cijferlijst-normering", Static).update(normering_summary(lijst))
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
        offer_downloads(self.app, [path])
        incomplete = self.lijst is not None and any(c.definitive is None for c in self.lijst.candidates)
        note = " Niet alle kandidaten hebben een cijfer." if incomplete else ""
        self.notify(f"{path}{note}", title="Cijferlijst geschreven")

    def action_back(self) -> None:
        self.dismiss()
