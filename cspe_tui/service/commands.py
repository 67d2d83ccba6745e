"""Commands, scopes and events between the wire and the domain's types.

The service parses every command with the domain's strict models (extra fields, unknown
types and wrong values are refused in Dutch before anything runs).
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cspe_tui.domain.commands import Close, Command, parse_command
from cspe_tui.store import FolderScope, GroupScope, Scope, Store
from cspe_tui.store.errors import InvalidInput
from cspe_tui.store.journal import Committed

from .dutch import first_problem
from .protocol import FolderScopeModel, GroupScopeModel


def scope_of(model: GroupScopeModel | FolderScopeModel) -> Scope:
    if isinstance(model, GroupScopeModel):
        return GroupScope(group_id=model.group_id)
    return FolderScope()


def run(store: Store, scope: Scope, login: str, commands: list[Command]) -> Committed:
    """Execute as `login` (the connection's kernel-given login) through the store's one write path.

    Creating a group, an aanvulling and removing a group are ordinary commands: the store runs
    what they do beside the log after the commit, as the same actor."""
    return store.execute(scope, login, *commands)


def scope_payload(scope: Any) -> dict[str, Any]:
    group_id = getattr(scope, "group_id", None)
    return {"kind": "group", "group_id": group_id} if group_id is not None else {"kind": "folder"}


SERVICE_ONLY = frozenset({"anchor"})
"""Commands the service writes itself (anchors.py); a client cannot send them."""


def parse_commands(raw: list[dict[str, Any]]) -> list[Command]:
    commands = []
    for index, obj in enumerate(raw, start=1):
        if isinstance(obj, dict) and obj.get("type") in SERVICE_ONLY:
            raise InvalidInput(f"Opdracht {index} ({obj['type']}) legt de cspe-dienst zelf vast; die kun je niet sturen.")
        try:
            commands.append(parse_command(obj))
        except ValidationError as exc:
            raise InvalidInput(f"Opdracht {index} ({obj.get('type', '?')}) is ongeldig: {first_problem(exc, 'opdracht')}.") from None
    return commands


def closes_group(commands: list[Command]) -> bool:
    return any(isinstance(command, Close) for command in commands)
