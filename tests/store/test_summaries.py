"""Group summaries: read from summary.json when it matches the log, else counted from the log; never wrong."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cspe_tui.domain.summary import GroupSummary, summarize
from cspe_tui.store import Store, group_handle

from .helpers import EX, SEC, TW, as_user, make_folder

ROOT = Path(__file__).resolve().parents[2]


def full_count(data: Path, group_id: str) -> GroupSummary:
    """The summary as the start screen computed it before: from the whole folded group, in a fresh process view."""
    return summarize(as_user(data, SEC).load_group(group_id))


def listed(store: Store, group_id: str) -> GroupSummary:
    found, failures = store.group_summaries()
    assert failures == {}
    return next(s for s in found if s.group_id == group_id)


def read_from_file_only(data: Path, group_id: str) -> GroupSummary:
    """A fresh store lists the group without folding it: its state stays unloaded."""
    fresh = as_user(data, SEC)
    summary = listed(fresh, group_id)
    assert fresh.group_records._groups[group_id].state is None
    return summary


def fill(store: Store, group_id: str, examennummer: str, value: int = 0) -> None:
    state = store.load_group(group_id)
    for criterium in state.model.criteria:
        store.set_score(group_id, examennummer, criterium.code, value if value in criterium.allowed else 0)


def test_summary_matches_the_full_count_after_every_kind_of_change(folder) -> None:
    gid, ex, tw, sec = folder.group_id, folder.ex, folder.tw, folder.sec
    changes = [
        lambda: ex.set_score(gid, "1000", "B1.1", 2),
        lambda: fill(ex, gid, "1000"),
        lambda: fill(tw, gid, "1000", 2),
        lambda: ex.set_vastgesteld(gid, "1000", "B1.1", 1, ex.load_group(gid).cell("1000", "B1.1")),
        lambda: ex.set_absent(gid, "1001", True),
        lambda: tw.add_remark(gid, "1002", None, "Even overleggen."),
        lambda: ex.resolve_remark(gid, ex.load_group(gid).remarks[0].id),
        lambda: ex.set_absent(gid, "1001", False),
        lambda: sec.add_aanvulling(folder.key, "B2.1", "Iedereen krijgt het maximum.", "2026-05-20"),
        lambda: sec.set_ondersteuning(gid, "1003", verlengde_tijd=True),
    ]
    seen = set()
    for change in changes:
        change()
        truth = full_count(folder.data, gid)
        assert listed(ex, gid) == truth  # the writer, from memory
        assert listed(tw, gid) == truth  # another store that had listed it before
        assert read_from_file_only(folder.data, gid) == truth
        seen.add((truth.first_done, truth.second_done, truth.final_done, truth.open_remarks))
    assert len(seen) >= 5, "the changes must move the counts, or the test proves little"


def test_a_closed_and_a_withdrawn_group_are_summarised_as_such(folder, tmp_path) -> None:
    gid, ex, tw = folder.group_id, folder.ex, folder.tw
    for nr in ("1000", "1001", "1002", "1003", "1004"):
        fill(ex, gid, nr)
        fill(tw, gid, nr)
    ex.declare(gid)
    tw.declare(gid)
    ex.close(gid)
    summary = read_from_file_only(folder.data, gid)
    assert summary == full_count(folder.data, gid)
    assert (summary.closed, summary.final_done, summary.withdrawn) == (True, 5, None)
    folder.sec.withdraw_group(gid, "Verkeerd model gekozen.")
    assert read_from_file_only(folder.data, gid).withdrawn == "Verkeerd model gekozen."


def test_another_process_write_is_seen_at_once_by_a_store_that_listed_before(folder) -> None:
    gid = folder.group_id
    assert listed(folder.ex, gid).first_done == 0
    subprocess.run(
        [sys.executable, "-c", f"""
from pathlib import Path
from cspe_tui.store import open_store
store = open_store(Path({str(folder.data)!r}), user={EX!r})
state = store.load_group({gid!r})
for c in state.model.criteria:
    store.set_score({gid!r}, "1004", c.code, 0)
"""],
        check=True, cwd=ROOT, timeout=60,
    )
    assert listed(folder.ex, gid) == full_count(folder.data, gid)
    assert listed(folder.ex, gid).first_done == 1


def test_a_write_killed_before_its_summary_leaves_no_wrong_count(folder, monkeypatch: pytest.MonkeyPatch) -> None:
    """The log line and the cells are written, summary.json is not (the process died): the log wins."""
    gid = folder.group_id
    fill(folder.ex, gid, "1000")
    monkeypatch.setattr(group_handle, "write_summary", lambda *a: (_ for _ in ()).throw(OSError("killed")))
    folder.tw.set_absent(gid, "1001", True)
    monkeypatch.undo()
    truth = full_count(folder.data, gid)
    assert truth.first_done == 2
    fresh = as_user(folder.data, TW)
    assert listed(fresh, gid) == truth
    # ... and the reader stored the summary again, so the next start reads it without folding.
    assert read_from_file_only(folder.data, gid) == truth


def test_a_real_kill_at_any_moment_leaves_a_summary_that_matches_the_log(tmp_path) -> None:
    data = tmp_path / "data"
    gid, _ = make_folder(data, tmp_path, candidates=6)
    for seed in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; from tests.store.workers import kill_writer; "
             f"kill_writer({str(data)!r}, {gid!r}, {seed})"],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        assert proc.stdout is not None
        for _ in range(5 + 7 * seed):
            proc.stdout.readline()
        time.sleep(0.01 * seed)
        proc.kill()
        proc.wait(30)
        proc.stdout.close()
        assert listed(as_user(data, TW), gid) == full_count(data, gid)


def edit_summary(data: Path, group_id: str, change) -> None:
    path = data / "groups" / group_id / "summary.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_a_hand_edited_summary_is_not_shown_as_the_truth(folder) -> None:
    gid = folder.group_id
    fill(folder.ex, gid, "1000")
    truth = full_count(folder.data, gid)
    edit_summary(folder.data, gid, lambda doc: doc["summary"]["1"].update(first_done=5, final_done=5))
    assert listed(as_user(folder.data, TW), gid) == truth


def test_an_old_summary_put_back_by_hand_is_not_shown_as_the_truth(folder) -> None:
    gid = folder.group_id
    path = folder.data / "groups" / gid / "summary.json"
    old = path.read_bytes()
    fill(folder.ex, gid, "1000")
    path.write_bytes(old)
    shown = listed(as_user(folder.data, TW), gid)
    truth = full_count(folder.data, gid)
    assert truth.first_done == 1
    assert shown == truth


def test_a_missing_or_broken_summary_is_counted_from_the_log(folder) -> None:
    gid = folder.group_id
    fill(folder.tw, gid, "1003")
    path = folder.data / "groups" / gid / "summary.json"
    truth = full_count(folder.data, gid)
    path.write_text("{niet json", encoding="utf-8")
    assert listed(as_user(folder.data, EX), gid) == truth
    os.unlink(path)
    assert listed(as_user(folder.data, EX), gid) == truth
    assert path.exists(), "the reader stores the summary again"


def test_a_hand_edited_checkpoint_of_a_closed_group_is_marked_once_checked(folder) -> None:
    gid, ex, tw = folder.group_id, folder.ex, folder.tw
    for nr in ("1000", "1001", "1002", "1003", "1004"):
        fill(ex, gid, nr)
        fill(tw, gid, nr)
    ex.declare(gid)
    tw.declare(gid)
    ex.close(gid)
    path = folder.data / "groups" / gid / "cand-1000.json"
    cells = json.loads(path.read_text(encoding="utf-8"))
    for doc in cells["cells"].values():
        doc["examinator"] = None
    path.write_text(json.dumps(cells), encoding="utf-8")
    fresh = as_user(folder.data, TW)
    assert listed(fresh, gid).tampered is None  # not checked yet: listing does not fold the log
    problem = fresh.closed_check(gid)
    assert problem is not None and "klopt niet met het logboek" in problem and "cspe verify" in problem
    summary = listed(fresh, gid)
    assert summary.tampered == problem
    assert summary.first_done == 5  # the log's count, not the edited file's
    assert fresh.load_group(gid).tampered == problem
    assert as_user(folder.data, TW).closed_check(gid) == problem


def test_an_untouched_closed_group_passes_its_check(folder) -> None:
    gid = folder.group_id
    for nr in ("1000", "1001", "1002", "1003", "1004"):
        fill(folder.ex, gid, nr)
        fill(folder.tw, gid, nr)
    folder.ex.declare(gid)
    folder.tw.declare(gid)
    folder.ex.close(gid)
    fresh = as_user(folder.data, EX)
    assert fresh.closed_check(gid) is None
    assert listed(fresh, gid).tampered is None
