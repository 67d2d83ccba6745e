"""Time keypresses on the scoring screen at 300 candidates x 60 criteria: `python bench/keys.py`.

Two figures per kind of key, p50 and p95 in ms:
- in the app: the key's handler plus the screen update that paints its result
  (what one key costs the event loop; one frame at 60 Hz is 16.7 ms);
- pilot.press wall time, beside an empty app's in the same run: pilot.press waits
  for the screen to settle and costs ~40 ms by itself (docs: measurements.md), and
  more on a screen with more widgets, so an unbound key on the scoring screen is
  timed too.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import App  # noqa: E402
from textual.binding import Binding  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import Footer, Static  # noqa: E402

from cspe_tui.domain.group import Candidate, Werkwijze  # noqa: E402
from cspe_tui.store import Settings, open_store  # noqa: E402
from cspe_tui.ui.app import CspeApp  # noqa: E402
from cspe_tui.ui.screens.scoring import ScoringScreen  # noqa: E402
from cspe_tui.ui.widgets.line_table import LineTable  # noqa: E402

GROUP = "bench-300x60"


def make_model(opdrachten: int, per_opdracht: int) -> dict:
    def criterium(o: int, c: int) -> dict:
        code = f"A{o}.{c}"
        kind = c % 4
        if kind == 0:
            return {"code": code, "omschrijving": f"Criterium {code} met scorepunten.", "max": 3, "scorepunten": [0, 1, 3]}
        if kind == 1:
            return {"code": code, "omschrijving": f"Criterium {code} met een grote schaal.", "max": 12}
        return {"code": code, "omschrijving": f"Criterium {code}, gewoon.", "max": 2}

    return {
        "formaat": "cspe-correctiemodel/1",
        "examen": {"profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": "rood", "onderdeel": "A", "titel": "Bench"},
        "opdrachten": [
            {
                "nummer": f"A{o}",
                "titel": f"Opdracht {o}",
                "soort": "praktisch",
                "criteria": [criterium(o, c) for c in range(1, per_opdracht + 1)],
            }
            for o in range(1, opdrachten + 1)
        ],
    }


def make_data(folder: Path, candidates: int, criteria: int) -> Path:
    path = folder / "data"
    settings = Settings(school="Bench", examensecretarissen=["bakker"], demo=True)
    secretaris = open_store(path, user="bakker", create=True, settings=settings)
    model_file = folder / "model.json"
    model_file.write_text(json.dumps(make_model(criteria // 10, 10)), encoding="utf-8")
    model = secretaris.import_model(model_file)
    people = [Candidate(examennummer=str(100000 + i), naam=f"Kandidaat {i:03d} van der Bench") for i in range(candidates)]
    secretaris.create_group(model.key, people, "jansen", "de_vries", Werkwijze.GELIJKTIJDIG, group_id=GROUP)
    return path


class Timings:
    """Handler and paint time per press, gathered by wrapping the handlers and Screen._on_timer_update."""

    def __init__(self) -> None:
        self.handler = 0.0
        self.paint = 0.0
        self.paints = 0

    def reset(self) -> None:
        self.handler = self.paint = 0.0
        self.paints = 0

    def wrap(self, owner: type, name: str, into: str) -> None:
        original: Callable = getattr(owner, name)
        timings = self

        def timed(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - start
                setattr(timings, into, getattr(timings, into) + elapsed)
                if into == "paint":
                    timings.paints += 1

        setattr(owner, name, timed)


class EmptyApp(App[None]):
    """The same keys bound to nothing useful, for pilot.press's own cost."""

    BINDINGS = [Binding(k, "nothing", show=False) for k in ("0", "j", "k", "n", "z")]

    def compose(self):
        yield Static("leeg")
        yield Footer()

    def action_nothing(self) -> None:
        pass


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


def key_plan(criteria: int, candidates: int) -> list[tuple[str, str]]:
    """(kind, key): score every criterium with 0, step back and forth now and then, then the next candidate."""
    plan: list[tuple[str, str]] = []
    for _ in range(candidates):
        for index in range(criteria):
            plan.append(("cijfer", "0"))
            if index % 10 == 9:
                plan += [("omhoog", "k"), ("omlaag", "j"), ("ongebonden", "z")]
        plan.append(("kandidaat", "n"))
    return plan


async def run_cspe(data: Path, plan: list[tuple[str, str]], size: tuple[int, int]) -> dict[str, dict[str, list[float]]]:
    timings = Timings()
    timings.wrap(ScoringScreen, "action_digit", "handler")
    timings.wrap(ScoringScreen, "action_next_candidate", "handler")
    timings.wrap(LineTable, "action_cursor_up", "handler")
    timings.wrap(LineTable, "action_cursor_down", "handler")
    timings.wrap(Screen, "_on_timer_update", "paint")
    results: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    app = CspeApp(open_store(data, user="jansen"), poll_interval=3600)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        app.push_screen(ScoringScreen(app.store, GROUP))
        await pilot.pause()
        await pilot.pause()
        for kind, key in plan:
            timings.reset()
            start, cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            results[kind]["wall"].append(time.perf_counter() - start)
            results[kind]["cpu"].append(time.process_time() - cpu)
            results[kind]["app"].append(timings.handler + timings.paint)
            results[kind]["handler"].append(timings.handler)
            results[kind]["paint"].append(timings.paint)
    return results


async def run_empty(plan: list[tuple[str, str]], size: tuple[int, int]) -> dict[str, list[float]]:
    figures: dict[str, list[float]] = defaultdict(list)
    async with EmptyApp().run_test(size=size) as pilot:
        await pilot.pause()
        for _, key in plan:
            start, cpu = time.perf_counter(), time.process_time()
            await pilot.press(key)
            figures["wall"].append(time.perf_counter() - start)
            figures["cpu"].append(time.process_time() - cpu)
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kandidaten", type=int, default=300)
    parser.add_argument("--criteria", type=int, default=60, help="veelvoud van 10")
    parser.add_argument("--gescoord", type=int, default=3, help="zoveel kandidaten helemaal scoren tijdens de meting")
    parser.add_argument("--breedte", type=int, default=120)
    parser.add_argument("--hoogte", type=int, default=40)
    args = parser.parse_args()
    size = (args.breedte, args.hoogte)
    plan = key_plan(args.criteria, args.gescoord)
    with tempfile.TemporaryDirectory() as tmp:
        started = time.perf_counter()
        data = make_data(Path(tmp), args.kandidaten, args.criteria)
        print(
            f"Groep {args.kandidaten} kandidaten x {args.criteria} criteria aangemaakt "
            f"in {time.perf_counter() - started:.1f} s; terminal {size[0]}x{size[1]}; {len(plan)} toetsen."
        )
        cspe = asyncio.run(run_cspe(data, plan, size))
    empty = asyncio.run(run_empty(plan, size))
    print()
    print(
        f"{'toets':<10} {'aantal':>6}  {'in app p50/p95':>16}  {'handler p50':>11}  {'tekenen p50':>11}"
        f"  {'pilot p50/p95':>15}  {'pilot-cpu p50/p95':>17}"
    )
    for kind, figures in [*cspe.items(), ("leeg", empty)]:
        wall50, wall95 = percentiles(figures["wall"])
        cpu50, cpu95 = percentiles(figures["cpu"])
        if "app" in figures:
            app50, app95 = percentiles(figures["app"])
            inside = f"{app50:>7.1f} /{app95:>6.1f}  {percentiles(figures['handler'])[0]:>11.1f}"
            inside += f"  {percentiles(figures['paint'])[0]:>11.1f}"
        else:
            inside = f"{'':>16}  {'':>11}  {'':>11}"
        print(
            f"{kind:<10} {len(figures['wall']):>6}  {inside}  {wall50:>6.1f} /{wall95:>6.1f}  {cpu50:>8.1f} /{cpu95:>6.1f}"
        )
    print("\nms per toets. 'in app' = handler + tekenen van het resultaat; 'pilot' = wandkloktijd van pilot.press")
    print("(wacht ook op timers); 'pilot-cpu' = processortijd tijdens pilot.press;")
    print("'leeg' = dezelfde toetsen in een lege app in dezelfde run (de eigen kosten van pilot.press);")
    print("'ongebonden' = een toets zonder binding op het beoordelingsscherm: pilot.press wacht per widget,")
    print("dus dat is de eigen kost van pilot.press op dit scherm.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
