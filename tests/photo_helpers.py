"""Photos made with Pillow for the tests: with GPS, camera and orientation tags, and broken ones."""

from __future__ import annotations

import io

from PIL import Image

GPS_IFD = 0x8825
ORIENTATION = 0x0112
MAKE = 0x010F
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description photoshop:City="Utrecht"/></x:xmpmeta>'


def camera_jpeg(size: tuple[int, int] = (3200, 2400), orientation: int = 6, color=(200, 120, 40)) -> bytes:
    """A phone photo: GPS position, camera make, a comment, XMP, and 'rotate 90' in its EXIF."""
    image = Image.new("RGB", size, color)
    image.paste((20, 20, 220), (0, 0, size[0] // 4, size[1] // 4))
    exif = image.getexif()
    exif[ORIENTATION] = orientation
    exif[MAKE] = "Telefoonmerk"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (52.0, 5.0, 12.5), 3: "E", 4: (5.0, 7.0, 1.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"gemaakt door Jan", xmp=XMP, quality=90)
    return out.getvalue()


def png_with_text(size: tuple[int, int] = (300, 200)) -> bytes:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Jan de Vries")
    info.add_text("Location", "52.08N 5.12E")
    out = io.BytesIO()
    Image.new("RGBA", size, (10, 200, 10, 128)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def truncated_jpeg() -> bytes:
    data = camera_jpeg((800, 600), orientation=1)
    return data[: len(data) // 2]


def huge_png(size: tuple[int, int] = (12_000, 8_000)) -> bytes:
    """Small on disk (one bit per pixel, all white), 96 megapixel when decoded: a decompression bomb."""
    out = io.BytesIO()
    Image.new("1", size, 1).save(out, "PNG")
    return out.getvalue()


def text_as_jpeg() -> bytes:
    return "Dit is geen foto maar een boodschappenlijst.\n".encode("utf-8")


def heic_header() -> bytes:
    """The start of an iPhone's HEIC file: an ISO media 'ftyp' box with brand heic."""
    return b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + bytes(64)
