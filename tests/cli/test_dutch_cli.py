"""The command line speaks Dutch, argparse's own usage and errors included."""

import pytest

from cspe_tui.cli import main


def test_help_is_dutch(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("gebruik: cspe")
    assert "opties:" in out and "toon deze hulp en stop" in out


def test_missing_argument_and_unknown_command_are_dutch(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["model", "check"])
    assert exit_info.value.code == 2
    assert "cspe model check: fout: deze argumenten ontbreken: BESTAND" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["sluiten"])
    assert "fout: argument OPDRACHT: ongeldige keuze: 'sluiten'" in capsys.readouterr().err
