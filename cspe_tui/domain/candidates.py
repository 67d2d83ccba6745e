"""Candidates from the CSV a school exports from its administration (Magister, SOMtoday, ...).

All-or-nothing: every bad row is reported with its line number and nothing is
imported until the file is right, so a group never starts with half a class.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from .group import Candidate

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


def parse_candidates_csv(text: str) -> CandidatesResult:
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return CandidatesResult(problems=["regel 1: het bestand is leeg; verwacht een kopregel met examennummer en naam"])
    reader = csv.reader(io.StringIO(text), delimiter=_sniff_delimiter(lines[0]))
    try:
        rows = list(reader)
    except csv.Error as exc:
        return CandidatesResult(problems=[f"regel {reader.line_num}: onleesbare CSV ({exc})"])
    headers = [_normalise(h) for h in rows[0]]
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
    for line_no, values in enumerate(rows[1:], start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) > len(headers):
            problems.append(f"regel {line_no}: meer velden ({len(values)}) dan kolommen in de kopregel ({len(headers)})")
            continue
        row = {h: (values[i].strip() if i < len(values) else "") for i, h in enumerate(headers)}
        number = row.get(number_col, "")
        name = " ".join(_full_name(row).split())
        if not number:
            problems.append(f"regel {line_no}: geen examennummer")
        elif not number.replace("-", "").replace("_", "").isalnum():
            problems.append(f"regel {line_no}: examennummer '{number}' mag alleen letters, cijfers, - en _ bevatten")
        elif number in first_line_of:
            problems.append(f"regel {line_no}: examennummer {number} staat ook op regel {first_line_of[number]}")
        else:
            first_line_of[number] = line_no
        if not name:
            problems.append(f"regel {line_no}: geen naam")
        if number and name:
            candidates.append(Candidate(examennummer=number, naam=name))
    if not problems and not candidates:
        problems.append("het bestand bevat geen kandidaten, alleen een kopregel")
    if problems:
        return CandidatesResult(problems=problems)
    return CandidatesResult(candidates=candidates)
