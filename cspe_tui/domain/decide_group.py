"""The rules of each group command: a command against a group's state gives events, or a Refusal.

`decide` (decide.py) checks the role and that the group is open, then calls the handler
for the command's type from GROUP_HANDLERS; the examensecretaris's own group commands
are in decide_secretaris.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from .access import Actor, Refusal, RefusalKind, checked_text, role_in
from .commands import (
    Accept,
    AcceptAll,
    AddPhoto,
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
from .decide_folder import new_id
from .decide_photos import decide_photo
from .decide_secretaris import decide_ondersteuning, decide_withdraw
from .events import (
    AanvullingApplied,
    AbsentSet,
    Accepted,
    Declared,
    GroupClosed,
    RemarkAdded,
    RemarkResolved,
    ReplyAdded,
    ScoreSet,
    VastgesteldSet,
)
from .group import (
    Cell,
    GroupState,
    Remark,
    Reply,
    Role,
    ScoreError,
    Sluiting,
    Verklaring,
    check_score,
    final_score,
)
from .closing import (
    closing_blockers,
    open_summary,
    seal_of,
)
from .text import REMARK


def format_score(value: int | None) -> str:
    """A score as the messages show it: '-' for none."""
    return "-" if value is None else str(value)


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
            f"{doing}: nog {open_summary(blockers)}, bijvoorbeeld {blockers[0].text}",
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
            f"{format_score(cell.examinator)}, tweede examinator {format_score(cell.tweede)}, vastgesteld "
            f"{format_score(cell.vastgesteld)}. Bekijk ze en stel de score opnieuw vast.",
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


GROUP_HANDLERS: dict[type, Callable[[GroupState, Actor, Any, datetime], list[Any]]] = {
    SetScore: _score,
    SetVastgesteld: _vastgesteld,
    AcceptAll: _accept_all,
    Accept: _accept,
    SetOndersteuning: decide_ondersteuning,
    AddPhoto: decide_photo,
    WithdrawGroup: decide_withdraw,
    SetAbsent: _absent,
    AddRemark: _add_remark,
    ReplyRemark: _reply,
    ResolveRemark: _resolve,
    Declare: _declare,
    Close: _close,
    ApplyAanvulling: _apply_aanvulling,
}

