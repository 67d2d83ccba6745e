"""One candidate's pages of the beoordelingsmodel: every criterium with all three scores, differences, remarks."""

from __future__ import annotations

from collections.abc import Callable

from cspe_tui.domain.review import review_line
from cspe_tui.domain.group import (
    Cell,
    Role,
    final_score,
    opdracht_totals,
)

from .formatting import date_nl, who
from .pdfdoc import (
    CONTENT_W,
    DARK_FILL,
    FULL_WIDTH,
    GREY_FILL,
    Column,
    Document,
)

Progress = Callable[[int, int], None]

from .pdfsign import signature_block
from .pdf_context import EMPTY, PdfContext, legend, set_page_subject, total_text


_CANDIDATE_COLUMNS = [
    Column(13),
    Column(CONTENT_W - 13 - 9 - 11 - 11 - 19 - 10),
    Column(9, "R"),
    Column(11, "R"),
    Column(11, "R"),
    Column(19, "R", style="B"),
    Column(10, "C"),
]
_CANDIDATE_TITLES = ["Code", "Beoordelingscriterium", "Max", "1e ex.", "2e ex.", "Vastgesteld", "Noot"]
_TABLE = {"size": 8.0, "pad": 0.5, "leading": 1.22}
"""The score table is set a little tighter than the rest: 50 criteria fit on three pages rather than four."""




def candidate_pages(doc: Document, ctx: PdfContext, examennummer: str) -> None:
    state = ctx.state
    info = state.info
    cand = state.candidate(examennummer)
    nr = cand.examennummer
    set_page_subject(doc, f"Kandidaat {nr} · {cand.naam}")
    doc.add_page()
    doc.paragraph(f"{cand.naam}", size=13, style="B", after=0.5)
    doc.paragraph(
        f"Examennummer {nr} · examinator (1e ex.): {info.examinator} · tweede examinator (2e ex.): {info.tweede}",
        size=8,
        after=2,
    )
    note = state.ondersteuning_for(nr)
    if note is not None:
        doc.row(
            FULL_WIDTH,
            [f"Ondersteuning (extra faciliteiten): {note.summary()} · vastgelegd door {note.by} op {ctx.when(note.at)}"],
            style="B",
            fill=GREY_FILL,
            pad=2,
        )
        doc.y += 1
    if state.is_absent(nr):
        doc.row(
            FULL_WIDTH,
            [f"Afwezig bij onderdeel {info.model_key.onderdeel}: voor deze kandidaat zijn geen scores vastgesteld."],
            style="B",
            fill=GREY_FILL,
            pad=2,
        )
    else:
        _score_table(doc, ctx, nr)
    _differences(doc, ctx, nr)
    _remarks(doc, ctx, nr)
    _meldingen(doc, ctx)
    _aanvullingen(doc, ctx)
    _verklaringen(doc, ctx)
    signature_block(doc, [("Examinator", state.info.examinator), ("Tweede examinator", state.info.tweede)])
    _seal(doc, ctx)


def _score_table(doc: Document, ctx: PdfContext, nr: str) -> None:
    state = ctx.state
    columns = _CANDIDATE_COLUMNS

    def title_row() -> None:
        doc.row(columns, _CANDIDATE_TITLES, style="B", size=7, pad=0.6, fill=DARK_FILL)

    doc.need(25)
    title_row()
    doc.repeat_on_new_page = title_row
    totals_1 = opdracht_totals(state, nr, Role.EXAMINATOR)
    totals_2 = opdracht_totals(state, nr, Role.TWEEDE)
    cells = state.cells.get(nr, {})
    empty = Cell()
    total_v, complete_v, touched_v = 0, True, False
    touched_1: set[str] = set()
    touched_2: set[str] = set()
    signs: set[str] = set()
    for opdracht, (heading, criteria) in zip(state.model.opdrachten, ctx.criterium_rows):
        doc.need(15)
        doc.row(FULL_WIDTH, [heading], style="B", fill=GREY_FILL, **_TABLE)
        subtotal, complete, touched = 0, True, False
        for code, omschrijving, maximum, notes in criteria:
            cell = cells.get(code) or empty
            final = final_score(state, nr, code)
            if final is None:
                complete = False
            else:
                subtotal += final
                touched = True
            first, second = cell.examinator, cell.tweede
            if first is not None:
                touched_1.add(opdracht.nummer)
            if second is not None or cell.akkoord:
                touched_2.add(opdracht.nummer)
            if cell.vastgesteld is not None and first is not None and second is not None and first != second:
                notes += "O "
            if cell.akkoord:
                notes += "AK"
            signs.update(notes.split())
            doc.row(
                columns,
                [
                    code,
                    omschrijving,
                    maximum,
                    EMPTY if first is None else str(first),
                    f"✓ {second}" if cell.akkoord else EMPTY if second is None else str(second),
                    EMPTY if final is None else str(final),
                    notes.rstrip(),
                ],
                **_TABLE,
            )
        total_v += subtotal
        complete_v = complete_v and complete
        touched_v = touched_v or touched
        if touched and not complete:
            signs.add("*")
        doc.row(
            columns,
            [
                "",
                f"Totaal opdracht {opdracht.nummer}",
                str(opdracht.max_score),
                total_text(totals_1[opdracht.nummer], True, opdracht.nummer in touched_1),
                total_text(totals_2[opdracht.nummer], True, opdracht.nummer in touched_2),
                total_text(subtotal, complete, touched),
                "",
            ],
            style="B",
            **_TABLE,
        )
    doc.row(
        columns,
        [
            "",
            f"Totaal onderdeel {state.info.model_key.onderdeel}",
            str(state.model.max_score),
            total_text(sum(totals_1.values()), True, bool(touched_1)),
            total_text(sum(totals_2.values()), True, bool(touched_2)),
            total_text(total_v, complete_v, touched_v),
            "",
        ],
        style="B",
        fill=DARK_FILL,
        **_TABLE,
    )
    doc.repeat_on_new_page = None
    doc.y += 1
    review = review_line(state, nr)
    if review is not None:
        doc.paragraph(review, size=8, after=1)
    if review is not None:
        signs.add("review")
    note = legend(signs)
    if note is not None:
        doc.paragraph(note, size=7)


def _differences(doc: Document, ctx: PdfContext, nr: str) -> None:
    state = ctx.state
    lines = []
    for crit in state.model.criteria:
        cell = state.cell(nr, crit.code)
        if cell.vastgesteld is None or cell.examinator is None or cell.tweede is None:
            continue
        if cell.examinator == cell.tweede:
            continue
        door = f" door {who(state, cell.vastgesteld_door)}" if cell.vastgesteld_door else ""
        lines.append(
            f"{crit.code}: 1e ex. {cell.examinator}, 2e ex. {cell.tweede}; vastgesteld op {cell.vastgesteld}"
            f"{door} ({ctx.when(cell.vastgesteld_op)})"
        )
    if lines:
        doc.heading("In overleg vastgestelde verschillen", size=9.5)
        for line in lines:
            doc.paragraph(line, after=0.5)


def _remarks(doc: Document, ctx: PdfContext, nr: str) -> None:
    state = ctx.state
    remarks = [r for r in state.remarks if r.examennummer == nr]
    doc.heading("Opmerkingen", size=9.5)
    if not remarks:
        doc.paragraph("Geen opmerkingen.")
        return
    for remark in remarks:
        where = f"bij {remark.criterium}" if remark.criterium else "over de kandidaat"
        doc.need(12)
        doc.paragraph(f"Opmerking {where} · {who(state, remark.author)} · {ctx.when(remark.at)}", style="B", after=0.3)
        doc.paragraph(remark.text, indent=4, after=0.5)
        for reply in remark.replies:
            doc.paragraph(f"Reactie van {who(state, reply.author)} · {ctx.when(reply.at)}:", indent=4, style="B", after=0.3)
            doc.paragraph(reply.text, indent=8, after=0.5)
        if remark.resolved_by:
            status = f"Afgehandeld door {who(state, remark.resolved_by)} op {ctx.when(remark.resolved_at)}."
        else:
            status = "Open: nog niet afgehandeld."
        doc.paragraph(status, indent=4, after=1.5)


def _meldingen(doc: Document, ctx: PdfContext) -> None:
    state = ctx.state
    doc.heading("Meldingen bij het Examenloket over dit correctiemodel", size=9.5)
    if not state.meldingen:
        doc.paragraph("Geen meldingen.")
        return
    for melding in state.meldingen:
        where = f"opdracht {melding.opdracht}" + (f", criterium {melding.criterium}" if melding.criterium else "")
        doc.need(10)
        doc.paragraph(
            f"{where} · gevonden {melding.moment} door {melding.gevonden_door} · {ctx.when(melding.at)}",
            style="B",
            after=0.3,
        )
        doc.paragraph(melding.omschrijving, indent=4, after=1.0)


def _aanvullingen(doc: Document, ctx: PdfContext) -> None:
    state = ctx.state
    if not state.aanvullingen:
        return
    doc.heading("Aanvullingen van het CvTE", size=9.5)
    for a in state.aanvullingen:
        crit = state.model.criterium(a.criterium)
        doc.need(10)
        doc.paragraph(
            f"{a.criterium}: iedere kandidaat krijgt het maximum ({crit.max}) · aanvulling van {date_nl(a.datum)}, "
            f"vastgelegd door {a.recorded_by} op {ctx.when(a.at)}",
            style="B",
            after=0.3,
        )
        doc.paragraph(a.tekst, indent=4, after=1.0)


def _verklaringen(doc: Document, ctx: PdfContext) -> None:
    state = ctx.state
    doc.heading("Verklaringen", size=9.5)
    by_role = {v.role: v for v in state.verklaringen}
    for role in (Role.EXAMINATOR, Role.TWEEDE):
        login = state.info.examinator if role is Role.EXAMINATOR else state.info.tweede
        v = by_role.get(role)
        if v is None:
            text = f"De {role.label} ({login}) heeft nog niet verklaard volgens het correctievoorschrift te hebben beoordeeld."
        else:
            text = f"{ctx.when(v.at)}: de {role.label} ({v.login}) verklaart volgens het correctievoorschrift te hebben beoordeeld."
        doc.paragraph(text, after=0.5)


def _seal(doc: Document, ctx: PdfContext) -> None:
    state = ctx.state
    doc.heading("Sluiting", size=9.5)
    if state.withdrawn is not None:
        w = state.withdrawn
        doc.paragraph(
            f"VERVALLEN: {w.reden} (door {w.by} op {ctx.when(w.at)}). Deze groep telt niet mee in de cijferlijst.",
            style="B",
            after=0.3,
        )
    if state.sluiting is not None:
        doc.paragraph(f"Gesloten door {state.sluiting.closed_by} op {ctx.when(state.sluiting.at)}.", after=0.3)
        doc.paragraph(f"Zegel (SHA-256): {state.sluiting.seal}", after=0.5)
    else:
        doc.paragraph("Niet gesloten: de scores kunnen nog veranderen.", after=0.3)
        doc.paragraph(f"Huidige inhoud (SHA-256): {ctx.seal}", after=0.5)


# --- public API --------------------------------------------------------------
