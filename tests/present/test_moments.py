"""Moments on the school's clock from the Context passed in, whatever the machine's own zone."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest

from cspe_tui.domain.group import Role
from cspe_tui.domain.settings import Settings
from cspe_tui.present.context import Context
from cspe_tui.present.detail_view import detail_view
from cspe_tui.present.moments import format_moment
from cspe_tui.present.viewer import Viewer
from tests.exports.sample import EXAMINATOR, build_state

MIDDAY_UTC = datetime(2026, 5, 12, 12, 0, tzinfo=timezone.utc)


@pytest.fixture(params=["UTC", "Asia/Tokyo"])
def machine_zone(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """The server's own clock, which must never be the one shown."""
    monkeypatch.setenv("TZ", request.param)
    time.tzset()
    yield request.param
    monkeypatch.undo()
    time.tzset()


def school(zone: str) -> Context:
    return Context(Settings(tijdzone=zone))


@pytest.mark.parametrize(
    ("zone", "shown"),
    [("Europe/Amsterdam", "12-05 14:00"), ("Europe/London", "12-05 13:00"), ("America/New_York", "12-05 08:00")],
)
def test_a_moment_is_shown_on_the_schools_clock(machine_zone: str, zone: str, shown: str) -> None:
    assert time.localtime().tm_zone in {"UTC", "JST"}
    assert school(zone).moment(MIDDAY_UTC) == shown
    assert format_moment(MIDDAY_UTC, zone) == shown


def test_winter_time_and_a_moment_without_offset() -> None:
    amsterdam = school("Europe/Amsterdam")
    assert amsterdam.moment(datetime(2026, 1, 12, 12, 0, tzinfo=timezone.utc)) == "12-01 13:00"
    assert amsterdam.moment(datetime(2026, 5, 12, 9, 5)) == "12-05 09:05"
    assert amsterdam.moment(None) == "–"


def test_the_detail_view_shows_a_melding_on_the_schools_clock(machine_zone: str) -> None:
    state = build_state(closed=False)
    (melding,) = [m for m in state.meldingen if m.criterium == "B3.1"]
    assert (melding.at.day, melding.at.hour, melding.at.minute) == (11, 15, 0)
    viewer = Viewer(EXAMINATOR, Role.EXAMINATOR)

    def melding_note(zone: str) -> str:
        detail = detail_view(state, "240101", "B3.1", viewer, school(zone))
        (note,) = [n.text for n in detail.notes if n.kind == "melding"]
        return note

    assert "(tijdens de correctie, 11-05 17:00)" in melding_note("Europe/Amsterdam")
    assert "(tijdens de correctie, 11-05 11:00)" in melding_note("America/New_York")
