"""Benchmark: the cspe service against the in-process store, side by side in one run.

Run as `python bench/service.py`. One group of 300 candidates x 60 criteria. Measured:
  1. one persisted score write (returns after fsync): in-process `Store.set_score`
     against `ServiceClient.set_score` to a `cspe server run` process over its socket;
  2. live update: how long until another examinator's client holds a score that was
     just written. Today's app polls `changes_since` every 0.4 s in-process; with the
     service the change is pushed to the follower (the app then repaints at once).
Prints p50/p95 in milliseconds and the ratios.
"""

from __future__ import annotations

import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.service.client import ServiceClient
from cspe_tui.store import Settings, Store, current_login, open_store

WRITES = 300
LIVE = 100
POLL_SECONDS = 0.4
"""The scoring screen's poll interval today (ui/screens/scoring.py)."""
ME = current_login()
OTHER = "bench-tweede"


def model_file(folder: Path, criteria: int = 60) -> Path:
    per = 5
    data = {
        "formaat": "cspe-correctiemodel/1",
        "examen": {"profielvak": "BWI", "leerweg": "kb", "jaar": 2026, "versie": "rood", "onderdeel": "B",
                   "titel": "Bouwen, wonen en interieur"},
        "opdrachten": [
            {"nummer": f"B{o}", "titel": f"Opdracht {o}", "soort": "praktisch",
             "criteria": [{"code": f"B{o}.{c}", "omschrijving": f"Criterium {c}", "max": 3} for c in range(1, per + 1)]}
            for o in range(1, criteria // per + 1)
        ],
    }
    path = folder / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def make_folder(root: Path, tweede: str = OTHER) -> tuple[Path, str, list[str]]:
    data = root / "data"
    store = open_store(data, create=True, settings=Settings(examensecretarissen=[ME]))
    model = store.import_model(model_file(root))
    cands = [Candidate(examennummer=str(10000 + i), naam=f"Kandidaat {i}") for i in range(300)]
    state = store.create_group(model.key, cands, ME, tweede, Werkwijze.GELIJKTIJDIG)
    return data, state.info.group_id, [c.code for c in model.criteria]


class Targets:
    """Random cells and a value each does not hold yet: a write that changes nothing logs nothing."""

    def __init__(self, codes: list[str], rng: random.Random) -> None:
        self.codes, self.rng = codes, rng
        self.held: dict[tuple[str, str], int] = {}

    def next(self) -> tuple[str, str, int]:
        nr, code = str(10000 + self.rng.randrange(300)), self.rng.choice(self.codes)
        value = self.rng.choice([v for v in range(4) if v != self.held.get((nr, code))])
        self.held[(nr, code)] = value
        return nr, code, value


def ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(len(ordered) * 0.95) - 1] * 1000


def time_writes(store, group_id: str, targets: Targets, writes: int = WRITES, pause: float = 0.0) -> list[float]:
    """`writes` scores, each timed from the call to its answer; `pause` seconds between them."""
    samples = []
    for _ in range(writes):
        nr, code, value = targets.next()
        start = time.perf_counter()
        store.set_score(group_id, nr, code, value)
        samples.append(time.perf_counter() - start)
        if pause:
            time.sleep(pause)
    return samples


def live_polling(data: Path, group_id: str, targets: Targets, rng: random.Random) -> list[float]:
    """Today: the other examinator's app polls every 0.4 s; the change shows at the first poll after it."""
    writer, watcher = Store(open_store(data).folder, ME), open_store(data)
    samples = []
    for _ in range(LIVE // 4):
        cursor = watcher.change_cursor(group_id)
        phase = rng.random() * POLL_SECONDS  # the write lands somewhere between two polls
        next_poll = time.perf_counter() + phase
        written = time.perf_counter()
        writer.set_score(group_id, *targets.next())
        while True:
            time.sleep(max(0.0, next_poll - time.perf_counter()))
            if watcher.changes_since(group_id, cursor)[1]:
                samples.append(time.perf_counter() - written)
                break
            next_poll += POLL_SECONDS
    return samples


def live_push(sock: Path, group_id: str, targets: Targets) -> list[float]:
    writer, watcher = ServiceClient(sock), ServiceClient(sock)
    arrived = threading.Event()
    watcher.add_listener(lambda gid: arrived.set())
    watcher.change_cursor(group_id)
    samples = []
    for _ in range(LIVE):
        arrived.clear()
        start = time.perf_counter()
        writer.set_score(group_id, *targets.next())
        if not arrived.wait(10):
            raise RuntimeError("no push within 10 s")
        samples.append(time.perf_counter() - start)
    writer.disconnect()
    watcher.disconnect()
    return samples


def start_service(data: Path, root: Path, *extra: str) -> tuple[subprocess.Popen[bytes], Path]:
    sock = Path(tempfile.mkdtemp(prefix="cspe-b-")) / "cspe.sock"
    log = root / "service.log"
    proc = subprocess.Popen(
        [sys.executable, "-m", "cspe_tui", "server", "run", "--data", str(data), "--socket", str(sock),
         "--exports", str(root / "exports"), *extra],
        stdout=log.open("wb"), stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while "beheert" not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"service did not start: {log.read_text()}")
        time.sleep(0.05)
    return proc, sock


def main() -> int:
    started = time.perf_counter()
    rng = random.Random(11)
    root = Path(tempfile.mkdtemp(prefix="cspe-bench-service-"))
    try:
        data, group_id, codes = make_folder(root)
        targets = Targets(codes, rng)
        local = time_writes(open_store(data), group_id, targets)
        polled = live_polling(data, group_id, targets, rng)
        proc, sock = start_service(data, root)
        try:
            client = ServiceClient(sock)
            client.load_group(group_id)
            served = time_writes(client, group_id, targets)
            client.disconnect()
            pushed = live_push(sock, group_id, targets)
        finally:
            proc.terminate()
            proc.wait(30)
            shutil.rmtree(sock.parent, ignore_errors=True)
    finally:
        shutil.rmtree(root, ignore_errors=True)

    print(f"cspe service benchmark: Python {platform.python_version()}, {os.cpu_count()} cores, {sys.platform}")
    print("one group: 300 candidates x 60 criteria; write = one persisted set_score (fsync)\n")
    head = f"{'':<34} {'p50 (ms)':>9} {'p95 (ms)':>9}"
    print(head)
    print("-" * len(head))
    rows = [
        ("write, in-process store", ms(local)),
        ("write, via the service", ms(served)),
        ("live update, polling 0.4 s (today)", ms(polled)),
        ("live update, service push", ms(pushed)),
    ]
    for name, (p50, p95) in rows:
        print(f"{name:<34} {p50:9.2f} {p95:9.2f}")
    (w50, w95), (s50, s95), (l50, l95), (u50, u95) = (r[1] for r in rows)
    print()
    print(f"write via the service / in-process: p50 {s50 / w50:.2f}x, p95 {s95 / w95:.2f}x")
    print(f"live update push / polling: p50 {l50 / u50:.0f}x faster, p95 {l95 / u95:.0f}x faster "
          f"(goal p95 < 100 ms: {'ja' if u95 < 100 else 'nee'})")
    print(f"\ntotale looptijd {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
