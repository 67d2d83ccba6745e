"""Totals per opdracht and for the onderdeel of the current candidate, always in view."""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from cspe_tui.ui.views import TotalsView
from cspe_tui.ui.widgets.line_table import fit
from cspe_tui.ui.widgets.styled import KeptStyles


class TotalsBar(KeptStyles, Static):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"totals-bar--header", "totals-bar--hidden", "totals-bar--total"}

    def show_totals(self, view: TotalsView) -> None:
        label_width = max(cell_len(label) for label, _ in view.rows) + 1
        widths = [
            max(cell_len(header), *(cell_len(cells[i].text.strip()) for _, cells in view.rows)) + 2
            for i, header in enumerate(view.headers)
        ]
        header_style = self.component_style("totals-bar--header", partial=True)
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(fit("", label_width), header_style)
        for header, width in zip(view.headers, widths):
            text.append(fit(header, width, "right"), header_style)
        for label, cells in view.rows:
            text.append("\n" + fit(label, label_width))
            for index, (shown, width) in enumerate(zip(cells, widths)):
                style = None
                if shown.kind == "hidden":
                    style = self.component_style("totals-bar--hidden", partial=True)
                elif index == len(cells) - 1:
                    style = self.component_style("totals-bar--total", partial=True)
                text.append(fit(shown.text.strip(), width, "right"), style)
        self.update(text, layout=self.content is None or str(self.content).count("\n") != str(text).count("\n"))
