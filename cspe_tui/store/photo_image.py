"""A photo's bytes made fit to keep: decoded, turned upright, reduced, and re-encoded without metadata.

Photos of a candidate's products are kept by the school (domain rule 5). A phone photo carries
where and when it was taken and with what (EXIF, GPS, XMP, comments): that is personal data the
record does not need (AVG), so only the pixels are kept. The EXIF orientation is applied first,
so an upright photo stays upright without its tag. A colour profile is converted to sRGB and then
dropped. The stored bytes are what the SHA-256 is taken of. Pillow does the imaging.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from cspe_tui.domain.group_notes import PHOTO_EXTENSIONS

from .errors import InvalidInput

MAX_INPUT_BYTES = 40 * 1024 * 1024
"""A camera's largest JPEG is well below this; anything larger is refused before it is decoded."""
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485
"""Pillow's guard against decompression bombs (about 89 megapixel): a few bytes that unpack to gigabytes."""
MAX_SIDE = 2560
"""The long side of a kept photo: a product and a name card stay readable on a full page."""
JPEG_QUALITY = 85
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP", "TIFF", "BMP", "GIF", "MPO"})
"""MPO: the JPEG some cameras write with a second (depth or preview) image; its first image is kept."""


@dataclass(frozen=True)
class KeptPhoto:
    """The bytes to store and what the log says about them."""

    data: bytes
    media_type: str
    width: int
    height: int
    sha256: str

    @property
    def filename(self) -> str:
        return f"{self.sha256}.{PHOTO_EXTENSIONS[self.media_type]}"


def megabytes(size: int) -> str:
    """'40 MB', '1,3 MB': as Dutch writes it."""
    value = size / (1024 * 1024)
    return f"{value:.0f} MB" if value >= 10 else f"{value:.1f} MB".replace(".", ",")


def check_size(name: str, size: int) -> None:
    """Before reading a file: empty and huge files are refused by their size alone."""
    if size == 0:
        raise InvalidInput(f"{name} is leeg; dat is geen foto.")
    if size > MAX_INPUT_BYTES:
        raise InvalidInput(
            f"{name} is te groot ({megabytes(size)}); een foto mag hooguit {megabytes(MAX_INPUT_BYTES)} zijn. "
            "Exporteer hem kleiner (bijvoorbeeld als JPEG) en voeg hem opnieuw toe."
        )


def keep_photo(data: bytes, name: str) -> KeptPhoto:
    """The photo as it is kept, or InvalidInput in Dutch: not an image, broken, or too large."""
    check_size(name, len(data))
    try:
        with warnings.catch_warnings():
            # Our own check below names the size; Pillow's error still stops anything over twice the limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as source:
                fmt = source.format or ""
                if fmt not in ACCEPTED_FORMATS:
                    raise InvalidInput(
                        f"{name} is een {fmt}-bestand; voeg een foto toe als JPEG of PNG (of WEBP, TIFF, BMP, GIF)."
                    )
                _check_pixels(name, source.size)
                if fmt in ("JPEG", "MPO"):
                    # Decode at the smallest scale that still gives MAX_SIDE: a 50-megapixel JPEG stays cheap.
                    source.draft("RGB", (MAX_SIDE, MAX_SIDE))
                source.load()
                image = _upright(source)
                keep_png = fmt == "PNG"
                image = _in_srgb(image, keep_png)
    except InvalidInput:
        raise
    except Image.DecompressionBombError:
        raise InvalidInput(
            f"{name} heeft te veel pixels; een foto mag hooguit {MAX_PIXELS / 1e6:.0f} megapixel hebben."
        ) from None
    except UnidentifiedImageError:
        if _is_heif(data):
            raise InvalidInput(
                f"{name} is een HEIC-foto (zoals een iPhone die maakt); die kan cspe niet lezen. Exporteer hem als "
                "JPEG, of zet op de iPhone bij Instellingen > Camera > Formaten 'Meest compatibel'."
            ) from None
        raise InvalidInput(f"{name} is geen afbeelding (of een soort die niet wordt herkend); voeg een JPEG of PNG toe.") from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, KeyError, TypeError, MemoryError) as exc:
        raise InvalidInput(f"{name} is beschadigd of onvolledig en kan niet worden gelezen ({_short(exc)}).") from None
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    image.info = {}
    out = io.BytesIO()
    if keep_png:
        image.save(out, "PNG", optimize=True)
        media_type = "image/png"
    else:
        image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
        media_type = "image/jpeg"
    stored = out.getvalue()
    return KeptPhoto(stored, media_type, image.width, image.height, hashlib.sha256(stored).hexdigest())


HEIF_BRANDS = frozenset({b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1", b"avif"})


def _is_heif(data: bytes) -> bool:
    """An ISO media file of the HEIF family (HEIC, AVIF): Pillow reads none of them without a plug-in."""
    return data[4:8] == b"ftyp" and data[8:12] in HEIF_BRANDS


def _check_pixels(name: str, size: tuple[int, int]) -> None:
    width, height = size
    if width * height > MAX_PIXELS:
        raise InvalidInput(
            f"{name} heeft te veel pixels ({width} x {height}); een foto mag hooguit "
            f"{MAX_PIXELS / 1e6:.0f} megapixel hebben."
        )


def _upright(image: Image.Image) -> Image.Image:
    """The EXIF orientation applied to the pixels (the tag itself goes with the rest of the metadata)."""
    return ImageOps.exif_transpose(image) or image


def _in_srgb(image: Image.Image, keep_png: bool) -> Image.Image:
    """RGB (or RGBA / L / LA for a PNG) in sRGB: a colour profile is applied, not kept."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            output = "RGBA" if image.mode == "RGBA" else "RGB"
            image = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=output)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # an unreadable profile: the pixels as they are
    if image.mode not in ("RGB", "RGBA", "L", "LA"):
        has_alpha = image.mode in ("PA", "RGBa") or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    if not keep_png and image.mode in ("RGBA", "LA"):
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image.convert("RGBA"), mask=image.convert("RGBA").getchannel("A"))
        image = flat
    return image


def _short(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 80 else text[:77] + "..."
