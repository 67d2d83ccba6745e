"""decide for the folder: models, meldingen, aanvullingen, normering, settings and new groups."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from datetime import datetime
from typing import Any, get_args

from .text import AANVULLING, DATE, LOGIN, OMSCHRIJVING, TextKind
from .access import checked_text, Actor, Refusal, RefusalKind, require, secretaris_reason
from .commands import (
    FOLDER_COMMAND_TYPES,
    Command,
    AddAanvulling,
    AddMelding,
    AnchorGroup,
    CreateGroup,
    ImportModel,
    RemoveGroup,
    RecordArchive,
    SaveSettings,
    SetNormering,
    WithdrawNormering,
    SetUitslag,
)
from .correctiemodel import Correctiemodel, ModelKey
from .events import (
    AanvullingAdded,
    Event,
    GroupAnchored,
    GroupArchived,
    GroupCreated,
    MeldingAdded,
    ModelImported,
    NormeringSet,
    NormeringWithdrawn,
    SettingsSaved,
    UitslagSet,
)
from .decide_secretaris import decide_remove
from .new_group import group_id_for
from .folder import FolderState
from .group import Aanvulling, GroupInfo, GroupState, Melding, MeldingMoment
from .retention import ArchiveRecord, GroupAnchor, Uitslag

GROUP_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
"""A group id is also a folder name: letters, digits, - and _ only."""

_SECRETARIS_DOING = {
    "create_group": "groepen aanmaken",
    "remove_group": "groepen verwijderen",
    "import_model": "correctiemodellen inlezen",
    "aanvulling": "aanvullingen van het CvTE vastleggen",
    "normering": "de normering (N-term en L) vastleggen",
    "normering_withdraw": "de normering (N-term en L) intrekken",
    "settings": "de instellingen wijzigen",
    "uitslag": "de datum van de uitslag vastleggen",
}

SHA256 = re.compile(r"[0-9a-f]{64}")


def new_id(*parts: object) -> str:
    """A short id derived from what makes a record unique, so decide stays pure and replayable."""
    return hashlib.sha256("\n".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:12]


def _examinates(state: FolderState, login: str, key: ModelKey | None) -> bool:
    return any(
        login in (info.examinator, info.tweede) and (key is None or info.model_key == key)
        for info in state.groups.values()
    )


def folder_permission(state: FolderState, actor: Actor, command_type: str, key: ModelKey | None = None) -> str | None:
    """The role rule for one kind of folder command, or None when the actor may."""
    if command_type == "settings" and not state.settings.examensecretarissen:
        return None  # a new folder: whoever sets it up names the examensecretarissen
    if command_type in _SECRETARIS_DOING:
        return secretaris_reason(actor, _SECRETARIS_DOING[command_type])
    if command_type == "melding":
        if actor.secretaris or _examinates(state, actor.login, key):
            return None
        return (
            f"Je ({actor.login}) bent geen examinator van een groep met dit correctiemodel en geen "
            "examensecretaris; meld het aan een van hen."
        )
    if command_type in FOLDER_COMMAND_TYPES:
        return None
    return f"'{command_type}' is geen opdracht voor de gegevensmap."


def decide_folder(
    state: FolderState, actor: Actor, command: Command, now: datetime, group: GroupState | None = None
) -> list[Event]:
    if isinstance(command, RemoveGroup):
        require(folder_permission(state, actor, command.type))
        return decide_remove(state, actor, command, group, now)
    handler = _FOLDER_HANDLERS.get(type(command))
    if handler is None:
        raise Refusal(
            f"Deze opdracht ({type(command).__name__}) hoort bij een groep, niet bij de gegevensmap.",
            RefusalKind.INVALID_INPUT,
        )
    require(folder_permission(state, actor, command.type, getattr(command, "model_key", None)))
    return handler(state, actor, command, now)


def _model(state: FolderState, key: ModelKey) -> Correctiemodel:
    model = state.model(key)
    if model is None:
        raise Refusal(f"Het correctiemodel {key.label()} is niet ingelezen.", RefusalKind.UNKNOWN_MODEL)
    return model


def _invalid(message: str) -> Refusal:
    return Refusal(message, RefusalKind.INVALID_INPUT)


def _create_group(state: FolderState, actor: Actor, cmd: CreateGroup, now: datetime) -> list[Any]:
    model = _model(state, cmd.model_key)
    if not cmd.candidates:
        raise _invalid("Een groep heeft minstens één kandidaat.")
    seen: set[str] = set()
    for cand in cmd.candidates:
        if cand.examennummer in seen:
            raise _invalid(f"Examennummer {cand.examennummer} staat twee keer in de lijst.")
        seen.add(cand.examennummer)
    empty = "Vul de login van de examinator en van de tweede examinator in."
    examinator, tweede = checked_text(cmd.examinator, empty, LOGIN), checked_text(cmd.tweede, empty, LOGIN)
    if examinator == tweede:
        raise _invalid("De examinator en de tweede examinator moeten twee verschillende personen zijn.")
    if cmd.group_id is not None:
        if not GROUP_ID.fullmatch(cmd.group_id):
            raise _invalid(
                f"Groepsnaam {cmd.group_id!r} kan niet: gebruik alleen letters, cijfers, - en _ (hooguit 80 tekens)."
            )
        taken = {g.lower(): g for g in state.groups}
        if cmd.group_id.lower() in taken:
            raise _invalid(f"Groep {taken[cmd.group_id.lower()]} bestaat al; kies een andere naam.")
        removed = {info.group_id.lower(): info.group_id for info in state.removed}
        if cmd.group_id.lower() in removed:
            raise _invalid(f"Groep {removed[cmd.group_id.lower()]} bestond al en is verwijderd; kies een andere naam.")
        group_id = cmd.group_id
    else:
        group_id = group_id_for(cmd.model_key, cmd.herkansing, [*state.groups, *(i.group_id for i in state.removed)])
    info = GroupInfo(
        group_id=group_id,
        model_key=cmd.model_key,
        model_hash=model.content_hash(),
        examinator=examinator,
        tweede=tweede,
        werkwijze=cmd.werkwijze,
        herkansing=cmd.herkansing,
        created_by=actor.login,
        created_at=now,
    )
    return [GroupCreated(info=info, candidates=list(cmd.candidates), aanvullingen=state.aanvullingen_for(cmd.model_key))]


def _import_model(state: FolderState, actor: Actor, cmd: ImportModel, now: datetime) -> list[Any]:
    content_hash = cmd.model.content_hash()
    existing = state.model_hash(cmd.model.key)
    if existing == content_hash:
        return []
    if existing is not None:
        raise Refusal(
            f"Er is al een ander correctiemodel voor {cmd.model.key.label()} ingelezen. "
            "Een ingelezen correctiemodel wordt nooit veranderd: groepen die het gebruiken, zijn erop gebaseerd.",
            RefusalKind.MODEL_IMPORT,
        )
    return [ModelImported(key=cmd.model.key, content_hash=content_hash, model=cmd.model, by=actor.login, at=now)]


def _melding(state: FolderState, actor: Actor, cmd: AddMelding, now: datetime) -> list[Any]:
    model = _model(state, cmd.model_key)
    opdracht = next((o for o in model.opdrachten if o.nummer == cmd.opdracht), None)
    if opdracht is None:
        raise _invalid(f"Opdracht {cmd.opdracht} staat niet in het correctiemodel {cmd.model_key.label()}.")
    if cmd.criterium is not None and cmd.criterium not in {c.code for c in opdracht.criteria}:
        raise Refusal(f"Criterium {cmd.criterium} hoort niet bij opdracht {cmd.opdracht}.", RefusalKind.UNKNOWN_CRITERIUM)
    omschrijving = checked_text(cmd.omschrijving, "Beschrijf wat er mis is; de omschrijving mag niet leeg zijn.", OMSCHRIJVING)
    if cmd.moment not in get_args(MeldingMoment):
        raise _invalid("Kies als moment: voor de afname, tijdens de afname of tijdens de correctie.")
    melding = Melding(
        id=new_id("melding", len(state.meldingen), actor.login, now.isoformat()),
        model_key=cmd.model_key,
        opdracht=cmd.opdracht,
        criterium=cmd.criterium,
        omschrijving=omschrijving,
        moment=cmd.moment,  # type: ignore[arg-type]  # checked against MeldingMoment above
        gevonden_door=actor.login,
        at=now,
    )
    return [MeldingAdded(melding=melding)]


def _aanvulling(state: FolderState, actor: Actor, cmd: AddAanvulling, now: datetime) -> list[Any]:
    model = _model(state, cmd.model_key)
    try:
        model.criterium(cmd.criterium)
    except KeyError:
        raise Refusal(
            f"Criterium {cmd.criterium} staat niet in het correctiemodel {cmd.model_key.label()}.",
            RefusalKind.UNKNOWN_CRITERIUM,
        ) from None
    tekst = checked_text(cmd.tekst, "De tekst van de aanvulling mag niet leeg zijn.", AANVULLING)
    datum = checked_text(cmd.datum, "Vul de datum van de aanvulling in.", DATE)
    if any(a.criterium == cmd.criterium for a in state.aanvullingen_for(cmd.model_key)):
        raise _invalid(f"Voor {cmd.criterium} is al een aanvulling vastgelegd.")
    aanvulling = Aanvulling(
        id=new_id("aanvulling", len(state.aanvullingen), actor.login, now.isoformat()),
        model_key=cmd.model_key,
        criterium=cmd.criterium,
        tekst=tekst,
        datum=datum,
        recorded_by=actor.login,
        at=now,
    )
    return [AanvullingAdded(aanvulling=aanvulling)]


def _normering(state: FolderState, actor: Actor, cmd: SetNormering, now: datetime) -> list[Any]:
    same = [letter for letter, versie in cmd.key.herkansing if versie == cmd.key.versie]
    if same:
        raise _invalid(
            f"Een herkansing is in de andere versie dan de 1e afname ({cmd.key.versie}); onderdeel "
            f"{', '.join(same)} in {cmd.key.versie} kan niet. Wie een jaar later herkanst, maakt het hele cspe "
            "opnieuw in de kleur van de 1e afname: dat is een 1e afname, zonder herkansing."
        )
    if state.normering_for(cmd.key) == cmd.normering:
        return []
    return [NormeringSet(key=cmd.key, normering=cmd.normering, by=actor.login, at=now)]


NORMERING_REDEN = TextKind("reden", 2_000)


def _withdraw_normering(state: FolderState, actor: Actor, cmd: WithdrawNormering, now: datetime) -> list[Any]:
    if state.normering_entry(cmd.key) is None:
        raise _invalid(f"Voor {cmd.key.label()} is geen normering vastgelegd; er is niets in te trekken.")
    reden = checked_text(
        cmd.reden, "Geef een reden waarom de normering wordt ingetrokken; die komt in het logboek.", NORMERING_REDEN
    )
    return [NormeringWithdrawn(key=cmd.key, reden=reden, by=actor.login, at=now)]


def _settings(state: FolderState, actor: Actor, cmd: SaveSettings, now: datetime) -> list[Any]:
    if cmd.settings == state.settings:
        return []
    if state.settings.examensecretarissen and not cmd.settings.examensecretarissen:
        raise _invalid(
            "Er moet altijd een examensecretaris zijn: zonder kan niemand meer groepen aanmaken of de instellingen "
            "veranderen. Voeg eerst de nieuwe examensecretaris toe; daarna kun je jezelf weghalen."
        )
    return [SettingsSaved(settings=cmd.settings, by=actor.login, at=now)]


def _uitslag(state: FolderState, actor: Actor, cmd: SetUitslag, now: datetime) -> list[Any]:
    cspe = (cmd.profielvak, cmd.leerweg, cmd.jaar)
    if not any((i.model_key.profielvak, i.model_key.leerweg, i.model_key.jaar) == cspe for i in state.groups.values()):
        raise _invalid(f"Er is geen groep van het cspe {cmd.profielvak} {cmd.leerweg} {cmd.jaar}.")
    current = state.uitslag_for(cspe)
    if current is not None and current.datum == cmd.datum:
        return []
    uitslag = Uitslag(
        profielvak=cmd.profielvak, leerweg=cmd.leerweg, jaar=cmd.jaar, datum=cmd.datum, by=actor.login, at=now
    )
    return [UitslagSet(uitslag=uitslag)]


def _of_the_group(state: FolderState, actor: Actor, group_id: str, refused: str) -> GroupInfo:
    """The group, when the actor is one of its examinatoren or the examensecretaris; else `refused`."""
    info = state.groups.get(group_id)
    if info is None:
        raise _invalid(f"Onbekende groep: {group_id}.")
    if not (actor.secretaris or actor.login in (info.examinator, info.tweede)):
        raise Refusal(refused, RefusalKind.PERMISSION)
    return info


def _archive(state: FolderState, actor: Actor, cmd: RecordArchive, now: datetime) -> list[Any]:
    _of_the_group(
        state, actor, cmd.group_id,
        f"Alleen de examinatoren van groep {cmd.group_id} en de examensecretaris maken een archief ervan; "
        f"jij ({actor.login}) bent dat niet.",
    )
    if not SHA256.fullmatch(cmd.manifest_sha256):
        raise _invalid("De hash van het manifest is geen SHA-256 (64 tekens 0-9 en a-f).")
    archive = ArchiveRecord(group_id=cmd.group_id, manifest_sha256=cmd.manifest_sha256, by=actor.login, at=now)
    return [GroupArchived(archive=archive)]


def _anchor(state: FolderState, actor: Actor, cmd: AnchorGroup, now: datetime) -> list[Any]:
    _of_the_group(
        state, actor, cmd.group_id,
        f"Alleen bij een verklaring of het sluiten van groep {cmd.group_id} wordt die vastgelegd; "
        f"jij ({actor.login}) bent daar geen examinator van.",
    )
    if not SHA256.fullmatch(cmd.head) or (cmd.seal is not None and not cmd.seal.strip()):
        raise _invalid("De kop van het logboek is geen SHA-256 (64 tekens 0-9 en a-f).")
    anchor = GroupAnchor(group_id=cmd.group_id, seq=cmd.seq, head=cmd.head, seal=cmd.seal, by=actor.login, at=now)
    return [GroupAnchored(anchor=anchor)]


_FOLDER_HANDLERS: dict[type, Callable[[FolderState, Actor, Any, datetime], list[Any]]] = {
    CreateGroup: _create_group,
    ImportModel: _import_model,
    AddMelding: _melding,
    AddAanvulling: _aanvulling,
    SetNormering: _normering,
    WithdrawNormering: _withdraw_normering,
    SaveSettings: _settings,
    SetUitslag: _uitslag,
    RecordArchive: _archive,
    AnchorGroup: _anchor,
}
