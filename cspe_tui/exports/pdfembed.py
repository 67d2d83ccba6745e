"""Embedding the DejaVu fonts at output, built once per glyph set instead of once per file.

fpdf2 subsets the font, lists its widths and writes its code maps for every PDF; for 300
per-candidate files that was 60 % of the time, while the glyphs hardly change. Here the
same PDF objects as fpdf2's TrueType path are written, from pieces cached on the export's
FontBatch. Anything else (other fonts, PDF/A) goes through fpdf2 unchanged.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from io import BytesIO

from fontTools import subset as ftsubset
from fpdf.fonts import TTFFont
from fpdf.output import CIDSystemInfo, OutputProducer, PDFFont, _build_cmap_blocks, _tt_font_widths
from fpdf.syntax import Name, PDFArray, PDFContentStream, PDFObject

from .pdffonts import FAMILY, FILES, FontBatch, working_font
from .pdfrows import RowStamps

_DROP_TABLES = ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT", "CBLC", "EBDT",
                "EBLC", "EBSC", "SVG ", "CPAL", "COLR"]
"""The tables fpdf2 drops from an embedded subset."""


@dataclass(frozen=True)
class Embedded:
    """One style's font objects for a given set of glyph codes, as bytes ready to write."""

    font_file: bytes
    font_file_length: int
    widths: str
    to_unicode: bytes
    cid_to_gid: bytes


def _unicode_hex(code: int) -> str:
    if code > 0xFFFF:
        return f"{0xD800 | (code - 0x10000) >> 10:04X}{0xDC00 | (code & 0x3FF):04X}"
    return f"{code:04X}"


def build_embedded(style: str, font: TTFFont) -> Embedded:
    """What fpdf2 computes for a TrueType font at output, for the glyphs in font.subset."""
    glyphs = [(glyph, code) for glyph, code in font.subset.items() if glyph is not None]
    ttfont = working_font(style, {glyph.glyph_name for glyph, _ in glyphs})
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True)
    options.drop_tables += _DROP_TABLES
    subsetter = ftsubset.Subsetter(options)
    subsetter.populate(glyphs=[glyph.glyph_name for glyph, _ in glyphs])
    subsetter.subset(ttfont)
    cid_to_gid = bytearray(256 * 256 * 2)
    for glyph, code in glyphs:
        gid = ttfont.getGlyphID(glyph.glyph_name)
        cid_to_gid[code * 2:code * 2 + 2] = gid.to_bytes(2, "big")
    out = BytesIO()
    ttfont.save(out)
    ttfont.close()
    data = out.getvalue()
    entries = [
        f"<{code:04X}> <{''.join(_unicode_hex(c) for c in glyph.unicode)}>\n"
        for glyph, code in glyphs
        if isinstance(glyph.unicode, tuple) and glyph.unicode
    ]
    to_unicode = (
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
        "<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n/CMapName /Adobe-Identity-UCS def\n"
        "/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n"
        f"{_build_cmap_blocks(entries, 'bfchar')}endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
    ).encode("latin-1")
    return Embedded(zlib.compress(data), len(data), _tt_font_widths(font), to_unicode, zlib.compress(bytes(cid_to_gid)))


def _pdf_value(value: object) -> object:
    """As fpdf2's build_obj_dict writes a value: objects by reference, enums by value, PDF types serialized."""
    if isinstance(value, PDFObject):
        return value.ref
    if hasattr(value, "value"):
        value = value.value
    return value.serialize() if hasattr(value, "serialize") else value


class _Prepared(PDFObject):
    """A PDF object whose entries are known up front; references become `N 0 R` when it is written.

    fpdf2 finds an object's entries by walking its attributes, which for the 14 font objects
    of each per-candidate file cost more than drawing its pages.
    """

    def __init__(self, entries: dict[str, object], stream: bytes | None = None) -> None:
        super().__init__()
        self.entries = entries
        self.stream = stream

    def serialize(self, obj_dict=None, _security_handler=None) -> str:  # type: ignore[no-untyped-def]
        return super().serialize({key: _pdf_value(value) for key, value in sorted(self.entries.items())}, _security_handler)

    def content_stream(self) -> bytes | None:
        return self.stream


def _stream(packed: bytes, **extra: object) -> PDFContentStream:
    """A content stream of already deflated bytes."""
    stream = PDFContentStream(contents=b"")
    stream._contents = packed
    stream.filter = Name("FlateDecode")
    stream.length = len(packed)
    for key, value in extra.items():
        setattr(stream, key, value)
    return stream


class _RefList:
    """`[N 0 R]` of an object whose number is only known when the file is written."""

    def __init__(self, target: PDFObject) -> None:
        self.target = target

    def __str__(self) -> str:
        return f"[{self.target.ref}]"


class SharedFontOutput(OutputProducer):
    """Writes our fonts from a FontBatch's cache when the document has one."""

    batch: FontBatch | None = None

    def bufferize(self) -> bytearray:
        """The page count goes into the footers before fpdf2 compresses the pages."""
        fill_in_total = getattr(self.fpdf, "fill_in_total", None)
        if fill_in_total is not None:
            fill_in_total()
        return super().bufferize()

    def _ours(self) -> bool:
        keys = {f"{FAMILY.lower()}{style}" for style in FILES}
        return set(self.fpdf.fonts) == keys and not self.fpdf._compliance and not any(
            font.color_font or font.is_cff for font in self.fpdf.fonts.values()
        )

    def _add_images(self):  # type: ignore[no-untyped-def]
        """fpdf2's images, plus the form XObjects of repeated row pieces (see pdfrows).

        The document has one resources object for all pages (see Document), which names them all.
        """
        objects = super()._add_images()
        self._forms: list[PDFContentStream] = []
        stamps: RowStamps | None = getattr(self.fpdf, "_stamps", None)
        if not stamps or not stamps.forms:
            return objects
        box = PDFArray([0, 0, round(self.fpdf.w * self.fpdf.k, 2), round(self.fpdf.h * self.fpdf.k, 2)])
        for ops, index in stamps.forms.items():
            form = _stream(zlib.compress(ops), type=Name("XObject"), subtype=Name("Form"), b_box=box)
            self._add_pdf_obj(form, "images")
            objects[index] = form
            self._forms.append(form)
        return objects

    def _give_forms_fonts(self, fonts: dict) -> None:  # type: ignore[type-arg]
        """A form names its fonts in its own resources; every form may use both styles."""
        names = " ".join(f"/F{i} {font.id} 0 R" for i, font in sorted(fonts.items()))
        for form in self._forms:
            form.resources = f"<</Font <<{names}>>>>"

    def _add_fonts(self, image_objects_per_index, gfxstate_objs_per_name, pattern_objs_per_name):  # type: ignore[no-untyped-def]
        if not self._ours():
            for font in self.fpdf.fonts.values():
                if isinstance(font, TTFFont) and font.ttfont is None:
                    style = font.fontkey[len(FAMILY):].upper()
                    font.ttfont = working_font(style, set(font.subset.get_all_glyph_names()))
            objects = super()._add_fonts(image_objects_per_index, gfxstate_objs_per_name, pattern_objs_per_name)
            self._give_forms_fonts(objects)
            return objects
        objects = {}
        for style in FILES:
            font = self.fpdf.fonts[f"{FAMILY.lower()}{style}"]
            embedded = self._embedded(style, font)
            if self.fpdf._security_handler is None:
                objects[font.i] = self._prepared_font_objects(font, embedded)
            else:
                objects[font.i] = self._font_objects(font, embedded)
            font.subset.pick.cache_clear()
            font.subset.get_glyph.cache_clear()
        self._give_forms_fonts(objects)
        return objects

    def _embedded(self, style: str, font: TTFFont) -> Embedded:
        batch = getattr(self.fpdf, "font_batch", None)
        if batch is None:
            return build_embedded(style, font)
        size, embedded = batch.embedded.get(style, (-1, None))
        if size != len(font.subset):
            embedded = build_embedded(style, font)
            batch.embedded[style] = (len(font.subset), embedded)
        return embedded  # type: ignore[return-value]

    def _prepared_font_objects(self, font: TTFFont, embedded: Embedded) -> PDFObject:
        """What _font_objects writes, with the entries spelled out (see _Prepared); not for encrypted files."""
        fontname = f"/MPDFAA+{font.name}"
        desc = font.desc
        composite = _Prepared({"/BaseFont": fontname, "/Encoding": "/Identity-H", "/Subtype": "/Type0", "/Type": "/Font"})
        self._add_pdf_obj(composite, "fonts")
        cid_font = _Prepared({"/BaseFont": fontname, "/DW": desc.missing_width, "/Subtype": "/CIDFontType2",
                              "/Type": "/Font", "/W": embedded.widths})
        self._add_pdf_obj(cid_font, "fonts")
        composite.entries["/DescendantFonts"] = _RefList(cid_font)
        to_unicode = _Prepared({"/Length": len(embedded.to_unicode)}, embedded.to_unicode)
        self._add_pdf_obj(to_unicode, "fonts")
        composite.entries["/ToUnicode"] = to_unicode
        system_info = _Prepared({"/Ordering": "(UCS)", "/Registry": "(Adobe)", "/Supplement": 0})
        self._add_pdf_obj(system_info, "fonts")
        cid_font.entries["/CIDSystemInfo"] = system_info
        descriptor = _Prepared({
            "/Ascent": desc.ascent, "/CapHeight": desc.cap_height, "/Descent": desc.descent, "/Flags": desc.flags,
            "/FontBBox": desc.font_b_box, "/FontName": fontname, "/ItalicAngle": desc.italic_angle,
            "/MissingWidth": desc.missing_width, "/StemV": desc.stem_v, "/Type": "/FontDescriptor",
        })
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.entries["/FontDescriptor"] = descriptor
        cid_to_gid = _Prepared({"/Filter": "/FlateDecode", "/Length": len(embedded.cid_to_gid)}, embedded.cid_to_gid)
        self._add_pdf_obj(cid_to_gid, "fonts")
        cid_font.entries["/CIDToGIDMap"] = cid_to_gid
        font_file = _Prepared(
            {"/Filter": "/FlateDecode", "/Length": len(embedded.font_file), "/Length1": embedded.font_file_length},
            embedded.font_file,
        )
        self._add_pdf_obj(font_file, "fonts")
        descriptor.entries["/FontFile2"] = font_file
        return composite

    def _font_objects(self, font: TTFFont, embedded: Embedded) -> PDFFont:
        """The objects of fpdf2's TrueType branch of _add_fonts, in the same order."""
        fontname = f"MPDFAA+{font.name}"
        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(subtype="CIDFontType2", base_font=fontname, d_w=font.desc.missing_width, w=embedded.widths)
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])
        to_unicode = PDFContentStream(embedded.to_unicode)
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode
        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info
        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor
        cid_to_gid = _stream(embedded.cid_to_gid)
        self._add_pdf_obj(cid_to_gid, "fonts")
        cid_font.c_i_d_to_g_i_d_map = cid_to_gid
        font_file = _stream(embedded.font_file, length1=embedded.font_file_length)
        self._add_pdf_obj(font_file, "fonts")
        descriptor.font_file2 = font_file
        return composite
