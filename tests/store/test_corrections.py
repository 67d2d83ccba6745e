"""Akkoord, ondersteuning, a group vervallen or removed, through the store: logged, checked, kept."""

from __future__ import annotations

import pytest

from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import ClosedGroupError, InvalidInput, PermissionDenied, UnknownGroup

from .helpers import EX, SEC, TW, as_user
from .test_rules import fill


def new_group(folder, werkwijze=Werkwijze.GELIJKTIJDIG) -> str:
    cands = [Candidate(examennummer="2000", naam="Extra Kandidaat")]
    return folder.sec.create_group(folder.key, cands, EX, TW, werkwijze).info.group_id


def test_an_unused_group_is_removed_moved_aside_and_its_creation_stays_logged(folder):
    gid = new_group(folder)
    with pytest.raises(PermissionDenied):
        folder.ex.remove_group(gid)
    folder.sec.remove_group(gid)
    assert gid not in folder.sec.group_ids()
    assert not (folder.data / "groups" / gid).exists()
    assert (folder.data / "verwijderd" / gid / "audit.jsonl").is_file()
    other = as_user(folder.data, TW)
    assert gid not in other.group_ids()
    with pytest.raises(UnknownGroup, match=f"Groep {gid} is verwijderd."):
        other.load_group(gid)
    kinds = [e.action for e in folder.sec.audit_iter()]
    assert kinds.count("group_created") == 2 and kinds[-1] == "group_removed"
    assert folder.sec.verify().ok
    assert new_group(folder) != gid


def test_a_group_with_a_score_is_not_removed(folder):
    folder.ex.set_score(folder.group_id, "1000", "B1.1", 1)
    with pytest.raises(InvalidInput, match="er zijn al scores ingevuld"):
        folder.sec.remove_group(folder.group_id)
    assert (folder.data / "groups" / folder.group_id).is_dir()
    assert folder.sec.load_group(folder.group_id).cell("1000", "B1.1").examinator == 1


def test_a_closed_group_marked_vervallen_still_verifies_and_refuses_scores(folder):
    fill(folder)
    folder.ex.declare(folder.group_id)
    folder.tw.declare(folder.group_id)
    folder.ex.close(folder.group_id)
    withdrawal = folder.sec.withdraw_group(folder.group_id, "onderdeel A stond al in een andere groep")
    assert withdrawal.by == SEC
    fresh = as_user(folder.data, EX)
    state = fresh.load_group(folder.group_id)
    assert state.withdrawn == withdrawal and state.tampered is None
    report = fresh.verify(folder.group_id)
    assert report.ok and report.seal_ok is True, report.problems
    with pytest.raises(ClosedGroupError, match="is vervallen"):
        fresh.set_absent(folder.group_id, "1000", True)
    fresh.export_state(folder.group_id)


def test_ondersteuning_and_akkoord_survive_reopening_and_verify(folder):
    gid = new_group(folder, Werkwijze.ACHTERAF)
    note = folder.sec.set_ondersteuning(gid, "2000", verlengde_tijd=True, tekst="30 minuten extra")
    assert note is not None and note.summary() == "verlengde tijd; 30 minuten extra"
    with pytest.raises(PermissionDenied):
        folder.ex.set_ondersteuning(gid, "2000", aangepaste_opdracht=True)
    folder.ex.set_score(gid, "2000", "B1.1", 2)
    cell = folder.tw.accept(gid, "2000", "B1.1", expected=folder.tw.load_group(gid).cell("2000", "B1.1"))
    assert (cell.tweede, cell.akkoord, cell.vastgesteld) == (2, True, 2)
    folder.ex.set_score(gid, "2000", "B1.3", 2)
    cells = folder.tw.accept_all(gid, "2000")
    assert cells["B1.3"].akkoord is True
    again = as_user(folder.data, SEC).load_group(gid)
    assert again.cell("2000", "B1.1").akkoord is True
    assert again.ondersteuning_for("2000").tekst == "30 minuten extra"
    assert folder.sec.verify(gid).ok
