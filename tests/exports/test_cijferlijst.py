"""The cijferlijst files: CSV values exactly, PDF text readable, incomplete candidates explained."""

from __future__ import annotations

import csv
import io
from datetime import datetime, timezone
from decimal import Decimal

import pytest
from pypdf import PdfReader

from cspe_tui.domain.cijfers import Cijferlijst, NormeringKey, build_cijferlijst
from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.group import Candidate, Cell, GroupInfo, GroupState, Sluiting, Werkwijze
from cspe_tui.domain.normering import Normering
from cspe_tui.exports.cijferlijst import (
    cijferlijst_csv_bytes,
    cijferlijst_pdf_bytes,
    cijferlijst_table,
    default_filename,
    neutralise,
    write_cijferlijst_csv,
    write_cijferlijst_pdf,
)
from cspe_tui.exports.school import SchoolInfo

AT = datetime(2026, 6, 20, 10, 0, tzinfo=timezone.utc)
CSPE = ("HBR", "kb", 2026)
NAMES = {
    "240101": "Şükrü Yılmaz",
    "240102": "Łukasz Wójcik",
    "240103": "=HYPERLINK(\"http://x\")",
    "240104": "Anouk de Vries-van den Berg",
}
NORMERINGEN = {
    NormeringKey("HBR", "kb", 2026, "rood"): Normering(nterm=Decimal("1.0"), lengte=100),
    NormeringKey("HBR", "kb", 2026, "blauw"): Normering(nterm=Decimal("0.8"), lengte=100),
    NormeringKey.of(CSPE, "rood", [("B", "blauw")]): Normering(nterm=Decimal("0.8"), lengte=100),
}
SCHOOL = SchoolInfo(school="Vakcollege Ĳsselmonde", brin="12AB")


def group(letter: str, scores: dict, versie: str = "rood", herkansing: bool = False, closed: bool = True) -> GroupState:
    """One onderdeel with one criterium of max 25; 'afwezig' marks a candidate absent."""
    m = Correctiemodel.model_validate(
        {
            "formaat": "cspe-correctiemodel/1",
            "examen": {
                "profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": versie,
                "onderdeel": letter, "titel": f"Onderdeel {letter}",
            },
            "opdrachten": [
                {
                    "nummer": f"{letter}1", "titel": "Opdracht", "soort": "praktisch",
                    "criteria": [{"code": f"{letter}1.1", "omschrijving": "Goed.", "max": 25}],
                }
            ],
        }
    )
    return GroupState(
        info=GroupInfo(
            group_id=f"{m.key.slug}{'-herk' if herkansing else ''}", model_key=m.key, model_hash=m.content_hash(),
            examinator="jansen", tweede="devries", werkwijze=Werkwijze.ACHTERAF, herkansing=herkansing,
            created_by="bakker", created_at=AT,
        ),
        model=m,
        candidates=[Candidate(examennummer=nr, naam=NAMES[nr]) for nr in scores],
        cells={nr: {f"{letter}1.1": Cell(vastgesteld=v)} for nr, v in scores.items() if isinstance(v, int)},
        absent=[nr for nr, v in scores.items() if v == "afwezig"],
        sluiting=Sluiting(closed_by="bakker", at=AT, seal="0" * 64) if closed else None,
    )


def first_only() -> Cijferlijst:
    groups = [
        group("A", {"240101": 20, "240102": 25, "240103": 0}),
        group("B", {"240101": 15, "240102": 25, "240103": 3}),
        group("C", {"240101": 25, "240102": 25, "240103": "afwezig"}),
        group("D", {"240101": 10, "240102": 25, "240103": 4}, closed=False),
    ]
    return build_cijferlijst(CSPE, groups, NORMERINGEN)


def with_herkansing() -> Cijferlijst:
    groups = [
        group("A", {"240101": 20, "240102": 20, "240104": 20}),
        group("B", {"240101": 5, "240102": 5, "240104": 5}),
        group("C", {"240101": 25, "240102": 25, "240104": 25}),
        group("D", {"240101": 10, "240102": 10, "240104": 10}),
        group("B", {"240101": 20, "240102": 0, "240104": "afwezig"}, versie="blauw", herkansing=True),
    ]
    return build_cijferlijst(CSPE, groups, NORMERINGEN)


def rows_of(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def test_csv_first_attempt_values() -> None:
    rows = rows_of(cijferlijst_csv_bytes(first_only()))
    assert rows[0] == ["Examennummer", "Naam", "A", "B", "C", "D", "S", "L", "N", "Cijfer", "Opmerking"]
    # 240101: D is in an open group, so no S and no cijfer.
    assert rows[1] == [
        "240101", "Şükrü Yılmaz", "20", "15", "25", "niet gesloten", "", "100", "1,0", "",
        "onderdeel D: groep HBR-kb-2026-rood-D is nog niet gesloten",
    ]
    assert rows[2][2:10] == ["25", "25", "25", "niet gesloten", "", "100", "1,0", ""]
    # The formula-like name is neutralised, the absence is the reason.
    assert rows[3][1] == "'=HYPERLINK(\"http://x\")"
    assert rows[3][2:10] == ["0", "3", "afwezig", "niet gesloten", "", "100", "1,0", ""]
    assert "onderdeel C: afwezig" in rows[3][10]
    assert len(rows) == 4


def test_csv_complete_cijfer_has_decimal_comma() -> None:
    groups = [group(letter, {"240101": score}) for letter, score in zip("ABCD", (20, 15, 25, 10))]
    rows = rows_of(cijferlijst_csv_bytes(build_cijferlijst(CSPE, groups, NORMERINGEN)))
    # S = 70, L = 100, N = 1.0: 6.3 + 1 = 7.3
    assert rows[1] == ["240101", "Şükrü Yılmaz", "20", "15", "25", "10", "70", "100", "1,0", "7,3", ""]


def test_csv_herkansing_columns() -> None:
    data = cijferlijst_csv_bytes(with_herkansing())
    assert b"\r\n" in data
    rows = rows_of(data)
    assert rows[0] == [
        "Examennummer", "Naam", "A", "B", "C", "D", "S", "L", "N", "Cijfer 1e afname", "Herkansing B",
        "S herkansing", "L herkansing", "N herkansing", "Cijfer herkansing", "CE-cijfer", "Opmerking",
    ]
    # First: S = 60 -> 5.4 + 1 = 6.4. Herkansing B 20: S = 75, N 0.8 -> 7.55 -> 7.6 (clamps 4.375, 5.5).
    assert rows[1][2:] == ["20", "5", "25", "10", "60", "100", "1,0", "6,4", "20", "75", "100", "0,8", "7,6", "7,6", ""]
    # Herkansing B 0: S = 55 -> 4.95 + 0.8 = 5.75 -> 5.8; the first cijfer is higher.
    assert rows[2][2:] == ["20", "5", "25", "10", "60", "100", "1,0", "6,4", "0", "55", "100", "0,8", "5,8", "6,4", ""]
    # Absent at the herkansing: the first cijfer stands, and the file says why there is no second.
    assert rows[3][2:16] == ["20", "5", "25", "10", "60", "100", "1,0", "6,4", "afwezig", "", "", "", "", "6,4"]
    assert rows[3][16] == "herkansing: afwezig bij de herkansing"


@pytest.mark.parametrize(
    ("cell", "expected"),
    [("=1+1", "'=1+1"), ("+31", "'+31"), ("-5", "'-5"), ("@SUM", "'@SUM"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("Jan", "Jan"), ("6,4", "6,4"), ("", "")],
)
def test_neutralise(cell: str, expected: str) -> None:
    assert neutralise(cell) == expected


def test_table_never_shows_a_cijfer_for_incomplete_candidates() -> None:
    table = cijferlijst_table(first_only())
    cijfer_col = table.header.index("Cijfer")
    assert all(row[cijfer_col] == "" for row in table.rows)
    assert all(row[-1] for row in table.rows)  # every one has a reason


def pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    """Without whitespace: a name may wrap anywhere in its narrow column."""
    return "".join(text.split())


def test_pdf_contains_names_cijfers_and_reasons() -> None:
    text = squeezed(pdf_text(cijferlijst_pdf_bytes(with_herkansing(), SCHOOL, now=AT)))
    for needle in (
        "Şükrü Yılmaz", "Łukasz Wójcik", "Anouk de Vries-van den Berg", "Cijferlijst cspe HBR kb 2026",
        "Vakcollege Ĳsselmonde", "afwezig bij de herkansing",
        "1e afname rood: N = 1,0, L = 100 (maximumscore 100)",
        "herkansing B blauw (rest rood): N = 0,8, L = 100 (maximumscore 100)",
    ):
        assert squeezed(needle) in text
    # 240101: 1e afname 6,4, herkansing B 20* -> 7,6, CE-cijfer 7,6 on the first row.
    assert "240101ŞükrüYılmaz1eafname2052510601001,06,47,6" in text
    assert "herkansing2020*2510751000,87,6" in text
    # 240102: herkansing B 0* -> 5,8, CE-cijfer stays 6,4.
    assert "240102ŁukaszWójcik1eafname2052510601001,06,46,4herkansing200*2510551000,85,8" in text
    assert text.count("6,4") == 5  # three first cijfers, two of them also the CE-cijfer
    # 240104 came to no herkansing onderdeel: B shows afw., no herkansing cijfer.
    assert "herkansingafw.afwezigbijdeherkansing" in text


def test_pdf_of_incomplete_list_has_no_cijfer_but_reasons() -> None:
    text = pdf_text(cijferlijst_pdf_bytes(first_only(), SCHOOL, now=AT))
    assert "niet gesloten" in text
    assert "afwezig" in text
    assert "3, waarvan 0 met een cijfer" in text


def test_pdf_many_candidates_spans_pages() -> None:
    names = {f"{240200 + i}": f"Kandidaat {i}" for i in range(80)}
    NAMES.update(names)
    try:
        groups = [group(letter, {nr: 12 for nr in names}) for letter in "ABCD"]
        data = cijferlijst_pdf_bytes(build_cijferlijst(CSPE, groups, NORMERINGEN), SCHOOL, now=AT)
    finally:
        for nr in names:
            del NAMES[nr]
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = pdf_text(data)
    assert "Kandidaat 79" in text
    # S = 48: 4.32 + 1 = 5.32 -> 5.3, for all 80.
    assert text.count("5,3") >= 80


def test_write_files(tmp_path) -> None:
    lijst = with_herkansing()
    csv_path = write_cijferlijst_csv(lijst, tmp_path / default_filename(lijst, ".csv"))
    pdf_path = write_cijferlijst_pdf(lijst, SCHOOL, tmp_path / default_filename(lijst, ".pdf"), now=AT)
    assert csv_path.name == "cijferlijst-HBR-kb-2026.csv"
    assert csv_path.read_bytes() == cijferlijst_csv_bytes(lijst)
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert oct(pdf_path.stat().st_mode & 0o777) == "0o640"
