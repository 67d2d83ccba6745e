"""The report of errors in an exam or correctiemodel for the Examenloket.

Domain rule 3 lists what a report names: the exam (profielvak, leerweg, jaar, versie,
onderdeel), opdracht and criterium, what is wrong, when it was found, who found it,
and the school's contact. The text form is laid out as label/value lines so each
value can be pasted into the Examenloket's web form; every melding repeats the exam
and the school so it can be sent on its own.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.group import Melding

from .formatting import exam_identity, when, write_atomic
from .pdfdoc import Document
from .school import SchoolInfo

MISSING = "(niet ingevuld)"
_LABEL_W = 17


def _relevant(key: ModelKey, meldingen: list[Melding]) -> list[Melding]:
    return sorted((m for m in meldingen if m.model_key == key), key=lambda m: m.at)


def _exam_line(key: ModelKey, model: Correctiemodel | None) -> str:
    title = f" ({model.examen.titel})" if model is not None else ""
    return exam_identity(key) + title


def _school_fields(school: SchoolInfo) -> list[tuple[str, str]]:
    return [
        ("School", school.school or MISSING),
        ("BRIN", school.brin or MISSING),
        ("Telefoon", school.telefoon or MISSING),
        ("Contactpersoon", school.contactpersoon or MISSING),
    ]


def melding_fields(
    key: ModelKey, melding: Melding, school: SchoolInfo, model: Correctiemodel | None = None
) -> list[tuple[str, str]]:
    """Everything one report must name, as (label, value) in the order of the web form."""
    opdracht = melding.opdracht
    criterium = melding.criterium or "(de hele opdracht)"
    if model is not None:
        titles = {o.nummer: o.titel for o in model.opdrachten}
        if opdracht in titles:
            opdracht = f"{opdracht} ({titles[opdracht]})"
        if melding.criterium:
            try:
                criterium = f"{melding.criterium} ({model.criterium(melding.criterium).omschrijving})"
            except KeyError:
                pass
    return [
        ("Profielvak", key.profielvak),
        ("Leerweg", key.leerweg),
        ("Jaar", str(key.jaar)),
        ("Versie", key.versie),
        ("Onderdeel", key.onderdeel),
        ("Opdracht", opdracht),
        ("Criterium", criterium),
        ("Wat is er mis", melding.omschrijving),
        ("Gevonden", melding.moment),
        ("Gevonden door", melding.gevonden_door),
        ("Datum", when(melding.at, school.tijdzone)),
        *_school_fields(school),
    ]


def _text_block(pairs: list[tuple[str, str]]) -> list[str]:
    lines = []
    for label, value in pairs:
        first, *rest = value.splitlines() or [""]
        lines.append(f"{label + ':':<{_LABEL_W}} {first}".rstrip())
        lines += [f"{'':<{_LABEL_W}} {more}".rstrip() for more in rest]
    return lines


def meldingen_text(
    key: ModelKey,
    meldingen: list[Melding],
    school: SchoolInfo,
    model: Correctiemodel | None = None,
    *,
    now: datetime | None = None,
) -> str:
    """Plain text, one labelled block per melding (only those about `key`, oldest first)."""
    relevant = _relevant(key, meldingen)
    lines = [
        "Meldingen aan het Examenloket",
        f"Examen: {_exam_line(key, model)}",
        f"Opgesteld: {when(now or datetime.now().astimezone(), school.tijdzone)}",
        "",
    ]
    lines += _text_block(_school_fields(school))
    lines.append("")
    if not relevant:
        lines.append("Er zijn geen meldingen over dit correctiemodel.")
    for index, melding in enumerate(relevant, start=1):
        lines += [f"--- Melding {index} van {len(relevant)} ---"]
        lines += _text_block(melding_fields(key, melding, school, model))
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def meldingen_pdf_bytes(
    key: ModelKey,
    meldingen: list[Melding],
    school: SchoolInfo,
    model: Correctiemodel | None = None,
    *,
    now: datetime | None = None,
) -> bytes:
    relevant = _relevant(key, meldingen)
    printed = when(now or datetime.now().astimezone(), school.tijdzone)
    doc = Document(title=f"Meldingen aan het Examenloket {exam_identity(key)}", author=school.school)
    doc.header_rows = [
        (school.name, "Meldingen aan het Examenloket"),
        (_exam_line(key, model), ""),
        (f"Correctiemodel {key.slug}", f"opgesteld {printed}"),
    ]
    doc.footer_note = f"{school.name} · BRIN {school.brin or MISSING} · {exam_identity(key)}"
    doc.add_page()
    doc.paragraph("Meldingen aan het Examenloket", size=13, style="B", after=1)
    doc.paragraph(
        f"Fouten in het examen of het correctievoorschrift van {exam_identity(key)}. "
        "Bij iedere melding staan het examen en de contactgegevens van de school, "
        "zodat hij los kan worden doorgegeven.",
        size=8,
        after=2,
    )
    doc.heading("Contactgegevens van de school", size=9.5)
    doc.fields(_school_fields(school), label_w=35)
    if not relevant:
        doc.heading("Meldingen", size=9.5)
        doc.paragraph("Er zijn geen meldingen over dit correctiemodel.")
    for index, melding in enumerate(relevant, start=1):
        doc.heading(f"Melding {index} van {len(relevant)}", size=9.5)
        doc.fields(melding_fields(key, melding, school, model), label_w=35)
    return bytes(doc.output())


def write_meldingen_txt(
    key: ModelKey,
    meldingen: list[Melding],
    school: SchoolInfo,
    path: Path,
    model: Correctiemodel | None = None,
    *,
    now: datetime | None = None,
) -> Path:
    return write_atomic(Path(path), meldingen_text(key, meldingen, school, model, now=now).encode("utf-8"))


def write_meldingen_pdf(
    key: ModelKey,
    meldingen: list[Melding],
    school: SchoolInfo,
    path: Path,
    model: Correctiemodel | None = None,
    *,
    now: datetime | None = None,
) -> Path:
    return write_atomic(Path(path), meldingen_pdf_bytes(key, meldingen, school, model, now=now))
