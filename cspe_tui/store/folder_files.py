"""The folder log's checkpoint files, and adopting a folder an older version wrote.

settings.json, correctiemodellen/*.json, modellen.json and normering.json are written from the
folded folder state after each transaction (only the files its events touched); a folder
without a log has its files read back as the events of its first transaction.
"""

from __future__ import annotations

import json
from contextlib import suppress
from datetime import datetime
from decimal import Decimal
from typing import Any

from pydantic import ValidationError

from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.events import (
    AanvullingAdded,
    MeldingAdded,
    ModelImported,
    NormeringSet,
    NormeringWithdrawn,
    SettingsSaved,
)
from cspe_tui.domain.folder import FolderState
from cspe_tui.domain.group import Aanvulling, Melding
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.domain.validation import check_model_bytes

from .datafolder import DataFolder, parse_settings, settings_bytes
from .errors import CorruptFile, DataFolderError
from .fs import ensure_dir, os_reason, write_checkpoint_file


def write_folder_checkpoint(folder: DataFolder, state: FolderState, events: list[Any] | None = None) -> None:
    """Rewrite the files the events touched (all when None); the log stays the record if this fails."""
    kinds = None if events is None else {type(e) for e in events}
    with suppress(OSError):
        if kinds is None or SettingsSaved in kinds:
            write_checkpoint_file(folder.settings_file, settings_bytes(state.settings))
        if kinds is None or ModelImported in kinds:
            ensure_dir(folder.models)
            for entry in state.models.values():
                write_checkpoint_file(folder.model_file(entry.key), model_bytes(entry.model))
        if kinds is None or kinds & {MeldingAdded, AanvullingAdded}:
            tables = {
                "meldingen": [m.model_dump(mode="json") for m in state.meldingen],
                "aanvullingen": [a.model_dump(mode="json") for a in state.aanvullingen],
            }
            write_checkpoint_file(folder.modellen_file, tinydb_bytes(tables))
        if kinds is None or kinds & {NormeringSet, NormeringWithdrawn}:
            docs = [
                {
                    **entry.key._asdict(),
                    **_nl(entry.normering),
                    "door": entry.by,
                    "at": entry.at.isoformat(),
                    "ingetrokken": entry.withdrawn,
                    "geschiedenis": [
                        {
                            "door": h.by,
                            "at": h.at.isoformat(),
                            "old": _nl(h.old) if h.old else None,
                            "new": _nl(h.new) if h.new else None,
                            **({"reden": h.reden} if h.reden else {}),
                        }
                        for h in entry.history
                    ],
                }
                for entry in state.normering
            ]
            write_checkpoint_file(folder.normering_file, tinydb_bytes({"normering": docs}))


def adopt_files(folder: DataFolder, by: str, at: datetime) -> list[Any]:
    """What an older version kept in files, as the events that start the folder log."""
    path = folder.settings_file
    try:
        settings = parse_settings(path.read_bytes(), path)
    except FileNotFoundError:
        raise DataFolderError(f"{path} ontbreekt; de gegevensmap is niet (meer) ingericht.") from None
    except OSError as exc:
        raise DataFolderError(f"{path} kan niet worden gelezen ({os_reason(exc)}).") from None
    events: list[Any] = [SettingsSaved(settings=settings, by=by, at=at)]
    with suppress(OSError):
        for model_file in sorted(folder.models.glob("*.json")):
            result = check_model_bytes(model_file.read_bytes())
            if result.model is not None:
                model = result.model
                events.append(ModelImported(key=model.key, content_hash=model.content_hash(), model=model, by=by, at=at))
    try:
        tables = json.loads(folder.modellen_file.read_text("utf-8")) if folder.modellen_file.exists() else {}
        for doc in (tables.get("meldingen") or {}).values():
            events.append(MeldingAdded(melding=Melding.model_validate(doc)))
        for doc in (tables.get("aanvullingen") or {}).values():
            events.append(AanvullingAdded(aanvulling=Aanvulling.model_validate(doc)))
    except (OSError, ValueError, ValidationError, AttributeError):
        raise CorruptFile(f"{folder.modellen_file} is beschadigd of met de hand veranderd.") from None
    events.extend(_adopt_normering(folder, by, at))
    return events

def _adopt_normering(folder: DataFolder, by: str, at: datetime) -> list[Any]:
    """N and L an older version kept in normering.json (per versie, before herkansing combinations)."""
    path = folder.normering_file
    try:
        tables = json.loads(path.read_text("utf-8")) if path.exists() else {}
        events = []
        for doc in (tables.get("normering") or {}).values():
            if doc.get("ingetrokken"):
                continue
            herkansing = tuple((str(o), str(v)) for o, v in doc.get("herkansing") or ())
            key = NormeringKey(str(doc["profielvak"]), str(doc["leerweg"]), int(doc["jaar"]), str(doc["versie"]), herkansing)
            normering = Normering(nterm=Decimal(str(doc["nterm"])), lengte=doc["lengte"])
            when = datetime.fromisoformat(doc["at"]) if doc.get("at") else at
            events.append(NormeringSet(key=key, normering=normering, by=str(doc.get("door") or by), at=when))
    except (OSError, ValueError, TypeError, KeyError, ArithmeticError, ValidationError, AttributeError):
        raise CorruptFile(f"{path} is beschadigd of met de hand veranderd.") from None
    return events


def model_bytes(model: Correctiemodel) -> bytes:
    return (model.model_dump_json(indent=2, exclude_defaults=False) + "\n").encode("utf-8")


def tinydb_bytes(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """TinyDB's own file layout (table -> doc id -> document), written in one piece."""
    data = {name: {str(i): doc for i, doc in enumerate(docs, 1)} for name, docs in tables.items()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _nl(normering: Normering) -> dict[str, Any]:
    return {"nterm": str(normering.nterm), "lengte": normering.lengte}
