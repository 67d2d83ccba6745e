"""Key to finished screen in a real pseudo-terminal: `python bench/keys.py` (about 1-2 minutes).

The app runs as `cspe start` in a pty of 120x40 (TERM=xterm-256color) on a group of 300
candidates x 60 criteria, with live updates on, while a second process scores as the
other examinator every 300 ms. Side by side, in the same run and the same pty size, an
empty Textual app whose keys each change one line of text (the yardstick: what any
Textual app costs per key). pyte (a terminal emulator) reads the screens to find the way
to the scoring screen; the timed keys only count bytes.

What is measured per key: from writing the key to the pty until the last byte of the
app's answer, where "finished" means no further output for 50 ms (the 50 ms of silence
are not counted). Output from a live update that arrives meanwhile counts too: the user
waits for it as well. Before each key the output is drained until 30 ms of silence.
Keys: a digit (score, cursor to the next criterium), an arrow (up/down) and `n` (next
candidate). Goal: p95 of each key within 16 ms of the empty app's p95.

Like with like: both apps run at the same time and the keys are interleaved, each key
first to one app and then to the other (the order alternating), so both see the same load
of the machine, the writer included. The first candidate's keys warm both apps up and are
not counted, on both sides; no other sample is dropped. The load average is printed before,
between and after; above 1.0 per core the verdict is marked as not reached on a quiet machine.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from terminal import KEY_TIMEOUT, QUIET, Load, Terminal, p50_p95, verdict  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROUP = "bench-300x60"
EXAMINATOR, TWEEDE = "jansen", "de_vries"
GOAL_MS = 16.0
KEYS = {"cijfer": None, "pijl": None, "kandidaat": b"n"}
UP, DOWN = b"\x1b[A", b"\x1b[B"


def make_model(opdrachten: int, per_opdracht: int) -> dict:
    """Criteria with max 2-4 and one with scorepunten, so one digit always scores and moves on."""

    def criterium(o: int, c: int) -> dict:
        code = f"A{o}.{c}"
        if c % 3 == 0:
            return {"code": code, "omschrijving": f"Criterium {code} met scorepunten.", "max": 3, "scorepunten": [0, 1, 3]}
        return {"code": code, "omschrijving": f"Criterium {code}, gewoon.", "max": 2 + c % 3}

    return {
        "formaat": "cspe-correctiemodel/1",
        "examen": {"profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": "rood", "onderdeel": "A", "titel": "Bench"},
        "opdrachten": [
            {"nummer": f"A{o}", "titel": f"Opdracht {o}", "soort": "praktisch",
             "criteria": [criterium(o, c) for c in range(1, per_opdracht + 1)]}
            for o in range(1, opdrachten + 1)
        ],
    }


def make_data(folder: Path, candidates: int, criteria: int) -> Path:
    from cspe_tui.domain.group import Candidate, Werkwijze
    from cspe_tui.store import Settings, open_store

    path = folder / "data"
    settings = Settings(school="Bench", examensecretarissen=["bakker"], demo=True)
    secretaris = open_store(path, user="bakker", create=True, settings=settings)
    model_file = folder / "model.json"
    model_file.write_text(json.dumps(make_model(criteria // 10, 10)), encoding="utf-8")
    model = secretaris.import_model(model_file)
    people = [Candidate(examennummer=str(100000 + i), naam=f"Kandidaat {i:03d} van der Bench") for i in range(candidates)]
    secretaris.create_group(model.key, people, EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG, group_id=GROUP)
    return path


def other_examinator(data: Path, every: float) -> None:
    """The second process: scores a random cell as the tweede examinator every `every` seconds, each a real change."""
    from cspe_tui.store import open_store

    store = open_store(data, user=TWEEDE)
    state = store.load_group(GROUP)
    rng = random.Random(15)
    cells = [(c.examennummer, k.code, k.allowed) for c in state.candidates[:40] for k in state.model.criteria]
    current: dict[tuple[str, str], int] = {}
    while True:
        nr, code, allowed = rng.choice(cells)
        value = rng.choice([v for v in allowed if v != current.get((nr, code))])
        store.set_score(GROUP, nr, code, value)
        current[(nr, code)] = value
        time.sleep(every)


def empty_app() -> None:
    """The yardstick: the same keys, each changing one line, in an otherwise empty Textual app."""
    from textual.app import App
    from textual.binding import Binding
    from textual.widgets import Footer, Static

    class Empty(App[None]):
        BINDINGS = [*(Binding(str(d), "count", show=False) for d in range(10)),
                    Binding("up,down,n", "count", show=False)]

        def compose(self):
            yield Static("leeg, 0 toetsen", id="count")
            yield Footer()

        def on_mount(self) -> None:
            self.presses = 0

        def action_count(self) -> None:
            self.presses += 1
            self.query_one("#count", Static).update(f"leeg, {self.presses} toetsen")

    Empty().run()


def key_plan(candidates: int, per_candidate: int) -> list[tuple[str, bytes]]:
    plan: list[tuple[str, bytes]] = []
    for c in range(candidates):
        for i in range(per_candidate):
            plan.append(("cijfer", str((c + i) % 2).encode()))
            if i % 2 == 1:
                plan += [("pijl", UP), ("pijl", DOWN)]
        plan.append(("kandidaat", b"n"))
    return plan


def run_interleaved(app: Terminal, empty: Terminal, plan: list[tuple[str, bytes]], warm: int
                    ) -> tuple[dict[str, list[float]], dict[str, list[float]], int, int]:
    """Each key to both apps, the order alternating; the first `warm` keys are not counted (on either side)."""
    app_figures: dict[str, list[float]] = {kind: [] for kind in KEYS}
    empty_figures: dict[str, list[float]] = {kind: [] for kind in KEYS}
    missing = {"app": 0, "empty": 0}
    for step, (kind, key) in enumerate(plan):
        order = (("app", app, app_figures), ("empty", empty, empty_figures))
        for side, term, figures in order if step % 2 == 0 else order[::-1]:
            seconds = term.key(key)
            if step < warm:
                continue
            if seconds is None:
                missing[side] += 1
            else:
                figures[kind].append(seconds)
    return app_figures, empty_figures, missing["app"], missing["empty"]


def saved_scores(data: Path) -> int:
    """How many of the examinator's scores reached the store: proof that the timed keys did their work."""
    from cspe_tui.store import open_store

    state = open_store(data, user=EXAMINATOR).load_group(GROUP)
    return sum(1 for row in state.cells.values() for cell in row.values() if cell.examinator is not None)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kandidaten", type=int, default=300)
    parser.add_argument("--criteria", type=int, default=60, help="veelvoud van 10")
    parser.add_argument("--gescoord", type=int, default=100,
                        help="zoveel kandidaten doorlopen tijdens de meting (plus een om op te warmen); "
                             "elk geeft één meting van n: met 40 is de p95 van n de op één na hoogste")
    parser.add_argument("--per-kandidaat", type=int, default=6, help="cijfers per kandidaat")
    parser.add_argument("--breedte", type=int, default=120)
    parser.add_argument("--hoogte", type=int, default=40)
    parser.add_argument("--schrijver", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--leeg", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.schrijver:
        other_examinator(args.schrijver, 0.3)
        return 0
    if args.leeg:
        empty_app()
        return 0

    load = Load()
    print(load.read("vooraf"))
    size = (args.breedte, args.hoogte)
    warm = len(key_plan(1, args.per_kandidaat))
    plan = key_plan(args.gescoord + 1, args.per_kandidaat)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cspe-keys-") as tmp:
        data = make_data(Path(tmp), args.kandidaten, args.criteria)
        print(f"Groep {args.kandidaten} kandidaten x {args.criteria} criteria aangemaakt in "
              f"{time.perf_counter() - started:.1f} s; pty {size[0]}x{size[1]}; {len(plan)} toetsen per app, "
              f"waarvan {warm} om op te warmen.")

        writer = subprocess.Popen([sys.executable, __file__, "--schrijver", str(data)])
        empty = Terminal([sys.executable, __file__, "--leeg"], size)
        app = Terminal([sys.executable, "-m", "cspe_tui", "--data", str(data), "start", "--als", EXAMINATOR], size)
        try:
            empty.wait_for("leeg, 0 toetsen")
            empty.settle(0.3, 5.0)
            app.wait_for(GROUP)
            app.settle(0.3, 5.0, feed=True)
            app.key(b"\r", feed=True)
            app.wait_for("A1.1")
            app.settle(0.5, 10.0)
            print(load.read("bij het begin van de toetsen"))
            app_figures, empty_figures, app_missing, empty_missing = run_interleaved(app, empty, plan, warm)
            print(load.read("na de toetsen"))
        finally:
            app.stop()
            empty.stop()
            writer_died = writer.poll() is not None
            writer.terminate()
            writer.wait()
        scored = saved_scores(data)
        if writer_died:
            print("LET OP: de tweede examinator stopte tijdens de meting (zie de fout hierboven); "
                  "de cijfers gelden dan zonder zijn schrijven.")

    print(f"\nms van toets tot klaar scherm (laatste byte, daarna {QUIET * 1000:.0f} ms stilte), cspe (groep "
          f"{args.kandidaten} x {args.criteria}, live bijwerken aan, de andere examinator schrijft elke 300 ms) "
          f"naast de maatstaf: een lege Textual-app met dezelfde toetsen, om en om in dezelfde run.")
    print(load.summary())
    print(f"{'toets':<11} {'n':>4} {'cspe p50':>9} {'cspe p95':>9} {'leeg p50':>9} {'leeg p95':>9} "
          f"{'p95 cspe/leeg':>14} {'verschil p95':>13}  doel: p95 <= leeg + {GOAL_MS:.0f} ms")
    for kind in KEYS:
        a50, a95 = p50_p95(app_figures[kind])
        e50, e95 = p50_p95(empty_figures[kind])
        diff = a95 - e95
        print(f"{kind:<11} {len(app_figures[kind]):>4} {a50:>9.1f} {a95:>9.1f} {e50:>9.1f} {e95:>9.1f} "
              f"{a95 / e95:>13.2f}x {diff:>+12.1f}  {verdict(diff, GOAL_MS, 'ms', load)}")
    if app_missing or empty_missing:
        print(f"zonder antwoord binnen {KEY_TIMEOUT:.0f} s: cspe {app_missing}, leeg {empty_missing} toetsen")
    print("cijfer = score geven (cursor naar het volgende criterium); pijl = omhoog/omlaag; kandidaat = n.")
    expected = (args.gescoord + 1) * args.per_kandidaat
    print(f"opgeslagen scores van de examinator: {scored} (verwacht {expected})"
          + ("" if scored == expected else ": NIET elke toets deed zijn werk, de cijfers zeggen dan weinig"))
    print(load.read("achteraf"))
    print(f"totale looptijd {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
