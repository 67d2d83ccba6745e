"""The start screen's columns: as many as fit the terminal, each as wide as its widest cell.

Every column gets the width its texts need and the richest set of columns that fits is
shown, so nothing is cut and nothing scrolls sideways: at 80 columns a long group id
leaves out the Examen column (the id names the exam) rather than cutting the Status.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text

from cspe_tui.domain.group import Role
from cspe_tui.present import signs
from cspe_tui.present.group_row import GroupRow

PADDING = 1
"""The table's cell padding on each side of every column."""
MIN_GROUP = 12
"""Below this the group column would say too little; only then is a group id cut (with …)."""

LABELS = {
    "group": "  Groep", "exam": "Examen", "first": "Examinator", "second": "Tweede", "final": "Vastg.",
    "status": "Status", "remarks": "Opm.", "candidates": "Kand.", "werkwijze": "Werkwijze",
}
SHORT_LABELS = {**LABELS, "first": "1e", "second": "2e"}
LAYOUTS: tuple[tuple[tuple[str, ...], bool], ...] = (
    (("group", "exam", "first", "second", "final", "status", "remarks", "candidates", "werkwijze"), False),
    (("group", "exam", "first", "second", "final", "status", "remarks"), False),
    (("group", "exam", "first", "second", "final", "status", "remarks"), True),
    (("group", "exam", "first", "second", "final", "status"), True),
    (("group", "first", "second", "final", "status"), True),
)
"""Richest first; True: the progress columns drop the logins (`3/4 jij`)."""


@dataclass(frozen=True)
class Layout:
    keys: tuple[str, ...]
    widths: tuple[int, ...]
    narrow: bool

    @property
    def columns(self) -> tuple[tuple[str, str, int], ...]:
        labels = SHORT_LABELS if self.narrow else LABELS
        return tuple((labels[key], key, width) for key, width in zip(self.keys, self.widths))

    @property
    def group_width(self) -> int:
        return self.widths[0]


def status_text(row: GroupRow) -> Text:
    """A word for every state, with its sign; `M` when the group's model has a melding for the Examenloket."""
    if row.tampered is not None:
        text = Text(f"{signs.DIFFERENCE} LET OP", style="bold reverse")
    elif row.withdrawn is not None:
        text = Text(f"{signs.WITHDRAWN} vervallen", style="bold")
    else:
        text = Text("gesloten" if row.closed else "open", style="bold" if row.closed else "")
    if row.melding:
        text.append(f" {signs.MELDING}", style="bold")
    return text


def group_cell(group_id: str, cursor: bool, width: int | None = None) -> str:
    text = f"{signs.CURSOR if cursor else ' '} {group_id}"
    if width is not None and cell_len(text) > width:
        text = text[: max(1, width - 1)] + "…"
    return text


def _count(progress: str, own: bool) -> str:
    """`jansen (jij) 3/4` as `3/4 jij` for a narrow column (as the scoring screen's narrow header)."""
    count = progress.rsplit(" ", 1)[-1]
    return f"{count} {signs.OWN_SHORT}" if own else count


def row_cells(row: GroupRow, narrow: bool, cursor: bool = False, group_width: int | None = None) -> dict[str, str | Text]:
    return {
        "group": group_cell(row.group_id, cursor, group_width),
        "exam": row.label,
        "first": _count(row.first, row.role is Role.EXAMINATOR) if narrow else row.first,
        "second": _count(row.second, row.role is Role.TWEEDE) if narrow else row.second,
        "final": row.final,
        "status": status_text(row),
        "remarks": Text(f"{signs.REMARK} {row.open_remarks}" if row.open_remarks else "0"),
        "candidates": str(row.candidates),
        "werkwijze": row.werkwijze.value,
    }


def _width(cell: str | Text) -> int:
    return cell.cell_len if isinstance(cell, Text) else cell_len(cell)


def choose_layout(width: int, rows: Sequence[GroupRow]) -> Layout:
    """The richest layout in which every column shows whole within `width`; else the group id is cut."""
    for index, (keys, narrow) in enumerate(LAYOUTS):
        labels = SHORT_LABELS if narrow else LABELS
        cells = [row_cells(row, narrow) for row in rows]
        widths = [max([cell_len(labels[key])] + [_width(c[key]) for c in cells]) for key in keys]
        used = sum(widths) + 2 * PADDING * len(keys)
        last = index == len(LAYOUTS) - 1
        if used <= width or last:
            if used > width:
                widths[0] = max(MIN_GROUP, widths[0] - (used - width))
            return Layout(tuple(keys), tuple(widths), narrow)
    raise AssertionError("unreachable: the last layout is always taken")
