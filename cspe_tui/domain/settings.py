"""The folder's settings: the school's details (for reports to the Examenloket) and who may do what.

They live in the domain because the rules (who is examensecretaris) are decided here;
the store reads and writes them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    school: str = ""
    brin: str = ""
    telefoon: str = ""
    contactpersoon: str = ""
    examensecretarissen: list[str] = Field(default_factory=list)
    demo: bool = False
    """Only a demo folder lets a caller pick the user (`--als`); real folders use the OS login."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Key bindings the school changed: action name -> key."""
