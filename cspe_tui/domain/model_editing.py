"""The model editor's table checked as one would check the spreadsheet: problems per identity field and cell.

Pure. The editor keeps the same rows a template holds (domain/model_table.py), so the
app and `cspe model van-tabel` can never disagree about what a right model is.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from .correctiemodel import Correctiemodel
from .model_sheet import model_rows
from .model_table import COLUMNS, IDENTITY, Sheet, cell_int, cell_text, read_model

FIELDS: tuple[str, ...] = tuple(key for key, _ in COLUMNS)
IDENTITY_KEYS: tuple[str, ...] = tuple(key for key, _, _ in IDENTITY)


@dataclass(frozen=True)
class RowsCheck:
    model: Correctiemodel | None
    identity: dict[str, str] = field(default_factory=dict)
    cells: dict[tuple[int, str], str] = field(default_factory=dict)
    general: tuple[str, ...] = ()

    @property
    def count(self) -> int:
        return len(self.identity) + len(self.cells) + len(self.general)


def _add(found: dict, key: object, message: str) -> None:
    found[key] = f"{found[key]}; {message}" if key in found else message


def check_rows(identity: Mapping[str, str], rows: Sequence[Sequence[str]]) -> RowsCheck:
    """Every problem of the edited model at its identity field or its (row, field); rows count from 0."""
    first = len(IDENTITY) + 2
    sheet = [[label, identity.get(key, "")] for key, label, _ in IDENTITY]
    sheet += [[], [label for _, label in COLUMNS], *(list(row) for row in rows)]
    result = read_model([Sheet(None, tuple(tuple(r) for r in sheet))])
    found_identity: dict[str, str] = {}
    cells: dict[tuple[int, str], str] = {}
    general: list[str] = []
    for problem in result.problems:
        row = problem.place.row
        if row is not None and row <= len(IDENTITY):
            key = IDENTITY_KEYS[row - 1]
            _add(found_identity, key, problem.message if cell_text(identity.get(key, "")) else "vul dit in")
        elif row is not None and row > first:
            column = problem.place.column
            name = FIELDS[column] if column is not None and column < len(FIELDS) else "nummer"
            _add(cells, (row - 1 - first, name), problem.message)
        else:
            general.append(problem.message)
    return RowsCheck(result.model, found_identity, cells, tuple(general))


def editor_rows(model: Correctiemodel) -> tuple[dict[str, str], list[list[str]]]:
    """A model as the editor's identity fields and text rows."""
    identity = {key: cell_text(getattr(model.examen, key)) for key in IDENTITY_KEYS}
    rows = model_rows(model)
    header = next(i for i, row in enumerate(rows) if row[:1] == [COLUMNS[0][1]])
    return identity, [[cell_text(v) for v in row] for row in rows[header + 1:]]


def opdracht_totals(rows: Sequence[Sequence[str]]) -> tuple[list[str], dict[str, int], int]:
    """(opdracht of each row, sum of max per opdracht, sum of all) counting only the whole numbers typed so far."""
    owners: list[str] = []
    totals: dict[str, int] = {}
    current = ""
    max_at = FIELDS.index("max")
    for row in rows:
        nummer = cell_text(row[0])
        current = nummer or current
        owners.append(current)
        value = cell_int(row[max_at])
        if isinstance(value, int) and not isinstance(value, bool):
            totals[current] = totals.get(current, 0) + value
        else:
            totals.setdefault(current, 0)
    return owners, totals, sum(totals.values())


def next_opdracht_nummer(rows: Sequence[Sequence[str]], onderdeel: str) -> str:
    """The first free `<letter><n>` after the opdrachten so far, e.g. B4 after B1..B3."""
    letter = (cell_text(onderdeel)[:1] or next((cell_text(r[0])[:1] for r in rows if cell_text(r[0])), "A")).upper()
    used = {cell_text(r[0]) for r in rows}
    n = 1
    while f"{letter}{n}" in used:
        n += 1
    return f"{letter}{n}"
