"""decide/evolve by example: each rule, its Dutch refusal, accept-all and the conflict refusal."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from cspe_tui.domain.access import Actor, Refusal, RefusalKind
from cspe_tui.domain.commands import (
    AcceptAll,
    AddRemark,
    ApplyAanvulling,
    Close,
    Declare,
    ReplyRemark,
    ResolveRemark,
    SetAbsent,
    SetScore,
    SetVastgesteld,
    parse_command,
    parse_command_json,
)
from cspe_tui.domain.decide import decide, may
from cspe_tui.domain.events import Accepted, ScoreSet, VastgesteldSet, parse_event
from cspe_tui.domain.evolve import fold_group
from cspe_tui.domain.group import Aanvulling, Cell, Role, Werkwijze
from cspe_tui.domain.closing import closing_blockers, seal_of
from tests.domain.decide_helpers import EXAMINATOR, NOW, OUTSIDER, SECRETARIS, TWEEDE, Group
from tests.helpers import make_model

CODES = [c.code for c in make_model().criteria]


def refused(group: Group, actor: Actor, command: object) -> Refusal:
    before = group.state.model_dump()
    with pytest.raises(Refusal) as info:
        decide(group.state, actor, command, NOW)
    assert group.state.model_dump() == before
    return info.value


def score_both(group: Group, nr: str, value_of=lambda code: 0) -> None:
    for code in CODES:
        group.run(EXAMINATOR, SetScore(examennummer=nr, criterium=code, value=value_of(code)))
        group.run(TWEEDE, SetScore(examennummer=nr, criterium=code, value=value_of(code)))


def complete(group: Group) -> None:
    for nr in ("101", "102"):
        score_both(group, nr)


@pytest.mark.parametrize(
    ("actor", "command", "kind", "message"),
    [
        (SECRETARIS, SetScore(examennummer="101", criterium="B1.1", value=1), RefusalKind.PERMISSION,
         "De examensecretaris vult geen scores in; dat doen de examinatoren van groep hbr-kb-2026-rood-b."),
        (OUTSIDER, SetScore(examennummer="101", criterium="B1.1", value=1), RefusalKind.PERMISSION,
         "Je (piet) bent geen examinator van groep hbr-kb-2026-rood-b."),
        (SECRETARIS, SetVastgesteld(examennummer="101", criterium="B1.1", value=1), RefusalKind.PERMISSION,
         "De examensecretaris stelt geen scores vast; dat doen de examinatoren van groep hbr-kb-2026-rood-b."),
        (SECRETARIS, Declare(), RefusalKind.PERMISSION,
         "De examensecretaris legt geen verklaring af; dat doen de examinatoren van groep hbr-kb-2026-rood-b."),
        (OUTSIDER, SetAbsent(examennummer="101", absent=True), RefusalKind.PERMISSION,
         "Je (piet) bent geen examinator van groep hbr-kb-2026-rood-b en geen examensecretaris."),
        (OUTSIDER, Close(), RefusalKind.PERMISSION,
         "Je (piet) bent geen examinator van groep hbr-kb-2026-rood-b en geen examensecretaris."),
        (TWEEDE, AcceptAll(examennummer="101"), RefusalKind.PERMISSION,
         "Alles overnemen kan alleen de tweede examinator, bij de werkwijze achteraf."),
        (EXAMINATOR, SetScore(examennummer="999", criterium="B1.1", value=1), RefusalKind.UNKNOWN_CANDIDATE,
         "Kandidaat 999 hoort niet bij groep hbr-kb-2026-rood-b."),
        (EXAMINATOR, SetScore(examennummer="101", criterium="Z9", value=1), RefusalKind.UNKNOWN_CRITERIUM,
         "Criterium Z9 staat niet in het correctiemodel HBR kb 2026 rood onderdeel B."),
        (EXAMINATOR, SetScore(examennummer="101", criterium="B1.3", value=1), RefusalKind.INVALID_SCORE,
         "1 mag niet bij B1.3: kies uit 0, 2"),
        (TWEEDE, SetVastgesteld(examennummer="101", criterium="B1.1", value=4), RefusalKind.INVALID_SCORE,
         "4 mag niet bij B1.1: kies uit 0, 1"),
        (EXAMINATOR, AddRemark(examennummer="101", text="   "), RefusalKind.INVALID_INPUT,
         "Een opmerking mag niet leeg zijn."),
        (EXAMINATOR, ReplyRemark(remark_id="abc", text="ja"), RefusalKind.UNKNOWN_REMARK,
         "Opmerking abc bestaat niet in groep hbr-kb-2026-rood-b."),
        (SECRETARIS, ResolveRemark(remark_id="abc"), RefusalKind.UNKNOWN_REMARK,
         "Opmerking abc bestaat niet in groep hbr-kb-2026-rood-b."),
    ],
)
def test_each_refusal_names_the_rule_in_dutch(actor, command, kind, message):
    refusal = refused(Group(), actor, command)
    assert refusal.kind is kind
    assert str(refusal) == message


def test_nobody_writes_the_other_examinators_column():
    group = Group()
    [event] = group.run(TWEEDE, SetScore(examennummer="101", criterium="B1.2", value=2))
    assert isinstance(event, ScoreSet) and event.role is Role.TWEEDE
    assert group.state.cell("101", "B1.2") == Cell(tweede=2)


def test_the_same_score_again_changes_nothing_and_none_clears():
    group = Group()
    group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.2", value=2))
    assert group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.2", value=2)) == []
    group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.2", value=None))
    assert group.state.cell("101", "B1.2").examinator is None


def test_a_closed_group_refuses_everything_even_the_examensecretaris():
    group = Group()
    complete(group)
    group.run(EXAMINATOR, Declare())
    group.run(TWEEDE, Declare())
    group.run(SECRETARIS, Close())
    for actor, command in [
        (EXAMINATOR, SetScore(examennummer="101", criterium="B1.1", value=1)),
        (SECRETARIS, SetAbsent(examennummer="102", absent=True)),
        (TWEEDE, AddRemark(examennummer="101", text="nog iets")),
        (EXAMINATOR, Close()),
    ]:
        refusal = refused(group, actor, command)
        assert refusal.kind is RefusalKind.CLOSED
        assert str(refusal) == "Groep hbr-kb-2026-rood-b is gesloten; er kan niets meer worden veranderd."
    assert may(group.state, EXAMINATOR, "score") == "Groep hbr-kb-2026-rood-b is gesloten; er kan niets meer worden veranderd."


def test_a_vastgestelde_score_on_a_changed_cell_is_refused_with_the_current_cell():
    group = Group()
    group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.2", value=1))
    group.run(TWEEDE, SetScore(examennummer="101", criterium="B1.2", value=3))
    seen = group.state.cell("101", "B1.2")
    group.run(TWEEDE, SetScore(examennummer="101", criterium="B1.2", value=2))
    refusal = refused(group, EXAMINATOR, SetVastgesteld(examennummer="101", criterium="B1.2", value=1, expected=seen))
    assert refusal.kind is RefusalKind.CONFLICT
    assert refusal.current == Cell(examinator=1, tweede=2)
    assert str(refusal) == (
        "De scores van B1.2 voor kandidaat 101 zijn intussen veranderd: examinator 1, tweede examinator 2, "
        "vastgesteld -. Bekijk ze en stel de score opnieuw vast."
    )
    [event] = group.run(EXAMINATOR, SetVastgesteld(examennummer="101", criterium="B1.2", value=2, expected=refusal.current))
    assert group.state.cell("101", "B1.2").vastgesteld == 2
    assert group.state.cell("101", "B1.2").vastgesteld_door == "jansen"
    assert isinstance(event, VastgesteldSet) and event.old is None


def test_accept_all_is_one_command_for_every_open_score_of_examinator_1():
    group = Group(Werkwijze.ACHTERAF)
    for code in CODES:
        group.run(EXAMINATOR, SetScore(examennummer="101", criterium=code, value=0))
    group.run(TWEEDE, SetScore(examennummer="101", criterium="B1.2", value=3))
    group.run(TWEEDE, SetScore(examennummer="101", criterium="B2.2", value=0))
    events = group.run(TWEEDE, AcceptAll(examennummer="101"))
    taken = [e.criterium for e in events]
    assert taken == ["B1.1", "B1.3", "B2.1"]
    assert all(isinstance(e, Accepted) and e.new == 0 and e.by == "devries" for e in events)
    accepted = group.state.cell("101", "B1.1")
    assert (accepted.tweede, accepted.akkoord, accepted.vastgesteld, accepted.vastgesteld_door) == (0, True, 0, "devries")
    assert group.state.cell("101", "B1.2").vastgesteld is None
    assert group.state.cell("101", "B1.2").akkoord is None
    assert group.run(TWEEDE, AcceptAll(examennummer="101")) == []
    assert may(group.state, EXAMINATOR, "accept_all") == "Alles overnemen kan alleen de tweede examinator, bij de werkwijze achteraf."


def test_try_declaring_with_nothing_scored_is_refused_with_what_is_open():
    group = Group()
    refusal = refused(group, EXAMINATOR, Declare())
    assert refusal.kind is RefusalKind.BLOCKED
    assert str(refusal).startswith(
        "Je kunt nog niet verklaren dat er volgens het correctievoorschrift is beoordeeld: nog 10 scores te geven, "
        "bijvoorbeeld 101 Kandidaat 101: B1.1 heeft geen vastgestelde score"
    )
    assert all(b.kind != "verklaring" for b in refusal.blockers)
    assert may(group.state, EXAMINATOR, Declare()) == str(refusal)


def test_try_a_change_after_a_declaration_voids_both_and_the_closing_seal_equals_the_declarations():
    group = Group()
    complete(group)
    group.run(EXAMINATOR, Declare())
    group.run(TWEEDE, Declare())
    events = group.run(TWEEDE, SetScore(examennummer="102", criterium="B2.1", value=1))
    assert [type(e).__name__ for e in events] == ["ScoreSet", "DeclarationsVoided"]
    assert group.state.verklaringen == []
    texts = [b.text for b in closing_blockers(group.state)]
    assert (
        "de verklaring van de examinator (jansen) is vervallen door een wijziging van devries "
        "(score van de tweede examinator bij B2.1 voor kandidaat 102 van 0 in 1); de examinator verklaart opnieuw"
    ) in texts
    refusal = refused(group, SECRETARIS, Close())
    assert refusal.kind is RefusalKind.BLOCKED
    group.run(EXAMINATOR, SetVastgesteld(examennummer="102", criterium="B2.1", value=1))
    group.run(EXAMINATOR, Declare())
    group.run(TWEEDE, Declare())
    [closed] = group.run(EXAMINATOR, Close())
    assert {v.seal for v in group.state.verklaringen} == {closed.sluiting.seal}
    assert fold_group(group.created, make_model(), group.events) == group.state


def test_declaring_twice_on_the_same_work_records_one_declaration():
    group = Group()
    complete(group)
    group.run(EXAMINATOR, Declare())
    assert group.run(EXAMINATOR, Declare()) == []


def test_remarks_block_until_resolved_and_every_remark_change_voids_declarations():
    group = Group()
    complete(group)
    group.run(EXAMINATOR, Declare())
    [added, voided] = group.run(TWEEDE, AddRemark(examennummer="101", criterium="B1.2", text="twijfel"))
    assert voided.reason == "opmerking bij kandidaat 101 geplaatst"
    remark_id = added.remark.id
    group.run(EXAMINATOR, ReplyRemark(remark_id=remark_id, text="klopt"))
    group.run(SECRETARIS, ResolveRemark(remark_id=remark_id))
    assert group.state.remarks[0].resolved_by == "bakker"
    assert group.state.remarks[0].replies[0].author == "jansen"
    assert group.run(SECRETARIS, ResolveRemark(remark_id=remark_id)) == []
    group.run(EXAMINATOR, Declare())
    group.run(TWEEDE, Declare())
    assert group.run(TWEEDE, Close())


def test_evolve_leaves_the_earlier_state_as_it_was():
    group = Group()
    before = group.state
    dumped = before.model_dump()
    group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.2", value=2))
    group.run(SECRETARIS, SetAbsent(examennummer="102", absent=True))
    assert before.model_dump() == dumped


def test_may_answers_the_role_rule_for_a_kind_of_command():
    group = Group()
    assert may(group.state, EXAMINATOR, "score") is None
    assert may(group.state, SECRETARIS, "absent") is None
    assert may(group.state, SECRETARIS, "score") == (
        "De examensecretaris vult geen scores in; dat doen de examinatoren van groep hbr-kb-2026-rood-b."
    )
    assert may(group.state, OUTSIDER, "remark") is not None
    assert may(group.state, EXAMINATOR, SetScore(examennummer="101", criterium="B1.3", value=1)) == "1 mag niet bij B1.3: kies uit 0, 2"


def test_commands_and_events_travel_as_json():
    group = Group()
    complete(group)
    group.run(EXAMINATOR, Declare())
    group.run(EXAMINATOR, AddRemark(examennummer="101", text="Ĳssel, ß en 😀"))
    for event in group.events:
        assert parse_event(json.loads(event.model_dump_json())) == event
    command = SetVastgesteld(examennummer="101", criterium="B1.2", value=2, expected=Cell(examinator=1))
    assert parse_command(json.loads(command.model_dump_json())) == command
    assert parse_command_json(command.model_dump_json()) == command


def test_a_score_from_a_client_must_be_an_integer():
    for bad in ("2", 2.0, True):
        with pytest.raises(ValidationError):
            parse_command({"type": "score", "examennummer": "101", "criterium": "B1.1", "value": bad})
    with pytest.raises(ValidationError):
        parse_command({"type": "score", "examennummer": "101", "criterium": "B1.1", "value": 1, "login": "bakker"})


@pytest.mark.parametrize(
    ("command", "kind", "message"),
    [
        (AddRemark(examennummer="101", criterium="Z9", text="ja"), RefusalKind.UNKNOWN_CRITERIUM,
         "Criterium Z9 staat niet in het correctiemodel HBR kb 2026 rood onderdeel B."),
        (AddRemark(examennummer="999", text="ja"), RefusalKind.UNKNOWN_CANDIDATE,
         "Kandidaat 999 hoort niet bij groep hbr-kb-2026-rood-b."),
        (SetAbsent(examennummer="999", absent=True), RefusalKind.UNKNOWN_CANDIDATE,
         "Kandidaat 999 hoort niet bij groep hbr-kb-2026-rood-b."),
        (AcceptAll(examennummer="999"), RefusalKind.UNKNOWN_CANDIDATE,
         "Kandidaat 999 hoort niet bij groep hbr-kb-2026-rood-b."),
    ],
)
def test_unknown_candidates_and_criteria_are_named(command, kind, message):
    group = Group(Werkwijze.ACHTERAF)
    found = refused(group, TWEEDE, command)
    assert (found.kind, str(found)) == (kind, message)


def test_an_empty_reply_is_refused():
    group = Group()
    [added] = group.run(EXAMINATOR, AddRemark(examennummer="101", text="twijfel"))
    found = refused(group, TWEEDE, ReplyRemark(remark_id=added.remark.id, text="\n "))
    assert (found.kind, str(found)) == (RefusalKind.INVALID_INPUT, "Een reactie mag niet leeg zijn.")


def test_closing_with_open_work_names_the_first_point():
    group = Group()
    complete(group)
    group.run(TWEEDE, AddRemark(examennummer="102", text="handtekening ontbreekt"))
    found = refused(group, SECRETARIS, Close())
    assert found.kind is RefusalKind.BLOCKED
    assert str(found) == (
        "Groep hbr-kb-2026-rood-b kan nog niet worden gesloten: nog 1 opmerking op te lossen en 2 verklaringen "
        "te geven, bijvoorbeeld open opmerking (102): handtekening ontbreekt"
    )
    assert [b.kind for b in found.blockers] == ["opmerking", "verklaring", "verklaring"]


def test_a_declaration_for_other_work_than_is_being_closed_blocks_closing():
    group = Group()
    complete(group)
    group.run(EXAMINATOR, Declare())
    group.run(TWEEDE, Declare())
    edited = group.state.model_copy(update={"absent": ["102"]})
    with pytest.raises(Refusal) as info:
        decide(edited, SECRETARIS, Close(), NOW)
    assert info.value.kind is RefusalKind.BLOCKED
    assert str(info.value) == (
        "De verklaring van de examinator (jansen) hoort bij een andere stand van groep hbr-kb-2026-rood-b "
        "dan die nu gesloten zou worden; die verklaart opnieuw."
    )


def test_try_a_closed_group_changed_by_hand_no_longer_matches_its_seal_and_stays_closed():
    group = Group()
    complete(group)
    group.run(EXAMINATOR, Declare())
    group.run(TWEEDE, Declare())
    [closed] = group.run(SECRETARIS, Close())
    assert seal_of(group.state) == closed.sluiting.seal
    row = dict(group.state.cells["101"])
    row["B2.1"] = row["B2.1"].model_copy(update={"examinator": 2, "tweede": 2})
    edited = group.state.model_copy(update={"cells": {**group.state.cells, "101": row}})
    assert seal_of(edited) != closed.sluiting.seal
    found = refused(group, EXAMINATOR, SetScore(examennummer="101", criterium="B2.1", value=0))
    assert found.kind is RefusalKind.CLOSED
    with pytest.raises(Refusal):
        decide(edited, EXAMINATOR, SetScore(examennummer="101", criterium="B2.1", value=0), NOW)


def test_the_wrong_models_aanvulling_is_refused():
    other_key = make_model().key.model_copy(update={"versie": "blauw"})
    aanvulling = Aanvulling(
        id="a1", model_key=other_key, criterium="B1.1", tekst="1 punt", datum="12-05-2026", recorded_by="bakker",
        at=datetime(2026, 5, 12, tzinfo=timezone.utc),
    )
    found = refused(Group(), SECRETARIS, ApplyAanvulling(aanvulling=aanvulling))
    assert str(found) == (
        "De aanvulling hoort bij HBR kb 2026 blauw onderdeel B, niet bij het correctiemodel van groep "
        "hbr-kb-2026-rood-b."
    )


def test_a_refusal_travels_as_json_with_its_cell_and_blockers():
    group = Group()
    group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.2", value=1))
    conflict = refused(group, TWEEDE, SetVastgesteld(examennummer="101", criterium="B1.2", value=1, expected=Cell()))
    blocked = refused(group, EXAMINATOR, Declare())
    for original in (conflict, blocked):
        back = Refusal.from_json(json.loads(json.dumps(original.to_json())))
        assert (str(back), back.kind, back.current, back.blockers) == (
            str(original), original.kind, original.current, original.blockers
        )
    assert Refusal.from_json(conflict.to_json()).current == Cell(examinator=1)
