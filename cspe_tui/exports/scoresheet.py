"""The scoresheet: one row per candidate with every vastgestelde score, for Excel.

Excel NL expects `;` and recognises UTF-8 only with a BOM. Cells that start with
`=`, `+`, `-`, `@`, tab or CR would run as formulas (CSV injection: a candidate
named `=HYPERLINK(...)`), so they get a leading `'`.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from cspe_tui.domain.group import GroupState, final_score, opdracht_totals

from .formatting import write_atomic

DANGEROUS_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(DANGEROUS_START) else value


def scoresheet_rows(state: GroupState) -> list[list[str]]:
    """Header plus one row per candidate; empty where nothing is vastgesteld yet (or absent)."""
    model = state.model
    onderdeel = state.info.model_key.onderdeel
    header = (
        ["examennummer", "naam", "afwezig"]
        + [c.code for c in model.criteria]
        + [f"totaal {o.nummer}" for o in model.opdrachten]
        + [f"totaal onderdeel {onderdeel}"]
    )
    rows = [header]
    for cand in state.candidates:
        nr = cand.examennummer
        absent = state.is_absent(nr)
        row = [nr, cand.naam, "ja" if absent else "nee"]
        if absent:
            row += [""] * (len(model.criteria) + len(model.opdrachten) + 1)
            rows.append(row)
            continue
        scores = {c.code: final_score(state, nr, c.code) for c in model.criteria}
        row += ["" if scores[c.code] is None else str(scores[c.code]) for c in model.criteria]
        totals = opdracht_totals(state, nr)
        for opdracht in model.opdrachten:
            complete = all(scores[c.code] is not None for c in opdracht.criteria)
            row.append(str(totals[opdracht.nummer]) if complete else "")
        complete = all(v is not None for v in scores.values())
        row.append(str(sum(totals.values())) if complete else "")
        rows.append(row)
    return rows


def scoresheet_bytes(state: GroupState) -> bytes:
    """UTF-8 with BOM, `;`-separated; a total stays empty until all its scores are vastgesteld."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    for row in scoresheet_rows(state):
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def write_scoresheet(state: GroupState, path: Path) -> Path:
    return write_atomic(Path(path), scoresheet_bytes(state))
