"""The omzettingsregel: a total score S, scale length L and N-term N give a cijfer.

Computed with fractions, so that a cijfer that lands on .x5 rounds up as the rule
says (4.05 is 4.1), which binary floating point would get wrong.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field, field_validator

NTERM_MIN = Decimal("0.0")
NTERM_MAX = Decimal("2.0")


class NormeringError(ValueError):
    """Input for the omzettingsregel that cannot be right; the message is Dutch."""


def parse_nterm(text: str) -> Decimal:
    """N as a school types it: `1,3` or `1.3`, 0.0 to 2.0, at most one decimal."""
    cleaned = text.strip().replace(",", ".")
    if not re.fullmatch(r"\d(\.\d)?", cleaned):
        raise NormeringError(f"N-term '{text}' is geen getal van 0,0 tot en met 2,0 met hooguit één decimaal")
    value = Decimal(cleaned)
    if not NTERM_MIN <= value <= NTERM_MAX:
        raise NormeringError(f"N-term {format_cijfer(value)} ligt niet tussen 0,0 en 2,0")
    return value


def parse_lengte(text: str) -> int:
    cleaned = text.strip()
    if not re.fullmatch(r"\d+", cleaned) or int(cleaned) <= 0:
        raise NormeringError(f"schaallengte L '{text}' moet een geheel getal groter dan 0 zijn")
    return int(cleaned)


def parse_score(text: str) -> int:
    cleaned = text.strip()
    if not re.fullmatch(r"\d+", cleaned):
        raise NormeringError(f"score '{text}' moet een geheel getal van 0 of meer zijn")
    return int(cleaned)


def _round_half_up_one_decimal(value: Fraction) -> Decimal:
    tenths = (value * 10 + Fraction(1, 2)).__floor__()
    return (Decimal(tenths) / Decimal(10)).quantize(Decimal("0.1"))


def cijfer(score: int, lengte: int, nterm: Decimal | str | int) -> Decimal:
    """The cijfer for total score S, by the Regeling omzetting scores in cijfers VO."""
    if lengte <= 0:
        raise NormeringError("schaallengte L moet groter dan 0 zijn")
    if score < 0:
        raise NormeringError("score mag niet negatief zijn")
    if score > lengte:
        raise NormeringError(f"score {score} is groter dan de schaallengte L = {lengte}")
    n = Fraction(Decimal(str(nterm)))
    if not 0 <= n <= 2:
        raise NormeringError("N-term ligt niet tussen 0,0 en 2,0")
    s, length = Fraction(score), Fraction(lengte)
    step = Fraction(9) / length
    c = step * s + n
    if n > 1:
        c = min(c, 1 + s * step * 2, 10 - (length - s) * step * Fraction(1, 2))
    elif n < 1:
        c = max(c, 1 + s * step * Fraction(1, 2), 10 - (length - s) * step * 2)
    return _round_half_up_one_decimal(c)


def format_cijfer(value: Decimal) -> str:
    """Dutch notation with one decimal: 5,8."""
    return f"{value:.1f}".replace(".", ",")


class Normering(BaseModel):
    """N and L as the CvTE publishes them for one cspe and versie (or its herkansing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    nterm: Decimal = Field(ge=NTERM_MIN, le=NTERM_MAX)
    lengte: int = Field(gt=0)

    @field_validator("nterm")
    @classmethod
    def _one_decimal(cls, value: Decimal) -> Decimal:
        if value != value.quantize(Decimal("0.1")):
            raise ValueError("N-term heeft hooguit één decimaal")
        return value.quantize(Decimal("0.1"))


Cspe = tuple[str, str, int]


class NormeringKey(NamedTuple):
    """N and L belong to one cspe as a candidate took it.

    `versie` is the first afname's versie; `herkansing` is empty for the first afname and
    otherwise lists the retaken onderdelen with the versie they were retaken in, sorted.
    The CvTE's N-L-tool gives every such herkansings-cspe its own N and L, because its
    maximum score and difficulty depend on which onderdelen were retaken.
    """

    profielvak: str
    leerweg: str
    jaar: int
    versie: str
    herkansing: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, cspe: Cspe, versie: str, herkansing: Iterable[tuple[str, str]] = ()) -> NormeringKey:
        retaken = tuple(sorted((str(o), str(v)) for o, v in herkansing))
        return cls(cspe[0], cspe[1], int(cspe[2]), versie, retaken)

    @property
    def cspe(self) -> Cspe:
        return (self.profielvak, self.leerweg, self.jaar)

    @property
    def is_herkansing(self) -> bool:
        return bool(self.herkansing)

    def versie_of(self, onderdeel: str) -> str:
        """The versie whose scores count for an onderdeel in this combination."""
        return dict(self.herkansing).get(onderdeel, self.versie)

    def combination(self) -> str:
        """`1e afname rood` or `herkansing B, C blauw (rest rood)`: what the N-L-tool asks for."""
        if not self.herkansing:
            return f"1e afname {self.versie}"
        by_versie: dict[str, list[str]] = {}
        for onderdeel, versie in self.herkansing:
            by_versie.setdefault(versie, []).append(onderdeel)
        parts = [f"{', '.join(letters)} {versie}" for versie, letters in sorted(by_versie.items())]
        return f"herkansing {'; '.join(parts)} (rest {self.versie})"

    def label(self) -> str:
        cspe = f"{self.profielvak} {self.leerweg} {self.jaar}"
        return f"{cspe} {self.versie}" if not self.herkansing else f"{cspe}, {self.combination()}"


def lengte_problems(lengte: int, maximum: int | None, highest: int | None) -> tuple[str | None, str | None]:
    """(refusal, warning) for an L: below a reached score or the combination's maximum cannot be right.

    L is the length of the score scale, which the CvTE sets to the maximum score of the
    (herkansings-)cspe; a higher L is possible only if a model is missing, so it warns.
    """
    if highest is not None and lengte < highest:
        return (f"L = {lengte} is kleiner dan de totaalscore {highest} die een kandidaat al heeft gehaald", None)
    if maximum is not None and lengte < maximum:
        return (f"L = {lengte} is kleiner dan de maximumscore {maximum} van deze combinatie", None)
    if maximum is None:
        return (
            None,
            f"de maximumscore van deze combinatie is niet bekend (niet elk correctiemodel is ingelezen), "
            f"dus L = {lengte} is niet gecontroleerd; neem L over uit de N-L-tool",
        )
    if lengte != maximum:
        return (None, f"L = {lengte} wijkt af van de maximumscore {maximum} van deze combinatie; controleer de N-L-tool")
    return (None, None)
