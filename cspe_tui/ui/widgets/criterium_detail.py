"""The current criterium in full, with its toelichting and every mark explained in words."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.widgets import Static

from cspe_tui.present.detail_view import DetailView
from cspe_tui.ui.widgets.styled import KeptStyles


class CriteriumDetail(KeptStyles, Static):
    """Fixed height, so moving to another criterium repaints this panel without a new layout.

    The marks come right after the title: in a low terminal only the first lines show."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "criterium-detail--title",
        "criterium-detail--difference",
        "criterium-detail--remark",
        "criterium-detail--melding",
        "criterium-detail--aanvulling",
        "criterium-detail--absent",
        "criterium-detail--hidden",
        "criterium-detail--set",
        "criterium-detail--ondersteuning",
    }

    def show_detail(self, view: DetailView) -> None:
        text = Text()
        text.append(view.title, self.component_style("criterium-detail--title", partial=True))
        for note in view.notes:
            style = self.component_style(f"criterium-detail--{note.kind}", partial=True)
            text.append("\n")
            text.append(f"{note.sign} {note.text}", style)
        text.append("\n" + view.scoring)
        if view.toelichting:
            text.append("\nToelichting: " + view.toelichting)
        self.update(text, layout=False)
