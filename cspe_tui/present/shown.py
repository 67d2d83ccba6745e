"""One cell as a view shows it: its text and the kind that picks its style (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from . import signs

Kind = Literal["", "empty", "hidden", "difference", "set", "agreed", "typing", "own", "total"]


@dataclass(frozen=True)
class Shown:
    """One cell's text and the kind that picks its style."""

    text: str
    kind: Kind = ""


HIDDEN = Shown(signs.HIDDEN, "hidden")
EMPTY = Shown(signs.EMPTY, "empty")


def total_shown(values: list[int | None]) -> Shown:
    """A sum that says what it misses: `-` without any score, `≥` before a sum that still lacks some."""
    given = [v for v in values if v is not None]
    if not given:
        return Shown(signs.EMPTY, "total")
    partial = signs.PARTIAL if len(given) < len(values) else ""
    return Shown(f"{partial}{sum(given)}".rjust(2), "total")
