"""One contract, two backends: every command, the reads, refusals and following, against the in-process
store and the service client on a real socket. Adding a command fails `test_every_command_is_in_the_contract`
until a scenario here runs it on both."""

from __future__ import annotations

import threading
import time
from datetime import date
from decimal import Decimal

import pytest

from cspe_tui.domain import commands as c
from cspe_tui.domain.commands import COMMANDS
from cspe_tui.domain.group import Werkwijze
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.store import (
    ClosedGroupError,
    ConflictError,
    FolderScope,
    InvalidInput,
    InvalidScore,
    NeedsConfirmation,
    PermissionDenied,
    UnknownCriterium,
)
from cspe_tui.store import open_store
from tests.photo_helpers import camera_jpeg
from tests.store.helpers import write_model

from .conftest import ME, OTHER, Backend
from .test_registries import members

COVERED: set[str] = set()


def covers(*kinds: str):
    """The command types a scenario runs on both backends."""
    COVERED.update(kinds)
    return lambda test: test


@covers("score", "vastgesteld", "absent", "remark", "reply", "resolve")
def test_scores_absence_and_remarks(backend: Backend) -> None:
    store, gid = backend.store, backend.group_id
    code = store.load_group(gid).model.criteria[0].code
    assert store.set_score(gid, "1000", code, 2).examinator == 2
    backend.all_scored("1000", lambda k: 2 if k.code == code else k.max)
    cell = store.load_group(gid).cell("1000", code)
    assert (cell.examinator, cell.tweede, cell.vastgesteld) == (2, 3, None)
    assert store.set_vastgesteld(gid, "1000", code, 3, expected=cell).vastgesteld == 3
    store.set_absent(gid, "1004", True)
    remark = store.add_remark(gid, "1001", None, "Even overleggen")
    assert store.reply_remark(gid, remark.id, "Goed").replies[-1].text == "Goed"
    assert not store.resolve_remark(gid, remark.id).open
    state = store.load_group(gid)
    assert state.is_absent("1004") and state.cell("1000", code).vastgesteld == 3
    assert [e.action for e in store.audit(gid)][-4:] == ["absent_set", "remark_added", "reply_added", "remark_resolved"]
    assert store.verify(gid).ok


@covers("create_group", "accept", "accept_all")
def test_achteraf_the_tweede_accepts(backend: Backend) -> None:
    from cspe_tui.domain.group import Candidate

    store = backend.store
    cands = [Candidate(examennummer="2000", naam="Kim"), Candidate(examennummer="2001", naam="Ömer Çelik")]
    with pytest.raises(NeedsConfirmation):
        store.create_group(backend.key, [*cands, Candidate(examennummer="1000", naam="Kandidaat 0")], OTHER, ME, Werkwijze.ACHTERAF)
    state = store.create_group(backend.key, cands, OTHER, ME, Werkwijze.ACHTERAF, group_id="hbr-achteraf")
    gid = state.info.group_id
    assert gid == "hbr-achteraf" and gid in store.group_ids()
    codes = [k.code for k in state.model.criteria]
    backend.other(
        *(c.SetScore(examennummer=nr, criterium=k.code, value=k.max) for nr in ("2000", "2001") for k in state.model.criteria),
        group_id=gid,
    )
    expected = store.load_group(gid).cell("2000", codes[0])
    cell = store.accept(gid, "2000", codes[0], expected=expected)
    assert (cell.vastgesteld, cell.akkoord) == (state.model.criteria[0].max, True)
    assert sorted(store.accept_all(gid, "2000")) == sorted(codes[1:])
    assert len(store.accept_all(gid, "2001")) == len(codes)
    assert store.verify(gid).ok


@covers("ondersteuning", "photo", "withdraw", "remove_group")
def test_what_the_examensecretaris_notes(backend: Backend) -> None:
    from cspe_tui.domain.group import Candidate

    store, gid = backend.store, backend.group_id
    note = store.set_ondersteuning(gid, "1002", verlengde_tijd=True, tekst="Dyslexie")
    assert note is not None and note.verlengde_tijd
    record = store.add_photo(gid, "1002", camera_jpeg(), "NR-1002.jpg")
    assert record is not None and store.photo_bytes(gid, record)[:2] == b"\xff\xd8"
    assert store.load_group(gid).ondersteuning_for("1002") == note
    unused = store.create_group(backend.key, [Candidate(examennummer="3000", naam="Sam")], ME, OTHER, "gelijktijdig")
    store.remove_group(unused.info.group_id)
    assert unused.info.group_id not in store.group_ids() and unused.info.group_id in store.removed_groups()
    other = store.create_group(backend.key, [Candidate(examennummer="3001", naam="Noor")], ME, OTHER, "gelijktijdig")
    assert store.withdraw_group(other.info.group_id, "Verkeerd model gekozen").reden == "Verkeerd model gekozen"
    assert store.verify(gid).ok


@covers("import_model", "melding", "aanvulling", "apply_aanvulling", "normering", "normering_withdraw", "settings", "uitslag")
def test_folder_commands(backend: Backend, tmp_path) -> None:
    store, key = backend.store, backend.key
    blauw = store.import_model(write_model(tmp_path, versie="blauw"))
    assert blauw.key in store.models() and store.model(blauw.key) == blauw
    melding = store.add_melding(key, "B1", "B1.1", "De checklist noemt een ander mes.", "tijdens de afname")
    assert store.meldingen(key) == [melding]
    aanvulling = store.add_aanvulling(key, "B1.1", "Maximum.", "2026-05-20")
    assert store.aanvullingen(key) == [aanvulling]
    assert [a.criterium for a in store.load_group(backend.group_id).aanvullingen] == ["B1.1"]
    nkey = NormeringKey("HBR", "kb", 2026, "rood")
    store.set_normering(nkey, Normering(nterm=Decimal("1.2"), lengte=90))
    assert store.normering(nkey) == Normering(nterm=Decimal("1.2"), lengte=90)
    store.withdraw_normering(nkey, "Verkeerd overgenomen")
    assert store.normering(nkey) is None and store.normering_entries()[0].withdrawn
    store.save_settings(store.settings.model_copy(update={"school": "Het Vakcollege"}))
    assert store.settings.school == "Het Vakcollege"
    store.set_uitslag("HBR", "kb", 2026, date(2026, 7, 10))
    assert [u.datum for u in store.uitslagen()] == [date(2026, 7, 10)]
    assert store.verify(None).ok


@covers("declare", "close", "archive")
def test_declare_close_and_archive(backend: Backend) -> None:
    store, gid = backend.store, backend.group_id
    for nr in ("1000", "1001", "1002", "1003", "1004"):
        backend.all_scored(nr)
    store.declare(gid)
    backend.other(c.Declare())
    seal = store.close(gid)
    state = store.load_group(gid)
    assert state.closed and state.sluiting == seal
    assert store.closed_check(gid) is None and store.export_state(gid).closed
    with pytest.raises(ClosedGroupError):
        store.set_score(gid, "1000", "B1.1", 1)
    store.record_archive(gid, "a" * 64)
    assert [(a.group_id, a.by) for a in store.archives()] == [(gid, ME)]
    assert "audit.jsonl" in store.archive_sources(gid)


@covers("anchor")
def test_only_the_folders_own_writer_anchors_a_group(backend: Backend) -> None:
    """In one process the store is the writer; through the service only the service anchors (issue 22)."""
    anchor = c.AnchorGroup(group_id=backend.group_id, seq=1, head="0" * 64)
    if backend.name == "dienst":
        with pytest.raises(InvalidInput, match="legt de cspe-dienst zelf vast"):
            backend.store.execute(FolderScope(), ME, anchor)
    else:
        backend.store.execute(FolderScope(), ME, anchor)
    folder = open_store(backend.data)._folder_state()
    expected = [] if backend.name == "dienst" else [(1, "0" * 64, ME)]
    assert [(a.seq, a.head, a.by) for a in folder.anchors_for(backend.group_id)] == expected


def test_refusals_are_the_same_on_both(backend: Backend) -> None:
    store, gid = backend.store, backend.group_id
    with pytest.raises(InvalidScore, match="mag niet bij B1.2"):
        store.set_score(gid, "1000", "B1.2", 1)
    with pytest.raises(UnknownCriterium):
        store.set_score(gid, "1000", "Z9.9", 1)
    with pytest.raises(PermissionDenied, match="kan alleen de tweede examinator"):
        store.accept_all(gid, "1000")
    backend.all_scored("1000", lambda k: 0)
    seen = store.load_group(gid).cell("1000", "B1.1")
    backend.other(c.SetScore(examennummer="1000", criterium="B1.1", value=1))
    with pytest.raises(ConflictError, match="intussen veranderd") as refused:
        store.set_vastgesteld(gid, "1000", "B1.1", 0, expected=seen)
    assert refused.value.current.tweede == 1
    assert store.load_group(gid).cell("1000", "B1.1").vastgesteld is None


def test_reads(backend: Backend) -> None:
    store, gid = backend.store, backend.group_id
    assert store.user == ME and store.is_secretaris and not store.read_only
    assert store.actor().login == ME and store.may_in_folder("import_model") is None
    assert store.group_ids() == [gid] and store.removed_groups() == []
    cursor, state = store.load_group_at(gid)
    assert cursor == store.change_cursor(gid) and state.info.group_id == gid
    states, failures = store.load_groups()
    assert [s.info.group_id for s in states] == [gid] and failures == {}
    summaries, failures = store.group_summaries()
    assert [s.group_id for s in summaries] == [gid] and failures == {}
    assert [e.action for e in store.audit_iter(gid)] == ["group_created"]
    assert store.verify(gid).ok and store.changes_since(gid, cursor) == (cursor, [])


def test_following_tells_the_entries_another_wrote(backend: Backend) -> None:
    store, gid = backend.store, backend.group_id
    cursor, _ = store.load_group_at(gid)
    told: list[tuple] = []
    arrived = threading.Event()

    def listener(*args) -> None:
        told.append(args)
        arrived.set()

    store.add_entries_listener(listener)
    try:
        time.sleep(0.2)  # the file watcher is up
        committed = backend.other(c.SetScore(examennummer="1001", criterium="B1.1", value=3))
        assert arrived.wait(10), "not told"
        ((group_id, start, end, entries),) = told
        assert (group_id, start, end) == (gid, cursor, committed.position)
        assert [(e.login, e.event.new) for e in entries] == [(OTHER, 3)]
        assert store.changes_since(gid, cursor)[1] == entries
    finally:
        store.remove_entries_listener(listener)


def test_every_command_is_in_the_contract() -> None:
    kinds = {member.model_fields["type"].default for member in members(COMMANDS)}
    assert kinds - COVERED == set(), "run the new command in a scenario of this contract"
