"""The cijferlijst of one cspe as CSV (for the school's administration) and PDF (the record).

Pure: takes the domain's Cijferlijst, so the screen, the CLI and the files agree.
Candidates without a cijfer are listed too, with the reason, so nobody is forgotten.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from cspe_tui.domain.cijfer_attempts import Attempt, CandidateCijfer, OnderdeelScore
from cspe_tui.domain.cijfers import Cijferlijst
from cspe_tui.domain.normering import format_cijfer

from .formatting import safe_filename, when, write_atomic
from .pdfdoc import CONTENT_W, DARK_FILL, GREY_FILL, Column, Document
from .school import SchoolInfo
from .scoresheet import neutralise  # one rule against CSV injection for every CSV we write

STATUS_TEXT = {
    "afwezig": "afwezig",
    "open": "niet gesloten",
    "ontbreekt": "ontbreekt",
    "dubbel": "dubbel",
    "onvolledig": "onvolledig",
}
# Narrow PDF columns get short words; the Opmerking column says it in full.
STATUS_SHORT = {"afwezig": "afw.", "open": "open", "ontbreekt": "–", "dubbel": "dubb.", "onvolledig": "onv."}


@dataclass(frozen=True)
class Table:
    """Column titles and rows of text: one source for CSV, screen and PDF."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _cijfer(value: Decimal | None) -> str:
    return format_cijfer(value) if value is not None else ""


def _slot_text(slot: OnderdeelScore) -> str:
    return str(slot.score) if slot.status == "score" else STATUS_TEXT[slot.status]


def _numbers(attempt: Attempt | None) -> list[str]:
    """S, L, N and cijfer of one attempt, empty where unknown."""
    if attempt is None:
        return ["", "", "", ""]
    return [
        "" if attempt.score is None else str(attempt.score),
        "" if attempt.lengte is None else str(attempt.lengte),
        "" if attempt.nterm is None else format_cijfer(attempt.nterm),
        _cijfer(attempt.cijfer),
    ]


def notes(candidate: CandidateCijfer) -> str:
    """Every reason of both attempts, also when a definitive cijfer exists (absent at herkansing)."""
    found = list(candidate.first.reasons)
    if candidate.herkansing is not None:
        found += [f"herkansing: {r}" for r in candidate.herkansing.reasons]
    return "; ".join(found)


def retaken_letters(lijst: Cijferlijst) -> tuple[str, ...]:
    """The onderdelen that anyone took again, in order: only those get a herkansing column."""
    letters = set()
    for c in lijst.candidates:
        if c.herkansing is not None:
            letters |= {o.onderdeel for o in c.herkansing.onderdelen if o.herkansing}
            letters |= set(c.herkansing.absent)
    return tuple(letter for letter in lijst.onderdelen if letter in letters)


def _herkansing_cell(attempt: Attempt | None, letter: str) -> str:
    if attempt is None:
        return ""
    if letter in attempt.absent:
        return "afwezig"
    for slot in attempt.onderdelen:
        if slot.onderdeel == letter and slot.herkansing:
            return _slot_text(slot)
    return ""


def cijferlijst_table(lijst: Cijferlijst) -> Table:
    """One row per candidate; the herkansing columns only when someone took a herkansing."""
    header = ["Examennummer", "Naam", *lijst.onderdelen, "S", "L", "N"]
    herk_letters = retaken_letters(lijst)
    if lijst.has_herkansing:
        header += ["Cijfer 1e afname", *(f"Herkansing {letter}" for letter in herk_letters)]
        header += ["S herkansing", "L herkansing", "N herkansing", "Cijfer herkansing", "CE-cijfer"]
    else:
        header += ["Cijfer"]
    header += ["Opmerking"]
    rows = []
    for c in lijst.candidates:
        row = [c.examennummer, c.naam, *(_slot_text(o) for o in c.first.onderdelen), *_numbers(c.first)]
        if lijst.has_herkansing:
            row += [_herkansing_cell(c.herkansing, letter) for letter in herk_letters]
            row += _numbers(c.herkansing)
            row += [_cijfer(c.definitive)]
        row += [notes(c)]
        rows.append(tuple(row))
    return Table(tuple(header), tuple(rows))


# --- CSV --------------------------------------------------------------------------


def cijferlijst_csv_bytes(lijst: Cijferlijst) -> bytes:
    """UTF-8 with BOM and ';' with decimal commas: what Dutch Excel opens without a wizard."""
    table = cijferlijst_table(lijst)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(h) for h in table.header])
    for row in table.rows:
        writer.writerow([neutralise(cell) for cell in row])
    return out.getvalue().encode("utf-8-sig")


def write_cijferlijst_csv(lijst: Cijferlijst, path: Path) -> Path:
    return write_atomic(Path(path), cijferlijst_csv_bytes(lijst))


def default_filename(lijst: Cijferlijst, extension: str) -> str:
    return safe_filename(f"cijferlijst-{lijst.cspe[0].replace('&', 'en')}-{lijst.cspe[1]}-{lijst.cspe[2]}") + extension


# --- PDF --------------------------------------------------------------------------

LEGEND = (
    "S = totaalscore, L = schaallengte, N = N-term. Bij de herkansing vervangen de scores van de herkanste "
    "onderdelen (met *) de eerdere; het CE-cijfer is het hoogste van beide cijfers. Een kandidaat zonder "
    "cijfer heeft een onderdeel dat niet gesloten is (open), ontbreekt (–) of waarbij hij afwezig was (afw.); "
    "dubb. = in twee groepen, onv. = niet alle scores vastgesteld."
)


def _pdf_columns(lijst: Cijferlijst) -> list[Column]:
    n = len(lijst.onderdelen)
    herk = lijst.has_herkansing
    fixed = [Column(16), Column(28)] + ([Column(19)] if herk else [])
    fixed += [Column(9.5, "R")] * n + [Column(8, "R"), Column(8, "R"), Column(8, "R"), Column(11.5, "R")]
    if herk:
        fixed.append(Column(12.5, "R"))
    rest = CONTENT_W - sum(c.width for c in fixed)
    return fixed + [Column(rest)]


def _pdf_titles(lijst: Cijferlijst) -> list[str]:
    titles = ["Examen-\nnummer", "Naam"] + (["Afname"] if lijst.has_herkansing else [])
    titles += [*lijst.onderdelen, "S", "L", "N", "Cijfer"]
    if lijst.has_herkansing:
        titles.append("CE-\ncijfer")
    return titles + ["Opmerking"]


def _short(slot: OnderdeelScore) -> str:
    return str(slot.score) if slot.status == "score" else STATUS_SHORT[slot.status]


def _pdf_rows(lijst: Cijferlijst, c: CandidateCijfer) -> list[list[str]]:
    first = [_short(o) for o in c.first.onderdelen]
    first_notes = "; ".join(c.first.reasons)
    if not lijst.has_herkansing:
        return [[c.examennummer, c.naam, *first, *_numbers(c.first), first_notes]]
    rows = [[c.examennummer, c.naam, "1e afname", *first, *_numbers(c.first), _cijfer(c.definitive), first_notes]]
    h = c.herkansing
    if h is not None:
        if h.onderdelen:
            scores = [_short(o) + ("*" if o.herkansing else "") for o in h.onderdelen]
        else:
            scores = [STATUS_SHORT["afwezig"] if letter in h.absent else "" for letter in lijst.onderdelen]
        rows.append(["", "", "herkansing", *scores, *_numbers(h), "", "; ".join(h.reasons)])
    return rows


def normering_lines(lijst: Cijferlijst) -> list[str]:
    """N and L of every combination the list needs, with its maximum; a missing one says so."""
    lines = []
    for n in lijst.needed:
        maximum = f" (maximumscore {n.maximum})" if n.maximum is not None else ""
        if n.normering is None:
            lines.append(f"{n.key.combination()}: nog geen N-term en L{maximum}")
        else:
            lines.append(
                f"{n.key.combination()}: N = {format_cijfer(n.normering.nterm)}, L = {n.normering.lengte}{maximum}"
            )
    return lines or ["nog geen N-term en L nodig"]


def cijferlijst_pdf_bytes(lijst: Cijferlijst, school: SchoolInfo, *, now: datetime | None = None) -> bytes:
    """The cijferlijst as a PDF that is readable on its own: school, cspe, normering, every candidate."""
    printed = now or datetime.now().astimezone()
    doc = Document(title=f"Cijferlijst cspe {lijst.label}", author=school.school)
    doc.header_rows = [(school.name, "Cijferlijst cspe"), (f"cspe {lijst.label}", f"afgedrukt {when(printed, school.tijdzone)}")]
    doc.footer_note = f"Cijferlijst cspe {lijst.label} · {school.name}"
    doc.add_page()
    doc.paragraph(f"Cijferlijst cspe {lijst.label}", size=13, style="B", after=2)
    with_cijfer = sum(1 for c in lijst.candidates if c.definitive is not None)
    doc.fields(
        [
            ("Onderdelen", ", ".join(lijst.onderdelen)),
            ("Normering", "; ".join(normering_lines(lijst))),
            ("Kandidaten", f"{len(lijst.candidates)}, waarvan {with_cijfer} met een cijfer"),
        ]
    )
    for warning in lijst.warnings:
        doc.paragraph(f"Let op: {warning}", style="B", after=0.5)
    doc.y += 2
    columns = _pdf_columns(lijst)
    titles = _pdf_titles(lijst)

    def title_row() -> None:
        doc.row(columns, titles, style="B", size=7.5, fill=DARK_FILL)

    doc.need(20)
    title_row()
    doc.repeat_on_new_page = title_row
    for c in lijst.candidates:
        rows = _pdf_rows(lijst, c)
        doc.need(6 * len(rows))
        for index, texts in enumerate(rows):
            doc.row(columns, texts, size=8, fill=GREY_FILL if index else None)
    doc.repeat_on_new_page = None
    doc.y += 2
    doc.paragraph(LEGEND, size=7, after=0)
    return bytes(doc.output())


def write_cijferlijst_pdf(lijst: Cijferlijst, school: SchoolInfo, path: Path, *, now: datetime | None = None) -> Path:
    return write_atomic(Path(path), cijferlijst_pdf_bytes(lijst, school, now=now))
