"""Our store against a naive TinyDB store of equal durability: `python bench/store.py` (1-3 minutes).

The naive store is stock TinyDB with one fsync per write (as durable as ours, which
returns from set_score only after fsync), updating a cell by doc_id (its best case: no
query scan), in two layouts: everything in one file, and one file per group. Every
timed write changes the stored value (no no-op writes). Two sizes:
  1. one group of 300 candidates x 60 criteria x 2 examinators;
  2. a school: 300 candidates x 4 onderdelen x 50 criteria x 2 examinators in groups of 20 (60 groups).
Prints p50 and p95 of a write, the median load of one group from a fresh store, and the
ratios naive/ours (above 1: ours is faster).
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tinydb import Query, TinyDB  # noqa: E402
from tinydb.storages import JSONStorage  # noqa: E402

from cspe_tui.domain.commands import SetScore  # noqa: E402
from cspe_tui.domain.group import Candidate, Werkwijze  # noqa: E402
from cspe_tui.store.api import GroupScope  # noqa: E402
from cspe_tui.store import Settings, Store, open_store  # noqa: E402

OUR_WRITES = 300
NAIVE_WRITES = {"een bestand": 20, "bestand per groep": 100}
"""Fewer naive writes where each takes long (a school in one file: seconds per write)."""
LOADS = 7
SEC, EX, TW = "sec", "ex", "tw"
Cells = dict[tuple[str, str, str], dict]
"""(group, examennummer, criterium) -> the cell as stored, for the naive store."""


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


def fill_group(store: Store, group_id: str, rng: random.Random) -> dict[tuple[str, str], dict]:
    state = store.load_group(group_id)
    cells: dict[tuple[str, str], dict] = {}
    as_user = {EX: open_store(store.folder.path, user=EX), TW: open_store(store.folder.path, user=TW)}
    for cand in state.candidates:
        for login, column in ((EX, "examinator"), (TW, "tweede")):
            commands = []
            for crit in state.model.criteria:
                value = rng.choice(crit.allowed)
                cell = cells.setdefault((cand.examennummer, crit.code), {"allowed": crit.allowed})
                cell[column] = value
                commands.append(SetScore(examennummer=cand.examennummer, criterium=crit.code, value=value))
            as_user[login].execute(GroupScope(group_id=group_id), login, *commands)
    return cells


def ms(seconds: list[float]) -> tuple[float, float]:
    values = sorted(s * 1000 for s in seconds)
    p95 = values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]
    return statistics.median(values), p95


def changed_writes(cells: Cells, count: int, rng: random.Random) -> list[tuple[str, str, str, str, int]]:
    """(group, nr, code, column, new value) whose value differs from the one stored: no write is a no-op."""
    keys = list(cells)
    plan = []
    while len(plan) < count:
        key = rng.choice(keys)
        cell = cells[key]
        column = "examinator" if len(plan) % 2 == 0 else "tweede"
        options = [v for v in cell["allowed"] if v != cell[column]]
        if not options:
            continue
        cell[column] = rng.choice(options)
        plan.append((*key, column, cell[column]))
    return plan


def time_our_writes(data: Path, plan: list[tuple[str, str, str, str, int]]) -> list[float]:
    stores = {"examinator": open_store(data, user=EX), "tweede": open_store(data, user=TW)}
    times = []
    for group_id, nr, code, column, value in plan:
        store = stores[column]
        start = time.perf_counter()
        store.set_score(group_id, nr, code, value)
        times.append(time.perf_counter() - start)
    return times


def time_our_polls(data: Path, group_id: str) -> list[float]:
    """What a screen pays per poll when nothing changed (the common case)."""
    store = open_store(data, user=EX)
    cursor = store.change_cursor(group_id)
    times = []
    for _ in range(1000):
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


class FsyncStorage(JSONStorage):
    """Stock JSONStorage plus an fsync after every write: as durable as our store."""

    def write(self, data: dict) -> None:
        super().write(data)
        self._handle.flush()
        os.fsync(self._handle.fileno())


class NaiveStore:
    """Cells in stock TinyDB, one document per cell, updated by doc_id."""

    def __init__(self, root: Path, layout: str, cells: Cells) -> None:
        self.root = root
        self.layout = layout
        self.ids: dict[tuple[str, str, str], int] = {}
        per_file: dict[Path, list[dict]] = {}
        for (group_id, nr, code), cell in cells.items():
            docs = per_file.setdefault(self.path(group_id), [])
            docs.append({"group": group_id, "examennummer": nr, "code": code, "examinator": cell["examinator"],
                         "tweede": cell["tweede"], "vastgesteld": None, "vastgesteld_door": None,
                         "vastgesteld_op": None})
            self.ids[(group_id, nr, code)] = len(docs)
        for path, docs in per_file.items():
            db = TinyDB(path, storage=FsyncStorage)
            db.table("cells").insert_multiple(docs)
            db.close()
        self.open: dict[Path, TinyDB] = {}

    def path(self, group_id: str) -> Path:
        return self.root / ("alles.json" if self.layout == "een bestand" else f"{group_id}.json")

    def megabytes(self, group_id: str) -> float:
        return self.path(group_id).stat().st_size / 1e6

    def write(self, group_id: str, nr: str, code: str, column: str, value: int) -> None:
        path = self.path(group_id)
        db = self.open.get(path)
        if db is None:
            db = self.open[path] = TinyDB(path, storage=FsyncStorage)
        db.table("cells").update({column: value}, doc_ids=[self.ids[(group_id, nr, code)]])

    def load(self, group_id: str) -> list[dict]:
        """From a fresh TinyDB, as a new process would: the file is read and parsed."""
        db = TinyDB(self.path(group_id), storage=FsyncStorage)
        try:
            if self.layout == "een bestand":
                return db.table("cells").search(Query().group == group_id)
            return db.table("cells").all()
        finally:
            db.close()

    def close(self) -> None:
        for db in self.open.values():
            db.close()


def time_naive(root: Path, layout: str, cells: Cells, group_id: str, rng: random.Random) -> dict:
    folder = root / layout.replace(" ", "-")
    folder.mkdir(parents=True)
    naive = NaiveStore(folder, layout, cells)
    writes = []
    for g, nr, code, column, value in changed_writes(cells, NAIVE_WRITES[layout], rng):
        start = time.perf_counter()
        naive.write(g, nr, code, column, value)
        writes.append(time.perf_counter() - start)
    naive.close()
    loads = []
    for _ in range(LOADS):
        start = time.perf_counter()
        found = naive.load(group_id)
        loads.append(time.perf_counter() - start)
        assert found
    return {"w": writes, "l": loads, "mb": naive.megabytes(group_id)}


def new_folder(root: Path, name: str) -> Store:
    return open_store(root / name, user=SEC, create=True, settings=Settings(demo=True, examensecretarissen=[SEC]))


def run_scenario(root: Path, name: str, groups: dict[str, dict], data: Path, load_group: str,
                 rng: random.Random) -> dict:
    cells: Cells = {(g, nr, code): cell for g, cs in groups.items() for (nr, code), cell in cs.items()}
    plan = changed_writes(cells, OUR_WRITES, rng)
    result = {"name": name, "records": len(cells), "groups": len(groups),
              "ours": {"w": time_our_writes(data, plan), "l": time_our_loads(data, load_group)},
              "polls": time_our_polls(data, load_group)}
    for layout in NAIVE_WRITES:
        result[layout] = time_naive(root / name, layout, cells, load_group, rng)
    return result


def scenario_one_group(root: Path, rng: random.Random) -> dict:
    sec = new_folder(root, "een-groep")
    model = sec.import_model(model_file(root, "A", 60))
    cands = [Candidate(examennummer=str(100000 + i), naam=f"Kandidaat {i}") for i in range(300)]
    group_id = sec.create_group(model.key, cands, EX, TW, Werkwijze.GELIJKTIJDIG).info.group_id
    groups = {group_id: fill_group(sec, group_id, rng)}
    return run_scenario(root, "1 groep", groups, sec.folder.path, group_id, rng) | {"load_what": "300 kandidaten"}


def scenario_school(root: Path, rng: random.Random) -> dict:
    sec = new_folder(root, "school")
    cands = [Candidate(examennummer=str(200000 + i), naam=f"Kandidaat {i}") for i in range(300)]
    groups: dict[str, dict] = {}
    for onderdeel in "ABCD":
        model = sec.import_model(model_file(root, onderdeel, 50))
        for start in range(0, 300, 20):
            group_id = sec.create_group(model.key, cands[start:start + 20], EX, TW, Werkwijze.GELIJKTIJDIG).info.group_id
            groups[group_id] = fill_group(sec, group_id, rng)
    some_group = sorted(groups)[len(groups) // 2]
    return run_scenario(root, "school", groups, sec.folder.path, some_group, rng) | {"load_what": "20 kandidaten"}


def main() -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--snel", action="store_true", help="alleen de ene groep (zonder de school)")
    args = parser.parse_args()
    rng = random.Random(2026)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cspe-bench-") as tmp:
        root = Path(tmp)
        results = [scenario_one_group(root, rng)]
        if not args.snel:
            results.append(scenario_school(root, rng))
    print(f"cspe store-benchmark: Python {platform.python_version()}, {os.cpu_count()} cores, {sys.platform}")
    print("Vergelijkt onze store met een naïeve TinyDB-store die even duurzaam is (fsync na elke write),")
    print("in twee indelingen: alles in één bestand, en één bestand per groep. Elke gemeten write verandert")
    print("de waarde. write = één set_score tot en met fsync; laden = één groep uit een verse store.")
    print("Bij 1 groep zijn beide indelingen hetzelfde bestand. x = naïef / ons (boven 1: wij zijn sneller).\n")
    head = f"{'scenario':<10} {'meting':<30} {'ons p50':>8} {'ons p95':>8} {'naïef p50':>10} {'naïef p95':>10} {'x p50':>6} {'x p95':>6}"
    print(head)
    print("-" * len(head))
    for r in results:
        ow50, ow95 = ms(r["ours"]["w"])
        ol50, ol95 = ms(r["ours"]["l"])
        for layout in NAIVE_WRITES:
            n = r[layout]
            nw50, nw95 = ms(n["w"])
            nl50, nl95 = ms(n["l"])
            print(f"{r['name']:<10} {'write; naïef ' + layout:<30} {ow50:8.2f} {ow95:8.2f} {nw50:10.2f} {nw95:10.2f} "
                  f"{nw50 / ow50:6.1f} {nw95 / ow95:6.1f}")
            print(f"{'':<10} {'laden; naïef ' + layout:<30} {ol50:8.1f} {ol95:8.1f} {nl50:10.1f} "
                  f"{nl95:10.1f} {nl50 / ol50:6.1f} {nl95 / ol95:6.1f}")
        p50, p95 = ms(r["polls"])
        print(f"{'':<10} {'poll zonder wijziging':<30} {p50:8.3f} {p95:8.3f}")
        sizes = ", ".join(f"{layout} {r[layout]['mb']:.1f} MB" for layout in NAIVE_WRITES)
        print(f"{'':<10} {r['records']:,} cellen in {r['groups']} groep(en), geladen: een groep van {r['load_what']}; "
              f"naïeve bestanden: {sizes};")
        print(f"{'':<10} {OUR_WRITES} writes ons, {'/'.join(str(v) for v in NAIVE_WRITES.values())} naïef; {LOADS}x laden")
    print()
    for r in results:
        ow50, ow95 = ms(r["ours"]["w"])
        ok = "gehaald" if ow95 <= 20 else f"NIET gehaald ({ow95 - 20:.1f} ms te veel)"
        per_group = ms(r["bestand per groep"]["w"])[0] / ow50
        load = ms(r["bestand per groep"]["l"])[0] / ms(r["ours"]["l"])[0]
        print(f"{r['name']}: write p95 {ow95:.2f} ms (doel <= 20 ms: {ok}); tegen naïef per groep: write {per_group:.1f}x, "
              f"laden {load:.2f}x {'(wij laden trager)' if load < 1 else ''}")
    print(f"\ntotale looptijd {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
