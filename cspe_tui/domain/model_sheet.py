"""A correctiemodel written as sheet rows: the template, `naar-tabel` and the editor all start here.

Pure. `model_table.read_model` reads these rows back to the same model (same content hash).
"""

from __future__ import annotations

import json

from .correctiemodel import FORMAAT, Correctiemodel
from .model_table import COLUMNS, IDENTITY, Cell

TITLE = "Correctiemodel cspe (sjabloon voor cspe-correctiemodel/1)"

RULES: tuple[str, ...] = (
    "Eén bestand per onderdeel. Bovenaan staat de identiteit van het examen (naam in kolom A, waarde in "
    "kolom B); daaronder de kopregel en één rij per criterium.",
    "opdracht: het opdrachtnummer; het begint met de letter van het onderdeel (A1, A2, ...). Op de volgende "
    "rijen van dezelfde opdracht mag het leeg blijven (ook samengevoegde cellen mogen).",
    "opdracht titel en soort: alleen nodig op de eerste rij van de opdracht. soort is praktisch, "
    "schriftelijk, mondeling, facet, cspe-app of ict.",
    "code: de code van het criterium, uniek in het hele bestand (bijvoorbeeld A1.1).",
    "max: het maximum aantal scorepunten, een geheel getal van 1 tot en met 99.",
    "scorepunten: leeg betekent elke hele score van 0 tot en met max. Anders de enige toegestane scores, "
    "oplopend van 0 tot en met max, bijvoorbeeld '0, 2', '0,1,2', '0-3' of '0 t/m 3'.",
    "toelichting: hoe de punten worden toegekend; mag leeg blijven.",
    "Lege rijen en rijen die met # beginnen, worden overgeslagen, net als een rij 'Totaal' zonder code en "
    "opmerkingen onder de tabel; andere kolommen tellen niet mee.",
    "Alles wat in het model komt, moet je kunnen zien: een verborgen rij of kolom die bij het model hoort, wordt "
    "geweigerd met zijn plaats (maak hem zichtbaar of verwijder hem). Alle criteria staan op één blad; criteria "
    "op een ander blad worden gemeld, niet overgeslagen.",
    "Een formule mag, als het bestand met de uitkomst is bewaard (Excel en LibreOffice doen dat).",
    "Controleren en omzetten: cspe model van-tabel BESTAND --uit MODEL.json; daarna cspe model import MODEL.json.",
)


def scorepunten_text(points: list[int] | None) -> str:
    return ", ".join(str(p) for p in points) if points is not None else ""


def model_rows(model: Correctiemodel) -> list[list[Cell]]:
    """The sheet `read_model` reads back to the same model (same content hash)."""
    e = model.examen
    rows: list[list[Cell]] = [[TITLE], []]
    for key, label, hint in IDENTITY:
        value = getattr(e, key)
        rows.append([label, value, hint])
    rows.append([])
    rows.append([label for _, label in COLUMNS])
    for opdracht in model.opdrachten:
        for n, c in enumerate(opdracht.criteria):
            rows.append([
                opdracht.nummer,
                opdracht.titel if n == 0 else None,
                opdracht.soort if n == 0 else None,
                c.code,
                c.omschrijving,
                c.max,
                scorepunten_text(c.scorepunten) or None,
                c.toelichting,
            ])
    return rows


def header_row_index(rows: list[list[Cell]]) -> int:
    """Where the column titles are in `model_rows`' output (0-based), for styling writers."""
    return next(i for i, row in enumerate(rows) if row and row[0] == COLUMNS[0][1] and len(row) == len(COLUMNS))


def example_model() -> Correctiemodel:
    """The short filled-in example of the template; it passes every rule."""
    return Correctiemodel.model_validate({
        "formaat": FORMAAT,
        "examen": {"profielvak": "HBR", "leerweg": "kb", "jaar": 2026, "versie": "rood", "onderdeel": "A",
                   "titel": "Gastheerschap: de ontvangst", "richttijd_minuten": 120},
        "opdrachten": [
            {"nummer": "A1", "titel": "Tafel dekken", "soort": "praktisch", "criteria": [
                {"code": "A1.1", "omschrijving": "De kandidaat dekt de tafel volgens de tekening.", "max": 2,
                 "scorepunten": [0, 2]},
                {"code": "A1.2", "omschrijving": "Het bestek ligt recht en op gelijke afstand.", "max": 3,
                 "toelichting": "3: alles goed; 2: één fout; 1: twee fouten; 0: meer fouten."},
            ]},
            {"nummer": "A2", "titel": "Gasten ontvangen", "soort": "mondeling", "criteria": [
                {"code": "A2.1", "omschrijving": "De kandidaat begroet de gasten vriendelijk.", "max": 1},
            ]},
        ],
    })



def model_json_text(model: Correctiemodel) -> str:
    """The model as the JSON file `cspe model import` reads, laid out like the sample models."""
    return json.dumps(model.model_dump(mode="json", exclude_none=True), indent=2, ensure_ascii=False) + "\n"
