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
from .model_cells import Cell, cell_int, cell_text, column_letter, parse_scorepunten
from .validation import Problem, check_model_bytes

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
FORMULA_WITHOUT_RESULT = (
    "hier staat een formule zonder opgeslagen uitkomst; open het bestand in Excel of LibreOffice en bewaar het "
    "opnieuw, of typ de waarde zelf"
)
_TOTALS = re.compile(r"(sub)?totaal\b|totale? (score|aantal)|maximum ?score\b|som\b", re.IGNORECASE)
_OPDRACHT_NUMMER = re.compile(r"[A-Da-d]\d+")
_CRITERIUM_CODE = re.compile(r"[A-Da-d]\d{1,2}\.\d{1,2}")


def is_totals_row(texts: dict[str, str], first: str) -> bool:
    """A 'Totaal' (or 'Maximumscore') row without a code: it sums the criteria, it is not one."""
    if texts.get("code"):
        return False
    labels = (first, texts.get("nummer", ""), texts.get("titel", ""), texts.get("omschrijving", ""))
    return any(_TOTALS.match(t) for t in labels)


def is_note_row(texts: dict[str, str]) -> bool:
    """Below the last criterium: a line without code or max that does not start an opdracht is a note."""
    return not texts.get("code") and not texts.get("max") and not _OPDRACHT_NUMMER.fullmatch(texts.get("nummer", ""))



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
    """One sheet's cells as the reader found them; `name` is None for a CSV file.

    What the author cannot see (hidden rows, columns, a hidden sheet) and formulas without a
    stored result (0-based row, column) come from the reader where the format tells them.
    """

    name: str | None
    rows: tuple[tuple[Cell, ...], ...]
    hidden: bool = False
    hidden_rows: frozenset[int] = frozenset()
    hidden_columns: frozenset[int] = frozenset()
    empty_formulas: frozenset[tuple[int, int]] = frozenset()


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


@dataclass
class _Reader:
    sheets: list[Sheet]
    places: dict[str, Place] = field(default_factory=dict)
    problems: list[TableProblem] = field(default_factory=list)
    formula_places: set[tuple[str | None, int | None, int | None]] = field(default_factory=set)
    hidden_reported: set[tuple[str | None, int]] = field(default_factory=set)

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
                self.unseen(sheet, r, (first, first + 1), place)
                if (r, first + 1) in sheet.empty_formulas:
                    self.formula_problem(place)
                    continue
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

    def unseen(self, sheet: Sheet, r: int, columns: tuple[int, ...], place: Place) -> None:
        """A hidden row the model would take something from: the author expects what they see, so it is refused."""
        if r in sheet.hidden_rows:
            self.problems.append(TableProblem(
                Place(sheet.name, r + 1),
                "deze rij is verborgen, maar hoort bij het model; maak hem zichtbaar of verwijder hem",
            ))
        for c in columns:
            if c in sheet.hidden_columns and (sheet.name, c) not in self.hidden_reported:
                self.hidden_reported.add((sheet.name, c))
                self.problems.append(TableProblem(
                    Place(sheet.name, place.row, c),
                    "deze kolom is verborgen, maar hoort bij het model; maak hem zichtbaar of verwijder hem",
                ))

    def formula_problem(self, place: Place) -> None:
        self.formula_places.add((place.sheet, place.row, place.column))
        self.problems.append(TableProblem(place, FORMULA_WITHOUT_RESULT))

    def rows_of_table(self, sheet: Sheet, header_row: int, columns: dict[str, int]) -> list[tuple[int, dict, dict]]:
        """The rows that describe criteria: not empty, no # note, no totals row, no note below the table."""
        found = []
        for r in range(header_row + 1, len(sheet.rows)):
            row = sheet.rows[r]
            cells = {key: row[c] if c < len(row) else None for key, c in columns.items()}
            texts = {key: cell_text(v) for key, v in cells.items()}
            first = cell_text(next((v for v in row if cell_text(v)), ""))
            if not any(texts.values()) or first.startswith("#") or is_totals_row(texts, first):
                continue
            found.append((r, cells, texts))
        last = max((i for i, (_, _, texts) in enumerate(found) if texts.get("code") or texts.get("max")), default=-1)
        return [item for i, item in enumerate(found) if i <= last or not is_note_row(item[2])]

    def opdrachten(self, sheet: Sheet, header_row: int, columns: dict[str, int]) -> list[dict]:
        opdrachten: list[dict] = []
        current: dict | None = None
        first_row: dict[str, int] = {}
        for r, cells, texts in self.rows_of_table(sheet, header_row, columns):

            def place(key: str, r: int = r) -> Place:
                return Place(sheet.name, r + 1, columns.get(key), _HEADER_LABELS[key] if key in columns else "")

            self.unseen(sheet, r, (), Place(sheet.name, r + 1))
            for key, c in columns.items():
                if (r, c) in sheet.empty_formulas:
                    self.formula_problem(place(key))

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


def criteria_elsewhere(sheets: list[Sheet], header_sheet: int, header_row: int) -> list[TableProblem]:
    """Criteria on another sheet would be left out without a word: one problem per such sheet."""
    found = []
    used = sheets[header_sheet].name
    for s, sheet in enumerate(sheets):
        if s == header_sheet:
            continue
        rows = []
        for r, row in enumerate(sheet.rows):
            texts = [cell_text(v) for v in row]
            keys = {_HEADER_ALIASES.get(_label(t)) for t in texts}
            code = next((t for t in texts if _CRITERIUM_CODE.fullmatch(t)), None)
            if {"code", "omschrijving", "max"} <= keys or code:
                rows.append((r + 1, code))
        if rows:
            first, code = rows[0]
            what = f"criterium {code}" if code else "een kopregel met criteria"
            more = f" (en nog {len(rows) - 1} {'rij' if len(rows) == 2 else 'rijen'})" if len(rows) > 1 else ""
            found.append(TableProblem(
                Place(sheet.name, first),
                f"hier staat {what}{more}, maar alleen blad {used} (kopregel op rij {header_row + 1}) wordt gelezen; "
                f"zet alle criteria van dit onderdeel op dat blad, of verwijder dit blad",
            ))
    return found


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
    sheet = reader.sheets[s]
    missing = [label for key, label in COLUMNS if key not in columns and key in ("nummer", "titel", "soort")]
    if missing:
        what = f"de kolom {missing[0]}" if len(missing) == 1 else f"de kolommen {', '.join(missing)}"
        reader.problems.append(TableProblem(Place(sheet.name, r + 1), f"de kopregel mist {what}"))
    if sheet.hidden:
        reader.problems.append(TableProblem(
            Place(sheet.name), "dit blad is verborgen, maar hierop staan de criteria; maak het zichtbaar"
        ))
    reader.unseen(sheet, r, tuple(columns.values()), Place(sheet.name, r + 1))
    reader.problems.extend(criteria_elsewhere(reader.sheets, s, r))
    raw = {"formaat": FORMAAT, "examen": reader.identity(s, r)}
    before = len(reader.problems)
    raw["opdrachten"] = reader.opdrachten(reader.sheets[s], r, columns)
    if not raw["opdrachten"] and len(reader.problems) == before:
        reader.problems.append(TableProblem(Place(reader.sheets[s].name, r + 1), "onder de kopregel staat geen enkel criterium"))
    result = check_model_bytes(json.dumps(raw, ensure_ascii=False).encode("utf-8"))
    placed = [reader.place_of(p) for p in result.problems if p.path != "$.opdrachten" or raw["opdrachten"]]
    problems = reader.problems + [
        p for p in placed if (p.place.sheet, p.place.row, p.place.column) not in reader.formula_places
    ]
    if problems:
        order = {sheet.name: n for n, sheet in enumerate(reader.sheets)}
        problems.sort(key=lambda p: (order.get(p.place.sheet, 0), p.place.row or 0, p.place.column or -1))
        return TableResult(None, tuple(problems))
    return TableResult(result.model, ())
