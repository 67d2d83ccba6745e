"""Akkoord in achteraf, ondersteuning, a group vervallen or removed: each rule and its Dutch refusal."""

from __future__ import annotations

import pytest

from cspe_tui.domain.access import Refusal, RefusalKind
from cspe_tui.domain.commands import (
    Accept,
    AcceptAll,
    Close,
    CreateGroup,
    Declare,
    RemoveGroup,
    SetAbsent,
    SetOndersteuning,
    SetScore,
    WithdrawGroup,
)
from cspe_tui.domain.decide import decide, may
from cspe_tui.domain.events import Accepted, DeclarationsVoided, GroupRemoved, OndersteuningSet
from cspe_tui.domain.evolve import evolve_folder, fold_group
from cspe_tui.domain.group import Role, Werkwijze, onderdeel_total
from cspe_tui.domain.closing import seal_of
from tests.domain.decide_helpers import EXAMINATOR, NOW, SECRETARIS, TWEEDE, Group, create, folder_with_model
from tests.helpers import make_model

CODES = [c.code for c in make_model().criteria]


def refused(group: Group, actor, command) -> Refusal:
    with pytest.raises(Refusal) as info:
        decide(group.state, actor, command, NOW)
    return info.value


def closed_group() -> Group:
    group = Group()
    for nr in ("101", "102"):
        for code in CODES:
            group.run(EXAMINATOR, SetScore(examennummer=nr, criterium=code, value=0))
            group.run(TWEEDE, SetScore(examennummer=nr, criterium=code, value=0))
    group.run(EXAMINATOR, Declare())
    group.run(TWEEDE, Declare())
    group.run(EXAMINATOR, Close())
    return group


# --- akkoord ---------------------------------------------------------------------------


def test_accept_records_the_tweedes_akkoord_in_their_column_so_both_totals_equal_the_vastgesteld():
    group = Group(Werkwijze.ACHTERAF)
    scores = {"B1.1": 1, "B1.2": 1, "B1.3": 2, "B2.1": 1, "B2.2": 0}
    for code, value in scores.items():
        group.run(EXAMINATOR, SetScore(examennummer="101", criterium=code, value=value))
    [event] = group.run(TWEEDE, Accept(examennummer="101", criterium="B1.1", expected=group.state.cell("101", "B1.1")))
    assert isinstance(event, Accepted) and (event.new, event.by) == (1, "devries")
    cell = group.state.cell("101", "B1.1")
    assert (cell.tweede, cell.akkoord, cell.vastgesteld) == (1, True, 1)
    group.run(TWEEDE, AcceptAll(examennummer="101"))
    assert all(group.state.cell("101", code).akkoord for code in CODES)
    assert onderdeel_total(group.state, "101", Role.TWEEDE) == onderdeel_total(group.state, "101") == 5
    assert group.run(TWEEDE, Accept(examennummer="101", criterium="B1.1")) == []


def test_not_reviewed_is_not_akkoord_and_an_own_score_replaces_the_akkoord():
    group = Group(Werkwijze.ACHTERAF)
    group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.1", value=1))
    assert group.state.cell("101", "B1.1").akkoord is None
    group.run(TWEEDE, Accept(examennummer="101", criterium="B1.1"))
    group.run(TWEEDE, SetScore(examennummer="101", criterium="B1.1", value=0))
    cell = group.state.cell("101", "B1.1")
    assert (cell.tweede, cell.akkoord) == (0, None)


def test_accept_is_for_the_tweede_in_achteraf_and_needs_a_score_of_the_examinator():
    group = Group(Werkwijze.ACHTERAF)
    assert refused(group, TWEEDE, Accept(examennummer="101", criterium="B1.1")).message == (
        "De examinator heeft B1.1 van kandidaat 101 nog niet gescoord; er is niets om mee akkoord te gaan."
    )
    group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.1", value=1))
    assert refused(group, EXAMINATOR, Accept(examennummer="101", criterium="B1.1")).kind is RefusalKind.PERMISSION
    assert refused(group, SECRETARIS, Accept(examennummer="101", criterium="B1.1")).kind is RefusalKind.PERMISSION
    stale = group.state.cell("101", "B1.1").model_copy(update={"examinator": 0})
    assert refused(group, TWEEDE, Accept(examennummer="101", criterium="B1.1", expected=stale)).kind is RefusalKind.CONFLICT
    gelijktijdig = Group()
    gelijktijdig.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.1", value=1))
    assert may(gelijktijdig.state, TWEEDE, "accept") == (
        "Alles overnemen kan alleen de tweede examinator, bij de werkwijze achteraf."
    )


# --- ondersteuning -----------------------------------------------------------------------


def test_ondersteuning_is_noted_by_the_secretaris_also_after_scoring_and_voids_declarations():
    group = Group()
    command = SetOndersteuning(examennummer="101", verlengde_tijd=True, tekst="  30 minuten   extra ")
    assert refused(group, EXAMINATOR, command).message.startswith("Alleen de examensecretaris mag ondersteuning")
    for nr in ("101", "102"):
        for code in CODES:
            group.run(EXAMINATOR, SetScore(examennummer=nr, criterium=code, value=0))
            group.run(TWEEDE, SetScore(examennummer=nr, criterium=code, value=0))
    group.run(EXAMINATOR, Declare())
    events = group.run(SECRETARIS, command)
    assert isinstance(events[0], OndersteuningSet) and isinstance(events[-1], DeclarationsVoided)
    note = group.state.ondersteuning_for("101")
    assert note is not None and note.summary() == "verlengde tijd; 30 minuten extra" and note.by == "bakker"
    assert group.run(SECRETARIS, command) == []
    group.run(SECRETARIS, SetOndersteuning(examennummer="101"))
    assert group.state.ondersteuning_for("101") is None
    assert refused(group, SECRETARIS, SetOndersteuning(examennummer="999", tekst="x")).kind is RefusalKind.UNKNOWN_CANDIDATE
    too_long = SetOndersteuning(examennummer="101", tekst="x" * 501)
    assert refused(group, SECRETARIS, too_long).message == "De toelichting bij de ondersteuning is te lang (501 tekens); hooguit 500."


def test_ondersteuning_is_refused_after_closing():
    group = closed_group()
    refusal = refused(group, SECRETARIS, SetOndersteuning(examennummer="101", aangepaste_opdracht=True))
    assert refusal.kind is RefusalKind.CLOSED


def test_the_seal_of_a_group_without_the_new_facts_does_not_count_them():
    group = closed_group()
    content = group.state.model_dump(mode="json")
    assert "akkoord" in content["cells"]["101"]["B1.1"]
    assert seal_of(group.state) == group.state.sluiting.seal
    with_note = group.state.model_copy(update={"ondersteuning": [], "withdrawn": None})
    assert seal_of(with_note) == group.state.sluiting.seal


# --- vervallen -------------------------------------------------------------------------------


def test_a_vervallen_group_is_kept_and_refuses_everything_after():
    group = Group()
    group.run(EXAMINATOR, SetScore(examennummer="101", criterium="B1.1", value=1))
    assert refused(group, EXAMINATOR, WithdrawGroup(reden="dubbel")).message.startswith(
        "Alleen de examensecretaris mag een groep laten vervallen"
    )
    assert refused(group, SECRETARIS, WithdrawGroup(reden="  ")).message == (
        "Geef een reden waarom groep hbr-kb-2026-rood-b vervalt; die komt in het logboek en op de PDF."
    )
    hidden = refused(group, SECRETARIS, WithdrawGroup(reden="dubbel\u202e aangemaakt"))
    assert hidden.message.startswith("De reden kan zo niet worden opgeslagen:")
    assert hidden.kind is RefusalKind.INVALID_INPUT and group.state.withdrawn is None
    group.run(SECRETARIS, WithdrawGroup(reden="dubbel aangemaakt"))
    assert group.state.withdrawn is not None and group.state.withdrawn.reden == "dubbel aangemaakt"
    refusal = refused(group, EXAMINATOR, SetScore(examennummer="101", criterium="B1.2", value=1))
    assert refusal.message == "Groep hbr-kb-2026-rood-b is vervallen (dubbel aangemaakt); er kan niets meer worden veranderd."
    assert refusal.kind is RefusalKind.CLOSED
    assert refused(group, SECRETARIS, WithdrawGroup(reden="nog eens")).message == (
        "Groep hbr-kb-2026-rood-b is al vervallen (dubbel aangemaakt)."
    )
    assert may(group.state, EXAMINATOR, "absent") is not None
    assert fold_group(group.created, make_model(), group.events) == group.state


def test_a_closed_group_can_still_be_marked_vervallen_and_keeps_its_seal():
    group = closed_group()
    seal = group.state.sluiting.seal
    group.run(SECRETARIS, WithdrawGroup(reden="onderdeel stond al in een andere groep"))
    assert group.state.withdrawn is not None
    assert seal_of(group.state) == seal
    assert refused(group, SECRETARIS, SetAbsent(examennummer="101", absent=True)).kind is RefusalKind.CLOSED


# --- verwijderen --------------------------------------------------------------------------


def test_a_group_in_which_nothing_was_done_can_be_removed_and_its_name_is_not_given_out_again():
    folder = folder_with_model()
    created, state = create(folder=folder)
    folder = evolve_folder(folder, created)
    command = RemoveGroup(group_id=state.info.group_id)
    with pytest.raises(Refusal) as info:
        decide(folder, EXAMINATOR, command, NOW, group=state)
    assert info.value.message.startswith("Alleen de examensecretaris mag groepen verwijderen")
    with pytest.raises(Refusal) as info:
        decide(folder, SECRETARIS, command, NOW)
    assert "kan niet worden gelezen" in info.value.message
    [event] = decide(folder, SECRETARIS, command, NOW, group=state)
    assert isinstance(event, GroupRemoved)
    folder = evolve_folder(folder, event)
    assert state.info.group_id not in folder.groups and folder.removed == [state.info]
    created_again, again = create(folder=folder)
    assert again.info.group_id == "hbr-kb-2026-rood-b-2"
    with pytest.raises(Refusal) as info:
        decide(folder, SECRETARIS, command, NOW, group=state)
    assert info.value.message == "Groep hbr-kb-2026-rood-b bestaat niet."
    by_hand = CreateGroup(
        model_key=state.info.model_key, candidates=state.candidates, examinator=EXAMINATOR.login,
        tweede=TWEEDE.login, werkwijze=Werkwijze.GELIJKTIJDIG, group_id="HBR-KB-2026-rood-B",
    )
    with pytest.raises(Refusal) as info:
        decide(folder, SECRETARIS, by_hand, NOW)
    assert info.value.message == "Groep hbr-kb-2026-rood-b bestond al en is verwijderd; kies een andere naam."


@pytest.mark.parametrize(
    ("actor", "command", "why"),
    [
        (EXAMINATOR, SetScore(examennummer="101", criterium="B1.1", value=1), "er zijn al scores ingevuld (1 criterium)"),
        (TWEEDE, SetAbsent(examennummer="102", absent=True), "er is al een kandidaat afwezig gemeld (102)"),
        (SECRETARIS, WithdrawGroup(reden="fout"), "de groep is vervallen en blijft bewaard"),
    ],
)
def test_a_group_with_work_in_it_is_not_removed(actor, command, why):
    folder = folder_with_model()
    group = Group()
    folder = evolve_folder(folder, group.created)
    group.run(actor, command)
    with pytest.raises(Refusal) as info:
        decide(folder, SECRETARIS, RemoveGroup(group_id=group.state.info.group_id), NOW, group=group.state)
    assert info.value.message == (
        f"Groep hbr-kb-2026-rood-b kan niet worden verwijderd: {why}. "
        "Laat de groep vervallen (met een reden) als hij niet meetelt."
    )
