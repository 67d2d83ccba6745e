"""Table rows as reusable pieces of page content, placed with one translation each.

A beoordelingsmodel repeats the same criteria, scores and borders for every candidate;
only the height on the page differs. Each cell's text and each row's frame is turned into
PDF operators once, drawn at the top of a page, and every row is `q <shift> cm <pieces> Q`.
The q/Q pair also keeps the row's colours and fonts from leaking into what follows, so
fpdf2's own idea of the current colour and font stays true.

With `forms` on, the larger pieces (a criterium's text, a row's fill and borders) become
PDF form XObjects, written once per file and invoked with `Do` wherever they recur: the
group PDF of 1,000 candidates then has a quarter of the page content to compress and write.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING


if TYPE_CHECKING:
    from .pdfdoc import Column, Document


def _num(value: float) -> str:
    """Like fpdf2's number_to_str: colour components without trailing zeros."""
    return f"{value:.4f}".rstrip("0").rstrip(".")


@dataclass(frozen=True)
class RowStamp:
    """One row drawn at the top of a page: its height in mm and its operators."""

    height: float
    body: bytes


class RowStamps:
    """The pieces of one export's rows; they hold glyph codes, so they belong with the fonts' subset maps."""

    LIMIT = 200_000
    """Rows kept; a group of 1,000 candidates x 50 criteria has far fewer different rows."""

    FORM_MIN = 120
    """Pieces of at least this many bytes become a form XObject; `/I100001 Do` costs about 15."""

    FIRST_FORM = 100_000
    """Form numbers start here, clear of fpdf2's image numbers (the /I names are shared)."""

    def __init__(self, forms: bool = False) -> None:
        self.use_forms = forms
        self.forms: dict[bytes, int] = {}
        self.layouts: dict[int, tuple[Sequence[Column], float, tuple[float, ...]]] = {}
        self.rows: dict[tuple, RowStamp] = {}
        self.cells: dict[tuple, bytes] = {}
        self.frames: dict[tuple, bytes] = {}
        self.headers: dict[tuple[tuple[str, str], ...], tuple[bytes, float]] = {}
        self.footers: dict[str, bytes] = {}

    def remember(self, key: tuple, stamp: RowStamp) -> None:
        """Keyed by the columns' id among others: `build` holds every column list it saw, so no id is reused."""
        if len(self.rows) < self.LIMIT:
            self.rows[key] = stamp

    def build(
        self,
        doc: Document,
        columns: Sequence[Column],
        cells: list[list[str]],
        line_h: float,
        pad: float,
        fill: int | None,
        border: bool,
        x0: float,
        height: float,
    ) -> RowStamp:
        """The operators for one row of wrapped `cells`, drawn with its top edge at the top of the page."""
        xs = self._xs(columns, x0)
        style, size = doc._font
        frame_key = (x0, xs, round(height, 4), fill, border)
        frame = self.frames.get(frame_key)
        if frame is None:
            frame = self.frames[frame_key] = self._as_form(self._frame(doc, columns, xs, height, fill, border))
        parts = [frame, b"0 g\n"]
        for column, x, lines in zip(columns, xs, cells):
            if not lines:
                continue
            cell_style = style if column.style is None else column.style
            key = (x, column.width, column.align, style, cell_style, size, pad, *lines)
            cell = self.cells.get(key)
            if cell is None:
                cell = self.cells[key] = self._cell_or_form(doc, column, x, lines, style, cell_style, line_h, pad)
            parts.append(cell)
        return RowStamp(height, b"".join(parts))

    def _as_form(self, ops: bytes) -> bytes:
        """`ops` themselves, or the Do of a form holding them."""
        if not self.use_forms or len(ops) < self.FORM_MIN:
            return ops
        index = self.forms.get(ops)
        if index is None:
            index = self.forms[ops] = self.FIRST_FORM + len(self.forms)
        return f"/I{index} Do\n".encode()

    def _cell_or_form(
        self, doc: Document, column: Column, x: float, lines: list[str], row_style: str, style: str, line_h: float,
        pad: float,
    ) -> bytes:
        """A cell's operators; a long one becomes a form that sets its own font (a form starts from the page's)."""
        ops = self._cell(doc, column, x, lines, row_style, style, line_h, pad)
        if not self.use_forms or len(ops) < self.FORM_MIN or style != row_style:
            return ops
        return self._as_form(f"BT /F{doc.style_font(style).i} {doc.font_size_pt:.2f} Tf ".encode() + ops[3:])

    def _xs(self, columns: Sequence[Column], x0: float) -> tuple[float, ...]:
        """Left edges; kept per column list (the list itself is held, so its id cannot be reused)."""
        known = self.layouts.get(id(columns))
        if known is None or known[0] is not columns or known[1] != x0:
            edges, x = [], x0
            for column in columns:
                edges.append(x)
                x += column.width
            known = self.layouts[id(columns)] = (columns, x0, tuple(edges))
        return known[2]

    @staticmethod
    def _frame(
        doc: Document, columns: Sequence[Column], xs: tuple[float, ...], height: float, fill: int | None, border: bool
    ) -> bytes:
        """Fill and borders at the top of the page; the row sets black for its text after them (see Document.row)."""
        k, page_h = doc.k, doc.h
        total_w = sum(c.width for c in columns)
        y1, y2 = f"{page_h * k:.2f}", f"{(page_h - height) * k:.2f}"
        rect = f"{xs[0] * k:.2f} {y1} {total_w * k:.2f} {-height * k:.2f} re"
        ops = []
        if fill is not None:
            ops.append(f"{_num(fill / 255)} g {rect} f")
        if border:
            lines = " ".join(f"{x * k:.2f} {y1} m {x * k:.2f} {y2} l" for x in xs[1:])
            ops.append(f"0 G {rect} {lines} S")
        return ("\n".join(ops) + "\n").encode() if ops else b""

    @staticmethod
    def _cell(
        doc: Document, column: Column, x: float, lines: list[str], row_style: str, style: str, line_h: float, pad: float
    ) -> bytes:
        """One column's lines as a single text object, each line placed relative to the one before.

        A column in another style than its row switches font and back inside the text object,
        so the row's font holds after it for any reader.
        """
        k, page_h = doc.k, doc.h
        font = doc.style_font(style)
        size_pt = doc.font_size_pt
        font_size = size_pt / k
        own_font = style != row_style
        ops = [f"/F{font.i} {size_pt:.2f} Tf" if own_font else ""]
        last = (0.0, 0.0)
        for index, line in enumerate(lines):
            if not line:
                continue
            if column.align == "L":
                tx = x + doc.c_margin
            else:
                width = doc._width_in(line, style)
                tx = x + column.width - doc.c_margin - width if column.align == "R" else x + (column.width - width) / 2
            ty = page_h - (pad + (index + 0.5) * line_h + 0.3 * font_size)
            px, py = round(tx * k, 2), round(ty * k, 2)
            ops.append(f"{px - last[0]:.2f} {py - last[1]:.2f} Td {doc._encode(font, line)}")
            last = (px, py)
        if own_font:
            ops.append(f"/F{doc.style_font(row_style).i} {size_pt:.2f} Tf")
        text = "BT " + " ".join(op for op in ops if op) + " ET\n"
        return text.encode("latin-1")
