"""The Wolf list as CSV (Excel NL: `;`, UTF-8 with BOM) and as PDF, to type the scores into Wolf by hand.

Wolf has no import format, so these are for reading off: one block per versie, the
columns in the order of the beoordelingsmodel, what was left out said underneath.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path

from cspe_tui.domain.wolf import WolfList, WolfVersie

from .formatting import when, write_atomic
from .pdfdoc import CONTENT_W, DARK_FILL, GREY_FILL, Column, Document
from .school import SchoolInfo
from .scoresheet import neutralise


def title(lijst: WolfList) -> str:
    what = "per criterium" if lijst.per_criterium else "per opdracht"
    return f"Wolf-lijst cspe {lijst.label}, eerste afname, {what}"


def versie_rows(versie: WolfVersie) -> list[list[str]]:
    """Header, maximum, and one row per candidate: what the CSV and the screen show."""
    rows = [["examennummer", "naam", *versie.columns, "totaal"]]
    rows.append(["", "maximumscore", *(str(m) for m in versie.maxima), str(sum(versie.maxima))])
    for cand in versie.candidates:
        rows.append([cand.examennummer, cand.naam, *(str(s) for s in cand.scores), str(cand.total)])
    return rows


def wolf_csv_bytes(lijst: WolfList) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([title(lijst)])
    for versie in lijst.versies:
        writer.writerow([])
        writer.writerow([f"versie {versie.versie}", f"onderdelen {', '.join(versie.onderdelen)}",
                         f"{len(versie.candidates)} kandidaten"])
        for row in versie_rows(versie):
            writer.writerow([neutralise(cell) for cell in row])
    notes = [*lijst.warnings(), *(f"Niet in de lijst: {line}." for line in lijst.left_out())]
    if notes:
        writer.writerow([])
        for note in notes:
            writer.writerow([neutralise(note)])
    return buffer.getvalue().encode("utf-8-sig")


def write_wolf_csv(lijst: WolfList, path: Path) -> Path:
    return write_atomic(Path(path), wolf_csv_bytes(lijst))


def _columns(count: int) -> list[Column]:
    score_w = 10.0
    return [Column(19), Column(CONTENT_W - 19 - score_w * count)] + [Column(score_w, "R")] * count


def pdf_parts(versie: WolfVersie, size: int = 11) -> list[tuple[str, list[list[str]]]]:
    """Per onderdeel (and, with many criteria, in parts of it) a heading and its rows.

    A row ends with the onderdeel's total when the part holds the whole onderdeel.
    """
    parts = []
    for onderdeel in versie.onderdelen:
        indexes = [i for i, o in enumerate(versie.column_onderdelen) if o == onderdeel]
        chunks = [indexes[s : s + size] for s in range(0, len(indexes), size)]
        for number, chunk in enumerate(chunks, start=1):
            whole = len(chunks) == 1
            head = f"Onderdeel {onderdeel}" + ("" if whole else f" ({number} van {len(chunks)})")
            total = [f"totaal\n{onderdeel}"] if whole else []
            rows = [["examen-\nnummer", "naam", *(versie.columns[i] for i in chunk), *total]]
            maxima = [versie.maxima[i] for i in chunk]
            rows.append(["", "maximumscore", *(str(m) for m in maxima), *([str(sum(maxima))] if whole else [])])
            for cand in versie.candidates:
                scores = [cand.scores[i] for i in chunk]
                rows.append([cand.examennummer, cand.naam, *(str(v) for v in scores),
                             *([str(sum(scores))] if whole else [])])
            parts.append((head, rows))
    return parts


def wolf_pdf_bytes(lijst: WolfList, school: SchoolInfo, *, now: datetime | None = None) -> bytes:
    printed = now or datetime.now().astimezone()
    doc = Document(title=title(lijst), author=school.school)
    doc.header_rows = [(school.name, "Wolf-lijst cspe"), (f"cspe {lijst.label}", f"afgedrukt {when(printed, school.tijdzone)}")]
    doc.footer_note = f"{title(lijst)} · {school.name}"
    doc.add_page()
    doc.paragraph(title(lijst), size=13, style="B", after=2)
    doc.paragraph(
        "Wolf heeft geen importformaat: typ deze scores met de hand over, per versie, in deze volgorde.", after=1
    )
    for warning in lijst.warnings():
        doc.paragraph(f"Let op: {warning}", style="B", after=0.5)
    for versie in lijst.versies:
        doc.y += 2
        doc.need(24)
        doc.paragraph(
            f"Versie {versie.versie} (onderdelen {', '.join(versie.onderdelen)}): {len(versie.candidates)} kandidaten",
            size=10.5, style="B", after=1,
        )
        for head, rows in pdf_parts(versie):
            columns = _columns(len(rows[0]) - 2)

            def title_row(columns: list[Column] = columns, titles: list[str] = rows[0]) -> None:
                doc.row(columns, titles, style="B", size=7.5, fill=DARK_FILL)

            doc.need(20)
            doc.paragraph(head, style="B", after=0.5)
            title_row()
            doc.repeat_on_new_page = title_row
            doc.row(columns, rows[1], size=7.5, fill=GREY_FILL)
            for row in rows[2:]:
                doc.row(columns, row, size=8)
            doc.repeat_on_new_page = None
            doc.y += 2
    left_out = lijst.left_out()
    if left_out:
        doc.y += 2
        doc.paragraph("Niet in de lijst: " + "; ".join(left_out) + ".", size=8, after=0)
    return bytes(doc.output())


def write_wolf_pdf(lijst: WolfList, school: SchoolInfo, path: Path, *, now: datetime | None = None) -> Path:
    return write_atomic(Path(path), wolf_pdf_bytes(lijst, school, now=now))
