"""What the store's objects (verification, summaries, photos, archive sources) read of its records.

The group and folder records are the Store's core (groups.py, folder.py); each object names
here exactly what it takes from them, so a reader sees which calls leave the object.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from datetime import datetime

    from cspe_tui.domain.access import Actor
    from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
    from cspe_tui.domain.folder import FolderState
    from cspe_tui.domain.group import Aanvulling, GroupInfo, GroupState

    from .groups import GroupHandle
    from .journal import Committed
    from .log import EventLog
    from .scope import Scope


class GroupReads(Protocol):
    """A group's handle, caught up with its log under its lock, and the models groups are scored with."""

    def group_ids(self) -> list[str]: ...
    def load_group(self, group_id: str) -> GroupState: ...
    def _group(self, group_id: str) -> GroupHandle: ...
    def _group_lock(self, g: GroupHandle, what: str, write: bool) -> AbstractContextManager[bool]: ...
    def _model_of(self, info: GroupInfo, folder: FolderState | None = None) -> Correctiemodel: ...


class GroupWrites(GroupReads, Protocol):
    """A group's records and the one write path, with the actor of a login and the store's clock."""

    def execute(self, scope: Scope, actor_login: str, *commands: Any) -> Committed: ...
    def _actor(self, login: str) -> Actor: ...
    def _now(self) -> datetime: ...


class FolderReads(Protocol):
    """The folded folder log and the log itself."""

    @property
    def folder_log(self) -> EventLog: ...
    def _folder_state(self) -> FolderState: ...
    def _actor(self, login: str) -> Actor: ...
    def aanvullingen(self, model_key: ModelKey) -> list[Aanvulling]: ...


class Records(GroupWrites, FolderReads, Protocol):
    """Both halves: what the Store is to its objects."""


__all__ = ["FolderReads", "GroupReads", "GroupWrites", "Records"]
