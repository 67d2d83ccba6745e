"""The cijferlijst of one cspe: onderdeel scores from closed groups, S, N, L, cijfer and herkansing.

Pure, so the screen, the CLI and the exports show the same cijfers. The choices,
where docs/domain.md leaves room:

- Only closed groups count: closing is final, so a cijfer can never change afterwards.
  A candidate with an onderdeel in an open group, in no group at all, marked absent,
  or in two groups for the same onderdeel gets no cijfer, with the Dutch reason.
  (A closed group in which the candidate is absent is ignored when another group
  of the same onderdeel has the candidate: that is an inhaal in a later group.)
- The onderdelen of a cspe: A-D for bb and kb (the domain rule), for gl the onderdelen
  of all groups of the cspe. A warning tells when L differs from the sum of the
  models' maximum scores, which catches a missing gl onderdeel or a typo in L.
- N and L are keyed by `NormeringKey`: the first afname per versie, and for a
  herkansing the combination of onderdelen retaken and their versie (the N-L-tool gives
  each herkansings-cspe its own N and L). The first attempt's versie is the versie of
  the candidate's own first-attempt groups (they must share one); the retaken
  onderdelen's versie is that of the candidate's herkansing groups, which must be the
  other colour. Determining the versie per candidate lets a school that uses both
  colours in the first period still get correct cijfers; the list warns when it does.
- Herkansing (groups with `info.herkansing`): the onderdelen the candidate took again
  replace the earlier scores, the rest stay, and the total is converted with the N and
  L of that candidate's combination.
- `Cijferlijst.needed` lists every combination its candidates need, with its maximum
  score (from the models) and the highest S reached, so N and L can be asked for and
  checked per combination. Absent in a closed herkansing group means that
  onderdeel was not taken again: the earlier score stays. Absent for every herkansing
  onderdeel means there is no herkansing cijfer (never a cijfer from old scores with
  a new N).
- The definitive CE-cijfer is the higher of the two cijfers. It is only given when
  nothing still open could change it: an attempt without a cijfer for a reason other
  than absence (open group, missing normering, ...) blocks it. An attempt that is
  final without a cijfer (absent) does not: an onderdeel missed in the first period
  and taken in the herkansing gives the herkansing cijfer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .cijfer_attempts import (
    Attempt,
    CandidateCijfer,
    definitive_cijfer,
    first_attempt,
    herkansing_attempt,
    onderdeel_slot,
)
from .group import GroupState
from .normering import Cspe, Normering, NormeringKey, lengte_problems

FIXED_ONDERDELEN = {"bb": ("A", "B", "C", "D"), "kb": ("A", "B", "C", "D")}

__all__ = ["Cspe", "NormeringKey", "build_cijferlijst", "Cijferlijst", "NeededNormering"]


@dataclass(frozen=True)
class Cijferlijst:
    cspe: Cspe
    onderdelen: tuple[str, ...]
    candidates: tuple[CandidateCijfer, ...]
    warnings: tuple[str, ...]
    needed: tuple[NeededNormering, ...] = ()

    @property
    def has_herkansing(self) -> bool:
        return any(c.herkansing is not None for c in self.candidates)

    @property
    def label(self) -> str:
        return f"{self.cspe[0]} {self.cspe[1]} {self.cspe[2]}"


def cspe_onderdelen(cspe: Cspe, groups: Iterable[GroupState]) -> tuple[str, ...]:
    letters = set(FIXED_ONDERDELEN.get(cspe[1], ()))
    letters |= {g.info.model_key.onderdeel for g in groups if g.info.model_key.cspe == cspe}
    return tuple(sorted(letters))


def _natural(examennummer: str) -> tuple[int, int | str, str]:
    return (0, int(examennummer), examennummer) if examennummer.isdigit() else (1, examennummer, examennummer)


@dataclass(frozen=True)
class NeededNormering:
    """One combination (first afname or herkansings-cspe) that candidates of this list need N and L for."""

    key: NormeringKey
    maximum: int | None  # sum of the models' maximum scores; None when a model is not known
    highest: int | None  # the highest total score S a candidate reached with it
    candidates: tuple[str, ...]
    normering: Normering | None

    def problems(self, lengte: int) -> tuple[str | None, str | None]:
        """(refusal, warning) for an L typed for this combination."""
        return lengte_problems(lengte, self.maximum, self.highest)


def combination_maximum(
    key: NormeringKey, letters: Iterable[str], maxima: Mapping[tuple[str, str], int]
) -> int | None:
    """The maximum score of a (herkansings-)cspe: each onderdeel's model in the versie that counts.

    None when it is not known: no onderdeel at all, or an onderdeel whose model is not imported."""
    letters = tuple(letters)
    if not letters:
        return None
    total = 0
    for letter in letters:
        found = maxima.get((letter, key.versie_of(letter)))
        if found is None:
            return None
        total += found
    return total


def _needed(
    letters: tuple[str, ...],
    candidates: list[CandidateCijfer],
    normeringen: Mapping[NormeringKey, Normering],
    maxima: Mapping[tuple[str, str], int],
) -> tuple[NeededNormering, ...]:
    users: dict[NormeringKey, list[Attempt]] = {}
    who: dict[NormeringKey, list[str]] = {}
    for c in candidates:
        for attempt in (c.first, c.herkansing):
            if attempt is not None and attempt.key is not None:
                users.setdefault(attempt.key, []).append(attempt)
                who.setdefault(attempt.key, []).append(c.examennummer)
    found = []
    for key in sorted(users):
        scores = [a.score for a in users[key] if a.score is not None]
        found.append(
            NeededNormering(
                key=key,
                maximum=combination_maximum(key, letters, maxima),
                highest=max(scores) if scores else None,
                candidates=tuple(who[key]),
                normering=normeringen.get(key),
            )
        )
    return tuple(found)


def _warnings(
    groups: list[GroupState], needed: tuple[NeededNormering, ...], names: dict[str, set[str]]
) -> list[str]:
    warnings: list[str] = []
    first_versies = sorted({g.info.model_key.versie for g in groups if not g.info.herkansing})
    if len(first_versies) > 1:
        warnings.append(f"de eerste afname gebruikt meer dan één versie ({', '.join(first_versies)})")
    for n in needed:
        if n.normering is not None:
            refusal, warning = n.problems(n.normering.lengte)
            if refusal or warning:
                warnings.append(f"{n.key.label()}: {refusal or warning}")
    for nr, found in sorted(names.items(), key=lambda item: _natural(item[0])):
        if len(found) > 1:
            warnings.append(f"examennummer {nr} heeft verschillende namen: {' / '.join(sorted(found))}")
    return warnings


def build_cijferlijst(
    cspe: Cspe,
    groups: Iterable[GroupState],
    normeringen: Mapping[NormeringKey, Normering],
    maxima: Mapping[tuple[str, str], int] | None = None,
) -> Cijferlijst:
    """Every candidate of the cspe with their cijfers; groups of other cspes and vervallen groups are left out.

    `maxima` gives the maximum score per (onderdeel, versie) of models no group uses yet
    (the groups' own models count too), for the maximum of each combination.
    """
    cspe = (cspe[0], cspe[1], int(cspe[2]))
    of_cspe = [g for g in groups if g.info.model_key.cspe == cspe]
    mine = sorted((g for g in of_cspe if g.withdrawn is None), key=lambda g: g.info.group_id)
    left_out = tuple(
        f"groep {g.info.group_id} is vervallen ({g.withdrawn.reden}) en telt niet mee"
        for g in sorted(of_cspe, key=lambda g: g.info.group_id)
        if g.withdrawn is not None
    )
    known = dict(maxima or {})
    known.update({(g.info.model_key.onderdeel, g.info.model_key.versie): g.model.max_score for g in mine})
    letters = cspe_onderdelen(cspe, mine)
    names: dict[str, set[str]] = {}
    first_name: dict[str, str] = {}
    for g in sorted(mine, key=lambda g: g.info.herkansing):
        for c in g.candidates:
            names.setdefault(c.examennummer, set()).add(c.naam)
            first_name.setdefault(c.examennummer, c.naam)
    result = []
    for nr in sorted(first_name, key=_natural):
        in_groups = [g for g in mine if any(c.examennummer == nr for c in g.candidates)]
        first_slots = {
            letter: onderdeel_slot(
                letter,
                [g for g in in_groups if not g.info.herkansing and g.info.model_key.onderdeel == letter],
                nr,
                False,
            )
            for letter in letters
        }
        first = first_attempt(cspe, letters, first_slots, normeringen)
        herk_slots = {}
        for letter in letters:
            entries = [g for g in in_groups if g.info.herkansing and g.info.model_key.onderdeel == letter]
            if entries:
                herk_slots[letter] = onderdeel_slot(letter, entries, nr, True)
        herkansing = herkansing_attempt(cspe, letters, first, herk_slots, normeringen) if herk_slots else None
        result.append(CandidateCijfer(nr, first_name[nr], first, herkansing, definitive_cijfer(first, herkansing)))
    needed = _needed(letters, result, normeringen, known)
    return Cijferlijst(cspe, letters, tuple(result), (*_warnings(mine, needed, names), *left_out), needed)
