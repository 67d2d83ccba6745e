"""Making a group: its id, and the check that its candidates do not already have that onderdeel.

Pure, so the app, the CLI, the demo and the store name groups one way and warn alike.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .wording import count
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
            f"{_count(o.candidates)} {'heeft' if len(o.candidates) == 1 else 'hebben'} {what} "
            f"{model_key.onderdeel} van {cspe} al in groep {o.group_id} ({o.versie}, {status}): {names}."
        )
    lines.append(
        "In twee groepen voor hetzelfde onderdeel krijgen zij geen cijfer (\"dubbel\" in de cijferlijst)."
    )
    return "\n".join(lines)


def _count(candidates: tuple[Candidate, ...] | list[Candidate]) -> str:
    return count(len(candidates), "kandidaat", "kandidaten")


def _names(candidates: list[Candidate]) -> str:
    names = ", ".join(f"{c.examennummer} {c.naam}" for c in candidates[:MAX_NAMES_SHOWN])
    more = len(candidates) - MAX_NAMES_SHOWN
    return names + (f" en nog {more}" if more > 0 else "")


@dataclass(frozen=True)
class HerkansingCheck:
    """What the herkansing rules say about a new herkansing group: a refusal, and warnings to confirm."""

    refusal: str | None
    warnings: tuple[str, ...]


def herkansing_check(
    model_key: ModelKey, candidates: Iterable[Candidate], groups: Iterable[GroupState]
) -> HerkansingCheck:
    """A herkansing comes after the whole cspe is done and fixed, in the other versie (domain rule 6).

    Refused: a candidate whose first afname was in this group's versie. Warned (the examensecretaris
    may confirm): a candidate with no first afname of this onderdeel in any group (perhaps taken on
    paper), and a first-afname group of the candidate's cspe that is not closed yet.
    """
    cands = list(candidates)
    first = [
        g for g in sorted(groups, key=lambda g: g.info.group_id)
        if g.info.model_key.cspe == model_key.cspe and not g.info.herkansing and g.withdrawn is None
    ]
    same: list[Candidate] = []
    never: list[Candidate] = []
    open_groups: dict[str, list[Candidate]] = {}
    for cand in cands:
        nr = cand.examennummer
        mine = [g for g in first if any(c.examennummer == nr for c in g.candidates)]
        sat = [g for g in mine if g.info.model_key.onderdeel == model_key.onderdeel and not g.is_absent(nr)]
        if not sat:
            never.append(cand)
        if any(g.info.model_key.versie == model_key.versie for g in sat):
            same.append(cand)
        for g in mine:
            if not g.closed:
                open_groups.setdefault(g.info.group_id, []).append(cand)
    cspe = f"{model_key.profielvak} {model_key.leerweg} {model_key.jaar}"
    refusal = None
    if same:
        refusal = (
            f"{_count(same)} {'heeft' if len(same) == 1 else 'hebben'} onderdeel {model_key.onderdeel} van {cspe} "
            f"in de 1e afname al in de versie {model_key.versie} gemaakt: {_names(same)}. Een herkansing is in de "
            "andere versie; kies het correctiemodel van de andere kleur. (Wie een jaar later herkanst, maakt het hele "
            "cspe opnieuw in de kleur van de 1e afname: dat is een gewone groep, geen herkansing.)"
        )
    warnings = []
    if never:
        warnings.append(
            f"{_count(never)} {'heeft' if len(never) == 1 else 'hebben'} onderdeel {model_key.onderdeel} van {cspe} "
            f"in geen groep van de 1e afname gemaakt: {_names(never)}. Een herkansing volgt op de 1e afname."
        )
    for group_id, waiting in open_groups.items():
        warnings.append(
            f"Groep {group_id} van de 1e afname is nog niet gesloten ({_count(waiting)} van deze groep: "
            f"{_names(waiting)}). Een herkansing komt pas als het hele cspe is afgerond en vastgesteld."
        )
    return HerkansingCheck(refusal, tuple(warnings))
