"""`cspe demo --als`: only the demo users, so a typo never opens the demo as a stranger."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspe_tui.cli import main


def test_demo_refuses_a_login_that_is_not_a_demo_user(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "demo"
    code = main(["--data", str(folder), "demo", "--als", "root", "--niet-starten"])
    err = capsys.readouterr().err
    assert code == 2
    assert "'root' is geen demogebruiker" in err
    assert "jansen, de_vries, bakker" in err
    assert not folder.exists()
