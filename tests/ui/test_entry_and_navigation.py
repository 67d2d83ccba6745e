"""The pure parts of scoring: two-digit entry and where `l`, `d` and the per-opdracht step go."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cspe_tui.domain.group import Role
from cspe_tui.ui.entry import TwoDigitEntry
from cspe_tui.ui.navigation import next_difference, next_unscored, step_across

from .conftest import CODES, EXAMINATOR, GELIJK, TWEEDE, Data, score_all

UP_TO_12 = list(range(13))


def test_one_digit_waits_only_when_a_two_digit_score_could_follow() -> None:
    entry = TwoDigitEntry()
    assert entry.type("A2.1", 2, UP_TO_12).complete
    first = entry.type("A2.1", 1, UP_TO_12)
    assert not first.complete and entry.pending == ("A2.1", "1")
    second = entry.type("A2.1", 1, UP_TO_12)
    assert second.complete and second.value == 11 and entry.pending is None


def test_a_waiting_digit_is_given_by_flush_and_dropped_only_by_cancel() -> None:
    entry = TwoDigitEntry()
    entry.type("A2.1", 1, UP_TO_12)
    typed = entry.flush()
    assert typed is not None and (typed.code, typed.value) == ("A2.1", 1)
    assert entry.flush() is None
    entry.type("A2.1", 1, UP_TO_12)
    assert entry.cancel() == "A2.1" and entry.pending is None


@given(st.lists(st.integers(0, 9), min_size=1, max_size=6))
def test_digits_always_end_in_a_score_or_one_waiting_digit(digits: list[int]) -> None:
    entry = TwoDigitEntry()
    for digit in digits:
        typed = entry.type("A2.1", digit, UP_TO_12)
        assert typed.complete or (len(typed.digits) == 1 and typed.digits == "1")
        assert typed.value < 20


def test_d_visits_the_current_candidates_earlier_differences_first(data: Data) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    for nr in ("1001", "1002"):
        score_all(first, GELIJK, nr, [1, 3, 2, 11, 3, 2, 2, 1])
        score_all(second, GELIJK, nr, [0, 3, 2, 10, 3, 2, 2, 1])
    state = first.load_group(GELIJK)
    assert next_difference(state, Role.EXAMINATOR, ("1001", "A2.2")) == ("1001", "A1.1")
    assert next_difference(state, Role.EXAMINATOR, ("1001", "A1.1")) == ("1001", "A2.1")
    assert next_difference(state, Role.EXAMINATOR, ("1001", "A2.1")) == ("1001", "A1.1")
    for code, value in (("A1.1", 1), ("A2.1", 11)):
        first.set_vastgesteld(GELIJK, "1001", code, value, expected=first.load_group(GELIJK).cell("1001", code))
    settled = first.load_group(GELIJK)
    assert next_difference(settled, Role.EXAMINATOR, ("1001", "A2.1")) == ("1002", "A1.1")


def test_next_unscored_and_the_step_across_one_opdracht(data: Data) -> None:
    first = data.store(EXAMINATOR)
    score_all(first, GELIJK, "1001", [1, 3, 2, 11, 3, 2, 2, 1])
    state = first.load_group(GELIJK)
    assert next_unscored(state, Role.EXAMINATOR, ("1001", "A1.2")) == ("1002", CODES[0])
    a2 = ["A2.1", "A2.2", "A2.3"]
    assert step_across(state, a2, ("1001", "A2.2")) == ("1001", "A2.3")
    assert step_across(state, a2, ("1001", "A2.3")) == ("1002", "A2.1")
    assert step_across(state, a2, ("1004", "A2.3")) is None
