"""The parts of every page that are not content: header rows, rule, seal line and page number.

Built once per distinct header and footer text and stamped on each page; the page count is
only known at output, so the footer leaves TOTAL_MARKER where `fill_in_total` puts it.
"""

from __future__ import annotations

from .formatting import nfc

PAGE_W = 210.0
PAGE_H = 297.0
MARGIN = 15.0
TOP = 10.0
FOOTER_Y = PAGE_H - 13.0
CONTENT_W = PAGE_W - 2 * MARGIN

BODY_SIZE = 8.5
GREY_FILL = 235
DARK_FILL = 215
TOTAL_MARKER = b"%%PAGINAS%%"
"""Stands for the page count in the footers until output; no glyph code string can hold these bytes."""


class PageFurniture:
    """Header and footer for Document (mixed in before FPDF, whose header() and footer() these are).

    Uses Document's fonts, measuring and caches (font_as, width_of, _encode, _stamps).
    """

    def header(self) -> None:
        """The header rows and rule, built once per distinct header and stamped on each page."""
        key = tuple(self.header_rows)
        built = self._stamps.headers.get(key)
        if built is None:
            built = self._stamps.headers[key] = self._build_header()
        ops, self.content_top = built
        self._furniture(ops)
        self.set_y(self.content_top)

    def _build_header(self) -> tuple[bytes, float]:
        ops = []
        y = TOP
        for index, (left, right) in enumerate(self.header_rows):
            size = 9.0 if index == 0 else 7.5
            style = "B" if index == 0 else ""
            size = self._fitting_size(left, right, size, style)
            self.font_as(size, style)
            y += self.font_size
            ops.append(self._placed(MARGIN + self.c_margin, y, nfc(left)))
            if right:
                right = nfc(right)
                ops.append(self._placed(PAGE_W - MARGIN - self.c_margin - self.width_of(right), y, right))
            y += self.font_size * 0.45
        y += 1.0
        ops.append(self._rule(y))
        self.font_as(BODY_SIZE)
        return "\n".join(ops).encode("latin-1"), y + 4.0

    def _fitting_size(self, left: str, right: str, size: float, style: str) -> float:
        """Shrink a header row rather than cut it: every word of it stays on the page."""
        while size > 5.0:
            self.font_as(size, style)
            if self.width_of(nfc(left)) + self.width_of(nfc(right)) + 6 <= CONTENT_W:
                break
            size -= 0.5
        return size

    def footer(self) -> None:
        """Rule, seal line and page number; the total is filled in at output (see fill_in_total)."""
        note = self._stamps.footers.get(self.footer_note)
        if note is None:
            note = self._stamps.footers[self.footer_note] = self._build_footer()
        self.font_as(7.5)
        prefix = self._encode(self.current_font, f"pagina {self.page_no()} van ")[:-4]
        baseline = FOOTER_Y + 1.0 + 0.5 * 3.5 + 0.3 * self.font_size
        number = (
            f"BT /F{self.current_font.i} {self.font_size_pt:.2f} Tf {(PAGE_W - MARGIN - 30 + self.c_margin) * self.k:.2f} "
            f"{(self.h - baseline) * self.k:.2f} Td "
        ).encode() + prefix.encode("latin-1") + TOTAL_MARKER + b") Tj ET"
        self._furniture(note + b"\n" + number)
        self.font_as(BODY_SIZE)

    def _build_footer(self) -> bytes:
        note = nfc(self.footer_note)
        size = 6.5
        self.font_as(size)
        while size > 4.0 and self.width_of(note) > CONTENT_W - 32:
            size -= 0.5
            self.font_as(size)
        ops = [self._rule(FOOTER_Y)]
        if note:
            ops.append(self._placed(MARGIN + self.c_margin, FOOTER_Y + 3.5, note))
        return "\n".join(ops).encode("latin-1")

    def _placed(self, x: float, y: float, text: str) -> str:
        """A text object that sets its own font, for furniture stamped regardless of the page's state."""
        font = self.current_font
        return f"BT /F{font.i} {self.font_size_pt:.2f} Tf {x * self.k:.2f} {(self.h - y) * self.k:.2f} Td {self._encode(font, text)} ET"

    def _rule(self, y: float) -> str:
        k = self.k
        return f"0 G {0.2 * k:.2f} w {MARGIN * k:.2f} {(self.h - y) * k:.2f} m {(PAGE_W - MARGIN) * k:.2f} {(self.h - y) * k:.2f} l S"

    def _furniture(self, ops: bytes) -> None:
        contents = self.pages[self.page].contents
        contents.extend(f"q {self.text_color.serialize().lower()}\n".encode())
        contents.extend(ops)
        contents.extend(b"\nQ\n")

    def fill_in_total(self) -> None:
        """Put the page count where footer() left TOTAL_MARKER, in the glyph codes of the regular font."""
        digits = self._encode(self.style_font(""), str(self.pages_count))[1:-4].encode("latin-1")
        for page in self.pages.values():
            page.contents = page.contents.replace(TOTAL_MARKER, digits)

