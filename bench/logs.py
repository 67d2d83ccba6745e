"""Benchmark: `cspe log` and `cspe verify` on a group log of 110,000 lines stream, so memory stays flat.

Run as `python bench/logs.py`. Builds a demo folder with one small group whose log holds
110,000 score events (written through Store.execute), then runs `cspe verify` and
`cspe log` in child processes under /usr/bin/time and prints their peak memory (goal:
under 60 MiB) and wall time.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from cspe_tui.domain.commands import SetScore
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import GroupScope, Settings, open_store

LINES = 110_000
PER_TRANSACTION = 5_000


def model(folder: Path) -> Path:
    opdrachten = [
        {"nummer": f"A{o}", "titel": f"Opdracht {o}", "soort": "praktisch",
         "criteria": [{"code": f"A{o}.{c}", "omschrijving": f"Criterium {c}", "max": 3} for c in range(1, 5)]}
        for o in range(1, 4)
    ]
    data = {"formaat": "cspe-correctiemodel/1",
            "examen": {"profielvak": "BWI", "leerweg": "kb", "jaar": 2026, "versie": "rood", "onderdeel": "A",
                       "titel": "Bouwen"},
            "opdrachten": opdrachten}
    path = folder / "model.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def build(root: Path) -> tuple[Path, str]:
    data = root / "data"
    sec = open_store(data, user="sec", create=True, settings=Settings(demo=True, examensecretarissen=["sec"]))
    key = sec.import_model(model(root)).key
    cands = [Candidate(examennummer=str(1000 + i), naam=f"K {i}") for i in range(10)]
    gid = sec.create_group(key, cands, "ex", "tw", Werkwijze.GELIJKTIJDIG).info.group_id
    codes = [c.code for c in sec.model(key).criteria]
    commands, n = [], 0
    while n < LINES - 1:
        cand = cands[(n // len(codes)) % len(cands)]
        commands.append(SetScore(examennummer=cand.examennummer, criterium=codes[n % len(codes)], value=1 + (n // 120) % 3))
        n += 1
        if len(commands) == PER_TRANSACTION or n == LINES - 1:
            sec.execute(GroupScope(group_id=gid), "ex", *commands)
            commands = []
    return data, gid


def measure(*argv: str) -> tuple[float, float]:
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-v", sys.executable, "-m", "cspe_tui", *argv],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    peak = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    assert peak is not None, done.stderr[-500:]
    return int(peak.group(1)) / 1024, seconds


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="cspe-logs-") as tmp:
        data, gid = build(Path(tmp))
        lines = sum(1 for _ in (data / "groups" / gid / "audit.jsonl").open("rb"))
        print(f"cspe log/verify benchmark: one group, {lines:,} log lines")
        for name, argv in (("cspe verify", ("--data", str(data), "verify", gid, "--als", "ex")),
                           ("cspe log", ("--data", str(data), "log", gid, "--als", "ex"))):
            peak, seconds = measure(*argv)
            verdict = "OK" if peak < 60 else "TE VEEL"
            print(f"{name:<12} piek {peak:6.1f} MiB (doel < 60 MiB: {verdict}), {seconds:5.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
