"""Commands, scopes and events between the wire and the domain's types.

The service parses every command with the domain's strict models (extra fields, unknown
types and wrong values are refused in Dutch before anything runs); the client turns
the events of its own write back into the domain's event types.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cspe_tui.domain.commands import Close, Command, parse_command
from cspe_tui.domain.events import EVENTS, Event
from cspe_tui.store.errors import InvalidInput

from .protocol import FolderScopeModel, GroupScopeModel, ProtocolError


def _scopes() -> tuple[type, type]:
    from cspe_tui.store import FolderScope, GroupScope

    return GroupScope, FolderScope


def scope_of(model: GroupScopeModel | FolderScopeModel) -> Any:
    group_scope, folder_scope = _scopes()
    if isinstance(model, GroupScopeModel):
        return group_scope(model.group_id)
    return folder_scope()


def scope_payload(scope: Any) -> dict[str, Any]:
    group_id = getattr(scope, "group_id", None)
    return {"kind": "group", "group_id": group_id} if group_id is not None else {"kind": "folder"}


def parse_commands(raw: list[dict[str, Any]]) -> list[Command]:
    commands = []
    for index, obj in enumerate(raw, start=1):
        try:
            commands.append(parse_command(obj))
        except ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            where = ".".join(str(p) for p in err["loc"]) or "opdracht"
            raise InvalidInput(f"Opdracht {index} ({obj.get('type', '?')}) is ongeldig: {where}: {err['msg']}.") from None
    return commands


def closes_group(commands: list[Command]) -> bool:
    return any(isinstance(command, Close) for command in commands)


def decode_events(raw: Any) -> list[Event]:
    try:
        return [EVENTS.validate_python(obj) for obj in raw]
    except ValidationError as exc:
        raise ProtocolError(f"Onverwacht antwoord van de cspe-dienst: {exc.errors(include_url=False)[0]['msg']}.") from None
