"""One candidate's attempts: which group's score counts per onderdeel, S, N, L and the cijfer.

`build_cijferlijst` (cijfers.py) calls these per candidate; the choices they make are
listed in that module's docstring (closed groups only, versie per candidate, herkansing
replaces only the onderdelen taken again, the definitive cijfer is the higher one).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from .group import GroupState, candidate_complete, onderdeel_total
from .normering import Cspe, Normering, NormeringError, NormeringKey, cijfer

SlotStatus = Literal["score", "afwezig", "open", "ontbreekt", "dubbel", "onvolledig"]


@dataclass(frozen=True)
class OnderdeelScore:
    """One onderdeel of one candidate in one attempt; `score` only when its group is closed."""

    onderdeel: str
    status: SlotStatus
    score: int | None = None
    versie: str | None = None
    group_ids: tuple[str, ...] = ()
    herkansing: bool = False  # the score comes from a herkansing group

    @property
    def reason(self) -> str | None:
        groups = ", ".join(self.group_ids)
        return {
            "score": None,
            "afwezig": f"onderdeel {self.onderdeel}: afwezig",
            "open": f"onderdeel {self.onderdeel}: groep {groups} is nog niet gesloten",
            "ontbreekt": f"onderdeel {self.onderdeel}: in geen enkele groep",
            "dubbel": f"onderdeel {self.onderdeel}: staat in meer dan één groep ({groups})",
            "onvolledig": f"onderdeel {self.onderdeel}: niet alle scores vastgesteld in groep {groups}",
        }[self.status]


@dataclass(frozen=True)
class Attempt:
    """The first attempt or the herkansing: the onderdeel scores that count, S, N, L and the cijfer."""

    herkansing: bool
    versie: str | None
    onderdelen: tuple[OnderdeelScore, ...]
    retaken: tuple[str, ...]
    score: int | None
    normering: Normering | None
    cijfer: Decimal | None
    reasons: tuple[str, ...]
    pending: bool  # no cijfer yet for a reason that can still change (not only absence)
    absent: tuple[str, ...] = ()  # herkansing onderdelen the candidate did not come to
    key: NormeringKey | None = None  # whose N and L convert this attempt

    @property
    def lengte(self) -> int | None:
        return self.normering.lengte if self.normering else None

    @property
    def nterm(self) -> Decimal | None:
        return self.normering.nterm if self.normering else None

    def onderdeel(self, letter: str) -> OnderdeelScore:
        for o in self.onderdelen:
            if o.onderdeel == letter:
                return o
        raise KeyError(letter)


@dataclass(frozen=True)
class CandidateCijfer:
    examennummer: str
    naam: str
    first: Attempt
    herkansing: Attempt | None
    definitive: Decimal | None

    @property
    def complete(self) -> bool:
        return self.definitive is not None

    @property
    def reasons(self) -> tuple[str, ...]:
        """Why there is no definitive cijfer (empty when there is one)."""
        if self.definitive is not None:
            return ()
        found = list(self.first.reasons)
        if self.herkansing is not None:
            found += [f"herkansing: {r}" for r in self.herkansing.reasons]
        return tuple(found)


def onderdeel_slot(letter: str, entries: list[GroupState], examennummer: str, herkansing: bool) -> OnderdeelScore:
    """Which group's score counts for one onderdeel; closed absences make way for another group."""
    if not entries:
        return OnderdeelScore(letter, "ontbreekt", herkansing=herkansing)
    present = [g for g in entries if not (g.closed and g.is_absent(examennummer))]
    if not present:
        g = entries[0]
        return OnderdeelScore(
            letter, "afwezig", versie=g.info.model_key.versie, group_ids=tuple(e.info.group_id for e in entries),
            herkansing=herkansing,
        )
    if len(present) > 1:
        versies = {g.info.model_key.versie for g in present}
        return OnderdeelScore(
            letter, "dubbel", versie=versies.pop() if len(versies) == 1 else None,
            group_ids=tuple(g.info.group_id for g in present), herkansing=herkansing,
        )
    g = present[0]
    common = {"versie": g.info.model_key.versie, "group_ids": (g.info.group_id,), "herkansing": herkansing}
    if not g.closed:
        return OnderdeelScore(letter, "open", **common)
    if not candidate_complete(g, examennummer):
        return OnderdeelScore(letter, "onvolledig", **common)
    return OnderdeelScore(letter, "score", score=onderdeel_total(g, examennummer), **common)


def _convert(
    key: NormeringKey | None,
    herkansing: bool,
    versie: str | None,
    counted: tuple[OnderdeelScore, ...],
    retaken: tuple[str, ...],
    reasons: list[str],
    pending: bool,
    normeringen: Mapping[NormeringKey, Normering],
    absent: tuple[str, ...] = (),
) -> Attempt:
    """S from the counted onderdelen and the cijfer, when nothing blocks it."""
    normering = normeringen.get(key) if key is not None else None
    score = sum(o.score or 0 for o in counted) if all(o.status == "score" for o in counted) else None
    if key is not None and normering is None:
        reasons.append(f"geen N-term en L ingevoerd voor {key.label()}")
        pending = True
    result = None
    if not reasons and score is not None and normering is not None:
        try:
            result = cijfer(score, normering.lengte, normering.nterm)
        except NormeringError:
            reasons.append(f"totaalscore {score} is groter dan L = {normering.lengte}; controleer de normering")
            pending = True
    return Attempt(
        herkansing=herkansing,
        versie=versie,
        onderdelen=counted,
        retaken=retaken,
        score=score,
        normering=normering,
        cijfer=result,
        reasons=tuple(reasons),
        pending=pending if result is None else False,
        absent=absent,
        key=key,
    )


def _versie_of(slots: Iterable[OnderdeelScore], reasons: list[str], what: str) -> str | None:
    versies = sorted({s.versie for s in slots if s.versie is not None})
    if len(versies) > 1:
        reasons.append(f"{what} in verschillende versies ({', '.join(versies)})")
        return None
    return versies[0] if versies else None


def first_attempt(
    cspe: Cspe, letters: tuple[str, ...], slots: dict[str, OnderdeelScore], normeringen: Mapping[NormeringKey, Normering]
) -> Attempt:
    reasons = [s.reason for s in slots.values() if s.reason]
    pending = any(s.status != "afwezig" for s in slots.values() if s.status != "score")
    versie = _versie_of(slots.values(), reasons, "onderdelen")
    if versie is None and any(s.versie for s in slots.values()):
        pending = True
    counted = tuple(slots[letter] for letter in letters)
    key = NormeringKey.of(cspe, versie) if versie else None
    return _convert(key, False, versie, counted, (), reasons, pending, normeringen)


def herkansing_attempt(
    cspe: Cspe,
    letters: tuple[str, ...],
    first: Attempt,
    slots: dict[str, OnderdeelScore],
    normeringen: Mapping[NormeringKey, Normering],
) -> Attempt:
    taken = {letter: s for letter, s in slots.items() if s.status != "afwezig"}
    absent = tuple(letter for letter in letters if letter in slots and letter not in taken)
    reasons: list[str] = []
    pending = False
    if not taken:
        return Attempt(True, None, (), (), None, None, None, ("afwezig bij de herkansing",), False, absent)
    for s in taken.values():
        if s.reason:
            reasons.append(s.reason)
            pending = True
    versie = _versie_of(taken.values(), reasons, "herkansing")
    if versie is None:
        pending = True
    elif versie == first.versie:
        reasons.append(
            f"herkansing in dezelfde versie ({versie}) als de eerste afname; de herkansing gebruikt de andere versie"
        )
        pending = True
    counted = []
    for letter in letters:
        if letter in taken:
            counted.append(taken[letter])
            continue
        earlier = first.onderdeel(letter)
        counted.append(earlier)
        if earlier.reason:
            reasons.append(f"{earlier.reason} (eerste afname, niet herkanst)")
            pending = pending or earlier.status != "afwezig"
    retaken = tuple(letter for letter in letters if letter in taken)
    key = None
    if versie is not None and first.versie is None:
        reasons.append("de versie van de eerste afname is niet bekend, dus ook niet welke N en L gelden")
        pending = True
    elif versie is not None:
        key = NormeringKey.of(cspe, first.versie, ((letter, versie) for letter in retaken))
    return _convert(key, True, versie, tuple(counted), retaken, reasons, pending, normeringen, absent)


def definitive_cijfer(first: Attempt, herkansing: Attempt | None) -> Decimal | None:
    attempts = [first] if herkansing is None else [first, herkansing]
    if any(a.cijfer is None and a.pending for a in attempts):
        return None
    cijfers = [a.cijfer for a in attempts if a.cijfer is not None]
    return max(cijfers) if cijfers else None
