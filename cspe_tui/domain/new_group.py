"""Making a group: its id, and the check that its candidates do not already have that onderdeel.

Pure, so the app, the CLI, the demo and the store name groups one way and warn alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .correctiemodel import ModelKey
from .group import Candidate, GroupState

MAX_NAMES_SHOWN = 5


def group_id_for(model_key: ModelKey, herkansing: bool, taken: Iterable[str]) -> str:
    """`hbr-kb-2026-rood-a`, `...-herkansing`, then `-2`, `-3`: lower case, never one already taken.

    Taken is compared without case, so two groups never differ only in case.
    """
    base = model_key.slug.lower() + ("-herkansing" if herkansing else "")
    used = {t.lower() for t in taken}
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"


@dataclass(frozen=True)
class Overlap:
    """Candidates of the new group who already have its onderdeel in another group of the same kind."""

    group_id: str
    versie: str
    closed: bool
    candidates: tuple[Candidate, ...]


def overlaps(
    model_key: ModelKey, herkansing: bool, candidates: Iterable[Candidate], groups: Iterable[GroupState]
) -> list[Overlap]:
    """Other first-afname groups (or herkansing groups, for a herkansing) of the same cspe and onderdeel
    that hold some of these candidates. A candidate marked absent there may take it here (inhaal)."""
    wanted = {c.examennummer: c for c in candidates}
    found = []
    for g in sorted(groups, key=lambda g: g.info.group_id):
        key = g.info.model_key
        if key.cspe != model_key.cspe or key.onderdeel != model_key.onderdeel or g.info.herkansing != herkansing:
            continue
        both = tuple(
            wanted[c.examennummer] for c in g.candidates if c.examennummer in wanted and not g.is_absent(c.examennummer)
        )
        if both:
            found.append(Overlap(g.info.group_id, key.versie, g.closed, both))
    return found


def overlap_message(model_key: ModelKey, herkansing: bool, found: list[Overlap]) -> str:
    """One Dutch warning for all overlaps: which group, how many candidates, the first few by name."""
    what = "herkansing van onderdeel" if herkansing else "onderdeel"
    cspe = f"{model_key.profielvak} {model_key.leerweg} {model_key.jaar}"
    lines = []
    for o in found:
        names = ", ".join(f"{c.examennummer} {c.naam}" for c in o.candidates[:MAX_NAMES_SHOWN])
        more = len(o.candidates) - MAX_NAMES_SHOWN
        names += f" en nog {more}" if more > 0 else ""
        status = "gesloten" if o.closed else "open"
        lines.append(
            f"{len(o.candidates)} {'kandidaat heeft' if len(o.candidates) == 1 else 'kandidaten hebben'} {what} {model_key.onderdeel} van {cspe} al in "
            f"groep {o.group_id} ({o.versie}, {status}): {names}."
        )
    lines.append(
        "In twee groepen voor hetzelfde onderdeel krijgen zij geen cijfer (\"dubbel\" in de cijferlijst)."
    )
    return "\n".join(lines)
