"""Note a candidate's ondersteuning (extra faciliteiten) in this group: the examensecretaris only.

Both examinators see it on the scoring screen and it is printed in the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Checkbox, Input, Static

from cspe_tui.domain.group import GroupState
from cspe_tui.domain.group_notes import MAX_TEXT, Ondersteuning
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.journal import Committed
from cspe_tui.present import signs
from cspe_tui.ui.screens.base import Dialog


@dataclass(frozen=True)
class Saved:
    """What the store now holds for the candidate; `note` None: no ondersteuning (any more)."""

    examennummer: str
    note: Ondersteuning | None
    commits: tuple[Committed, ...] = ()


class OndersteuningScreen(Dialog[Saved | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="ondersteuning-annuleren", tooltip="Niets vastleggen"),
        Binding("ctrl+s", "save", "Vastleggen", id="ondersteuning-opslaan",
                tooltip="Leg de ondersteuning vast; leeg laten haalt haar weg"),
    ]

    def __init__(self, store: RecordStore, state: GroupState, examennummer: str) -> None:
        super().__init__()
        self.store = store
        self.group_id = state.info.group_id
        self.candidate = state.candidate(examennummer)
        self.current = state.ondersteuning_for(examennummer)

    def compose(self) -> ComposeResult:
        note = self.current
        with Vertical(id="ondersteuning-dialog", classes="dialog"):
            yield Static(
                f"Ondersteuning van {self.candidate.examennummer} {self.candidate.naam}",
                classes="dialog-title",
                markup=False,
            )
            yield Checkbox("Verlengde tijd", note.verlengde_tijd if note else False, id="ondersteuning-tijd")
            yield Checkbox("Aangepaste opdracht", note.aangepaste_opdracht if note else False, id="ondersteuning-opdracht")
            yield Static("Toelichting (bijvoorbeeld: 30 minuten extra, dyslexie)", classes="dialog-label")
            yield Input(value=note.tekst if note else "", max_length=MAX_TEXT, id="ondersteuning-tekst")
            yield Static(
                "Beide examinatoren zien dit bij de kandidaat; het komt ook op de PDF. Alles leeg: geen ondersteuning.",
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Vastleggen (ctrl+s)", id="ondersteuning-save", variant="primary")
                yield Button("Annuleren (Esc)", id="ondersteuning-cancel")
            yield Static("", id="ondersteuning-status", markup=False)

    def on_mount(self) -> None:
        self.query_one("#ondersteuning-tijd", Checkbox).focus()

    @on(Input.Submitted, "#ondersteuning-tekst")
    @on(Button.Pressed, "#ondersteuning-save")
    def action_save(self) -> None:
        commits: list[Committed] = []
        try:
            note = self.store.set_ondersteuning(
                self.group_id,
                self.candidate.examennummer,
                verlengde_tijd=self.query_one("#ondersteuning-tijd", Checkbox).value,
                aangepaste_opdracht=self.query_one("#ondersteuning-opdracht", Checkbox).value,
                tekst=self.query_one("#ondersteuning-tekst", Input).value,
                commits=commits,
            )
        except StoreError as exc:
            status = self.query_one("#ondersteuning-status", Static)
            status.add_class("-error")
            status.update(f"{signs.DIFFERENCE} {exc}")
            return
        self.dismiss(Saved(self.candidate.examennummer, note, tuple(commits)))

    @on(Button.Pressed, "#ondersteuning-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
