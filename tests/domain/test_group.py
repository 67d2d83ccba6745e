"""The scoring rules every screen and export relies on."""

from datetime import datetime, timezone

import pytest

from cspe_tui.domain.group import (
    Aanvulling,
    Cell,
    Remark,
    Role,
    ScoreError,
    Verklaring,
    Werkwijze,
    candidate_complete,
    check_score,
    final_score,
    is_difference,
    may_see_other_column,
    onderdeel_total,
    opdracht_totals,
    progress,
)
from cspe_tui.domain.closing import (
    closing_blockers,
    open_summary,
    seal_of,
)
from cspe_tui.domain.review import group_review_line
from tests.helpers import make_state

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=timezone.utc)
CODES = ["B1.1", "B1.2", "B1.3", "B2.1", "B2.2"]


def score_all(state, nr, role, values):
    for code, value in zip(CODES, values):
        cell = state.cells.setdefault(nr, {}).setdefault(code, Cell())
        setattr(cell, "examinator" if role is Role.EXAMINATOR else "tweede", value)


def test_only_allowed_scorepunten_pass():
    model = make_state().model
    assert check_score(model.criterium("B1.3"), 2) == 2
    with pytest.raises(ScoreError, match="1 mag niet bij B1.3: kies uit 0, 2"):
        check_score(model.criterium("B1.3"), 1)
    with pytest.raises(ScoreError, match="4 mag niet bij B1.2: kies uit 0, 1, 2, 3"):
        check_score(model.criterium("B1.2"), 4)


def test_equal_scores_become_vastgesteld_and_differences_stay_open():
    state = make_state()
    score_all(state, "100", Role.EXAMINATOR, [1, 3, 2, 2, 1])
    score_all(state, "100", Role.TWEEDE, [1, 2, 2, 2, 1])
    assert final_score(state, "100", "B1.1") == 1
    assert final_score(state, "100", "B1.2") is None
    assert is_difference(state, "100", "B1.2")
    assert not candidate_complete(state, "100")
    state.cells["100"]["B1.2"].vastgesteld = 2
    state.cells["100"]["B1.2"].vastgesteld_door = "devries"
    assert final_score(state, "100", "B1.2") == 2
    assert not is_difference(state, "100", "B1.2")
    assert candidate_complete(state, "100")


def test_totals_per_opdracht_and_onderdeel_per_column():
    state = make_state()
    score_all(state, "100", Role.EXAMINATOR, [1, 3, 2, 2, 1])
    score_all(state, "100", Role.TWEEDE, [1, 2, 2, 2, 0])
    assert opdracht_totals(state, "100", Role.EXAMINATOR) == {"B1": 6, "B2": 3}
    assert opdracht_totals(state, "100", Role.TWEEDE) == {"B1": 5, "B2": 2}
    assert opdracht_totals(state, "100") == {"B1": 3, "B2": 2}
    assert onderdeel_total(state, "100") == 5
    assert progress(state, "101", Role.EXAMINATOR) == (0, 5)


def test_aanvulling_gives_everyone_the_maximum():
    state = make_state()
    score_all(state, "100", Role.EXAMINATOR, [0, 0, 0, 0, 0])
    state.aanvullingen.append(
        Aanvulling(
            id="a1", model_key=state.info.model_key, criterium="B1.2", tekst="Iedere kandidaat krijgt 3 punten.",
            datum="2026-05-20", recorded_by="bakker", at=NOW,
        )
    )
    assert final_score(state, "100", "B1.2") == 3
    assert final_score(state, "101", "B1.2") == 3


def test_gelijktijdig_hides_the_other_column_until_you_scored_the_candidate():
    state = make_state(Werkwijze.GELIJKTIJDIG)
    score_all(state, "100", Role.EXAMINATOR, [1, 3, 2, 2, 1])
    assert not may_see_other_column(state, "100", Role.TWEEDE)
    score_all(state, "100", Role.TWEEDE, [1, 3, 2, 2, None])
    assert not may_see_other_column(state, "100", Role.TWEEDE)
    state.cells["100"]["B2.2"].tweede = 0
    assert may_see_other_column(state, "100", Role.TWEEDE)
    assert may_see_other_column(state, "101", Role.SECRETARIS)


def test_achteraf_shows_the_first_column_at_once():
    state = make_state(Werkwijze.ACHTERAF)
    score_all(state, "100", Role.EXAMINATOR, [1, 3, 2, 2, 1])
    assert may_see_other_column(state, "100", Role.TWEEDE)


def test_closing_is_blocked_by_missing_scores_differences_open_remarks_and_declarations():
    state = make_state()
    score_all(state, "100", Role.EXAMINATOR, [1, 3, 2, 2, 1])
    score_all(state, "100", Role.TWEEDE, [1, 3, 2, 2, 0])
    state.absent.append("101")
    state.remarks.append(Remark(id="r1", examennummer="100", criterium="B1.1", author="jansen", text="Foto ontbreekt", at=NOW))
    kinds = [(b.kind, b.examennummer, b.criterium) for b in closing_blockers(state)]
    assert kinds == [
        ("verschil", "100", "B2.2"),
        ("opmerking", "100", "B1.1"),
        ("verklaring", None, None),
        ("verklaring", None, None),
    ]
    state.cells["100"]["B2.2"].vastgesteld = 1
    state.remarks[0].resolved_by = "devries"
    state.verklaringen += [Verklaring(role=Role.EXAMINATOR, login="jansen", at=NOW), Verklaring(role=Role.TWEEDE, login="devries", at=NOW)]
    assert closing_blockers(state) == []


def test_missing_scores_name_candidate_and_criterium():
    state = make_state(candidates=1)
    blockers = closing_blockers(state)
    assert blockers[0].text == "100 Şükrü Yılmaz: B1.1 heeft geen vastgestelde score"
    assert sum(b.kind == "ontbreekt" for b in blockers) == 5


def test_seal_changes_with_any_score_and_ignores_later_meldingen():
    state = make_state()
    score_all(state, "100", Role.EXAMINATOR, [1, 3, 2, 2, 1])
    seal = seal_of(state)
    assert len(seal) == 64
    assert seal_of(state) == seal
    state.cells["100"]["B2.2"].examinator = 0
    assert seal_of(state) != seal


def test_what_is_open_is_said_in_words_by_kind_with_proper_plurals():
    state = make_state()
    score_all(state, "100", Role.EXAMINATOR, [1, 3, 2, 2, 1])
    score_all(state, "100", Role.TWEEDE, [1, 3, 2, 2, 0])
    state.absent.append("101")
    long = "De foto van het werkstuk ontbreekt in de map; graag samen bekijken voordat we sluiten."
    state.remarks.append(Remark(id="r1", examennummer="100", criterium=None, author="jansen", text=long, at=NOW))
    blockers = closing_blockers(state)
    assert open_summary(blockers) == "1 verschil vast te stellen, 1 opmerking op te lossen en 2 verklaringen te geven"
    assert blockers[1].text == f"open opmerking (100): {long[:59].rstrip()}…"
    state.absent.remove("101")
    assert open_summary(closing_blockers(state)).startswith("5 scores te geven, 1 verschil vast te stellen")
    assert open_summary([]) == "niets"


def test_the_group_review_line_says_criterium_for_one():
    state = make_state(Werkwijze.ACHTERAF, candidates=1)
    score_all(state, "100", Role.EXAMINATOR, [1, 3, 2, 2, 1])
    state.cells["100"]["B1.1"].tweede = 1
    state.cells["100"]["B1.1"].akkoord = True
    assert group_review_line(state).startswith("Tweede examinator: akkoord bij 1 criterium, ")
