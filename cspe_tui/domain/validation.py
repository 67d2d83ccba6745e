"""Turn the bytes of a correctiemodel file into a model or a list of Dutch problems.

Pure: the caller reads the file. Every problem names the JSON path and what is
wrong, so a school can fix its file without reading a traceback.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from pydantic import ValidationError

from .correctiemodel import Correctiemodel, ModelKey
from .pydantic_dutch import explain
from .text import visible

MAX_FILE_BYTES = 2_000_000
MAX_DEPTH = 64
MAX_INT_DIGITS = 30
"""Far above any score or year; longer numbers are refused before Python converts them."""


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def render(self, file_name: str) -> str:
        """One line, safe for any terminal: control characters from the file are shown escaped."""
        return visible(f"{file_name}: {self.path}: {self.message}", limit=None)


@dataclass(frozen=True)
class CheckResult:
    model: Correctiemodel | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.model is not None


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


class _HugeNumber(float):
    """What json.loads gives for an integer with too many digits: no type accepts it, the message says why."""

    digits: int = 0


def _parse_int(text: str) -> int | float:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        huge = _HugeNumber("inf")
        huge.digits = len(text.lstrip("-"))
        return huge
    return int(text)


def _no_duplicate_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    result: dict[str, object] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _nesting_depth(text: str) -> int:
    """Bracket depth outside strings; checked before json.loads so deep files fail fast."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_DEPTH:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _json_path(loc: Iterable[int | str]) -> str:
    path = "$"
    for part in loc:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{visible(str(part), limit=40)}"
    return path


_NUMBERING_ERRORS_NAMES = ("nummer_letter", "nummer_dubbel", "code_dubbel")

_OWN_ERRORS = {
    "scorepunten_order", "scorepunten_range", "scorepunten_leeg", "text_refused", *_NUMBERING_ERRORS_NAMES,
}


def _shown(found: object) -> str:
    if isinstance(found, _HugeNumber):
        return f"een getal van {found.digits} cijfers"
    try:
        text = json.dumps(found, ensure_ascii=False, allow_nan=True)
    except (TypeError, ValueError):
        text = type(found).__name__
    return visible(text, limit=40)


_WITHOUT_FOUND = {"missing", "extra_forbidden", "json_invalid", "json_type", "string_too_short", "too_short", "bool_type", "bool_parsing"}
"""Where the value found says nothing more (or is the whole object around the field)."""


def _dutch_message(error: dict) -> str:
    """pydantic_dutch's phrase, with the value found so a school can find it in its file."""
    kind = error["type"]
    if kind in _OWN_ERRORS:
        return error["msg"]
    if kind in _WITHOUT_FOUND:
        return explain(error)
    return f"{explain(error)} (gevonden: {_shown(error.get('input'))})"


_NUMBERING_ERRORS = set(_NUMBERING_ERRORS_NAMES)


def problems_from_validation_error(exc: ValidationError, skip: set[str] = frozenset()) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        if error["type"] in skip:
            continue
        loc = [part for part in error["loc"]]
        problems.append(Problem(_json_path(loc), _dutch_message(error)))
    return problems


def first_problem(exc: ValidationError) -> str:
    """The first error of any of our pydantic models as one Dutch line: `$.veld: wat er mis is`."""
    problems = problems_from_validation_error(exc)
    if not problems:
        return "ongeldige gegevens"
    return visible(f"{problems[0].path}: {problems[0].message}", limit=None)


def numbering_problems(raw: dict) -> list[Problem]:
    """Opdrachtnummers and criteriumcodes checked on the raw file, with their exact place.

    The model checks these too, but only once every field is valid; a school fixing
    its file should see all problems in one run.
    """
    examen = raw.get("examen")
    letter = examen.get("onderdeel") if isinstance(examen, dict) else None
    opdrachten = raw.get("opdrachten")
    if not isinstance(opdrachten, list):
        return []
    problems: list[Problem] = []
    first_nummer: dict[str, str] = {}
    first_code: dict[str, str] = {}
    for i, opdracht in enumerate(opdrachten):
        if not isinstance(opdracht, dict):
            continue
        nummer = opdracht.get("nummer")
        where = f"$.opdrachten[{i}].nummer"
        if isinstance(nummer, str) and nummer:
            if letter in ("A", "B", "C", "D") and not nummer.startswith(letter):
                problems.append(Problem(where, f"opdracht {nummer} begint niet met de letter van onderdeel {letter}"))
            if nummer in first_nummer:
                problems.append(Problem(where, f"opdrachtnummer {nummer} staat ook op {first_nummer[nummer]}"))
            first_nummer.setdefault(nummer, where)
        criteria = opdracht.get("criteria")
        if not isinstance(criteria, list):
            continue
        for j, criterium in enumerate(criteria):
            code = criterium.get("code") if isinstance(criterium, dict) else None
            where = f"$.opdrachten[{i}].criteria[{j}].code"
            if isinstance(code, str) and code:
                if code in first_code:
                    problems.append(Problem(where, f"criteriumcode {code} staat ook op {first_code[code]}"))
                first_code.setdefault(code, where)
    return problems


def check_model_bytes(data: bytes) -> CheckResult:
    """Validate one correctiemodel file's content."""

    def fail(path: str, message: str) -> CheckResult:
        return CheckResult(None, (Problem(path, message),))

    if len(data) > MAX_FILE_BYTES:
        return fail(
            "$",
            f"bestand is te groot ({len(data) / 1_000_000:.1f} MB); "
            f"een correctiemodel is hooguit {MAX_FILE_BYTES // 1_000_000} MB",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return fail("$", f"geen geldige UTF-8-tekst (byte 0x{data[exc.start]:02x} op positie {exc.start}); sla het bestand op als UTF-8")
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return fail("$", "het bestand is leeg")
    if _nesting_depth(text) > MAX_DEPTH:
        return fail("$", f"te diep genest (meer dan {MAX_DEPTH} niveaus); dit is geen correctiemodel")
    try:
        raw = json.loads(text, object_pairs_hook=_no_duplicate_keys, parse_int=_parse_int)
    except _DuplicateKey as exc:
        return fail("$", f"het veld \"{visible(exc.key, limit=40)}\" staat twee keer in hetzelfde object")
    except json.JSONDecodeError as exc:
        return fail("$", f"geen geldige JSON (regel {exc.lineno}, kolom {exc.colno})")
    except RecursionError:
        return fail("$", "te diep genest; dit is geen correctiemodel")
    if not isinstance(raw, dict):
        return fail("$", "het bestand moet één JSON-object bevatten")
    numbering = numbering_problems(raw)
    try:
        model = Correctiemodel.model_validate(raw)
    except ValidationError as exc:
        return CheckResult(None, tuple(problems_from_validation_error(exc, skip=_NUMBERING_ERRORS) + numbering))
    return CheckResult(model, ())


def identity_conflicts(models: dict[str, Correctiemodel]) -> list[tuple[ModelKey, list[str]]]:
    """Files that claim the same model identity: the app cannot know which one is meant."""
    by_key: dict[ModelKey, list[str]] = {}
    for name, model in models.items():
        by_key.setdefault(model.key, []).append(name)
    return [(key, sorted(names)) for key, names in by_key.items() if len(names) > 1]
