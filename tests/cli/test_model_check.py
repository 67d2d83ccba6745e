"""`cspe model check` as a school runs it: real files, real process, exit codes."""

import json
import subprocess
import sys
from pathlib import Path

from cspe_tui.cli.model import format_schema
from tests.helpers import model_dict

REPO = Path(__file__).resolve().parents[2]


def run_check(*files: Path | str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "cspe_tui", "model", "check", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_good_file_prints_ok_with_identity_and_maximum(tmp_path):
    result = run_check(write(tmp_path / "b.json", model_dict()))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == f"{tmp_path / 'b.json'}: OK HBR kb 2026 rood onderdeel B, 5 criteria, maximumscore 9\n"


def test_bad_and_good_files_together_exit_1_and_name_each_problem(tmp_path):
    good = write(tmp_path / "goed.json", model_dict())
    broken = model_dict()
    broken["opdrachten"][0]["criteria"][0]["max"] = 0
    bad = write(tmp_path / "fout.json", broken)
    result = run_check(good, bad)
    assert result.returncode == 1
    assert f"{bad}: $.opdrachten[0].criteria[0].max: moet minstens 1 zijn (gevonden: 0)" in result.stdout
    assert f"{good}: OK" in result.stdout
    assert "1 van 2 bestanden afgekeurd." in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_and_not_utf8(tmp_path):
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes(json.dumps(model_dict(), ensure_ascii=False).encode("latin-1"))
    result = run_check(tmp_path / "weg.json", latin1)
    assert result.returncode == 1
    assert f"{tmp_path / 'weg.json'}: $: bestand niet gevonden" in result.stdout
    assert f"{latin1}: $: geen geldige UTF-8-tekst" in result.stdout


def test_50_mb_file_is_refused_quickly_without_traceback(tmp_path):
    big = tmp_path / "groot.json"
    with open(big, "wb") as handle:
        handle.write(b'{"formaat": "')
        handle.write(b"x" * 50_000_000)
        handle.write(b'"}')
    result = run_check(big)
    assert result.returncode == 1
    assert result.stdout == f"{big}: $: bestand is te groot (50,0 MB); een correctiemodel is hooguit 2 MB\n"


def test_10000_deep_file_is_refused_without_traceback(tmp_path):
    deep = tmp_path / "diep.json"
    deep.write_text("[" * 10_000 + "]" * 10_000)
    result = run_check(deep)
    assert result.returncode == 1
    assert "te diep genest" in result.stdout
    assert "Traceback" not in result.stderr


def test_two_files_with_the_same_identity_are_a_conflict(tmp_path):
    other = model_dict()
    other["opdrachten"][0]["titel"] = "Werkplek inrichten"
    a = write(tmp_path / "a.json", model_dict())
    b = write(tmp_path / "b.json", other)
    result = run_check(a, b)
    assert result.returncode == 1
    assert f"{a}, {b}: $.examen: deze bestanden hebben dezelfde identiteit (HBR kb 2026 rood onderdeel B)" in result.stdout


def test_all_bundled_sample_models_pass():
    files = sorted((REPO / "correctiemodellen").glob("*.json"))
    models = [f for f in files if f.name != "schema.json"]
    assert len(models) >= 11
    result = run_check(*files)
    assert result.returncode == 0, result.stdout
    assert result.stdout.count(": OK ") == len(models)


def test_shipped_json_schema_is_up_to_date():
    shipped = (REPO / "correctiemodellen" / "schema.json").read_text(encoding="utf-8")
    assert shipped == format_schema(), "werk bij met: cspe model schema > correctiemodellen/schema.json"
