"""An fpdf2 base for our PDFs: bundled DejaVu fonts, page furniture, fast wrapped rows.

Text is placed with `FPDF.text()`, which is about 7x cheaper than `cell()`; wrapping
goes through `multi_cell(dry_run=True)` once per distinct text and is cached, because
the same criteria repeat for every candidate.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from fpdf import FPDF
from fpdf.enums import TextMode

from .formatting import nfc
from .pdfembed import SharedFontOutput
from .pdffonts import FAMILY, FontBatch, add_fonts, printable
from .pdffurniture import (  # noqa: F401  (the page geometry is part of this module's interface)
    BODY_SIZE,
    CONTENT_W,
    DARK_FILL,
    FOOTER_Y,
    GREY_FILL,
    MARGIN,
    PAGE_H,
    PAGE_W,
    TOP,
    PageFurniture,
)
from .pdfrows import RowStamp

PDFA = "PDF/A-2B"
"""The archive's beoordelingsmodel: fpdf2 writes the XMP claim and the sRGB output intent and refuses what PDF/A forbids."""

@dataclass(frozen=True)
class Column:
    """style None follows the row; "B" makes one column (a final score) stand out."""

    width: float
    align: str = "L"
    style: str | None = None


FULL_WIDTH = (Column(CONTENT_W),)
"""One column over the whole width; pass this rather than a new list, so its rows are stamped (see pdfrows)."""


class Document(PageFurniture, FPDF):
    """A4 portrait; `header_rows` and `footer_note` may change between pages.

    All pages share one resources object (both fonts, every form), so stamped rows and page
    furniture need not register what they use page by page.

    header_rows: (left, right) pairs; the first is printed bold. Automatic page breaks
    are off: `row`, `paragraph` and `need` break pages themselves, so a table can
    repeat its column titles via `repeat_on_new_page`.
    """

    def __init__(self, title: str, author: str = "", batch: FontBatch | None = None, *, pdfa: bool = False) -> None:
        super().__init__(orientation="P", unit="mm", format="A4", enforce_compliance=PDFA if pdfa else None)
        add_fonts(self, batch)
        self.font_batch = batch
        self.set_auto_page_break(False)
        self.single_resources_object = True
        self.set_margins(MARGIN, TOP, MARGIN)
        self.c_margin = 1.0
        self.set_title(nfc(title))
        if author:
            self.set_author(nfc(author))
        self.set_creator("cspe-tui")
        self.set_line_width(0.2)
        self.alias_nb_pages(None)
        self.header_rows: list[tuple[str, str]] = []
        self.footer_note = ""
        self.repeat_on_new_page: Callable[[], None] | None = None
        self.content_top = TOP
        self.bottom = FOOTER_Y - 4.0
        self._font: tuple[str, float] = ("", 0.0)
        shared = batch or FontBatch(forms=True)
        self._wrap_cache = shared.wraps
        self._width_cache = shared.widths
        self._encoded = shared.encoded
        self._stamps = shared.stamps
        self._black = self.text_color
        self.font_as(BODY_SIZE)

    def output(self, name="", *, linearize=False, output_producer_class=SharedFontOutput):  # type: ignore[override]
        """Embed the fonts from the shared parse (see pdffonts) and fill in the page count (fill_in_total)."""
        return super().output(name, linearize=linearize, output_producer_class=output_producer_class)

    # --- fonts and measuring ---------------------------------------------------

    def font_as(self, size: float, style: str = "") -> None:
        """set_font for our two styles, switching directly between them: rows switch fonts all the time."""
        if self._font != (style, size):
            font = self.fonts.get(f"{FAMILY.lower()}{style}")
            if font is not None and self.font_family == FAMILY.lower() and not (self.underline or self.strikethrough):
                self.font_style = style
                self.font_size_pt = size
                self.current_font = font
                self.current_font_is_set_on_page = False
            else:
                self.set_font(FAMILY, style, size)
            self._font = (style, size)

    def style_font(self, style: str):  # type: ignore[no-untyped-def]
        return self.fonts[f"{FAMILY.lower()}{style}"]

    def width_of(self, text: str) -> float:
        key = (text, *self._font)
        width = self._width_cache.get(key)
        if width is None:
            font = self.current_font
            if self.text_shaping or self.char_spacing or self.font_stretching != 100:
                width = self.get_string_width(text)
            else:
                widths = font.cw
                width = sum(widths[ord(c)] for c in text) * self.font_size_pt * 0.001 / self.k
            if len(self._width_cache) < 50_000:
                self._width_cache[key] = width
        return width

    def wrap(self, text: str, width: float) -> list[str]:
        """Lines of `text` for a column `width` wide (padding included); never drops a character.

        A character the font has no glyph for (an emoji) is written as its code point, [U+1F35E],
        rather than left out without a trace."""
        key = (text, width, *self._font)
        lines = self._wrap_cache.get(key)
        if lines is None:
            text = printable(nfc(text), self._font[0])
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

    def _encode(self, font, text: str) -> str:  # type: ignore[no-untyped-def]
        """fpdf2's glyph encoding of `text`, done once per export for each string.

        A group PDF prints the same criteria and scores for every candidate; encoding them
        character by character each time was a third of its drawing time.
        """
        key = (font.fontkey, text)
        encoded = self._encoded.get(key)
        if encoded is None:
            encoded = self._encoded[key] = font.encode_text(text)
        return encoded

    def _text_op(self, x: float, y: float, text: str, color: str | None, font=None) -> str:  # type: ignore[no-untyped-def]
        """What fpdf2's text() writes."""
        op = f"BT {x * self.k:.2f} {(self.h - y) * self.k:.2f} Td {self._encode(font or self.current_font, text)} ET"
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

    def add_page(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        """fpdf2 restores the font it had before the page; font_as must know which that is."""
        super().add_page(*args, **kwargs)
        self._font = (self.font_style, self.font_size_pt)

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
        leading: float = 1.3,
        x: float = MARGIN,
    ) -> None:
        """One table row; long texts wrap, and a row taller than a page continues on the next.

        leading: line height as a multiple of the font size.

        A row drawn before with the same texts and looks is stamped again from its operators
        (see pdfrows): a beoordelingsmodel repeats most rows for every candidate.
        """
        self.font_as(size, style)
        key = None
        if self._stampable():
            key = (id(columns), x, size, style, fill, border, pad, leading, *texts)
            stamp = self._stamps.rows.get(key)
            if stamp is None:
                stamp = self._new_stamp(key, columns, texts, size, style, fill, border, pad, leading, x)
            if stamp is not None:
                capacity = self.bottom - self.content_top
                while self.y + stamp.height > self.bottom and self.y > self.content_top + 0.01 and stamp.height <= capacity:
                    self.new_page()
                    self.font_as(size, style)
                if self.y + stamp.height <= self.bottom:
                    self._place(stamp)
                    return
        line_h = self.font_size * leading
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

    def _stampable(self) -> bool:
        return self._plain_text() and self.text_color is self._black

    def _new_stamp(self, key, columns, texts, size, style, fill, border, pad, leading, x) -> RowStamp | None:  # type: ignore[no-untyped-def]
        """The row's stamp, remembered for the next time; None when the row is taller than a page."""
        line_h = self.font_size * leading
        cells = [self._wrap_in(c, t, size, style) for c, t in zip(columns, texts)]
        height = (max((len(lines) for lines in cells), default=0) or 1) * line_h + 2 * pad
        if height > self.bottom - self.content_top:
            return None
        stamp = self._stamps.build(self, columns, cells, line_h, pad, fill, border, x, height)
        self._stamps.remember(key, stamp)
        return stamp

    def _place(self, stamp: RowStamp) -> None:
        """The stamp shifted down to the current y; q/Q keep its colours and fonts to itself."""
        self._font_on_page()
        contents = self.pages[self.page].contents
        contents.extend(f"q 1 0 0 1 0 {-self.y * self.k:.2f} cm\n".encode())
        contents.extend(stamp.body)
        contents.extend(b"Q\n")
        self.y += stamp.height

    def _wrap_in(self, column: Column, text: str, size: float, style: str) -> list[str]:
        if not text:
            return []
        if column.style is None or column.style == style:
            return self.wrap(text, column.width)
        cached = self._wrap_cache.get((text, column.width, column.style, size))
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
        """Fill, texts and borders of one row: stamped from cached pieces (see pdfrows) when text is plain."""
        top = self.y
        height = n_lines * line_h + 2 * pad
        if self._stampable():
            self._place(self._stamps.build(self, columns, cells, line_h, pad, fill, border, x0, height))
            return
        total_w = sum(c.width for c in columns)
        if fill is not None:
            self.set_fill_color(fill)
            self.rect(x0, top, total_w, height, style="F")
        self._draw_row_texts_slowly(columns, cells, line_h, pad, x0, top)
        if border:
            self.set_draw_color(0)
            self.rect(x0, top, total_w, height)
            x = x0
            for column in columns[:-1]:
                x += column.width
                self.line(x, top, x, top + height)
        self.y = top + height

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
        self.row(FULL_WIDTH, [text], size=size, style=style, fill=fill)

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
