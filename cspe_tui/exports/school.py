"""The school's contact details as plain values, so exports need no store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cspe_tui.domain.clock import DEFAULT_ZONE


@dataclass(frozen=True)
class SchoolInfo:
    school: str
    brin: str = ""
    telefoon: str = ""
    contactpersoon: str = ""
    tijdzone: str = DEFAULT_ZONE

    @classmethod
    def from_settings(cls, settings: Any) -> SchoolInfo:
        """Accepts the store's Settings (or anything with these attributes); missing ones stay empty."""
        return cls(
            school=getattr(settings, "school", "") or "",
            brin=getattr(settings, "brin", "") or "",
            telefoon=getattr(settings, "telefoon", "") or "",
            contactpersoon=getattr(settings, "contactpersoon", "") or "",
            tijdzone=getattr(settings, "tijdzone", "") or DEFAULT_ZONE,
        )

    @property
    def name(self) -> str:
        return self.school or "(school onbekend)"
