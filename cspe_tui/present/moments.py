"""Moments as people read them: on the school's clock (the `tijdzone` setting), short enough for a row.

The zone is always passed in (from a Context, or the settings an export or command read):
on a server in UTC the machine's own clock is never the one shown.
"""

from __future__ import annotations

from datetime import datetime

from cspe_tui.domain import clock


def format_moment(at: datetime | None, zone: str) -> str:
    """Day and time in `zone`, as `12-05 10:31`; `–` for no moment."""
    return clock.format_moment(at, zone, "short")
