"""N and L per combination (first afname per versie, or a herkansing combination), checked against its maximum."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, RadioSet, Static

from cspe_tui.domain.cijfers import Cijferlijst, Cspe, NeededNormering, NormeringKey
from cspe_tui.domain.normering import format_cijfer
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.normering import VERSIES, NormeringSaved, check_normering, needed_for, set_normering
from cspe_tui.present import signs
from cspe_tui.ui.screens.base import Dialog
from cspe_tui.ui.widgets.choices import ChoiceSet, SignedRadioButton

STYLES = "../styles/cijferlijst.tcss"


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

    def __init__(self, store: RecordStore, cspe: Cspe, choices: list[NeededNormering], chosen: int = 0) -> None:
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
            with ChoiceSet(id="normering-keuze"):
                for index, needed in enumerate(self.choices):
                    missing = "" if needed.normering else "  (ontbreekt)"
                    yield SignedRadioButton(
                        needed.key.combination() + missing, value=index == self.chosen, id=f"normering-keuze-{index}"
                    )
            with Horizontal(id="normering-fields"):
                yield Static("N-term", classes="field-label")
                yield Input(placeholder="0,0-2,0", id="normering-nterm", tooltip="N-term, 0,0 tot en met 2,0")
                yield Static("L", classes="field-label")
                yield Input(id="normering-lengte", tooltip="Schaallengte L: een geheel getal, de maximumscore van de "
                            "combinatie (zie rechts)")
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
        if self.needed.maximum is None:
            try:  # a combination nobody needs yet: its maximum from the models
                self.choices[index] = needed_for(self.store, self.needed.key)
            except StoreError:
                pass
        needed = self.needed
        normering = needed.normering
        self.query_one("#normering-nterm", Input).value = format_cijfer(normering.nterm) if normering else ""
        lengte = self.query_one("#normering-lengte", Input)
        lengte.value = str(normering.lengte) if normering else ""
        lengte.placeholder = str(needed.maximum) if needed.maximum is not None else ""
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
