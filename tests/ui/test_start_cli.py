"""`cspe`, `cspe start` and `--als`: who the app runs as."""

from __future__ import annotations

import pytest

from cspe_tui.cli import main
from cspe_tui.store import Settings, current_login, open_store
from cspe_tui.ui.app import CspeApp

from .conftest import EXAMINATOR, Data


@pytest.fixture
def launched(monkeypatch: pytest.MonkeyPatch) -> list[CspeApp]:
    apps: list[CspeApp] = []
    monkeypatch.setattr(CspeApp, "run", lambda self, *a, **k: apps.append(self))
    return apps


def test_start_als_in_a_demo_folder(data: Data, launched: list[CspeApp]) -> None:
    assert main(["--data", str(data.path), "start", "--als", EXAMINATOR]) == 0
    assert [app.store.user for app in launched] == [EXAMINATOR]


def test_no_subcommand_runs_as_the_os_login(data: Data, launched: list[CspeApp]) -> None:
    assert main(["--data", str(data.path)]) == 0
    assert [app.store.user for app in launched] == [current_login()]


def test_als_is_refused_outside_demo_data(tmp_path, launched: list[CspeApp], capsys) -> None:
    folder = tmp_path / "echt"
    open_store(folder, create=True, settings=Settings(examensecretarissen=[current_login()]))
    assert main(["--data", str(folder), "start", "--als", EXAMINATOR]) == 1
    assert "alleen in een demomap" in capsys.readouterr().err
    assert launched == []
