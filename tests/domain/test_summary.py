"""The group summary carried along change by change equals the one counted from the whole state."""

from __future__ import annotations

from datetime import datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspe_tui.domain.access import Refusal
from cspe_tui.domain.commands import (
    Accept,
    AcceptAll,
    AddRemark,
    ApplyAanvulling,
    Close,
    Declare,
    ResolveRemark,
    SetAbsent,
    SetScore,
    SetVastgesteld,
    WithdrawGroup,
)
from cspe_tui.domain.group import Aanvulling, GroupState, Werkwijze
from cspe_tui.domain.summary import advance, summarize
from tests.helpers import make_model

from .decide_helpers import EXAMINATOR, NUMBERS, SECRETARIS, TWEEDE, Group

MODEL = make_model()
CODES = [c.code for c in MODEL.criteria]
AANVULLING = Aanvulling(
    id="a1", model_key=MODEL.key, criterium="B2.2", tekst="Iedereen krijgt het maximum.", datum="2026-05-20",
    recorded_by="bakker", at=datetime(2026, 5, 20, 9, 0, tzinfo=timezone.utc),
)

values = st.one_of(st.none(), st.integers(0, 3))
numbers = st.sampled_from(NUMBERS)
codes = st.sampled_from(CODES)
steps = st.one_of(
    st.tuples(st.sampled_from([EXAMINATOR, TWEEDE]), st.builds(SetScore, examennummer=numbers, criterium=codes, value=values)),
    st.tuples(st.just(EXAMINATOR), st.builds(SetVastgesteld, examennummer=numbers, criterium=codes, value=values)),
    st.tuples(st.sampled_from([EXAMINATOR, SECRETARIS]), st.builds(SetAbsent, examennummer=numbers, absent=st.booleans())),
    st.tuples(st.just(TWEEDE), st.builds(AddRemark, examennummer=numbers, criterium=st.none(), text=st.just("Kijk even."))),
    st.tuples(st.just(TWEEDE), st.builds(Accept, examennummer=numbers, criterium=codes)),
    st.tuples(st.just(TWEEDE), st.builds(AcceptAll, examennummer=numbers)),
    st.tuples(st.just(SECRETARIS), st.just(ApplyAanvulling(aanvulling=AANVULLING))),
    st.tuples(st.sampled_from([EXAMINATOR, TWEEDE]), st.just(Declare())),
    st.tuples(st.just(EXAMINATOR), st.just(Close())),
    st.tuples(st.just(SECRETARIS), st.just(WithdrawGroup(reden="Verkeerd model gekozen."))),
    st.tuples(st.just(EXAMINATOR), st.just("resolve")),
    st.tuples(st.sampled_from([EXAMINATOR, TWEEDE]), st.tuples(st.just("fill"), numbers, st.one_of(st.none(), codes))),
)
"""`fill`: one examinator scores a whole candidate (all but one criterium, or all), so columns complete often."""


def touched(old: GroupState, new: GroupState) -> set[str]:
    return {nr for nr, row in new.cells.items() if row is not old.cells.get(nr)}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(werkwijze=st.sampled_from(list(Werkwijze)), plan=st.lists(steps, max_size=40))
def test_summary_carried_over_each_change_equals_the_count_from_the_whole_state(werkwijze, plan) -> None:
    group = Group(werkwijze)
    summary = summarize(group.state)
    for actor, command in plan:
        old = group.state
        if command == "resolve":
            open_ = [r for r in group.state.remarks if r.open]
            commands = [ResolveRemark(remark_id=open_[0].id)] if open_ else []
        elif isinstance(command, tuple):
            _, nr, skip = command
            commands = [SetScore(examennummer=nr, criterium=code, value=0) for code in CODES if code != skip]
        else:
            commands = [command]
        for one in commands:
            try:
                group.run(actor, one)
            except Refusal:
                pass
        summary = advance(summary, old, group.state, touched(old, group.state))
        assert summary == summarize(group.state)


def test_summary_counts_candidates_per_column_and_vastgesteld() -> None:
    group = Group()
    first, second = NUMBERS
    for code in CODES:
        group.run(EXAMINATOR, SetScore(examennummer=first, criterium=code, value=0))
        group.run(TWEEDE, SetScore(examennummer=first, criterium=code, value=0))
    group.run(EXAMINATOR, SetAbsent(examennummer=second, absent=True))
    group.run(TWEEDE, AddRemark(examennummer=first, criterium=None, text="Nog even kijken."))
    summary = summarize(group.state)
    assert (summary.candidates, summary.first_done, summary.second_done, summary.final_done) == (2, 2, 2, 2)
    assert (summary.open_remarks, summary.closed, summary.withdrawn) == (1, False, None)
    assert summary.role_of(EXAMINATOR.login).value == "examinator" and summary.role_of("piet") is None


def test_an_aanvulling_completes_every_candidate_scored_on_the_other_criteria() -> None:
    group = Group()
    for nr in NUMBERS:
        for actor in (EXAMINATOR, TWEEDE):
            for code in CODES[:-1]:
                group.run(actor, SetScore(examennummer=nr, criterium=code, value=0))
    before = group.state
    summary = summarize(before)
    assert summary.final_done == 0
    group.run(SECRETARIS, ApplyAanvulling(aanvulling=AANVULLING))
    carried = advance(summary, before, group.state, touched(before, group.state))
    assert carried == summarize(group.state)
    assert (carried.final_done, carried.aanvullingen) == (2, 1)
