"""One line for what just happened: a refused score, a failed write, the digits typed so far."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from cspe_tui.ui import signs


class StatusLine(Static):
    def say(self, message: str, *, error: bool = False) -> None:
        """Errors get the difference sign too, so they stand out without colour."""
        self.set_class(error, "-error")
        self.update(Text(f"{signs.DIFFERENCE} {message}" if error else message), layout=False)

    def clear(self) -> None:
        if self.has_class("-error") or self.content:
            self.set_class(False, "-error")
            self.update("", layout=False)
