"""The school's settings and clock, read once for every view that shows a moment or a setting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from cspe_tui.domain.settings import Settings

from .moments import format_moment


@dataclass(frozen=True)
class Context:
    settings: Settings

    @property
    def zone(self) -> str:
        return self.settings.tijdzone

    def moment(self, at: datetime | None) -> str:
        """Day and time on the school's clock (not the machine's), short enough for a row."""
        return format_moment(at, self.zone)
