"""The text gate: what comes in is NFC, holds nothing a terminal would obey, and has a sane length."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from cspe_tui.domain.group import Candidate, Remark
from cspe_tui.domain.text import (
    NAME,
    REMARK,
    NameText,
    RemarkText,
    TextRefused,
    check_text,
    visible,
)
from cspe_tui.domain.validation import first_problem


def test_nfc_makes_two_spellings_of_one_name_equal():
    decomposed = "Jose\u0301 Mu\u0308ller"
    assert check_text(decomposed, NAME) == "José Müller"
    assert check_text(decomposed, NAME) == unicodedata.normalize("NFC", decomposed)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jan\x1b[2J", "een stuurteken op positie 4: U+001B (ESCAPE)"),
        ("Jan\x00", "een stuurteken op positie 4: U+0000 (NUL)"),
        ("Jan\x07", "een stuurteken op positie 4: U+0007 (BEL)"),
        ("abc\u202edcba", "een teken dat de schrijfrichting omdraait op positie 4: U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        ("ab\u2066c", "een teken dat de schrijfrichting omdraait op positie 3: U+2066 (LEFT-TO-RIGHT ISOLATE)"),
        ("ab\ud800", "een ongeldig teken op positie 3: U+D800 (losse surrogaat, geen geldig teken)"),
        ("Jan\nJansen", "een regelovergang op positie 4"),
    ],
)
def test_a_name_refuses_what_a_terminal_would_obey_with_the_place(text, expected):
    with pytest.raises(TextRefused) as refused:
        check_text(text, NAME)
    assert refused.value.message.startswith(expected)
    assert "naam mag geen stuurtekens of regelovergangen bevatten" in refused.value.message


def test_a_remark_may_span_lines_but_not_carry_escapes():
    assert check_text("eerste regel\r\ntweede\tregel\rderde", REMARK) == "eerste regel\ntweede\tregel\nderde"
    with pytest.raises(TextRefused, match=r"positie 3: U\+001B"):
        check_text("ok\x1b[31m", REMARK)


def test_length_limits_per_kind_in_dutch():
    assert check_text("x" * REMARK.max_chars, REMARK)
    with pytest.raises(TextRefused) as refused:
        check_text("x" * (REMARK.max_chars + 1), REMARK)
    assert refused.value.message == "te lang: 4001 tekens; een opmerking is hooguit 4000 tekens"
    with pytest.raises(TextRefused, match="te lang: 50000000 tekens"):
        check_text("x" * 50_000_000, REMARK)


def test_the_annotated_types_give_the_same_dutch_message_in_a_model():
    class Form(BaseModel):
        naam: NameText
        opmerking: RemarkText

    with pytest.raises(ValidationError) as refused:
        Form(naam="Jan\x1b", opmerking="goed")
    assert first_problem(refused.value) == (
        "$.naam: een stuurteken op positie 4: U+001B (ESCAPE); een naam mag geen stuurtekens of regelovergangen bevatten"
    )
    with pytest.raises(ValidationError) as empty:
        Form(naam="Jan", opmerking="")
    assert first_problem(empty.value) == "$.opmerking: mag niet leeg zijn"


def test_domain_records_use_the_gate():
    with pytest.raises(ValidationError):
        Candidate(examennummer="1001", naam="Jan\x1b[2J")
    with pytest.raises(ValidationError):
        Candidate(examennummer="10\u202e01", naam="Jan")
    assert Candidate(examennummer="1001", naam="Jose\u0301").naam == "José"
    with pytest.raises(ValidationError):
        Remark.model_validate(
            {"id": "r", "examennummer": "1", "author": "a", "text": "x" * 5000, "at": "2026-05-12T09:00:00Z"}
        )


def test_visible_shows_forbidden_characters_escaped():
    assert visible("Jan\x1b[2J\u202e") == "Jan\\x1b[2J\\u202e"
    assert visible("x" * 100, limit=5) == "xxxxx…"


@given(st.text())
def test_any_text_is_either_clean_nfc_or_refused_in_dutch(text):
    try:
        clean = check_text(text, REMARK)
    except TextRefused as refused:
        assert refused.message.startswith(("een ", "te lang"))
        return
    assert unicodedata.is_normalized("NFC", clean)
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in clean)
    assert len(clean) <= REMARK.max_chars
