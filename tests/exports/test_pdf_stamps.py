"""Rows drawn once and stamped again (pdfrows): each candidate must still see only their own scores."""

from __future__ import annotations

import io

import pypdf

from cspe_tui.domain.group import Cell
from cspe_tui.exports.pdf import beoordelingsmodel_pdf_bytes, write_kandidaat_pdfs

from .sample import SCHOOL, build_state
from .test_pdf import _printed_and_embedded, candidate_text, flat, pages_of

FIRST, SECOND = "240101", "240102"


def _twins():
    """Two candidates with the same scores everywhere but B1.1, where only the second has full marks."""
    state = build_state()
    code = "B1.1"
    same = dict(state.cells[FIRST])
    second = dict(same)
    second[code] = Cell(examinator=1, tweede=1)
    same[code] = Cell(examinator=0, tweede=0)
    cells = {FIRST: same, SECOND: second}
    candidates = [c for c in state.candidates if c.examennummer in cells]
    return state.model_copy(update={"cells": cells, "candidates": candidates, "absent": [], "remarks": []})


def test_a_stamped_row_never_shows_another_candidates_score():
    state = _twins()
    crit = state.model.criterium("B1.1")
    pages = pages_of(beoordelingsmodel_pdf_bytes(state, SCHOOL))
    first, second = candidate_text(pages, FIRST), candidate_text(pages, SECOND)
    assert f"B1.1 {crit.omschrijving} 1 0 0 0" in first
    assert f"B1.1 {crit.omschrijving} 1 1 1 1" in second
    assert f"B1.1 {crit.omschrijving} 1 1 1 1" not in first
    assert f"B1.1 {crit.omschrijving} 1 0 0 0" not in second


def test_per_candidate_files_share_stamps_but_not_scores(tmp_path):
    state = _twins()
    crit = state.model.criterium("B1.1")
    first, second = write_kandidaat_pdfs(state, SCHOOL, tmp_path)
    text = [flat(" ".join(p.extract_text() for p in pypdf.PdfReader(path).pages)) for path in (first, second)]
    assert f"B1.1 {crit.omschrijving} 1 0 0 0" in text[0] and f"B1.1 {crit.omschrijving} 1 1 1 1" not in text[0]
    assert f"B1.1 {crit.omschrijving} 1 1 1 1" in text[1] and f"B1.1 {crit.omschrijving} 1 0 0 0" not in text[1]


def test_group_pdf_prints_every_letter_it_shows_and_embeds_it(closed_state):
    """Criterium texts are drawn once as form XObjects; what a reader extracts must come from embedded glyphs."""
    data = beoordelingsmodel_pdf_bytes(closed_state, SCHOOL)
    reader = pypdf.PdfReader(io.BytesIO(data))
    shown = set(flat(" ".join(p.extract_text() for p in reader.pages)).replace(" ", ""))
    fonts = _printed_and_embedded(data)
    printed = set().union(*(p for p, _ in fonts))
    assert shown <= printed
    for letters, embedded in fonts:
        assert letters <= set(embedded)


def test_every_page_counts_the_pages_of_its_own_file(tmp_path):
    """The page total is filled in at output; a batch of files must not share one file's count."""
    state = build_state()
    for path in write_kandidaat_pdfs(state, SCHOOL, tmp_path):
        pages = [flat(p.extract_text()) for p in pypdf.PdfReader(path).pages]
        for number, text in enumerate(pages, start=1):
            assert f"pagina {number} van {len(pages)}" in text


def test_font_objects_are_written_as_fpdf2_writes_them(monkeypatch):
    """The font objects are spelled out by hand for speed; the file must not change by it."""
    import re
    from datetime import datetime, timezone

    from cspe_tui.exports import pdfembed
    from cspe_tui.exports.pdf import kandidaat_pdf_bytes

    state = build_state()
    now = datetime(2026, 5, 13, 12, tzinfo=timezone.utc)

    def comparable(data: bytes) -> bytes:
        return re.sub(rb"/CreationDate \(.*?\)|/ID \[.*?\]", b"", data)

    prepared = kandidaat_pdf_bytes(state, SCHOOL, FIRST, now=now)
    monkeypatch.setattr(pdfembed.SharedFontOutput, "_prepared_font_objects", pdfembed.SharedFontOutput._font_objects)
    walked = kandidaat_pdf_bytes(state, SCHOOL, FIRST, now=now)
    assert b"/FontFile2" in prepared
    assert comparable(prepared) == comparable(walked)
