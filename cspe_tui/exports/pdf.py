"""The filled-in beoordelingsmodel as PDF: the record of a group's scores.

Domain rule 5: the file must be complete and readable on its own (names, numbers,
all scores, totals, both examinators, dates, remarks), so every page carries the
exam's identity and the seal, and no text is ever cut off.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cspe_tui.domain.correctiemodel import Opdracht
from cspe_tui.domain.review import review_line
from cspe_tui.domain.group import (
    GroupState,
    Role,
    final_score,
    opdracht_totals,
    seal_of,
)

from .formatting import date_nl, decimal_nl, exam_identity, nfc, safe_filename, when, who, write_atomic
from .pdfdoc import (
    BODY_SIZE,
    CONTENT_W,
    DARK_FILL,
    GREY_FILL,
    MARGIN,
    Column,
    Document,
)
from .pdffonts import FontBatch
from .school import SchoolInfo

Progress = Callable[[int, int], None]

EMPTY = "–"
LEGEND = (
    "Noot: A = score vastgesteld volgens een aanvulling van het CvTE; M = bij dit criterium is een "
    "melding gedaan bij het Examenloket; O = de examinatoren verschilden, de score is in onderling "
    "overleg vastgesteld. * = nog niet alle scores zijn vastgesteld."
)
LEGEND_AKKOORD = (
    " AK (✓ bij 2e ex.) = de tweede examinator is akkoord met de score van de examinator; "
    "– bij 2e ex. = nog niet beoordeeld."
)


@dataclass(frozen=True)
class _Context:
    """What every page of one export shares, computed once."""

    state: GroupState
    school: SchoolInfo
    seal: str
    seal_line: str
    melding_codes: frozenset[str]
    printed_at: datetime

    def when(self, moment: datetime | None) -> str:
        """On the school's clock, like every time the app shows."""
        return when(moment, self.school.tijdzone)


def _context(state: GroupState, school: SchoolInfo, now: datetime | None) -> _Context:
    if state.sluiting is not None:
        seal = state.sluiting.seal
        seal_line = f"Gesloten · zegel (SHA-256): {seal}"
    else:
        seal = seal_of(state)
        seal_line = f"Niet gesloten · huidige inhoud (SHA-256): {seal}"
    codes = frozenset(m.criterium for m in state.meldingen if m.criterium)
    return _Context(state, school, seal, seal_line, codes, now or datetime.now().astimezone())


def _document(ctx: _Context, batch: FontBatch | None = None) -> Document:
    state = ctx.state
    key = state.info.model_key
    title = f"Beoordelingsmodel cspe {exam_identity(key)} groep {state.info.group_id}"
    doc = Document(title=title, author=ctx.school.school, batch=batch)
    exam = f"{exam_identity(key)}: {state.model.examen.titel}"
    marks = [m for m, on in (("HERKANSING", state.info.herkansing), ("VERVALLEN", state.withdrawn is not None)) if on]
    doc.header_rows = [
        (ctx.school.name, "Beoordelingsmodel cspe"),
        (exam, " · ".join(marks)),
        (f"Groep {state.info.group_id}", "Groepsoverzicht"),
    ]
    doc.footer_note = ctx.seal_line
    return doc


def _set_page_subject(doc: Document, subject: str) -> None:
    left, _ = doc.header_rows[2]
    doc.header_rows[2] = (left, subject)


# --- group overview -----------------------------------------------------------


def _total_text(state: GroupState, nr: str, opdracht: Opdracht | None, value: int) -> str:
    codes = [c.code for c in opdracht.criteria] if opdracht else [c.code for c in state.model.criteria]
    complete = all(final_score(state, nr, code) is not None for code in codes)
    return str(value) if complete else f"{value}*"


def _overview(doc: Document, ctx: _Context) -> None:
    state = ctx.state
    info = state.info
    model = state.model
    _set_page_subject(doc, "Groepsoverzicht")
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
            ("Maximumscore", f"{model.max_score} scorepunten in {len(model.opdrachten)} opdrachten, {len(model.criteria)} criteria"),
            ("Examinator", info.examinator),
            ("Tweede examinator", f"{info.tweede} (werkwijze: {info.werkwijze.value})"),
            ("Herkansing", "ja" if info.herkansing else "nee"),
            ("Kandidaten", f"{len(state.candidates)}, waarvan {absent} afwezig"),
            ("Ondersteuning", f"{len(state.ondersteuning)} kandidaat/kandidaten (zie hun pagina)" if state.ondersteuning else "geen"),
            ("Aangemaakt", f"door {info.created_by} op {ctx.when(info.created_at)}"),
            ("Status", status),
            ("Afgedrukt", ctx.when(ctx.printed_at)),
        ]
    )
    totals = {
        c.examennummer: opdracht_totals(state, c.examennummer)
        for c in state.candidates
        if not state.is_absent(c.examennummer)
    }
    _chart(doc, ctx, totals)
    _overview_table(doc, ctx, totals)


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


def _overview_table(doc: Document, ctx: _Context, totals: dict[str, dict[str, int]]) -> None:
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
    for index, cand in enumerate(state.candidates, start=1):
        nr = cand.examennummer
        if state.is_absent(nr):
            values = [EMPTY] * len(opdrachten) + ["afwezig"]
        else:
            mine = totals[nr]
            values = [_total_text(state, nr, o, mine[o.nummer]) for o in opdrachten]
            values.append(_total_text(state, nr, None, sum(mine.values())))
        doc.row(columns, [str(index), nr, cand.naam, *values], size=8)
    doc.repeat_on_new_page = None
    doc.paragraph("* nog niet alle scores van deze opdracht of dit onderdeel zijn vastgesteld.", size=7, after=0)


def _chart(doc: Document, ctx: _Context, totals: dict[str, dict[str, int]]) -> None:
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
        scores = [
            totals[c.examennummer][opdracht.nummer]
            for c in state.candidates
            if not state.is_absent(c.examennummer)
            and all(final_score(state, c.examennummer, k.code) is not None for k in opdracht.criteria)
        ]
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

_CANDIDATE_COLUMNS = [
    Column(16),
    Column(CONTENT_W - 16 - 11 - 13 - 13 - 21 - 11),
    Column(11, "R"),
    Column(13, "R"),
    Column(13, "R"),
    Column(21, "R", style="B"),
    Column(11, "C"),
]
_CANDIDATE_TITLES = ["Code", "Beoordelingscriterium", "Max", "1e ex.", "2e ex.", "Vastgesteld", "Noot"]


def _score(value: int | None) -> str:
    return EMPTY if value is None else str(value)


def _candidate(doc: Document, ctx: _Context, examennummer: str) -> None:
    state = ctx.state
    info = state.info
    cand = state.candidate(examennummer)
    nr = cand.examennummer
    _set_page_subject(doc, f"Kandidaat {nr} · {cand.naam}")
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
            [Column(CONTENT_W)],
            [f"Ondersteuning (extra faciliteiten): {note.summary()} · vastgelegd door {note.by} op {ctx.when(note.at)}"],
            style="B",
            fill=GREY_FILL,
            pad=2,
        )
        doc.y += 1
    if state.is_absent(nr):
        doc.row(
            [Column(CONTENT_W)],
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
    _seal(doc, ctx)


def _score_table(doc: Document, ctx: _Context, nr: str) -> None:
    state = ctx.state
    columns = _CANDIDATE_COLUMNS

    def title_row() -> None:
        doc.row(columns, _CANDIDATE_TITLES, style="B", size=7.5, fill=DARK_FILL)

    doc.need(25)
    title_row()
    doc.repeat_on_new_page = title_row
    totals_1 = opdracht_totals(state, nr, Role.EXAMINATOR)
    totals_2 = opdracht_totals(state, nr, Role.TWEEDE)
    totals_v = opdracht_totals(state, nr)
    for opdracht in state.model.opdrachten:
        doc.need(15)
        doc.spanning_row(f"{opdracht.nummer}  {opdracht.titel} ({opdracht.soort})")
        for crit in opdracht.criteria:
            cell = state.cell(nr, crit.code)
            notes = []
            if state.aanvulling_for(crit.code) is not None:
                notes.append("A")
            if crit.code in ctx.melding_codes:
                notes.append("M")
            if (
                cell.vastgesteld is not None
                and cell.examinator is not None
                and cell.tweede is not None
                and cell.examinator != cell.tweede
            ):
                notes.append("O")
            if cell.akkoord:
                notes.append("AK")
            doc.row(
                columns,
                [
                    crit.code,
                    crit.omschrijving,
                    str(crit.max),
                    _score(cell.examinator),
                    f"✓ {cell.tweede}" if cell.akkoord else _score(cell.tweede),
                    _score(final_score(state, nr, crit.code)),
                    " ".join(notes),
                ],
            )
        doc.row(
            columns,
            [
                "",
                f"Totaal opdracht {opdracht.nummer}",
                str(opdracht.max_score),
                str(totals_1[opdracht.nummer]),
                str(totals_2[opdracht.nummer]),
                _total_text(state, nr, opdracht, totals_v[opdracht.nummer]),
                "",
            ],
            style="B",
        )
    doc.row(
        columns,
        [
            "",
            f"Totaal onderdeel {state.info.model_key.onderdeel}",
            str(state.model.max_score),
            str(sum(totals_1.values())),
            str(sum(totals_2.values())),
            _total_text(state, nr, None, sum(totals_v.values())),
            "",
        ],
        style="B",
        fill=DARK_FILL,
    )
    doc.repeat_on_new_page = None
    doc.y += 1
    review = review_line(state, nr)
    if review is not None:
        doc.paragraph(review, size=8, after=1)
    doc.paragraph(LEGEND + (LEGEND_AKKOORD if review is not None else ""), size=7)


def _differences(doc: Document, ctx: _Context, nr: str) -> None:
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


def _remarks(doc: Document, ctx: _Context, nr: str) -> None:
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


def _meldingen(doc: Document, ctx: _Context) -> None:
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


def _aanvullingen(doc: Document, ctx: _Context) -> None:
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


def _verklaringen(doc: Document, ctx: _Context) -> None:
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


def _seal(doc: Document, ctx: _Context) -> None:
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


def beoordelingsmodel_pdf_bytes(
    state: GroupState,
    school: SchoolInfo,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
) -> bytes:
    """The group overview followed by every candidate's filled-in beoordelingsmodel.

    progress(done, total) is called with total = candidates + 1 (the last step writes the file).
    """
    ctx = _context(state, school, now)
    total = len(state.candidates) + 1
    if progress:
        progress(0, total)
    doc = _document(ctx)
    _overview(doc, ctx)
    for done, cand in enumerate(state.candidates, start=1):
        _candidate(doc, ctx, cand.examennummer)
        if progress:
            progress(done, total)
    data = bytes(doc.output())
    if progress:
        progress(total, total)
    return data


def write_beoordelingsmodel_pdf(
    state: GroupState,
    school: SchoolInfo,
    path: Path,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
) -> Path:
    return write_atomic(Path(path), beoordelingsmodel_pdf_bytes(state, school, progress, now=now))


def kandidaat_pdf_bytes(
    state: GroupState, school: SchoolInfo, examennummer: str, *, now: datetime | None = None
) -> bytes:
    """One candidate's beoordelingsmodel alone, for the candidate's dossier."""
    return _kandidaat_bytes(_context(state, school, now), examennummer)


def _kandidaat_bytes(ctx: _Context, examennummer: str) -> bytes:
    doc = _document(ctx)
    _candidate(doc, ctx, examennummer)
    return bytes(doc.output())


def _varying_text(state: GroupState) -> str:
    """Letters of what differs between the candidates' files, plus ASCII: the batch's fonts start with them."""
    texts = [chr(c) for c in range(0x20, 0x7F)] + [c.naam for c in state.candidates]
    for remark in state.remarks:
        texts += [remark.text, *(reply.text for reply in remark.replies)]
    return nfc("".join(texts))


def kandidaat_pdf_name(state: GroupState, examennummer: str) -> str:
    return safe_filename(f"{state.info.group_id}-{examennummer}") + ".pdf"


def write_kandidaat_pdfs(
    state: GroupState,
    school: SchoolInfo,
    folder: Path,
    progress: Progress | None = None,
    *,
    now: datetime | None = None,
) -> list[Path]:
    """One PDF per candidate in `folder` (named by group and examennummer); returns the paths.

    Each file is written (and fsynced) in a second thread while the next one is drawn: on a
    school server's disk the fsyncs alone take seconds. A failed write stops the export.
    """
    ctx = _context(state, school, now)
    folder = Path(folder)
    total = len(state.candidates)
    if progress:
        progress(0, total)
    batch = FontBatch(reserve=_varying_text(state))
    paths: list[Path] = []
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf-write") as writer:
        pending: Future[Path] | None = None
        for cand in state.candidates:
            doc = _document(ctx, batch)
            _candidate(doc, ctx, cand.examennummer)
            data = bytes(doc.output())
            if pending is not None:
                paths.append(pending.result())
                if progress:
                    progress(len(paths), total)
            pending = writer.submit(write_atomic, folder / kandidaat_pdf_name(state, cand.examennummer), data)
        if pending is not None:
            paths.append(pending.result())
            if progress:
                progress(len(paths), total)
    return paths
