"""Apply one audit entry to a group's TinyDB files, and read those files back as domain records.

The same function writes a change, rolls an interrupted change forward and replays
the whole log in `verify`: the log and the files cannot drift apart by construction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from tinydb import Query
from tinydb.storages import Storage
from tinydb.table import Document

from cspe_tui.domain.group import Aanvulling, Candidate, Cell, GroupInfo, Remark, Sluiting, Verklaring
from cspe_tui.domain.text import visible
from cspe_tui.domain.validation import first_problem

from .errors import CorruptFile
from .storage import table

SCORE_COLUMNS = ("examinator", "tweede", "vastgesteld")
CELL_FIELDS = ("examinator", "tweede", "vastgesteld", "vastgesteld_door", "vastgesteld_op")


def applied_seq(storage: Storage) -> int:
    doc = table(storage, "meta").get(doc_id=1)
    return int(doc.get("seq", 0)) if doc else 0


def apply_entry(storage: Storage, raw: dict[str, Any]) -> bool:
    """Bring one file up to date with one entry (call inside its batch); False if it already was."""
    if applied_seq(storage) >= raw["seq"]:
        return False
    handler = _HANDLERS.get(raw["action"])
    if handler is None:
        raise ValueError(f"onbekende actie {raw['action']!r}")
    handler(storage, raw)
    meta: dict[str, Any] = {"seq": raw["seq"]}
    if raw["action"] == "score":
        meta["examennummer"] = raw["examennummer"]
    table(storage, "meta").upsert(Document(meta, doc_id=1))
    return True


def _score(storage: Storage, raw: dict[str, Any]) -> None:
    column, new = raw["column"], raw["new"]
    if column == "vastgesteld":
        fields = {
            "vastgesteld": new,
            "vastgesteld_door": raw["login"] if new is not None else None,
            "vastgesteld_op": raw["at"] if new is not None else None,
        }
    elif column in ("examinator", "tweede"):
        fields = {column: new}
    else:
        raise ValueError(f"onbekende kolom {column!r}")
    cells = table(storage, "cells")
    if not cells.update(fields, Query().code == raw["criterium"]):
        cells.insert({"code": raw["criterium"], **fields})


def _afwezig(storage: Storage, raw: dict[str, Any]) -> None:
    absent = table(storage, "absent")
    match = Query().examennummer == raw["examennummer"]
    if raw["new"]:
        if not absent.contains(match):
            absent.insert({"examennummer": raw["examennummer"]})
    else:
        absent.remove(match)


def _opmerking(storage: Storage, raw: dict[str, Any]) -> None:
    table(storage, "remarks").insert(
        {
            "id": raw["new"]["id"],
            "examennummer": raw["examennummer"],
            "criterium": raw["criterium"],
            "author": raw["login"],
            "text": raw["new"]["text"],
            "at": raw["at"],
            "replies": [],
            "resolved_by": None,
            "resolved_at": None,
        }
    )


def _remark(storage: Storage, remark_id: str) -> tuple[Any, dict[str, Any]]:
    remarks = table(storage, "remarks")
    doc = remarks.get(Query().id == remark_id)
    if doc is None:
        raise ValueError(f"opmerking {remark_id} bestaat niet")
    return remarks, doc


def _reactie(storage: Storage, raw: dict[str, Any]) -> None:
    remarks, doc = _remark(storage, raw["new"]["id"])
    replies = list(doc.get("replies", [])) + [{"author": raw["login"], "text": raw["new"]["text"], "at": raw["at"]}]
    remarks.update({"replies": replies}, doc_ids=[doc.doc_id])


def _afgehandeld(storage: Storage, raw: dict[str, Any]) -> None:
    remarks, doc = _remark(storage, raw["new"]["id"])
    remarks.update({"resolved_by": raw["login"], "resolved_at": raw["at"]}, doc_ids=[doc.doc_id])


def _verklaring(storage: Storage, raw: dict[str, Any]) -> None:
    table(storage, "verklaringen").insert({"role": raw["column"], "login": raw["login"], "at": raw["at"]})


def _aanvulling(storage: Storage, raw: dict[str, Any]) -> None:
    aanvullingen = table(storage, "aanvullingen")
    if not aanvullingen.contains(Query().id == raw["new"]["id"]):
        aanvullingen.insert(dict(raw["new"]))


def _sluiting(storage: Storage, raw: dict[str, Any]) -> None:
    doc = {"closed_by": raw["login"], "at": raw["at"], "seal": raw["new"]["seal"]}
    table(storage, "sluiting").upsert(Document(doc, doc_id=1))


def _groep(storage: Storage, raw: dict[str, Any]) -> None:
    new = raw["new"]
    table(storage, "info").upsert(Document(new["info"], doc_id=1))
    candidates = table(storage, "candidates")
    candidates.truncate()
    candidates.insert_multiple(new["candidates"])
    aanvullingen = table(storage, "aanvullingen")
    aanvullingen.truncate()
    aanvullingen.insert_multiple(new["aanvullingen"])


_HANDLERS: dict[str, Callable[[Storage, dict[str, Any]], None]] = {
    "groep": _groep,
    "score": _score,
    "afwezig": _afwezig,
    "opmerking": _opmerking,
    "reactie": _reactie,
    "afgehandeld": _afgehandeld,
    "verklaring": _verklaring,
    "aanvulling": _aanvulling,
    "sluiting": _sluiting,
}


# --- reading back ----------------------------------------------------------------


@dataclass(frozen=True)
class GroupHead:
    """Everything in group.json: what a write needs to check (closed, role, candidates)."""

    info: GroupInfo
    candidates: list[Candidate]
    absent: list[str]
    remarks: list[Remark]
    verklaringen: list[Verklaring]
    aanvullingen: list[Aanvulling]
    sluiting: Sluiting | None

    @property
    def closed(self) -> bool:
        return self.sluiting is not None

    @property
    def numbers(self) -> frozenset[str]:
        return frozenset(c.examennummer for c in self.candidates)

    def remark(self, remark_id: str) -> Remark | None:
        return next((r for r in self.remarks if r.id == remark_id), None)


def _docs(storage: Storage, name: str) -> list[dict[str, Any]]:
    """A table's documents in id order, read from the storage's parsed data (no Document copies: loads of
    300 candidate files spend most of their time there). Call inside a snapshot; do not mutate."""
    raw = (storage.read() or {}).get(name) or {}
    return [doc for _, doc in sorted(raw.items(), key=lambda item: int(item[0]))]


def head_from(storage: Storage, where: str) -> GroupHead:
    """Call inside a snapshot or batch of group.json."""
    try:
        info_doc = table(storage, "info").get(doc_id=1)
        if info_doc is None:
            raise CorruptFile(f"{where}: de gegevens van de groep ontbreken.")
        candidates = [Candidate.model_validate(d) for d in _docs(storage, "candidates")]
        order = {c.examennummer: i for i, c in enumerate(candidates)}
        absent = sorted({d["examennummer"] for d in _docs(storage, "absent")}, key=lambda n: (order.get(n, 1 << 30), n))
        remarks = sorted((Remark.model_validate(d) for d in _docs(storage, "remarks")), key=lambda r: (r.at, r.id))
        verklaringen = sorted((Verklaring.model_validate(d) for d in _docs(storage, "verklaringen")), key=lambda v: v.at)
        aanvullingen = sorted(
            (Aanvulling.model_validate(d) for d in _docs(storage, "aanvullingen")), key=lambda a: (a.at, a.id)
        )
        sluiting_doc = table(storage, "sluiting").get(doc_id=1)
        return GroupHead(
            info=GroupInfo.model_validate(dict(info_doc)),
            candidates=candidates,
            absent=absent,
            remarks=remarks,
            verklaringen=verklaringen,
            aanvullingen=aanvullingen,
            sluiting=Sluiting.model_validate(dict(sluiting_doc)) if sluiting_doc else None,
        )
    except (ValidationError, KeyError, TypeError, ValueError) as exc:
        raise CorruptFile(f"{where} is beschadigd of met de hand veranderd ({_short(exc)}).") from None


def cells_from(storage: Storage, where: str) -> dict[str, Cell]:
    """Call inside a snapshot or batch of a candidate file."""
    try:
        cells = {}
        for doc in _docs(storage, "cells"):
            fields = dict(doc)
            code = fields.pop("code")
            cells[code] = Cell.model_validate(fields)
        return cells
    except (ValidationError, KeyError, TypeError, ValueError) as exc:
        raise CorruptFile(f"{where} is beschadigd of met de hand veranderd ({_short(exc)}).") from None


def cell_docs(storage: Storage) -> dict[str, dict[str, Any]]:
    """Raw cells without empty fields, for comparing a file with the replayed log."""
    result = {}
    for d in _docs(storage, "cells"):
        fields = {k: v for k, v in d.items() if k != "code" and v is not None}
        if fields:
            result[str(d.get("code"))] = fields
    return result


def _short(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        return f"veld {first_problem(exc)}"
    return f"{type(exc).__name__}: {visible(str(exc))}"
