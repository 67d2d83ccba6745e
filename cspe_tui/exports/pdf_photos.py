"""A candidate's photos in the beoordelingsmodel: after their scores, four to a page, each with who added it and its hash.

The stored photo (up to 2560 px) is the record; the PDF gets a copy reduced for print, so a
group of many candidates stays a file that opens. A photo that cannot be read is not left out
in silence: its place says why, with the hash the log holds.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from PIL import Image

from cspe_tui.domain.group_notes import PhotoRecord
from cspe_tui.domain.wording import count

from .formatting import who
from .pdf_context import PdfContext, set_page_subject
from .pdfdoc import Document

PhotoSource = Callable[[PhotoRecord], "bytes | str"]
"""The stored bytes of a photo, or a Dutch reason why they cannot be had (missing, changed)."""

PRINT_SIDE = 1200
"""About 250 dpi in a box of 12 cm: sharp on paper, small in the file."""
PER_PAGE = 4
GAP = 6.0
CAPTION_H = 10.5


def print_copy(data: bytes) -> bytes:
    """A JPEG of at most PRINT_SIDE px (transparency on white); what the PDF embeds."""
    with Image.open(io.BytesIO(data)) as source:
        image = source.convert("RGBA") if source.mode in ("RGBA", "LA", "P") else source.convert("RGB")
        image.thumbnail((PRINT_SIDE, PRINT_SIDE), Image.Resampling.LANCZOS)
    if image.mode == "RGBA":
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        image = flat
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def photo_pages(doc: Document, ctx: PdfContext, examennummer: str, source: PhotoSource) -> None:
    """The candidate's photos (none: no page); in the order they were added."""
    state = ctx.state
    photos = state.photos_of(examennummer)
    if not photos:
        return
    cand = state.candidate(examennummer)
    set_page_subject(doc, f"Kandidaat {examennummer} · {cand.naam} · foto's")
    for start in range(0, len(photos), PER_PAGE):
        doc.add_page()
        part = "" if len(photos) <= PER_PAGE else f" ({start // PER_PAGE + 1} van {-(-len(photos) // PER_PAGE)})"
        doc.paragraph(f"Foto's van de producten · {cand.naam}{part}", size=11, style="B", after=0.5)
        shown = count(len(photos), "foto", "foto's")
        doc.paragraph(
            f"Examennummer {examennummer} · {shown}; "
            "elke foto staat met zijn SHA-256 in het logboek van de groep en wordt bewaard met de scores.",
            size=8,
            after=2,
        )
        _grid(doc, ctx, photos[start : start + PER_PAGE], source)


def _grid(doc: Document, ctx: PdfContext, photos: tuple[PhotoRecord, ...], source: PhotoSource) -> None:
    """One photo over the whole page, two above each other, three or four in a square."""
    left, top = doc.l_margin, doc.y
    columns = 1 if len(photos) <= 2 else 2
    rows = 1 if len(photos) == 1 else 2
    width = (doc.w - doc.l_margin - doc.r_margin - (columns - 1) * GAP) / columns
    height = (doc.bottom - top - (rows - 1) * GAP) / rows - CAPTION_H
    for index, record in enumerate(photos):
        x = left + (index % columns) * (width + GAP)
        y = top + (index // columns) * (height + CAPTION_H + GAP)
        _photo(doc, ctx, record, source(record), x, y, width, height)
    doc.set_y(doc.bottom)


def _photo(
    doc: Document, ctx: PdfContext, record: PhotoRecord, data: bytes | str, x: float, y: float, w: float, h: float
) -> None:
    """The photo at the top of its box, as large as fits; the caption right below it."""
    missing = data if isinstance(data, str) else None
    bottom = y + h
    if missing is None:
        try:
            copy = print_copy(data)
        except (OSError, ValueError, SyntaxError) as exc:
            missing = f"De foto kan niet worden gelezen ({type(exc).__name__})."
        else:
            scale = min(w / record.width, h / record.height)
            dw, dh = record.width * scale, record.height * scale
            doc.image(io.BytesIO(copy), x=x + (w - dw) / 2, y=y, w=dw, h=dh)
            bottom = y + dh
    if missing is not None:
        bottom = y + min(h, 40.0)
        doc.rect(x, y, w, bottom - y)
        doc.set_xy(x + 2, y + (bottom - y) / 2 - 6)
        doc.font_as(8, "B")
        doc.multi_cell(w - 4, 4, f"Foto niet beschikbaar: {missing}", align="C")
    extra = " · aanvulling na het sluiten" if record.addition else ""
    caption = (
        f"{record.original_name} · {record.width} x {record.height} · "
        f"toegevoegd door {who(ctx.state, record.login)} op {ctx.when(record.at)}{extra} · SHA-256:"
    )
    doc.font_as(7)
    doc.set_xy(x, bottom + 0.5)
    doc.multi_cell(w, 3.2, caption, align="C")
    doc.font_as(5.5)
    doc.set_x(x)
    doc.multi_cell(w, 2.6, record.sha256, align="C")
