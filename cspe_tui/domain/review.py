"""Achteraf: how far the tweede examinator has reviewed a candidate, in one Dutch line.

Shared by the scoring screen, the closing checklist and the PDF, so 'not yet reviewed'
never reads as agreement anywhere.
"""

from __future__ import annotations

from typing import NamedTuple

from .wording import count
from .group import GroupState, Werkwijze


class Review(NamedTuple):
    akkoord: int
    own: int
    open: int

    @property
    def total(self) -> int:
        return self.akkoord + self.own + self.open


def review_of(state: GroupState, examennummer: str) -> Review:
    cells = [state.cell(examennummer, c.code) for c in state.model.criteria]
    akkoord = sum(1 for c in cells if c.akkoord)
    own = sum(1 for c in cells if c.tweede is not None and not c.akkoord)
    return Review(akkoord, own, len(cells) - akkoord - own)


def review_line(state: GroupState, examennummer: str) -> str | None:
    """None outside achteraf, where the tweede examinator scores independently instead of reviewing."""
    if state.info.werkwijze is not Werkwijze.ACHTERAF:
        return None
    review = review_of(state, examennummer)
    parts = [f"akkoord met de examinator bij {review.akkoord} van {count(review.total, 'criterium', 'criteria')}"]
    if review.own:
        parts.append(f"eigen score bij {review.own}")
    if review.open:
        parts.append(f"nog niet beoordeeld: {review.open}")
    return "Tweede examinator: " + "; ".join(parts) + "."


def group_review_line(state: GroupState) -> str | None:
    """The same for all present candidates together, for the closing checklist."""
    if state.info.werkwijze is not Werkwijze.ACHTERAF:
        return None
    reviews = [review_of(state, c.examennummer) for c in state.candidates if not state.is_absent(c.examennummer)]
    akkoord, own, open_ = (sum(r[i] for r in reviews) for i in range(3))
    line = f"Tweede examinator: akkoord bij {count(akkoord, 'criterium', 'criteria')}, eigen score bij {own}"
    return line + (f", nog niet beoordeeld: {open_}." if open_ else ".")
