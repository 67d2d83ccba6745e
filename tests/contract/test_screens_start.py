"""The start screen on both backends, at 80x24 and 120x40: it lists the group, shows what the other examinator
scores without `r` or polling (poll set to an hour), and opens the group."""

from __future__ import annotations

import asyncio
import re

import pytest

from cspe_tui.domain import commands as c
from cspe_tui.ui.app import CspeApp
from cspe_tui.ui.screens.start import StartScreen
from tests.service.test_app import wait_until
from tests.ui.pilot_helpers import line_with, open_group, screen_text

from .conftest import ME, OTHER, Backend


def row(pilot, group_id: str) -> dict[str, str]:
    """The group's row, column by column as the header names them (the names differ per width)."""
    header, line = line_with(pilot, "Status"), line_with(pilot, group_id)
    starts = [(m.start(), m.group()) for m in re.finditer(r"\S+", header)] + [(len(line), "")]
    return {name: line[at:starts[i + 1][0]].strip() for i, (at, name) in enumerate(starts[:-1])}


def tweede(pilot, group_id: str) -> str:
    cells = row(pilot, group_id)
    return cells.get("2e") or cells["Tweede"]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_the_start_screen_lists_follows_and_opens_the_group(backend: Backend, size: tuple[int, int]) -> None:
    asyncio.run(_lists_follows_opens(backend, size))


async def _lists_follows_opens(backend: Backend, size: tuple[int, int]) -> None:
    gid = backend.group_id
    app = CspeApp(backend.store, poll_interval=3600)
    async with app.run_test(size=size) as pilot:
        await wait_until(pilot, lambda: gid in screen_text(pilot))
        assert f"ingelogd als {ME} · examensecretaris" in screen_text(pilot)
        assert tweede(pilot, gid).endswith(" 0/5") or tweede(pilot, gid) == "0/5"
        assert [row(pilot, gid)[name] for name in ("Vastg.", "Status", "Opm.")] == ["0/5", "open", "0"]
        await pilot.app.workers.wait_for_complete()  # the rows are followed
        await pilot.pause(0.2)  # the file watcher is up
        model = backend.store.load_group(gid).model
        backend.other(*(c.SetScore(examennummer="1000", criterium=k.code, value=k.max) for k in model.criteria))
        await wait_until(pilot, lambda: tweede(pilot, gid).endswith("1/5"))
        backend.other(c.AddRemark(examennummer="1001", criterium=None, text="Tekening ontbreekt"))
        await wait_until(pilot, lambda: row(pilot, gid)["Opm."] == "* 1")
        screen = await open_group(pilot, gid)
        assert f"1e {ME} (jij) · 2e {OTHER}" in screen_text(pilot)
        assert "Kandidaat 1000 Kandidaat 0 (1 van 5)" in screen_text(pilot)
        assert screen.state.cell("1000", model.criteria[0].code).tweede == model.criteria[0].max
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, StartScreen) and gid in screen_text(pilot))
        assert tweede(pilot, gid).endswith("1/5") and row(pilot, gid)["Opm."] == "* 1"
    held = backend.behind_state()
    assert all(held.cell("1000", k.code).tweede == k.max for k in model.criteria)
    assert [(r.author, r.text) for r in held.remarks] == [(OTHER, "Tekening ontbreekt")]
