"""`cspe wolf HBR kb 2026` on the demo after closing group D, checked against the groups themselves."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from cspe_tui.cli import main
from cspe_tui.demo import create_demo
from cspe_tui.exports.scoresheet import scoresheet_rows
from cspe_tui.store import open_store
from tests.helpers import close_demo_group_d


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("wolf") / "data"
    create_demo(folder)
    close_demo_group_d(folder)
    return folder


def cspe(capsys, demo: Path, *argv: str) -> tuple[int, str, str]:
    code = main(["--data", str(demo), *argv, "--als", "jansen"])
    out, err = capsys.readouterr()
    return code, out, err


def csv_blocks(path: Path) -> list[list[list[str]]]:
    """Per versie its table: from the line after `versie ...` to the next empty line."""
    rows = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    blocks: list[list[list[str]]] = []
    inside = False
    for row in rows:
        if row and row[0].startswith("versie "):
            blocks.append([])
            inside = True
        elif not row:
            inside = False
        elif inside:
            blocks[-1].append(row)
    return blocks


def test_the_demo_wolf_list_equals_the_scorelijsten_of_the_four_groups(demo, tmp_path, capsys):
    code, out, err = cspe(capsys, demo, "wolf", "HBR", "kb", "2026", "--csv", str(tmp_path / "w.csv"),
                          "--pdf", str(tmp_path / "w.pdf"))
    assert code == 0, err
    assert err == ""
    assert "Versie rood (onderdelen A, B, C, D): 23 kandidaten" in out
    assert ("Niet in de lijst: 3 kandidaten in een herkansing (Wolf vraagt alleen de eerste afname); "
            "versie rood: 1 kandidaat afwezig bij een onderdeel.") in out
    store = open_store(demo, user="bakker")
    expected: dict[str, list[str]] = {}
    header: list[str] = []
    for letter in "abcd":
        state = store.load_group(f"hbr-kb-2026-rood-{letter}")
        rows = scoresheet_rows(state)
        codes = [c.code for c in state.model.criteria]
        for opdracht in state.model.opdrachten:
            header.append(opdracht.nummer)
        for row in rows[1:]:
            if row[2] == "ja":
                expected[row[0]] = None  # absent in an onderdeel: not in Wolf
                continue
            if row[0] in expected and expected[row[0]] is None:
                continue
            by_code = dict(zip(codes, row[3:3 + len(codes)]))
            expected.setdefault(row[0], []).extend(
                str(sum(int(by_code[c.code]) for c in o.criteria)) for o in state.model.opdrachten
            )
    [block] = csv_blocks(tmp_path / "w.csv")
    assert block[0] == ["examennummer", "naam", *header, "totaal"]
    listed = {row[0]: row[2:-1] for row in block[2:]}
    assert listed == {nr: scores for nr, scores in expected.items() if scores is not None}
    assert "1006" not in listed
    # Checked by hand against the group overview of hbr-kb-2026-rood-a (its PDF, page 1):
    # 1001 Şükrü Yılmaz 4 7 4 6 8 6 5 4 2, total 46.
    assert listed["1001"][:9] == ["4", "7", "4", "6", "8", "6", "5", "4", "2"]
    text = "".join(page.extract_text() for page in PdfReader(tmp_path / "w.pdf").pages)
    assert "Wolf heeft geen importformaat" in text and "Onderdeel D" in text


def test_per_criterium_and_the_minimum_warning(demo, capsys):
    assert main(["--data", str(demo), "instellingen", "zet", "--wolf-minimum", "30", "--als", "bakker"]) == 0
    capsys.readouterr()
    try:
        code, out, err = cspe(capsys, demo, "wolf", "HBR", "kb", "2026", "--per-criterium")
    finally:
        main(["--data", str(demo), "instellingen", "zet", "--wolf-minimum", "6", "--als", "bakker"])
    assert code == 0
    lines = out.splitlines()
    head = next(line for line in lines if line.startswith("examennummer"))
    assert head.split()[2:5] == ["A1.1", "A1.2", "A1.3"]
    assert "Let op: Versie rood heeft 23 kandidaten; Wolf vraagt om de scores van 30 kandidaten per versie." in err


def test_an_open_group_is_named_and_left_out(tmp_path, capsys):
    folder = tmp_path / "data"
    create_demo(folder)
    code, out, err = cspe(capsys, folder, "wolf", "HBR", "kb", "2026")
    assert code == 0
    assert "Versie rood (onderdelen A, B, C): 23 kandidaten" in out
    assert "Let op: Nog niet gesloten, dus niet in de lijst: hbr-kb-2026-rood-d." in err


def test_an_unknown_cspe_is_refused_in_dutch(demo, capsys):
    code, _, err = cspe(capsys, demo, "wolf", "HBR", "xx", "2026")
    assert code == 1
    assert "Onbekende leerweg 'xx'" in err


def test_the_wolf_minimum_is_a_whole_number_of_at_least_one(demo, capsys):
    code = main(["--data", str(demo), "instellingen", "zet", "--wolf-minimum", "0", "--als", "bakker"])
    assert code == 1
    assert "Niet opgeslagen: $.wolf_minimum: moet minstens 1 zijn (gevonden: 0)" in capsys.readouterr().err
    assert open_store(demo, user="bakker").settings.wolf_minimum == 6
    assert main(["--data", str(demo), "instellingen", "toon", "--als", "bakker"]) == 0
    assert "wolf_minimum: 6 kandidaten per versie" in capsys.readouterr().out
