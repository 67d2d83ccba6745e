"""Where a command is decided and logged: one group, or the folder."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GroupScope:
    """A command about one group: decided against that group's state, logged in its log."""

    group_id: str


@dataclass(frozen=True)
class FolderScope:
    """A command about the folder (settings, models, meldingen, aanvullingen, normering, new groups)."""


Scope = GroupScope | FolderScope
