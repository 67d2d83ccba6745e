"""A small data folder for the UI tests: one generated correctiemodel, four candidates, two groups.

Built through the real store, so the tests see what the examinators would. The folder
is marked demo only so one test process may act as several users (`open_store(user=...)`).
"""

from __future__ import annotations

import asyncio
import inspect
import json
import time
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.app import App

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import Settings, Store, open_store
from cspe_tui.ui.app import CspeApp

EXAMINATOR = "jansen"
TWEEDE = "de_vries"
SECRETARIS = "bakker"
SIZE = (140, 36)
"""Wide enough for the full layout (candidate counts beside the names); tests of the narrow layouts pass their own size."""

MODEL = {
    "formaat": "cspe-correctiemodel/1",
    "examen": {
        "profielvak": "HBR",
        "leerweg": "kb",
        "jaar": 2026,
        "versie": "rood",
        "onderdeel": "A",
        "titel": "Keuken: voorbereiden, bereiden, presenteren",
        "richttijd_minuten": 120,
    },
    "opdrachten": [
        {
            "nummer": "A1",
            "titel": "Werkplek inrichten",
            "soort": "praktisch",
            "criteria": [
                {"code": "A1.1", "omschrijving": "De werkplek is volgens de checklist ingericht.", "max": 1},
                {
                    "code": "A1.2",
                    "omschrijving": "De kandidaat werkt hygiënisch en veilig.",
                    "max": 3,
                    "scorepunten": [0, 1, 3],
                    "toelichting": "3: alles goed; 1: één fout; 0: twee of meer fouten.",
                },
                {"code": "A1.3", "omschrijving": "De materialen staan klaar.", "max": 2},
            ],
        },
        {
            "nummer": "A2",
            "titel": "Gerecht bereiden",
            "soort": "praktisch",
            "criteria": [
                {
                    "code": "A2.1",
                    "omschrijving": "Het gerecht is volgens het recept bereid.",
                    "max": 12,
                    "toelichting": "Eén punt per goed uitgevoerde receptstap.",
                },
                {"code": "A2.2", "omschrijving": "De garing is goed.", "max": 3},
                {"code": "A2.3", "omschrijving": "De smaak is in balans.", "max": 2},
            ],
        },
        {
            "nummer": "A3",
            "titel": "Presenteren",
            "soort": "mondeling",
            "criteria": [
                {"code": "A3.1", "omschrijving": "De kandidaat licht de keuzes toe.", "max": 2},
                {"code": "A3.2", "omschrijving": "Het bord is verzorgd opgemaakt.", "max": 1},
            ],
        },
    ],
}
CODES = ["A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "A2.3", "A3.1", "A3.2"]

CANDIDATES = [
    Candidate(examennummer="1001", naam="Şükrü Yılmaz"),
    Candidate(examennummer="1002", naam="Emma de Boer"),
    Candidate(examennummer="1003", naam="Nguyễn Thị Mai"),
    Candidate(examennummer="1004", naam="Daan Bakker"),
]
GELIJK = "hbr-a-gelijktijdig"
ACHTERAF = "hbr-a-achteraf"

FIXED_NOW = datetime(2026, 5, 12, 8, 30, tzinfo=timezone.utc)


@dataclass
class Data:
    path: Path
    model_key: ModelKey

    def store(self, user: str) -> Store:
        return open_store(self.path, user=user)

    def app(self, user: str, **kwargs) -> CspeApp:
        return CspeApp(self.store(user), **kwargs)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests in a fresh event loop; the project has no asyncio plugin."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{name: pyfuncitem.funcargs[name] for name in names}))
    return True


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch: pytest.MonkeyPatch):
    """Every write is stamped one minute after the last, in Dutch time, so snapshots do not drift."""
    monkeypatch.setenv("TZ", "Europe/Amsterdam")
    time.tzset()
    ticks = iter(range(10_000))
    monkeypatch.setattr("cspe_tui.store.store.now", lambda: FIXED_NOW + timedelta(minutes=next(ticks)))
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture(autouse=True)
def callbacks_return_nothing(monkeypatch: pytest.MonkeyPatch):
    """A dialog's result callback that returns an awaitable (pop_screen(), dismiss()) has it awaited by
    Textual in the screen it would remove: the app stops answering for good. Fail at once instead."""
    push_screen = App.push_screen

    def checked_push_screen(self, screen, callback=None, wait_for_dismiss=False):
        if callback is not None:
            given = callback

            def callback(result):  # noqa: F811 (the checked stand-in for the screen's own)
                returned = given(result)
                if inspect.isawaitable(returned):
                    raise AssertionError(f"de callback van {type(screen).__name__} geeft {returned!r} terug")
                return returned

        return push_screen(self, screen, callback, wait_for_dismiss)

    monkeypatch.setattr(App, "push_screen", checked_push_screen)


@pytest.fixture
def data(tmp_path: Path) -> Data:
    path = tmp_path / "data"
    settings = Settings(
        school="Testschool vmbo",
        brin="99ZZ",
        telefoon="010-0000000",
        contactpersoon="B. Bakker",
        examensecretarissen=[SECRETARIS],
        demo=True,
    )
    secretaris = open_store(path, user=SECRETARIS, create=True, settings=settings)
    model_file = tmp_path / "model.json"
    model_file.write_text(json.dumps(MODEL), encoding="utf-8")
    model = secretaris.import_model(model_file)
    secretaris.create_group(model.key, CANDIDATES, EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG, group_id=GELIJK)
    # The same candidates in a second group of the same onderdeel: one per werkwijze, on purpose.
    secretaris.create_group(
        model.key, CANDIDATES, EXAMINATOR, TWEEDE, Werkwijze.ACHTERAF, group_id=ACHTERAF, confirmed=True
    )
    return Data(path=path, model_key=model.key)


def score_all(store: Store, group_id: str, examennummer: str, values: list[int]) -> None:
    for code, value in zip(CODES, values, strict=True):
        store.set_score(group_id, examennummer, code, value)
