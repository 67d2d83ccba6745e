"""The journal: execute returns what it committed; the actor is an argument; compound operations are commands."""

from __future__ import annotations

from cspe_tui.domain.commands import AddAanvulling, CreateGroup, RemoveGroup, SetScore
from cspe_tui.domain.events import AanvullingApplied, GroupCreated, ScoreSet
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import FolderScope, GroupScope

from .helpers import EX, SEC, TW


def test_execute_returns_the_entries_as_logged_and_the_log_position(folder):
    log = folder.data / "groups" / folder.group_id / "audit.jsonl"
    before = log.stat().st_size
    committed = folder.ex.execute(
        GroupScope(group_id=folder.group_id), EX,
        SetScore(examennummer="1000", criterium="B1.1", value=2), SetScore(examennummer="1001", criterium="B1.1", value=3),
    )
    assert committed.start == before
    assert committed.position == log.stat().st_size
    logged = folder.tw.audit(folder.group_id)[-2:]
    assert [e.model_dump() for e in committed.entries] == [e.model_dump() for e in logged]
    assert [type(e) for e in committed] == [ScoreSet, ScoreSet]
    assert {e.login for e in committed.entries} == {EX}


def test_the_store_never_lends_its_user_to_another_actor(folder):
    """The examensecretaris's store runs a command for another login: the log names that login, the store keeps its own."""
    committed = folder.sec.execute(GroupScope(group_id=folder.group_id), EX, SetScore(examennummer="1000", criterium="B1.2", value=2))
    assert committed.entries[0].login == EX
    assert folder.sec.user == SEC


def test_an_aanvulling_by_execute_reaches_every_open_group_as_the_same_actor(folder):
    command = AddAanvulling(model_key=folder.key, criterium="B1.1", tekst="Maximum.", datum="2026-05-20")
    folder.ex.load_group(folder.group_id)  # the examinator's store has folded the group before
    folder.sec.execute(FolderScope(), SEC, command)
    applied = [e for e in folder.tw.audit(folder.group_id) if isinstance(e.event, AanvullingApplied)]
    assert [(e.login, e.event.aanvulling.criterium) for e in applied] == [(SEC, "B1.1")]
    assert [a.criterium for a in folder.ex.load_group(folder.group_id).aanvullingen] == ["B1.1"]


def test_creating_a_group_by_execute_builds_its_folder_after_the_commit(folder):
    command = CreateGroup(
        model_key=folder.key, candidates=[Candidate(examennummer="3000", naam="Kim")], examinator=EX, tweede=TW,
        werkwijze=Werkwijze.ACHTERAF,
    )
    committed = folder.sec.execute(FolderScope(), SEC, command)
    created = next(e for e in committed if isinstance(e, GroupCreated))
    gid = created.info.group_id
    first = folder.tw.audit(gid)[0]
    assert (first.login, first.event) == (SEC, created)
    assert folder.ex.load_group(gid).candidates[0].naam == "Kim"
    folder.sec.execute(FolderScope(), SEC, RemoveGroup(group_id=gid))
    assert gid not in folder.ex.group_ids()
    assert (folder.data / "verwijderd" / gid / "audit.jsonl").is_file()
