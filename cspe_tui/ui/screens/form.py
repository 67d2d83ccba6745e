"""FormDialog: what the dialogs with fields share: one status line, and Esc that asks before typed text is lost."""

from __future__ import annotations

from typing import ClassVar

from textual.widgets import Input, Static, TextArea

from cspe_tui.present import signs
from cspe_tui.ui.screens.base import Dialog, ResultT
from cspe_tui.ui.screens.confirm import ConfirmScreen, on_yes


class FormDialog(Dialog[ResultT]):
    """Subclasses name their status line in STATUS_ID and bind escape to `cancel`."""

    STATUS_ID: ClassVar[str] = ""

    def say(self, message: str, *, error: bool = True) -> None:
        status = self.query_one(f"#{self.STATUS_ID}", Static)
        status.set_class(error, "-error")
        status.update(f"{signs.DIFFERENCE} {message}" if error else message)

    def typed_text(self) -> bool:
        """True when a field holds text the user typed (and would lose on leaving)."""
        for widget in self.query("Input, TextArea"):
            value = widget.value if isinstance(widget, Input) else widget.text if isinstance(widget, TextArea) else ""
            if value.strip() and not widget.disabled and not getattr(widget, "read_only", False):
                return True
        return False

    def action_cancel(self) -> None:
        if not self.typed_text():
            self.dismiss(None)
            return
        self.app.push_screen(
            ConfirmScreen("Je hebt al tekst getypt. Het venster sluiten zonder op te slaan?", "Sluiten"),
            on_yes(self.dismiss),
        )
