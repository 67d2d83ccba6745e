"""Per opdracht: one opdracht across the candidates, a row per candidate and a column per criterium.

In a practical exam the examinator watches several candidates at the same opdracht
and scores each as they finish. A cell shows the viewer's own score (the secretaris:
the vastgestelde) and the first mark of the criterium, the same signs as elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message

from cspe_tui.domain.correctiemodel import Opdracht
from cspe_tui.domain.group import GroupState, Role
from cspe_tui.present import signs
from cspe_tui.present.criteria_rows import criterium_view, opdracht_view
from cspe_tui.present.remark_index import RemarkIndex
from cspe_tui.present.shown import Shown
from cspe_tui.present.viewer import Viewer
from cspe_tui.ui.widgets.line_table import fit
from cspe_tui.ui.widgets.score_typing import SCORE_BINDINGS, TypingTable

NUMBER, CELL, TOTAL, FLAGS = 6, 6, 6, 2
MIN_NAME = 8


@dataclass(frozen=True)
class GridRow:
    examennummer: str
    naam: str
    cells: tuple[Shown, ...]
    marks: tuple[str, ...]
    total: Shown
    absent: bool


def grid_row(
    state: GroupState,
    examennummer: str,
    opdracht: Opdracht,
    viewer: Viewer,
    remarks: RemarkIndex,
    typing: tuple[str, str] | None = None,
) -> GridRow:
    """The viewer's own column per criterium (vastgesteld for the secretaris) with its first mark."""
    visible = viewer.sees_other(state, examennummer)
    cells, marks = [], []
    for criterium in opdracht.criteria:
        digits = typing[1] if typing and typing[0] == criterium.code else None
        view = criterium_view(state, examennummer, criterium, viewer, remarks, digits, visible)
        own = {Role.EXAMINATOR: view.first, Role.TWEEDE: view.second}.get(viewer.role, view.final)
        cells.append(own)
        marks.append(next((m for m in view.flags if m != " "), " "))
    totals = opdracht_view(state, examennummer, opdracht, viewer, visible)
    total = {Role.EXAMINATOR: totals.first, Role.TWEEDE: totals.second}.get(viewer.role, totals.final)
    return GridRow(
        examennummer=examennummer,
        naam=state.candidate(examennummer).naam,
        cells=tuple(cells),
        marks=tuple(marks),
        total=total,
        absent=state.is_absent(examennummer),
    )


MARK_CLASSES = {
    signs.DIFFERENCE: "criteria-table--flag-difference",
    signs.REMARK: "criteria-table--flag-remark",
    signs.MELDING: "criteria-table--flag-melding",
    signs.AANVULLING: "criteria-table--flag-aanvulling",
}


class OpdrachtGrid(TypingTable[GridRow]):
    """Posts Moved when the cell cursor lands on another (candidate, criterium), and what is typed in a cell."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *SCORE_BINDINGS,
        Binding("left", "column(-1)", "Links", id="cel-links", show=False, tooltip="Naar het vorige criterium"),
        Binding("right", "column(1)", "Rechts", id="cel-rechts", show=False, tooltip="Naar het volgende criterium"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "criteria-table--typing",
        "criteria-table--difference",
        "criteria-table--empty",
        "criteria-table--hidden",
        *MARK_CLASSES.values(),
    }

    class Moved(Message):
        def __init__(self, examennummer: str, code: str) -> None:
            super().__init__()
            self.examennummer = examennummer
            self.code = code

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.codes: list[str] = []
        self.column = 0
        self._index: dict[str, int] = {}
        self._quiet = False
        self.allowed: dict[str, Sequence[int]] = {}
        """Per criterium the scores it allows (set by the screen from the correctiemodel)."""

    def typing_target(self) -> tuple[str, Sequence[int]] | None:
        position = self.position
        return None if position is None else (position[1], self.allowed[position[1]])

    def show(self, codes: list[str], rows: list[GridRow], examennummer: str, code: str) -> None:
        self.codes = codes
        self._index = {row.examennummer: i for i, row in enumerate(rows)}
        self.column = codes.index(code)
        self.set_rows(rows, cursor=self._index[examennummer])

    def index_of(self, examennummer: str) -> int:
        return self._index[examennummer]

    @property
    def position(self) -> tuple[str, str] | None:
        if not self.rows or not self.codes:
            return None
        return self.rows[self.cursor].examennummer, self.codes[self.column]

    def move_to(self, examennummer: str, code: str) -> None:
        """Moved by the screen: no Moved message, which would arrive after keys typed meanwhile."""
        column = self.codes.index(code)
        if column != self.column:
            self.column = column
            self._cache.clear()
            self.refresh()
        self._quiet = True
        try:
            self.move_cursor(self._index[examennummer])
        finally:
            self._quiet = False

    def cursor_changed(self, index: int) -> None:
        if not self._quiet:
            self._announce()

    def _announce(self) -> None:
        position = self.position
        if position is not None:
            self.post_message(self.Moved(*position))

    def action_column(self, step: int) -> None:
        column = self.column + step
        if 0 <= column < len(self.codes):
            self.column = column
            self._cache.clear()
            self.refresh()
            self._announce()

    def _window(self, width: int) -> range:
        """The criteria columns that fit, always with the cursor column among them."""
        fits = max(1, (width - NUMBER - MIN_NAME - TOTAL - 2) // CELL)
        first = min(max(0, self.column - fits + 1), max(0, len(self.codes) - fits))
        return range(first, min(len(self.codes), first + fits))

    def _name_width(self, width: int, columns: int) -> int:
        return max(4, width - NUMBER - columns * CELL - TOTAL - 2)

    def header_text(self, width: int) -> str:
        window = self._window(width)
        parts = [fit("Nr", NUMBER), fit("Naam", self._name_width(width, len(window)))]
        parts += [fit(self.codes[i], CELL - 1, "right") for i in window]
        return " ".join(parts) + " " + fit("Opdr.", TOTAL, "right")

    def row_segments(self, row: GridRow, width: int, base: Style, cursor: bool) -> list[Segment]:
        window = self._window(width)
        name = (signs.ABSENT + " " if row.absent else "") + row.naam
        segments = [
            Segment(fit(row.examennummer, NUMBER), base),
            Segment(" ", base),
            Segment(fit(name, self._name_width(width, len(window))), base),
        ]
        for i in window:
            shown, mark = row.cells[i], row.marks[i]
            here = cursor and i == self.column
            style = base + self.component_style("line-table--cursor") if here else base
            if not here and shown.kind in ("typing", "difference", "empty", "hidden"):
                style = self.marked(base, f"criteria-table--{shown.kind}", cursor)
            text = signs.HIDDEN_SHORT if shown.kind == "hidden" else shown.text.strip()
            left, right = ("[", "]") if here else (" ", " ")
            segments.append(Segment(" ", base))
            segments.append(Segment(left + fit(text, CELL - 4, "right"), style))
            mark_style = style if mark == " " else self.marked(style, MARK_CLASSES[mark], cursor)
            segments.append(Segment(mark, mark_style))
            segments.append(Segment(right, style))
        segments.append(Segment(" " + fit(row.total.text.strip(), TOTAL, "right"), base))
        return segments
