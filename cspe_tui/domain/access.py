"""Who is acting, and the refusal every rule raises: one place for roles and their Dutch reasons."""

from __future__ import annotations

from .text import TextKind, TextRefused, check_text

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from .group import Cell, GroupState, Role
from .closing import Blocker


class Actor(BaseModel):
    """The login that asks; `secretaris` comes from the folder's settings, never from a client."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    login: str
    secretaris: bool = False
    demo: bool = False


class RefusalKind(StrEnum):
    """What kind of no, so the store can raise its matching error class."""

    PERMISSION = "permission"
    CLOSED = "closed"
    CONFLICT = "conflict"
    INVALID_SCORE = "invalid_score"
    BLOCKED = "blocked"
    INVALID_INPUT = "invalid_input"
    UNKNOWN_CANDIDATE = "unknown_candidate"
    UNKNOWN_CRITERIUM = "unknown_criterium"
    UNKNOWN_REMARK = "unknown_remark"
    UNKNOWN_MODEL = "unknown_model"
    MODEL_IMPORT = "model_import"


class Refusal(Exception):
    """A command the rules do not allow; `str(refusal)` is the Dutch message shown to the user."""

    def __init__(
        self,
        message: str,
        kind: RefusalKind = RefusalKind.INVALID_INPUT,
        *,
        current: Cell | None = None,
        blockers: list[Blocker] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.current = current
        self.blockers = blockers or []

    def to_json(self) -> dict[str, Any]:
        """For a refusal that travels over the service socket."""
        return {
            "message": self.message,
            "kind": self.kind.value,
            "current": self.current.model_dump(mode="json") if self.current is not None else None,
            "blockers": [b.model_dump(mode="json") for b in self.blockers],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Refusal:
        current = data.get("current")
        return cls(
            str(data["message"]),
            RefusalKind(data.get("kind", RefusalKind.INVALID_INPUT)),
            current=Cell.model_validate(current) if current is not None else None,
            blockers=[Blocker.model_validate(b) for b in data.get("blockers") or []],
        )


def role_in(state: GroupState, actor: Actor) -> Role | None:
    """The actor's role in this group: own column first, then examensecretaris, else None."""
    role = state.role_of(actor.login)
    if role is not None:
        return role
    return Role.SECRETARIS if actor.secretaris else None


def closed_reason(state: GroupState) -> str | None:
    if state.closed:
        return f"Groep {state.info.group_id} is gesloten; er kan niets meer worden veranderd."
    return None


def examinator_reason(state: GroupState, actor: Actor, doing: str) -> str | None:
    """Only the group's two examinators (each in their own column) score, fix scores and declare."""
    role = role_in(state, actor)
    if role is Role.SECRETARIS:
        return f"De examensecretaris {doing}; dat doen de examinatoren van groep {state.info.group_id}."
    if role is None:
        return f"Je ({actor.login}) bent geen examinator van groep {state.info.group_id}."
    return None


def participant_reason(state: GroupState, actor: Actor) -> str | None:
    """Absence, remarks and closing: the two examinators and the examensecretaris."""
    if role_in(state, actor) is None:
        return f"Je ({actor.login}) bent geen examinator van groep {state.info.group_id} en geen examensecretaris."
    return None


def secretaris_reason(actor: Actor, doing: str) -> str | None:
    if not actor.secretaris:
        return (
            f"Alleen de examensecretaris mag {doing}; jij ({actor.login}) staat niet in de instellingen "
            "als examensecretaris."
        )
    return None


def require(reason: str | None, kind: RefusalKind = RefusalKind.PERMISSION) -> None:
    if reason is not None:
        raise Refusal(reason, kind)


def checked_text(text: str, empty_message: str, kind: TextKind) -> str:
    """Stripped, not empty, and through the text gate (NFC, no control characters, a length limit)."""
    cleaned = text.strip()
    if not cleaned:
        raise Refusal(empty_message, RefusalKind.INVALID_INPUT)
    try:
        return check_text(cleaned, kind)
    except TextRefused as exc:
        raise Refusal(f"De {kind.label} kan zo niet worden opgeslagen: {exc.message}.", RefusalKind.INVALID_INPUT) from None
