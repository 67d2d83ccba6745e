"""Facts about a group beside its scores: a candidate's ondersteuning and the group's withdrawal.

Kept apart from the scores so that a group created before these existed keeps its seal.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 500
"""Longest ondersteuning text or reden: one paragraph on a PDF page."""


class _Note(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Ondersteuning(_Note):
    """Extra faciliteiten for a candidate with an ondersteuningsbehoefte, noted by the examensecretaris."""

    examennummer: str
    verlengde_tijd: bool = False
    aangepaste_opdracht: bool = False
    tekst: str = ""
    by: str
    at: datetime

    @property
    def empty(self) -> bool:
        return not (self.verlengde_tijd or self.aangepaste_opdracht or self.tekst)

    def summary(self) -> str:
        """One Dutch line for the scoring screen, the checklist and the PDF."""
        parts = []
        if self.verlengde_tijd:
            parts.append("verlengde tijd")
        if self.aangepaste_opdracht:
            parts.append("aangepaste opdracht")
        if self.tekst:
            parts.append(self.tekst)
        return "; ".join(parts)


class Withdrawal(_Note):
    """A group made by mistake and already scored: kept and logged, but 'vervallen' (no cijfer from it)."""

    reden: str = Field(min_length=1)
    by: str
    at: datetime
