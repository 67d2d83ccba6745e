"""Candidates from the CSV a school exports from its administration (Magister, SOMtoday, ...).

All-or-nothing: every bad row is reported with its line number and nothing is
imported until the file is right, so a group never starts with half a class.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from .group import Candidate
from .text import CODE, NAME, TextKind, TextRefused, check_text, visible

_NUMBER_HEADERS = ("examennummer", "examennr", "kandidaatnummer")
_NAME_HEADERS = ("naam", "volledige naam")
_PART_HEADERS = ("achternaam", "voornaam", "tussenvoegsel", "tussenvoegsels")


@dataclass
class CandidatesResult:
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.candidates)


def decode_csv_bytes(data: bytes) -> str:
    """UTF-8 with or without BOM; anything else is refused rather than guessed."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValueError(
            f"het bestand is geen UTF-8 (byte 0x{data[exc.start]:02x} op positie {exc.start}); "
            "exporteer het opnieuw als 'CSV UTF-8'"
        ) from None


def _sniff_delimiter(header_line: str) -> str:
    return ";" if header_line.count(";") >= header_line.count(",") else ","


_CSV_ERRORS = (
    ("unexpected end of data", "een aanhalingsteken (\") wordt tot het einde van het bestand niet gesloten; de rijen erna zouden in dit veld verdwijnen"),
    ("expected after", "na een sluitend aanhalingsteken (\") moet een scheidingsteken of het einde van de regel komen"),
    ("field larger than field limit", "een veld is veel te lang; dit lijkt geen kandidatenlijst"),
    ("new-line character seen in unquoted field", "onverwachte regelovergang in een veld"),
    ("line contains nul", "de regel bevat een NUL-teken"),
)


def _csv_problem(exc: csv.Error) -> str:
    text = str(exc).lower()
    for english, dutch in _CSV_ERRORS:
        if english in text:
            return dutch
    return "onleesbare CSV op deze plek; controleer aanhalingstekens en scheidingstekens"


def _lines(start: int, end: int) -> str:
    return f"regel {start}" if start == end else f"regel {start}-{end}"


def _rows(text: str, delimiter: str) -> tuple[list[tuple[int, int, list[str]]], str | None]:
    """(first line, last line, fields) per row, or the Dutch problem where the CSV stops being readable.

    strict: an unterminated quote is an error at the row where it opened, never a name
    that swallows the rest of the file.
    """
    rows: list[tuple[int, int, list[str]]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    last_end = 0
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return rows, None
        except csv.Error as exc:
            return rows, f"regel {last_end + 1}: {_csv_problem(exc)}"
        rows.append((last_end + 1, reader.line_num, values))
        last_end = reader.line_num


def _normalise(header: str) -> str:
    return " ".join(header.strip().lower().split())


def _full_name(row: dict[str, str]) -> str:
    if row.get("naam"):
        return row["naam"]
    if row.get("volledige naam"):
        return row["volledige naam"]
    tussen = row.get("tussenvoegsel") or row.get("tussenvoegsels") or ""
    parts = [row.get("voornaam", ""), tussen, row.get("achternaam", "")]
    return " ".join(p for p in parts if p)


def _checked(value: str, kind: TextKind, what: str, where: str, problems: list[str]) -> str:
    try:
        return check_text(value, kind)
    except TextRefused as exc:
        problems.append(f"{where}: {what}: {exc.message}")
        return ""


def parse_candidates_csv(text: str) -> CandidatesResult:
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    header_line = text.split("\n", 1)[0]
    if not header_line.strip():
        return CandidatesResult(problems=["regel 1: het bestand is leeg; verwacht een kopregel met examennummer en naam"])
    rows, unreadable = _rows(text, _sniff_delimiter(header_line))
    if unreadable is not None:
        return CandidatesResult(problems=[unreadable])
    headers = [_normalise(h) for h in rows[0][2]]
    number_col = next((h for h in _NUMBER_HEADERS if h in headers), None)
    has_name = any(h in headers for h in _NAME_HEADERS)
    has_parts = "achternaam" in headers
    problems: list[str] = []
    if number_col is None:
        problems.append("regel 1: kolom 'examennummer' ontbreekt in de kopregel")
    if not has_name and not has_parts:
        problems.append("regel 1: kolom 'naam' (of 'achternaam' en 'voornaam') ontbreekt in de kopregel")
    if problems:
        return CandidatesResult(problems=problems)

    candidates: list[Candidate] = []
    first_line_of: dict[str, int] = {}
    for first, last, values in rows[1:]:
        where = _lines(first, last)
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(headers):
            problems.append(f"{where}: meer velden ({len(values)}) dan kolommen in de kopregel ({len(headers)})")
            continue
        if any("\n" in v for v in values):
            problems.append(
                f"{where}: een veld loopt over meer regels (een regelovergang tussen aanhalingstekens); "
                "zet iedere kandidaat op één regel"
            )
            continue
        row = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(headers)}
        number = _checked(row.get(number_col, ""), CODE, "examennummer", where, problems)
        name = _checked(" ".join(_full_name(row).split(" ")).strip(), NAME, "naam", where, problems)
        name = " ".join(name.split())
        if not number:
            if not row.get(number_col, ""):
                problems.append(f"{where}: geen examennummer")
        elif not number.replace("-", "").replace("_", "").isalnum():
            problems.append(f"{where}: examennummer '{visible(number)}' mag alleen letters, cijfers, - en _ bevatten")
            number = ""
        elif number in first_line_of:
            problems.append(f"{where}: examennummer {number} staat ook op regel {first_line_of[number]}")
        else:
            first_line_of[number] = first
        if not name and not _full_name(row).strip():
            problems.append(f"{where}: geen naam")
        if number and name:
            candidates.append(Candidate(examennummer=number, naam=name))
    if not problems and not candidates:
        problems.append("het bestand bevat geen kandidaten, alleen een kopregel")
    if problems:
        return CandidatesResult(problems=problems)
    return CandidatesResult(candidates=candidates)
