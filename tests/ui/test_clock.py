"""One clock: on a server that runs in UTC, the screen, `cspe log`, the PDF and the melding
file all show the school's time (tijdzone, default Europe/Amsterdam), and agree.

The store's clock is fixed by the shared `fixed_clock` fixture at 08:30 UTC on 12 May 2026
(CEST, so 10:30 in Amsterdam) plus one minute per write.
"""

from __future__ import annotations

import io
import re
import time
from datetime import timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader

from cspe_tui.cli import main
from cspe_tui.domain.clock import format_moment, local
from cspe_tui.exports.pdf import beoordelingsmodel_pdf_bytes
from cspe_tui.exports.school import SchoolInfo
from cspe_tui.store import open_store
from cspe_tui.ui.screens.melding import MeldingScreen
from cspe_tui.ui.screens.remarks import RemarksScreen

from .conftest import ACHTERAF, EXAMINATOR, FIXED_NOW, GELIJK, SECRETARIS, SIZE, Data
from .pilot_helpers import open_group, screen_text


@pytest.fixture
def server_in_utc(monkeypatch: pytest.MonkeyPatch, fixed_clock):
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    time.tzset()


def _moments(text: str) -> set[str]:
    """Times of day on the exam's day (12 May): the real clock's "Opgesteld" line is another day."""
    return set(re.findall(r"\b12-05(?:-2026)? (\d\d:\d\d)\b", text)) | set(
        re.findall(r"\b2026-05-12 (\d\d:\d\d)", text)
    )


async def test_screen_log_pdf_and_melding_file_agree_in_school_time(
    data: Data, server_in_utc, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store = data.store(EXAMINATOR)
    # The fixed clock moves one minute each time the store asks it, from 08:30 UTC.
    melding = store.add_melding(data.model_key, "A1", "A1.1", "De checklist noemt een ander mes.", "tijdens de afname")
    remark = store.add_remark(GELIJK, "1001", "A1.1", "Mes gecontroleerd met de tweede examinator.")
    assert melding.at.utcoffset() == remark.at.utcoffset() == timedelta(0)
    assert FIXED_NOW < melding.at < remark.at < FIXED_NOW + timedelta(hours=1)
    assert time.localtime().tm_zone == "UTC"
    utc_melding, utc_remark = melding.at.strftime("%H:%M"), remark.at.strftime("%H:%M")
    # CEST is UTC+2, worked out here by hand rather than by the code under test.
    melding_at = f"{melding.at.hour + 2:02d}:{melding.at.minute:02d}"
    remark_at = f"{remark.at.hour + 2:02d}:{remark.at.minute:02d}"

    async with data.app(EXAMINATOR).run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        await pilot.pause()
        shown = screen_text(pilot)
    assert f"Opmerking van {EXAMINATOR}, 12-05 {remark_at}" in shown
    assert f"12-05 {melding_at}): De checklist" in shown

    assert main(["--data", str(data.path), "log", GELIJK, "--als", EXAMINATOR]) == 0
    log = capsys.readouterr().out
    (remark_line,) = [line for line in log.splitlines() if "opmerking" in line.lower() and "1001" in line]
    assert f"2026-05-12 {remark_at}:00" in remark_line
    assert "Tijden in Europe/Amsterdam" in log

    pdf = beoordelingsmodel_pdf_bytes(
        store.load_group(GELIJK), SchoolInfo.from_settings(store.settings), now=FIXED_NOW
    )
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert f"12-05-2026 {remark_at}" in pdf_text and f"12-05-2026 {melding_at}" in pdf_text
    assert "Afgedrukt 12-05-2026 10:30" in " ".join(pdf_text.split())

    out = tmp_path / "meldingen"
    out.mkdir()
    assert main(["--data", str(data.path), "meldingen", "HBR-kb-2026-rood-A", "--txt", "--uit", str(out)]) == 0
    (txt,) = out.glob("*.txt")
    melding_text = txt.read_text(encoding="utf-8")
    assert re.search(rf"Datum:\s+12-05-2026 {melding_at}", melding_text)

    # Nowhere the server's own (UTC) clock.
    for text in (shown, log, pdf_text, melding_text):
        assert not _moments(text) & {utc_melding, utc_remark}


def test_the_tijdzone_setting_moves_every_clock(data: Data, server_in_utc, capsys) -> None:
    secretaris = data.store(SECRETARIS)
    secretaris.save_settings(secretaris.settings.model_copy(update={"tijdzone": "Europe/London"}))
    remark = data.store(EXAMINATOR).add_remark(GELIJK, "1002", None, "Te laat binnen.")
    bst = f"{remark.at.hour + 1:02d}:{remark.at.minute:02d}"  # BST is UTC+1
    assert format_moment(remark.at, "Europe/London") == f"12-05-2026 {bst}"
    assert main(["--data", str(data.path), "log", GELIJK, "--als", EXAMINATOR]) == 0
    assert f"2026-05-12 {bst}:00" in capsys.readouterr().out
    school = SchoolInfo.from_settings(open_store(data.path, user=EXAMINATOR).settings)
    assert school.tijdzone == "Europe/London"
    assert local(remark.at, school.tijdzone).utcoffset().total_seconds() == 3600


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_dialogs_and_banner_show_the_school_clock_from_the_apps_context(
    data: Data, server_in_utc, size: tuple[int, int]
) -> None:
    """A school in New York on a server in UTC: remarks, meldingen and the banner of a vervallen group."""
    secretaris = data.store(SECRETARIS)
    secretaris.save_settings(secretaris.settings.model_copy(update={"tijdzone": "America/New_York"}))
    store = data.store(EXAMINATOR)
    melding = store.add_melding(data.model_key, "A1", "A1.1", "De checklist noemt een ander mes.", "tijdens de afname")
    remark = store.add_remark(GELIJK, "1001", "A1.1", "Mes gecontroleerd.")
    withdrawal = secretaris.withdraw_group(ACHTERAF, "dubbel aangemaakt")

    def new_york(moment) -> str:  # EDT is UTC-4, worked out here by hand
        return f"12-05 {moment.hour - 4:02d}:{moment.minute:02d}"

    assert len({new_york(melding.at), new_york(remark.at), new_york(withdrawal.at)}) == 3
    app = data.app(EXAMINATOR)
    async with app.run_test(size=size) as pilot:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A1.1")
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, RemarksScreen)
        (option,) = app.screen.query_one("#remark-list").options
        assert f"{EXAMINATOR}, {new_york(remark.at)}" in str(option.prompt)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, MeldingScreen)
        existing = str(app.screen.query_one("#melding-existing").content)
        assert f"{EXAMINATOR}, {new_york(melding.at)} (tijdens de afname)" in existing
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await open_group(pilot, ACHTERAF)
        assert f"VERVALLEN op {new_york(withdrawal.at)} door {SECRETARIS}" in screen_text(pilot)


def test_an_unknown_tijdzone_is_named_and_a_hand_edit_changes_nothing(data: Data) -> None:
    import json

    from pydantic import ValidationError

    from cspe_tui.store import Settings

    with pytest.raises(ValidationError, match="tijdzone 'Europa/Amsterdam' bestaat niet"):
        Settings(tijdzone="Europa/Amsterdam")
    path = data.path / "settings.json"
    settings = json.loads(path.read_text())
    settings["tijdzone"] = "Europa/Amsterdam"
    path.write_text(json.dumps(settings))
    # settings.json is a checkpoint of the folder log: editing it by hand changes nothing.
    assert open_store(data.path, user=EXAMINATOR).settings.tijdzone == "Europe/Amsterdam"


def test_settings_without_tijdzone_still_load(data: Data) -> None:
    import json

    path = data.path / "settings.json"
    settings = json.loads(path.read_text())
    settings.pop("tijdzone", None)
    path.write_text(json.dumps(settings))
    assert open_store(data.path, user=EXAMINATOR).settings.tijdzone == "Europe/Amsterdam"
