"""The omzettingsregel, checked against worked cases and properties.

Every expected cijfer below is worked out by hand in the comment next to it, with
the rule from docs/domain.md:

    C = 9 * S / L + N
    N > 1: C = min(C, 1 + S * (9/L) * 2, 10 - (L - S) * (9/L) * 0.5)
    N < 1: C = max(C, 1 + S * (9/L) * 0.5, 10 - (L - S) * (9/L) * 2)
    rounded half up to one decimal, exactly.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from cspe_tui.domain.normering import (
    Normering,
    NormeringError,
    cijfer,
    format_cijfer,
    parse_lengte,
    parse_nterm,
    parse_score,
)


def d(text: str) -> Decimal:
    return Decimal(text)


# --- the examples in docs/domain.md ----------------------------------------------


@pytest.mark.parametrize(
    ("score", "lengte", "nterm", "expected"),
    [
        (0, 90, "1.0", "1.0"),
        (45, 90, "1.0", "5.5"),
        (90, 90, "1.0", "10.0"),
        (0, 90, "1.3", "1.0"),
        (90, 90, "1.3", "10.0"),
    ],
)
def test_domain_examples(score: int, lengte: int, nterm: str, expected: str) -> None:
    assert cijfer(score, lengte, d(nterm)) == d(expected)


# --- worked cases ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("score", "lengte", "nterm", "expected"),
    [
        # L=20, N=0.9, S=7: 9*7/20 = 3.15, + 0.9 = 4.05 exactly.
        # N < 1 clamps: 1 + 7*0.45*0.5 = 2.575, 10 - 13*0.45*2 = -1.7; max is 4.05.
        # Half up: 4.1. (In binary floating point 3.15 + 0.9 is 4.0499.. and rounds to 4.0.)
        (7, 20, "0.9", "4.1"),
        # L=40, N=1.0, S=2: 9*2/40 = 0.45, + 1 = 1.45 exactly; no clamp at N = 1. Half up: 1.5.
        (2, 40, "1.0", "1.5"),
        # L=40, N=1.0, S=6: 9*6/40 = 1.35, + 1 = 2.35 exactly -> 2.4.
        (6, 40, "1.0", "2.4"),
        # L=40, N=1.0, S=1: 0.225 + 1 = 1.225 -> 1.2 (below the half).
        (1, 40, "1.0", "1.2"),
        # L=40, N=1.2, S=10: 9*10/40 = 2.25, + 1.2 = 3.45.
        # N > 1 clamps: 1 + 10*0.225*2 = 5.5, 10 - 30*0.225*0.5 = 6.625; min is 3.45 -> 3.5.
        (10, 40, "1.2", "3.5"),
        # L=90, N=1.3, S=52: 5.2 + 1.3 = 6.5; clamps 1 + 10.4 = 11.4 and 10 - 38*0.05 = 8.1 -> 6.5.
        (52, 90, "1.3", "6.5"),
    ],
)
def test_worked_cases(score: int, lengte: int, nterm: str, expected: str) -> None:
    assert cijfer(score, lengte, d(nterm)) == d(expected)


def test_exact_half_where_float_would_round_down() -> None:
    """The reason the rule is computed with fractions: the float sum lies just below 4.05."""
    assert round(9 * 7 / 20 + 0.9, 1) == 4.0
    assert cijfer(7, 20, d("0.9")) == d("4.1")


@pytest.mark.parametrize(
    ("score", "lengte", "nterm", "expected", "unclamped"),
    [
        # N > 1, lower bound bites. L=90, N=1.3, S=1: C = 0.1 + 1.3 = 1.4;
        # 1 + 1*0.1*2 = 1.2; 10 - 89*0.1*0.5 = 5.55; min = 1.2.
        (1, 90, "1.3", "1.2", "1.4"),
        # N > 1, upper bound bites. L=90, N=2.0, S=80: C = 8.0 + 2.0 = 10.0;
        # 1 + 80*0.1*2 = 17; 10 - 10*0.1*0.5 = 9.5; min = 9.5.
        (80, 90, "2.0", "9.5", "10.0"),
        # N < 1, lower bound bites. L=90, N=0.5, S=5: C = 0.5 + 0.5 = 1.0;
        # 1 + 5*0.1*0.5 = 1.25; 10 - 85*0.1*2 = -7; max = 1.25 -> 1.3 (half up).
        (5, 90, "0.5", "1.3", "1.0"),
        # N < 1, upper bound bites. L=90, N=0.0, S=85: C = 8.5;
        # 1 + 85*0.1*0.5 = 5.25; 10 - 5*0.1*2 = 9.0; max = 9.0.
        (85, 90, "0.0", "9.0", "8.5"),
        # N < 1 at S = 0: C = 0.0, lower bound 1 + 0 = 1.0 -> 1.0.
        (0, 90, "0.0", "1.0", "0.0"),
        # N = 2.0 at S = 0: C = 2.0, min(2.0, 1.0, 10 - 90*0.1*0.5 = 5.5) = 1.0.
        (0, 90, "2.0", "1.0", "2.0"),
    ],
)
def test_clamps_bite(score: int, lengte: int, nterm: str, expected: str, unclamped: str) -> None:
    raw = Fraction(9 * score, lengte) + Fraction(nterm)
    assert raw == Fraction(unclamped)  # the hand computation of the unclamped value is right
    assert cijfer(score, lengte, d(nterm)) == d(expected)
    assert d(expected) != d(unclamped)


def test_nterm_as_string_and_int() -> None:
    assert cijfer(45, 90, "1.0") == d("5.5")
    assert cijfer(45, 90, 1) == d("5.5")


@pytest.mark.parametrize(
    ("score", "lengte", "nterm"),
    [(-1, 90, "1.0"), (91, 90, "1.0"), (0, 0, "1.0"), (0, -5, "1.0"), (10, 90, "2.1"), (10, 90, "-0.1")],
)
def test_cijfer_refuses_impossible_input(score: int, lengte: int, nterm: str) -> None:
    with pytest.raises(NormeringError):
        cijfer(score, lengte, d(nterm))


# --- properties ---------------------------------------------------------------------

nterms = st.integers(min_value=0, max_value=20).map(lambda tenths: Decimal(tenths) / 10)
lengtes = st.integers(min_value=1, max_value=400)


@st.composite
def score_and_lengte(draw: st.DrawFn) -> tuple[int, int]:
    lengte = draw(lengtes)
    return draw(st.integers(min_value=0, max_value=lengte)), lengte


@given(lengtes, nterms)
def test_zero_score_is_one(lengte: int, nterm: Decimal) -> None:
    assert cijfer(0, lengte, nterm) == d("1.0")


@given(lengtes, nterms)
def test_full_score_is_ten(lengte: int, nterm: Decimal) -> None:
    assert cijfer(lengte, lengte, nterm) == d("10.0")


@given(st.data(), lengtes, nterms)
def test_never_decreasing_in_score(data: st.DataObject, lengte: int, nterm: Decimal) -> None:
    score = data.draw(st.integers(min_value=0, max_value=lengte - 1))
    assert cijfer(score, lengte, nterm) <= cijfer(score + 1, lengte, nterm)


@given(score_and_lengte())
def test_linear_when_nterm_is_one(sl: tuple[int, int]) -> None:
    score, lengte = sl
    # round_half_up(9S/L + 1) to tenths, in integers: floor((90S + 10L)/L + 1/2).
    tenths = (2 * (90 * score + 10 * lengte) + lengte) // (2 * lengte)
    assert cijfer(score, lengte, d("1.0")) == Decimal(tenths) / 10


@given(score_and_lengte(), nterms)
def test_one_decimal_between_one_and_ten(sl: tuple[int, int], nterm: Decimal) -> None:
    result = cijfer(*sl, nterm)
    assert d("1.0") <= result <= d("10.0")
    assert result == result.quantize(d("0.1"))
    assert result.as_tuple().exponent == -1


@given(score_and_lengte(), nterms)
def test_clamps_pull_towards_the_linear_rule(sl: tuple[int, int], nterm: Decimal) -> None:
    """N > 1 never raises the cijfer above 9S/L + N, N < 1 never lowers it below (before rounding)."""
    score, lengte = sl
    raw = Fraction(9 * score, lengte) + Fraction(nterm)
    result = Fraction(cijfer(score, lengte, nterm))
    if nterm > 1:
        assert result <= raw + Fraction(1, 20)
    elif nterm < 1:
        assert result >= raw - Fraction(1, 20)


# --- parsing ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1,3", "1.3"), ("1.3", "1.3"), (" 1,3 ", "1.3"), ("0", "0.0"), ("2,0", "2.0"), ("2", "2.0"), ("0,0", "0.0")],
)
def test_parse_nterm_accepts(text: str, expected: str) -> None:
    assert parse_nterm(text) == d(expected)


@pytest.mark.parametrize("text", ["2,1", "-0,1", "1,25", "abc", "", "1,", ",5", "12", "1.3.1", "2.5"])
def test_parse_nterm_refuses(text: str) -> None:
    with pytest.raises(NormeringError) as info:
        parse_nterm(text)
    assert "N-term" in str(info.value)


@pytest.mark.parametrize("text", ["0", "-1", "1,5", "abc", ""])
def test_parse_lengte_refuses(text: str) -> None:
    with pytest.raises(NormeringError):
        parse_lengte(text)


def test_parse_lengte_and_score_accept() -> None:
    assert parse_lengte(" 90 ") == 90
    assert parse_score("0") == 0
    with pytest.raises(NormeringError):
        parse_score("-3")


def test_format_cijfer_uses_decimal_comma() -> None:
    assert format_cijfer(d("5.8")) == "5,8"
    assert format_cijfer(d("10.0")) == "10,0"


def test_normering_model_validates() -> None:
    assert Normering(nterm=d("1.3"), lengte=90).nterm == d("1.3")
    for bad in ({"nterm": d("1.25"), "lengte": 90}, {"nterm": d("2.1"), "lengte": 90}, {"nterm": d("1.0"), "lengte": 0}):
        with pytest.raises(ValidationError):
            Normering(**bad)
