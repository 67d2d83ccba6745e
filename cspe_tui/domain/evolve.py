"""Apply one event to a state; pure, and cheap: only the touched parts are copied."""

from __future__ import annotations

from collections.abc import Iterable

from .correctiemodel import Correctiemodel
from .events import (
    AanvullingAdded,
    AanvullingApplied,
    AbsentSet,
    Accepted,
    Declared,
    DeclarationsVoided,
    GroupArchived,
    GroupClosed,
    GroupCreated,
    GroupRemoved,
    GroupWithdrawn,
    MeldingAdded,
    ModelImported,
    NormeringSet,
    NormeringWithdrawn,
    OndersteuningSet,
    PhotoAdded,
    RemarkAdded,
    RemarkResolved,
    ReplyAdded,
    ScoreSet,
    SettingsSaved,
    UitslagSet,
    VastgesteldSet,
)
from .folder import FolderState, ImportedModel, NormeringChange, NormeringEntry
from .group import Cell, GroupState, Remark, Role, VervallenVerklaring
from .group_notes import PhotoRecord, Stamp


class EventMismatch(ValueError):
    """An event that cannot follow this state (a damaged or foreign log); the message is Dutch."""


def group_from(created: GroupCreated, model: Correctiemodel) -> GroupState:
    """The state right after creation; the model must be the one the group was created with."""
    if model.content_hash() != created.info.model_hash:
        raise EventMismatch(
            f"Het correctiemodel {model.key.label()} is niet het model waarmee groep "
            f"{created.info.group_id} is aangemaakt."
        )
    return GroupState(
        info=created.info,
        model=model,
        candidates=list(created.candidates),
        aanvullingen=list(created.aanvullingen),
    )


def fold_group(
    created: GroupCreated, model: Correctiemodel, events: Iterable[object], stamps: Iterable[Stamp | None] | None = None
) -> GroupState:
    """`stamps`: each event's envelope (login, at), needed for photos; None when no event needs it."""
    state = group_from(created, model)
    stamp_iter = iter(stamps) if stamps is not None else None
    for event in events:
        state = evolve(state, event, next(stamp_iter) if stamp_iter is not None else None)
    return state


def fold_folder(events: Iterable[object], state: FolderState | None = None) -> FolderState:
    state = state if state is not None else FolderState()
    for event in events:
        state = evolve_folder(state, event)
    return state


def _with_cell(state: GroupState, examennummer: str, code: str, **fields: object) -> GroupState:
    row = dict(state.cells.get(examennummer, {}))
    row[code] = (row.get(code) or Cell()).model_copy(update=fields)
    cells = dict(state.cells)
    cells[examennummer] = row
    return state.model_copy(update={"cells": cells})


def _with_remark(state: GroupState, remark_id: str, **fields: object) -> GroupState:
    remarks = list(state.remarks)
    for i, remark in enumerate(remarks):
        if remark.id == remark_id:
            remarks[i] = remark.model_copy(update=fields)
            return state.model_copy(update={"remarks": remarks})
    raise EventMismatch(f"Opmerking {remark_id} bestaat niet in groep {state.info.group_id}.")


def _remark(state: GroupState, remark_id: str) -> Remark:
    for remark in state.remarks:
        if remark.id == remark_id:
            return remark
    raise EventMismatch(f"Opmerking {remark_id} bestaat niet in groep {state.info.group_id}.")


def evolve(state: GroupState, event: object, stamp: Stamp | None = None) -> GroupState:
    """The group's next state; never changes `state` itself. `stamp`: the log envelope's login and at."""
    match event:
        case ScoreSet(examennummer=nr, criterium=code, role=role, new=new):
            if role is Role.TWEEDE:
                return _with_cell(state, nr, code, tweede=new, akkoord=None)
            return _with_cell(state, nr, code, examinator=new)
        case Accepted(examennummer=nr, criterium=code, new=new, by=by, at=at):
            return _with_cell(
                state, nr, code, tweede=new, akkoord=True, vastgesteld=new, vastgesteld_door=by, vastgesteld_op=at
            )
        case OndersteuningSet(ondersteuning=note):
            rest = [o for o in state.ondersteuning if o.examennummer != note.examennummer]
            return state.model_copy(update={"ondersteuning": rest if note.empty else [*rest, note]})
        case GroupWithdrawn(withdrawal=withdrawal):
            return state.model_copy(update={"withdrawn": withdrawal})
        case PhotoAdded():
            if stamp is None:
                raise EventMismatch("een foto zonder wie en wanneer (de regel van het logboek) past niet in de groep")
            record = PhotoRecord(**event.model_dump(exclude={"type"}), login=stamp.login, at=stamp.at)
            return state.model_copy(update={"photos": (*state.photos, record)})
        case VastgesteldSet(examennummer=nr, criterium=code, new=new, by=by, at=at):
            if new is None:
                return _with_cell(state, nr, code, vastgesteld=None, vastgesteld_door=None, vastgesteld_op=None)
            return _with_cell(state, nr, code, vastgesteld=new, vastgesteld_door=by, vastgesteld_op=at)
        case AbsentSet(examennummer=nr, absent=absent):
            rest = [n for n in state.absent if n != nr]
            return state.model_copy(update={"absent": rest + [nr] if absent else rest})
        case RemarkAdded(remark=remark):
            return state.model_copy(update={"remarks": [*state.remarks, remark]})
        case ReplyAdded(remark_id=remark_id, reply=reply):
            replies = [*_remark(state, remark_id).replies, reply]
            return _with_remark(state, remark_id, replies=replies)
        case RemarkResolved(remark_id=remark_id, by=by, at=at):
            return _with_remark(state, remark_id, resolved_by=by, resolved_at=at)
        case AanvullingApplied(aanvulling=aanvulling):
            if any(a.id == aanvulling.id for a in state.aanvullingen):
                return state
            return state.model_copy(update={"aanvullingen": [*state.aanvullingen, aanvulling]})
        case Declared(verklaring=verklaring):
            rest = [v for v in state.verklaringen if v.role is not verklaring.role]
            return state.model_copy(update={"verklaringen": [*rest, verklaring]})
        case DeclarationsVoided(by=by, at=at, reason=reason):
            voided = [
                VervallenVerklaring(verklaring=v, voided_by=by, voided_at=at, reason=reason) for v in state.verklaringen
            ]
            return state.model_copy(update={"verklaringen": [], "vervallen": [*state.vervallen, *voided]})
        case GroupClosed(sluiting=sluiting):
            return state.model_copy(update={"sluiting": sluiting})
        case GroupCreated():
            raise EventMismatch(f"Groep {state.info.group_id} bestaat al; een tweede aanmaak past niet in het logboek.")
    raise EventMismatch(f"Een {type(event).__name__} hoort niet in het logboek van een groep.")


def evolve_folder(state: FolderState, event: object) -> FolderState:
    """The folder's next state; never changes `state` itself."""
    match event:
        case GroupCreated(info=info):
            return state.model_copy(update={"groups": {**state.groups, info.group_id: info}})
        case GroupRemoved(group_id=group_id):
            if group_id not in state.groups:
                raise EventMismatch(f"Groep {group_id} bestaat niet en kan dus niet worden verwijderd.")
            groups = {g: i for g, i in state.groups.items() if g != group_id}
            return state.model_copy(update={"groups": groups, "removed": [*state.removed, state.groups[group_id]]})
        case ModelImported(key=key, content_hash=content_hash, model=model, by=by, at=at):
            entry = ImportedModel(key=key, content_hash=content_hash, model=model, by=by, at=at)
            return state.model_copy(update={"models": {**state.models, key.slug: entry}})
        case MeldingAdded(melding=melding):
            return state.model_copy(update={"meldingen": [*state.meldingen, melding]})
        case AanvullingAdded(aanvulling=aanvulling):
            return state.model_copy(update={"aanvullingen": [*state.aanvullingen, aanvulling]})
        case NormeringSet(key=key, normering=normering, by=by, at=at):
            old = next((e for e in state.normering if e.key == key), None)
            rest = [e for e in state.normering if e.key != key]
            before = old.normering if old is not None and not old.withdrawn else None
            change = NormeringChange(by=by, at=at, old=before, new=normering)
            history = [*(old.history if old else []), change]
            entry = NormeringEntry(key=key, normering=normering, by=by, at=at, history=history)
            return state.model_copy(update={"normering": [*rest, entry]})
        case NormeringWithdrawn(key=key, reden=reden, by=by, at=at):
            current = state.normering_entry(key)
            if current is None:
                raise EventMismatch(f"Voor {key.label()} is geen normering vastgelegd die kan worden ingetrokken.")
            change = NormeringChange(by=by, at=at, old=current.normering, new=None, reden=reden)
            entry = current.model_copy(
                update={"by": by, "at": at, "history": [*current.history, change], "withdrawn": True}
            )
            return state.model_copy(
                update={"normering": [*(e for e in state.normering if e.key != key), entry]}
            )
        case SettingsSaved(settings=settings):
            return state.model_copy(update={"settings": settings})
        case UitslagSet(uitslag=uitslag):
            rest = [u for u in state.uitslagen if u.cspe != uitslag.cspe]
            return state.model_copy(update={"uitslagen": [*rest, uitslag]})
        case GroupArchived(archive=archive):
            return state.model_copy(update={"archives": [*state.archives, archive]})
    raise EventMismatch(f"Een {type(event).__name__} hoort niet in het logboek van de gegevensmap.")
