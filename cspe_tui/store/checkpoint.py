"""A group's TinyDB files: a checkpoint of its folded log, so opening a group reads no whole log.

group.json holds one table per part of the group (info, candidates, absent, remarks, ...)
and a `meta` table with the log position it covers; each candidate's cells live in their
own small file, so a score rewrites one small file. group.json is rewritten when the group
itself changes and at least every 50 lines; opening a group folds the lines after its mark
onto the files (a cell event sets a value, so folding it again onto a newer file is harmless). The files are written after the log line
they follow (no fsync: the log is the record) and rebuilt from the log when missing,
unreadable or behind.

summary.json holds the group's summary (what the start screen lists) with the log position
it belongs to, rewritten after every change: listing a group whose log still ends where
the summary says reads this one small file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError
from tinydb import TinyDB
from tinydb.table import Document

from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.group import Cell, GroupState
from cspe_tui.domain.summary import GroupSummary

from .errors import CorruptFile

HEAD_FIELDS = tuple(f for f in GroupState.model_fields if f not in ("model", "cells", "meldingen", "tampered"))
SUMMARY_FILE = "summary.json"
SINGLE = frozenset(("info", "sluiting", "withdrawn"))
"""Parts that are one record (doc 1) rather than a list."""
LIST_OF_NUMBERS = frozenset(("absent",))


_CELLS: TypeAdapter[dict[str, Cell]] = TypeAdapter(dict[str, Cell])


@dataclass(frozen=True)
class Mark:
    """The log position a checkpoint covers: after line `seq` (hash `hash`), at byte `end`."""

    seq: int
    hash: str
    end: int
    files: tuple[str, ...] = ()
    """Candidates that have a cells file; a missing one means the checkpoint is incomplete."""


def _table(db: TinyDB, name: str):  # noqa: ANN202  (TinyDB's Table)
    return db.table(name, cache_size=0)


def head_docs(state: GroupState) -> dict[str, list[dict[str, Any]]]:
    """Every part of group.json as TinyDB documents."""
    data = state.model_dump(mode="json", include=set(HEAD_FIELDS))
    docs: dict[str, list[dict[str, Any]]] = {}
    for name in HEAD_FIELDS:
        value = data.get(name)
        if name in SINGLE:
            docs[name] = [value] if value is not None else []
        elif name in LIST_OF_NUMBERS:
            docs[name] = [{"examennummer": nr} for nr in value]
        else:
            docs[name] = list(value)
    return docs


def write_head(db: TinyDB, state: GroupState, mark: Mark) -> None:
    """Replace group.json with the state's head and the mark, in one atomic write."""
    with db.storage.batch():
        for name, docs in head_docs(state).items():
            table = _table(db, name)
            table.truncate()
            table.insert_multiple(docs)
        meta = {"seq": mark.seq, "hash": mark.hash, "end": mark.end, "files": sorted(mark.files)}
        _table(db, "meta").upsert(Document(meta, doc_id=1))


def write_cells(db: TinyDB, cells: dict[str, Cell], seq: int) -> None:
    with db.storage.batch():
        table = _table(db, "cells")
        table.truncate()
        table.insert_multiple(
            {"code": code, **cell.model_dump(mode="json", exclude_none=True)} for code, cell in cells.items()
        )
        _table(db, "meta").upsert(Document({"seq": seq}, doc_id=1))


def read_mark(db: TinyDB) -> Mark | None:
    """The checkpoint's position, or None when group.json is missing or has none."""
    with db.storage.snapshot() as sig:
        if sig is None:
            return None
        doc = _table(db, "meta").get(doc_id=1)
    if not doc:
        return None
    try:
        return Mark(int(doc["seq"]), str(doc["hash"]), int(doc["end"]), tuple(str(n) for n in doc.get("files", [])))
    except (KeyError, TypeError, ValueError):
        return None


def read_cells_seq(db: TinyDB) -> int | None:
    """The last log line a candidate file covers (None when it is missing)."""
    with db.storage.snapshot() as sig:
        if sig is None:
            return None
        doc = _table(db, "meta").get(doc_id=1)
    return int(doc.get("seq", 0)) if doc else 0


def read_head(db: TinyDB, where: str) -> dict[str, Any]:
    """group.json's parts as the fields of a GroupState (not yet validated)."""
    with db.storage.snapshot():
        fields: dict[str, Any] = {}
        for name in HEAD_FIELDS:
            docs = [dict(d) for d in _table(db, name).all()]
            if name in SINGLE:
                fields[name] = docs[0] if docs else None
            elif name in LIST_OF_NUMBERS:
                fields[name] = [d.get("examennummer") for d in docs]
            else:
                fields[name] = docs
    if fields.get("info") is None:
        raise CorruptFile(f"{where}: de gegevens van de groep ontbreken.")
    return fields


def read_cells(db: TinyDB, where: str) -> dict[str, Cell] | None:
    """One candidate's cells, validated in one pydantic call (a group of 300 opens 300 of these files).

    Reads the storage's parsed tables rather than `Table.all()`: Document copies of 18,000 cells
    cost more than the rest of opening a group.
    """
    try:
        with db.storage.snapshot() as sig:
            if sig is None:
                return None
            docs = (db.storage.read() or {}).get("cells") or {}
            by_code = {}
            for _, doc in sorted(docs.items(), key=lambda item: int(item[0])):
                fields = dict(doc)
                by_code[str(fields.pop("code"))] = fields
        return _CELLS.validate_python(by_code)
    except (ValidationError, KeyError, TypeError, ValueError, AttributeError) as exc:
        raise CorruptFile(f"{where} is beschadigd of met de hand veranderd ({short_error(exc)}).") from None


def state_from(
    head: dict[str, Any], model: Correctiemodel, cells: dict[str, dict[str, Cell]], where: str
) -> GroupState:
    try:
        # The cells are validated already (read_cells); validating 18,000 of them again costs more than the rest.
        return GroupState.model_validate({**head, "model": model}).model_copy(update={"cells": cells})
    except ValidationError as exc:
        raise CorruptFile(f"{where} is beschadigd of met de hand veranderd ({short_error(exc)}).") from None


def read_checkpoint(
    db: TinyDB, cand: Callable[[str], TinyDB], model_of: Callable[[dict[str, Any]], Correctiemodel], path: Path
) -> tuple[GroupState, Mark] | None:
    """The checkpointed state, or None when any part is missing or unreadable (then fold the log)."""
    try:
        mark = read_mark(db)
        if mark is None:
            return None
        head = read_head(db, str(path / "group.json"))
        cells = {}
        for nr in mark.files:
            found = read_cells(cand(nr), nr)
            if found is None:
                return None
            if found:
                cells[nr] = found
        return state_from(head, model_of(head), cells, str(path / "group.json")), mark
    except CorruptFile:
        return None


def short_error(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        err = exc.errors(include_url=False)[0]
        loc = ".".join(str(p) for p in err["loc"])
        return f"veld {loc}: {err['msg']}"
    return f"{type(exc).__name__}: {exc}"


def _summary_digest(doc: dict[str, Any], meta: dict[str, Any]) -> str:
    """Binds the counts to the log position, so a hand-edited count or position is not taken as true."""
    text = json.dumps({"summary": doc, "mark": meta}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def write_summary(db: TinyDB, summary: GroupSummary, mark: Mark) -> None:
    """Replace summary.json in one atomic write (nothing of the old file is read)."""
    doc = summary.model_dump(mode="json", exclude={"tampered"})
    meta = {"seq": mark.seq, "hash": mark.hash, "end": mark.end}
    db.storage.write({"summary": {"1": doc}, "meta": {"1": {**meta, "digest": _summary_digest(doc, meta)}}})


def read_summary(db: TinyDB) -> tuple[GroupSummary, Mark] | None:
    """The stored summary and its log position; None when missing, unreadable or edited (then count again)."""
    try:
        with db.storage.snapshot() as sig:
            if sig is None:
                return None
            data = db.storage.read() or {}
        doc = dict(data["summary"]["1"])
        meta = dict(data["meta"]["1"])
        digest = meta.pop("digest")
        if digest != _summary_digest(doc, meta):
            return None
        return GroupSummary.model_validate(doc), Mark(int(meta["seq"]), str(meta["hash"]), int(meta["end"]))
    except (CorruptFile, ValidationError, KeyError, TypeError, ValueError, AttributeError):
        return None
