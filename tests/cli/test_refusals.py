"""Issue 14: every bad input the adversarial run found is refused in Dutch, with its place, and changes nothing.

Exit codes: 0 done, 1 refused, 2 internal error (one Dutch line plus the file with the details).
"""

from __future__ import annotations

import grp
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cspe_tui.domain.validation import check_model_bytes

from cspe_tui.cli import build_parser, main
from cspe_tui.cli import common
from cspe_tui.cli.server import describe
from cspe_tui.store import InvalidInput, Settings, UnknownGroup, open_store
from cspe_tui.store.fs import make_dirs
from tests.helpers import model_dict
from tests.store.helpers import EX, SEC, TW, as_user, make_folder

LATIN1_E = b"caf\xe9"
"""What a Latin-1 terminal sends for 'café'."""


@pytest.fixture
def folder(tmp_path: Path) -> tuple[Path, str, str]:
    data = tmp_path / "data"
    group_id, key = make_folder(data, tmp_path, candidates=2, opdrachten=1, per_opdracht=2)
    return data, group_id, key.slug


def run(capsys: pytest.CaptureFixture[str], *argv: str | bytes) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file's content: a refusal must leave all of them as they were."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink() and p.name != ".lock"
    }


def write_model(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- correctiemodel files ---------------------------------------------------------


def test_a_max_with_thousands_of_digits_is_refused_with_its_place(tmp_path, capsys):
    text = json.dumps(model_dict()).replace('"max": 1', '"max": ' + "9" * 5000, 1)
    path = tmp_path / "groot.json"
    path.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "model", "check", str(path))
    assert code == 1
    assert out == f"{path}: $.opdrachten[0].criteria[0].max: moet een geheel getal zijn (gevonden: een getal van 5000 cijfers)\n"
    assert "Traceback" not in err


def test_empty_scorepunten_are_refused_with_their_place(tmp_path, capsys):
    data = model_dict()
    data["opdrachten"][0]["criteria"][0]["scorepunten"] = []
    path = write_model(tmp_path / "leeg.json", data)
    code, out, _ = run(capsys, "model", "check", str(path))
    assert code == 1
    assert f"{path}: $.opdrachten[0].criteria[0]: scorepunten is een lege lijst" in out


def test_a_lone_surrogate_is_refused_at_check_and_import_and_never_gets_stuck(folder, tmp_path, capsys):
    data_dir, _, _ = folder
    good = model_dict()
    good["examen"]["versie"] = "blauw"
    bad = json.loads(json.dumps(good))
    bad["opdrachten"][0]["criteria"][1]["toelichting"] = "26 \ud800C"
    path = tmp_path / "surrogaat.json"
    path.write_text(json.dumps(bad), encoding="utf-8")  # json writes it as \ud800, as the school's file had it
    code, out, _ = run(capsys, "model", "check", str(path))
    assert code == 1
    place = "$.opdrachten[0].criteria[1].toelichting: een ongeldig teken op positie 4: U+D800"
    assert f"{path}: {place}" in out
    before = snapshot(data_dir)
    code, _, err = run(capsys, "--data", str(data_dir), "model", "import", str(path), "--als", SEC)
    assert code == 1 and place in err
    assert snapshot(data_dir) == before

    # A model that an older version let in, as the adversarial run left it: the corrected file replaces it.
    stuck = data_dir / "correctiemodellen" / "HBR-kb-2026-blauw-B.json"
    stuck.write_text(json.dumps(bad), encoding="utf-8")
    fixed = write_model(tmp_path / "verbeterd.json", good)
    code, out, err = run(capsys, "--data", str(data_dir), "model", "import", str(fixed), "--als", SEC)
    assert code == 0, err
    assert "ingelezen als HBR-kb-2026-blauw-B" in out
    assert check_model_bytes(stuck.read_bytes()).model == check_model_bytes(json.dumps(good).encode()).model


def test_pydantic_english_never_reaches_the_user(tmp_path, capsys):
    data = model_dict()
    data["opdrachten"][0]["criteria"][0]["max"] = [1, {"a": None}]
    data["opdrachten"][0]["titel"] = {"nested": ["x"]}
    path = write_model(tmp_path / "raar.json", data)
    code, out, _ = run(capsys, "model", "check", str(path))
    assert code == 1
    assert "Input should" not in out and "valid" not in out
    assert f"{path}: $.opdrachten[0].titel: moet tekst zijn" in out


# --- command line -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "place"),
    [
        (["groep", "nieuw", "--model", "M", "--kandidaten", "k.csv", "--examinator", LATIN1_E, "--tweede", "x"],
         "argument 10 (de waarde van --examinator)"),
        (["aanvulling", "zet", "M", "B1.1", "--tekst", LATIN1_E, "--datum", "1 juni"], "argument 8 (de waarde van --tekst)"),
        (["aanvulling", "zet", "M", "B1.1", "--tekst", "x", b"--datum=" + LATIN1_E], "argument 9 (--datum)"),
        (["server", "init", "--groep", "cspe", "--school", LATIN1_E], "argument 8 (de waarde van --school)"),
        (["server", "init", "--groep", "cspe", "--contactpersoon", LATIN1_E], "argument 8 (de waarde van --contactpersoon)"),
        (["model", "check", LATIN1_E + b".json"], "argument 5"),
        (["start", "--als", LATIN1_E], "argument 5 (de waarde van --als)"),
        (["export", "G", "--uit", LATIN1_E], "argument 6 (de waarde van --uit)"),
    ],
)
def test_non_utf8_arguments_are_refused_with_their_place(argv, place, tmp_path, capsys):
    code, out, err = run(capsys, "--data", str(tmp_path / "data"), *argv)
    assert code == 1
    assert out == ""
    assert err.startswith(f"cspe: {place}: bevat bytes die geen UTF-8 zijn (")
    assert "caf\\xe9" in err and "stel de terminal in op UTF-8" in err
    assert not (tmp_path / "data").exists()


def test_control_characters_in_arguments_are_refused(tmp_path, capsys):
    code, _, err = run(capsys, "--data", str(tmp_path), "log", "G\x1b[2J")
    assert code == 1
    assert err == (
        "cspe: argument 4: een stuurteken op positie 2: U+001B (ESCAPE); "
        "een argument mag geen stuurtekens of regelovergangen bevatten\n"
    )


def test_a_latin1_file_name_in_a_real_process_with_an_ascii_stdout(tmp_path):
    env = {**os.environ, "PYTHONIOENCODING": "ascii:strict", "LC_ALL": "C.UTF-8"}
    result = subprocess.run(
        [sys.executable, "-m", "cspe_tui", "model", "check", os.fsdecode(bytes(tmp_path) + b"/" + LATIN1_E)],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr
    assert b"bevat bytes die geen UTF-8 zijn" in result.stderr


def test_version_help_line_is_dutch(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "--version toon het versienummer en stop" in " ".join(out.split())


def test_export_into_proc_says_why_in_dutch(folder, capsys):
    data_dir, group_id, _ = folder
    code, out, err = run(capsys, "--data", str(data_dir), "export", group_id, "--csv", "--uit", "/proc", "--als", EX)
    assert code == 1
    assert "Kan niet schrijven in /proc: in deze map kunnen geen bestanden worden gemaakt." in err
    assert "No such file" not in err


def test_log_for_a_candidate_that_is_not_in_the_group(folder, capsys):
    data_dir, group_id, _ = folder
    code, out, err = run(capsys, "--data", str(data_dir), "log", group_id, "--kandidaat", "9999", "--als", EX)
    assert code == 1
    assert out == ""
    assert err == f"Kandidaat 9999 hoort niet bij groep {group_id}.\n"


@pytest.mark.parametrize("service", [None, "cspe"])
def test_server_init_suggests_only_commands_that_exist(tmp_path, service):
    _, next_steps = describe(tmp_path, grp.getgrgid(os.getgid()), Settings(), fresh=True, service=service)
    commands = [line.strip().split()[1:] for line in next_steps if line.strip().startswith("cspe ")]
    assert commands
    parser = build_parser()
    for argv in commands:
        filled = [{"BESTAND.json": "m.json", "...": "n.json"}.get(a, a) for a in argv]
        parser.parse_args(filled)  # argparse exits on an unknown command


def test_internal_errors_exit_2_with_one_dutch_line_and_the_details_in_a_file(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(common, "_log_folders", lambda: [tmp_path / "logs"])
    import cspe_tui.cli.model as model_cli

    def broken(args):
        return 1 // 0

    monkeypatch.setattr(model_cli, "run_schema", broken)
    code, out, err = run(capsys, "model", "schema")
    assert code == 2
    assert "Traceback" not in err
    [log] = (tmp_path / "logs").iterdir()
    assert err == (
        f"cspe: interne fout (ZeroDivisionError); dit ligt niet aan je invoer. De details staan in {log}; "
        "stuur dat bestand naar de beheerder van cspe.\n"
    )
    details = log.read_text(encoding="utf-8")
    assert "Traceback" in details and "ZeroDivisionError" in details and "cspe model schema" in details
    assert stat.S_IMODE(log.stat().st_mode) == 0o600


# --- data folder ------------------------------------------------------------------


def test_a_50_mb_remark_is_refused_and_the_group_is_unchanged(folder):
    data_dir, group_id, _ = folder
    ex = as_user(data_dir, EX)
    before = snapshot(data_dir)
    with pytest.raises(InvalidInput) as refused:
        ex.add_remark(group_id, "1000", None, "x" * 50_000_000)
    assert str(refused.value) == (
        "De opmerking kan zo niet worden opgeslagen: te lang: 50000000 tekens; een opmerking is hooguit 4000 tekens."
    )
    with pytest.raises(InvalidInput, match="U\\+001B"):
        ex.add_remark(group_id, "1000", None, "kijk \x1b[2J hier")
    assert snapshot(data_dir) == before


def test_a_symlink_in_groups_is_not_a_group_and_is_never_written_through(folder, tmp_path):
    data_dir, group_id, _ = folder
    outside = tmp_path / "buiten"
    import shutil

    shutil.copytree(data_dir / "groups" / group_id, outside)
    (data_dir / "groups" / "gekoppeld").symlink_to(outside)
    before = snapshot(outside)
    ex = as_user(data_dir, EX)
    assert ex.group_ids() == [group_id]
    with pytest.raises(UnknownGroup, match="koppeling"):
        ex.set_score("gekoppeld", "1000", "B1.1", 1)
    assert snapshot(outside) == before


@pytest.mark.parametrize("umask", [0o077, 0o000, 0o022])
def test_export_folders_inside_the_data_folder_are_2770_whatever_the_umask(folder, umask, capsys):
    data_dir, _, slug = folder
    target = data_dir / "exports" / f"meldingen-{umask:o}" / "model"
    old = os.umask(umask)
    try:
        code, _, err = run(capsys, "--data", str(data_dir), "meldingen", slug, "--txt", "--uit", str(target), "--als", EX)
        make_dirs(data_dir / "exports" / "cijferlijsten" / f"u{umask:o}")
    finally:
        os.umask(old)
    assert code == 0, err
    for made in (target, target.parent, data_dir / "exports" / "cijferlijsten" / f"u{umask:o}"):
        assert stat.S_IMODE(made.stat().st_mode) == 0o2770, made
