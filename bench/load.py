"""Benchmark: 100 examinators' apps at once, each scoring at typing speed for a minute (issue 22 point 9).

Run as `python bench/load.py [CLIENTS] [SECONDS]`. One `cspe server run` process; 50 groups
of 40 candidates x 60 criteria; two clients (real processes) per group, each writing one
score every 1-2 s (random) to its own candidates, both following the group. Measured:
  - write: a `set_score` from call to answer (fsynced);
  - push: from the start of a write until the other client of the group holds it;
  - the memory of the service (its process and its read workers), sampled every second.
Every client runs as the same Unix user here, so the service gets a per-user connection
limit above the client count (`--verbindingen-per-gebruiker`). Goals on this machine:
write p95 <= 50 ms, push p95 <= 100 ms.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from service import model_file, start_service  # noqa: E402

from cspe_tui.domain.group import Candidate, Werkwijze  # noqa: E402
from cspe_tui.store import Settings, current_login, open_store  # noqa: E402

ME = current_login()
CANDIDATES = 40


def make_groups(root: Path, groups: int) -> tuple[Path, list[str], list[str]]:
    data = root / "data"
    store = open_store(data, create=True, settings=Settings(examensecretarissen=[ME]))
    model = store.import_model(model_file(root))
    ids = []
    for g in range(groups):
        cands = [Candidate(examennummer=str(10000 + g * 100 + i), naam=f"Kandidaat {i}") for i in range(CANDIDATES)]
        state = store.create_group(model.key, cands, ME, f"bench-tweede-{g}", Werkwijze.GELIJKTIJDIG, group_id=f"groep-{g:02d}")
        ids.append(state.info.group_id)
    return data, ids, [c.code for c in model.criteria]


CLIENT = r"""
import json, random, sys, threading, time
from cspe_tui.service.client import ServiceClient

sock, gid, first, half, codes, start_at, seconds, out = sys.argv[1:9]
codes = codes.split(",")
first, half, start_at, seconds = int(first), int(half), float(start_at), float(seconds)
client = ServiceClient(sock)
client.wait_for_service = 60
client.load_group(gid)
pushed = {}
cursor = client.change_cursor(gid)
lock = threading.Lock()

def arrived(group_id):
    global cursor
    now = time.time()
    with lock:
        end, entries = client.changes_since(gid, cursor)
        cursor = end
    for entry in entries:
        event = entry.event
        if event.type == "score_set":
            pushed.setdefault(f"{event.examennummer}/{event.criterium}/{event.new}", now)

client.add_listener(arrived)
rng = random.Random(first * 7 + half)
mine = [str(first + i) for i in range(half, 40, 2)]
writes = []
time.sleep(max(0.0, start_at - time.time()))
end = start_at + seconds
while time.time() < end:
    nr, code, value = rng.choice(mine), rng.choice(codes), rng.randrange(4)
    began = time.time()
    cell = client.set_score(gid, nr, code, value)
    done = time.time()
    writes.append([f"{nr}/{code}/{value}", began, done, cell.examinator == value])
    time.sleep(rng.uniform(1.0, 2.0))
time.sleep(2.0)
with open(out, "w") as f:
    json.dump({"writes": writes, "pushed": pushed}, f)
client.disconnect()
"""


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def family(pid: int) -> list[int]:
    """The service and its read workers (its children)."""
    found = [pid]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, ValueError, IndexError):
                continue
    return found


def pct(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000


def main() -> int:
    clients = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    groups = (clients + 1) // 2
    root = Path(tempfile.mkdtemp(prefix="cspe-bench-load-"))
    memory: list[tuple[int, int]] = []
    try:
        data, ids, codes = make_groups(root, groups)
        proc, sock = start_service(data, root, "--verbindingen-per-gebruiker", str(clients + 16))
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(1.0):
                pids = family(proc.pid)
                memory.append((rss_kib(proc.pid), sum(rss_kib(p) for p in pids)))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        start_at = time.time() + 15 + clients * 0.3  # every client started and following its group by then
        outs, procs = [], []
        try:
            for n in range(clients):
                g = n // 2
                out = root / f"client-{n}.json"
                outs.append((g, out))
                procs.append(subprocess.Popen([
                    sys.executable, "-c", CLIENT, str(sock), ids[g], str(10000 + g * 100), str(n % 2),
                    ",".join(codes), str(start_at), str(seconds), str(out),
                ]))
            for p in procs:
                p.wait(timeout=start_at - time.time() + seconds + 120)
        finally:
            stop.set()
            for p in procs:
                if p.poll() is None:
                    p.kill()
            proc.terminate()
            proc.wait(30)
            shutil.rmtree(sock.parent, ignore_errors=True)
        results: dict[int, list[dict]] = {}
        for g, out in outs:
            if out.exists():
                results.setdefault(g, []).append(json.loads(out.read_text()))
    finally:
        shutil.rmtree(root, ignore_errors=True)

    writes, pushes, wrong, lost = [], [], 0, 0
    for pair in results.values():
        for i, me in enumerate(pair):
            others = [o for j, o in enumerate(pair) if j != i]
            for key, began, done, right in me["writes"]:
                writes.append(done - began)
                wrong += not right
                for other in others:
                    if key in other["pushed"]:
                        pushes.append(max(0.0, other["pushed"][key] - began))
                    else:
                        lost += 1
    finished = sum(len(p) for p in results.values())
    service_mib = max(m[0] for m in memory) / 1024 if memory else 0
    total_mib = max(m[1] for m in memory) / 1024 if memory else 0
    print(f"cspe service load: {finished} of {clients} clients finished, {groups} groups of {CANDIDATES} candidates, "
          f"{seconds:.0f} s, a score every 1-2 s per client; {os.cpu_count()} cores")
    print(f"writes: {len(writes)}  p50 {statistics.median(writes) * 1000:.1f} ms  p95 {pct(writes, 0.95):.1f} ms  "
          f"max {max(writes) * 1000:.1f} ms  (goal p95 <= 50 ms: {'ja' if pct(writes, 0.95) <= 50 else 'nee'})")
    print(f"pushes: {len(pushes)}  p50 {statistics.median(pushes) * 1000:.1f} ms  p95 {pct(pushes, 0.95):.1f} ms  "
          f"(goal p95 <= 100 ms: {'ja' if pct(pushes, 0.95) <= 100 else 'nee'}); not seen by the other client: {lost}")
    print(f"answers whose own column was not the value just written: {wrong}")
    print(f"memory: service process max {service_mib:.0f} MiB; with its read workers max {total_mib:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
