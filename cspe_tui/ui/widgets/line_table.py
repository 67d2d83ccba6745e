"""A table drawn with the Line API that caches each row, so changing one row repaints one line.

DataTable bumps one counter on any cell update and re-renders every visible row; at
300 candidates that is a frame per keypress. Here a row is re-rendered only when its
value (a frozen view) or the cursor on it changes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from cspe_tui.present import signs
from cspe_tui.ui.widgets.styled import KeptStyles

RowT = TypeVar("RowT")

HEADER_LINES = 1


def fit(text: str, width: int, align: str = "left") -> str:
    """Pad or cut `text` to exactly `width` cells; a cut ends in an ellipsis."""
    if width <= 0:
        return ""
    if cell_len(text) > width:
        return set_cell_size(text, width - 1) + "…"
    if align == "right":
        return " " * (width - cell_len(text)) + text
    return set_cell_size(text, width)


class LineTable(KeptStyles, ScrollView, Generic[RowT], can_focus=True):
    """Rows under one fixed header line, with a row cursor that skips rows that cannot be chosen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor_up", "Omhoog", id="omhoog", show=False, tooltip="Eén regel omhoog"),
        Binding("down,j", "cursor_down", "Omlaag", id="omlaag", show=False, tooltip="Eén regel omlaag"),
        Binding("pageup", "page_up", "Pagina omhoog", id="pagina-omhoog", show=False, tooltip="Een scherm omhoog"),
        Binding("pagedown", "page_down", "Pagina omlaag", id="pagina-omlaag", show=False, tooltip="Een scherm omlaag"),
        Binding("home", "first", "Eerste", id="eerste", show=False, tooltip="Naar de eerste regel"),
        Binding("end", "last", "Laatste", id="laatste", show=False, tooltip="Naar de laatste regel"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-table--header", "line-table--cursor"}
    HELP_GROUP: ClassVar[str] = "In een lijst"

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[RowT] = []
        self._cursor = 0
        self._cache: dict[int, Strip] = {}
        self._cache_width = -1

    # --- what subclasses draw ------------------------------------------------------

    def header_text(self, width: int) -> str:
        raise NotImplementedError

    def row_segments(self, row: RowT, width: int, base: Style, cursor: bool) -> list[Segment]:
        raise NotImplementedError

    def marked(self, base: Style, component: str, cursor: bool) -> Style:
        """`base` with a mark's style; on the cursor row only its text style, so every colour keeps its contrast."""
        style = self.component_style(component, partial=True)
        return base + (style.without_color if cursor else style)

    def selectable(self, row: RowT) -> bool:
        return True

    def cursor_changed(self, index: int) -> None:
        """Called after the cursor moved to another row."""

    # --- data ----------------------------------------------------------------------

    @property
    def rows(self) -> Sequence[RowT]:
        return self._rows

    @property
    def cursor(self) -> int:
        return self._cursor

    def set_rows(self, rows: Sequence[RowT], cursor: int | None = None) -> None:
        self._rows = list(rows)
        self._cache.clear()
        self.virtual_size = Size(0, len(self._rows) + HEADER_LINES)
        target = self._cursor if cursor is None else cursor
        self._cursor = self._nearest_selectable(max(0, min(target, len(self._rows) - 1)))
        self.refresh()
        self.scroll_to_cursor()

    def replace_row(self, index: int, row: RowT) -> bool:
        """Put a new view in one row; repaints that line only if it changed."""
        if self._rows[index] == row:
            return False
        self._rows[index] = row
        self._invalidate(index)
        return True

    def move_cursor(self, index: int) -> None:
        if not self._rows:
            return
        index = self._nearest_selectable(max(0, min(index, len(self._rows) - 1)))
        if index == self._cursor:
            self.scroll_to_cursor()
            return
        old, self._cursor = self._cursor, index
        self._invalidate(old)
        self._invalidate(index)
        self.scroll_to_cursor()
        self.cursor_changed(index)

    def _nearest_selectable(self, index: int) -> int:
        if not self._rows or self.selectable(self._rows[index]):
            return index
        for step in (1, -1):
            probe = index + step
            while 0 <= probe < len(self._rows):
                if self.selectable(self._rows[probe]):
                    return probe
                probe += step
        return index

    def _step(self, start: int, step: int) -> int:
        probe = start + step
        while 0 <= probe < len(self._rows):
            if self.selectable(self._rows[probe]):
                return probe
            probe += step
        return start

    def _invalidate(self, index: int) -> None:
        self._cache.pop(index, None)
        y = index + HEADER_LINES - round(self.scroll_offset.y)
        if HEADER_LINES <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    @property
    def _page(self) -> int:
        return max(1, self.scrollable_content_region.height - HEADER_LINES)

    def scroll_to_cursor(self) -> None:
        """Keep the cursor row in view; the row above it too, so an opdracht's title stays visible."""
        top = round(self.scroll_offset.y)
        page = self._page
        first_wanted = max(0, self._cursor - 1)
        if first_wanted < top:
            self.scroll_to(y=first_wanted, animate=False)
        elif self._cursor >= top + page:
            self.scroll_to(y=self._cursor - page + 1, animate=False)

    # --- actions -------------------------------------------------------------------

    def action_cursor_up(self) -> None:
        self.move_cursor(self._step(self._cursor, -1))

    def action_cursor_down(self) -> None:
        self.move_cursor(self._step(self._cursor, 1))

    def action_page_up(self) -> None:
        self.move_cursor(self._cursor - self._page)

    def action_page_down(self) -> None:
        self.move_cursor(self._cursor + self._page)

    def action_first(self) -> None:
        self.move_cursor(0)

    def action_last(self) -> None:
        self.move_cursor(len(self._rows) - 1)

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None or offset.y < HEADER_LINES:
            return
        index = round(self.scroll_offset.y) + offset.y - HEADER_LINES
        if 0 <= index < len(self._rows) and self.selectable(self._rows[index]):
            self.move_cursor(index)

    # --- rendering -----------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if width != self._cache_width:
            self._cache.clear()
            self._cache_width = width
        base = self.base_style
        if y < HEADER_LINES:
            style = base + self.component_style("line-table--header")
            return Strip([Segment(fit("  " + self.header_text(width - 2), width), style)], width)
        index = round(self.scroll_offset.y) + y - HEADER_LINES
        if index >= len(self._rows):
            return Strip.blank(width, base)
        strip = self._cache.get(index)
        if strip is None:
            cursor = index == self._cursor
            row_base = base + self.component_style("line-table--cursor") if cursor else base
            gutter = Segment(signs.CURSOR + " " if cursor else "  ", row_base)
            segments = [gutter, *self.row_segments(self._rows[index], width - 2, row_base, cursor)]
            strip = Strip(segments).crop_extend(0, width, row_base)
            self._cache[index] = strip
        return strip
