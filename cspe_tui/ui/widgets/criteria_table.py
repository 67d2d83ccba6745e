"""The correctiemodel of one candidate: opdracht lines with totals, criterium lines with the three scores."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, NamedTuple

from rich.segment import Segment
from rich.style import Style
from textual.binding import BindingType
from textual.message import Message

from cspe_tui.present import signs
from cspe_tui.present.criteria_rows import CriteriumView, OpdrachtView
from cspe_tui.present.shown import Shown
from cspe_tui.ui.widgets.line_table import fit
from cspe_tui.ui.widgets.score_typing import SCORE_BINDINGS, TypingTable

Row = OpdrachtView | CriteriumView

CODE, FLAGS = 6, 4
WIDE = 90
"""From this width on the score columns carry their full labels; below it they are compact."""


class Columns(NamedTuple):
    max: int
    score: int
    final: int

    @property
    def fixed(self) -> int:
        return CODE + self.max + 2 * self.score + self.final + FLAGS + 6


FULL = Columns(4, 10, 12)
COMPACT = Columns(3, 5, 9)


def columns_for(width: int) -> Columns:
    return FULL if width >= WIDE else COMPACT


def compact_label(label: str) -> str:
    """The same column in five cells: `Exam.` becomes `1e`, and your own column is `jij`
    (the header line says which examinator you are)."""
    short = {"Exam.": "1e", "Tweede": "2e", "Vastgesteld": "Vastg"}
    head, _, rest = label.partition(" ")
    return signs.OWN_SHORT if rest == signs.OWN else short.get(head, head) + rest
FLAG_CLASSES = (
    "criteria-table--flag-difference",
    "criteria-table--flag-remark",
    "criteria-table--flag-melding",
    "criteria-table--flag-aanvulling",
)


class CriteriaTable(TypingTable[Row], inherit_bindings=False):
    """Posts Highlighted when the cursor lands on another criterium, and what is typed (score_typing.py).

    Its cursor keys are the screen's (`cursor_bindings`): the screen moves the cursor and
    shows the new criterium's detail in the same handler, so a key gives one frame.
    """

    BINDINGS: ClassVar[list[BindingType]] = SCORE_BINDINGS
    HELP_GROUP: ClassVar[str] = "Beoordelen"
    HELP_FIRST: ClassVar[bool] = True
    """With the focus here, help lists the score keys first, under the scoring screen's heading."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "criteria-table--opdracht",
        "criteria-table--empty",
        "criteria-table--hidden",
        "criteria-table--difference",
        "criteria-table--set",
        "criteria-table--agreed",
        "criteria-table--typing",
        "criteria-table--own",
        "criteria-table--total",
        "criteria-table--flag-difference",
        "criteria-table--flag-remark",
        "criteria-table--flag-melding",
        "criteria-table--flag-aanvulling",
    }

    class Highlighted(Message):
        def __init__(self, code: str) -> None:
            super().__init__()
            self.code = code

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.labels = ("Exam.", "Tweede", "Vastgesteld")
        self._index: dict[str, int] = {}
        self.allowed: dict[str, Sequence[int]] = {}
        """Per criterium the scores it allows (set by the screen from the correctiemodel)."""

    def typing_target(self) -> tuple[str, Sequence[int]] | None:
        code = self.cursor_code
        return None if code is None else (code, self.allowed[code])

    def set_rows(self, rows: list[Row], cursor: int | None = None) -> None:
        self._index = {}
        for i, row in enumerate(rows):
            key = row.code if isinstance(row, CriteriumView) else "#" + row.nummer
            self._index[key] = i
        super().set_rows(rows, cursor)

    def index_of(self, code: str) -> int:
        return self._index[code]

    def index_of_opdracht(self, nummer: str) -> int:
        return self._index["#" + nummer]

    @property
    def cursor_code(self) -> str | None:
        if not self.rows:
            return None
        row = self.rows[self.cursor]
        return row.code if isinstance(row, CriteriumView) else None

    def move_to_code(self, code: str) -> None:
        self.move_cursor(self._index[code])

    def selectable(self, row: Row) -> bool:
        return isinstance(row, CriteriumView)

    def cursor_changed(self, index: int) -> None:
        code = self.cursor_code
        if code is not None:
            self.post_message(self.Highlighted(code))

    def header_text(self, width: int) -> str:
        cols = columns_for(width)
        text_width = max(4, width - cols.fixed)
        labels = self.labels if cols is FULL else tuple(compact_label(label) for label in self.labels)
        first, second, final = labels
        return " ".join(
            [
                fit("Code", CODE),
                fit("Criterium", text_width),
                fit("Max", cols.max, "right"),
                fit(first, cols.score),
                fit(second, cols.score),
                fit(final, cols.final),
                fit("Tkn", FLAGS),
            ]
        )

    @staticmethod
    def _text(shown: Shown, width: int) -> str:
        if shown.kind == "hidden" and width < len(signs.HIDDEN) + 1:
            return signs.HIDDEN_SHORT.rjust(width)
        if shown.kind == "agreed" and width < len(shown.text) + 1:
            score = shown.text.removesuffix(signs.AKKOORD).rstrip()
            return f"{score} {signs.AKKOORD_SHORT}".rjust(width)
        return " " + shown.text

    def _kind(self, shown: Shown, base: Style, cursor: bool) -> Style:
        if not shown.kind:
            return base
        return self.marked(base, f"criteria-table--{shown.kind}", cursor)

    def row_segments(self, row: Row, width: int, base: Style, cursor: bool) -> list[Segment]:
        cols = columns_for(width)
        max_w, score_w, final_w = cols
        text_width = max(4, width - cols.fixed)
        space = Segment(" ", base)
        if isinstance(row, OpdrachtView):
            style = self.marked(base, "criteria-table--opdracht", cursor)
            return [
                Segment(fit(f"{row.nummer} {row.titel}", CODE + 1 + text_width), style),
                Segment(" ", style),
                Segment(fit(row.max, max_w, "right"), style),
                Segment(" ", style),
                Segment(fit(self._text(row.first, score_w), score_w), self._kind(row.first, style, cursor)),
                Segment(" ", style),
                Segment(fit(self._text(row.second, score_w), score_w), self._kind(row.second, style, cursor)),
                Segment(" ", style),
                Segment(fit(self._text(row.final, final_w), final_w), self._kind(row.final, style, cursor)),
                Segment(" " * (FLAGS + 1), style),
            ]
        return [
            Segment(fit(row.code, CODE), base),
            space,
            Segment(fit(row.omschrijving, text_width), base),
            space,
            Segment(fit(row.max, max_w, "right"), base),
            space,
            Segment(fit(self._text(row.first, score_w), score_w), self._kind(row.first, base, cursor)),
            space,
            Segment(fit(self._text(row.second, score_w), score_w), self._kind(row.second, base, cursor)),
            space,
            Segment(fit(self._text(row.final, final_w), final_w), self._kind(row.final, base, cursor)),
            space,
            *self._flag_segments(row.flags, base, cursor),
        ]

    def _flag_segments(self, flags: str, base: Style, cursor: bool) -> list[Segment]:
        return [
            Segment(sign, base if sign == " " else self.marked(base, name, cursor))
            for sign, name in zip(fit(flags, FLAGS), FLAG_CLASSES)
        ]
