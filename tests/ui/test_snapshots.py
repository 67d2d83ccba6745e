"""Snapshots of the start screen, the scoring screen in both ways of working, per opdracht, and the dialogs.

The main screens are taken at 80x24 (the baseline: PuTTY, macOS Terminal), 100x30 and
120x40; the other dialogs at the tests' wide SIZE.

Update after a deliberate change with `pytest tests/ui/test_snapshots.py --snapshot-update`
and look at the SVGs in __snapshots__ before committing them.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from cspe_tui.ui.app import CspeApp

from .conftest import ACHTERAF, EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import open_group

FIRST = [1, 3, 2, 11, 3, 2, 2, 1]
SECOND = [1, 3, 2, 10, 3, 2, 1, 1]


def _no_blinking(pilot: Pilot) -> None:
    for widget in pilot.app.screen.query("Input, TextArea"):
        assert isinstance(widget, (Input, TextArea))
        widget.cursor_blink = False


def _scored(data: Data, group_id: str) -> None:
    """1001 scored by both (a difference at A2.1, a remark, a melding); 1002 half scored by the examinator."""
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    score_all(first, group_id, "1001", FIRST)
    score_all(second, group_id, "1001", SECOND)
    first.set_vastgesteld(group_id, "1001", "A3.1", 2, expected=first.load_group(group_id).cell("1001", "A3.1"))
    second.add_remark(group_id, "1001", "A1.2", "Was het schort schoon? Graag samen bekijken.")
    first.add_melding(data.model_key, "A2", "A2.1", "Het recept telt 11 stappen, het model 12.", "tijdens de correctie")
    for code, value in zip(["A1.1", "A1.2", "A1.3"], [1, 1, 0]):
        first.set_score(group_id, "1002", code, value)


def _app(data: Data, user: str) -> CspeApp:
    return data.app(user, poll_interval=60)


SIZES = pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=["80x24", "100x30", "120x40"])


@SIZES
def test_start_screen(data: Data, snap_compare, size: tuple[int, int]) -> None:
    _scored(data, GELIJK)
    assert snap_compare(_app(data, EXAMINATOR), terminal_size=size)


def test_start_screen_secretaris(data: Data, snap_compare) -> None:
    _scored(data, ACHTERAF)
    assert snap_compare(_app(data, SECRETARIS), terminal_size=SIZE)


@SIZES
def test_scoring_gelijktijdig(data: Data, snap_compare, size: tuple[int, int]) -> None:
    _scored(data, GELIJK)

    async def run_before(pilot: Pilot) -> None:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")

    assert snap_compare(_app(data, EXAMINATOR), terminal_size=size, run_before=run_before)


@SIZES
def test_scoring_per_opdracht(data: Data, snap_compare, size: tuple[int, int]) -> None:
    _scored(data, GELIJK)

    async def run_before(pilot: Pilot) -> None:
        screen = await open_group(pilot, GELIJK)
        screen._go("1002", "A1.3")
        await pilot.press("w")
        await pilot.pause()

    assert snap_compare(_app(data, EXAMINATOR), terminal_size=size, run_before=run_before)


def test_scoring_gelijktijdig_other_column_hidden(data: Data, snap_compare) -> None:
    _scored(data, GELIJK)

    async def run_before(pilot: Pilot) -> None:
        screen = await open_group(pilot, GELIJK)
        screen._go("1002", "A2.1")

    assert snap_compare(_app(data, TWEEDE), terminal_size=SIZE, run_before=run_before, press=["1"])


@SIZES
def test_scoring_achteraf(data: Data, snap_compare, size: tuple[int, int]) -> None:
    first = data.store(EXAMINATOR)
    score_all(first, ACHTERAF, "1001", FIRST)
    for code, value in zip(["A1.1", "A1.2"], FIRST):
        first.set_score(ACHTERAF, "1002", code, value)

    async def run_before(pilot: Pilot) -> None:
        await open_group(pilot, ACHTERAF)

    assert snap_compare(_app(data, TWEEDE), terminal_size=size, run_before=run_before, press=["a", "a", "0"])


def test_scoring_without_colour(data: Data, snap_compare, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    _scored(data, GELIJK)

    async def run_before(pilot: Pilot) -> None:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")

    assert snap_compare(_app(data, EXAMINATOR), terminal_size=SIZE, run_before=run_before)


def test_remark_dialog(data: Data, snap_compare) -> None:
    _scored(data, GELIJK)
    first = data.store(EXAMINATOR)
    remark = first.load_group(GELIJK).remarks[0]
    first.reply_remark(GELIJK, remark.id, "Het schort had een vlek; ik geef 1.")

    async def run_before(pilot: Pilot) -> None:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A1.2")
        await pilot.press("o")
        await pilot.pause()
        await pilot.press(*"Akkoord met 1")
        _no_blinking(pilot)

    assert snap_compare(_app(data, TWEEDE), terminal_size=SIZE, run_before=run_before)


def test_melding_dialog(data: Data, snap_compare) -> None:
    _scored(data, GELIJK)

    async def run_before(pilot: Pilot) -> None:
        screen = await open_group(pilot, GELIJK)
        screen._go("1001", "A2.1")
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"Stap 7 staat twee keer in het model.")
        _no_blinking(pilot)

    assert snap_compare(_app(data, TWEEDE), terminal_size=SIZE, run_before=run_before)


def test_help_dialog(data: Data, snap_compare) -> None:
    async def run_before(pilot: Pilot) -> None:
        await open_group(pilot, ACHTERAF)

    assert snap_compare(_app(data, TWEEDE), terminal_size=SIZE, run_before=run_before, press=["question_mark"])


@SIZES
def test_new_group_dialog(data: Data, snap_compare, size: tuple[int, int]) -> None:
    """Saved on the empty form: what is missing shows, with the buttons, also at 80x24."""

    async def run_before(pilot: Pilot) -> None:
        await pilot.press("n")
        await pilot.pause()
        _no_blinking(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(_app(data, SECRETARIS), terminal_size=size, run_before=run_before)
