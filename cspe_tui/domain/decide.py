"""decide: a command by an actor against a group's state gives events, or a Refusal in Dutch.

Pure (time comes in as `now`), so the store, the service and the tests share one set of
rules. Folder commands are decided in `decide_folder`; `decide` sends each where it belongs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .text import REMARK
from .access import (
    checked_text,
    Actor,
    Refusal,
    RefusalKind,
    closed_reason,
    examinator_reason,
    participant_reason,
    require,
    role_in,
)
from .commands import (
    GROUP_COMMAND_TYPES,
    Command,
    Accept,
    AcceptAll,
    AddRemark,
    ApplyAanvulling,
    Close,
    Declare,
    ReplyRemark,
    ResolveRemark,
    SetAbsent,
    SetOndersteuning,
    SetScore,
    SetVastgesteld,
    WithdrawGroup,
)
from .correctiemodel import Criterium
from .decide_folder import decide_folder, folder_permission, new_id
from .decide_secretaris import (
    SECRETARIS_DOING,
    decide_ondersteuning,
    decide_withdraw,
    secretaris_permission,
    withdrawn_reason,
)
from .events import (
    CHANGES_WORK,
    Event,
    AanvullingApplied,
    AbsentSet,
    Accepted,
    Declared,
    DeclarationsVoided,
    GroupClosed,
    OndersteuningSet,
    RemarkAdded,
    RemarkResolved,
    ReplyAdded,
    ScoreSet,
    VastgesteldSet,
)
from .folder import FolderState
from .group import (
    Cell,
    GroupState,
    Remark,
    Reply,
    Role,
    ScoreError,
    Sluiting,
    Verklaring,
    Werkwijze,
    check_score,
    closing_blockers,
    final_score,
    seal_of,
)

_EXAM_DOING = {
    "score": "vult geen scores in",
    "vastgesteld": "stelt geen scores vast",
    "accept_all": "neemt geen scores over",
    "accept": "neemt geen scores over",
    "declare": "legt geen verklaring af",
}


def _fmt(value: int | None) -> str:
    return "-" if value is None else str(value)


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


def state_reason(state: GroupState, command_type: str) -> str | None:
    """A vervallen group takes nothing; a closed one only being marked vervallen (a mistake found late)."""
    if command_type == "withdraw" and state.withdrawn is not None:
        return f"Groep {state.info.group_id} is al vervallen ({state.withdrawn.reden})."
    reason = withdrawn_reason(state)
    if reason is None and command_type != "withdraw":
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
    handler = _GROUP_HANDLERS.get(type(command))
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


def describe_change(changes: list[Any]) -> str:
    """The change that voided the declarations, in the words of the checklist."""
    first = changes[0]
    if isinstance(first, VastgesteldSet) and len(changes) > 1:
        return f"{len(changes)} vastgestelde scores van kandidaat {first.examennummer} overgenomen"
    if isinstance(first, Accepted) and len(changes) > 1:
        return f"akkoord van de tweede examinator met {len(changes)} scores van kandidaat {first.examennummer}"
    match first:
        case ScoreSet():
            return (
                f"score van de {first.role.label} bij {first.criterium} voor kandidaat {first.examennummer} "
                f"van {_fmt(first.old)} in {_fmt(first.new)}"
            )
        case VastgesteldSet():
            return (
                f"vastgestelde score bij {first.criterium} voor kandidaat {first.examennummer} "
                f"van {_fmt(first.old)} in {_fmt(first.new)}"
            )
        case Accepted():
            return f"akkoord van de tweede examinator met {first.new} bij {first.criterium} voor kandidaat {first.examennummer}"
        case OndersteuningSet():
            return f"ondersteuning van kandidaat {first.ondersteuning.examennummer} gewijzigd"
        case AbsentSet():
            return f"kandidaat {first.examennummer} {'afwezig' if first.absent else 'weer aanwezig'}"
        case RemarkAdded():
            return f"opmerking bij kandidaat {first.remark.examennummer} geplaatst"
        case ReplyAdded():
            return f"reactie op opmerking {first.remark_id}"
        case RemarkResolved():
            return f"opmerking {first.remark_id} afgehandeld"
        case AanvullingApplied():
            return f"aanvulling van het CvTE bij {first.aanvulling.criterium}"
    return "wijziging"


# --- checks ----------------------------------------------------------------------------


def _candidate(state: GroupState, examennummer: str) -> None:
    if examennummer not in state.cells and not any(c.examennummer == examennummer for c in state.candidates):
        raise Refusal(
            f"Kandidaat {examennummer} hoort niet bij groep {state.info.group_id}.", RefusalKind.UNKNOWN_CANDIDATE
        )


def _criterium(state: GroupState, code: str) -> Criterium:
    try:
        return state.model.criterium(code)
    except KeyError:
        raise Refusal(
            f"Criterium {code} staat niet in het correctiemodel {state.model.key.label()}.",
            RefusalKind.UNKNOWN_CRITERIUM,
        ) from None


def _value(criterium: Criterium, value: int | None) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refusal(f"Een score is een geheel getal (gekregen: {value!r}).", RefusalKind.INVALID_SCORE)
    try:
        return check_score(criterium, value)
    except ScoreError as exc:
        raise Refusal(str(exc), RefusalKind.INVALID_SCORE) from None


def _remark(state: GroupState, remark_id: str) -> Remark:
    for remark in state.remarks:
        if remark.id == remark_id:
            return remark
    raise Refusal(f"Opmerking {remark_id} bestaat niet in groep {state.info.group_id}.", RefusalKind.UNKNOWN_REMARK)


def _blocked(state: GroupState, doing: str, only_declarations_allowed: bool) -> None:
    blockers = closing_blockers(state)
    if only_declarations_allowed:
        blockers = [b for b in blockers if b.kind != "verklaring"]
    if blockers:
        raise Refusal(
            f"{doing}; nog {len(blockers)} punt(en) open, bijvoorbeeld: {blockers[0].text}",
            RefusalKind.BLOCKED,
            blockers=blockers,
        )


# --- group commands ----------------------------------------------------------------


def _score(state: GroupState, actor: Actor, cmd: SetScore, now: datetime) -> list[Any]:
    role = role_in(state, actor)
    assert role in (Role.EXAMINATOR, Role.TWEEDE)
    _candidate(state, cmd.examennummer)
    value = _value(_criterium(state, cmd.criterium), cmd.value)
    old = state.cell(cmd.examennummer, cmd.criterium).column(role)
    if old == value:
        return []
    return [ScoreSet(examennummer=cmd.examennummer, criterium=cmd.criterium, role=role, old=old, new=value)]


def _vastgesteld(state: GroupState, actor: Actor, cmd: SetVastgesteld, now: datetime) -> list[Any]:
    _candidate(state, cmd.examennummer)
    value = _value(_criterium(state, cmd.criterium), cmd.value)
    cell = state.cell(cmd.examennummer, cmd.criterium)
    _unchanged(cmd, cell)
    if cell.vastgesteld == value:
        return []
    return [
        VastgesteldSet(
            examennummer=cmd.examennummer, criterium=cmd.criterium, old=cell.vastgesteld, new=value, by=actor.login, at=now
        )
    ]


def _unchanged(cmd: SetVastgesteld | Accept, cell: Cell) -> None:
    """The cell is still what the user saw when they chose (no check without `expected`)."""
    seen = cmd.expected
    if seen is not None and (seen.examinator, seen.tweede, seen.vastgesteld) != (
        cell.examinator,
        cell.tweede,
        cell.vastgesteld,
    ):
        raise Refusal(
            f"De scores van {cmd.criterium} voor kandidaat {cmd.examennummer} zijn intussen veranderd: examinator "
            f"{_fmt(cell.examinator)}, tweede examinator {_fmt(cell.tweede)}, vastgesteld "
            f"{_fmt(cell.vastgesteld)}. Bekijk ze en stel de score opnieuw vast.",
            RefusalKind.CONFLICT,
            current=cell,
        )


def _accept(state: GroupState, actor: Actor, cmd: Accept, now: datetime) -> list[Any]:
    _candidate(state, cmd.examennummer)
    _criterium(state, cmd.criterium)
    cell = state.cell(cmd.examennummer, cmd.criterium)
    _unchanged(cmd, cell)
    if cell.examinator is None:
        raise Refusal(
            f"De examinator heeft {cmd.criterium} van kandidaat {cmd.examennummer} nog niet gescoord; "
            "er is niets om mee akkoord te gaan.",
            RefusalKind.INVALID_INPUT,
        )
    if cell.akkoord and cell.tweede == cell.examinator and cell.vastgesteld == cell.examinator:
        return []
    return [_accepted(cmd.examennummer, cmd.criterium, cell, actor, now)]


def _accepted(examennummer: str, code: str, cell: Cell, actor: Actor, now: datetime) -> Accepted:
    assert cell.examinator is not None
    return Accepted(
        examennummer=examennummer, criterium=code, old=cell.vastgesteld, new=cell.examinator, by=actor.login, at=now
    )


def accept_all_codes(state: GroupState, examennummer: str) -> list[str]:
    """Open criteria that examinator 1 scored and the tweede did not contradict with a score of their own."""
    codes = []
    for criterium in state.model.criteria:
        cell = state.cell(examennummer, criterium.code)
        if (
            cell.examinator is not None
            and cell.tweede is None
            and final_score(state, examennummer, criterium.code) is None
        ):
            codes.append(criterium.code)
    return codes


def _accept_all(state: GroupState, actor: Actor, cmd: AcceptAll, now: datetime) -> list[Any]:
    _candidate(state, cmd.examennummer)
    events: list[Any] = []
    for code in accept_all_codes(state, cmd.examennummer):
        events.append(_accepted(cmd.examennummer, code, state.cell(cmd.examennummer, code), actor, now))
    return events


def _absent(state: GroupState, actor: Actor, cmd: SetAbsent, now: datetime) -> list[Any]:
    _candidate(state, cmd.examennummer)
    if state.is_absent(cmd.examennummer) == cmd.absent:
        return []
    return [AbsentSet(examennummer=cmd.examennummer, absent=cmd.absent)]


def _add_remark(state: GroupState, actor: Actor, cmd: AddRemark, now: datetime) -> list[Any]:
    _candidate(state, cmd.examennummer)
    if cmd.criterium is not None:
        _criterium(state, cmd.criterium)
    text = checked_text(cmd.text, "Een opmerking mag niet leeg zijn.", REMARK)
    remark_id = new_id(state.info.group_id, "opmerking", len(state.remarks), actor.login, now.isoformat())
    remark = Remark(
        id=remark_id, examennummer=cmd.examennummer, criterium=cmd.criterium, author=actor.login, text=text, at=now
    )
    return [RemarkAdded(remark=remark)]


def _reply(state: GroupState, actor: Actor, cmd: ReplyRemark, now: datetime) -> list[Any]:
    _remark(state, cmd.remark_id)
    text = checked_text(cmd.text, "Een reactie mag niet leeg zijn.", REMARK)
    return [ReplyAdded(remark_id=cmd.remark_id, reply=Reply(author=actor.login, text=text, at=now))]


def _resolve(state: GroupState, actor: Actor, cmd: ResolveRemark, now: datetime) -> list[Any]:
    if not _remark(state, cmd.remark_id).open:
        return []
    return [RemarkResolved(remark_id=cmd.remark_id, by=actor.login, at=now)]


def _declare(state: GroupState, actor: Actor, cmd: Declare, now: datetime) -> list[Any]:
    role = role_in(state, actor)
    assert role in (Role.EXAMINATOR, Role.TWEEDE)
    _blocked(state, "Je kunt nog niet verklaren dat er volgens het correctievoorschrift is beoordeeld", True)
    seal = seal_of(state)
    if any(v.role is role and v.seal == seal for v in state.verklaringen):
        return []
    return [Declared(verklaring=Verklaring(role=role, login=actor.login, at=now, seal=seal))]


def _close(state: GroupState, actor: Actor, cmd: Close, now: datetime) -> list[Any]:
    _blocked(state, f"Groep {state.info.group_id} kan nog niet worden gesloten", False)
    seal = seal_of(state)
    for verklaring in state.verklaringen:
        if verklaring.seal is not None and verklaring.seal != seal:
            raise Refusal(
                f"De verklaring van de {verklaring.role.label} ({verklaring.login}) hoort bij een andere stand "
                f"van groep {state.info.group_id} dan die nu gesloten zou worden; die verklaart opnieuw.",
                RefusalKind.BLOCKED,
            )
    return [GroupClosed(sluiting=Sluiting(closed_by=actor.login, at=now, seal=seal))]


def _apply_aanvulling(state: GroupState, actor: Actor, cmd: ApplyAanvulling, now: datetime) -> list[Any]:
    aanvulling = cmd.aanvulling
    if aanvulling.model_key != state.info.model_key:
        raise Refusal(
            f"De aanvulling hoort bij {aanvulling.model_key.label()}, niet bij het correctiemodel van groep "
            f"{state.info.group_id}.",
            RefusalKind.INVALID_INPUT,
        )
    _criterium(state, aanvulling.criterium)
    if any(a.id == aanvulling.id or a.criterium == aanvulling.criterium for a in state.aanvullingen):
        return []
    return [AanvullingApplied(aanvulling=aanvulling)]


_GROUP_HANDLERS: dict[type, Callable[[GroupState, Actor, Any, datetime], list[Any]]] = {
    SetScore: _score,
    SetVastgesteld: _vastgesteld,
    AcceptAll: _accept_all,
    Accept: _accept,
    SetOndersteuning: decide_ondersteuning,
    WithdrawGroup: decide_withdraw,
    SetAbsent: _absent,
    AddRemark: _add_remark,
    ReplyRemark: _reply,
    ResolveRemark: _resolve,
    Declare: _declare,
    Close: _close,
    ApplyAanvulling: _apply_aanvulling,
}

