"""Facts about a group beside its scores: a candidate's ondersteuning, photos of their products, the withdrawal.

Kept apart from the scores so that a group created before these existed keeps its seal.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

MAX_TEXT = 500
"""Longest ondersteuning text or reden: one paragraph on a PDF page."""


class _Note(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Ondersteuning(_Note):
    """Extra faciliteiten for a candidate with an ondersteuningsbehoefte, noted by the examensecretaris."""

    examennummer: str
    verlengde_tijd: bool = False
    aangepaste_opdracht: bool = False
    tekst: str = ""
    by: str
    at: datetime

    @property
    def empty(self) -> bool:
        return not (self.verlengde_tijd or self.aangepaste_opdracht or self.tekst)

    def summary(self) -> str:
        """One Dutch line for the scoring screen, the checklist and the PDF."""
        parts = []
        if self.verlengde_tijd:
            parts.append("verlengde tijd")
        if self.aangepaste_opdracht:
            parts.append("aangepaste opdracht")
        if self.tekst:
            parts.append(self.tekst)
        return "; ".join(parts)


class Withdrawal(_Note):
    """A group made by mistake and already scored: kept and logged, but 'vervallen' (no cijfer from it)."""

    reden: str = Field(min_length=1)
    by: str
    at: datetime


PhotoMediaType = Literal["image/jpeg", "image/png"]
PHOTO_EXTENSIONS: dict[str, str] = {"image/jpeg": "jpg", "image/png": "png"}
SHA256_PATTERN = r"^[0-9a-f]{64}$"


class Stamp(NamedTuple):
    """Who and when, from a log line's envelope: what `evolve` needs for records the event itself does not date."""

    login: str
    at: datetime


class PhotoRecord(_Note):
    """A photo of a candidate's product (domain rule 5), stored as `fotos/<sha256>.<jpg|png>` in the group folder.

    `sha256` is of the stored bytes (metadata stripped, large photos reduced); `addition`: added by the
    examensecretaris after closing. `login` and `at` come from the log line that added it.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    examennummer: str
    sha256: str = Field(pattern=SHA256_PATTERN)
    original_name: str
    media_type: PhotoMediaType
    width: int = Field(gt=0)
    height: int = Field(gt=0)
    bytes: int = Field(gt=0)
    addition: bool = False
    login: str
    at: datetime

    @property
    def filename(self) -> str:
        return f"{self.sha256}.{PHOTO_EXTENSIONS[self.media_type]}"
