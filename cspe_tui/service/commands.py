"""Commands, scopes and events between the wire and the domain's types.

The service parses every command with the domain's strict models (extra fields, unknown
types and wrong values are refused in Dutch before anything runs); the client turns
the events of its own write back into the domain's event types.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from cspe_tui.domain.commands import AddAanvulling, Close, Command, CreateGroup, parse_command
from cspe_tui.domain.events import EVENTS, AanvullingAdded, Event
from cspe_tui.store import FolderScope, GroupScope, Scope, Store
from cspe_tui.store.errors import InvalidInput

from .dutch import first_problem
from .protocol import FolderScopeModel, GroupScopeModel, ProtocolError


def scope_of(model: GroupScopeModel | FolderScopeModel) -> Scope:
    if isinstance(model, GroupScopeModel):
        return GroupScope(group_id=model.group_id)
    return FolderScope()


def run(store: Store, scope: Scope, login: str, commands: list[Command]) -> list[Event]:
    """Execute as `login` (the connection's kernel-given login) through the store's one write path.

    Creating a group and recording an aanvulling do more than append to the folder log (a
    group folder is built; open groups of the model get the aanvulling), and the store does
    that in its own methods for its bound user: those run as the actor, one at a time.
    """
    compound = [c for c in commands if isinstance(c, (CreateGroup, AddAanvulling))]
    if not compound or not isinstance(scope, FolderScope):
        return store.execute(scope, login, *commands)
    if len(commands) != 1:
        raise InvalidInput("Een nieuwe groep of een aanvulling gaat in een eigen opdracht, niet samen met andere.")
    with store._mutex:  # every store access takes this lock, so no read sees the borrowed user
        bound, store.user = store.user, login
        try:
            return _compound(store, commands[0])
        finally:
            store.user = bound


def _compound(store: Store, command: CreateGroup | AddAanvulling) -> list[Event]:
    if isinstance(command, AddAanvulling):
        aanvulling = store.add_aanvulling(command.model_key, command.criterium, command.tekst, command.datum)
        return [AanvullingAdded(aanvulling=aanvulling)]
    # The client asked the examensecretaris about candidates in another group before sending.
    state = store.create_group(
        command.model_key, command.candidates, command.examinator, command.tweede, command.werkwijze,
        command.herkansing, command.group_id, confirmed=True,
    )
    _, entries = store.changes_since(state.info.group_id, 0)
    return [entries[0].event]


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


def decode_events(raw: Any) -> list[Event]:
    try:
        return [EVENTS.validate_python(obj) for obj in raw]
    except ValidationError as exc:
        raise ProtocolError(f"Onverwacht antwoord van de cspe-dienst: {exc.errors(include_url=False)[0]['msg']}.") from None
