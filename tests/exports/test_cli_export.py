"""`cspe export` and `cspe meldingen` on a real data folder, filled through the store."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pypdf
import pytest

from cspe_tui.cli import main
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.domain.closing import seal_of
from cspe_tui.store import Settings, open_store

from .sample import MODEL

SEC, EX, TW = "desmet", "jansen", "pietersen"
NAMES = {"240101": "Şükrü Yılmaz", "240102": "Łukasz Wójcik", "240103": "Nguyễn Thị Mai", "240104": "=cmd|' /C calc'!A0"}
SCORES = {"240101": 2, "240102": 1, "240103": 0, "240104": 3}
SETTINGS = Settings(
    demo=True,
    examensecretarissen=[SEC],
    school="Vakcollege Ĳsselmonde",
    brin="12AB",
    telefoon="010-1234567",
    contactpersoon="mw. A. Özdemir",
)


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """A closed group of four candidates (one absent) and one melding; returns (folder, group id, slug)."""
    root = tmp_path_factory.mktemp("cli")
    folder = root / "data"
    sec = open_store(folder, user=SEC, create=True, settings=SETTINGS)
    model_file = root / "model.json"
    model_file.write_text(json.dumps(MODEL, ensure_ascii=False), encoding="utf-8")
    model = sec.import_model(model_file)
    cands = [Candidate(examennummer=nr, naam=naam) for nr, naam in NAMES.items()]
    gid = sec.create_group(model.key, cands, EX, TW, Werkwijze.GELIJKTIJDIG).info.group_id
    ex, tw = open_store(folder, user=EX), open_store(folder, user=TW)
    ex.set_absent(gid, "240104", True)
    for store in (ex, tw):
        for nr in ("240101", "240102", "240103"):
            for crit in model.criteria:
                store.set_score(gid, nr, crit.code, max(v for v in crit.allowed if v <= SCORES[nr]))
    ex.set_score(gid, "240101", "B1.1", 0)
    cell = ex.load_group(gid).cell("240101", "B1.1")
    ex.set_vastgesteld(gid, "240101", "B1.1", 1, expected=cell)
    ex.add_melding(model.key, "B2", "B2.1", "De receptuur noemt 500 g bloem; de materiaallijst 750 g.", "tijdens de correctie")
    ex.declare(gid)
    tw.declare(gid)
    sec.close(gid)
    return folder, gid, model.key.slug


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_export_writes_pdf_and_csv_by_default(data, tmp_path, capsys):
    folder, gid, _ = data
    code, out, err = run(capsys, "--data", str(folder), "export", gid, "--uit", str(tmp_path / "uit"), "--als", SEC)
    assert code == 0, err
    pdf, csv_path = (Path(line) for line in out.splitlines())
    assert pdf.name == f"{gid}-beoordelingsmodel.pdf" and csv_path.name == f"{gid}-scores.csv"
    assert "niet gesloten" not in err

    state = open_store(folder, user=SEC).load_group(gid)
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    for name in ("Şükrü Yılmaz", "Łukasz Wójcik", "Nguyễn Thị Mai"):
        assert name in text
    assert state.sluiting is not None and state.sluiting.seal == seal_of(state)
    assert f"Zegel (SHA-256): {state.sluiting.seal}" in text
    assert "opdracht B2, criterium B2.1 · gevonden tijdens de correctie door jansen" in text

    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig"), newline=""), delimiter=";"))
    by_nr = {row[0]: row for row in rows[1:]}
    assert by_nr["240104"][1] == "'" + NAMES["240104"] and by_nr["240104"][2] == "ja"
    col = rows[0].index("B1.1")
    assert by_nr["240101"][col] == "1"
    assert by_nr["240102"][rows[0].index("totaal onderdeel B")] != ""


def test_export_per_kandidaat_only(data, tmp_path, capsys):
    folder, gid, _ = data
    code, out, err = run(capsys, "--data", str(folder), "export", gid, "--per-kandidaat", "--uit", str(tmp_path), "--als", EX)
    assert code == 0, err
    paths = [Path(line) for line in out.splitlines()]
    assert len(paths) == len(NAMES)
    assert all(p.parent == tmp_path / f"{gid}-kandidaten" and p.exists() for p in paths)
    assert not list(tmp_path.glob("*.csv"))
    first = pypdf.PdfReader(paths[0]).pages[0].extract_text()
    assert "Şükrü Yılmaz" in first and "Łukasz" not in first


def test_export_unknown_group_is_a_dutch_error(data, tmp_path, capsys):
    folder, _, _ = data
    code, out, err = run(capsys, "--data", str(folder), "export", "bestaat-niet", "--uit", str(tmp_path), "--als", SEC)
    assert code == 1
    assert out == "" and "bestaat-niet" in err
    assert list(tmp_path.iterdir()) == []


def test_export_to_an_unwritable_place(data, tmp_path, capsys):
    folder, gid, _ = data
    blocker = tmp_path / "een-bestand"
    blocker.write_text("geen map")
    code, _, err = run(capsys, "--data", str(folder), "export", gid, "--csv", "--uit", str(blocker), "--als", SEC)
    assert code == 1
    assert err.startswith("Kan niet schrijven in")


def test_meldingen_prints_paste_ready_text(data, capsys):
    folder, _, slug = data
    code, out, err = run(capsys, "--data", str(folder), "meldingen", slug, "--als", EX)
    assert code == 0, err
    assert "--- Melding 1 van 1 ---" in out
    for line in (
        "Profielvak:       HBR",
        "Onderdeel:        B",
        "Opdracht:         B2 (Deeg maken)",
        "Wat is er mis:    De receptuur noemt 500 g bloem; de materiaallijst 750 g.",
        "Gevonden:         tijdens de correctie",
        "Gevonden door:    jansen",
        "BRIN:             12AB",
        "Telefoon:         010-1234567",
        "Contactpersoon:   mw. A. Özdemir",
    ):
        assert line in out
    assert err == ""


def test_meldingen_files_and_case_insensitive_model(data, tmp_path, capsys):
    folder, _, slug = data
    code, out, err = run(capsys, "--data", str(folder), "meldingen", slug.lower(), "--uit", str(tmp_path), "--als", TW)
    assert code == 0, err
    names = sorted(Path(line).name for line in out.splitlines())
    assert names == [f"{slug}-meldingen.pdf", f"{slug}-meldingen.txt"]
    pdf_text = pypdf.PdfReader(tmp_path / f"{slug}-meldingen.pdf").pages[0].extract_text()
    assert "De receptuur noemt 500 g bloem" in pdf_text and "Vakcollege Ĳsselmonde" in pdf_text


def test_meldingen_unknown_model_lists_known_ones(data, capsys):
    folder, _, slug = data
    code, out, err = run(capsys, "--data", str(folder), "meldingen", "HBR-kb-2026-blauw-B", "--als", EX)
    assert code == 1 and out == ""
    assert "Onbekend correctiemodel: HBR-kb-2026-blauw-B" in err and slug in err
