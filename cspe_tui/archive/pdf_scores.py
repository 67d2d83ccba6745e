"""The opdracht totals a beoordelingsmodel PDF prints, read back from its text.

Two places per candidate: the row in the group overview (`nr examennummer naam A1 A2 ... totaal`)
and the line `Totaal opdracht A1 max 1e 2e vastgesteld` on the candidate's own pages. Both
must agree with the log; where they disagree with each other the overview's value is kept
and the page's is reported under its own key.
"""

from __future__ import annotations

import re
from pathlib import Path

from cspe_tui.domain.group import GroupState

PdfScores = dict[str, dict[str, int | None]]
"""examennummer -> opdracht -> total (None where the PDF shows no whole number)."""

_CANDIDATE_PAGE = re.compile(r"Kandidaat (\S+) ·")
_PAGE_TOTAL = re.compile(r"^Totaal opdracht (\S+) (.*)$")


def _number(token: str) -> int | None:
    return int(token) if token.isdigit() else None


def read_pdf_scores(path: Path, state: GroupState) -> PdfScores | None:
    """None when the file is no readable PDF."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        pages = [page.extract_text() or "" for page in PdfReader(path).pages]
    except (PdfReadError, OSError, ValueError, KeyError):
        return None
    numbers = {c.examennummer for c in state.candidates}
    opdrachten = [o.nummer for o in state.model.opdrachten]
    scores: PdfScores = {}
    for text in pages:
        lines = text.splitlines()
        head = _CANDIDATE_PAGE.search("\n".join(lines[:4]))
        if head is not None and head.group(1) in numbers:
            _page_totals(lines, head.group(1), scores)
            continue
        for line in lines:
            tokens = line.split()
            if len(tokens) > len(opdrachten) + 2 and tokens[0].isdigit() and tokens[1] in numbers:
                values = tokens[-(len(opdrachten) + 1) : -1]
                row = scores.setdefault(tokens[1], {})
                for opdracht, token in zip(opdrachten, values):
                    row.setdefault(opdracht, _number(token))
    return scores


def _page_totals(lines: list[str], examennummer: str, scores: PdfScores) -> None:
    row = scores.setdefault(examennummer, {})
    for line in lines:
        match = _PAGE_TOTAL.match(line.strip())
        if match is None:
            continue
        tokens = match.group(2).split()
        value = _number(tokens[-1]) if tokens else None
        opdracht = match.group(1)
        if opdracht in row and row[opdracht] != value:
            row[f"{opdracht} (eigen pagina)"] = value
        else:
            row.setdefault(opdracht, value)
