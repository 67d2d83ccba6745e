"""Let a group vervallen, with a reason: the examensecretaris puts right a group made by mistake.

The group is kept and logged, takes no further change and is left out of the cijferlijst.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from cspe_tui.domain.group_notes import MAX_TEXT, Withdrawal
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.present import signs
from cspe_tui.ui.screens.base import Dialog


class WithdrawScreen(Dialog[Withdrawal | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="vervallen-annuleren", tooltip="De groep blijft zoals hij is"),
    ]

    def __init__(self, store: RecordStore, group_id: str, label: str) -> None:
        super().__init__()
        self.store = store
        self.group_id = group_id
        self.label = label

    def compose(self) -> ComposeResult:
        with Vertical(id="vervallen-dialog", classes="dialog"):
            yield Static(f"Groep {self.group_id} laten vervallen", classes="dialog-title", markup=False)
            yield Static(
                f"{self.label}\nDe groep blijft bewaard met alle scores en het logboek, maar er kan niets meer in "
                "worden veranderd en hij telt niet mee in de cijferlijst. Dit kan niet ongedaan worden gemaakt.",
                markup=False,
            )
            yield Static("Reden (komt in het logboek en op de PDF)", classes="dialog-label")
            yield Input(placeholder="bijvoorbeeld: dubbel aangemaakt", max_length=MAX_TEXT, id="vervallen-reden")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Laten vervallen (Enter)", id="vervallen-ja", variant="error")
                yield Button("Annuleren (Esc)", id="vervallen-nee")
            yield Static("", id="vervallen-status", markup=False)

    def on_mount(self) -> None:
        self.query_one("#vervallen-reden", Input).focus()

    @on(Input.Submitted, "#vervallen-reden")
    @on(Button.Pressed, "#vervallen-ja")
    def _confirm(self) -> None:
        try:
            withdrawal = self.store.withdraw_group(self.group_id, self.query_one("#vervallen-reden", Input).value)
        except StoreError as exc:
            status = self.query_one("#vervallen-status", Static)
            status.add_class("-error")
            status.update(f"{signs.DIFFERENCE} {exc}")
            return
        self.dismiss(withdrawal)

    @on(Button.Pressed, "#vervallen-nee")
    def action_cancel(self) -> None:
        self.dismiss(None)
