"""Signature lines: many schools file the printed beoordelingsmodel signed by both examinators."""

from __future__ import annotations

from collections.abc import Sequence

from .pdfdoc import CONTENT_W, DARK_FILL, Column, Document

_COLUMNS = [Column(34), Column(44), Column(CONTENT_W - 34 - 44 - 34), Column(34)]
_ROW_PAD = 4.5
"""Room to sign in: a row about 12 mm tall."""


def signature_block(doc: Document, people: Sequence[tuple[str, str]], *, heading: str = "Ondertekening") -> None:
    """A row per (role, name): the name printed (or a line to write it on), a box to sign and one for the date."""
    doc.need(10 + 14 * (len(people) + 1))
    doc.heading(heading, size=9.5)
    doc.row(_COLUMNS, ["", "Naam", "Handtekening", "Datum"], style="B", size=7.5, fill=DARK_FILL)
    for role, name in people:
        doc.row(_COLUMNS, [role, name, "", ""], pad=_ROW_PAD)
