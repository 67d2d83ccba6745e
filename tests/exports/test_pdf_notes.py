"""The PDF shows the tweede examinator's akkoord (achteraf), a candidate's ondersteuning and a vervallen group."""

from __future__ import annotations

from cspe_tui.domain.group import Cell, Role, Werkwijze, onderdeel_total
from cspe_tui.domain.group_notes import Ondersteuning, Withdrawal
from cspe_tui.exports.pdf import beoordelingsmodel_pdf_bytes, kandidaat_pdf_bytes

from .sample import SCHOOL, at, build_state
from .test_pdf import candidate_text, pages_of


def achteraf_state():
    """240101: akkoord on every criterium but B1.2, which the tweede has not reviewed yet; 240102: all akkoord."""
    state = build_state(closed=False)
    info = state.info.model_copy(update={"werkwijze": Werkwijze.ACHTERAF})
    cells = {nr: dict(row) for nr, row in state.cells.items()}
    for nr in ("240101", "240102"):
        for code, cell in cells[nr].items():
            if nr == "240101" and code == "B1.2":
                cells[nr][code] = Cell(examinator=cell.examinator)
            else:
                cells[nr][code] = Cell(
                    examinator=cell.examinator, tweede=cell.examinator, akkoord=True,
                    vastgesteld=cell.examinator, vastgesteld_door="smit", vastgesteld_op=at(12, 15),
                )
    return state.model_copy(update={"info": info, "cells": cells, "aanvullingen": []})


def test_akkoord_is_printed_and_the_tweedes_total_equals_the_vastgesteld_total():
    state = achteraf_state()
    text = candidate_text(pages_of(kandidaat_pdf_bytes(state, SCHOOL, "240102")), "240102")
    total = onderdeel_total(state, "240102")
    assert onderdeel_total(state, "240102", Role.TWEEDE) == total
    assert f"Totaal onderdeel B 22 {total} {total} {total}" in text
    assert "Tweede examinator: akkoord met de examinator bij 8 van 8 criteria." in text
    assert "✓ " in text and "AK" in text
    assert "AK (✓ bij 2e ex.) = de tweede examinator is akkoord met de score van de examinator" in text


def test_not_yet_reviewed_is_not_shown_as_akkoord():
    state = achteraf_state()
    text = candidate_text(pages_of(kandidaat_pdf_bytes(state, SCHOOL, "240101")), "240101")
    assert "Tweede examinator: akkoord met de examinator bij 7 van 8 criteria; nog niet beoordeeld: 1." in text
    b12 = text[text.index("B1.2"):text.index("B1.3")]
    assert "✓" not in b12 and "–" in b12


def test_gelijktijdig_has_no_akkoord_line():
    text = candidate_text(pages_of(kandidaat_pdf_bytes(build_state(), SCHOOL, "240101")), "240101")
    assert "akkoord" not in text


def test_ondersteuning_is_printed_on_the_candidates_page_and_counted_in_the_overview():
    state = build_state()
    note = Ondersteuning(examennummer="240103", verlengde_tijd=True, tekst="30 minuten extra (dyslexie)", by="desmet", at=at(8, 9))
    state = state.model_copy(update={"ondersteuning": [note]})
    pages = pages_of(beoordelingsmodel_pdf_bytes(state, SCHOOL))
    assert "Ondersteuning 1 kandidaat (zie hun pagina)" in pages[0]
    assert (
        "Ondersteuning (extra faciliteiten): verlengde tijd; 30 minuten extra (dyslexie) · vastgelegd door desmet"
        in candidate_text(pages, "240103")
    )
    assert "Ondersteuning (extra faciliteiten)" not in candidate_text(pages, "240101")


def test_a_vervallen_group_says_so_in_every_header_the_overview_and_the_closing_section():
    state = build_state()
    state = state.model_copy(update={"withdrawn": Withdrawal(reden="dubbel aangemaakt", by="desmet", at=at(14, 9))})
    pages = pages_of(beoordelingsmodel_pdf_bytes(state, SCHOOL))
    assert all("VERVALLEN" in page for page in pages)
    assert "Status VERVALLEN (dubbel aangemaakt), door desmet op" in pages[0]
    assert "VERVALLEN: dubbel aangemaakt (door desmet op" in candidate_text(pages, "240101")
