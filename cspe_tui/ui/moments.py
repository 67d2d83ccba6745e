"""Moments as people read them: on the school's clock (the `tijdzone` setting), short enough for a row."""

from __future__ import annotations

from datetime import datetime

from textual import active_app

from cspe_tui.domain import clock
from cspe_tui.domain.clock import DEFAULT_ZONE
from cspe_tui.store.errors import StoreError


def school_zone() -> str:
    """The school's tijdzone from the app's Context (read once, present/context.py); the default outside an app."""
    try:
        return active_app.get().present.zone  # type: ignore[attr-defined]
    except (LookupError, AttributeError, StoreError):
        return DEFAULT_ZONE


def format_moment(at: datetime, zone: str | None = None) -> str:
    """Day and time on the school's clock (not the server's), short enough for a row."""
    return clock.format_moment(at, zone or school_zone(), "short")
