"""Rows of a correctiemodel table to a model: what people type is understood, the rest refused at its place."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cspe_tui.domain.model_table import (
    COLUMNS,
    Sheet,
    cell_int,
    column_letter,
    parse_scorepunten,
    read_model,
)
from cspe_tui.domain.model_sheet import example_model, model_rows
from tests.helpers import model_dict

HEADER = [label for _, label in COLUMNS]
IDENTITY = [
    ["profielvak", "HBR"], ["leerweg", "kb"], ["jaar", 2026], ["versie", "rood"], ["onderdeel", "B"],
    ["titel", "Bakkerij"],
]


def sheet(*criteria: list, identity: list | None = None) -> list[Sheet]:
    rows = [*(identity if identity is not None else IDENTITY), [], HEADER, *criteria]
    return [Sheet("Correctiemodel", tuple(tuple(r) for r in rows))]


def problems(*criteria: list, identity: list | None = None) -> list[str]:
    result = read_model(sheet(*criteria, identity=identity))
    assert result.model is None
    return [str(p.place) + ": " + p.message for p in result.problems]


@pytest.mark.parametrize(
    ("typed", "points"),
    [
        ("0, 2", [0, 2]), ("0,1,2", [0, 1, 2]), ("0;1;2", [0, 1, 2]), ("0 1 2", [0, 1, 2]), ("0-2", [0, 1, 2]),
        ("0 - 2", [0, 1, 2]), ("0–2", [0, 1, 2]), ("0 t/m 2", [0, 1, 2]), ("0 T/M 3", [0, 1, 2, 3]),
        ("0 tot en met 2", [0, 1, 2]), ("0 en 2", [0, 2]), ("0, 2-4 ", [0, 2, 3, 4]), ("  ", None), (None, None),
    ],
)
def test_every_scorepunten_notation_is_understood(typed, points):
    assert parse_scorepunten(typed) == points


@pytest.mark.parametrize(
    ("typed", "reason"),
    [("0 of 2", "onbegrijpelijke scorepunten"), ("2-0", "loopt af"), (0.2, "kommagetal 0,2"), (True, "onbegrijpelijke")],
)
def test_scorepunten_that_mean_nothing_are_refused_with_the_reason(typed, reason):
    assert reason in parse_scorepunten(typed)


@given(st.lists(st.integers(0, 99), min_size=1, max_size=12, unique=True))
def test_any_list_written_as_text_reads_back(points):
    points.sort()
    assert parse_scorepunten(", ".join(map(str, points))) == points


@pytest.mark.parametrize(("value", "number"), [("3", 3), (" 3 ", 3), ("3,0", 3), (3.0, 3), ("+2", 2)])
def test_numbers_stored_as_text_are_numbers(value, number):
    assert cell_int(value) == number


def test_column_letters_are_those_spreadsheet_programs_show():
    assert [column_letter(i) for i in (0, 7, 25, 26, 27)] == ["A", "H", "Z", "AA", "AB"]


def test_opdracht_title_only_on_first_row_trailing_spaces_and_empty_rows():
    result = read_model(sheet(
        ["B1 ", "Werkplek  ", "Praktisch", "B1.1", "Inrichten. ", "1", None, None],
        [None, None, None, None, None, None, None, None],
        [None, None, None, "B1.2", "Deeg", 3.0, "0 t/m 3", "  Zie tabel. "],
        ["B2", "Recept", "schriftelijk", "B2.1", "Omrekenen", 2, "0, 2", None],
    ))
    assert result.problems == ()
    dumped = result.model.model_dump(exclude_none=True)
    assert dumped["opdrachten"][0] == {
        "nummer": "B1", "titel": "Werkplek", "soort": "praktisch", "criteria": [
            {"code": "B1.1", "omschrijving": "Inrichten.", "max": 1},
            {"code": "B1.2", "omschrijving": "Deeg", "max": 3, "toelichting": "Zie tabel.", "scorepunten": [0, 1, 2, 3]},
        ],
    }
    assert dumped["opdrachten"][1]["criteria"][0]["scorepunten"] == [0, 2]


def test_every_problem_is_named_with_row_and_column():
    found = problems(
        ["B1", "Werkplek", "praktisch", "B1.1", "Inrichten", "drie", None, None],
        [None, "Andere titel", None, "B1.2", "Deeg", 2, "0-3", None],
        ["B2", "Recept", "kookkunst", "B1.1", "", 2, "0 of 2", None],
        ["C3", "Fout", "praktisch", "C3.1", "Iets", 0, None, None],
    )
    assert found == [
        "blad Correctiemodel, rij 9, kolom F (max): moet een geheel getal zijn (gevonden: \"drie\")",
        "blad Correctiemodel, rij 10, kolom B (opdracht titel): opdracht B1 heeft op rij 9 opdracht titel "
        "'Werkplek'; laat deze cel leeg of maak ze gelijk",
        "blad Correctiemodel, rij 10, kolom G (scorepunten): scorepunten moeten lopen van 0 tot en met max 2 "
        "(gevonden: [0, 1, 2, 3])",
        "blad Correctiemodel, rij 11, kolom C (soort): moet een van deze waarden zijn: praktisch, schriftelijk, "
        "mondeling, facet, cspe-app, ict (gevonden: \"kookkunst\")",
        "blad Correctiemodel, rij 11, kolom D (code): criteriumcode B1.1 staat ook op blad Correctiemodel, rij 9, "
        "kolom D (code)",
        "blad Correctiemodel, rij 11, kolom E (omschrijving): de cel is leeg; vul hem in",
        "blad Correctiemodel, rij 11, kolom G (scorepunten): onbegrijpelijke scorepunten ('0 of 2'); schrijf "
        "bijvoorbeeld '0, 2', '0,1,2', '0-2' of '0 t/m 2'",
        "blad Correctiemodel, rij 12, kolom A (opdracht): opdracht C3 begint niet met de letter van onderdeel B",
        "blad Correctiemodel, rij 12, kolom F (max): moet minstens 1 zijn (gevonden: 0)",
    ]


def test_identity_problems_point_at_the_identity_cells():
    identity = [["profielvak", "XYZ"], ["leerweg", "KB"], ["jaar", "twintig"], ["versie", "rood"], ["onderdeel", "b"]]
    found = problems(["B1", "W", "praktisch", "B1.1", "Iets", 1, None, None], identity=identity)
    assert found[0] == "blad Correctiemodel: de rij 'titel' ontbreekt bovenaan; naam in kolom A, waarde in kolom B"
    assert found[1].startswith("blad Correctiemodel, rij 1, kolom B (profielvak): moet een van deze waarden zijn: BWI")
    assert found[2] == "blad Correctiemodel, rij 3, kolom B (jaar): moet een geheel getal zijn (gevonden: \"twintig\")"
    assert len(found) == 3


def test_a_criterium_before_any_opdracht_and_a_doubled_column_are_refused():
    rows = [*IDENTITY, [], [*HEADER, "max"], [None, None, None, "B1.1", "Iets", 1, None, None, 2]]
    result = read_model([Sheet("Blad1", tuple(tuple(r) for r in rows))])
    messages = [f"{p.place}: {p.message}" for p in result.problems]
    assert messages == [
        "blad Blad1, rij 8, kolom I (max): de kolom 'max' staat ook in kolom F; houd er één",
        "blad Blad1, rij 9, kolom A (opdracht): deze rij hoort bij geen opdracht: vul het opdrachtnummer in",
    ]


def test_a_sheet_without_the_header_row_says_what_is_missing():
    result = read_model([Sheet(None, (("naam", "omschrijving"), ("a", "b")))])
    assert result.model is None
    assert "geen kopregel gevonden met de kolommen code, omschrijving en max" in result.problems[0].message


def test_identity_on_its_own_sheet_is_read():
    criteria = Sheet("Criteria", (tuple(HEADER), ("B1", "W", "praktisch", "B1.1", "Iets", 1, None, None)))
    identity = Sheet("Examen", tuple(tuple(r) for r in IDENTITY))
    result = read_model([criteria, identity])
    assert result.model is not None and result.model.key.label() == "HBR kb 2026 rood onderdeel B"


def test_model_rows_read_back_to_the_same_model():
    from cspe_tui.domain.correctiemodel import Correctiemodel

    for model in (example_model(), Correctiemodel.model_validate(model_dict())):
        rows = model_rows(model)
        back = read_model([Sheet(None, tuple(tuple(r) for r in rows))]).model
        assert back is not None and back.content_hash() == model.content_hash()
