"""The candidates of a group with each examinator's progress and their marks."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.message import Message

from cspe_tui.present import signs
from cspe_tui.present.candidate_rows import CandidateView
from cspe_tui.ui.widgets.line_table import LineTable, fit
from cspe_tui.ui.widgets.score_typing import SCORE_BINDINGS

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
    """Posts Highlighted when another candidate is chosen; the screen then shows their criteria.

    A score typed while the list has the focus is not lost: its keys (the same ids as in the
    criteria table, so help and a keymap see one key) hand it to the screen's `hand_over`."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(FLAG_CLASSES.values())
    BINDINGS: ClassVar[list[BindingType]] = [
        dataclasses.replace(binding, action=f"hand_over({binding.action!r})")
        for binding in SCORE_BINDINGS
        if isinstance(binding, Binding) and binding.action != "enter"
    ]

    class Highlighted(Message):
        def __init__(self, examennummer: str) -> None:
            super().__init__()
            self.examennummer = examennummer

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._index: dict[str, int] = {}
        self.hand_over: Callable[[str], Awaitable[None]] | None = None
        """Set by the screen: takes a typing key's action to the table where scores are typed."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hand_over":
            return self.hand_over is not None
        return True

    async def action_hand_over(self, action: str) -> None:
        if self.hand_over is not None:
            await self.hand_over(action)

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
