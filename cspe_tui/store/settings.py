"""settings.json: the school's details (for reports to the Examenloket) and who may do what."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from cspe_tui.domain.text import LoginText, SettingText


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
