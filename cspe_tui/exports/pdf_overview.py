"""The beoordelingsmodel's first pages: every candidate's totals per opdracht, and a chart per opdracht."""

from __future__ import annotations

import statistics
from collections.abc import Callable

from cspe_tui.domain.wording import count
from cspe_tui.domain.group import (
    GroupState,
    final_score,
)

from .formatting import decimal_nl, exam_identity, max_score_text
from .pdfdoc import (
    BODY_SIZE,
    CONTENT_W,
    DARK_FILL,
    GREY_FILL,
    MARGIN,
    Column,
    Document,
)

Progress = Callable[[int, int], None]

from .pdf_context import EMPTY, PdfContext, set_page_subject, total_text


def overview(doc: Document, ctx: PdfContext) -> None:
    state = ctx.state
    info = state.info
    model = state.model
    set_page_subject(doc, "Groepsoverzicht")
    doc.add_page()
    doc.paragraph("Groepsoverzicht", size=13, style="B", after=2)
    absent = sum(1 for c in state.candidates if state.is_absent(c.examennummer))
    status = (
        f"gesloten door {state.sluiting.closed_by} op {ctx.when(state.sluiting.at)}"
        if state.sluiting
        else "niet gesloten (dit is een tussenstand)"
    )
    if state.withdrawn is not None:
        w = state.withdrawn
        status = f"VERVALLEN ({w.reden}), door {w.by} op {ctx.when(w.at)}; telt niet mee in de cijferlijst. Eerder: {status}"
    doc.fields(
        [
            ("Groep", info.group_id),
            ("Correctiemodel", f"{exam_identity(info.model_key)}: {model.examen.titel}"),
            ("Maximumscore", max_score_text(model)),
            ("Examinator", info.examinator),
            ("Tweede examinator", f"{info.tweede} (werkwijze: {info.werkwijze.value})"),
            ("Herkansing", "ja" if info.herkansing else "nee"),
            ("Kandidaten", f"{len(state.candidates)}, waarvan {absent} afwezig"),
            ("Ondersteuning", f"{count(len(state.ondersteuning), 'kandidaat', 'kandidaten')} (zie hun pagina)"
             if state.ondersteuning else "geen"),
            ("Aangemaakt", f"door {info.created_by} op {ctx.when(info.created_at)}"),
            ("Status", status),
            ("Afgedrukt", ctx.when(ctx.printed_at)),
        ]
    )
    totals = _totals(state)
    _chart(doc, ctx, totals)
    _overview_table(doc, ctx, totals)


Totals = dict[str, dict[str, tuple[int, bool, bool]]]
"""Per present candidate, per opdracht: the vastgestelde total, whether every score in it is vastgesteld,
and whether any is."""


def _totals(state: GroupState) -> Totals:
    """Each vastgestelde score looked up once: a school's 1,000 candidates x 50 criteria is 50,000 of them."""
    totals: Totals = {}
    for cand in state.candidates:
        nr = cand.examennummer
        if state.is_absent(nr):
            continue
        mine = totals[nr] = {}
        for opdracht in state.model.opdrachten:
            scores = [final_score(state, nr, crit.code) for crit in opdracht.criteria]
            mine[opdracht.nummer] = (
                sum(v or 0 for v in scores), None not in scores, any(v is not None for v in scores)
            )
    return totals



def _overview_columns(state: GroupState) -> list[Column]:
    """Names get at least 55 mm while opdracht columns can shrink to 9 mm; with very many opdrachten, both give way."""
    n = len(state.model.opdrachten)
    fixed = 9 + 27 + 17
    opdracht_w = max(9.0, min(15.0, (CONTENT_W - fixed - 55) / n))
    name_w = CONTENT_W - fixed - n * opdracht_w
    if name_w < 30:
        name_w = 30.0
        opdracht_w = (CONTENT_W - fixed - name_w) / n
    return [Column(9, "R"), Column(27), Column(name_w)] + [Column(opdracht_w, "R")] * n + [Column(17, "R")]


def _overview_table(doc: Document, ctx: PdfContext, totals: Totals) -> None:
    state = ctx.state
    columns = _overview_columns(state)
    opdrachten = state.model.opdrachten
    titles = ["nr.", "Examennummer", "Naam"] + [o.nummer for o in opdrachten] + ["Totaal"]
    maxima = ["", "", "maximumscore"] + [str(o.max_score) for o in opdrachten] + [str(state.model.max_score)]

    def title_row() -> None:
        doc.row(columns, titles, style="B", size=7.5, fill=DARK_FILL)
        doc.row(columns, maxima, size=7, fill=GREY_FILL)

    doc.heading("Vastgestelde scores per kandidaat")
    doc.need(20)
    title_row()
    doc.repeat_on_new_page = title_row
    starred = False
    for index, cand in enumerate(state.candidates, start=1):
        nr = cand.examennummer
        if state.is_absent(nr):
            values = [EMPTY] * len(opdrachten) + ["afwezig"]
        else:
            mine = totals[nr]
            values = [total_text(*mine[o.nummer]) for o in opdrachten]
            values.append(total_text(
                sum(t for t, _, _ in mine.values()),
                all(c for _, c, _ in mine.values()),
                any(a for _, _, a in mine.values()),
            ))
            starred = starred or any(v.endswith("*") for v in values)
        doc.row(columns, [str(index), nr, cand.naam, *values], size=8)
    doc.repeat_on_new_page = None
    notes = [f"{EMPTY} = nog geen enkele score vastgesteld"] if any(
        not state.is_absent(c.examennummer) and not all(a for _, _, a in totals[c.examennummer].values())
        for c in state.candidates
    ) else []
    if starred:
        notes.append("* = nog niet alle scores van deze opdracht of dit onderdeel zijn vastgesteld")
    if notes:
        doc.paragraph(f"{'; '.join(notes)}.", size=7, after=0)


def _chart(doc: Document, ctx: PdfContext, totals: Totals) -> None:
    """Per opdracht: bar = mean as % of max, line = lowest to highest; grey and black print anywhere."""
    state = ctx.state
    opdrachten = state.model.opdrachten
    label_w, stats_w = 42.0, 68.0
    track_w = CONTENT_W - label_w - stats_w
    track_x = MARGIN + label_w
    doc.heading("Scoreverdeling per opdracht")
    doc.need(6.0 * len(opdrachten) + 16)
    doc.paragraph(
        "Balk: gemiddelde als percentage van het maximum. Lijn: van de laagste tot de hoogste score. "
        "Alleen aanwezige kandidaten van wie de opdracht helemaal is vastgesteld.",
        size=7,
        after=1.5,
    )
    for opdracht in opdrachten:
        maximum = opdracht.max_score
        scores = [total for total, complete, _ in (mine[opdracht.nummer] for mine in totals.values()) if complete]
        mean = statistics.fmean(scores) if scores else 0.0
        stats = (
            f"gem. {decimal_nl(mean)} van {maximum} ({round(100 * mean / maximum)}%) · "
            f"laagste {min(scores)}, hoogste {max(scores)} · n={len(scores)}"
            if scores
            else f"max {maximum} · nog geen volledige scores"
        )
        doc.font_as(7)
        line_h = doc.line_height()
        label_lines = doc.wrap(f"{opdracht.nummer}  {opdracht.titel}", label_w)
        stats_lines = doc.wrap(stats, stats_w - 1)
        row_h = max(6.0, max(len(label_lines), len(stats_lines)) * line_h + 1.0)
        doc.need(row_h + 6)
        y = doc.y
        for x, width, lines in ((MARGIN, label_w, label_lines), (track_x + track_w + 1, stats_w - 1, stats_lines)):
            line_top = y + (row_h - len(lines) * line_h) / 2
            for line in lines:
                doc.put(x, line_top, width, line_h, line)
                line_top += line_h
        bar_top, bar_h = y + row_h / 2 - 1.8, 3.6
        doc.set_draw_color(150)
        doc.rect(track_x, bar_top, track_w, bar_h)
        if scores:
            doc.set_fill_color(190)
            doc.set_draw_color(0)
            doc.rect(track_x, bar_top, track_w * mean / maximum, bar_h, style="DF")
            lo_x = track_x + track_w * min(scores) / maximum
            hi_x = track_x + track_w * max(scores) / maximum
            mid = y + row_h / 2
            doc.set_line_width(0.4)
            doc.line(lo_x, mid, hi_x, mid)
            doc.line(lo_x, mid - 1.4, lo_x, mid + 1.4)
            doc.line(hi_x, mid - 1.4, hi_x, mid + 1.4)
            doc.set_line_width(0.2)
        doc.y = y + row_h
    axis_y = doc.y
    doc.set_draw_color(0)
    doc.font_as(6.5)
    for pct in (0, 25, 50, 75, 100):
        x = track_x + track_w * pct / 100
        doc.line(x, axis_y, x, axis_y + 1)
        text = f"{pct}%"
        doc.text(x - doc.width_of(text) / 2, axis_y + 3.5, text)
    doc.y = axis_y + 5
    doc.font_as(BODY_SIZE)


# --- one candidate --------------------------------------------------------------
