"""`verify` finds hand edits in the data files and in the log; the change feed sees the other process."""

from __future__ import annotations

import json

from cspe_tui.store.log import entry_hash

from .helpers import TW, as_user
from .test_rules import fill


def group_dir(folder):
    return folder.data / "groups" / folder.group_id


def edit_json(path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data), encoding="utf-8")


def log_lines(folder):
    return (group_dir(folder) / "audit.jsonl").read_text(encoding="utf-8").splitlines()


def write_log(folder, lines):
    (group_dir(folder) / "audit.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")


def scored(folder):
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 1)
    folder.tw.set_score(gid, "1000", "B1.1", 2)
    folder.ex.set_score(gid, "1001", "B2.3", 3)
    folder.ex.set_absent(gid, "1004", True)
    assert folder.sec.verify(gid).ok


def test_clean_group_verifies(folder):
    scored(folder)
    report = folder.sec.verify(folder.group_id)
    assert report.ok and report.problems == [] and report.entries == 5 and report.seal_ok is None


def test_hand_edited_candidate_file_is_reported_with_candidate_and_criterium(folder):
    scored(folder)

    def bump(data):
        for doc in data["cells"].values():
            if doc["code"] == "B1.1":
                doc["tweede"] = 3

    edit_json(group_dir(folder) / "cand-1000.json", bump)
    report = folder.sec.verify(folder.group_id)
    assert not report.ok
    assert report.problems == [
        "Kandidaat 1000, criterium B1.1: tweede is 3 in cand-1000.json, maar 2 volgens het logboek "
        "(laatst gewijzigd in regel 3)."
    ]


def test_added_cell_and_edited_group_file_are_reported(folder):
    scored(folder)
    edit_json(group_dir(folder) / "cand-1001.json", lambda d: d["cells"].update({"9": {"code": "B3.1", "examinator": 3}}))
    edit_json(group_dir(folder) / "group.json", lambda d: d["absent"].clear())
    problems = folder.sec.verify(folder.group_id).problems
    assert "Kandidaat 1001, criterium B3.1: examinator is 3 in cand-1001.json, maar leeg volgens het logboek." in problems
    assert "Kandidaat 1004: is afwezig volgens het logboek, maar niet in group.json." in problems


def test_edited_log_line_breaks_the_hash(folder):
    scored(folder)
    lines = log_lines(folder)
    raw = json.loads(lines[2])
    raw["event"]["new"] = 0
    lines[2] = json.dumps(raw)
    write_log(folder, lines)
    problems = folder.sec.verify(folder.group_id).problems
    assert problems[0] == "Logboek regel 3: de inhoud past niet bij de hash; de regel is met de hand veranderd."
    assert (
        "Kandidaat 1000, criterium B1.1: tweede is 2 in cand-1000.json, maar 0 volgens het logboek "
        "(laatst gewijzigd in regel 3)." in problems
    )


def test_edited_log_with_recomputed_chain_still_disagrees_with_the_data(folder):
    """Someone who also recomputes every hash is caught by replaying the log against the files."""
    scored(folder)
    lines = [json.loads(line) for line in log_lines(folder)]
    lines[1]["event"]["new"] = 3
    prev = lines[0]["hash"]
    for raw in lines[1:]:
        raw["prev_hash"] = prev
        raw["hash"] = entry_hash(raw)
        prev = raw["hash"]
    write_log(folder, [json.dumps(r) for r in lines])
    problems = folder.sec.verify(folder.group_id).problems
    assert problems == [
        "Kandidaat 1000, criterium B1.1: examinator is 1 in cand-1000.json, maar 3 volgens het logboek "
        "(laatst gewijzigd in regel 2)."
    ]


def test_removed_log_line_breaks_the_chain(folder):
    scored(folder)
    lines = log_lines(folder)
    del lines[1]
    write_log(folder, lines)
    problems = folder.sec.verify(folder.group_id).problems
    assert any(p.startswith("Logboek regel 2: de hashketen is verbroken") for p in problems)
    assert any("volgnummer 3, verwacht 2" in p for p in problems)


def test_closed_group_edited_afterwards_fails_the_seal(folder):
    fill(folder)
    folder.ex.declare(folder.group_id)
    folder.tw.declare(folder.group_id)
    folder.ex.close(folder.group_id)
    assert folder.sec.verify(folder.group_id).seal_ok is True

    def lower(data):
        for doc in data["cells"].values():
            if doc["code"] == "B1.1":
                doc["examinator"] = doc["tweede"] = 0

    edit_json(group_dir(folder) / "cand-1003.json", lower)
    report = as_user(folder.data, TW).verify(folder.group_id)
    assert report.seal_ok is False
    assert "Het zegel van de gesloten groep klopt niet: de gegevens zijn na het sluiten veranderd." in report.problems


def test_garbage_in_a_data_file_is_reported_not_raised(folder):
    scored(folder)
    (group_dir(folder) / "cand-1001.json").write_text("{niet af", encoding="utf-8")
    problems = folder.sec.verify(folder.group_id).problems
    assert len(problems) == 1 and "cand-1001.json is beschadigd" in problems[0]


def test_change_feed_is_cheap_and_sees_the_other_examinator(folder):
    gid = folder.group_id
    cursor = folder.ex.change_cursor(gid)
    assert folder.ex.changes_since(gid, cursor) == (cursor, [])
    folder.tw.set_score(gid, "1002", "B1.3", 2)
    folder.tw.add_remark(gid, "1002", "B1.3", "twijfel")
    cursor2, entries = folder.ex.changes_since(gid, cursor)
    assert [(e.login, e.action, e.examennummer) for e in entries] == [
        ("tw", "score_set", "1002"),
        ("tw", "remark_added", "1002"),
    ]
    assert (entries[0].event.criterium, entries[0].event.role, entries[0].event.old, entries[0].event.new) == (
        "B1.3", "tweede", None, 2
    )
    assert (entries[1].event.remark.criterium, entries[1].event.remark.text) == ("B1.3", "twijfel")
    assert cursor2 == folder.ex.change_cursor(gid) > cursor
    assert folder.ex.changes_since(gid, cursor2) == (cursor2, [])
    assert folder.ex.load_group(gid).cell("1002", "B1.3").tweede == 2
    # A cursor taken while another process was half-way through an append points into a line.
    _, again = folder.ex.changes_since(gid, cursor2 - 5)
    assert [e.seq for e in again] == [entries[1].seq]


def test_audit_entries_are_complete(folder):
    folder.tw.set_score(folder.group_id, "1000", "B1.1", 2)
    folder.tw.set_score(folder.group_id, "1000", "B1.1", 1)
    entry = folder.sec.audit(folder.group_id)[-1]
    event = entry.event
    assert (entry.seq, entry.login, entry.examennummer, event.criterium, event.role, event.old, event.new) == (
        3, "tw", "1000", "B1.1", "tweede", 2, 1
    )
    assert entry.at.tzinfo is not None and len(entry.hash) == 64


def test_verification_needs_only_the_data_folder_and_its_folder_log(folder):
    """No Store: the folder records and a group's handle are enough to find the same hand edit."""
    import threading

    from cspe_tui.store.datafolder import DataFolder, file_lock
    from cspe_tui.store.folder import FolderRecords
    from cspe_tui.store.group_handle import GroupHandle
    from cspe_tui.store.verify import Verification

    scored(folder)
    edit_json(group_dir(folder) / "cand-1000.json", lambda data: data["cells"]["1"].update(tweede=3))
    data = DataFolder(path=folder.data, writable=False)
    records = FolderRecords(data, threading.RLock(), file_lock(data.lock_file), lambda: "nobody", lambda: None)
    report = Verification(data, records).verify_group(GroupHandle(folder.group_id, group_dir(folder)))
    assert report.problems == folder.sec.verify(folder.group_id).problems
    assert len(report.problems) == 1 and "cand-1000.json" in report.problems[0] and report.entries == 5
