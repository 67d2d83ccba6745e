"""`cspe cijfer` as a school uses it: last line is the cijfer, bad input is a Dutch error."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from cspe_tui.cli import main
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import Settings, open_store


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["cijfer", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("nterm", ["1,3", "1.3"])
def test_prints_cijfer_with_decimal_comma_on_last_line(capsys, nterm: str) -> None:
    # L=90, N=1.3, S=45: 4.5 + 1.3 = 5.8; clamps 1 + 9 = 10 and 10 - 45*0.05 = 7.75 -> 5.8.
    code, out, err = run(capsys, "--score", "45", "--lengte", "90", "--nterm", nterm)
    assert code == 0
    assert out.splitlines()[-1] == "5,8"
    assert err == ""


def test_exact_half_rounds_up(capsys) -> None:
    # L=20, N=0.9, S=7: 3.15 + 0.9 = 4.05 -> 4,1.
    code, out, _ = run(capsys, "--score", "7", "--lengte", "20", "--nterm", "0,9")
    assert code == 0
    assert out.splitlines()[-1] == "4,1"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--score", "10", "--lengte", "90", "--nterm", "2.5"], "tussen 0,0 en 2,0"),
        (["--score", "10", "--lengte", "90", "--nterm", "abc"], "N-term 'abc'"),
        (["--score", "10", "--lengte", "90", "--nterm", "1,25"], "hooguit één decimaal"),
        (["--score", "0", "--lengte", "0", "--nterm", "1"], "groter dan 0"),
        (["--score", "91", "--lengte", "90", "--nterm", "1"], "groter dan de schaallengte"),
        (["--score", "-3", "--lengte", "90", "--nterm", "1"], "0 of meer"),
        (["--score=-3", "--lengte", "90", "--nterm", "1"], "0 of meer"),
    ],
)
def test_bad_input_is_dutch_error_and_exit_1(capsys, args: list[str], fragment: str) -> None:
    code, out, err = run(capsys, *args)
    assert code == 1
    assert out == ""
    assert err.startswith("Fout: ")
    assert fragment in err


def test_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "cspe_tui", "cijfer", "--score", "52", "--lengte", "90", "--nterm", "1,3"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    # 5.2 + 1.3 = 6.5
    assert result.stdout.splitlines()[-1] == "6,5"
    bad = subprocess.run(
        [sys.executable, "-m", "cspe_tui", "cijfer", "--score", "5", "--lengte", "0", "--nterm", "1"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 1
    assert "schaallengte" in bad.stderr


# --- `cspe normering` and `cspe cijferlijst` on a real data folder ------------------

SEC, EX, TW = "desmet", "jansen", "pietersen"
NAMES = {"101": "Şükrü Yılmaz", "102": "Łukasz Wójcik", "103": "Nguyễn Thị Mai"}
# First attempt (rood), one criterium of max 25 per onderdeel; None = absent.
FIRST = {"101": (20, 5, 25, 10), "102": (25, 25, 25, 25), "103": (10, 10, None, 10)}


def model_file(folder: Path, letter: str, versie: str) -> Path:
    path = folder / f"model-{letter}-{versie}.json"
    path.write_text(
        json.dumps(
            {
                "formaat": "cspe-correctiemodel/1",
                "examen": {
                    "profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": versie,
                    "onderdeel": letter, "titel": f"Onderdeel {letter}",
                },
                "opdrachten": [
                    {
                        "nummer": f"{letter}1", "titel": "Opdracht", "soort": "praktisch",
                        "criteria": [{"code": f"{letter}1.1", "omschrijving": "Goed gedaan.", "max": 25}],
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    return path


def closed_group(sec, ex, tw, folder: Path, letter: str, versie: str, scores: dict, herkansing: bool = False) -> str:
    model = sec.import_model(model_file(folder, letter, versie))
    cands = [Candidate(examennummer=nr, naam=NAMES[nr]) for nr in scores]
    gid = sec.create_group(model.key, cands, EX, TW, Werkwijze.ACHTERAF, herkansing=herkansing).info.group_id
    for nr, score in scores.items():
        if score is None:
            ex.set_absent(gid, nr, True)
            continue
        for store in (ex, tw):
            store.set_score(gid, nr, f"{letter}1.1", score)
    ex.declare(gid)
    tw.declare(gid)
    sec.close(gid)
    return gid


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """HBR kb 2026: A-D rood closed, and a closed herkansing of B (blauw) for 101; no normering yet."""
    folder = tmp_path / "data"
    sec = open_store(folder, user=SEC, create=True, settings=Settings(demo=True, examensecretarissen=[SEC]))
    ex, tw = open_store(folder, user=EX), open_store(folder, user=TW)
    for i, letter in enumerate("ABCD"):
        closed_group(sec, ex, tw, tmp_path, letter, "rood", {nr: s[i] for nr, s in FIRST.items()})
    closed_group(sec, ex, tw, tmp_path, "B", "blauw", {"101": 20}, herkansing=True)
    return folder


def cli(capsys, folder: Path, *argv: str, als: str = SEC) -> tuple[int, str, str]:
    code = main(["--data", str(folder), *argv, "--als", als])
    out, err = capsys.readouterr()
    return code, out, err


def test_cijferlijst_without_normering_gives_reasons_not_cijfers(data, capsys) -> None:
    code, out, err = cli(capsys, data, "cijferlijst", "HBR", "kb", "2026")
    assert code == 0, err
    assert "geen N-term en L ingevoerd voor HBR kb 2026 rood" in out
    assert "3 kandidaten, 0 met een cijfer." in out


def test_normering_only_by_examensecretaris(data, capsys) -> None:
    code, out, err = cli(capsys, data, "normering", "zet", "HBR", "kb", "2026", "rood", "--nterm", "1,0", "--lengte", "100", als=EX)
    assert code == 1
    assert "Alleen de examensecretaris" in err
    code, out, _ = cli(capsys, data, "normering", "lijst", als=EX)
    assert code == 0
    assert out.strip() == "Er is nog geen normering vastgelegd."


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("HBR", "kb", "2026", "rood", "--nterm", "2,5", "--lengte", "100"), "tussen 0,0 en 2,0"),
        (("HBR", "kb", "2026", "rood", "--nterm", "1,25", "--lengte", "100"), "hooguit één decimaal"),
        (("HBR", "kb", "2026", "rood", "--nterm", "1,0", "--lengte", "0"), "groter dan 0"),
        (("HBR", "kb", "2026", "rood", "--nterm", "1,0", "--lengte", "9,5"), "geheel getal"),
        (("HBR", "kb", "2026", "groen", "--nterm", "1,0", "--lengte", "100"), "Onbekende versie 'groen'"),
        (("XYZ", "kb", "2026", "rood", "--nterm", "1,0", "--lengte", "100"), "Onbekend profielvak"),
        (("HBR", "kb", "26", "rood", "--nterm", "1,0", "--lengte", "100"), "geen jaartal"),
        (("HBR", "kb", "2026", "rood", "--nterm", "1,0", "--lengte", "99"),
         "HBR kb 2026 rood is niet vastgelegd: L = 99 is kleiner dan de totaalscore 100 die een kandidaat al heeft gehaald"),
        (("HBR", "kb", "2026", "rood", "--herkansing", "B", "--nterm", "1,0", "--lengte", "60"),
         "kleiner dan de totaalscore 75"),
        (("HBR", "kb", "2026", "rood", "--herkansing", "B", "--nterm", "1,0", "--lengte", "90"),
         "kleiner dan de maximumscore 100"),
        (("HBR", "kb", "2026", "rood", "--herkansing", "E", "--nterm", "1,0", "--lengte", "100"), "geen A, B, C of D"),
        (("HBR", "kb", "2026", "rood", "--herkansing", "B,B", "--nterm", "1,0", "--lengte", "100"), "twee keer"),
    ],
)
def test_normering_refuses_bad_values(data, capsys, args, fragment: str) -> None:
    code, _, err = cli(capsys, data, "normering", "zet", *args)
    assert code == 1
    assert fragment in err
    assert cli(capsys, data, "normering", "lijst")[1].strip() == "Er is nog geen normering vastgelegd."


def test_normering_and_cijferlijst_with_herkansing(data, capsys, tmp_path) -> None:
    code, out, _ = cli(capsys, data, "cijferlijst", "HBR", "kb", "2026")
    # The list asks for each combination it needs, with its maximum and how to enter it.
    assert (
        "  HBR kb 2026, herkansing B blauw (rest rood): nog geen N-term en L (maximumscore 100); "
        "cspe normering zet HBR kb 2026 rood --herkansing B --nterm N --lengte 100"
    ) in out.splitlines()
    assert cli(capsys, data, "normering", "zet", "HBR", "kb", "2026", "rood", "--nterm", "1.0", "--lengte", "100")[0] == 0
    code, out, err = cli(
        capsys, data, "normering", "zet", "HBR", "kb", "2026", "rood", "--herkansing", "B", "--nterm", "0,8", "--lengte", "110"
    )
    assert code == 0
    assert out.strip() == "Normering vastgelegd voor HBR kb 2026, herkansing B blauw (rest rood): N = 0,8, L = 110"
    assert err.strip() == (
        "Let op: L = 110 wijkt af van de maximumscore 100 van deze combinatie; controleer de N-L-tool."
    )
    # Setting again replaces: one entry per combination, and the change is kept.
    assert cli(
        capsys, data, "normering", "zet", "HBR", "kb", "2026", "rood", "--herkansing", "B:blauw", "--nterm", "0,8",
        "--lengte", "100",
    )[0] == 0
    code, out, _ = cli(capsys, data, "normering", "lijst", "--geschiedenis")
    lines = out.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("HBR kb 2026 rood ") and "N = 1,0  L = 100  (desmet, " in lines[0]
    assert lines[2].startswith("HBR kb 2026, herkansing B blauw (rest rood)") and "N = 0,8  L = 100" in lines[2]
    assert lines[3].endswith("desmet: (niets) -> N = 0,8, L = 110")
    assert lines[4].endswith("desmet: N = 0,8, L = 110 -> N = 0,8, L = 100")

    csv_path, pdf_path = tmp_path / "lijst.csv", tmp_path / "lijst.pdf"
    code, out, err = cli(capsys, data, "cijferlijst", "HBR", "kb", "2026", "--csv", str(csv_path), "--pdf", str(pdf_path))
    assert code == 0, err
    assert "3 kandidaten, 2 met een cijfer." in out
    rows = list(csv.reader(io.StringIO(csv_path.read_bytes().decode("utf-8-sig")), delimiter=";"))
    by_nr = {row[0]: row for row in rows[1:]}
    # 101: S = 60 -> 6,4; herkansing B 20: S = 75, N 0,8 -> 7,55 -> 7,6 (clamps 4,375 and 5,5).
    assert by_nr["101"][2:16] == ["20", "5", "25", "10", "60", "100", "1,0", "6,4", "20", "75", "100", "0,8", "7,6", "7,6"]
    # 102: S = 100 -> 10,0, no herkansing.
    assert by_nr["102"][9] == "10,0" and by_nr["102"][15] == "10,0"
    # 103: absent for C: never a cijfer.
    assert by_nr["103"][4] == "afwezig" and by_nr["103"][9] == "" and by_nr["103"][15] == ""
    assert "onderdeel C: afwezig" in by_nr["103"][16]
    text = " ".join(page.extract_text() for page in PdfReader(pdf_path).pages)
    assert "Nguyễn Thị Mai" in text and "7,6" in text and "10,0" in text


def test_cijferlijst_unknown_cspe(data, capsys) -> None:
    code, _, err = cli(capsys, data, "cijferlijst", "PIE", "gl", "2026")
    assert code == 1
    assert "geen groepen" in err
    code, _, err = cli(capsys, data, "cijferlijst", "HBR", "xx", "2026")
    assert code == 1
    assert "Onbekende leerweg" in err


@pytest.mark.parametrize(
    ("herkansing", "fragment"),
    [
        ("", "--herkansing is leeg: noem de herkanste onderdelen"),
        ("B:rood", "een herkansing is in de andere versie dan de 1e afname (rood), dus blauw"),
    ],
)
def test_normering_refuses_an_empty_or_same_colour_herkansing(data, capsys, herkansing: str, fragment: str) -> None:
    """Issue 20: `--herkansing ''` set the first afname, and `B:rood` was taken for a herkansing."""
    code, _, err = cli(
        capsys, data, "normering", "zet", "HBR", "kb", "2026", "rood", "--herkansing", herkansing,
        "--nterm", "1,0", "--lengte", "100",
    )
    assert code == 1
    assert fragment in err
    assert cli(capsys, data, "normering", "lijst")[1].strip() == "Er is nog geen normering vastgelegd."


def test_normering_for_an_unknown_maximum_says_so(data, capsys) -> None:
    """Issue 20: a cspe without models was told 'wijkt af van de maximumscore 0'."""
    code, out, err = cli(capsys, data, "normering", "zet", "PIE", "gl", "2026", "rood", "--nterm", "1,0", "--lengte", "300")
    assert code == 0
    assert "maximumscore 0" not in err
    assert "de maximumscore van deze combinatie is niet bekend" in err and "L = 300 is niet gecontroleerd" in err


def test_an_overwrite_names_what_it_replaces(data, capsys) -> None:
    base = ("normering", "zet", "HBR", "kb", "2026", "rood")
    assert cli(capsys, data, *base, "--nterm", "1,3", "--lengte", "100")[0] == 0
    code, out, _ = cli(capsys, data, *base, "--nterm", "1,1", "--lengte", "100")
    assert code == 0
    assert "Dit vervangt N = 1,3, L = 100 (vastgelegd door desmet op " in out
    code, out, _ = cli(capsys, data, *base, "--nterm", "1,1", "--lengte", "100")
    assert "Dit was al zo vastgelegd; er is niets veranderd." in out


def test_a_normering_entered_by_mistake_is_withdrawn_with_its_history_kept(data, capsys) -> None:
    """Issue 20: a normering could never be withdrawn; now `trek-in` does, logged, examensecretaris only."""
    key = ("HBR", "kb", "2026", "rood", "--herkansing", "B")
    assert cli(capsys, data, "normering", "zet", *key, "--nterm", "0,8", "--lengte", "100")[0] == 0
    code, _, err = cli(capsys, data, "normering", "trek-in", *key, "--reden", "vergissing", als=EX)
    assert code == 1 and "Alleen de examensecretaris mag de normering (N-term en L) intrekken" in err
    code, _, err = cli(capsys, data, "normering", "trek-in", *key, "--reden", "  ")
    assert code == 1 and "Geef een reden" in err
    code, out, err = cli(capsys, data, "normering", "trek-in", *key, "--reden", "verkeerde combinatie")
    assert code == 0, err
    assert out.startswith("Normering ingetrokken voor HBR kb 2026, herkansing B blauw (rest rood) (was N = 0,8, L = 100")
    code, _, err = cli(capsys, data, "normering", "trek-in", *key, "--reden", "nog eens")
    assert code == 1 and "geen normering vastgelegd; er is niets in te trekken" in err
    assert cli(capsys, data, "normering", "lijst")[1].strip() == "Er is nog geen normering vastgelegd."
    history = cli(capsys, data, "normering", "lijst", "--geschiedenis")[1].splitlines()
    assert "ingetrokken  (desmet, " in history[0]
    assert history[1].endswith("desmet: (niets) -> N = 0,8, L = 100")
    assert history[2].endswith("desmet: N = 0,8, L = 100 -> ingetrokken: verkeerde combinatie")
    out = cli(capsys, data, "cijferlijst", "HBR", "kb", "2026")[1]
    assert "herkansing B blauw (rest rood): nog geen N-term en L" in out
    log = cli(capsys, data, "log")[1]
    assert "normering ingetrokken" in log and "HBR kb 2026, herkansing B blauw (rest rood): verk" in log
    # Set again: the history goes on from the withdrawal.
    assert cli(capsys, data, "normering", "zet", *key, "--nterm", "0,9", "--lengte", "100")[0] == 0
    history = cli(capsys, data, "normering", "lijst", "--geschiedenis")[1].splitlines()
    assert history[-1].endswith("desmet: (niets) -> N = 0,9, L = 100") and len(history) == 4
    assert cli(capsys, data, "verify")[0] == 0
