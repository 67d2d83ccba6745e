"""The command line speaks Dutch, argparse's own usage and errors included."""

from cspe_tui.cli import main


def test_help_is_dutch(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: cspe")
    assert "opties:" in out and "toon deze hulp en stop" in out
    assert "toon het versienummer en stop" in out
    assert "show" not in out and "version number" not in out
    assert "verklaar dat je volgens het correctievoorschrift" in out
    assert " u " not in out and " uw " not in out


def test_missing_argument_and_unknown_command_are_dutch_refusals(capsys):
    assert main(["model", "check"]) == 1
    assert "cspe model check: fout: deze argumenten ontbreken: BESTAND" in capsys.readouterr().err
    assert main(["sluiten"]) == 1
    assert "fout: argument OPDRACHT: ongeldige keuze: 'sluiten'" in capsys.readouterr().err


def test_model_table_commands_exist_only_under_model(capsys, tmp_path):
    assert main(["--help"]) == 0
    listed = [line.split()[0] for line in capsys.readouterr().out.splitlines() if line.startswith("    ") and line.split()]
    for name in ("sjabloon", "van-tabel", "naar-tabel", "pdf"):
        assert name not in listed
        assert main(["--data", str(tmp_path), name, "x"]) == 1
        assert f"ongeldige keuze: '{name}'" in capsys.readouterr().err
    assert main(["model", "--help"]) == 0
    under_model = capsys.readouterr().out
    assert all(name in under_model for name in ("sjabloon", "van-tabel", "naar-tabel", "pdf"))
