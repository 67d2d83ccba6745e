"""Folder commands: only the examensecretaris sets the folder up; models are never replaced."""

from __future__ import annotations

from decimal import Decimal

import pytest

from cspe_tui.domain.access import Actor, Refusal, RefusalKind
from cspe_tui.domain.cijfers import NormeringKey
from cspe_tui.domain.commands import (
    AddAanvulling,
    AddMelding,
    AnchorGroup,
    ApplyAanvulling,
    CreateGroup,
    Declare,
    ImportModel,
    RecordArchive,
    SaveSettings,
    SetNormering,
    WithdrawNormering,
    SetScore,
)
from cspe_tui.domain.decide import decide, may
from cspe_tui.domain.evolve import evolve_folder, fold_folder
from cspe_tui.domain.folder import FolderState
from cspe_tui.domain.group import Candidate, Werkwijze, final_score
from cspe_tui.domain.closing import closing_blockers
from cspe_tui.domain.normering import Normering
from cspe_tui.domain.settings import Settings
from tests.domain.decide_helpers import EXAMINATOR, NOW, OUTSIDER, SECRETARIS, TWEEDE, Group, create, folder_with_model
from tests.helpers import make_model, model_dict

KEY = make_model().key
NORMERING_KEY = NormeringKey("HBR", "kb", 2026, "rood")


def run(state: FolderState, actor: Actor, command: object) -> FolderState:
    for event in decide(state, actor, command, NOW):
        state = evolve_folder(state, event)
    return state


def refusal(state: FolderState, actor: Actor, command: object) -> Refusal:
    with pytest.raises(Refusal) as info:
        decide(state, actor, command, NOW)
    return info.value


def group_command(**changes: object) -> CreateGroup:
    fields: dict = dict(
        model_key=KEY,
        candidates=[Candidate(examennummer="101", naam="Emma de Boer")],
        examinator="jansen",
        tweede="devries",
        werkwijze=Werkwijze.ACHTERAF,
    )
    fields.update(changes)
    return CreateGroup(**fields)


@pytest.mark.parametrize(
    ("command", "doing"),
    [
        (group_command(), "groepen aanmaken"),
        (ImportModel(model=make_model()), "correctiemodellen inlezen"),
        (AddAanvulling(model_key=KEY, criterium="B1.1", tekst="Geef 1 punt.", datum="12-05-2026"),
         "aanvullingen van het CvTE vastleggen"),
        (SetNormering(key=NORMERING_KEY, normering=Normering(nterm=Decimal("1.1"), lengte=60)),
         "de normering (N-term en L) vastleggen"),
        (SaveSettings(settings=Settings(school="Het Lyceum", examensecretarissen=["bakker"])),
         "de instellingen wijzigen"),
        (WithdrawNormering(key=NORMERING_KEY, reden="vergissing"), "de normering (N-term en L) intrekken"),
    ],
)
def test_only_the_examensecretaris_sets_up_the_folder(command, doing):
    found = refusal(folder_with_model(), EXAMINATOR, command)
    assert found.kind is RefusalKind.PERMISSION
    assert str(found) == (
        f"Alleen de examensecretaris mag {doing}; jij (jansen) staat niet in de instellingen als examensecretaris."
    )


def test_a_new_folder_takes_its_first_settings_from_whoever_sets_it_up():
    state = run(FolderState(), OUTSIDER, SaveSettings(settings=Settings(examensecretarissen=["piet"])))
    assert state.is_secretaris("piet")
    assert may(state, EXAMINATOR, "settings") is not None


def test_groups_are_named_one_way_and_a_chosen_name_is_checked_without_case():
    state = folder_with_model()
    for expected in ("hbr-kb-2026-rood-b", "hbr-kb-2026-rood-b-2"):
        [created] = decide(state, SECRETARIS, group_command(), NOW)
        assert created.info.group_id == expected
        assert created.info.model_hash == make_model().content_hash()
        state = evolve_folder(state, created)
    assert str(refusal(state, SECRETARIS, group_command(group_id="HBR-kb-2026-rood-B"))) == (
        "Groep hbr-kb-2026-rood-b bestaat al; kies een andere naam."
    )
    assert str(refusal(state, SECRETARIS, group_command(group_id="../weg"))) == (
        "Groepsnaam '../weg' kan niet: gebruik alleen letters, cijfers, - en _ (hooguit 80 tekens)."
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"candidates": []}, "Een groep heeft minstens één kandidaat."),
        ({"candidates": [Candidate(examennummer="1", naam="A"), Candidate(examennummer="1", naam="B")]},
         "Examennummer 1 staat twee keer in de lijst."),
        ({"tweede": "  "}, "Vul de login van de examinator en van de tweede examinator in."),
        ({"tweede": "jansen"}, "De examinator en de tweede examinator moeten twee verschillende personen zijn."),
    ],
)
def test_a_group_that_cannot_be_is_refused(changes, message):
    found = refusal(folder_with_model(), SECRETARIS, group_command(**changes))
    assert (found.kind, str(found)) == (RefusalKind.INVALID_INPUT, message)


def test_a_group_needs_an_imported_model():
    found = refusal(FolderState(), SECRETARIS, group_command())
    assert (found.kind, str(found)) == (RefusalKind.UNKNOWN_MODEL, "Het correctiemodel HBR kb 2026 rood onderdeel B is niet ingelezen.")


def test_an_imported_model_is_never_replaced():
    state = folder_with_model()
    assert decide(state, SECRETARIS, ImportModel(model=make_model()), NOW) == []
    other = model_dict()
    other["opdrachten"][0]["criteria"][0]["max"] = 2
    found = refusal(state, SECRETARIS, ImportModel(model=make_model(other)))
    assert found.kind is RefusalKind.MODEL_IMPORT
    assert str(found).startswith("Er is al een ander correctiemodel voor HBR kb 2026 rood onderdeel B ingelezen.")


def test_meldingen_come_from_the_examinators_of_the_model_and_the_examensecretaris():
    state = run(folder_with_model(), SECRETARIS, group_command())
    melding = AddMelding(model_key=KEY, opdracht="B1", criterium="B1.2", omschrijving="Max klopt niet", moment="tijdens de correctie")
    state = run(state, TWEEDE, melding)
    assert [(m.gevonden_door, m.criterium) for m in state.meldingen_for(KEY)] == [("devries", "B1.2")]
    assert str(refusal(state, OUTSIDER, melding)) == (
        "Je (piet) bent geen examinator van een groep met dit correctiemodel en geen examensecretaris; "
        "meld het aan een van hen."
    )
    assert str(refusal(state, TWEEDE, melding.model_copy(update={"criterium": "B2.1"}))) == (
        "Criterium B2.1 hoort niet bij opdracht B1."
    )
    assert str(refusal(state, TWEEDE, melding.model_copy(update={"moment": "gisteren"}))) == (
        "Kies als moment: voor de afname, tijdens de afname of tijdens de correctie."
    )
    assert str(refusal(state, TWEEDE, melding.model_copy(update={"omschrijving": " "}))) == (
        "Beschrijf wat er mis is; de omschrijving mag niet leeg zijn."
    )


def test_an_aanvulling_is_recorded_once_goes_into_new_groups_and_voids_declarations_in_open_ones():
    group = Group()
    for nr in ("101", "102"):
        for crit in make_model().criteria:
            group.run(EXAMINATOR, SetScore(examennummer=nr, criterium=crit.code, value=0))
            group.run(TWEEDE, SetScore(examennummer=nr, criterium=crit.code, value=0))
    group.run(EXAMINATOR, Declare())
    command = AddAanvulling(model_key=KEY, criterium="B2.1", tekst="Iedereen krijgt 2 punten.", datum="14-05-2026")
    state = run(folder_with_model(), SECRETARIS, command)
    assert str(refusal(state, SECRETARIS, command)) == "Voor B2.1 is al een aanvulling vastgelegd."
    [aanvulling] = state.aanvullingen_for(KEY)
    events = group.run(SECRETARIS, ApplyAanvulling(aanvulling=aanvulling))
    assert [type(e).__name__ for e in events] == ["AanvullingApplied", "DeclarationsVoided"]
    assert final_score(group.state, "101", "B2.1") == 2
    assert any("aanvulling van het CvTE bij B2.1" in b.text for b in closing_blockers(group.state))
    assert group.run(SECRETARIS, ApplyAanvulling(aanvulling=aanvulling)) == []
    _, later = create(folder=state)
    assert later.aanvullingen == [aanvulling]


def test_normering_is_kept_per_key_and_the_folder_folds_from_its_events():
    state = folder_with_model()
    events = []
    for nterm in ("1.1", "0.9"):
        command = SetNormering(key=NORMERING_KEY, normering=Normering(nterm=Decimal(nterm), lengte=60))
        new = decide(state, SECRETARIS, command, NOW)
        events += new
        for event in new:
            state = evolve_folder(state, event)
    assert state.normering_for(NORMERING_KEY) == Normering(nterm=Decimal("0.9"), lengte=60)
    assert state.normering_for(NormeringKey("HBR", "kb", 2026, "blauw")) is None
    assert fold_folder(events, folder_with_model()) == state


def test_a_herkansing_normering_in_the_colour_of_the_first_afname_is_refused():
    key = NormeringKey("HBR", "kb", 2026, "rood", (("B", "rood"),))
    found = refusal(folder_with_model(), SECRETARIS, SetNormering(key=key, normering=Normering(nterm=Decimal("1.0"), lengte=60)))
    assert found.kind is RefusalKind.INVALID_INPUT
    assert str(found).startswith("Een herkansing is in de andere versie dan de 1e afname (rood); onderdeel B in rood kan niet.")


def test_a_withdrawn_normering_has_no_effect_and_keeps_its_history():
    normering = Normering(nterm=Decimal("1.1"), lengte=60)
    state = run(folder_with_model(), SECRETARIS, SetNormering(key=NORMERING_KEY, normering=normering))
    assert str(refusal(state, SECRETARIS, WithdrawNormering(key=NORMERING_KEY, reden=" "))).startswith("Geef een reden")
    state = run(state, SECRETARIS, WithdrawNormering(key=NORMERING_KEY, reden="vergissing"))
    assert state.normering_for(NORMERING_KEY) is None
    (entry,) = state.normering
    assert entry.withdrawn and [(h.old, h.new, h.reden) for h in entry.history] == [
        (None, normering, None), (normering, None, "vergissing"),
    ]
    again = refusal(state, SECRETARIS, WithdrawNormering(key=NORMERING_KEY, reden="nog eens"))
    assert str(again) == "Voor HBR kb 2026 rood is geen normering vastgelegd; er is niets in te trekken."
    state = run(state, SECRETARIS, SetNormering(key=NORMERING_KEY, normering=normering))
    assert state.normering_for(NORMERING_KEY) == normering
    assert [h.old for h in state.normering[0].history][-1] is None and len(state.normering[0].history) == 3


def test_a_group_command_against_the_folder_is_refused():
    found = refusal(folder_with_model(), EXAMINATOR, SetScore(examennummer="1", criterium="B1.1", value=1))
    assert str(found) == "Deze opdracht (SetScore) hoort bij een groep, niet bij de gegevensmap."


def test_the_last_examensecretaris_cannot_be_removed_but_can_hand_over():
    state = folder_with_model()
    found = refusal(state, SECRETARIS, SaveSettings(settings=Settings(examensecretarissen=[])))
    assert found.kind is RefusalKind.INVALID_INPUT
    assert str(found).startswith("Er moet altijd een examensecretaris zijn")
    state = run(state, SECRETARIS, SaveSettings(settings=Settings(examensecretarissen=["devries"])))
    assert state.settings.examensecretarissen == ["devries"]


@pytest.mark.parametrize(
    "command, refused",
    [
        (
            lambda group_id: RecordArchive(group_id=group_id, manifest_sha256="a" * 64),
            "Alleen de examinatoren van groep {} en de examensecretaris maken een archief ervan; jij (piet) bent dat niet.",
        ),
        (
            lambda group_id: AnchorGroup(group_id=group_id, seq=1, head="a" * 64),
            "Alleen bij een verklaring of het sluiten van groep {} wordt die vastgelegd; jij (piet) bent daar geen "
            "examinator van.",
        ),
    ],
)
def test_archive_and_anchor_are_for_the_groups_examinatoren_and_the_examensecretaris(command, refused):
    created, group = create()
    state = evolve_folder(folder_with_model(), created)
    group_id = group.info.group_id
    unknown = refusal(state, SECRETARIS, command("nergens"))
    assert (unknown.kind, str(unknown)) == (RefusalKind.INVALID_INPUT, "Onbekende groep: nergens.")
    outsider = refusal(state, OUTSIDER, command(group_id))
    assert (outsider.kind, str(outsider)) == (RefusalKind.PERMISSION, refused.format(group_id))
    for actor in (EXAMINATOR, TWEEDE, SECRETARIS):
        assert len(decide(state, actor, command(group_id), NOW)) == 1
