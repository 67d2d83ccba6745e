"""What only the examensecretaris does to a group: note ondersteuning, mark it vervallen, remove it.

Pure like `decide`: removal is a folder command, but whether anything was done in the group
is read from the group's state, which the store hands in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .wording import count
from .access import Actor, Refusal, RefusalKind, secretaris_reason
from .commands import RemoveGroup, SetOndersteuning, WithdrawGroup
from .events import GroupRemoved, GroupWithdrawn, OndersteuningSet
from .folder import FolderState
from .group import GroupState
from .group_notes import MAX_TEXT, Ondersteuning, Withdrawal
from .text import TextKind, TextRefused, check_text

REDEN = TextKind("reden", MAX_TEXT)
ONDERSTEUNING_TEXT = TextKind("toelichting bij de ondersteuning", MAX_TEXT)

SECRETARIS_DOING = {
    "ondersteuning": "ondersteuning van een kandidaat vastleggen",
    "withdraw": "een groep laten vervallen",
}


def withdrawn_reason(state: GroupState) -> str | None:
    if state.withdrawn is not None:
        return (
            f"Groep {state.info.group_id} is vervallen ({state.withdrawn.reden}); "
            "er kan niets meer worden veranderd."
        )
    return None


def secretaris_permission(actor: Actor, command_type: str) -> str | None:
    return secretaris_reason(actor, SECRETARIS_DOING[command_type])


def _note_text(text: str, what: str, kind: TextKind) -> str:
    """On one line, and through the text gate like every text that is kept (no control or bidi characters)."""
    cleaned = " ".join(text.split())
    if len(cleaned) > MAX_TEXT:
        raise Refusal(f"{what} is te lang ({len(cleaned)} tekens); hooguit {MAX_TEXT}.", RefusalKind.INVALID_INPUT)
    try:
        return check_text(cleaned, kind)
    except TextRefused as exc:
        raise Refusal(f"De {kind.label} kan zo niet worden opgeslagen: {exc.message}.", RefusalKind.INVALID_INPUT) from None


def decide_ondersteuning(state: GroupState, actor: Actor, cmd: SetOndersteuning, now: datetime) -> list[Any]:
    if not any(c.examennummer == cmd.examennummer for c in state.candidates):
        raise Refusal(
            f"Kandidaat {cmd.examennummer} hoort niet bij groep {state.info.group_id}.", RefusalKind.UNKNOWN_CANDIDATE
        )
    note = Ondersteuning(
        examennummer=cmd.examennummer,
        verlengde_tijd=cmd.verlengde_tijd,
        aangepaste_opdracht=cmd.aangepaste_opdracht,
        tekst=_note_text(cmd.tekst, "De toelichting bij de ondersteuning", ONDERSTEUNING_TEXT),
        by=actor.login,
        at=now,
    )
    old = state.ondersteuning_for(cmd.examennummer)
    if old is None and note.empty:
        return []
    if old is not None and (old.verlengde_tijd, old.aangepaste_opdracht, old.tekst) == (
        note.verlengde_tijd,
        note.aangepaste_opdracht,
        note.tekst,
    ):
        return []
    return [OndersteuningSet(ondersteuning=note)]


def decide_withdraw(state: GroupState, actor: Actor, cmd: WithdrawGroup, now: datetime) -> list[Any]:
    reden = _note_text(cmd.reden, "De reden", REDEN)
    if not reden:
        raise Refusal(
            f"Geef een reden waarom groep {state.info.group_id} vervalt; die komt in het logboek en op de PDF.",
            RefusalKind.INVALID_INPUT,
        )
    return [GroupWithdrawn(withdrawal=Withdrawal(reden=reden, by=actor.login, at=now))]


def work_done(group: GroupState) -> str | None:
    """What was already done in the group (Dutch), or None when nothing was."""
    if group.closed:
        return "de groep is gesloten"
    if group.withdrawn is not None:
        return "de groep is vervallen en blijft bewaard"
    scored = sum(
        1
        for row in group.cells.values()
        for cell in row.values()
        if cell.examinator is not None or cell.tweede is not None or cell.vastgesteld is not None
    )
    if scored:
        return f"er zijn al scores ingevuld ({count(scored, 'criterium', 'criteria')})"
    if group.absent:
        return f"er is al een kandidaat afwezig gemeld ({group.absent[0]})"
    if group.remarks:
        return "er staan al opmerkingen in"
    if group.verklaringen or group.vervallen:
        return "er is al verklaard"
    return None


def decide_remove(state: FolderState, actor: Actor, cmd: RemoveGroup, group: GroupState | None, now: datetime) -> list[Any]:
    if cmd.group_id not in state.groups:
        raise Refusal(f"Groep {cmd.group_id} bestaat niet.", RefusalKind.INVALID_INPUT)
    if group is None or group.info.group_id != cmd.group_id:
        raise Refusal(
            f"Groep {cmd.group_id} kan niet worden gelezen; een groep wordt alleen verwijderd als vaststaat dat er "
            "niets in is gedaan.",
            RefusalKind.INVALID_INPUT,
        )
    done = work_done(group)
    if done is not None:
        raise Refusal(
            f"Groep {cmd.group_id} kan niet worden verwijderd: {done}. Laat de groep vervallen (met een reden) "
            "als hij niet meetelt.",
            RefusalKind.INVALID_INPUT,
        )
    return [GroupRemoved(group_id=cmd.group_id, by=actor.login, at=now)]
