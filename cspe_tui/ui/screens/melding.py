"""Report an error in the exam or the correctiemodel for the Examenloket, from the current criterium.

The melding belongs to the model, so every group that uses it shows the mark;
scoring goes on as if exam and model were right (domain rule 3).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar, get_args

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, RadioSet, Static, TextArea

from cspe_tui.domain.group import GroupState, Melding, MeldingMoment
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.present import signs
from cspe_tui.ui.screens.form import FormDialog
from cspe_tui.ui.widgets.choices import ChoiceSet, SignedRadioButton

MOMENTS: tuple[str, ...] = get_args(MeldingMoment)


def meldingen_written(count: int, paths: Sequence[Path]) -> str:
    """What `m` wrote, with every file's whole path: the examensecretaris sends these to the Examenloket."""
    what = "Geen meldingen" if count == 0 else "1 melding" if count == 1 else f"{count} meldingen"
    return f"{what} voor het Examenloket geschreven in:\n" + "\n".join(str(path) for path in paths)


class MeldingScreen(FormDialog[Melding | None]):
    STATUS_ID = "melding-status"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="melding-annuleren", tooltip="Niets melden"),
        Binding("ctrl+s", "save", "Melden", id="melding-opslaan", tooltip="Sla de melding op"),
    ]

    def __init__(self, store: RecordStore, state: GroupState, code: str) -> None:
        super().__init__()
        self.store = store
        self.model_key = state.info.model_key
        self.criterium = state.model.criterium(code)
        self.opdracht = state.model.opdracht_of(code)
        self.existing = state.meldingen_for(code)

    def compose(self) -> ComposeResult:
        with Vertical(id="melding-dialog", classes="dialog"):
            yield Static("Fout melden aan het Examenloket", classes="dialog-title")
            yield Static(
                f"Examen: {self.model_key.label()}\n"
                f"Opdracht {self.opdracht.nummer}: {self.opdracht.titel}\n"
                f"Criterium {self.criterium.code}: {self.criterium.omschrijving}\n"
                f"Gemeld door: {self.store.user}",
                id="melding-where",
                markup=False,
            )
            if self.existing:
                lines = [
                    f"{signs.MELDING} {m.gevonden_door}, {self.app.present.moment(m.at)} ({m.moment}): {m.omschrijving}"
                    for m in self.existing
                ]
                yield Static("Al gemeld:\n" + "\n".join(lines), id="melding-existing", markup=False)
            yield Static("Wanneer gevonden?", classes="dialog-label")
            with ChoiceSet(id="melding-moment"):
                for moment in MOMENTS:
                    yield SignedRadioButton(moment, value=moment == "tijdens de correctie")
            yield Static("Wat is er fout?", classes="dialog-label")
            yield TextArea(id="melding-text", soft_wrap=True, show_line_numbers=False)
            yield Static(
                "Scoor gewoon door volgens het correctievoorschrift. De melding hoort bij het correctiemodel: "
                "elke groep met dit model ziet het teken " + signs.MELDING + ".",
                classes="dialog-hint",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Melden (ctrl+s)", id="melding-save", variant="primary")
                yield Button("Annuleren (Esc)", id="melding-cancel")
            yield Static("", id="melding-status", markup=False)

    def on_mount(self) -> None:
        self.query_one("#melding-text", TextArea).focus()

    @on(Button.Pressed, "#melding-save")
    def action_save(self) -> None:
        text = self.query_one("#melding-text", TextArea).text.strip()
        if not text:
            self.say("Beschrijf eerst wat er fout is.")
            return
        pressed = self.query_one("#melding-moment", RadioSet).pressed_index
        moment = MOMENTS[pressed if pressed >= 0 else MOMENTS.index("tijdens de correctie")]
        try:
            melding = self.store.add_melding(self.model_key, self.opdracht.nummer, self.criterium.code, text, moment)
        except StoreError as exc:
            self.say(str(exc))
            return
        self.dismiss(melding)

    @on(Button.Pressed, "#melding-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
