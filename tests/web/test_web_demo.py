"""`cspe demo --web` in Chromium: one command shows a newcomer the browser version, on this computer only.

Also what an iPad (touch, on-screen keyboard without Esc or Ctrl) and a Chromebook need:
the footer keys can be tapped, the bar above the terminal has Terug, Tab, arrows, Enter
and a Ctrl that applies to the next letter; at 1024x768 and 1366x768.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from cspe_tui.cli import main
from cspe_tui.domain.settings import Settings
from cspe_tui.store import open_store
from tests.ssh.harness import descendants, free_port, stop_pids, wait_until

from .browser import Terminal, browser_skip_reason

pytestmark = pytest.mark.web
START = 60.0


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> Iterator[str]:
    reason = browser_skip_reason()
    if reason:
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("webdemo") / "cspe-demo"
    assert main(["--data", str(folder), "demo", "--niet-starten"]) == 0
    port = free_port()
    log = folder.parent / "gateway.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "cspe_tui", "--data", str(folder), "demo", "--web", "--poort", str(port)],
            stdout=out, stderr=out, start_new_session=True,
        )
    try:
        assert wait_until(lambda: "cspe web (pid" in log.read_text() or proc.poll() is not None, START)
        assert proc.poll() is None, log.read_text()
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_pids([*descendants(proc.pid), proc.pid])


def open_as(browser, url: str, login: str, size: tuple[int, int], touch: bool):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, has_touch=touch)
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    terminal = Terminal(page)
    page.goto(url + "/")
    button = page.locator(f"button[value={login}]")
    button.tap() if touch else button.click()
    terminal.wait_for(lambda s: f"ingelogd als {login}" in s and "Cijferlijst" in s, START, "start screen with its footer")
    return context, page, terminal, requests


def _settled(terminal: Terminal, quiet: float = 0.4) -> str:
    """The screen once it has not changed for `quiet` seconds: a person taps what stands still
    (a tap while the app redraws the footer under the finger can miss its key)."""
    deadline = time.monotonic() + START
    shown, since = terminal.text(), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() < deadline:
        time.sleep(0.05)
        now = terminal.text()
        if now != shown:
            shown, since = now, time.monotonic()
    return shown


def tap_text(page, terminal: Terminal, text: str, row_from_end: int | None = None) -> None:
    """Tap the terminal where `text` is shown (the last row when row_from_end=1)."""
    def there(shown: str) -> bool:
        lines = shown.split("\n")
        return text in (lines[-row_from_end] if row_from_end else shown)

    terminal.wait_for(there, START, f"{text!r} to tap")
    lines = _settled(terminal).split("\n")
    assert there("\n".join(lines)), f"{text!r} went away before the tap"
    with terminal.lock:
        rows, columns = terminal.screen.lines, terminal.screen.columns
    candidates = range(len(lines)) if row_from_end is None else [len(lines) - row_from_end]
    row = next(r for r in candidates if text in lines[r])
    column = lines[row].index(text) + len(text) // 2
    box = page.locator("#terminal .xterm-screen").bounding_box()
    x = box["x"] + (column + 0.5) * box["width"] / columns
    y = box["y"] + (row + 0.5) * box["height"] / rows
    page.touchscreen.tap(x, y)


def test_the_demo_serves_only_this_computer_and_only_a_demo_folder(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "demo"
    assert main(["--data", str(folder), "demo", "--web", "--adres", "0.0.0.0", "--niet-starten"]) == 1
    assert "alleen op 127.0.0.1" in capsys.readouterr().err
    real = tmp_path / "echt"
    open_store(real, create=True, settings=Settings(school="Vmbo De Brug"))
    assert main(["--data", str(real), "demo", "--web"]) == 1
    assert "demomap" in capsys.readouterr().err


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)], ids=["ipad", "chromebook"])
def test_on_a_touch_screen_every_action_can_be_tapped(demo_url: str, browser, size: tuple[int, int]) -> None:
    context, page, terminal, requests = open_as(browser, demo_url, "jansen", size, touch=True)
    assert all(url.startswith(demo_url + "/") for url in requests), [u for u in requests if not u.startswith(demo_url)]
    assert page.locator("html").get_attribute("lang") == "nl"

    # The footer's keys are tappable: "Openen" opens the group under the cursor. The first tap on
    # the terminal gives it focus (and the app redraws its footer), as on a real tablet.
    tap_text(page, terminal, "ingelogd als")
    page.wait_for_timeout(500)
    tap_text(page, terminal, "Openen", row_from_end=1)
    terminal.wait_for(lambda s: "1e jansen (jij)" in s, START, "the scoring screen after tapping Openen")
    # Back without an Escape key: the bar's Terug.
    page.locator("[data-toets=escape]").tap()
    terminal.wait_for(lambda s: "Cijferlijst" in s and "Groep" in s, START, "the start screen after tapping Terug")

    # Ctrl, then a letter from the on-screen keyboard: ctrl+p opens the command palette.
    page.locator("#ctrl").tap()
    assert page.locator("#ctrl").get_attribute("aria-pressed") == "true"
    page.keyboard.insert_text("p")
    before = terminal.text()
    palette = terminal.wait_for(lambda s: s != before and "🔎" in s, START, "the command palette")
    mark = next(line for line in palette.split("\n") if "🔎" in line)
    assert page.locator("#ctrl").get_attribute("aria-pressed") == "false"
    page.locator("[data-toets=escape]").tap()
    terminal.wait_for(lambda s: mark not in s and "Cijferlijst" in s, START, "back from the palette")

    # The help screen opens from the footer and closes with a tap on its own key.
    tap_text(page, terminal, "Help", row_from_end=1)
    terminal.wait_for(lambda s: "Help: toetsen en tekens" in s, START, "help")
    tap_text(page, terminal, "Sluiten", row_from_end=1)
    terminal.wait_for(lambda s: "Help: toetsen" not in s and "Cijferlijst" in s, START, "help closed by a tap")

    page.locator("#afmelden").tap()
    page.wait_for_url("**/aanmelden?afgemeld")
    assert "Je bent afgemeld." in page.content()
    context.close()
