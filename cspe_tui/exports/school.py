"""The school's contact details as plain values, so exports need no store."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class SchoolInfo:
    school: str
    brin: str = ""
    telefoon: str = ""
    contactpersoon: str = ""

    @classmethod
    def from_settings(cls, settings: Any) -> SchoolInfo:
        """Accepts the store's Settings (or anything with these attributes); missing ones stay empty."""
        return cls(
            school=getattr(settings, "school", "") or "",
            brin=getattr(settings, "brin", "") or "",
            telefoon=getattr(settings, "telefoon", "") or "",
            contactpersoon=getattr(settings, "contactpersoon", "") or "",
        )

    @property
    def name(self) -> str:
        return self.school or "(school onbekend)"
