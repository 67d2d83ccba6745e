"""The correctiemodel file format (version 1) as pydantic models.

Unknown fields are refused and types are strict: a typo in a school's file must
never silently drop a rule. See docs/correctiemodel-format.md.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from .text import CodeText, TitleText, OmschrijvingText, ToelichtingText

FORMAAT = "cspe-correctiemodel/1"

Profielvak = Literal["BWI", "PIE", "MVI", "D&P", "HBR", "E&O", "M&T", "Z&W", "G", "MaT"]
Leerweg = Literal["bb", "kb", "gl"]
Versie = Literal["rood", "blauw"]
OnderdeelLetter = Literal["A", "B", "C", "D"]
Soort = Literal["praktisch", "schriftelijk", "mondeling", "facet", "cspe-app", "ict"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, defer_build=True)


class Criterium(_Strict):
    code: CodeText
    omschrijving: OmschrijvingText
    max: Annotated[int, Field(ge=1, le=99)]
    toelichting: ToelichtingText | None = None
    scorepunten: list[int] | None = None

    @model_validator(mode="after")
    def _scorepunten_fit_max(self) -> Criterium:
        points = self.scorepunten
        if points is None:
            return self
        if not points:
            raise PydanticCustomError(
                "scorepunten_leeg",
                "scorepunten is een lege lijst; laat het veld weg of geef de scores van 0 tot en met max {max}",
                {"max": self.max},
            )
        if any(b <= a for a, b in zip(points, points[1:])):
            raise PydanticCustomError(
                "scorepunten_order",
                "scorepunten moeten oplopen zonder dubbele waarden (gevonden: {points})",
                {"points": points},
            )
        if points[0] != 0 or points[-1] != self.max:
            raise PydanticCustomError(
                "scorepunten_range",
                "scorepunten moeten lopen van 0 tot en met max {max} (gevonden: {points})",
                {"points": points, "max": self.max},
            )
        return self

    @property
    def allowed(self) -> tuple[int, ...]:
        """The only scores an examinator may give for this criterium."""
        if self.scorepunten is not None:
            return tuple(self.scorepunten)
        return tuple(range(self.max + 1))


class Opdracht(_Strict):
    nummer: CodeText
    titel: TitleText
    soort: Soort
    criteria: Annotated[list[Criterium], Field(min_length=1)]

    @property
    def max_score(self) -> int:
        return sum(c.max for c in self.criteria)


class Examen(_Strict):
    profielvak: Profielvak
    leerweg: Leerweg
    jaar: Annotated[int, Field(ge=2000, le=2100)]
    versie: Versie
    onderdeel: OnderdeelLetter
    titel: TitleText
    richttijd_minuten: Annotated[int, Field(gt=0)] | None = None


class ModelKey(BaseModel):
    """The identity of a correctiemodel: one file per (cspe, versie, onderdeel)."""

    model_config = ConfigDict(frozen=True, defer_build=True)

    profielvak: Profielvak
    leerweg: Leerweg
    jaar: int
    versie: Versie
    onderdeel: OnderdeelLetter

    @property
    def cspe(self) -> tuple[str, str, int]:
        """Onderdelen with the same cspe key add up to one cijfer (the versie may differ)."""
        return (self.profielvak, self.leerweg, self.jaar)

    @property
    def slug(self) -> str:
        """A file-system safe, readable name: HBR-kb-2026-rood-B (D&P becomes DenP)."""
        vak = self.profielvak.replace("&", "en")
        return f"{vak}-{self.leerweg}-{self.jaar}-{self.versie}-{self.onderdeel}"

    def label(self) -> str:
        return f"{self.profielvak} {self.leerweg} {self.jaar} {self.versie} onderdeel {self.onderdeel}"


class Correctiemodel(_Strict):
    formaat: Literal["cspe-correctiemodel/1"]
    examen: Examen
    opdrachten: Annotated[list[Opdracht], Field(min_length=1)]

    @model_validator(mode="after")
    def _numbering(self) -> Correctiemodel:
        letter = self.examen.onderdeel
        seen_nummers: set[str] = set()
        seen_codes: set[str] = set()
        for opdracht in self.opdrachten:
            if not opdracht.nummer.startswith(letter):
                raise PydanticCustomError(
                    "nummer_letter",
                    "opdracht {nummer} begint niet met de letter van onderdeel {letter}",
                    {"nummer": opdracht.nummer, "letter": letter},
                )
            if opdracht.nummer in seen_nummers:
                raise PydanticCustomError(
                    "nummer_dubbel", "opdrachtnummer {nummer} komt twee keer voor", {"nummer": opdracht.nummer}
                )
            seen_nummers.add(opdracht.nummer)
            for criterium in opdracht.criteria:
                if criterium.code in seen_codes:
                    raise PydanticCustomError(
                        "code_dubbel",
                        "criteriumcode {code} komt meer dan eens voor in het bestand",
                        {"code": criterium.code},
                    )
                seen_codes.add(criterium.code)
        return self

    @property
    def key(self) -> ModelKey:
        e = self.examen
        return ModelKey(
            profielvak=e.profielvak, leerweg=e.leerweg, jaar=e.jaar, versie=e.versie, onderdeel=e.onderdeel
        )

    @cached_property
    def criteria(self) -> list[Criterium]:
        return [c for o in self.opdrachten for c in o.criteria]

    @cached_property
    def _by_code(self) -> dict[str, tuple[Opdracht, Criterium]]:
        return {c.code: (o, c) for o in self.opdrachten for c in o.criteria}

    @property
    def max_score(self) -> int:
        return sum(o.max_score for o in self.opdrachten)

    def criterium(self, code: str) -> Criterium:
        return self._by_code[code][1]

    def opdracht_of(self, code: str) -> Opdracht:
        return self._by_code[code][0]

    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON: layout changes keep the hash, content changes do not."""
        canonical = self.model_dump_json(exclude_none=True)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
