"""The list to type into Wolf: per versie of the first afname, each candidate's vastgestelde scores.

Wolf (the CvTE's program for the normering) has no import format; the examensecretaris or
examinator types the scores per opdracht (or per criterium) in, in the order of the
beoordelingsmodel. Only closed groups count; herkansingen, absent candidates and candidates
without every onderdeel are left out and counted, so the list says why someone is missing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .correctiemodel import Correctiemodel
from .group import GroupState, final_score, opdracht_totals
from .normering import Cspe
from .wording import count

DEFAULT_MINIMUM = 6


@dataclass(frozen=True)
class WolfCandidate:
    examennummer: str
    naam: str
    scores: tuple[int, ...]
    """One per column of the versie, in the same order."""

    @property
    def total(self) -> int:
        return sum(self.scores)


@dataclass(frozen=True)
class WolfVersie:
    versie: str
    onderdelen: tuple[str, ...]
    columns: tuple[str, ...]
    """Opdracht numbers (A1, A2, ... B1, ...) or criterium codes, in the order of the beoordelingsmodel."""
    maxima: tuple[int, ...]
    candidates: tuple[WolfCandidate, ...]
    column_onderdelen: tuple[str, ...] = ()
    """The onderdeel of each column (Wolf asks for the scores per onderdeel)."""
    absent: int = 0
    incomplete: int = 0
    """Candidates without a closed score for every onderdeel of the versie."""


@dataclass(frozen=True)
class WolfList:
    cspe: Cspe
    per_criterium: bool
    minimum: int
    versies: tuple[WolfVersie, ...]
    herkansingen: int = 0
    """Candidates in herkansing groups: Wolf asks for the first afname only."""
    open_groups: tuple[str, ...] = field(default_factory=tuple)
    """First-afname groups not closed yet: not in the list."""

    @property
    def label(self) -> str:
        return f"{self.cspe[0]} {self.cspe[1]} {self.cspe[2]}"

    def warnings(self) -> list[str]:
        """Dutch sentences: a versie below Wolf's minimum, groups still open."""
        lines = []
        for v in self.versies:
            if len(v.candidates) < self.minimum:
                lines.append(
                    f"Versie {v.versie} heeft {_candidates(len(v.candidates))}; Wolf vraagt om de scores van "
                    f"{_candidates(self.minimum)} per versie."
                )
        if self.open_groups:
            lines.append(f"Nog niet gesloten, dus niet in de lijst: {', '.join(self.open_groups)}.")
        if not self.versies:
            lines.append(f"Er is nog geen gesloten groep van de eerste afname van {self.label}.")
        return lines

    def left_out(self) -> list[str]:
        """Who is left out, counted."""
        lines = []
        if self.herkansingen:
            lines.append(f"{_candidates(self.herkansingen)} in een herkansing (Wolf vraagt alleen de eerste afname)")
        for v in self.versies:
            if v.absent:
                lines.append(f"versie {v.versie}: {_candidates(v.absent)} afwezig bij een onderdeel")
            if v.incomplete:
                lines.append(f"versie {v.versie}: {_candidates(v.incomplete)} zonder gesloten score voor elk onderdeel")
        return lines


def _candidates(n: int) -> str:
    return count(n, "kandidaat", "kandidaten")


def _columns(model: Correctiemodel, per_criterium: bool) -> list[tuple[str, int]]:
    if per_criterium:
        return [(c.code, c.max) for c in model.criteria]
    return [(o.nummer, sum(c.max for c in o.criteria)) for o in model.opdrachten]


def _scores(state: GroupState, nr: str, per_criterium: bool) -> list[int]:
    if per_criterium:
        return [final_score(state, nr, c.code) or 0 for c in state.model.criteria]
    totals = opdracht_totals(state, nr)
    return [totals[o.nummer] for o in state.model.opdrachten]


def wolf_list(
    states: Iterable[GroupState], cspe: Cspe, *, minimum: int = DEFAULT_MINIMUM, per_criterium: bool = False
) -> WolfList:
    """The Wolf list of one cspe (profielvak, leerweg, jaar) from all the folder's groups."""
    herkansingen = 0
    open_groups: list[str] = []
    by_versie: dict[str, dict[str, list[GroupState]]] = {}
    for state in states:
        key = state.info.model_key
        if (key.profielvak, key.leerweg, key.jaar) != cspe or state.withdrawn is not None:
            continue
        if state.info.herkansing:
            herkansingen += len(state.candidates)
        elif state.sluiting is None:
            open_groups.append(state.info.group_id)
        else:
            by_versie.setdefault(key.versie, {}).setdefault(key.onderdeel, []).append(state)
    versies = [_versie(versie, groups, per_criterium) for versie, groups in sorted(by_versie.items())]
    return WolfList(cspe, per_criterium, minimum, tuple(versies), herkansingen, tuple(sorted(open_groups)))


def _versie(versie: str, groups: dict[str, list[GroupState]], per_criterium: bool) -> WolfVersie:
    onderdelen = tuple(sorted(groups))
    columns: list[tuple[str, int]] = []
    column_onderdelen: list[str] = []
    for onderdeel in onderdelen:
        mine = _columns(groups[onderdeel][0].model, per_criterium)
        columns += mine
        column_onderdelen += [onderdeel] * len(mine)
    names: dict[str, str] = {}
    scores: dict[str, dict[str, list[int]]] = {}
    absent: set[str] = set()
    for onderdeel in onderdelen:
        for state in groups[onderdeel]:
            for cand in state.candidates:
                nr = cand.examennummer
                names.setdefault(nr, cand.naam)
                if state.is_absent(nr):
                    absent.add(nr)
                else:
                    scores.setdefault(nr, {})[onderdeel] = _scores(state, nr, per_criterium)
    listed, incomplete = [], 0
    for nr in sorted(names):
        if nr in absent:
            continue
        mine = scores.get(nr, {})
        if set(mine) != set(onderdelen):
            incomplete += 1
            continue
        row = [value for onderdeel in onderdelen for value in mine[onderdeel]]
        listed.append(WolfCandidate(nr, names[nr], tuple(row)))
    return WolfVersie(
        versie=versie,
        onderdelen=onderdelen,
        columns=tuple(c for c, _ in columns),
        maxima=tuple(m for _, m in columns),
        candidates=tuple(listed),
        column_onderdelen=tuple(column_onderdelen),
        absent=len(absent),
        incomplete=incomplete,
    )
