"""The folder's settings: the school's details (for reports to the Examenloket) and who may do what.

They live in the domain because the rules (who is examensecretaris) are decided here;
the store reads and writes them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .clock import DEFAULT_ZONE, zone
from .text import LoginText, SettingText


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school: SettingText = ""
    brin: SettingText = ""
    telefoon: SettingText = ""
    contactpersoon: SettingText = ""
    examensecretarissen: list[LoginText] = Field(default_factory=list)
    demo: bool = False
    """Only a demo folder lets a caller pick the user (`--als`); real folders use the OS login."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Key bindings the school changed: action name -> key."""
    tijdzone: str = DEFAULT_ZONE
    """The school's zone (IANA name): every time shown or printed for people is on this clock."""
    wolf_minimum: int = Field(default=6, ge=1, le=99)
    """Candidates per versie that Wolf asks for; the Wolf list warns below it."""

    @field_validator("tijdzone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value
