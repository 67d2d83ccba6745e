"""A correctiemodel as a spreadsheet table and back, so a school never has to write JSON.

Pure: the caller reads the cells (xlsx, ods or csv alike). Rows become a model through
exactly the rules of `cspe model check` (validation.check_model_bytes), and every
problem is put back at its sheet, row and column, in Dutch.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import get_args

from .correctiemodel import FORMAAT, Correctiemodel, Profielvak, Soort
from .validation import Problem, check_model_bytes

Cell = str | int | float | bool | None

SHEET_NAME = "Correctiemodel"
RULES_SHEET_NAME = "Uitleg"

IDENTITY: tuple[tuple[str, str, str], ...] = (
    ("profielvak", "profielvak", "BWI, PIE, MVI, D&P, HBR, E&O, M&T, Z&W, G of MaT"),
    ("leerweg", "leerweg", "bb, kb of gl"),
    ("jaar", "jaar", "het examenjaar, bijvoorbeeld 2026"),
    ("versie", "versie", "rood of blauw"),
    ("onderdeel", "onderdeel", "A, B, C of D"),
    ("titel", "titel", "de titel van dit onderdeel"),
    ("richttijd_minuten", "richttijd (minuten)", "mag leeg blijven"),
)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("nummer", "opdracht"),
    ("titel", "opdracht titel"),
    ("soort", "soort"),
    ("code", "code"),
    ("omschrijving", "omschrijving"),
    ("max", "max"),
    ("scorepunten", "scorepunten"),
    ("toelichting", "toelichting"),
)
CRITERIUM_FIELDS = ("code", "omschrijving", "max", "scorepunten", "toelichting")



def _label(text: str) -> str:
    return " ".join(text.lower().replace("_", " ").replace(".", " ").strip(" :*").split())


_IDENTITY_ALIASES = {
    **{_label(label): key for key, label, _ in IDENTITY},
    "examentitel": "titel",
    "titel examen": "titel",
    "richttijd": "richttijd_minuten",
    "richttijd minuten": "richttijd_minuten",
    "richttijd in minuten": "richttijd_minuten",
}
_HEADER_ALIASES = {
    **{_label(label): key for key, label in COLUMNS},
    "opdrachtnummer": "nummer",
    "opdracht nummer": "nummer",
    "opdrachttitel": "titel",
    "titel opdracht": "titel",
    "soort opdracht": "soort",
    "criterium": "code",
    "criteriumcode": "code",
    "maximum": "max",
    "max score": "max",
    "maximumscore": "max",
    "toegestane scores": "scorepunten",
}
_HEADER_LABELS = dict(COLUMNS)
_IDENTITY_LABELS = {key: label for key, label, _ in IDENTITY}
_PROFIELVAKKEN = {v.lower(): v for v in get_args(Profielvak)}
_SOORTEN = set(get_args(Soort))


@dataclass(frozen=True)
class Sheet:
    """One sheet's cells as the reader found them; `name` is None for a CSV file."""

    name: str | None
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class Place:
    sheet: str | None
    row: int | None = None
    column: int | None = None
    label: str = ""

    def __str__(self) -> str:
        parts = [f"blad {self.sheet}"] if self.sheet else []
        if self.row is not None:
            parts.append(f"rij {self.row}")
        if self.column is not None:
            parts.append(f"kolom {column_letter(self.column)}" + (f" ({self.label})" if self.label else ""))
        return ", ".join(parts) or "bestand"


@dataclass(frozen=True)
class TableProblem:
    place: Place
    message: str

    def render(self, file_name: str) -> str:
        return f"{file_name}: {self.place}: {self.message}"


@dataclass(frozen=True)
class TableResult:
    model: Correctiemodel | None
    problems: tuple[TableProblem, ...]


def column_letter(index: int) -> str:
    """0 -> A, 26 -> AA: the names spreadsheet programs show."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_text(value: Cell) -> str:
    """What a cell says, as people read it: 3.0 is 3, spaces around it do not count."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "WAAR" if value else "ONWAAR"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).replace("\u00a0", " ").replace("\r\n", "\n").strip()


def cell_int(value: Cell) -> Cell:
    """A whole number when the cell holds one (also typed as text); else the value, for validation to name."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = cell_text(value)
        if re.fullmatch(r"[+-]?\d+", text):
            return int(text)
        if re.fullmatch(r"[+-]?\d+[.,]0*", text):
            return int(re.split(r"[.,]", text)[0])
        return text
    return value


_RANGE = re.compile(r"(\d+)\s*(?:-|\.\.)\s*(\d+)")


def parse_scorepunten(value: Cell) -> list[int] | None | str:
    """`0, 2`, `0,1,2`, `0;1;2`, `0-2`, `0 t/m 2` (or a mix) as a list; a str is the Dutch reason it is not."""
    hint = "schrijf bijvoorbeeld '0, 2', '0,1,2', '0-2' of '0 t/m 2'"
    if isinstance(value, bool):
        return f"onbegrijpelijke scorepunten ({cell_text(value)}); {hint}"
    if isinstance(value, float) and not value.is_integer():
        shown = f"{value:g}".replace(".", ",")
        return (
            f"het rekenprogramma las dit als het kommagetal {shown}; typ een spatie na elke komma ('0, 2') "
            "of zet de cel op tekst"
        )
    text = cell_text(value)
    if not text:
        return None
    normal = re.sub(r"\s*(?:tot en met|t/m|tm|–|—)\s*", "-", text.lower())
    normal = re.sub(r"\s+en\s+|;", ",", normal)
    points: list[int] = []
    for piece in (p.strip() for p in normal.split(",")):
        if not piece:
            continue
        span = _RANGE.fullmatch(piece)
        if span:
            low, high = int(span[1]), int(span[2])
            if low > high:
                return f"het bereik {low} t/m {high} loopt af; schrijf het laagste getal eerst"
            points.extend(range(low, high + 1))
        elif re.fullmatch(r"\d+(\s+\d+)*", piece):
            points.extend(int(p) for p in piece.split())
        else:
            return f"onbegrijpelijke scorepunten ('{text}'); {hint}"
    return points or None


@dataclass
class _Reader:
    sheets: list[Sheet]
    places: dict[str, Place] = field(default_factory=dict)
    problems: list[TableProblem] = field(default_factory=list)

    def find_header(self) -> tuple[int, int, dict[str, int]] | None:
        for s, sheet in enumerate(self.sheets):
            for r, row in enumerate(sheet.rows):
                columns: dict[str, int] = {}
                for c, value in enumerate(row):
                    key = _HEADER_ALIASES.get(_label(cell_text(value)))
                    if key is None:
                        continue
                    if key in columns:
                        self.problems.append(TableProblem(
                            Place(sheet.name, r + 1, c, _HEADER_LABELS[key]),
                            f"de kolom '{_HEADER_LABELS[key]}' staat ook in kolom {column_letter(columns[key])}; houd er één",
                        ))
                        continue
                    columns[key] = c
                if {"code", "omschrijving", "max"} <= columns.keys():
                    return s, r, columns
        return None

    def identity(self, header_sheet: int, header_row: int) -> dict[str, Cell]:
        examen: dict[str, Cell] = {}
        for s, sheet in enumerate(self.sheets):
            rows = sheet.rows[:header_row] if s == header_sheet else sheet.rows
            for r, row in enumerate(rows):
                texts = [cell_text(v) for v in row]
                first = next((c for c, t in enumerate(texts) if t), None)
                key = _IDENTITY_ALIASES.get(_label(texts[first])) if first is not None else None
                if key is None:
                    continue
                value = row[first + 1] if first + 1 < len(row) else None
                place = Place(sheet.name, r + 1, first + 1, texts[first].strip(" :"))
                value = self._identity_value(key, value)
                if value in (None, ""):
                    self.places.setdefault(f"$.examen.{key}", place)
                    continue
                if key in examen and examen[key] != value:
                    earlier = self.places[f"$.examen.{key}"]
                    self.problems.append(TableProblem(place, f"staat ook op {earlier} met een andere waarde ({examen[key]})"))
                    continue
                examen[key] = value
                self.places[f"$.examen.{key}"] = place
        return examen

    @staticmethod
    def _identity_value(key: str, value: Cell) -> Cell:
        if key in ("jaar", "richttijd_minuten"):
            return cell_int(value) if cell_text(value) else None
        text = cell_text(value)
        if key == "profielvak":
            return _PROFIELVAKKEN.get(text.lower(), text)
        if key in ("leerweg", "versie"):
            return text.lower()
        if key == "onderdeel":
            return text.upper()
        return text

    def opdrachten(self, sheet: Sheet, header_row: int, columns: dict[str, int]) -> list[dict]:
        opdrachten: list[dict] = []
        current: dict | None = None
        first_row: dict[str, int] = {}
        for r in range(header_row + 1, len(sheet.rows)):
            row = sheet.rows[r]
            cells = {key: row[c] if c < len(row) else None for key, c in columns.items()}
            texts = {key: cell_text(v) for key, v in cells.items()}
            filled = [t for t in texts.values() if t]
            if not filled or cell_text(next((v for v in row if cell_text(v)), "")).startswith("#"):
                continue

            def place(key: str, r: int = r) -> Place:
                return Place(sheet.name, r + 1, columns.get(key), _HEADER_LABELS[key] if key in columns else "")

            nummer = texts.get("nummer", "")
            if nummer and (current is None or nummer != current["nummer"]):
                i = len(opdrachten)
                current = {"nummer": nummer, "criteria": []}
                opdrachten.append(current)
                first_row = {}
                self.places[f"$.opdrachten[{i}]"] = Place(sheet.name, r + 1)
                for key in ("nummer", "titel", "soort"):
                    self.places[f"$.opdrachten[{i}].{key}"] = place(key)
            elif current is None:
                self.problems.append(TableProblem(place("nummer"), "deze rij hoort bij geen opdracht: vul het opdrachtnummer in"))
                continue
            i = len(opdrachten) - 1
            for key in ("titel", "soort"):
                text = texts.get(key, "")
                if not text:
                    continue
                if key == "soort" and text.lower() in _SOORTEN:
                    text = text.lower()
                if key not in current:
                    current[key] = text
                    first_row[key] = r + 1
                    self.places[f"$.opdrachten[{i}].{key}"] = place(key)
                elif current[key] != text:
                    self.problems.append(TableProblem(
                        place(key),
                        f"opdracht {current['nummer']} heeft op rij {first_row[key]} {_HEADER_LABELS[key]} "
                        f"'{current[key]}'; laat deze cel leeg of maak ze gelijk",
                    ))
            if not any(texts.get(key) for key in CRITERIUM_FIELDS):
                continue
            j = len(current["criteria"])
            criterium: dict[str, Cell | list[int]] = {}
            for key in CRITERIUM_FIELDS:
                self.places[f"$.opdrachten[{i}].criteria[{j}].{key}"] = place(key)
                if key not in columns or not texts[key]:
                    continue
                if key == "max":
                    criterium[key] = cell_int(cells[key])
                elif key == "scorepunten":
                    points = parse_scorepunten(cells[key])
                    if isinstance(points, str):
                        self.problems.append(TableProblem(place(key), points))
                    elif points is not None:
                        criterium[key] = points
                else:
                    criterium[key] = texts[key]
            self.places[f"$.opdrachten[{i}].criteria[{j}]"] = place("scorepunten")
            current["criteria"].append(criterium)
        return opdrachten

    def place_of(self, problem: Problem) -> TableProblem:
        path = problem.path
        rest: list[str] = []
        while path not in self.places and path != "$":
            path, _, tail = path.rpartition(".") if not path.endswith("]") else (path[: path.rindex("[")], "", "")
            if tail:
                rest.insert(0, tail)
        place = self.places.get(path, Place(self.sheets[0].name if self.sheets else None))
        message = re.sub(r"\$(?:\.\w+|\[\d+\])+", lambda m: str(self.places.get(m[0], m[0])), problem.message)
        if message == "verplicht veld ontbreekt":
            if problem.path.startswith("$.examen."):
                key = problem.path.removeprefix("$.examen.")
                label = _IDENTITY_LABELS.get(key, key)
                return TableProblem(place, f"de rij '{label}' ontbreekt bovenaan; naam in kolom A, waarde in kolom B")
            message = "de cel is leeg; vul hem in" if not rest else "ontbreekt; vul het in"
        if rest:
            message = f"{'.'.join(rest)}: {message}"
        return TableProblem(place, message)


def read_model(sheets: list[Sheet]) -> TableResult:
    """The model the sheets describe, or every problem at its place; never half a model."""
    reader = _Reader(list(sheets))
    header = reader.find_header()
    if header is None:
        where = Place(sheets[0].name if sheets else None)
        return TableResult(None, (*reader.problems, TableProblem(
            where, "geen kopregel gevonden met de kolommen code, omschrijving en max; begin met het sjabloon "
            "(cspe model sjabloon BESTAND)",
        )))
    s, r, columns = header
    missing = [label for key, label in COLUMNS if key not in columns and key in ("nummer", "titel", "soort")]
    if missing:
        reader.problems.append(TableProblem(
            Place(reader.sheets[s].name, r + 1), f"de kopregel mist de kolom(men): {', '.join(missing)}"
        ))
    raw = {"formaat": FORMAAT, "examen": reader.identity(s, r)}
    before = len(reader.problems)
    raw["opdrachten"] = reader.opdrachten(reader.sheets[s], r, columns)
    if not raw["opdrachten"] and len(reader.problems) == before:
        reader.problems.append(TableProblem(Place(reader.sheets[s].name, r + 1), "onder de kopregel staat geen enkel criterium"))
    result = check_model_bytes(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    problems = reader.problems + [reader.place_of(p) for p in result.problems if p.path != "$.opdrachten" or raw["opdrachten"]]
    if problems:
        order = {sheet.name: n for n, sheet in enumerate(reader.sheets)}
        problems.sort(key=lambda p: (order.get(p.place.sheet, 0), p.place.row or 0, p.place.column or -1))
        return TableResult(None, tuple(problems))
    return TableResult(result.model, ())
