"""One line for what just happened: a refused score, a failed write, the digits typed so far."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from cspe_tui.present import signs

FADE_SECONDS = 6.0


class StatusLine(Static):
    """A message fades after a few seconds, so an old one is never read as news; a prompt (sticky) stays."""

    fade_seconds = FADE_SECONDS
    _fade: Timer | None = None

    def say(self, message: str, *, error: bool = False, sticky: bool = False) -> None:
        """Errors get the difference sign too, so they stand out without colour."""
        self.set_class(error, "-error")
        self.update(Text(f"{signs.DIFFERENCE} {message}" if error else message), layout=False)
        if self._fade is not None:
            self._fade.stop()
            self._fade = None
        if not sticky:
            self._fade = self.set_timer(self.fade_seconds, self.clear)

    def clear(self) -> None:
        if self._fade is not None:
            self._fade.stop()
            self._fade = None
        if self.has_class("-error") or self.content:
            self.set_class(False, "-error")
            self.update("", layout=False)
