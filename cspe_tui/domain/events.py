"""What happened to the record, as typed events: the content of the log's lines.

Each event carries everything `evolve` needs (who and when, where a record keeps it);
the envelope (seq, at, login, prev_hash, hash) belongs to the log.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from .cijfers import NormeringKey
from .correctiemodel import Correctiemodel, ModelKey
from .group import Aanvulling, Candidate, GroupInfo, Melding, Remark, Reply, Role, Sluiting, Verklaring
from .group_notes import Ondersteuning, PhotoMediaType, Withdrawal
from .normering import Normering
from .retention import ArchiveRecord, GroupAnchor, Uitslag
from .settings import Settings


class _Event(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


# --- group events ------------------------------------------------------------------


class GroupCreated(_Event):
    """The group's first event (also recorded in the folder log)."""

    type: Literal["group_created"] = "group_created"
    info: GroupInfo
    candidates: list[Candidate]
    aanvullingen: list[Aanvulling] = Field(default_factory=list)


class ScoreSet(_Event):
    type: Literal["score_set"] = "score_set"
    examennummer: str
    criterium: str
    role: Literal[Role.EXAMINATOR, Role.TWEEDE]
    old: int | None
    new: int | None


class VastgesteldSet(_Event):
    type: Literal["vastgesteld_set"] = "vastgesteld_set"
    examennummer: str
    criterium: str
    old: int | None
    new: int | None
    by: str
    at: datetime


class Accepted(_Event):
    """The tweede examinator's akkoord with examinator 1's score `new` (achteraf)."""

    type: Literal["accepted"] = "accepted"
    examennummer: str
    criterium: str
    old: int | None
    """The vastgestelde score before."""
    new: int
    by: str
    at: datetime


class OndersteuningSet(_Event):
    """`ondersteuning` empty: the note is removed."""

    type: Literal["ondersteuning_set"] = "ondersteuning_set"
    ondersteuning: Ondersteuning


class PhotoAdded(_Event):
    """A photo of a candidate's product, already stored as `fotos/<sha256>.<jpg|png>`; who and when: the envelope.

    `addition`: added by the examensecretaris after closing.
    """

    type: Literal["photo_added"] = "photo_added"
    examennummer: str
    sha256: str
    original_name: str
    media_type: PhotoMediaType
    width: int
    height: int
    bytes: int
    addition: bool = False


class GroupWithdrawn(_Event):
    type: Literal["group_withdrawn"] = "group_withdrawn"
    withdrawal: Withdrawal


class AbsentSet(_Event):
    type: Literal["absent_set"] = "absent_set"
    examennummer: str
    absent: bool


class RemarkAdded(_Event):
    type: Literal["remark_added"] = "remark_added"
    remark: Remark


class ReplyAdded(_Event):
    type: Literal["reply_added"] = "reply_added"
    remark_id: str
    reply: Reply


class RemarkResolved(_Event):
    type: Literal["remark_resolved"] = "remark_resolved"
    remark_id: str
    by: str
    at: datetime


class AanvullingApplied(_Event):
    type: Literal["aanvulling_applied"] = "aanvulling_applied"
    aanvulling: Aanvulling


class Declared(_Event):
    type: Literal["declared"] = "declared"
    verklaring: Verklaring


class DeclarationsVoided(_Event):
    """A change after a declaration: every declaration lapses; `reason` says which change (Dutch)."""

    type: Literal["declarations_voided"] = "declarations_voided"
    roles: list[Role]
    by: str
    at: datetime
    reason: str


class GroupClosed(_Event):
    type: Literal["group_closed"] = "group_closed"
    sluiting: Sluiting


# --- folder events -----------------------------------------------------------------


class GroupRemoved(_Event):
    """A group in which nothing was done, removed from the folder; its GroupCreated stays in the log."""

    type: Literal["group_removed"] = "group_removed"
    group_id: str
    by: str
    at: datetime


class ModelImported(_Event):
    type: Literal["model_imported"] = "model_imported"
    key: ModelKey
    content_hash: str
    model: Correctiemodel
    by: str
    at: datetime


class MeldingAdded(_Event):
    type: Literal["melding_added"] = "melding_added"
    melding: Melding


class AanvullingAdded(_Event):
    type: Literal["aanvulling_added"] = "aanvulling_added"
    aanvulling: Aanvulling


class NormeringSet(_Event):
    type: Literal["normering_set"] = "normering_set"
    key: NormeringKey
    normering: Normering
    by: str
    at: datetime


class NormeringWithdrawn(_Event):
    """A normering entered by mistake, withdrawn with a reason; the combination has no N and L again."""

    type: Literal["normering_withdrawn"] = "normering_withdrawn"
    key: NormeringKey
    reden: str
    by: str
    at: datetime


class SettingsSaved(_Event):
    type: Literal["settings_saved"] = "settings_saved"
    settings: Settings
    by: str
    at: datetime


class UitslagSet(_Event):
    type: Literal["uitslag_set"] = "uitslag_set"
    uitslag: Uitslag


class GroupArchived(_Event):
    type: Literal["group_archived"] = "group_archived"
    archive: ArchiveRecord


class GroupAnchored(_Event):
    type: Literal["group_anchored"] = "group_anchored"
    anchor: GroupAnchor


GROUP_EVENT_CLASSES = (
    GroupCreated, ScoreSet, VastgesteldSet, Accepted, OndersteuningSet, PhotoAdded, GroupWithdrawn, AbsentSet,
    RemarkAdded, ReplyAdded, RemarkResolved, AanvullingApplied, Declared, DeclarationsVoided, GroupClosed,
)
"""Every event on one group's log (GroupCreated opens it and is also on the folder log)."""
FOLDER_EVENT_CLASSES = (
    GroupCreated, GroupRemoved, ModelImported, MeldingAdded, AanvullingAdded, NormeringSet, NormeringWithdrawn,
    SettingsSaved, UitslagSet, GroupArchived, GroupAnchored,
)
"""Every event on the folder log."""

GroupEvent = Annotated[Union[GROUP_EVENT_CLASSES], Field(discriminator="type")]  # noqa: UP007 - a tuple
FolderEvent = Annotated[Union[FOLDER_EVENT_CLASSES], Field(discriminator="type")]  # noqa: UP007
Event = Annotated[
    Union[GROUP_EVENT_CLASSES + FOLDER_EVENT_CLASSES[1:]], Field(discriminator="type")  # noqa: UP007
]

DEFERRED = ConfigDict(defer_build=True)
"""Schemas are built at their first use, not at import: the start screen needs none of them."""
GROUP_EVENTS: TypeAdapter[GroupEvent] = TypeAdapter(GroupEvent, config=DEFERRED)
FOLDER_EVENTS: TypeAdapter[FolderEvent] = TypeAdapter(FolderEvent, config=DEFERRED)
EVENTS: TypeAdapter[Event] = TypeAdapter(Event, config=DEFERRED)

CHANGES_WORK = (
    ScoreSet, VastgesteldSet, Accepted, OndersteuningSet, AbsentSet, RemarkAdded, ReplyAdded, RemarkResolved,
    AanvullingApplied,
)
"""Events that change what a declaration covers: after any of them, declarations are void."""


def parse_event(obj: Any) -> Event:
    """An event read back from a log line; raises pydantic's ValidationError."""
    return EVENTS.validate_python(obj)
