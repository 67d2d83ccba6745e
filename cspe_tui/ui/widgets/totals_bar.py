"""Totals per opdracht and for the onderdeel of the current candidate, always in view.

The table never wraps: when the opdrachten do not fit beside each other (80 columns with the
candidate list open) the labels shorten, then only the onderdeel's total stays; the opdracht
totals are on the opdracht lines of the criteria table as well.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.widgets import Static

from cspe_tui.present.shown import Shown
from cspe_tui.present.totals_view import TotalsView
from cspe_tui.present import signs
from cspe_tui.ui.widgets.line_table import fit
from cspe_tui.ui.widgets.styled import KeptStyles

Layout = tuple[list[str], list[tuple[str, tuple[Shown, ...]]], int]


SHORT = {"Exam.": "1e", "Tweede": "2e", "Vastgesteld": "Vastg", f"({signs.HIDDEN})": f"({signs.HIDDEN_SHORT})"}


def _short(label: str) -> str:
    return " ".join(SHORT.get(word, word) for word in label.split(" "))


def _layouts(view: TotalsView) -> list[Layout]:
    """From roomy to tight: (headers, rows, space between columns)."""
    compact = [(_short(label), cells) for label, cells in view.rows]
    only_total = [(label, cells[-1:]) for label, cells in compact]
    return [
        (list(view.headers), list(view.rows), 2),
        (list(view.headers), compact, 1),
        (list(view.headers[-1:]), only_total, 2),
    ]


def _widths(layout: Layout) -> tuple[int, list[int]]:
    headers, rows, space = layout
    label_width = max(cell_len(label) for label, _ in rows) + 1
    widths = [
        max(cell_len(header), *(cell_len(cells[i].text.strip()) for _, cells in rows)) + space
        for i, header in enumerate(headers)
    ]
    return label_width, widths


class TotalsBar(KeptStyles, Static):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"totals-bar--header", "totals-bar--hidden", "totals-bar--total"}

    _view: TotalsView | None = None

    def show_totals(self, view: TotalsView) -> None:
        self._view = view
        self._paint()

    def on_resize(self, event: events.Resize) -> None:
        if self._view is not None:
            self._paint()

    def _paint(self) -> None:
        view = self._view
        assert view is not None
        room = self.content_size.width
        layouts = _layouts(view)
        layout = layouts[-1]
        for candidate in layouts:
            label_width, widths = _widths(candidate)
            if room <= 0 or label_width + sum(widths) <= room:
                layout = candidate
                break
        headers, rows, _ = layout
        label_width, widths = _widths(layout)
        header_style = self.component_style("totals-bar--header", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(fit("", label_width), header_style)
        for header, width in zip(headers, widths):
            text.append(fit(header, width, "right"), header_style)
        for label, cells in rows:
            text.append("\n" + fit(label, label_width))
            for index, (shown, width) in enumerate(zip(cells, widths)):
                style = None
                if shown.kind == "hidden":
                    style = self.component_style("totals-bar--hidden", partial=True)
                elif index == len(cells) - 1:
                    style = self.component_style("totals-bar--total", partial=True)
                text.append(fit(shown.text.strip(), width, "right"), style)
        self.update(text, layout=self.content is None or str(self.content).count("\n") != str(text).count("\n"))
