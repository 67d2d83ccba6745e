"""Real OS processes on the same data: concurrent writers, and writers killed with SIGKILL."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cspe_tui.store.checkpoint import read_cells_seq, read_mark
from cspe_tui.store.fs import candidate_file_name
from cspe_tui.store.storage import open_db

from .helpers import EX, SEC, TW, as_user, make_folder
from .workers import expected_value

ROOT = Path(__file__).resolve().parents[2]
ACKS_BEFORE_KILL = 3


def test_two_processes_write_1000_scores_each_into_one_group_at_once(tmp_path):
    data = tmp_path / "data"
    gid, _ = make_folder(data, tmp_path, candidates=20, opdrachten=10, per_opdracht=5)
    ctx = multiprocessing.get_context("spawn")
    start, done = ctx.Event(), ctx.Queue()
    from .workers import write_all_scores

    procs = [ctx.Process(target=write_all_scores, args=(str(data), user, gid, start, done)) for user in ("ex", "tw")]
    for proc in procs:
        proc.start()
    time.sleep(0.3)
    start.set()
    results = dict(done.get(timeout=60) for _ in procs)
    for proc in procs:
        proc.join(30)
        assert proc.exitcode == 0
    assert results == {"ex": 1000, "tw": 1000}
    store = as_user(data, SEC)
    state = store.load_group(gid)
    missing = [
        (cand.examennummer, crit.code)
        for ci, cand in enumerate(state.candidates)
        for ki, crit in enumerate(state.model.criteria)
        if state.cell(cand.examennummer, crit.code).examinator != expected_value(crit.allowed, ci, ki, "ex")
        or state.cell(cand.examennummer, crit.code).tweede != expected_value(crit.allowed, ci, ki, "tw")
    ]
    assert missing == []
    entries = store.audit(gid)
    assert len(entries) == 2001 and [e.seq for e in entries] == list(range(1, 2002))
    assert {e.login for e in entries[1:]} == {"ex", "tw"}
    report = store.verify(gid)
    assert report.ok, report.problems[:5]


class Acks:
    """What the killed writer acknowledged, and the one call that was in flight."""

    def __init__(self) -> None:
        self.scores: dict[tuple[str, str], int | None] = {}
        self.remarks: dict[str, int] = {}
        self.absent: dict[str, bool] = {}

    def read(self, lines: list[str]) -> tuple[str, ...] | None:
        in_flight = None
        for line in lines:
            parts = tuple(line.split())
            if len(parts) < 2:
                continue
            if parts[0] == "try":
                in_flight = parts[1:]
            elif parts[0] == "ok":
                in_flight = None
                if parts[1] == "score":
                    self.scores[(parts[2], parts[3])] = None if parts[4] == "None" else int(parts[4])
                elif parts[1] == "remark":
                    self.remarks[parts[2]] = int(parts[3])
                elif parts[1] == "absent":
                    self.absent[parts[2]] = parts[3] == "True"
        return in_flight


def leftovers(data: Path) -> list[str]:
    return [n for _r, _d, files in os.walk(data) for n in files if ".tmp-" in n]


def test_writer_killed_at_50_random_moments_loses_no_acknowledged_write(tmp_path):
    data = tmp_path / "data"
    gid, _ = make_folder(data, tmp_path, candidates=8)
    rng = random.Random(20260520)
    acks = Acks()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    kills_mid_write = 0
    for round_ in range(50):
        proc = subprocess.Popen(
            [sys.executable, "-m", "tests.store.workers", str(data), gid, str(round_)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env=env,
        )
        # The writer's calls follow its seed, so waiting for its first acknowledgements makes what is
        # acknowledged at least the same every run, however slow the machine; the kill moment stays random.
        seen = []
        while sum(line.startswith("ok") for line in seen) < ACKS_BEFORE_KILL:
            line = proc.stdout.readline()
            assert line, proc.stderr.read()
            seen.append(line)
        time.sleep(rng.uniform(0, 0.06))
        proc.send_signal(signal.SIGKILL)
        # Through the same buffered reader as readline(): communicate() would skip what it already buffered.
        rest = proc.stdout.read()
        proc.wait(10)
        proc.stdout.close()
        proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL
        in_flight = acks.read([*seen, *rest.splitlines()])
        kills_mid_write += in_flight is not None

        store = as_user(data, EX)
        state = store.load_group(gid)
        assert leftovers(data) == []
        for (nr, code), value in acks.scores.items():
            stored = state.cell(nr, code).examinator
            if in_flight and in_flight[0] == "score" and in_flight[1:3] == (nr, code):
                continue  # the last call may or may not have landed
            assert stored == value, (round_, nr, code)
        remarks = {r.id: len(r.text) for r in state.remarks}
        assert all(remarks.get(rid) == length for rid, length in acks.remarks.items())
        for nr, absent in acks.absent.items():
            if not (in_flight and in_flight[0] == "absent" and in_flight[1] == nr):
                assert state.is_absent(nr) == absent
        # Whatever landed without an acknowledgement becomes the known state for the next round.
        if in_flight and in_flight[0] == "score":
            acks.scores[(in_flight[1], in_flight[2])] = state.cell(in_flight[1], in_flight[2]).examinator
        if in_flight and in_flight[0] == "absent":
            acks.absent[in_flight[1]] = state.is_absent(in_flight[1])
        report = store.verify(gid)
        assert report.ok, (round_, report.problems[:5])
    assert len(acks.scores) > 50 and acks.remarks and acks.absent
    assert kills_mid_write >= 25


@pytest.mark.parametrize("change", ["absent", "remark", "score"])
def test_writer_killed_between_log_line_and_checkpoint_is_caught_up_by_the_next_opener(folder, change):
    """The log has the change, group.json and the candidate file do not: the next opener catches them up."""
    from .workers import die_before_checkpoint

    gid = folder.group_id
    before = folder.sec.audit(gid)
    proc = multiprocessing.get_context("spawn").Process(target=die_before_checkpoint, args=(str(folder.data), gid, change))
    proc.start()
    proc.join(30)
    assert proc.exitcode == -signal.SIGKILL
    logged = folder.sec.audit(gid)
    assert len(logged) == len(before) + 1
    mark = read_mark(open_db(folder.data / "groups" / gid / "group.json"))
    assert mark is not None and mark.seq < logged[-1].seq

    state = as_user(folder.data, EX).load_group(gid)
    assert {
        "absent": state.is_absent("1002"),
        "remark": [r.text for r in state.remarks] == ["Kandidaat vroeg om extra papier."],
        "score": state.cell("1002", "B3.1").examinator == 3,
    }[change]
    group = folder.data / "groups" / gid
    if change == "score":
        covered = read_cells_seq(open_db(group / candidate_file_name("1002")))
    else:
        covered = read_mark(open_db(group / "group.json")).seq
    assert covered == logged[-1].seq
    report = as_user(folder.data, TW).verify(gid)
    assert report.ok, report.problems


def test_other_process_score_shows_in_the_change_feed_within_a_second(folder):
    ctx = multiprocessing.get_context("spawn")
    start, done = ctx.Event(), ctx.Queue()
    from .workers import write_one_score

    proc = ctx.Process(target=write_one_score, args=(str(folder.data), folder.group_id, start, done))
    proc.start()
    cursor = folder.ex.change_cursor(folder.group_id)
    state = folder.ex.load_group(folder.group_id)
    start.set()
    assert done.get(timeout=30) == "ok"
    acked = time.perf_counter()
    entries = []
    while not entries and time.perf_counter() - acked < 10.0:
        cursor, entries = folder.ex.changes_since(folder.group_id, cursor)
        time.sleep(0.02)
    proc.join(10)
    assert [(e.login, e.examennummer, e.event.criterium, e.event.new) for e in entries] == [("tw", "1003", "B2.1", 3)]
    assert state.cell("1003", "B2.1").tweede is None
    assert folder.ex.load_group(folder.group_id).cell("1003", "B2.1").tweede == 3


def test_threads_of_one_process_share_a_store(folder):
    """The UI polls from a worker thread while the main thread writes."""
    import threading

    errors: list[BaseException] = []
    gid = folder.group_id
    state = folder.ex.load_group(gid)
    criteria = state.model.criteria

    def value(i: int) -> int:
        allowed = criteria[i % len(criteria)].allowed
        return allowed[(i // len(criteria)) % len(allowed)]

    def write() -> None:
        try:
            for i in range(150):
                folder.ex.set_score(gid, "1001", criteria[i % len(criteria)].code, value(i))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    def poll() -> None:
        try:
            cursor = 0
            for _ in range(150):
                cursor, _entries = folder.ex.changes_since(gid, cursor)
                folder.ex.load_group(gid)
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write), threading.Thread(target=poll)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []
    final = folder.tw.load_group(gid)
    last = {criteria[i % len(criteria)].code: value(i) for i in range(150)}
    assert {code: final.cell("1001", code).examinator for code in last} == last
    assert folder.tw.verify(gid).ok
