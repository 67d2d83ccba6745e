"""Code that runs in child processes of the store tests (spawned, or `python -m` for the kill test)."""

from __future__ import annotations

import os
import random
import signal
import sys
from pathlib import Path

from cspe_tui.store import groups, open_store


def expected_value(allowed: tuple[int, ...], cand_index: int, crit_index: int, user: str) -> int:
    return allowed[(cand_index * 7 + crit_index * 3 + (1 if user == "tw" else 0)) % len(allowed)]


def write_all_scores(data: str, user: str, group_id: str, start, done) -> None:
    """Write this examinator's whole column, cell by cell, after `start` is set."""
    store = open_store(Path(data), user=user)
    state = store.load_group(group_id)
    start.wait(30)
    count = 0
    for ci, cand in enumerate(state.candidates):
        for ki, crit in enumerate(state.model.criteria):
            store.set_score(group_id, cand.examennummer, crit.code, expected_value(crit.allowed, ci, ki, user))
            count += 1
    done.put((user, count))


def kill_writer(data: str, group_id: str, seed: int) -> None:
    """Write until killed; 'try ...' before each call, 'ok ...' once it has returned (the acknowledgement)."""
    rng = random.Random(seed)
    store = open_store(Path(data), user="ex")
    state = store.load_group(group_id)
    numbers = [c.examennummer for c in state.candidates]
    out = sys.stdout
    while True:
        nr = rng.choice(numbers)
        kind = rng.random()
        if kind < 0.75:
            crit = rng.choice(state.model.criteria)
            value = rng.choice((None, *crit.allowed))
            out.write(f"try score {nr} {crit.code} {value}\n")
            out.flush()
            store.set_score(group_id, nr, crit.code, value)
            out.write(f"ok score {nr} {crit.code} {value}\n")
        elif kind < 0.9:
            text = "opmerking " + "x" * rng.randint(1, 3000)
            out.write(f"try remark {nr}\n")
            out.flush()
            remark = store.add_remark(group_id, nr, None, text)
            out.write(f"ok remark {remark.id} {len(text)}\n")
        else:
            absent = rng.random() < 0.5
            out.write(f"try absent {nr} {absent}\n")
            out.flush()
            store.set_absent(group_id, nr, absent)
            out.write(f"ok absent {nr} {absent}\n")
        out.flush()


def die_before_checkpoint(data: str, group_id: str, change: str) -> None:
    """Make one change, SIGKILLed right after its log line is durable and before any checkpoint file is written."""
    store = open_store(Path(data), user="ex")
    store.load_group(group_id)

    def killed(*_args, **_kwargs) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    groups.write_head = killed
    groups.write_cells = killed
    if change == "absent":
        store.set_absent(group_id, "1002", True)
    elif change == "remark":
        store.add_remark(group_id, "1002", None, "Kandidaat vroeg om extra papier.")
    else:
        store.set_score(group_id, "1002", "B3.1", 3)


def write_one_score(data: str, group_id: str, start, done) -> None:
    store = open_store(Path(data), user="tw")
    store.load_group(group_id)
    start.wait(30)
    store.set_score(group_id, "1003", "B2.1", 3)
    done.put("ok")


if __name__ == "__main__":
    kill_writer(sys.argv[1], sys.argv[2], int(sys.argv[3]))
