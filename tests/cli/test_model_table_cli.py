"""`cspe model sjabloon|van-tabel|naar-tabel|pdf` as a school runs them: real files, real process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "correctiemodellen" / "hbr-kb-2026-rood-B.json"


def cspe(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cspe_tui", "model", *map(str, args)], capture_output=True, text=True, timeout=120,
        cwd=cwd,
    )


@pytest.mark.parametrize("suffix", [".xlsx", ".ods", ".csv"])
def test_template_to_json_that_model_check_accepts(tmp_path, suffix):
    template = tmp_path / f"sjabloon{suffix}"
    made = cspe("sjabloon", template)
    assert made.returncode == 0, made.stderr
    converted = cspe("van-tabel", template)
    target = template.with_suffix(".json")
    assert converted.returncode == 0, converted.stdout + converted.stderr
    assert converted.stdout == f"{target}: OK HBR kb 2026 rood onderdeel A, 3 criteria, maximumscore 6\n"
    checked = cspe("check", target)
    assert checked.returncode == 0 and "OK" in checked.stdout


def test_a_broken_table_names_each_place_and_writes_nothing(tmp_path):
    table = tmp_path / "fout.csv"
    cspe("naar-tabel", SAMPLE, table)
    text = table.read_text(encoding="utf-8-sig")
    text = text.replace(";B1.2;", ";B1.1;", 1).replace(";praktisch;", ";praktish;", 1)
    table.write_text(text, encoding="utf-8")
    result = cspe("van-tabel", table, "--uit", tmp_path / "uit.json")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert any(line.startswith(f"{table}: rij ") and "kolom C (soort): moet een van deze waarden zijn" in line for line in lines)
    assert any("kolom D (code): criteriumcode B1.1 staat ook op rij " in line for line in lines)
    assert "er is niets geschreven" in result.stderr
    assert not (tmp_path / "uit.json").exists()


def test_naar_tabel_and_back_gives_the_same_json(tmp_path):
    table = tmp_path / "model.ods"
    assert cspe("naar-tabel", SAMPLE, table).returncode == 0
    assert cspe("van-tabel", table, "--uit", tmp_path / "terug.json").returncode == 0
    assert json.loads((tmp_path / "terug.json").read_text(encoding="utf-8")) == json.loads(SAMPLE.read_text(encoding="utf-8"))


def test_a_filled_in_table_is_never_written_over(tmp_path):
    table = tmp_path / "ingevuld.xlsx"
    table.write_bytes(b"werk van een docent")
    for args in (("sjabloon", table), ("naar-tabel", SAMPLE, table)):
        result = cspe(*args)
        assert result.returncode == 1 and "bestaat al; kies een andere naam" in result.stderr
    assert table.read_bytes() == b"werk van een docent"


def test_naar_tabel_refuses_a_broken_model_and_an_unknown_ending(tmp_path):
    broken = tmp_path / "kapot.json"
    broken.write_text("{", encoding="utf-8")
    result = cspe("naar-tabel", broken, tmp_path / "x.xlsx")
    assert result.returncode == 1 and "geen geldige JSON" in result.stderr
    result = cspe("naar-tabel", SAMPLE, tmp_path / "x.docx")
    assert result.returncode == 1 and "kies een naam op .xlsx, .ods of .csv" in result.stderr


def test_blank_pdf_lists_every_criterium_with_max_allowed_scores_and_totals(tmp_path):
    target = tmp_path / "blanco.pdf"
    result = cspe("pdf", SAMPLE, "--uit", target)
    assert result.returncode == 0, result.stderr
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    model = json.loads(SAMPLE.read_text(encoding="utf-8"))
    for opdracht in model["opdrachten"]:
        assert f"Totaal opdracht {opdracht['nummer']}" in text
        for criterium in opdracht["criteria"]:
            assert criterium["code"] in text
    assert "Blanco beoordelingsmodel" in text
    assert "HBR kb 2026, versie rood, onderdeel B" in text
    assert "0, 2 (alleen deze)" in text and "0 t/m 3" in text
    assert "Totaal onderdeel B" in text and "maximumscore 71" in text
    assert "Toelichting: 3: alle grondstoffen juist" in text
    assert "Ondertekening Naam Handtekening Datum Examinator Tweede examinator" in " ".join(text.split())


def test_blank_pdf_goes_beside_the_model_by_default(tmp_path):
    model = tmp_path / "b.json"
    model.write_bytes(SAMPLE.read_bytes())
    assert cspe("pdf", model).returncode == 0
    assert (tmp_path / "b-blanco.pdf").stat().st_size > 1000


def test_blank_pdf_names_characters_the_font_cannot_print(tmp_path):
    """Issue 20: an emoji vanished from the proofreading PDF without a word."""
    model = json.loads(SAMPLE.read_text(encoding="utf-8"))
    first = model["opdrachten"][0]["criteria"][0]
    first["omschrijving"] += " 🍞"
    source = tmp_path / "emoji.json"
    source.write_text(json.dumps(model, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "emoji.pdf"
    result = cspe("pdf", source, "--uit", target)
    assert result.returncode == 0, result.stderr
    assert "Let op: 1 tekst bevat tekens die het lettertype van de PDF niet heeft" in result.stderr
    assert f"{first['code']} omschrijving: 🍞 (U+1F35E)" in result.stderr
    text = " ".join("\n".join(page.extract_text() for page in PdfReader(target).pages).split())
    assert "[U+1F35E]" in text
    plain = cspe("pdf", SAMPLE, "--uit", tmp_path / "gewoon.pdf")
    assert "Let op" not in plain.stderr
