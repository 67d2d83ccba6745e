"""decide: a command by an actor against a group's state gives events, or a Refusal in Dutch.

Pure (time comes in as `now`), so the store, the service and the tests share one set of
rules. Here: who may, the dispatch, and voiding declarations after a change. Each group
command's own rules are in `decide_group` (the examensecretaris's in `decide_secretaris`),
folder commands in `decide_folder`; `decide` sends each where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .access import (
    Actor,
    Refusal,
    RefusalKind,
    closed_reason,
    examinator_reason,
    participant_reason,
    require,
    role_in,
)
from .commands import GROUP_COMMAND_TYPES, Command
from .decide_folder import decide_folder, folder_permission
from .decide_group import GROUP_HANDLERS, accept_all_codes, format_score  # noqa: F401  (accept_all_codes: re-exported)
from .decide_photos import photo_permission
from .decide_secretaris import SECRETARIS_DOING, secretaris_permission, withdrawn_reason
from .events import (
    CHANGES_WORK,
    Event,
    AanvullingApplied,
    AbsentSet,
    Accepted,
    DeclarationsVoided,
    OndersteuningSet,
    RemarkAdded,
    RemarkResolved,
    ReplyAdded,
    ScoreSet,
    VastgesteldSet,
)
from .folder import FolderState
from .group import GroupState, Role, Werkwijze

_EXAM_DOING = {
    "score": "vult geen scores in",
    "vastgesteld": "stelt geen scores vast",
    "accept_all": "neemt geen scores over",
    "accept": "neemt geen scores over",
    "declare": "legt geen verklaring af",
}


# --- who may -----------------------------------------------------------------------


def group_permission(state: GroupState, actor: Actor, command_type: str) -> str | None:
    """The role rule for one kind of group command, or None when the actor may."""
    if command_type in _EXAM_DOING:
        reason = examinator_reason(state, actor, _EXAM_DOING[command_type])
        if reason is None and command_type in ("accept_all", "accept"):
            if state.info.werkwijze is not Werkwijze.ACHTERAF or role_in(state, actor) is not Role.TWEEDE:
                return "Alles overnemen kan alleen de tweede examinator, bij de werkwijze achteraf."
        return reason
    if command_type in SECRETARIS_DOING:
        return secretaris_permission(actor, command_type)
    if command_type == "photo":
        return photo_permission(state, actor)
    if command_type in GROUP_COMMAND_TYPES:
        return participant_reason(state, actor)
    return f"'{command_type}' is geen opdracht voor een groep."


def may(state: GroupState | FolderState, actor: Actor, what: str | Any, now: datetime | None = None) -> str | None:
    """None when the actor may do `what` (a command type or a whole command), else the Dutch reason.

    With a type only the role rules and closed-is-closed apply; with a command, every rule.
    """
    if not isinstance(what, str):
        try:
            decide(state, actor, what, now or datetime.now().astimezone())
        except Refusal as refusal:
            return refusal.message
        return None
    if isinstance(state, FolderState):
        return folder_permission(state, actor, what)
    return state_reason(state, what) or group_permission(state, actor, what)


AFTER_CLOSING = frozenset({"withdraw", "photo"})
"""A closed group takes only being marked vervallen (a mistake found late) and photos as an addition."""


def state_reason(state: GroupState, command_type: str) -> str | None:
    """A vervallen group takes nothing; a closed one only what AFTER_CLOSING names."""
    if command_type == "withdraw" and state.withdrawn is not None:
        return f"Groep {state.info.group_id} is al vervallen ({state.withdrawn.reden})."
    reason = withdrawn_reason(state)
    if reason is None and command_type not in AFTER_CLOSING:
        reason = closed_reason(state)
    return reason


# --- decide --------------------------------------------------------------------------


def decide(
    state: GroupState | FolderState, actor: Actor, command: Command, now: datetime, group: GroupState | None = None
) -> list[Event]:
    """The events for `command`, or a Refusal; [] when it changes nothing (e.g. the same score again).

    `group`: for removing a group, that group's state (the folder alone cannot tell whether it was used).
    """
    if isinstance(state, FolderState):
        return decide_folder(state, actor, command, now, group)
    handler = GROUP_HANDLERS.get(type(command))
    if handler is None:
        raise Refusal(f"Deze opdracht ({type(command).__name__}) hoort niet bij een groep.", RefusalKind.INVALID_INPUT)
    require(state_reason(state, command.type), RefusalKind.CLOSED)
    require(group_permission(state, actor, command.type))
    events: list[Event] = handler(state, actor, command, now)
    changes = [e for e in events if isinstance(e, CHANGES_WORK)]
    if changes and state.verklaringen:
        events.append(
            DeclarationsVoided(
                roles=[v.role for v in state.verklaringen], by=actor.login, at=now, reason=describe_change(changes)
            )
        )
    return events


DESCRIBED: dict[type, Callable[[Any], str]] = {
    ScoreSet: lambda e: (
        f"score van de {e.role.label} bij {e.criterium} voor kandidaat {e.examennummer} "
        f"van {format_score(e.old)} in {format_score(e.new)}"
    ),
    VastgesteldSet: lambda e: (
        f"vastgestelde score bij {e.criterium} voor kandidaat {e.examennummer} "
        f"van {format_score(e.old)} in {format_score(e.new)}"
    ),
    Accepted: lambda e: f"akkoord van de tweede examinator met {e.new} bij {e.criterium} voor kandidaat {e.examennummer}",
    OndersteuningSet: lambda e: f"ondersteuning van kandidaat {e.ondersteuning.examennummer} gewijzigd",
    AbsentSet: lambda e: f"kandidaat {e.examennummer} {'afwezig' if e.absent else 'weer aanwezig'}",
    RemarkAdded: lambda e: f"opmerking bij kandidaat {e.remark.examennummer} geplaatst",
    ReplyAdded: lambda e: f"reactie op opmerking {e.remark_id}",
    RemarkResolved: lambda e: f"opmerking {e.remark_id} afgehandeld",
    AanvullingApplied: lambda e: f"aanvulling van het CvTE bij {e.aanvulling.criterium}",
}
"""Every event that changes the work (CHANGES_WORK) in the words of the checklist; a test holds them equal."""


def describe_change(changes: list[Any]) -> str:
    """The change that voided the declarations, in the words of the checklist."""
    first = changes[0]
    if isinstance(first, VastgesteldSet) and len(changes) > 1:
        return f"{len(changes)} vastgestelde scores van kandidaat {first.examennummer} overgenomen"
    if isinstance(first, Accepted) and len(changes) > 1:
        return f"akkoord van de tweede examinator met {len(changes)} scores van kandidaat {first.examennummer}"
    describe = DESCRIBED.get(type(first))
    return describe(first) if describe is not None else "wijziging"
