"""Adding a photo of a candidate's product (domain rule 5): who may, and when it is an addition.

The bytes are the store's business (stripped, reduced, stored under their SHA-256 before the
event is written); here only the record: the candidate exists, the name passes the text gate,
and the same photo of the same candidate is not logged twice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from .access import Actor, Refusal, RefusalKind, participant_reason
from .commands import AddPhoto
from .events import PhotoAdded
from .group import GroupState
from .text import TextKind, TextRefused, check_text

FILE_NAME = TextKind("bestandsnaam", 255)


def photo_permission(state: GroupState, actor: Actor) -> str | None:
    """Until closing the examinatoren and the examensecretaris; after closing only the examensecretaris."""
    if not state.closed:
        return participant_reason(state, actor)
    if not actor.secretaris:
        return (
            f"Groep {state.info.group_id} is gesloten; alleen de examensecretaris kan nog foto's toevoegen "
            "(als aanvulling, met naam en tijd in het logboek)."
        )
    return None


def decide_photo(state: GroupState, actor: Actor, cmd: AddPhoto, now: datetime) -> list[Any]:
    if not any(c.examennummer == cmd.examennummer for c in state.candidates):
        raise Refusal(
            f"Kandidaat {cmd.examennummer} hoort niet bij groep {state.info.group_id}.", RefusalKind.UNKNOWN_CANDIDATE
        )
    try:
        name = check_text(cmd.original_name.strip(), FILE_NAME)
    except TextRefused as exc:
        raise Refusal(f"De bestandsnaam kan zo niet worden opgeslagen: {exc.message}.", RefusalKind.INVALID_INPUT) from None
    if not name:
        raise Refusal("Een foto heeft een bestandsnaam nodig.", RefusalKind.INVALID_INPUT)
    if any(p.sha256 == cmd.sha256 and p.examennummer == cmd.examennummer for p in state.photos):
        return []
    return [
        PhotoAdded(
            examennummer=cmd.examennummer,
            sha256=cmd.sha256,
            original_name=name,
            media_type=cmd.media_type,
            width=cmd.width,
            height=cmd.height,
            bytes=cmd.bytes,
            addition=state.closed,
        )
    ]
