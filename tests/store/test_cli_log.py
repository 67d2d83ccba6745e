"""`cspe log` and `cspe verify`, and how the CLI finds the data folder and the user."""

from __future__ import annotations

import argparse
import json
from pathlib import Path


from cspe_tui.cli import common
from cspe_tui.cli import log as log_cli
from cspe_tui.store import open_store


def run(folder_or_path, *argv):
    """The subcommands under test, parsed the way `cspe` parses them (the main parser's --data)."""
    parser = argparse.ArgumentParser(prog="cspe")
    parser.add_argument("--data")
    log_cli.register(parser.add_subparsers(dest="command"))
    data = folder_or_path.data if hasattr(folder_or_path, "data") else folder_or_path
    args = parser.parse_args(["--data", str(data), *argv])
    try:
        return args.func(args)
    except SystemExit as exc:
        return exc.code


def test_log_prints_the_trail_with_dutch_heads(folder, capsys):
    folder.ex.set_score(folder.group_id, "1000", "B1.1", 2)
    folder.tw.set_score(folder.group_id, "1001", "B1.1", 3)
    folder.tw.set_vastgesteld(folder.group_id, "1000", "B1.1", 2, expected=folder.tw.load_group(folder.group_id).cell("1000", "B1.1"))
    assert run(folder, "log", folder.group_id, "--als", "ex") == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"Logboek van groep {folder.group_id}: 4 regels"
    assert out[1].split() == ["nr", "tijd", "gebruiker", "actie", "kandidaat", "criterium", "kolom", "oud", "nieuw"]
    assert "groep aangemaakt" in out[3] and "5 kandidaten, examinator ex, tweede tw" in out[3]
    assert out[4].split()[3:] == ["ex", "score", "1000", "B1.1", "examinator", "-", "2"]
    assert out[6].split()[3:] == ["tw", "score", "1000", "B1.1", "vastgesteld", "-", "2"]
    assert run(folder, "log", folder.group_id, "--kandidaat", "1001") == 0
    assert capsys.readouterr().out.splitlines()[0].endswith(": 1 regel")


def test_verify_ok_and_problems_exit_codes(folder, capsys):
    folder.ex.set_score(folder.group_id, "1000", "B1.1", 2)
    assert run(folder, "verify", folder.group_id) == 0
    assert capsys.readouterr().out.startswith(f"OK: groep {folder.group_id}, 2 regels")
    path = folder.data / "groups" / folder.group_id / "cand-1000.json"
    data = json.loads(path.read_text())
    next(iter(data["cells"].values()))["examinator"] = 1
    path.write_text(json.dumps(data))
    assert run(folder, "verify", folder.group_id) == 1
    out = capsys.readouterr().out
    assert "1 probleem gevonden" in out
    assert (
        "- Kandidaat 1000, criterium B1.1: examinator is 1 in cand-1000.json, maar 2 volgens het logboek "
        "(laatst gewijzigd in regel 2)." in out
    )


def test_store_errors_go_to_stderr_with_exit_1(folder, tmp_path, capsys):
    assert run(folder, "log", "bestaat-niet") == 1
    assert capsys.readouterr().err.strip() == "Groep bestaat-niet bestaat niet."
    open_store(tmp_path / "echt", create=True)
    assert run(tmp_path / "echt", "verify", "x", "--als", "iemand") == 1
    assert "kan alleen in een demomap" in capsys.readouterr().err
    assert run(tmp_path / "nergens", "log", "x") == 1
    assert "bestaat niet" in capsys.readouterr().err


def test_data_folder_resolution(tmp_path, monkeypatch):
    server = tmp_path / "srv-cspe"
    monkeypatch.setattr(common, "SERVER_DATA_DIR", server)
    monkeypatch.delenv("CSPE_DATA", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    ns = argparse.Namespace
    assert common.data_dir(ns(data=None)) == tmp_path / "xdg" / "cspe"
    server.mkdir()
    assert common.data_dir(ns(data=None)) == server
    monkeypatch.setenv("CSPE_DATA", str(tmp_path / "env"))
    assert common.data_dir(ns(data=None)) == tmp_path / "env"
    assert common.data_dir(ns(data=str(tmp_path / "arg"))) == tmp_path / "arg"


def test_identity_comes_from_the_os_not_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("USER", "nepgebruiker")
    monkeypatch.setenv("LOGNAME", "nepgebruiker")
    store = common.open_store_from_args(argparse.Namespace(data=str(tmp_path / "d"), als=None), create=True)
    import pwd
    import os

    assert store.user == pwd.getpwuid(os.getuid()).pw_name != "nepgebruiker"
    assert Path(store.folder.path) == tmp_path / "d"


def test_the_normering_in_the_log_is_written_as_dutch_writes_numbers(tmp_path, capsys):
    """Issue 20: the log wrote 'N 1.3' where everything else writes '1,3'."""
    from decimal import Decimal

    from cspe_tui.cli import main
    from cspe_tui.domain.normering import Normering, NormeringKey
    from cspe_tui.store import Settings, open_store

    data = tmp_path / "data"
    store = open_store(data, user="bakker", create=True, settings=Settings(demo=True, examensecretarissen=["bakker"]))
    store.set_normering(NormeringKey("HBR", "kb", 2026, "rood"), Normering(nterm=Decimal("1.3"), lengte=246))
    assert main(["--data", str(data), "log", "--als", "bakker"]) == 0
    out = capsys.readouterr().out
    assert "HBR kb 2026 rood: N 1,3, L 246" in out and "1.3" not in out
    assert "examensecretaris: bakker" in out and "examensecretaris(sen)" not in out
