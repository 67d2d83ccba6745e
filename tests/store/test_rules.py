"""The store's own rules: roles, conflicts, remarks, meldingen, aanvullingen, closing."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from cspe_tui.domain.group import Candidate, Cell, ScoreError, Werkwijze, final_score
from cspe_tui.domain.closing import closing_blockers
from cspe_tui.store import (
    ClosedGroupError,
    ClosingBlocked,
    ConflictError,
    CorruptFile,
    InvalidInput,
    InvalidScore,
    PermissionDenied,
    UnknownCandidate,
    UnknownCriterium,
    UnknownGroup,
    UnknownModel,
    open_store,
)

from cspe_tui.store import Settings, open_store

from .helpers import SEC, as_user, write_model


def fill(folder, agree: bool = True) -> None:
    state = folder.ex.load_group(folder.group_id)
    for cand in state.candidates:
        for crit in state.model.criteria:
            folder.ex.set_score(folder.group_id, cand.examennummer, crit.code, crit.max)
            folder.tw.set_score(folder.group_id, cand.examennummer, crit.code, crit.max if agree else 0)


def test_each_examinator_writes_only_their_own_column(folder):
    cell = folder.ex.set_score(folder.group_id, "1000", "B1.1", 2)
    assert (cell.examinator, cell.tweede) == (2, None)
    cell = folder.tw.set_score(folder.group_id, "1000", "B1.1", 3)
    assert (cell.examinator, cell.tweede) == (2, 3)
    assert folder.sec.load_group(folder.group_id).cell("1000", "B1.1") == Cell(examinator=2, tweede=3)


def test_examensecretaris_and_strangers_write_no_score(folder, tmp_path):
    with pytest.raises(PermissionDenied, match="examensecretaris"):
        folder.sec.set_score(folder.group_id, "1000", "B1.1", 1)
    stranger = as_user(folder.data, "pietje")
    with pytest.raises(PermissionDenied, match="geen examinator van groep"):
        stranger.set_score(folder.group_id, "1000", "B1.1", 1)
    with pytest.raises(PermissionDenied):
        stranger.set_absent(folder.group_id, "1000", True)
    with pytest.raises(PermissionDenied, match="Alleen de examensecretaris"):
        folder.ex.create_group(folder.key, [Candidate(examennummer="1", naam="A")], "ex", "tw", Werkwijze.ACHTERAF)
    with pytest.raises(PermissionDenied, match="Alleen de examensecretaris"):
        folder.ex.add_aanvulling(folder.key, "B1.1", "Iedereen krijgt het maximum.", "2026-05-20")
    with pytest.raises(PermissionDenied, match="Alleen de examensecretaris"):
        folder.tw.import_model(write_model(tmp_path, onderdeel="C"))
    assert folder.ex.audit(folder.group_id)[-1].action == "group_created"


def test_scores_checked_against_the_model(folder):
    with pytest.raises(InvalidScore, match="1 mag niet bij B1.2: kies uit 0, 2") as exc:
        folder.ex.set_score(folder.group_id, "1000", "B1.2", 1)
    assert isinstance(exc.value, ScoreError)
    with pytest.raises(InvalidScore):
        folder.ex.set_score(folder.group_id, "1000", "B1.1", 4)
    with pytest.raises(InvalidScore, match="geheel getal"):
        folder.ex.set_score(folder.group_id, "1000", "B1.1", 1.0)
    with pytest.raises(UnknownCriterium, match="B9.9"):
        folder.ex.set_score(folder.group_id, "1000", "B9.9", 1)
    with pytest.raises(UnknownCandidate, match="9999"):
        folder.ex.set_score(folder.group_id, "9999", "B1.1", 1)
    with pytest.raises(UnknownGroup):
        folder.ex.set_score("bestaat-niet", "1000", "B1.1", 1)
    with pytest.raises(UnknownGroup):
        folder.ex.load_group("../../etc")
    folder.ex.set_score(folder.group_id, "1000", "B1.1", 3)
    assert folder.ex.set_score(folder.group_id, "1000", "B1.1", None).examinator is None
    assert [e.event.new for e in folder.ex.audit(folder.group_id)[1:]] == [3, None]


def test_vastgesteld_conflict_is_detected_not_overwritten(folder):
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 1)
    folder.tw.set_score(gid, "1000", "B1.1", 3)
    seen_by_ex = folder.ex.load_group(gid).cell("1000", "B1.1")
    folder.tw.set_score(gid, "1000", "B1.1", 2)
    with pytest.raises(ConflictError, match="intussen veranderd") as exc:
        folder.ex.set_vastgesteld(gid, "1000", "B1.1", 3, expected=seen_by_ex)
    assert exc.value.current.tweede == 2
    cell = folder.ex.set_vastgesteld(gid, "1000", "B1.1", 2, expected=exc.value.current)
    assert (cell.vastgesteld, cell.vastgesteld_door) == (2, "ex")
    with pytest.raises(ConflictError):
        folder.tw.set_vastgesteld(gid, "1000", "B1.1", 1, expected=exc.value.current)
    with pytest.raises(PermissionDenied):
        folder.sec.set_vastgesteld(gid, "1000", "B1.1", 1, expected=cell)
    assert final_score(folder.sec.load_group(gid), "1000", "B1.1") == 2


def test_remarks_replies_and_resolving(folder):
    gid = folder.group_id
    remark = folder.tw.add_remark(gid, "1001", "B2.1", "  Foto onscherp, graag samen kijken.  ")
    assert (remark.text, remark.author, remark.open) == ("Foto onscherp, graag samen kijken.", "tw", True)
    remark = folder.ex.reply_remark(gid, remark.id, "Eens, morgen.")
    assert [(r.author, r.text) for r in remark.replies] == [("ex", "Eens, morgen.")]
    with pytest.raises(InvalidInput):
        folder.ex.add_remark(gid, "1001", None, "   ")
    with pytest.raises(UnknownCriterium):
        folder.ex.add_remark(gid, "1001", "X1", "tekst")
    state = folder.ex.load_group(gid)
    assert any(b.kind == "opmerking" for b in closing_blockers(state))
    resolved = folder.sec.resolve_remark(gid, remark.id)
    assert resolved.resolved_by == "sec" and not resolved.open
    assert folder.ex.load_group(gid).remarks == [resolved]


def test_meldingen_belong_to_the_model(folder):
    melding = folder.ex.add_melding(folder.key, "B1", "B1.3", "Maximum klopt niet met de toelichting.", "tijdens de correctie")
    assert melding.gevonden_door == "ex"
    assert folder.tw.meldingen(folder.key) == [melding]
    assert folder.tw.load_group(folder.group_id).meldingen == [melding]
    with pytest.raises(UnknownCriterium):
        folder.ex.add_melding(folder.key, "B1", "B2.1", "hoort bij B2", "tijdens de correctie")
    with pytest.raises(InvalidInput):
        folder.ex.add_melding(folder.key, "B1", None, "tekst", "gisteren")
    with pytest.raises(InvalidInput):
        folder.ex.add_melding(folder.key, "B7", None, "tekst", "voor de afname")


def test_aanvulling_applied_to_open_groups_only(folder):
    gid = folder.group_id
    fill(folder)
    folder.ex.declare(gid)
    folder.tw.declare(gid)
    folder.ex.close(gid)
    other = folder.sec.create_group(
        folder.key, [Candidate(examennummer="2000", naam="Ömer Çelik")], "ex", "tw", Werkwijze.ACHTERAF
    ).info.group_id
    commits: list = []
    aanvulling = folder.sec.add_aanvulling(folder.key, "B1.1", "Iedereen krijgt het maximum.", "2026-05-20", commits=commits)
    (committed,) = commits
    assert [gid for gid, _ in committed.carried] == [other]  # what the carry committed: the open group only
    (applied,) = [done for _, done in committed.carried]
    assert applied.position == (folder.data / "groups" / other / "audit.jsonl").stat().st_size
    assert [e.aanvulling for e in applied] == [aanvulling]
    assert folder.ex.load_group(other).aanvullingen == [aanvulling]
    assert final_score(folder.ex.load_group(other), "2000", "B1.1") == 3
    assert folder.ex.load_group(gid).aanvullingen == []
    assert folder.ex.verify(gid).ok and folder.ex.verify(other).ok
    later = folder.sec.create_group(folder.key, [Candidate(examennummer="3000", naam="Zoë")], "ex", "tw", "achteraf")
    assert later.aanvullingen == [aanvulling]
    with pytest.raises(InvalidInput, match="al een aanvulling"):
        folder.sec.add_aanvulling(folder.key, "B1.1", "nog een", "2026-05-21")


def test_aanvulling_missed_by_a_group_is_applied_when_it_is_opened(folder):
    """add_aanvulling may die between the folder log and the groups; the next load catches up."""
    gid = folder.group_id
    from cspe_tui.domain.commands import AddAanvulling
    from cspe_tui.store import FolderScope

    (event,) = folder.sec.execute(
        FolderScope(), SEC, AddAanvulling(model_key=folder.key, criterium="B2.2", tekst="Maximum voor iedereen.", datum="2026-05-20")
    )
    assert [a.id for a in folder.tw.load_group(gid).aanvullingen] == [event.aanvulling.id]
    assert folder.tw.audit(gid)[-1].action == "aanvulling_applied"
    assert folder.tw.verify(gid).ok


def test_close_needs_all_scores_and_both_verklaringen(folder):
    gid = folder.group_id
    with pytest.raises(ClosingBlocked) as exc:
        folder.ex.close(gid)
    assert {b.kind for b in exc.value.blockers} == {"ontbreekt", "verklaring"}
    fill(folder, agree=False)
    with pytest.raises(ClosingBlocked, match="verschil"):
        folder.ex.close(gid)
    state = folder.ex.load_group(gid)
    for cand in state.candidates:
        for crit in state.model.criteria:
            folder.ex.set_vastgesteld(gid, cand.examennummer, crit.code, 0, expected=state.cell(cand.examennummer, crit.code))
    assert folder.ex.declare(gid) == folder.ex.declare(gid)
    with pytest.raises(PermissionDenied):
        folder.sec.declare(gid)
    folder.tw.declare(gid)
    sluiting = folder.tw.close(gid)
    assert sluiting.closed_by == "tw"
    report = folder.sec.verify(gid)
    assert report.ok and report.seal_ok is True


def test_every_write_to_a_closed_group_is_refused(folder):
    gid = folder.group_id
    remark = folder.ex.add_remark(gid, "1000", None, "even kijken")
    folder.ex.resolve_remark(gid, remark.id)
    fill(folder)
    folder.ex.declare(gid)
    folder.tw.declare(gid)
    folder.sec.close(gid)
    before = folder.ex.change_cursor(gid)
    cell = folder.ex.load_group(gid).cell("1000", "B1.1")
    writes = [
        lambda: folder.ex.set_score(gid, "1000", "B1.1", 0),
        lambda: folder.tw.set_score(gid, "1000", "B1.1", None),
        lambda: folder.ex.set_vastgesteld(gid, "1000", "B1.1", 1, expected=cell),
        lambda: folder.ex.set_absent(gid, "1000", True),
        lambda: folder.ex.add_remark(gid, "1000", None, "te laat"),
        lambda: folder.ex.reply_remark(gid, remark.id, "te laat"),
        lambda: folder.ex.resolve_remark(gid, remark.id),
        lambda: folder.ex.declare(gid),
        lambda: folder.ex.close(gid),
        lambda: folder.sec.set_absent(gid, "1001", True),
    ]
    for write in writes:
        with pytest.raises(ClosedGroupError, match="gesloten"):
            write()
    folder.sec.add_aanvulling(folder.key, "B1.1", "maximum", "2026-06-01")
    assert folder.ex.load_group(gid).aanvullingen == []
    assert folder.ex.change_cursor(gid) == before
    assert folder.ex.verify(gid).seal_ok is True


def test_create_group_checks_its_input(folder):
    sec, key = folder.sec, folder.key
    one = [Candidate(examennummer="1", naam="A")]
    with pytest.raises(InvalidInput, match="twee keer"):
        sec.create_group(key, one + one, "ex", "tw", "achteraf")
    with pytest.raises(InvalidInput, match="verschillende"):
        sec.create_group(key, one, "ex", "ex", "achteraf")
    with pytest.raises(InvalidInput, match="werkwijze"):
        sec.create_group(key, one, "ex", "tw", "soms")
    with pytest.raises(InvalidInput, match="Groepsnaam"):
        sec.create_group(key, one, "ex", "tw", "achteraf", group_id="../x")
    with pytest.raises(InvalidInput, match="bestaat al"):
        sec.create_group(key, one, "ex", "tw", "achteraf", group_id=folder.group_id)
    with pytest.raises(UnknownModel):
        sec.create_group(key.model_copy(update={"onderdeel": "D"}), one, "ex", "tw", "achteraf")
    with pytest.raises(InvalidInput, match=f"Groep {folder.group_id} bestaat al"):
        sec.create_group(key, one, "ex", "tw", "achteraf", group_id=folder.group_id.upper())
    second = sec.create_group(key, one, "ex", "tw", "achteraf")
    # One way to name groups: the model's slug in lower case, numbered from the second on.
    assert folder.group_id == "hbr-kb-2026-rood-b"
    assert second.info.group_id == "hbr-kb-2026-rood-b-2"
    assert sec.group_ids() == sorted([folder.group_id, second.info.group_id])


def test_second_group_for_the_same_onderdeel_needs_confirmation(folder):
    from cspe_tui.store import NeedsConfirmation

    sec, key = folder.sec, folder.key
    state = sec.load_group(folder.group_id)
    first, second = state.candidates[:2]
    newcomer = Candidate(examennummer="9999", naam="Nieuw")
    folder.ex.set_absent(folder.group_id, second.examennummer, True)
    with pytest.raises(NeedsConfirmation) as caught:
        sec.create_group(key, [first, second, newcomer], "ex", "tw", "achteraf")
    # Only who really has the onderdeel there: the absent candidate may take it here (inhaal).
    assert str(caught.value).splitlines()[0] == (
        f"1 kandidaat heeft onderdeel B van HBR kb 2026 al in groep {folder.group_id} (rood, open): "
        f"{first.examennummer} {first.naam}."
    )
    assert "dubbel" in str(caught.value)
    assert sec.group_ids() == [folder.group_id]
    # An inhaal group of only the absent candidate needs no confirmation.
    inhaal = sec.create_group(key, [second], "ex", "tw", "achteraf")
    assert inhaal.info.group_id == "hbr-kb-2026-rood-b-2"
    made = sec.create_group(key, [first, newcomer], "ex", "tw", "achteraf", confirmed=True)
    assert made.info.group_id == "hbr-kb-2026-rood-b-3"
    # A herkansing in the colour of the first afname is refused, confirmed or not (domain rule 6).
    with pytest.raises(InvalidInput, match="in de 1e afname al in de versie rood gemaakt"):
        sec.create_group(key, [first], "ex", "tw", "achteraf", herkansing=True, confirmed=True)


def test_odd_examennummers_get_safe_file_names(folder, tmp_path):
    numbers = ["../../evil", "a/b", "ü-1", ".hidden", "x" * 100]
    gid = folder.sec.create_group(
        folder.key, [Candidate(examennummer=n, naam="N") for n in numbers], "ex", "tw", "achteraf"
    ).info.group_id
    for n in numbers:
        folder.ex.set_score(gid, n, "B1.1", 1)
    group_dir = folder.data / "groups" / gid
    names = sorted(p.name for p in group_dir.iterdir() if p.name.startswith("cand"))
    assert len(names) == len(numbers)
    assert all(set(name) <= set("abcdefghijklmnopqrstuvwxyz0123456789.=-") for name in names)
    assert not (folder.data / "evil").exists()
    state = folder.tw.load_group(gid)
    assert all(state.cell(n, "B1.1").examinator == 1 for n in numbers)
    assert folder.tw.verify(gid).ok


def test_model_import_is_validated_and_never_changes(folder, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"formaat": "cspe-correctiemodel/1"}', encoding="utf-8")
    from cspe_tui.store import ModelImportError

    with pytest.raises(ModelImportError, match="afgekeurd") as exc:
        folder.sec.import_model(bad)
    assert exc.value.problems
    again = folder.sec.import_model(write_model(tmp_path))
    assert again.key == folder.key
    with pytest.raises(ModelImportError, match="nooit veranderd"):
        folder.sec.import_model(write_model(tmp_path, per_opdracht=2))
    assert list(folder.ex.models()) == [folder.key]


def test_demo_user_only_in_a_demo_folder(tmp_path):
    from cspe_tui.store import Settings, current_login

    real = open_store(tmp_path / "echt", create=True)
    assert real.user == current_login() and real.is_secretaris
    with pytest.raises(PermissionDenied, match="demomap"):
        open_store(tmp_path / "echt", user="iemand-anders")
    assert open_store(tmp_path / "echt", user=current_login()).user == current_login()
    demo = open_store(tmp_path / "demo", user="jansen", create=True, settings=Settings(demo=True))
    assert demo.user == "jansen"
    assert open_store(tmp_path / "demo", user="de_vries").user == "de_vries"


def test_normering_per_cspe_versie_and_herkansing_combination(folder):
    from decimal import Decimal

    from cspe_tui.domain.normering import Normering, NormeringKey

    cspe = folder.key.cspe
    rood, blauw = NormeringKey.of(cspe, "rood"), NormeringKey.of(cspe, "blauw")
    herk_b = NormeringKey.of(cspe, "rood", [("B", "blauw")])
    herk_bc = NormeringKey.of(cspe, "rood", [("C", "blauw"), ("B", "blauw")])
    assert folder.ex.normering(rood) is None
    folder.sec.set_normering(rood, Normering(nterm=Decimal("1.2"), lengte=90))
    folder.sec.set_normering(blauw, Normering(nterm=Decimal("0.8"), lengte=85))
    folder.sec.set_normering(herk_b, Normering(nterm=Decimal("1.1"), lengte=95))
    folder.sec.set_normering(herk_bc, Normering(nterm=Decimal("0.9"), lengte=88))
    folder.sec.set_normering(rood, Normering(nterm=Decimal("1.3"), lengte=90))
    assert folder.ex.normering(rood) == Normering(nterm=Decimal("1.3"), lengte=90)
    assert folder.ex.normering(blauw) == Normering(nterm=Decimal("0.8"), lengte=85)
    assert folder.ex.normering(herk_b) == Normering(nterm=Decimal("1.1"), lengte=95)
    assert folder.ex.normering(NormeringKey.of(cspe, "rood", [("B", "blauw"), ("C", "blauw")])) == Normering(
        nterm=Decimal("0.9"), lengte=88
    )
    assert folder.ex.normering(NormeringKey.of(("PIE", "gl", 2026), "rood")) is None
    with pytest.raises(PermissionDenied):
        folder.ex.set_normering(rood, Normering(nterm=Decimal("1.0"), lengte=90))
    # Every change is kept in the entry: who, when, from what to what.
    docs = json.loads(folder.sec.folder.normering_file.read_text())["normering"]
    (entry,) = [d for d in docs.values() if d["versie"] == "rood" and not d["herkansing"]]
    assert [(h["door"], h["old"], h["new"]) for h in entry["geschiedenis"]] == [
        (SEC, None, {"nterm": "1.2", "lengte": 90}),
        (SEC, {"nterm": "1.2", "lengte": 90}, {"nterm": "1.3", "lengte": 90}),
    ]
    assert all(datetime.fromisoformat(h["at"]).utcoffset() is not None for h in entry["geschiedenis"])


def test_normering_of_an_older_folder_is_adopted_and_a_hand_edit_changes_nothing(tmp_path):
    from decimal import Decimal

    from cspe_tui.domain.normering import Normering, NormeringKey

    data = tmp_path / "data"
    open_store(data, user=SEC, create=True, settings=Settings(demo=True, examensecretarissen=[SEC]))
    # An older version kept N and L per versie in normering.json and had no folder log.
    (data / "folder.jsonl").unlink()
    cspe = ("HBR", "kb", 2026)
    (data / "normering.json").write_text(json.dumps({"normering": {"1": {
        "profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": "rood",
        "nterm": "1.1", "lengte": 90, "door": "bakker", "at": "2026-06-01T10:00:00+02:00",
    }}}))
    store = open_store(data, user=SEC)
    assert store.normering(NormeringKey.of(cspe, "rood")) == Normering(nterm=Decimal("1.1"), lengte=90)
    assert store.normering(NormeringKey.of(cspe, "rood", [("B", "blauw")])) is None
    # Now the log is the record: an edit of the checkpoint file by hand changes nothing.
    text = (data / "normering.json").read_text().replace('"lengte":90', '"lengte":50')
    (data / "normering.json").write_text(text)
    assert open_store(data, user=SEC).normering(NormeringKey.of(cspe, "rood")).lengte == 90
