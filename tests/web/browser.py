"""Chromium driven by Playwright, and what its terminal shows.

The page draws the terminal on a canvas (xterm.js with WebGL), so the test reads the screen
the way the browser builds it: every binary websocket frame the page receives goes into a
pyte terminal of the size the page asked for (its `?width=&height=` and `resize` messages).
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlsplit

import pyte

CHROMIUM = "/usr/bin/chromium"


def browser_skip_reason() -> str | None:
    if not os.path.exists(CHROMIUM):
        return "needs Debian's chromium (apt-get install chromium; .ci/run installs it)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "needs playwright (pip install -e '.[test]')"
    return None


def launch(playwright):
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    return playwright.chromium.launch(executable_path=CHROMIUM, args=args)


class Terminal:
    """The screen of one page's app, fed by the page's websocket frames."""

    def __init__(self, page) -> None:
        self.page = page
        self.lock = threading.Lock()
        self.screen = pyte.Screen(80, 24)
        self.stream = pyte.ByteStream(self.screen)
        self.closed: str | None = None
        self.sockets = 0
        page.on("websocket", self._socket)

    def _socket(self, socket) -> None:
        self.sockets += 1
        query = parse_qs(urlsplit(socket.url).query)
        with self.lock:
            self.screen = pyte.Screen(int(query.get("width", ["80"])[0]), int(query.get("height", ["24"])[0]))
            self.stream = pyte.ByteStream(self.screen)
            self.closed = None
        socket.on("framereceived", self._received)
        socket.on("framesent", self._sent)
        socket.on("close", lambda _s: setattr(self, "closed", self.closed or "gesloten"))

    def _received(self, payload) -> None:
        if isinstance(payload, (bytes, bytearray)):
            with self.lock:
                self.stream.feed(bytes(payload))

    def _sent(self, payload) -> None:
        if isinstance(payload, str) and payload.startswith('["resize"'):
            size = json.loads(payload)[1]
            with self.lock:
                self.screen.resize(size["height"], size["width"])

    def text(self) -> str:
        with self.lock:
            return "\n".join(line.rstrip() for line in self.screen.display)

    def wait_for(self, check: Callable[[str], object], timeout: float, what: str) -> str:
        deadline = time.monotonic() + timeout
        while True:
            shown = self.text()
            if check(shown):
                return shown
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not in the browser within {timeout:.0f} s. The screen:\n{shown}")
            self.page.wait_for_timeout(50)

    def type(self, keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)


def focus_terminal(page) -> None:
    """Keys go nowhere until the terminal has focus (a click on it, as a user does)."""
    page.locator("#terminal").click(position={"x": 5, "y": 5})


__all__ = ["CHROMIUM", "Terminal", "browser_skip_reason", "focus_terminal", "launch"]
