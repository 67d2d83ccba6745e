"""The one write path: transactions, the folder log, the checkpoint rebuilt from the log, closed groups checked."""

from __future__ import annotations

import json
import os

import pytest

from cspe_tui.domain.commands import AcceptAll, AddAanvulling, SaveSettings, SetScore
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.domain.closing import closing_blockers, seal_of
from cspe_tui.store import ClosingBlocked, FolderScope, GroupScope, InvalidScore, PermissionDenied, TamperedGroup

from .helpers import EX, SEC, TW, as_user
from .test_rules import fill


def log_path(folder):
    return folder.data / "groups" / folder.group_id / "audit.jsonl"


def test_several_commands_are_all_or_nothing(folder):
    scope = GroupScope(group_id=folder.group_id)
    before = log_path(folder).read_bytes()
    good = SetScore(examennummer="1000", criterium="B1.1", value=2)
    bad = SetScore(examennummer="1001", criterium="B1.2", value=1)
    with pytest.raises(InvalidScore, match="1 mag niet bij B1.2"):
        folder.ex.execute(scope, EX, good, bad)
    assert log_path(folder).read_bytes() == before
    assert folder.tw.load_group(folder.group_id).cell("1000", "B1.1").examinator is None
    events = folder.ex.execute(scope, EX, good, SetScore(examennummer="1001", criterium="B1.2", value=2))
    assert [(e.examennummer, e.new) for e in events] == [("1000", 2), ("1001", 2)]
    entries = folder.tw.audit(folder.group_id)
    assert [e.more for e in entries[-2:]] == [True, False]
    assert folder.sec.verify(folder.group_id).ok


def test_the_actor_is_who_the_store_says_not_what_the_caller_claims(folder):
    """Roles come from the folded settings: a caller cannot make itself examensecretaris."""
    with pytest.raises(PermissionDenied, match="Alleen de examensecretaris"):
        folder.ex.execute(FolderScope(), EX, SaveSettings(settings=folder.ex.settings.model_copy(update={"examensecretarissen": [EX]})))


def test_accept_all_is_one_log_append_with_one_fsync(folder, monkeypatch):
    gid = folder.sec.create_group(
        folder.key, [Candidate(examennummer="2000", naam="Ömer Çelik")], EX, TW, Werkwijze.ACHTERAF
    ).info.group_id
    state = folder.ex.load_group(gid)
    folder.ex.execute(
        GroupScope(group_id=gid), EX, *(SetScore(examennummer="2000", criterium=c.code, value=c.max) for c in state.model.criteria)
    )
    calls = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (calls.append(fd), real_fsync(fd)))
    cells = folder.tw.accept_all(gid, "2000")
    monkeypatch.undo()
    assert len(calls) == 1
    assert len(cells) == len(state.model.criteria)
    assert all(cell.vastgesteld == state.model.criterium(code).max and cell.akkoord for code, cell in cells.items())
    entries = folder.sec.audit(gid)
    assert [e.action for e in entries[-len(cells):]] == ["accepted"] * len(cells)  # achteraf: the tweede's akkoord
    assert folder.sec.verify(gid).ok
    with pytest.raises(PermissionDenied, match="Alles overnemen kan alleen de tweede examinator"):
        folder.ex.execute(GroupScope(group_id=gid), EX, AcceptAll(examennummer="2000"))


def test_folder_log_holds_settings_models_and_groups(folder):
    actions = [e.action for e in folder.sec.audit()]
    assert actions == ["settings_saved", "model_imported", "group_created"]
    folder.sec.execute(FolderScope(), SEC, AddAanvulling(model_key=folder.key, criterium="B1.1", tekst="Maximum.", datum="2026-05-20"))
    assert folder.sec.audit()[-1].action == "aanvulling_added"
    report = folder.ex.verify()
    assert report.ok and report.entries == 4


def test_hand_edited_settings_make_nobody_examensecretaris(folder):
    """settings.json is a checkpoint: editing it changes no role, and verify names the difference."""
    path = folder.data / "settings.json"
    settings = json.loads(path.read_text())
    settings["examensecretarissen"].append(EX)
    path.write_text(json.dumps(settings))
    ex = as_user(folder.data, EX)
    assert not ex.is_secretaris
    with pytest.raises(PermissionDenied):
        ex.create_group(folder.key, [Candidate(examennummer="1", naam="A")], EX, TW, Werkwijze.ACHTERAF)
    assert any("settings.json wijkt af" in p for p in ex.verify().problems)


def test_edited_folder_log_line_is_found_and_blocks_folder_writes(folder):
    path = folder.data / "folder.jsonl"
    lines = path.read_text().splitlines()
    raw = json.loads(lines[1])
    raw["event"]["model"]["examen"]["titel"] = "Iets anders"
    lines[1] = json.dumps(raw)
    path.write_text("\n".join(lines) + "\n")
    fresh = as_user(folder.data, EX)
    problems = fresh.verify().problems
    assert problems[0] == "Logboek regel 2: de inhoud past niet bij de hash; de regel is met de hand veranderd."
    from cspe_tui.store import CorruptFile

    with pytest.raises(CorruptFile, match="Voer 'cspe verify' uit"):
        fresh.add_melding(folder.key, "B1", None, "fout", "tijdens de afname")


def test_deleted_checkpoint_is_rebuilt_from_the_log(folder):
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 2)
    folder.tw.set_score(gid, "1001", "B2.1", 3)
    folder.tw.add_remark(gid, "1001", None, "kijk even")
    group_dir = folder.data / "groups" / gid
    for name in ("group.json", "cand-1000.json", "cand-1001.json"):
        (group_dir / name).unlink()
    fresh = as_user(folder.data, TW)
    state = fresh.load_group(gid)
    assert (state.cell("1000", "B1.1").examinator, state.cell("1001", "B2.1").tweede) == (2, 3)
    assert [r.text for r in state.remarks] == ["kijk even"]
    assert {"group.json", "cand-1000.json", "cand-1001.json"} <= set(os.listdir(group_dir))
    assert fresh.verify(gid).ok


def close_group(folder):
    fill(folder)
    folder.ex.declare(folder.group_id)
    folder.tw.declare(folder.group_id)
    return folder.ex.close(folder.group_id)


def test_try_declaring_with_nothing_scored_is_refused(folder):
    """Issue 10, first try: 'verklaard' while the checklist still lists open scores."""
    with pytest.raises(ClosingBlocked, match=r"^Je kunt nog niet verklaren .*: nog \d+ scores te geven"):
        folder.ex.declare(folder.group_id)
    assert folder.ex.load_group(folder.group_id).verklaringen == []


def test_try_change_after_declaring_voids_both_declarations(folder):
    """Issue 10, second try: a change after the declarations voids them; the closing seal is what they covered."""
    gid = folder.group_id
    fill(folder)
    folder.tw.declare(gid)
    folder.ex.declare(gid)
    folder.tw.set_score(gid, "1000", "B1.1", 1)
    state = folder.ex.load_group(gid)
    assert state.verklaringen == []
    texts = [b.text for b in closing_blockers(state) if b.kind == "verklaring"]
    assert len(texts) == 2 and all("vervallen" in text for text in texts)
    cell = state.cell("1000", "B1.1")
    folder.ex.set_vastgesteld(gid, "1000", "B1.1", 3, expected=cell)
    folder.tw.declare(gid)
    folder.ex.declare(gid)
    sluiting = folder.ex.close(gid)
    closed = folder.sec.load_group(gid)
    assert {v.seal for v in closed.verklaringen} == {sluiting.seal} == {seal_of(closed)}
    assert "declarations_voided" in [e.action for e in folder.sec.audit(gid)]


def test_try_hand_edited_closed_group_is_flagged_and_not_exported(folder):
    """Issue 10, third try: one score 1 -> 2 in a closed group's file is found on opening and export."""
    gid = folder.group_id
    close_group(folder)
    path = folder.data / "groups" / gid / "cand-1000.json"
    data = json.loads(path.read_text())
    doc = next(d for d in data["cells"].values() if d["code"] == "B1.2")
    doc["examinator"] = doc["tweede"] = 0
    path.write_text(json.dumps(data))
    for store in (folder.ex, as_user(folder.data, TW)):
        state = store.load_group(gid)
        assert state.tampered is not None and "cspe verify" in state.tampered
        assert "Kandidaat 1000, criterium B1.2" in state.tampered
        assert state.cell("1000", "B1.2").examinator == 2
        with pytest.raises(TamperedGroup, match=f"^Groep {gid} wordt niet geëxporteerd"):
            store.export_state(gid)
