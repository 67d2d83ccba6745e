"""The candidates of a group with each examinator's progress and their marks."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.message import Message

from cspe_tui.present import signs
from cspe_tui.present.candidate_rows import CandidateView
from cspe_tui.ui.widgets.line_table import LineTable, fit

NUMBER, COUNT, FLAGS = 6, 5, 4
FIXED = NUMBER + 2 * COUNT + FLAGS + 4
WITH_COUNTS = FIXED + 10
"""Below this width the list keeps number, name and signs; the counts are in the criteria table too."""

FLAG_CLASSES = {
    signs.ABSENT: "candidate-list--absent",
    signs.COMPLETE: "candidate-list--complete",
    signs.DIFFERENCE: "candidate-list--difference",
    signs.REMARK: "candidate-list--remark",
    signs.ONDERSTEUNING: "candidate-list--ondersteuning",
}


class CandidateList(LineTable[CandidateView]):
    """Posts Highlighted when another candidate is chosen; the screen then shows their criteria."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(FLAG_CLASSES.values())

    class Highlighted(Message):
        def __init__(self, examennummer: str) -> None:
            super().__init__()
            self.examennummer = examennummer

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._index: dict[str, int] = {}

    def set_rows(self, rows: list[CandidateView], cursor: int | None = None) -> None:
        self._index = {row.examennummer: i for i, row in enumerate(rows)}
        super().set_rows(rows, cursor)

    def index_of(self, examennummer: str) -> int:
        return self._index[examennummer]

    def cursor_changed(self, index: int) -> None:
        self.post_message(self.Highlighted(self.rows[index].examennummer))

    def header_text(self, width: int) -> str:
        if width < WITH_COUNTS:
            return " ".join([fit("Nr", NUMBER), fit("Naam", max(4, width - NUMBER - FLAGS - 2)), fit("Tkn", FLAGS)])
        return " ".join(
            [
                fit("Nr", NUMBER),
                fit("Naam", max(4, width - FIXED)),
                fit("1e", COUNT, "right"),
                fit("2e", COUNT, "right"),
                fit("Tkn", FLAGS),
            ]
        )

    def row_segments(self, row: CandidateView, width: int, base: Style, cursor: bool) -> list[Segment]:
        space = Segment(" ", base)
        if width < WITH_COUNTS:
            segments = [
                Segment(fit(row.examennummer, NUMBER), base),
                space,
                Segment(fit(row.naam, max(4, width - NUMBER - FLAGS - 2)), base),
                space,
            ]
            return segments + self._flag_segments(row.flags, base, cursor)
        segments = [
            Segment(fit(row.examennummer, NUMBER), base),
            space,
            Segment(fit(row.naam, max(4, width - FIXED)), base),
            space,
            Segment(fit(row.first, COUNT, "right"), base),
            space,
            Segment(fit(row.second, COUNT, "right"), base),
            space,
        ]
        return segments + self._flag_segments(row.flags, base, cursor)

    def _flag_segments(self, flags: str, base: Style, cursor: bool) -> list[Segment]:
        segments = []
        for sign in fit(flags, FLAGS):
            name = FLAG_CLASSES.get(sign)
            segments.append(Segment(sign, base if name is None else self.marked(base, name, cursor)))
        return segments
