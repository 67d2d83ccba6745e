"""What the scoring screen's widgets show of the group: row views go down, only changed rows repaint.

`Sheet` is a plain object over the widgets the screen composed. The screen tells it what it
holds (state, remarks, the current candidate, what is being typed) and the sheet makes the
frozen views and hands them to the widgets; a widget repaints a row only when its view
differs, and the two panels are made again only when the state, candidate or criterium
is another object, so a key gives one frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual.widgets import Static

from cspe_tui.domain.correctiemodel import Opdracht
from cspe_tui.domain.group import GroupState
from cspe_tui.ui.group_log import Fold
from cspe_tui.present.candidate_rows import candidate_line, candidate_view
from cspe_tui.present.criteria_rows import CriteriumView, criteria_rows, criterium_view, opdracht_view
from cspe_tui.present.detail_view import detail_view
from cspe_tui.present.remark_index import RemarkIndex
from cspe_tui.present.totals_view import totals_view
from cspe_tui.present.viewer import Viewer
from cspe_tui.ui.widgets.candidate_list import CandidateList
from cspe_tui.ui.widgets.criteria_table import CriteriaTable
from cspe_tui.ui.widgets.criterium_detail import CriteriumDetail
from cspe_tui.ui.widgets.opdracht_grid import OpdrachtGrid, grid_row
from cspe_tui.ui.widgets.totals_bar import TotalsBar


@dataclass(frozen=True)
class Held:
    """What the screen holds that the views are made of."""

    state: GroupState
    remarks: RemarkIndex
    current: str
    typing: tuple[str, str] | None
    per_opdracht: bool
    present: Any


class Sheet:
    def __init__(
        self, viewer: Viewer, line: Static, candidates: CandidateList, criteria: CriteriaTable,
        grid: OpdrachtGrid, totals: TotalsBar, detail: CriteriumDetail,
    ) -> None:
        self.viewer = viewer
        self.line = line
        self.candidates = candidates
        self.criteria = criteria
        self.grid = grid
        self.totals = totals
        self.detail = detail
        self._shown_totals: tuple[tuple[object, ...], object] = ((), None)
        self._shown_detail: tuple[tuple[object, ...], object] = ((), None)
        """What the panels show: (state, candidate[, criterium]) and the view made of them."""

    def candidate(self, held: Held, code: str | None) -> None:
        """The criteria table of another candidate (about 60 rows); the candidate list stays."""
        rows = criteria_rows(held.state, held.current, self.viewer, held.remarks)
        cursor = None
        if code is not None:
            cursor = next(i for i, r in enumerate(rows) if isinstance(r, CriteriumView) and r.code == code)
        self.criteria.set_rows(rows, cursor=cursor if cursor is not None else self.criteria.cursor)
        self.panels(held)

    def panels(self, held: Held) -> None:
        """The candidate line, the totals and the detail, each made again only when what it shows changed."""
        code = self.criteria.cursor_code
        key = (held.state, held.current)
        if not _same(self._shown_totals[0], key):
            self._candidate_line(held)
            totals = totals_view(held.state, held.current, self.viewer)
            if totals != self._shown_totals[1]:
                self.totals.show_totals(totals)
            self._shown_totals = (key, totals)
        if code is not None and not _same(self._shown_detail[0], (*key, code)):
            detail = detail_view(held.state, held.current, code, self.viewer, held.present)
            if detail != self._shown_detail[1]:
                self.detail.show_detail(detail)
            self._shown_detail = ((*key, code), detail)

    def _candidate_line(self, held: Held) -> None:
        line = candidate_line(
            held.state, held.current, self.viewer, held.remarks,
            self.candidates.index_of(held.current) + 1, len(held.state.candidates),
        )
        if str(self.line.content) != line:
            self.line.update(line, layout=False)

    def rows(self, held: Held, examennummer: str, codes: set[str] | None = None, panels: bool = True) -> None:
        """The views of one candidate (of `codes` only, when given) in every widget that shows them."""
        state, viewer, typing = held.state, self.viewer, held.typing
        self.candidates.replace_row(
            self.candidates.index_of(examennummer), candidate_view(state, examennummer, viewer, held.remarks)
        )
        if held.per_opdracht:
            self.grid.replace_row(self.grid.index_of(examennummer), self._grid_row(held, examennummer, self.opdracht(held)))
        if examennummer != held.current:
            return
        table = self.criteria
        if codes is None:
            for index, row in enumerate(criteria_rows(state, examennummer, viewer, held.remarks, typing)):
                table.replace_row(index, row)
        else:
            model = state.model
            for code in codes:
                digits = typing[1] if typing and typing[0] == code else None
                view = criterium_view(state, examennummer, model.criterium(code), viewer, held.remarks, digits)
                table.replace_row(table.index_of(code), view)
                opdracht = model.opdracht_of(code)
                table.replace_row(
                    table.index_of_opdracht(opdracht.nummer), opdracht_view(state, examennummer, opdracht, viewer)
                )
        if panels:
            self.panels(held)

    def fold(self, held: Held, fold: Fold, panels: bool = True) -> None:
        """The rows a fold touched (all after a reload); a candidate whose other column came into view whole."""
        touched = fold.touched if fold.touched is not None else {c.examennummer: None for c in fold.state.candidates}
        for nr, codes in touched.items():
            if codes is not None and self.viewer.sees_other(fold.old, nr) != self.viewer.sees_other(fold.state, nr):
                codes = None
            self.rows(held, nr, None if codes is None else set(codes), panels=False)
        if panels:
            self.panels(held)

    def opdracht(self, held: Held) -> Opdracht:
        """The opdracht of the criterium under the cursor: the one the grid shows."""
        code = self.criteria.cursor_code or held.state.model.criteria[0].code
        return held.state.model.opdracht_of(code)

    def _grid_row(self, held: Held, examennummer: str, opdracht: Opdracht) -> Any:
        typing = held.typing if examennummer == held.current else None
        return grid_row(held.state, examennummer, opdracht, self.viewer, held.remarks, typing)

    def fill_grid(self, held: Held) -> None:
        """The grid for the opdracht under the cursor: a row per candidate."""
        opdracht = self.opdracht(held)
        codes = [c.code for c in opdracht.criteria]
        rows = [self._grid_row(held, c.examennummer, opdracht) for c in held.state.candidates]
        self.grid.show(codes, rows, held.current, self.criteria.cursor_code or codes[0])

    def follow_position(self, held: Held) -> None:
        """After n, p, d, l or a jump: the grid shows the opdracht of the criterium and its cell."""
        code = self.criteria.cursor_code
        if not held.per_opdracht or code is None:
            return
        if code in self.grid.codes:
            self.grid.move_to(held.current, code)
        else:
            self.fill_grid(held)


def _same(shown: tuple[object, ...], key: tuple[object, ...]) -> bool:
    return len(shown) == len(key) and all(a is b for a, b in zip(shown, key))
