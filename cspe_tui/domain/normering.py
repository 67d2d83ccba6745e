"""The omzettingsregel: a total score S, scale length L and N-term N give a cijfer.

Computed with fractions, so that a cijfer that lands on .x5 rounds up as the rule
says (4.05 is 4.1), which binary floating point would get wrong.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

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
