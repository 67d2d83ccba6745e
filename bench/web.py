"""The app in the browser through `cspe web`'s gateway on loopback, beside the same app in a pty.

Measured on the demo folder (the demo gateway: the same server, pages and app processes as
`cspe web`, without PAM and sudo, so it runs without root):

- key to finished screen: a digit and an arrow on the scoring screen, timed inside the page
  from the websocket send to the last frame of the answer (50 ms of silence end it), beside
  the same keys in a pseudo-terminal (bench/terminal.py) at the same size;
- time from the login click to the start screen in Chromium;
- memory per session (PSS of the app process) and of the gateway;
- 30 sessions at once: 30 websocket clients speaking the page's protocol log in and open
  the app; the time until all show their start screen, the memory, and the browser's key
  time while they are open.

Needs chromium (/usr/bin/chromium), playwright and pyte (`pip install -e '.[test]'`).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.terminal import Terminal, p50_p95  # noqa: E402

GROUP_DOWNS = 5
"""pie-gl-2026-rood-a, the fresh gelijktijdig group, is the sixth on jansen's start screen."""
KEYS = 30
SESSIONS = 30

TIMING = """
window.__sent = []; window.__recv = [];
const Native = window.WebSocket;
window.WebSocket = function (url, protocols) {
  const s = protocols === undefined ? new Native(url) : new Native(url, protocols);
  const send = s.send.bind(s);
  s.send = (d) => { if (typeof d === "string" && d.startsWith('["stdin"')) window.__sent.push(performance.now()); send(d); };
  s.addEventListener("message", (e) => { if (typeof e.data !== "string") window.__recv.push(performance.now()); });
  return s;
};
window.WebSocket.prototype = Native.prototype;
for (const n of ["CONNECTING", "OPEN", "CLOSING", "CLOSED"]) window.WebSocket[n] = Native[n];
"""

ANSWER = """() => {
  const t0 = window.__sent[window.__sent.length - 1];
  let last = null;
  for (const t of window.__recv) {
    if (t < t0) continue;
    if (last !== null && t - last > 50) break;
    last = t;
  }
  return last === null ? null : last - t0;
}"""


def serve(folder: str, port: int) -> None:
    """The demo gateway with room for the 30 sessions (3 demo logins, so more tabs per login)."""
    from cspe_tui.web.auth import DemoChecker
    from cspe_tui.web.demo import demo_config
    from cspe_tui.web.run import serve as run
    from cspe_tui.web.server import Gateway

    config = replace(demo_config(Path(folder), "127.0.0.1", port), per_user=SESSIONS, total=SESSIONS + 5)
    run(Gateway(config, DemoChecker(config.demo_logins)), cert=None, key=None, run_as=None)


def pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid: int) -> list[int]:
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                if int(Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(name))
            except (OSError, IndexError):
                continue
    return found


def wait_text(page, terminal, needle: str, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while needle not in terminal.text():
        if time.monotonic() > deadline:
            raise TimeoutError(f"{needle!r} not shown:\n{terminal.text()}")
        page.wait_for_timeout(5)


def turns(digit, arrow) -> list[tuple[str, object]]:
    """KEYS keys, a digit and an arrow in turn, each with the kind it is reported under."""
    return [("cijfer", digit) if i % 2 == 0 else ("pijl", arrow) for i in range(KEYS)]


def log_in(browser, url: str, timed: bool = False):
    """A new tab that logs in as jansen, until the start screen shows: (context, page, terminal, seconds)."""
    from tests.web.browser import Terminal as PageTerminal

    context = browser.new_context(viewport={"width": 1366, "height": 768})
    if timed:
        context.add_init_script(TIMING)
    page = context.new_page()
    terminal = PageTerminal(page)
    page.goto(url + "/aanmelden")
    start = time.perf_counter()
    page.click("button[value=jansen]")
    wait_text(page, terminal, "Stoppen")
    return context, page, terminal, time.perf_counter() - start


def time_keys(page) -> dict[str, list[float]]:
    """Each key timed inside the page (TIMING), from its send to the answer's last frame."""
    times: dict[str, list[float]] = {"cijfer": [], "pijl": []}
    for kind, key in turns("0", "ArrowUp"):
        page.keyboard.press(key)
        page.wait_for_timeout(250)
        answer = page.evaluate(ANSWER)
        if answer is not None:
            times[kind].append(answer / 1000)
    return times


def browser_keys(page, terminal) -> dict[str, list[float]]:
    """Open the fresh group and time digits and arrows in the page."""
    page.locator("#terminal").click(position={"x": 5, "y": 5})
    for _ in range(GROUP_DOWNS):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    wait_text(page, terminal, "1e jansen (jij)")
    page.wait_for_timeout(1500)
    return time_keys(page)


def pty_keys(folder: Path, size: tuple[int, int]) -> dict[str, list[float]]:
    term = Terminal([sys.executable, "-m", "cspe_tui", "--data", str(folder), "demo", "--als", "jansen"], size)
    try:
        term.wait_for("Stoppen")
        for _ in range(GROUP_DOWNS):
            term.key(b"\x1b[B", feed=True)
        term.key(b"\r", feed=True)
        term.wait_for("1e jansen (jij)")
        term.settle(0.5, 3.0, feed=True)
        times: dict[str, list[float]] = {"cijfer": [], "pijl": []}
        for kind, key in turns(b"0", b"\x1b[A"):
            took = term.key(key)
            if took is not None:
                times[kind].append(took)
        return times
    finally:
        term.stop()


def many_sessions(url: str, count: int, ready: threading.Event, done: threading.Event, result: dict) -> None:
    """`count` websocket clients as the page would be: log in, open /ws, wait for the start screen, stay."""
    import aiohttp
    import pyte

    async def one(i: int) -> float:
        login = ("jansen", "de_vries", "bakker")[i % 3]
        async with aiohttp.ClientSession() as http:
            start = time.perf_counter()
            async with http.post(url + "/aanmelden", data={"login": login}, headers={"Origin": url}, allow_redirects=False) as r:
                cookie = r.cookies["cspe_sessie"].value
            screen = pyte.Screen(120, 40)
            stream = pyte.ByteStream(screen)
            async with http.ws_connect(url + "/ws?width=120&height=40", headers={"Origin": url, "Cookie": f"cspe_sessie={cookie}"}) as ws:
                shown = None
                greeted = False
                async for message in ws:
                    if message.type == aiohttp.WSMsgType.BINARY:
                        stream.feed(message.data)
                        if not greeted:  # as the page does: the app draws its footer once it has focus
                            greeted = True
                            await ws.send_str(json.dumps(["focus"]))
                        if shown is None and "ingelogd als" in "\n".join(screen.display):
                            shown = time.perf_counter() - start
                            result.setdefault("shown", []).append(shown)
                            finished()
                            while not done.is_set():
                                await asyncio.sleep(0.2)
                            await ws.close()
                            break
                if shown is None:
                    result["failed"] = result.get("failed", 0) + 1
                    finished()
                return shown or -1.0

    def finished() -> None:
        if len(result.get("shown", [])) + result.get("failed", 0) == count:
            ready.set()

    async def all_of_them() -> None:
        start = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(count)))
        result["wall"] = time.perf_counter() - start

    asyncio.run(all_of_them())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--serve", nargs=2, metavar=("MAP", "POORT"), help=argparse.SUPPRESS)
    parser.add_argument("--sessies", type=int, default=SESSIONS, help="hoeveel sessies tegelijk (standaard 30)")
    args = parser.parse_args()
    if args.serve:
        serve(args.serve[0], int(args.serve[1]))
        return 0

    from playwright.sync_api import sync_playwright

    from cspe_tui.demo import create_demo
    from tests.ssh.harness import descendants, free_port, stop_pids
    from tests.web.browser import launch

    work = Path(tempfile.mkdtemp(prefix="cspe-bench-web-"))
    folder = work / "demo"
    create_demo(folder)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    log = open(work / "gateway.log", "wb")
    gateway = subprocess.Popen([sys.executable, __file__, "--serve", str(folder), str(port)], stdout=log, stderr=log,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 30
        while "cspe web (pid" not in (work / "gateway.log").read_text():
            if time.monotonic() > deadline or gateway.poll() is not None:
                raise SystemExit((work / "gateway.log").read_text())
            time.sleep(0.1)
        with sync_playwright() as playwright:
            browser = launch(playwright)
            logins = []
            for _ in range(5):
                context, _page, _terminal, took = log_in(browser, url)
                logins.append(took)
                context.close()

            _context, page, terminal, _took = log_in(browser, url, timed=True)
            size = (terminal.screen.columns, terminal.screen.lines)
            apps = children(gateway.pid)
            per_session = [pss_kb(pid) for pid in apps]
            browser_times = browser_keys(page, terminal)
            pty_times = pty_keys(folder, size)

            ready, done, result = threading.Event(), threading.Event(), {}
            clients = threading.Thread(target=many_sessions, args=(url, args.sessies - 1, ready, done, result), daemon=True)
            clients.start()
            ready.wait(600)
            all_apps = children(gateway.pid)
            crowd_pss = [pss_kb(pid) for pid in all_apps]
            gateway_pss = pss_kb(gateway.pid)
            load = os.getloadavg()[0]
            crowd_times = time_keys(page)
            done.set()
            clients.join(60)
            browser.close()
    finally:
        stop_pids([*descendants(gateway.pid), gateway.pid])

    print(f"Terminal {size[0]}x{size[1]} (Chromium 1366x768), {KEYS} keys per run; p50 / p95 in ms.")
    print("Key to finished screen:")
    for kind in ("cijfer", "pijl"):
        b50, b95 = p50_p95(browser_times[kind])
        p50, p95 = p50_p95(pty_times[kind])
        c50, c95 = p50_p95(crowd_times[kind]) if crowd_times[kind] else (float("nan"),) * 2
        print(f"  {kind:6}  browser {b50:6.1f} / {b95:6.1f}   pty {p50:6.1f} / {p95:6.1f}   "
              f"browser with {args.sessies} sessions {c50:6.1f} / {c95:6.1f}   (browser - pty p50: {b50 - p50:+.1f})")
    print(f"Login click to start screen: median {statistics.median(logins):.2f} s (of {len(logins)}: "
          f"{', '.join(f'{t:.2f}' for t in logins)})")
    print(f"Memory per session (PSS of its app): {statistics.median(per_session) / 1024:.0f} MB "
          f"(alone); with {len(all_apps)} sessions median {statistics.median(crowd_pss) / 1024:.0f} MB, "
          f"all apps {sum(crowd_pss) / 1024:.0f} MB, gateway {gateway_pss / 1024:.0f} MB")
    shown = sorted(result.get("shown", []))
    if shown:
        failed = f"; {result['failed']} did not start" if result.get("failed") else ""
        print(f"{len(shown) + 1} sessions at once{failed}: {len(shown)} clients logged in together; start screen after "
              f"median {statistics.median(shown):.1f} s, last {shown[-1]:.1f} s; load average then {load:.1f}")
    else:
        print(f"{args.sessies} sessions at once: the clients did not all reach the start screen")
    goal = p50_p95(browser_times["cijfer"])[1] - p50_p95(pty_times["cijfer"])[1]
    print(f"Goal: a digit in the browser within 30 ms (p95) of the pty: {'met' if goal <= 30 else 'NOT met'} ({goal:+.1f} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
