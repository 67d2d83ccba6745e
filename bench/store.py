"""Benchmark: our store against stock TinyDB JSONStorage, side by side in one run.

Run as `python bench/store.py`. Two sizes:
  1. one group of 300 candidates x 60 criteria x 2 examinators;
  2. a full school: 300 candidates x 4 onderdelen x 50 criteria x 2 examinators, in
     groups of 20 candidates (60 groups).
Per size: p50/p95 of one persisted score write (set_score returns only after fsync),
and the time to load one group from a fresh process state. Stock TinyDB keeps every
cell in one JSON file and updates by doc_id (its best case: no query scan).
The data is generated (no sample files) and filled through `Store.execute`, one
transaction per examinator per group.
"""

from __future__ import annotations

import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tinydb import Query, TinyDB

from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import Settings, Store, open_store
from cspe_tui.domain.commands import SetScore
from cspe_tui.store import GroupScope

OUR_WRITES = 500
STOCK_WRITES = 200
FULL_SCHOOL_STOCK_WRITES = 60
LOADS = 5
SEC, EX, TW = "sec", "ex", "tw"


def model_file(folder: Path, onderdeel: str, criteria: int) -> Path:
    per = 5
    opdrachten = []
    for o in range(1, criteria // per + 1):
        opdrachten.append(
            {
                "nummer": f"{onderdeel}{o}",
                "titel": f"Opdracht {o}",
                "soort": "praktisch",
                "criteria": [
                    {"code": f"{onderdeel}{o}.{c}", "omschrijving": f"Criterium {c}", "max": 1 + (o + c) % 3}
                    for c in range(1, per + 1)
                ],
            }
        )
    data = {
        "formaat": "cspe-correctiemodel/1",
        "examen": {"profielvak": "BWI", "leerweg": "kb", "jaar": 2026, "versie": "rood", "onderdeel": onderdeel,
                   "titel": "Bouwen, wonen en interieur"},
        "opdrachten": opdrachten,
    }
    path = folder / f"model-{onderdeel}.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def fill_group(store: Store, group_id: str, rng: random.Random) -> list[tuple[str, str, tuple[int, ...]]]:
    """Both examinators' scores for every cell: one transaction per examinator; returns the cells."""
    state = store.load_group(group_id)
    cells, commands = [], {EX: [], TW: []}
    for cand in state.candidates:
        for crit in state.model.criteria:
            for login in (EX, TW):
                commands[login].append(SetScore(examennummer=cand.examennummer, criterium=crit.code,
                                                value=rng.choice(crit.allowed)))
            cells.append((cand.examennummer, crit.code, crit.allowed))
    for login, batch in commands.items():
        store.execute(GroupScope(group_id=group_id), login, *batch)
    return cells


def ms(seconds: list[float]) -> tuple[float, float]:
    values = sorted(s * 1000 for s in seconds)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return statistics.median(values), p95


def time_our_writes(data: Path, targets: list[tuple[str, str, str, tuple[int, ...]]], rng: random.Random) -> list[float]:
    stores = {EX: open_store(data, user=EX), TW: open_store(data, user=TW)}
    times = []
    for i in range(OUR_WRITES):
        group_id, nr, code, allowed = rng.choice(targets)
        store = stores[EX if i % 2 == 0 else TW]
        start = time.perf_counter()
        store.set_score(group_id, nr, code, rng.choice(allowed))
        times.append(time.perf_counter() - start)
    return times


def time_our_polls(data: Path, group_id: str) -> list[float]:
    """What the UI pays every poll when nothing changed (the common case)."""
    store = open_store(data, user=EX)
    cursor = store.change_cursor(group_id)
    times = []
    for _ in range(2000):
        start = time.perf_counter()
        store.changes_since(group_id, cursor)
        times.append(time.perf_counter() - start)
    return times


def time_our_loads(data: Path, group_id: str) -> list[float]:
    times = []
    for _ in range(LOADS):
        store = open_store(data, user=EX)
        start = time.perf_counter()
        state = store.load_group(group_id)
        times.append(time.perf_counter() - start)
        assert state.cells
    return times


def stock_file(path: Path, groups: dict[str, list[tuple[str, str, tuple[int, ...]]]], rng: random.Random) -> dict:
    """Every cell in one TinyDB JSONStorage file; returns (group, nr, code) -> doc_id."""
    docs, ids = [], {}
    for group_id, cells in groups.items():
        for nr, code, allowed in cells:
            ids[(group_id, nr, code)] = len(docs) + 1
            docs.append({"group": group_id, "examennummer": nr, "code": code, "examinator": rng.choice(allowed),
                         "tweede": rng.choice(allowed), "vastgesteld": None, "vastgesteld_door": None,
                         "vastgesteld_op": None})
    db = TinyDB(path)
    db.table("cells").insert_multiple(docs)
    db.close()
    return ids


def time_stock_writes(path: Path, ids: dict, groups: dict, samples: int, rng: random.Random) -> list[float]:
    db = TinyDB(path)
    cells = db.table("cells")
    targets = [(g, nr, code, allowed) for g, cs in groups.items() for nr, code, allowed in cs]
    times = []
    for i in range(samples):
        group_id, nr, code, allowed = rng.choice(targets)
        column = "examinator" if i % 2 == 0 else "tweede"
        start = time.perf_counter()
        cells.update({column: rng.choice(allowed)}, doc_ids=[ids[(group_id, nr, code)]])
        times.append(time.perf_counter() - start)
    db.close()
    return times


def time_stock_loads(path: Path, group_id: str) -> list[float]:
    times = []
    for _ in range(LOADS):
        db = TinyDB(path)
        start = time.perf_counter()
        found = db.table("cells").search(Query().group == group_id)
        times.append(time.perf_counter() - start)
        db.close()
        assert found
    return times


def new_folder(root: Path, name: str) -> Store:
    return open_store(root / name, user=SEC, create=True, settings=Settings(demo=True, examensecretarissen=[SEC]))


def scenario_one_group(root: Path, rng: random.Random) -> dict:
    sec = new_folder(root, "een-groep")
    model = sec.import_model(model_file(root, "A", 60))
    cands = [Candidate(examennummer=str(100000 + i), naam=f"Kandidaat {i}") for i in range(300)]
    group_id = sec.create_group(model.key, cands, EX, TW, Werkwijze.GELIJKTIJDIG).info.group_id
    cells = fill_group(sec, group_id, rng)
    targets = [(group_id, nr, code, allowed) for nr, code, allowed in cells]
    ours_w = time_our_writes(sec.folder.path, targets, rng)
    ours_l = time_our_loads(sec.folder.path, group_id)
    ours_p = time_our_polls(sec.folder.path, group_id)
    report = sec.verify(group_id)
    assert report.ok, report.problems[:3]
    stock_path = root / "stock-een-groep.json"
    ids = stock_file(stock_path, {group_id: cells}, rng)
    stock_w = time_stock_writes(stock_path, ids, {group_id: cells}, STOCK_WRITES, rng)
    stock_l = time_stock_loads(stock_path, group_id)
    return {"records": len(cells), "stock_mb": stock_path.stat().st_size / 1e6, "ours_w": ours_w, "ours_l": ours_l,
            "ours_p": ours_p, "stock_w": stock_w, "stock_l": stock_l, "stock_n": STOCK_WRITES, "load_what": "300 kandidaten"}


def scenario_full_school(root: Path, rng: random.Random) -> dict:
    sec = new_folder(root, "school")
    cands = [Candidate(examennummer=str(200000 + i), naam=f"Kandidaat {i}") for i in range(300)]
    groups: dict[str, list] = {}
    for onderdeel in "ABCD":
        model = sec.import_model(model_file(root, onderdeel, 50))
        for start in range(0, 300, 20):
            group_id = sec.create_group(model.key, cands[start:start + 20], EX, TW, Werkwijze.GELIJKTIJDIG).info.group_id
            groups[group_id] = fill_group(sec, group_id, rng)
    targets = [(g, nr, code, allowed) for g, cs in groups.items() for nr, code, allowed in cs]
    some_group = sorted(groups)[len(groups) // 2]
    ours_w = time_our_writes(sec.folder.path, targets, rng)
    ours_l = time_our_loads(sec.folder.path, some_group)
    ours_p = time_our_polls(sec.folder.path, some_group)
    assert sec.verify(some_group).ok
    stock_path = root / "stock-school.json"
    ids = stock_file(stock_path, groups, rng)
    stock_w = time_stock_writes(stock_path, ids, groups, FULL_SCHOOL_STOCK_WRITES, rng)
    stock_l = time_stock_loads(stock_path, some_group)
    return {"records": len(targets), "stock_mb": stock_path.stat().st_size / 1e6, "ours_w": ours_w, "ours_l": ours_l,
            "ours_p": ours_p, "stock_w": stock_w, "stock_l": stock_l, "stock_n": FULL_SCHOOL_STOCK_WRITES,
            "load_what": "20 kandidaten", "groups": len(groups)}


def main() -> int:
    rng = random.Random(2026)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cspe-bench-") as tmp:
        root = Path(tmp)
        results = [("1 groep 300 x 60 x 2", scenario_one_group(root, rng)),
                   ("school 300 x 4 x 50 x 2", scenario_full_school(root, rng))]
    print(f"cspe store benchmark: Python {platform.python_version()}, {os.cpu_count()} cores, {sys.platform}")
    print("write = one persisted set_score (fsync); load = load_group from a fresh Store / stock search by group\n")
    head = (f"{'scenario':<30} {'operation':<34} {'ours p50':>9} {'ours p95':>9} {'stock p50':>10} "
            f"{'stock p95':>10} {'x p50':>6} {'x p95':>6}")
    print(head)
    print("-" * len(head))
    verdicts = []
    for name, r in results:
        ow50, ow95 = ms(r["ours_w"])
        sw50, sw95 = ms(r["stock_w"])
        ol50, ol95 = ms(r["ours_l"])
        sl50, sl95 = ms(r["stock_l"])
        op50, op95 = ms(r["ours_p"])
        extra = f", {r['groups']} groepen" if "groups" in r else ""
        print(f"{name:<30} {'score write (ms)':<34} {ow50:9.2f} {ow95:9.2f} {sw50:10.2f} {sw95:10.2f} "
              f"{sw50 / ow50:6.0f} {sw95 / ow95:6.0f}")
        print(f"{'':<30} {'load group (ms, ' + r['load_what'] + ')':<34} {ol50:9.1f} {ol95:9.1f} {sl50:10.1f} "
              f"{sl95:10.1f} {sl50 / ol50:6.1f} {sl95 / ol95:6.1f}")
        print(f"{'':<30} {'poll changes, none (ms)':<34} {op50:9.3f} {op95:9.3f} {'-':>10} {'-':>10} {'-':>6} {'-':>6}")
        print(f"{'':<30} {r['records']:,} cellen{extra}; stock-bestand {r['stock_mb']:.1f} MB; "
              f"{len(r['ours_w'])}/{r['stock_n']} writes, {LOADS} loads")
        verdicts.append((name, ow95, sw50 / ow50))
    print()
    for name, p95, ratio in verdicts:
        ok = "OK" if p95 <= 20 else "TE LANGZAAM"
        print(f"{name}: p95 {p95:.2f} ms (doel <= 20 ms: {ok}); {ratio:.0f}x sneller dan stock (p50)")
    print(f"\ntotale looptijd {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
