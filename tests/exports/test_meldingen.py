"""The Examenloket report names everything rule 3 asks for, in text and PDF."""

from __future__ import annotations

import io
import re
from datetime import datetime, timezone

import pypdf

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.group import Melding
from cspe_tui.exports.formatting import when
from cspe_tui.exports.meldingen import (
    meldingen_pdf_bytes,
    meldingen_text,
    write_meldingen_pdf,
    write_meldingen_txt,
)
from cspe_tui.exports.school import SchoolInfo

from .sample import SCHOOL, build_state

NOW = datetime(2026, 5, 14, 9, 0, tzinfo=timezone.utc)


def field(block: str, label: str) -> str:
    match = re.search(rf"^{re.escape(label)}:\s+(.*)$", block, re.MULTILINE)
    assert match, f"{label} ontbreekt"
    return match.group(1)


def blocks_of(text: str) -> list[str]:
    return re.split(r"^--- Melding \d+ van \d+ ---$", text, flags=re.MULTILINE)[1:]


def test_text_names_every_field_of_every_melding(closed_state):
    key = closed_state.info.model_key
    text = meldingen_text(key, closed_state.meldingen, SCHOOL, closed_state.model, now=NOW)
    blocks = blocks_of(text)
    assert len(blocks) == 2
    by_time = sorted(closed_state.meldingen, key=lambda m: m.at)
    for block, melding in zip(blocks, by_time):
        assert field(block, "Profielvak") == "HBR"
        assert field(block, "Leerweg") == "kb"
        assert field(block, "Jaar") == "2026"
        assert field(block, "Versie") == "rood"
        assert field(block, "Onderdeel") == "B"
        assert field(block, "Opdracht").startswith(melding.opdracht + " (")
        assert field(block, "Wat is er mis") == melding.omschrijving
        assert field(block, "Gevonden") == melding.moment
        assert field(block, "Gevonden door") == melding.gevonden_door
        assert field(block, "Datum") == when(melding.at, SCHOOL.tijdzone)
        assert field(block, "School") == SCHOOL.school
        assert field(block, "BRIN") == SCHOOL.brin
        assert field(block, "Telefoon") == SCHOOL.telefoon
        assert field(block, "Contactpersoon") == SCHOOL.contactpersoon
    assert field(blocks[0], "Criterium") == "(de hele opdracht)"
    assert field(blocks[0], "Opdracht") == "B2 (Deeg maken)"
    assert field(blocks[1], "Criterium") == "B3.1 (De kandidaat berekent de kostprijs per stuk.)"
    assert "Examen: HBR kb 2026, versie rood, onderdeel B (Bakkerij: brood en banket)" in text


def test_only_meldingen_about_this_model(closed_state):
    key = closed_state.info.model_key
    other = ModelKey(profielvak="HBR", leerweg="kb", jaar=2026, versie="blauw", onderdeel="B")
    stray = Melding(
        id="x",
        model_key=other,
        opdracht="B1",
        omschrijving="Hoort bij de blauwe versie.",
        moment="tijdens de afname",
        gevonden_door="jansen",
        at=NOW,
    )
    text = meldingen_text(key, [*closed_state.meldingen, stray], SCHOOL, now=NOW)
    assert "Hoort bij de blauwe versie." not in text
    assert len(blocks_of(text)) == 2


def test_without_model_and_without_meldingen(closed_state):
    key = closed_state.info.model_key
    text = meldingen_text(key, closed_state.meldingen, SCHOOL, now=NOW)
    assert field(blocks_of(text)[1], "Criterium") == "B3.1"
    empty = meldingen_text(key, [], SchoolInfo(school="Vakcollege"), now=NOW)
    assert "Er zijn geen meldingen over dit correctiemodel." in empty
    assert field(empty, "BRIN") == "(niet ingevuld)"


def test_multiline_description_stays_aligned(closed_state):
    key = closed_state.info.model_key
    melding = closed_state.meldingen[0].model_copy(update={"omschrijving": "Eerste regel.\nTweede regel."})
    text = meldingen_text(key, [melding], SCHOOL, now=NOW)
    assert "Wat is er mis:    Eerste regel.\n                  Tweede regel.\n" in text


def test_pdf_holds_the_same_fields(closed_state):
    key = closed_state.info.model_key
    data = meldingen_pdf_bytes(key, closed_state.meldingen, SCHOOL, closed_state.model, now=NOW)
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    for melding in closed_state.meldingen:
        assert melding.omschrijving in text
        assert f"Gevonden {melding.moment}" in text
        assert f"Gevonden door {melding.gevonden_door}" in text
        assert f"Datum {when(melding.at, SCHOOL.tijdzone)}" in text
    assert "Criterium B3.1 (De kandidaat berekent de kostprijs per stuk.)" in text
    assert "Profielvak HBR Leerweg kb Jaar 2026 Versie rood Onderdeel B" in text
    for value in ("Vakcollege Ĳsselmonde", "BRIN 12AB", "Telefoon 010-1234567", "Contactpersoon mw. A. Özdemir"):
        assert value in text
    assert "Melding 1 van 2" in text and "Melding 2 van 2" in text


def test_write_both_forms(tmp_path):
    state = build_state()
    key = state.info.model_key
    txt = write_meldingen_txt(key, state.meldingen, SCHOOL, tmp_path / "meldingen.txt", state.model, now=NOW)
    pdf = write_meldingen_pdf(key, state.meldingen, SCHOOL, tmp_path / "meldingen.pdf", state.model, now=NOW)
    assert txt.read_text(encoding="utf-8") == meldingen_text(key, state.meldingen, SCHOOL, state.model, now=NOW)
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["meldingen.pdf", "meldingen.txt"]
