"""The bundled DejaVu fonts, parsed once per process and shared by every Document.

fpdf2 parses a TTF file anew for each `add_font` (about half the cost of a small PDF)
and, when writing, subsets the whole 6,000-glyph font again. Here each style is parsed
once; a document gets a copy of the parsed font with its own subset bookkeeping. At
output a document's font is a small, already-subsetted font that holds every glyph used
so far in this process, so fpdf2 only has to cut a few hundred glyphs down to the ones
the document uses: the embedded font is the same as before, built in a fraction of the time.
"""

from __future__ import annotations

import copy
import threading
from io import BytesIO
from pathlib import Path

from fontTools import subset as ftsubset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont

from .pdfrows import RowStamps

FONT_DIR = Path(__file__).with_name("fonts")
FAMILY = "DejaVu"
FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}

SEED = "".join(chr(c) for c in [*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027)])
"""Latin-1, Latin Extended-A and dashes, quotes, bullets: the working font starts with these, so most texts add nothing."""


class _Parsed:
    """One style: fpdf2's parsed font (widths, cmap, descriptor) and a growing working subset."""

    def __init__(self, style: str) -> None:
        path = FONT_DIR / FILES[style]
        scratch = FPDF()
        scratch.add_font(FAMILY, style, path)
        self.template: TTFFont = scratch.fonts[f"{FAMILY.lower()}{style}"]
        self.template.ttfont.close()
        self.data = path.read_bytes()
        self.glyphs: frozenset[str] = frozenset()
        self.working = b""
        self.lock = threading.Lock()
        self.widen({".notdef"} | {self.template.cmap[ord(c)] for c in SEED if ord(c) in self.template.cmap})

    def widen(self, glyphs: set[str]) -> None:
        """Rebuild the working font so it holds `glyphs` as well; glyph names are kept for fpdf2's own subset."""
        wanted = self.glyphs | glyphs
        full = TTFont(BytesIO(self.data), recalcBBoxes=False, recalcTimestamp=False, lazy=True)
        options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True, glyph_names=True)
        options.drop_tables += ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta"]
        subsetter = ftsubset.Subsetter(options)
        subsetter.populate(glyphs=sorted(wanted))
        subsetter.subset(full)
        out = BytesIO()
        full.save(out)
        self.working = out.getvalue()
        self.glyphs = frozenset(wanted)

    def working_font(self, glyphs: set[str]) -> TTFont:
        with self.lock:
            if not glyphs <= self.glyphs:
                self.widen(glyphs)
            data = self.working
        return TTFont(BytesIO(data), recalcBBoxes=False, recalcTimestamp=False, lazy=True)


_PARSED: dict[str, _Parsed] = {}
_PARSED_LOCK = threading.Lock()


def _parsed(style: str) -> _Parsed:
    with _PARSED_LOCK:
        parsed = _PARSED.get(style)
        if parsed is None:
            parsed = _PARSED[style] = _Parsed(style)
        return parsed


class FontBatch:
    """What the documents of one export share: one glyph code per glyph, encoded strings, measured texts, rows.

    The per-candidate PDFs of a group print nearly the same glyphs. With codes shared by the
    whole batch, a string is encoded once for all files, and the embedded font (subset,
    widths, maps) is built once and again only when a file prints a glyph no earlier file
    did (see pdfembed). The price: a file may embed a few glyphs that only earlier files print.
    `reserve`: letters the files will print that differ between them (names, remarks); they get
    their codes up front, so the font is not rebuilt for each new name. `forms`: repeated row
    pieces become form XObjects (see pdfrows); worth it in one large file, not in many small
    ones, where each file would write its own copies. Use a batch from one thread at a time.
    """

    def __init__(self, reserve: str = "", forms: bool = False) -> None:
        self.reserve = sorted(set(reserve))
        self.subsets: dict[str, SubsetMap] = {}
        self.encoded: dict[tuple[str, str], str] = {}
        self.wraps: dict[tuple[str, float, str, float], list[str]] = {}
        self.widths: dict[tuple[str, str, float], float] = {}
        self.embedded: dict[str, tuple[int, object]] = {}
        self.stamps = RowStamps(forms)


def add_fonts(pdf: FPDF, batch: FontBatch | None = None) -> None:
    """What `pdf.add_font` does for both DejaVu styles, without parsing the files again."""
    for style in FILES:
        template = _parsed(style).template
        font = copy.copy(template)
        font.i = len(pdf.fonts) + 1
        font.desc = copy.copy(template.desc)
        font.missing_glyphs = []
        font.biggest_size_pt = 0
        font.ttfont = None
        if batch is None:
            font.subset = SubsetMap(font)
        else:
            if style not in batch.subsets:
                batch.subsets[style] = SubsetMap(font)
                for char in batch.reserve:
                    batch.subsets[style].pick(ord(char))
            font.subset = batch.subsets[style]
        pdf.fonts[template.fontkey] = font


def missing_glyphs(text: str, style: str = "") -> list[str]:
    """The characters of `text` the font has no glyph for: fpdf2 would leave them out of the PDF without a word."""
    cmap = _parsed(style).template.cmap
    return [c for c in dict.fromkeys(text) if not c.isspace() and ord(c) not in cmap]


def shown_missing(chars: list[str]) -> str:
    """`😀 (U+1F600)`: the character and its code point, for a message about what the PDF cannot print."""
    return ", ".join(f"{c} (U+{ord(c):04X})" for c in chars)


def printable(text: str, style: str = "") -> str:
    """The text with every character the font cannot print written as its code point, e.g. [U+1F600]."""
    missing = set(missing_glyphs(text, style))
    if not missing:
        return text
    return "".join(f"[U+{ord(c):04X}]" if c in missing else c for c in text)


def working_font(style: str, glyph_names: set[str]) -> TTFont:
    """A small font holding at least `glyph_names`, for the final subset at output."""
    return _parsed(style).working_font(glyph_names)
