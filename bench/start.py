"""Start screen in a real pseudo-terminal: `python bench/start.py` (about 2 minutes).

A school of 1,000 candidates in 40 groups of 25 (60 criteria): 10 not started, 20 in
progress (scores of both examinators, a difference, an open remark), 10 closed. The user
(jansen) takes part in every group, so all 40 are listed. Per pty size (120x40 and 80x24):

- **start to usable**: from starting `cspe start` until the start screen lists every
  group and answers a key: as soon as the first group shows, ctrl+end is sent (cursor to
  the last row), and the time is taken when the last group shows with the cursor sign.
  Beside it the yardstick: an empty Textual app started the same way (`python file`),
  timed to its first text and its answer to the same key. Goal: median within 0.4 s of
  the empty app.
- **back from a group**: open an in-progress group, score one cell, then Escape, timed
  from writing Escape to the last byte of the start screen (50 ms of silence end it).
  A lone Escape makes every Textual app wait ESCDELAY (100 ms) for more bytes, so the
  empty app's answer to Escape is the yardstick: goal median under 50 ms beyond it.

Like with like: the empty app and cspe start by turns (the order alternating), and each
Escape in cspe is followed or preceded by one in the empty app, open beside it in the same
size, so both see the same load of the machine. The first start and the first Escape of each
app warm it up and are not counted, on both sides; no other sample is dropped. The load
average is printed before, between and after; above 1.0 per core the verdicts are marked as
not reached on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from terminal import QUIET, ROOT, Load, Terminal, p50_p95, verdict  # noqa: E402

sys.path.insert(0, str(ROOT))

USER, PARTNERS, SECRETARIS = "jansen", ("de_vries", "pietersen"), "bakker"
GROUPS, PER_GROUP = 40, 25
START_GOAL = 0.4
BACK_GOAL_MS = 50.0
CTRL_END, ESCAPE, DOWN, ENTER = b"\x1b[1;5F", b"\x1b", b"\x1b[B", b"\r"


def group_id(i: int) -> str:
    return f"school-{i + 1:02d}"


def kind_of(i: int) -> str:
    return ("gesloten", "nieuw", "bezig", "bezig")[i % 4]


def make_model(folder: Path) -> Path:
    """6 opdrachten of 10 criteria, max 1-3 (every criterium takes the digit 1)."""
    data = {
        "formaat": "cspe-correctiemodel/1",
        "examen": {"profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": "rood", "onderdeel": "A",
                   "titel": "Bench school"},
        "opdrachten": [
            {"nummer": f"A{o}", "titel": f"Opdracht {o}", "soort": "praktisch",
             "criteria": [{"code": f"A{o}.{c}", "omschrijving": f"Criterium A{o}.{c}.", "max": 1 + (o + c) % 3}
                          for c in range(1, 11)]}
            for o in range(1, 7)
        ],
    }
    path = folder / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def make_school(folder: Path) -> Path:
    """The data folder, written through the real store (one transaction per examinator per group)."""
    from cspe_tui.domain.commands import AddRemark, Close, Declare, SetScore, SetVastgesteld
    from cspe_tui.domain.group import Candidate, Werkwijze
    from cspe_tui.store import Settings, open_store
    from cspe_tui.store.api import GroupScope

    path = folder / "data"
    settings = Settings(school="Bench", examensecretarissen=[SECRETARIS], demo=True)
    sec = open_store(path, user=SECRETARIS, create=True, settings=settings)
    model = sec.import_model(make_model(folder))
    stores = {login: open_store(path, user=login) for login in (USER, *PARTNERS)}
    codes = [c.code for c in model.criteria]
    for i in range(GROUPS):
        gid, partner = group_id(i), PARTNERS[i % 2]
        first, second = (USER, partner) if i % 2 == 0 else (partner, USER)
        people = [Candidate(examennummer=str(100000 + i * 100 + n), naam=f"Kandidaat {i:02d}-{n:02d}")
                  for n in range(PER_GROUP)]
        sec.create_group(model.key, people, first, second, Werkwijze.GELIJKTIJDIG, group_id=gid)
        numbers = [p.examennummer for p in people]
        kind = kind_of(i)
        if kind == "nieuw":
            continue
        scored = {"gesloten": (PER_GROUP, PER_GROUP), "bezig": (15, 10)}[kind]
        for login, count in zip((first, second), scored):
            stores[login].execute(GroupScope(gid), login, *(
                SetScore(examennummer=nr, criterium=code, value=1) for nr in numbers[:count] for code in codes
            ))
        if kind == "bezig":
            stores[second].execute(GroupScope(gid), second,
                                   SetScore(examennummer=numbers[0], criterium=codes[0], value=0),
                                   AddRemark(examennummer=numbers[1], criterium=None, text="Even overleggen."))
            stores[first].execute(GroupScope(gid), first, SetVastgesteld(
                examennummer=numbers[2], criterium=codes[0], value=1))
            continue
        stores[first].execute(GroupScope(gid), first, Declare())
        stores[second].execute(GroupScope(gid), second, Declare())
        stores[first].execute(GroupScope(gid), first, Close())
    return path


def empty_app() -> None:
    """The yardstick: one line of text; ctrl+end and Escape each change it."""
    from textual.app import App
    from textual.binding import Binding
    from textual.widgets import Footer, Static

    class Empty(App[None]):
        BINDINGS = [Binding("ctrl+end", "end", show=False), Binding("escape", "back", show=False)]

        def compose(self):
            yield Static("leeg", id="text")
            yield Footer()

        def on_mount(self) -> None:
            self.presses = 0

        def action_end(self) -> None:
            self.query_one("#text", Static).update("leeg, einde")

        def action_back(self) -> None:
            self.presses += 1
            self.query_one("#text", Static).update(f"leeg, terug {self.presses}")

    Empty().run()


def cspe(data: Path, size: tuple[int, int]) -> Terminal:
    return Terminal([sys.executable, "-m", "cspe_tui", "--data", str(data), "start", "--als", USER], size)


def empty(size: tuple[int, int]) -> Terminal:
    return Terminal([sys.executable, __file__, "--leeg"], size)


def start_to_usable(spawn, first: str, last: str) -> float:
    """Seconds from spawning until `last` shows after ctrl+end, sent as soon as `first` shows."""
    began = time.perf_counter()
    term = spawn()
    try:
        term.wait_for(first)
        os.write(term.fd, CTRL_END)
        return term.wait_for(last) - began
    finally:
        term.stop()


def starts(size: tuple[int, int], data: Path, times: int) -> tuple[list[float], list[float]]:
    """Start cspe and the empty app by turns, the order alternating; one start of each first, not counted."""
    app = (lambda: cspe(data, size), "school-01", f"> {group_id(GROUPS - 1)}")
    yardstick = (lambda: empty(size), "leeg", "einde")
    app_starts: list[float] = []
    empty_starts: list[float] = []
    for n in range(times + 1):
        pairs = ((app, app_starts), (yardstick, empty_starts))
        for (spawn, first, last), samples in pairs if n % 2 == 0 else pairs[::-1]:
            seconds = start_to_usable(spawn, first, last)
            if n:
                samples.append(seconds)
    return app_starts, empty_starts


def backs(app: Terminal, yardstick: Terminal, rows: list[int], on_start: str, in_group: str
          ) -> tuple[list[float], list[float]]:
    """Escape back to the start screen from each of `rows` (group rows, after one score there), each beside an
    Escape in the empty app (before or after it, alternating); the first of each is not counted."""
    app_samples: list[float] = []
    empty_samples: list[float] = []
    at = 0
    for n, row in enumerate(rows):
        for _ in range(row - at):
            app.key(DOWN, feed=True)
        at = row
        app.key(ENTER, feed=True)
        app.wait_for(in_group)
        app.settle(0.2, 5.0, feed=True)
        app.key(b"1", feed=True)
        app.settle(0.2, 5.0, feed=True)
        if n % 2:
            empty_back = empty_escape(yardstick, n + 1)
        seconds = app.key(ESCAPE, feed=True)
        app.wait_for(on_start)
        if n % 2 == 0:
            empty_back = empty_escape(yardstick, n + 1)
        if n and seconds is not None:
            app_samples.append(seconds)
        if n and empty_back is not None:
            empty_samples.append(empty_back)
    return app_samples, empty_samples


def empty_escape(term: Terminal, n: int) -> float | None:
    seconds = term.key(ESCAPE, feed=True)
    term.wait_for(f"terug {n}")
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=9, help="zoveel starts per app en schermmaat (plus een om op te warmen)")
    parser.add_argument("--terug", type=int, default=20,
                        help="zoveel keer Escape terug per schermmaat (plus een om op te warmen)")
    parser.add_argument("--maten", default="120x40,80x24")
    parser.add_argument("--leeg", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.leeg:
        empty_app()
        return 0

    load = Load()
    print(load.read("vooraf"))
    sizes = [tuple(int(n) for n in s.split("x")) for s in args.maten.split(",")]
    started = time.perf_counter()
    in_progress = [i for i in range(GROUPS) if kind_of(i) == "bezig"]
    rows = sorted(in_progress[n % len(in_progress)] for n in range(args.terug + 1))
    results = []
    with tempfile.TemporaryDirectory(prefix="cspe-start-") as tmp:
        data = make_school(Path(tmp))
        print(f"School van {GROUPS * PER_GROUP} kandidaten in {GROUPS} groepen aangemaakt in "
              f"{time.perf_counter() - started:.0f} s.")
        for size in sizes:
            print(load.read(f"voor {size[0]}x{size[1]}"))
            app_starts, empty_starts = starts(size, data, args.starts)
            yardstick, app = empty(size), cspe(data, size)
            try:
                yardstick.wait_for("leeg")
                app.wait_for("school-01")
                yardstick.settle(0.3, 5.0, feed=True)
                app.settle(0.5, 10.0, feed=True)
                app_back, empty_back = backs(app, yardstick, rows, "ingelogd als", "A1.1")
            finally:
                app.stop()
                yardstick.stop()
            results.append((size, app_starts, empty_starts, app_back, empty_back))
    print(load.read("achteraf"))

    print(f"\nStart tot bruikbaar startscherm (alle {GROUPS} groepen, toets beantwoord), in s, naast de maatstaf: "
          f"een lege Textual-app die op dezelfde manier start, om en om in dezelfde run; "
          f"doel: mediaan <= leeg + {START_GOAL} s.")
    print(load.summary())
    print(f"{'pty':<7} {'n':>3} {'cspe p50':>9} {'cspe p95':>9} {'leeg p50':>9} {'leeg p95':>9} "
          f"{'verhouding':>10} {'verschil':>9}")
    for size, app_starts, empty_starts, _, _ in results:
        a50, a95 = (v / 1000 for v in p50_p95(app_starts))
        e50, e95 = (v / 1000 for v in p50_p95(empty_starts))
        print(f"{size[0]}x{size[1]:<4} {len(app_starts):>3} {a50:>9.2f} {a95:>9.2f} {e50:>9.2f} {e95:>9.2f} "
              f"{a50 / e50:>9.1f}x {a50 - e50:>+8.2f}  {verdict(a50 - e50, START_GOAL, 's', load)}")
    print(f"\nTerug uit een groep (Escape tot het startscherm af is: laatste byte, daarna {QUIET * 1000:.0f} ms "
          f"stilte), in ms, naast de maatstaf: Escape in de lege app ernaast, om en om (leeg = ESCDELAY van elke "
          f"Textual-app); doel: mediaan < leeg + {BACK_GOAL_MS:.0f} ms.")
    print(load.summary())
    print(f"{'pty':<7} {'n':>3} {'cspe p50':>9} {'cspe p95':>9} {'leeg p50':>9} {'leeg p95':>9} "
          f"{'verhouding':>10} {'verschil p50':>13} {'verschil p95':>13}")
    for size, _, _, app_back, empty_back in results:
        a50, a95 = p50_p95(app_back)
        e50, e95 = p50_p95(empty_back)
        print(f"{size[0]}x{size[1]:<4} {len(app_back):>3} {a50:>9.1f} {a95:>9.1f} {e50:>9.1f} {e95:>9.1f} "
              f"{a50 / e50:>9.2f}x {a50 - e50:>+13.1f} {a95 - e95:>+13.1f}  "
              f"{verdict(a50 - e50, BACK_GOAL_MS, 'ms', load, strict=True)}")
    print(f"totale looptijd {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
