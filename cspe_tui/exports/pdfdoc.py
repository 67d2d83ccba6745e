"""An fpdf2 base for our PDFs: bundled DejaVu fonts, page furniture, fast wrapped rows.

Text is placed with `FPDF.text()`, which is about 7x cheaper than `cell()`; wrapping
goes through `multi_cell(dry_run=True)` once per distinct text and is cached, because
the same criteria repeat for every candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from fpdf import FPDF
from fpdf.enums import TextMode

from .formatting import nfc
from .pdffonts import FAMILY, FONT_DIR, SharedFontOutput, add_fonts

PAGE_W = 210.0
PAGE_H = 297.0
MARGIN = 15.0
TOP = 10.0
FOOTER_Y = PAGE_H - 13.0
CONTENT_W = PAGE_W - 2 * MARGIN

BODY_SIZE = 8.5
GREY_FILL = 235
DARK_FILL = 215
TOTAL_PAGES = "{paginas}"
"""fpdf2 swaps this for the page count in cell() text; longer than {nb} so 4-digit totals fit."""


@dataclass(frozen=True)
class Column:
    """style None follows the row; "B" makes one column (a final score) stand out."""

    width: float
    align: str = "L"
    style: str | None = None


class Document(FPDF):
    """A4 portrait; `header_rows` and `footer_note` may change between pages.

    header_rows: (left, right) pairs; the first is printed bold. Automatic page breaks
    are off: `row`, `paragraph` and `need` break pages themselves, so a table can
    repeat its column titles via `repeat_on_new_page`.
    """

    def __init__(self, title: str, author: str = "") -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        add_fonts(self)
        self.set_auto_page_break(False)
        self.set_margins(MARGIN, TOP, MARGIN)
        self.c_margin = 1.0
        self.set_title(nfc(title))
        if author:
            self.set_author(nfc(author))
        self.set_creator("cspe-tui")
        self.set_line_width(0.2)
        self.alias_nb_pages(TOTAL_PAGES)
        self.header_rows: list[tuple[str, str]] = []
        self.footer_note = ""
        self.repeat_on_new_page: Callable[[], None] | None = None
        self.content_top = TOP
        self.bottom = FOOTER_Y - 4.0
        self._font: tuple[str, float] = ("", 0.0)
        self._wrap_cache: dict[tuple[str, float, str, float], list[str]] = {}
        self._width_cache: dict[tuple[str, str, float], float] = {}
        self._encoded: dict[tuple[str, str], str] = {}
        self.font_as(BODY_SIZE)

    def share_caches(self, other: Document) -> None:
        """Reuse another document's wrapped lines and widths (same fonts, so the same results).

        Re-wrapping the same criteria for every per-candidate file would cost more than drawing them.
        """
        self._wrap_cache = other._wrap_cache
        self._width_cache = other._width_cache

    def output(self, name="", *, linearize=False, output_producer_class=SharedFontOutput):  # type: ignore[override]
        """Embed the fonts from the shared parse (see pdffonts)."""
        return super().output(name, linearize=linearize, output_producer_class=output_producer_class)

    # --- fonts and measuring ---------------------------------------------------

    def font_as(self, size: float, style: str = "") -> None:
        if self._font != (style, size):
            self.set_font(FAMILY, style, size)
            self._font = (style, size)

    def width_of(self, text: str) -> float:
        key = (text, *self._font)
        width = self._width_cache.get(key)
        if width is None:
            width = self.get_string_width(text)
            if len(self._width_cache) < 50_000:
                self._width_cache[key] = width
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines of `text` for a column `width` wide (padding included); never drops a character."""
        text = nfc(text)
        key = (text, width, *self._font)
        lines = self._wrap_cache.get(key)
        if lines is None:
            if "\n" not in text and self.width_of(text) <= width - 2 * self.c_margin:
                lines = [text]
            else:
                lines = self.multi_cell(width, 1, text, dry_run=True, output="LINES") or [""]
            self._wrap_cache[key] = lines
        return lines

    def line_height(self) -> float:
        return self.font_size * 1.3

    def _plain_text(self) -> bool:
        """True when fpdf2's text() would only place filled glyphs (no underline, outline or link quads)."""
        return bool(self.page) and self.text_mode == TextMode.FILL and not (
            self.underline or self.strikethrough or self._record_text_quad_points
        )

    def _text_op(self, x: float, y: float, text: str, color: str | None, font=None) -> str:  # type: ignore[no-untyped-def]
        """What fpdf2's text() writes, with each string's glyph encoding done once per document.

        A group PDF prints the same criteria and scores for every candidate; encoding them
        character by character each time was a third of its drawing time.
        """
        font = font or self.current_font
        key = (font.fontkey, text)
        encoded = self._encoded.get(key)
        if encoded is None:
            encoded = self._encoded[key] = font.encode_text(text)
        op = f"BT {x * self.k:.2f} {(self.h - y) * self.k:.2f} Td {encoded} ET"
        return op if color is None else f"q {color} {op} Q"

    def _text_color(self) -> str | None:
        """fpdf2 wraps text in its own colour when the fill colour differs."""
        return None if self.fill_color == self.text_color else self.text_color.serialize().lower()

    def _font_on_page(self) -> None:
        if not self.current_font_is_set_on_page:
            self._out(self._set_font_for_page(self.current_font, self.font_size_pt))

    def text(self, x: float, y: float, text: str = "") -> None:
        if not self._plain_text():
            super().text(x, y, text)
            return
        self._font_on_page()
        self._out(self._text_op(x, y, text, self._text_color()))

    # --- page furniture ----------------------------------------------------------

    def header(self) -> None:
        y = TOP
        for index, (left, right) in enumerate(self.header_rows):
            size = 9.0 if index == 0 else 7.5
            style = "B" if index == 0 else ""
            size = self._fitting_size(left, right, size, style)
            self.font_as(size, style)
            y += self.font_size
            self.text(MARGIN + self.c_margin, y, nfc(left))
            if right:
                right = nfc(right)
                self.text(PAGE_W - MARGIN - self.c_margin - self.width_of(right), y, right)
            y += self.font_size * 0.45
        y += 1.0
        self.set_draw_color(0)
        self.line(MARGIN, y, PAGE_W - MARGIN, y)
        self.content_top = y + 4.0
        self.set_y(self.content_top)
        self.font_as(BODY_SIZE)

    def _fitting_size(self, left: str, right: str, size: float, style: str) -> float:
        """Shrink a header row rather than cut it: every word of it stays on the page."""
        while size > 5.0:
            self.font_as(size, style)
            if self.width_of(nfc(left)) + self.width_of(nfc(right)) + 6 <= CONTENT_W:
                break
            size -= 0.5
        return size

    def footer(self) -> None:
        self.set_draw_color(0)
        self.line(MARGIN, FOOTER_Y, PAGE_W - MARGIN, FOOTER_Y)
        note = nfc(self.footer_note)
        size = 6.5
        self.font_as(size)
        while size > 4.0 and self.width_of(note) > CONTENT_W - 32:
            size -= 0.5
            self.font_as(size)
        self.text(MARGIN + self.c_margin, FOOTER_Y + 3.5, note)
        self.font_as(7.5)
        self.set_xy(PAGE_W - MARGIN - 30, FOOTER_Y + 1.0)
        self.cell(30, 3.5, f"pagina {self.page_no()} van {TOTAL_PAGES}")
        self.font_as(BODY_SIZE)

    def new_page(self) -> None:
        self.add_page()
        if self.repeat_on_new_page is not None:
            self.repeat_on_new_page()

    def need(self, height: float) -> None:
        """Start a new page unless `height` mm still fits on this one."""
        if self.y + height > self.bottom:
            self.new_page()

    # --- drawing ----------------------------------------------------------------

    def put(self, x: float, top: float, width: float, line_h: float, text: str, align: str = "L") -> None:
        if not text:
            return
        baseline = top + 0.5 * line_h + 0.3 * self.font_size
        if align == "L":
            self.text(x + self.c_margin, baseline, text)
        elif align == "R":
            self.text(x + width - self.c_margin - self.width_of(text), baseline, text)
        else:
            self.text(x + (width - self.width_of(text)) / 2, baseline, text)

    def row(
        self,
        columns: Sequence[Column],
        texts: Sequence[str],
        *,
        size: float = BODY_SIZE,
        style: str = "",
        fill: int | None = None,
        border: bool = True,
        pad: float = 0.7,
        x: float = MARGIN,
    ) -> None:
        """One table row; long texts wrap, and a row taller than a page continues on the next."""
        self.font_as(size, style)
        line_h = self.line_height()
        remaining = [self._wrap_in(c, t, size, style) for c, t in zip(columns, texts)]
        while True:
            needed = max((len(lines) for lines in remaining), default=0) or 1
            full_h = needed * line_h + 2 * pad
            if self.y + full_h <= self.bottom:
                self._draw_row(columns, remaining, needed, line_h, pad, fill, border, x)
                return
            at_page_top = self.y <= self.content_top + 0.01
            if not at_page_top and full_h <= self.bottom - self.content_top:
                self.new_page()
                self.font_as(size, style)
                continue
            fits = int((self.bottom - self.y - 2 * pad) // line_h)
            if fits >= 1:
                self._draw_row(columns, [lines[:fits] for lines in remaining], fits, line_h, pad, fill, border, x)
                remaining = [lines[fits:] for lines in remaining]
            self.new_page()
            self.font_as(size, style)

    def _wrap_in(self, column: Column, text: str, size: float, style: str) -> list[str]:
        if not text:
            return []
        if column.style is None or column.style == style:
            return self.wrap(text, column.width)
        cached = self._wrap_cache.get((nfc(text), column.width, column.style, size))
        if cached is not None:
            return cached
        self.font_as(size, column.style)
        lines = self.wrap(text, column.width)
        self.font_as(size, style)
        return lines

    def _draw_row(
        self,
        columns: Sequence[Column],
        cells: list[list[str]],
        n_lines: int,
        line_h: float,
        pad: float,
        fill: int | None,
        border: bool,
        x0: float,
    ) -> None:
        """Fill, texts and borders of one row, written as a few content-stream chunks rather than one per call."""
        top = self.y
        height = n_lines * line_h + 2 * pad
        total_w = sum(c.width for c in columns)
        k, page_h = self.k, self.h
        if fill is not None:
            self.set_fill_color(fill)
            self._out(f"{x0 * k:.2f} {(page_h - top) * k:.2f} {total_w * k:.2f} {-height * k:.2f} re f")
        if not self._plain_text():
            self._draw_row_texts_slowly(columns, cells, line_h, pad, x0, top)
        else:
            color = self._text_color()
            row_font = self._font
            ops: list[str] = []
            x = x0
            self._font_on_page()
            for column, lines in zip(columns, cells):
                style = row_font[0] if column.style is None else column.style
                font = None
                if lines and style != row_font[0]:
                    font = self.fonts[f"{FAMILY.lower()}{style}"]
                    ops.append(self._set_font_for_page(font, self.font_size_pt))
                line_top = top + pad
                for line in lines:
                    if line:
                        ops.append(self._text_op(self._text_x(x, column, line, style), line_top + 0.5 * line_h
                                                 + 0.3 * self.font_size, line, color, font))
                    line_top += line_h
                if font is not None:
                    ops.append(self._set_font_for_page(self.current_font, self.font_size_pt))
                x += column.width
            if ops:
                self._out("\n".join(ops))
        if border:
            self.set_draw_color(0)
            ops = [f"{x0 * k:.2f} {(page_h - top) * k:.2f} {total_w * k:.2f} {-height * k:.2f} re S"]
            x = x0
            y1, y2 = f"{(page_h - top) * k:.2f}", f"{(page_h - top - height) * k:.2f}"
            for column in columns[:-1]:
                x += column.width
                ops.append(f"{x * k:.2f} {y1} m {x * k:.2f} {y2} l S")
            self._out("\n".join(ops))
        self.y = top + height

    def _text_x(self, x: float, column: Column, text: str, style: str) -> float:
        if column.align == "L":
            return x + self.c_margin
        if column.align == "R":
            return x + column.width - self.c_margin - self._width_in(text, style)
        return x + (column.width - self._width_in(text, style)) / 2

    def _width_in(self, text: str, style: str) -> float:
        """width_of in another style of the current size, switching fonts only the first time."""
        size = self._font[1]
        width = self._width_cache.get((text, style, size))
        if width is None:
            current = self._font
            self.font_as(size, style)
            width = self.width_of(text)
            self.font_as(current[1], current[0])
        return width

    def _draw_row_texts_slowly(
        self, columns: Sequence[Column], cells: list[list[str]], line_h: float, pad: float, x0: float, top: float
    ) -> None:
        row_font = self._font
        x = x0
        for column, lines in zip(columns, cells):
            if column.style is not None:
                self.font_as(row_font[1], column.style)
            line_top = top + pad
            for line in lines:
                self.put(x, line_top, column.width, line_h, line, column.align)
                line_top += line_h
            if column.style is not None:
                self.font_as(row_font[1], row_font[0])
            x += column.width

    def spanning_row(self, text: str, *, size: float = BODY_SIZE, style: str = "B", fill: int | None = GREY_FILL) -> None:
        self.row([Column(CONTENT_W)], [text], size=size, style=style, fill=fill)

    def paragraph(
        self, text: str, *, size: float = BODY_SIZE, style: str = "", indent: float = 0.0, after: float = 0.8
    ) -> None:
        """Wrapped text that may run across pages, line by line."""
        self.font_as(size, style)
        line_h = self.line_height()
        width = CONTENT_W - indent
        for line in self.wrap(text, width):
            if self.y + line_h > self.bottom:
                self.new_page()
                self.font_as(size, style)
            self.put(MARGIN + indent, self.y, width, line_h, line)
            self.y += line_h
        self.y += after

    def heading(self, text: str, size: float = 10.5) -> None:
        self.need(size * 0.5 + 14)
        self.y += 2.0
        self.paragraph(text, size=size, style="B", after=1.2)

    def fields(self, pairs: Sequence[tuple[str, str]], label_w: float = 40.0, size: float = BODY_SIZE) -> None:
        """Label/value lines; the value wraps under itself and may continue on the next page."""
        value_w = CONTENT_W - label_w
        for label, value in pairs:
            self.font_as(size)
            value_lines = self.wrap(value, value_w)
            line_h = self.line_height()
            self.need(min(len(value_lines), 3) * line_h)
            self.font_as(size, "B")
            self.put(MARGIN, self.y, label_w, line_h, nfc(label))
            self.font_as(size)
            for line in value_lines:
                if self.y + line_h > self.bottom:
                    self.new_page()
                    self.font_as(size)
                self.put(MARGIN + label_w, self.y, value_w, line_h, line)
                self.y += line_h
