"""Textual's web driver, but the app ends when the gateway's pipe closes.

Textual's WebDriver stops reading when stdin reaches its end and leaves the app running;
behind the gateway that would be an app nobody can reach or stop (an orphan).
"""

from __future__ import annotations

from textual import messages
from textual.drivers.web_driver import WebDriver


class GatewayDriver(WebDriver):
    def run_input_thread(self) -> None:
        super().run_input_thread()
        if not self.exit_event.is_set():
            self._app.call_from_thread(self._app.post_message, messages.ExitApp())
