"""What stops a group from closing, and the seal over its work.

Pure, like group.py: the closing screen, `cspe sluit`, decide (declare, close) and the
exports all ask these functions, so they cannot disagree about what is still open.
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from .group import GroupState, Record, Role, final_score, is_difference

BlockerKind = Literal["ontbreekt", "verschil", "opmerking", "verklaring"]


class Blocker(Record):
    """One thing that stops closing; examennummer/criterium tell the app where to jump."""

    kind: BlockerKind
    text: str
    examennummer: str | None = None
    criterium: str | None = None


def closing_blockers(state: GroupState) -> list[Blocker]:
    """Everything that must be done before the group may close; empty means it may."""
    blockers: list[Blocker] = []
    for cand in state.candidates:
        nr = cand.examennummer
        if state.is_absent(nr):
            continue
        for crit in state.model.criteria:
            if final_score(state, nr, crit.code) is not None:
                continue
            if is_difference(state, nr, crit.code):
                cell = state.cell(nr, crit.code)
                blockers.append(
                    Blocker(
                        kind="verschil",
                        text=f"{nr} {cand.naam}: {crit.code} verschil {cell.examinator} / {cell.tweede}",
                        examennummer=nr,
                        criterium=crit.code,
                    )
                )
            else:
                blockers.append(
                    Blocker(
                        kind="ontbreekt",
                        text=f"{nr} {cand.naam}: {crit.code} heeft geen vastgestelde score",
                        examennummer=nr,
                        criterium=crit.code,
                    )
                )
    for remark in state.remarks:
        if remark.open:
            where = f" bij {remark.criterium}" if remark.criterium else ""
            blockers.append(
                Blocker(
                    kind="opmerking",
                    text=f"open opmerking{where} ({remark.examennummer}): {_shortened(remark.text, 60)}",
                    examennummer=remark.examennummer,
                    criterium=remark.criterium,
                )
            )
    blockers.extend(declaration_blockers(state))
    return blockers


def _shortened(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def declaration_blockers(state: GroupState) -> list[Blocker]:
    """Which declaration is missing, and whether a later change voided an earlier one."""
    declared = {v.role: v for v in state.verklaringen}
    blockers: list[Blocker] = []
    for role in (Role.EXAMINATOR, Role.TWEEDE):
        login = state.info.examinator if role is Role.EXAMINATOR else state.info.tweede
        if role in declared:
            continue
        voided = next((v for v in reversed(state.vervallen) if v.verklaring.role is role), None)
        if voided is not None:
            text = (
                f"de verklaring van de {role.label} ({login}) is vervallen door een wijziging van "
                f"{voided.voided_by} ({voided.reason}); de {role.label} verklaart opnieuw"
            )
        else:
            text = f"de {role.label} ({login}) heeft nog niet verklaard dat er volgens het correctievoorschrift is beoordeeld"
        blockers.append(Blocker(kind="verklaring", text=text))
    return blockers


OPEN_WORDS: dict[BlockerKind, tuple[str, str]] = {
    "ontbreekt": ("score te geven", "scores te geven"),
    "verschil": ("verschil vast te stellen", "verschillen vast te stellen"),
    "opmerking": ("opmerking op te lossen", "opmerkingen op te lossen"),
    "verklaring": ("verklaring te geven", "verklaringen te geven"),
}


def open_summary(blockers: list[Blocker]) -> str:
    """What is still open, by kind and in words: "12 scores te geven, 1 verschil vast te stellen"."""
    counts: dict[BlockerKind, int] = {}
    for blocker in blockers:
        counts[blocker.kind] = counts.get(blocker.kind, 0) + 1
    parts = [
        f"{counts[kind]} {one if counts[kind] == 1 else more}"
        for kind, (one, more) in OPEN_WORDS.items()
        if kind in counts
    ]
    if len(parts) > 1:
        return ", ".join(parts[:-1]) + " en " + parts[-1]
    return parts[0] if parts else "niets"


SEAL_EXCLUDES = frozenset({"sluiting", "meldingen", "model", "verklaringen", "vervallen", "withdrawn", "photos"})


def seal_of(state: GroupState) -> str:
    """SHA-256 over the group's work: scores, absences, remarks, aanvullingen, candidates, info.

    Meldingen belong to the model and may come later; a withdrawal and photos may follow closing
    (each photo is in the hash-chained log by its SHA-256). Fields
    newer than the first closed groups count only when set, so their seals stay valid.
    The declarations are left out so
    that a declaration can record the seal of the work it covers, which must equal the
    closing seal; they are themselves in the hash-chained log.
    """
    content = state.model_dump(mode="json", exclude=set(SEAL_EXCLUDES))
    for row in content["cells"].values():
        for cell in row.values():
            if cell.get("akkoord") is None:
                cell.pop("akkoord", None)
    if not content["ondersteuning"]:
        del content["ondersteuning"]
    content["model_hash"] = state.model.content_hash()
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
