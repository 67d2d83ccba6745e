"""A yes/no question before something that is hard to undo."""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Static

from cspe_tui.ui.screens.base import Dialog


def on_yes(then: Callable[[], object]) -> Callable[[bool | None], None]:
    """The result callback for a ConfirmScreen: runs `then` on yes and returns nothing.

    Textual awaits whatever a result callback returns, in the screen that asked. A callback
    that returned `pop_screen()` or `dismiss()` waited for its own screen to go away, and
    the app no longer answered any key.
    """

    def answered(yes: bool | None) -> None:
        if yes:
            then()

    return answered


class ConfirmScreen(Dialog[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Annuleren", id="annuleren", tooltip="Niets doen"),
        Binding("j,y", "answer(True)", "Ja", id="ja", tooltip="Ja, doe het"),
        Binding("n", "answer(False)", "Nee", id="nee", tooltip="Nee, niets doen"),
    ]

    def __init__(self, question: str, yes: str) -> None:
        super().__init__()
        self.question = question
        self.yes = yes

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-dialog", classes="dialog"):
            yield Static(self.question, id="confirm-question", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.yes} (j)", id="confirm-yes", variant="primary")
                yield Button("Annuleren (Esc)", id="confirm-no")

    def on_mount(self) -> None:
        self.query_one("#confirm-no", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "confirm-yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
