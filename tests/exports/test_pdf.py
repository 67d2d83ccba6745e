"""The beoordelingsmodel PDF: complete, readable on its own, every name printed."""

from __future__ import annotations

import io
import re
import unicodedata

import pypdf
import pytest

from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.group import Candidate, GroupState, Role, final_score, opdracht_totals
from cspe_tui.domain.closing import seal_of
from cspe_tui.exports.formatting import when
from cspe_tui.exports.pdf import (
    beoordelingsmodel_pdf_bytes,
    kandidaat_pdf_bytes,
    kandidaat_pdf_name,
    write_beoordelingsmodel_pdf,
    write_kandidaat_pdfs,
)

from .sample import ABSENT, EXPECTED_TOTALS, LONG_OMSCHRIJVING, MODEL, NAMES, SCHOOL, build_state


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pages_of(data: bytes) -> list[str]:
    return [flat(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


@pytest.fixture(scope="module")
def closed_pdf() -> tuple[GroupState, list[str]]:
    state = build_state(closed=True)
    return state, pages_of(beoordelingsmodel_pdf_bytes(state, SCHOOL))


@pytest.fixture(scope="module")
def open_pdf() -> tuple[GroupState, list[str]]:
    state = build_state(closed=False)
    return state, pages_of(beoordelingsmodel_pdf_bytes(state, SCHOOL))


def candidate_text(pages: list[str], nr: str) -> str:
    mine = [p for p in pages if f"Kandidaat {nr} ·" in p]
    assert mine, f"geen pagina voor {nr}"
    return " ".join(mine)


def test_every_name_prints_whatever_its_letters(closed_pdf):
    _, pages = closed_pdf
    text = " ".join(pages)
    for name in NAMES.values():
        assert name in text
    for letter in ("Ş", "ı", "Ł", "ó", "ễ", "ị", "ë", "Ĳ"):
        assert letter in text


def test_overview_lists_totals_and_absence(closed_pdf):
    _, pages = closed_pdf
    overview = pages[0]
    assert "Groepsoverzicht" in overview
    for index, nr in enumerate(NAMES, start=1):
        if nr == ABSENT:
            assert f"{index} {nr} {NAMES[nr]} – – – afwezig" in overview
        else:
            t = EXPECTED_TOTALS[nr]
            assert f"{index} {nr} {NAMES[nr]} {t['B1']} {t['B2']} {t['B3']} {t['B']}" in overview
    assert "Scoreverdeling per opdracht" in overview
    assert "gem. 4,0 van 6 (67%) · laagste 1, hoogste 6 · n=4" in overview


def test_candidate_pages_hold_every_score_and_total(closed_pdf):
    state, pages = closed_pdf
    for nr in EXPECTED_TOTALS:
        text = candidate_text(pages, nr)
        for crit in state.model.criteria:
            cell = state.cell(nr, crit.code)
            row = f"{crit.code} {crit.omschrijving} {crit.max} {cell.examinator} {cell.tweede} {final_score(state, nr, crit.code)}"
            assert row in text, row
        first = opdracht_totals(state, nr, Role.EXAMINATOR)
        second = opdracht_totals(state, nr, Role.TWEEDE)
        for opdracht in state.model.opdrachten:
            n = opdracht.nummer
            assert (
                f"Totaal opdracht {n} {opdracht.max_score} {first[n]} {second[n]} {EXPECTED_TOTALS[nr][n]}" in text
            )
        assert (
            f"Totaal onderdeel B 22 {sum(first.values())} {sum(second.values())} {EXPECTED_TOTALS[nr]['B']}" in text
        )


def test_long_omschrijving_wraps_and_stays_complete(closed_pdf):
    _, pages = closed_pdf
    assert len(LONG_OMSCHRIJVING) >= 400
    assert LONG_OMSCHRIJVING in candidate_text(pages, "240101")


def test_marks_aanvulling_melding_and_settled_difference(closed_pdf):
    _, pages = closed_pdf
    text = candidate_text(pages, "240101")
    assert "B1.2 Het deeg is op de juiste temperatuur gebracht. 3 2 3 3 O" in text
    assert "B3.1 De kandidaat berekent de kostprijs per stuk. 2 0 0 2 A M" in text
    assert "B1.2: 1e ex. 2, 2e ex. 3; vastgesteld op 3 door jansen (examinator)" in text
    assert "Alle kandidaten krijgen voor B3.1 de maximale score." in text


def test_remarks_with_replies_and_who_resolved(closed_pdf):
    state, pages = closed_pdf
    text = candidate_text(pages, "240102")
    remark = state.remarks[0]
    assert f"Opmerking bij B2.1 · pietersen (tweede examinator) · {when(remark.at, SCHOOL.tijdzone)}" in text
    assert remark.text in text
    assert f"Reactie van jansen (examinator) · {when(remark.replies[0].at, SCHOOL.tijdzone)}: {remark.replies[0].text}" in text
    assert f"Afgehandeld door pietersen (tweede examinator) op {when(remark.resolved_at, SCHOOL.tijdzone)}." in text
    assert "Geen opmerkingen." in candidate_text(pages, "240101")
    assert "over de kandidaat" in candidate_text(pages, "240103")


def test_meldingen_verklaringen_and_seal_on_each_candidate(closed_pdf):
    state, pages = closed_pdf
    seal = state.sluiting.seal
    for nr in NAMES:
        text = candidate_text(pages, nr)
        for melding in state.meldingen:
            assert melding.omschrijving in text
        assert "opdracht B3, criterium B3.1 · gevonden tijdens de correctie door jansen" in text
        assert "de examinator (jansen) verklaart volgens het correctievoorschrift te hebben beoordeeld" in text
        assert "de tweede examinator (pietersen) verklaart" in text
        assert f"Zegel (SHA-256): {seal}" in text
    assert "Afwezig bij onderdeel B" in candidate_text(pages, ABSENT)


def test_every_page_has_header_footer_and_seal(closed_pdf):
    state, pages = closed_pdf
    n = len(pages)
    assert 1 + len(NAMES) <= n <= 1 + 2 * len(NAMES)
    for number, text in enumerate(pages, start=1):
        assert text.startswith("Vakcollege Ĳsselmonde Beoordelingsmodel cspe")
        assert "HBR kb 2026, versie rood, onderdeel B: Bakkerij: brood en banket" in text
        assert f"Gesloten · zegel (SHA-256): {state.sluiting.seal}" in text
        assert f"pagina {number} van {n}" in text
        assert "HERKANSING" not in text


def test_open_group_prints_current_content_hash(open_pdf):
    state, pages = open_pdf
    current = seal_of(state)
    for text in pages:
        assert f"Niet gesloten · huidige inhoud (SHA-256): {current}" in text
    assert "niet gesloten (dit is een tussenstand)" in pages[0]
    assert "Niet gesloten: de scores kunnen nog veranderen." in candidate_text(pages, "240101")


def test_incomplete_scores_are_marked():
    state = build_state(closed=False)
    cells = {nr: dict(row) for nr, row in state.cells.items()}
    del cells["240101"]["B2.2"]
    state = state.model_copy(update={"cells": cells})
    text = candidate_text(pages_of(kandidaat_pdf_bytes(state, SCHOOL, "240101")), "240101")
    assert "B2.2 Het deeg heeft de juiste structuur. 2 – – –" in text
    assert "Totaal opdracht B2 9 7 7 7*" in text
    assert "Totaal onderdeel B 22 16 17 19*" in text


def test_herkansing_in_every_header():
    state = build_state()
    state = state.model_copy(update={"info": state.info.model_copy(update={"herkansing": True})})
    pages = pages_of(kandidaat_pdf_bytes(state, SCHOOL, "240103"))
    assert all("HERKANSING" in p for p in pages)


def test_candidate_pdf_holds_only_that_candidate():
    state = build_state()
    pages = pages_of(kandidaat_pdf_bytes(state, SCHOOL, "240103"))
    text = " ".join(pages)
    assert "Nguyễn Thị Mai" in text
    assert "Groepsoverzicht" not in text
    for nr, name in NAMES.items():
        if nr != "240103":
            assert name not in text
    assert f"pagina 1 van {len(pages)}" in text


def test_decomposed_letters_print_composed():
    state = build_state()
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Mai")
    assert decomposed != "Nguyễn Thị Mai"
    candidates = [Candidate(examennummer="240103", naam=decomposed)]
    state = state.model_copy(update={"candidates": candidates})
    text = " ".join(pages_of(kandidaat_pdf_bytes(state, SCHOOL, "240103")))
    assert "Nguyễn Thị Mai" in text


def test_criterium_taller_than_a_page_continues_without_loss():
    words = [f"woord{i:04d}" for i in range(1100)]
    model = {**MODEL, "opdrachten": [dict(MODEL["opdrachten"][0])]}
    criteria = [dict(c) for c in model["opdrachten"][0]["criteria"]]
    criteria[1] = {**criteria[1], "omschrijving": " ".join(words)}
    model["opdrachten"][0]["criteria"] = criteria
    state = build_state(closed=False)
    cells = {nr: {k: v for k, v in row.items() if k.startswith("B1")} for nr, row in state.cells.items()}
    state = state.model_copy(
        update={
            "model": Correctiemodel.model_validate(model),
            "cells": cells,
            "aanvullingen": [],
            "meldingen": [],
            "remarks": [],
        }
    )
    pages = pages_of(kandidaat_pdf_bytes(state, SCHOOL, "240101"))
    assert len(pages) >= 2
    found = re.findall(r"woord\d{4}", " ".join(pages))
    assert found == words
    assert "Code Beoordelingscriterium Max 1e ex. 2e ex. Vastgesteld Noot" in pages[1]


def test_progress_and_written_file(tmp_path):
    state = build_state()
    calls: list[tuple[int, int]] = []
    path = write_beoordelingsmodel_pdf(state, SCHOOL, tmp_path / "groep.pdf", progress=lambda d, t: calls.append((d, t)))
    total = len(NAMES) + 1
    assert calls[0] == (0, total) and calls[-1] == (total, total)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert path.read_bytes().startswith(b"%PDF-")
    assert (path.stat().st_mode & 0o777) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["groep.pdf"]


def test_one_pdf_per_candidate(tmp_path):
    state = build_state()
    calls: list[tuple[int, int]] = []
    paths = write_kandidaat_pdfs(state, SCHOOL, tmp_path, progress=lambda d, t: calls.append((d, t)))
    assert [p.name for p in paths] == [kandidaat_pdf_name(state, nr) for nr in NAMES]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in paths)
    assert calls[-1] == (len(NAMES), len(NAMES))
    reader = pypdf.PdfReader(paths[1])
    assert "Łukasz Wójcik" in reader.pages[0].extract_text()


def test_candidate_file_names_are_safe():
    state = build_state()
    state = state.model_copy(update={"info": state.info.model_copy(update={"group_id": "groep 1/../x"})})
    name = kandidaat_pdf_name(state, "../24 01")
    assert "/" not in name and " " not in name and name.endswith(".pdf")


def _printed_and_embedded(data: bytes) -> list[tuple[set[str], dict[str, str]]]:
    """Per font: the letters its text operators print on any page, and letter -> embedded glyph name.

    Reads the PDF as a viewer would: the codes in Tj/TJ strings, on the page and in the form
    XObjects it invokes, through the font's CIDToGIDMap, to the glyphs of the embedded
    TrueType file and back to Unicode by its cmap.
    """
    from fontTools.ttLib import TTFont

    reader = pypdf.PdfReader(io.BytesIO(data))
    result: dict[str, tuple[set[str], dict[str, str]]] = {}

    def collect(content, resources, codes: dict[str, set[int]]) -> None:  # type: ignore[no-untyped-def]
        current = ""
        for operands, operator in pypdf.generic.ContentStream(content, reader).operations:
            if operator == b"Tf":
                current = operands[0]
            elif operator in (b"Tj", b"TJ"):
                for item in operands[0] if operator == b"TJ" else operands:
                    if isinstance(item, (pypdf.generic.ByteStringObject, pypdf.generic.TextStringObject)):
                        raw = item.original_bytes
                        codes.setdefault(current, set()).update(int.from_bytes(raw[i : i + 2], "big") for i in range(0, len(raw), 2))
            elif operator == b"Do":
                form = resources["/XObject"][operands[0]].get_object()
                if form["/Subtype"] == "/Form":
                    collect(form, form.get("/Resources", resources), codes)

    for page in reader.pages:
        codes: dict[str, set[int]] = {}
        collect(page.get_contents(), page["/Resources"], codes)
        for name, font in page["/Resources"]["/Font"].items():
            cid_font = font.get_object()["/DescendantFonts"][0].get_object()
            gid_map = cid_font["/CIDToGIDMap"].get_data()
            ttfont = TTFont(io.BytesIO(cid_font["/FontDescriptor"]["/FontFile2"].get_data()))
            order = ttfont.getGlyphOrder()
            by_glyph = {glyph: chr(code) for code, glyph in ttfont.getBestCmap().items()}
            letters = {chr(code): glyph for code, glyph in ttfont.getBestCmap().items()}
            printed = result.setdefault(name, (set(), letters))[0]
            for code in codes.get(name, ()):
                gid = int.from_bytes(gid_map[2 * code : 2 * code + 2], "big")
                assert 0 < gid < len(order), f"code {code} of {name} has no glyph in the embedded font"
                printed.add(by_glyph[order[gid]])
                glyph = ttfont["glyf"][order[gid]]
                assert by_glyph[order[gid]].isspace() or glyph.numberOfContours != 0, f"empty glyph for {by_glyph[order[gid]]!r}"
    return list(result.values())


def test_each_per_candidate_file_embeds_every_glyph_it_prints(tmp_path):
    """The batch shares one font per style; every file must still carry every letter it prints."""
    state = build_state()
    paths = write_kandidaat_pdfs(state, SCHOOL, tmp_path)
    for path, (nr, name) in zip(paths, NAMES.items()):
        data = path.read_bytes()
        text = flat(" ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(data)).pages))
        assert name in text and f"Kandidaat {nr}" in text
        fonts = _printed_and_embedded(data)
        printed = set().union(*(p for p, _ in fonts))
        assert set(flat(text).replace(" ", "")) <= printed
        for letters, embedded in fonts:
            assert letters <= set(embedded)
    first_file = " ".join(p.extract_text() for p in pypdf.PdfReader(paths[0]).pages)
    third_file = " ".join(p.extract_text() for p in pypdf.PdfReader(paths[2]).pages)
    assert "Ş" in first_file and "ı" in first_file and "ễ" in third_file and "ị" in third_file
    second_file = " ".join(p.extract_text() for p in pypdf.PdfReader(paths[1]).pages)
    assert "Łukasz Wójcik" in second_file


def test_a_single_file_embeds_only_the_letters_it_prints():
    data = kandidaat_pdf_bytes(build_state(), SCHOOL, "240102")
    for printed, embedded in _printed_and_embedded(data):
        assert printed and set(embedded) - printed <= {" ", "\r", "\x00"}


def test_group_pdf_embeds_every_glyph_it_prints(closed_state):
    for printed, embedded in _printed_and_embedded(beoordelingsmodel_pdf_bytes(closed_state, SCHOOL)):
        assert printed <= set(embedded)


def test_a_failed_write_stops_the_per_candidate_export_and_leaves_no_temporary_files(tmp_path):
    state = build_state()
    blocked = tmp_path / kandidaat_pdf_name(state, "240102")
    blocked.mkdir()
    calls: list[tuple[int, int]] = []
    with pytest.raises(OSError):
        write_kandidaat_pdfs(state, SCHOOL, tmp_path, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(0, len(NAMES)), (1, len(NAMES))]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([kandidaat_pdf_name(state, "240101"), blocked.name])


def test_an_untouched_candidate_has_no_score_rather_than_0_star():
    """Issue 20: the tussenstand printed `0*` for a candidate nobody had scored yet."""
    state = build_state(closed=False)
    cells = {nr: dict(row) for nr, row in state.cells.items()}
    cells["240101"] = {}
    state = state.model_copy(update={"cells": cells})
    pages = pages_of(beoordelingsmodel_pdf_bytes(state, SCHOOL))
    # B3.1 has its score from the aanvulling; nothing else is scored.
    assert f"1 240101 {NAMES['240101']} – – 2* 2*" in pages[0]
    assert "0*" not in " ".join(pages)
    assert "– = nog geen enkele score vastgesteld" in pages[0]
    text = candidate_text(pages, "240101")
    assert "Totaal opdracht B1 6 – – –" in text
    assert "Totaal onderdeel B 22 – – 2*" in text


def test_footnotes_explain_only_the_signs_that_appear(closed_pdf):
    """Issue 20: the closed PDF explained `*` although no total carried one."""
    _, pages = closed_pdf
    assert "nog niet alle scores" not in " ".join(pages)
    assert "nog geen enkele score" not in pages[0]
    marked = candidate_text(pages, "240101")
    assert "A = score vastgesteld volgens een aanvulling" in marked and "O = de examinatoren verschilden" in marked


def test_each_candidate_has_lines_for_both_signatures_and_dates(closed_pdf):
    """Issue 20: schools file the beoordelingsmodel signed by both examinators, with the date."""
    _, pages = closed_pdf
    for nr in NAMES:
        text = candidate_text(pages, nr)
        assert "Ondertekening Naam Handtekening Datum Examinator jansen Tweede examinator pietersen" in text


def test_a_character_the_font_lacks_is_shown_by_its_code_point_not_dropped():
    """Issue 20: an emoji vanished from the PDF without a trace."""
    state = build_state(closed=False)
    remark = state.remarks[0].model_copy(update={"text": "Mooi brood 🍞 gebakken."})
    state = state.model_copy(update={"remarks": [remark, *state.remarks[1:]]})
    text = candidate_text(pages_of(kandidaat_pdf_bytes(state, SCHOOL, remark.examennummer)), remark.examennummer)
    assert "Mooi brood [U+1F35E] gebakken." in text
