"""Time one score through decide + evolve on a group of 300 candidates x 60 criteria.

`python bench/decide.py` prints medians and p95 in microseconds for a score, a
vastgestelde score and a score that voids both declarations, next to a deep copy of
the same state (what evolve must not do), and the time to fold the whole log.
Goal: a score well under 1 ms, so decide/evolve never shows in a keypress.
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cspe_tui.domain.access import Actor  # noqa: E402
from cspe_tui.domain.commands import Declare, SetScore, SetVastgesteld  # noqa: E402
from cspe_tui.domain.correctiemodel import Correctiemodel  # noqa: E402
from cspe_tui.domain.decide import decide  # noqa: E402
from cspe_tui.domain.events import GroupCreated  # noqa: E402
from cspe_tui.domain.evolve import evolve, fold_group, group_from  # noqa: E402
from cspe_tui.domain.group import Candidate, GroupInfo, GroupState, Werkwijze  # noqa: E402

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=timezone.utc)
EXAMINATOR, TWEEDE = Actor(login="jansen"), Actor(login="devries")


def model(criteria: int) -> Correctiemodel:
    per = 10
    opdrachten = [
        {
            "nummer": f"A{o + 1}",
            "titel": f"Opdracht {o + 1}",
            "soort": "praktisch",
            "criteria": [
                {"code": f"A{o + 1}.{c + 1}", "omschrijving": "Het werk is goed.", "max": 3}
                for c in range(per)
            ],
        }
        for o in range(criteria // per)
    ]
    return Correctiemodel.model_validate(
        {
            "formaat": "cspe-correctiemodel/1",
            "examen": {"profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": "rood", "onderdeel": "A", "titel": "Bench"},
            "opdrachten": opdrachten,
        }
    )


def build(candidates: int, criteria: int) -> tuple[GroupState, list[object], GroupCreated, Correctiemodel]:
    m = model(criteria)
    created = GroupCreated(
        info=GroupInfo(
            group_id="bench",
            model_key=m.key,
            model_hash=m.content_hash(),
            examinator=EXAMINATOR.login,
            tweede=TWEEDE.login,
            werkwijze=Werkwijze.GELIJKTIJDIG,
            created_by="bakker",
            created_at=NOW,
        ),
        candidates=[Candidate(examennummer=str(100000 + i), naam=f"Kandidaat {i}") for i in range(candidates)],
    )
    state, events = group_from(created, m), []
    for cand in created.candidates:
        for crit in m.criteria:
            for actor in (EXAMINATOR, TWEEDE):
                for event in decide(state, actor, SetScore(examennummer=cand.examennummer, criterium=crit.code, value=2), NOW):
                    state = evolve(state, event)
                    events.append(event)
    for actor in (EXAMINATOR, TWEEDE):
        for event in decide(state, actor, Declare(), NOW):
            state = evolve(state, event)
            events.append(event)
    return state, events, created, m


def micro(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1e6, ordered[int(len(ordered) * 0.95)] * 1e6


def time_commands(state: GroupState, commands: list[tuple[Actor, object]]) -> list[float]:
    times = []
    for actor, command in commands:
        start = time.perf_counter()
        for event in decide(state, actor, command, NOW):
            evolve(state, event)
        times.append(time.perf_counter() - start)
    return times


def main() -> int:
    rng = random.Random(10)
    t0 = time.perf_counter()
    declared, events, created, m = build(300, 60)
    print(f"opbouw 300 x 60 x 2 via decide/evolve: {time.perf_counter() - t0:.2f} s ({len(events)} events)")
    open_state = declared.model_copy(update={"verklaringen": []})
    numbers = [c.examennummer for c in created.candidates]
    codes = [c.code for c in m.criteria]

    def picks(n: int) -> list[tuple[str, str]]:
        return [(rng.choice(numbers), rng.choice(codes)) for _ in range(n)]

    scores = [(EXAMINATOR, SetScore(examennummer=nr, criterium=c, value=rng.choice([0, 1, 3]))) for nr, c in picks(2000)]
    fixed = [(TWEEDE, SetVastgesteld(examennummer=nr, criterium=c, value=1)) for nr, c in picks(2000)]
    rows = [
        ("score (decide + evolve)", time_commands(open_state, scores)),
        ("vastgesteld (decide + evolve)", time_commands(open_state, fixed)),
        ("score die verklaringen laat vervallen", time_commands(declared, scores)),
    ]
    deep = []
    for _ in range(20):
        start = time.perf_counter()
        open_state.model_copy(deep=True)
        deep.append(time.perf_counter() - start)
    deep_p50, _ = micro(deep)
    print(f"{'wat':40} {'p50 µs':>9} {'p95 µs':>9} {'diepe kopie / p50':>18}")
    for name, samples in rows:
        p50, p95 = micro(samples)
        print(f"{name:40} {p50:9.1f} {p95:9.1f} {deep_p50 / p50:17.0f}x")
    print(f"{'diepe kopie van de hele groep (vermeden)':40} {deep_p50:9.1f}")
    start = time.perf_counter()
    folded = fold_group(created, m, events)
    print(f"hele log vouwen ({len(events)} events): {(time.perf_counter() - start) * 1000:.0f} ms; gelijk: {folded == declared}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
