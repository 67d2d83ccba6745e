"""Settings are changed through the folder log, by the examensecretaris only."""

from pathlib import Path

from cspe_tui.cli import main
from tests.store.helpers import EX, SEC, as_user, make_folder


def test_the_examensecretaris_sets_tijdzone_and_a_key_and_they_are_logged(tmp_path: Path, capsys):
    data = tmp_path / "data"
    make_folder(data, tmp_path)
    code = main(["--data", str(data), "instellingen", "zet", "--tijdzone", "Europe/London",
                 "--toets", "overnemen=g", "--als", SEC])
    assert code == 0, capsys.readouterr().err
    assert "Instellingen bijgewerkt (tijdzone, keymap)" in capsys.readouterr().out
    settings = as_user(data, EX).settings
    assert (settings.tijdzone, settings.keymap) == ("Europe/London", {"overnemen": "g"})
    assert main(["--data", str(data), "log", "--als", SEC]) == 0
    assert "instellingen" in capsys.readouterr().out
    assert main(["--data", str(data), "instellingen", "toon", "--als", EX]) == 0
    assert "toetsen: overnemen=g" in capsys.readouterr().out


def test_an_examinator_or_a_bad_zone_changes_nothing(tmp_path: Path, capsys):
    data = tmp_path / "data"
    make_folder(data, tmp_path)
    before = as_user(data, EX).settings
    assert main(["--data", str(data), "instellingen", "zet", "--school", "Andere school", "--als", EX]) == 1
    assert "examensecretaris" in capsys.readouterr().err
    assert main(["--data", str(data), "instellingen", "zet", "--tijdzone", "Europa/Amsterdam", "--als", SEC]) == 1
    assert "tijdzone 'Europa/Amsterdam' bestaat niet" in capsys.readouterr().err
    assert main(["--data", str(data), "instellingen", "zet", "--toets", "overnemen", "--als", SEC]) == 1
    assert "schrijf ID=TOETSEN" in capsys.readouterr().err
    assert as_user(data, EX).settings == before
