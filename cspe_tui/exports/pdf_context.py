"""What every page of the beoordelingsmodel shares: the group, the school, the moment, the document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from datetime import datetime

from cspe_tui.domain.closing import seal_of
from cspe_tui.domain.group import GroupState

from .formatting import exam_identity, when
from .pdfdoc import (
    Document,
)
from .pdffonts import FontBatch
from .school import SchoolInfo

Progress = Callable[[int, int], None]


EMPTY = "–"
LEGEND_SIGNS: tuple[tuple[str, str], ...] = (
    ("A", "A = score vastgesteld volgens een aanvulling van het CvTE"),
    ("M", "M = bij dit criterium is een melding gedaan bij het Examenloket"),
    ("O", "O = de examinatoren verschilden, de score is in onderling overleg vastgesteld"),
    ("*", "* = nog niet alle scores zijn vastgesteld"),
    ("AK", "AK (✓ bij 2e ex.) = de tweede examinator is akkoord met de score van de examinator"),
    ("review", f"{EMPTY} bij 2e ex. = nog niet beoordeeld"),
)


def legend(signs: set[str]) -> str | None:
    """The note below a table, explaining only the signs that appear in it (None when there are none)."""
    parts = [text for sign, text in LEGEND_SIGNS if sign in signs]
    return f"Noot: {'; '.join(parts)}." if parts else None


@dataclass(frozen=True)
class PdfContext:
    """What every page of one export shares, computed once."""

    state: GroupState
    school: SchoolInfo
    seal: str
    seal_line: str
    melding_codes: frozenset[str]
    printed_at: datetime
    aanvulling_codes: frozenset[str] = frozenset()

    @cached_property
    def criterium_rows(self) -> tuple[tuple[str, tuple[tuple[str, str, str, str], ...]], ...]:
        """Per opdracht its heading, and per criterium what every candidate's row shares: code, text, max, notes A/M."""
        rows = []
        for opdracht in self.state.model.opdrachten:
            criteria = []
            for crit in opdracht.criteria:
                notes = ("A " if crit.code in self.aanvulling_codes else "") + ("M " if crit.code in self.melding_codes else "")
                criteria.append((crit.code, crit.omschrijving, str(crit.max), notes))
            rows.append((f"{opdracht.nummer}  {opdracht.titel} ({opdracht.soort})", tuple(criteria)))
        return tuple(rows)

    def when(self, moment: datetime | None) -> str:
        """On the school's clock, like every time the app shows."""
        return when(moment, self.school.tijdzone)


def build_context(state: GroupState, school: SchoolInfo, now: datetime | None) -> PdfContext:
    if state.sluiting is not None:
        seal = state.sluiting.seal
        seal_line = f"Gesloten · zegel (SHA-256): {seal}"
    else:
        seal = seal_of(state)
        seal_line = f"Niet gesloten · huidige inhoud (SHA-256): {seal}"
    codes = frozenset(m.criterium for m in state.meldingen if m.criterium)
    aanvullingen = frozenset(a.criterium for a in state.aanvullingen)
    return PdfContext(state, school, seal, seal_line, codes, now or datetime.now().astimezone(), aanvullingen)


def new_document(ctx: PdfContext, batch: FontBatch | None = None, *, pdfa: bool = False) -> Document:
    state = ctx.state
    key = state.info.model_key
    title = f"Beoordelingsmodel cspe {exam_identity(key)} groep {state.info.group_id}"
    doc = Document(title=title, author=ctx.school.school, batch=batch, pdfa=pdfa)
    exam = f"{exam_identity(key)}: {state.model.examen.titel}"
    marks = [m for m, on in (("HERKANSING", state.info.herkansing), ("VERVALLEN", state.withdrawn is not None)) if on]
    doc.header_rows = [
        (ctx.school.name, "Beoordelingsmodel cspe"),
        (exam, " · ".join(marks)),
        (f"Groep {state.info.group_id}", "Groepsoverzicht"),
    ]
    doc.footer_note = ctx.seal_line
    return doc


def set_page_subject(doc: Document, subject: str) -> None:
    left, _ = doc.header_rows[2]
    doc.header_rows[2] = (left, subject)


# --- group overview -----------------------------------------------------------


def total_text(value: int, complete: bool, touched: bool = True) -> str:
    """A total, starred while not every score in it is vastgesteld; no score at all is no total."""
    if not touched:
        return EMPTY
    return str(value) if complete else f"{value}*"
