"""Pydantic's validation errors in Dutch: one phrase per kind of error, never pydantic's English.

Shared by a correctiemodel file's problems (validation.py) and the service's answer to a
request it cannot read (service/dutch.py), so both say the same thing the same way.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import ErrorDetails

from .wording import count

_PLAIN = {
    "missing": "verplicht veld ontbreekt",
    "extra_forbidden": "onbekend veld (tikfout?); toegestaan zijn alleen de velden uit het formaat",
    "int_type": "moet een geheel getal zijn",
    "int_parsing": "moet een geheel getal zijn",
    "int_from_float": "moet een geheel getal zijn",
    "float_type": "moet een getal zijn",
    "float_parsing": "moet een getal zijn",
    "string_type": "moet tekst zijn",
    "bool_type": "moet waar of onwaar zijn",
    "bool_parsing": "moet waar of onwaar zijn",
    "dict_type": "moet een JSON-object zijn",
    "model_type": "moet een JSON-object zijn",
    "model_attributes_type": "moet een JSON-object zijn",
    "list_type": "moet een lijst zijn",
    "tuple_type": "moet een lijst zijn",
    "none_required": "moet leeg (null) zijn",
    "date_type": "moet een datum zijn",
    "date_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "date_from_datetime_parsing": "moet een datum zijn (JJJJ-MM-DD)",
    "datetime_type": "moet een tijdstip zijn",
    "datetime_parsing": "moet een tijdstip zijn",
    "base64_decode": "is geen geldige base64",
    "string_unicode": "moet geldige tekst zijn",
    "json_invalid": "geen geldige JSON",
    "json_type": "geen geldige JSON",
    "union_tag_not_found": "mist het veld dat zegt welke soort het is",
    "frozen_instance": "mag niet worden veranderd",
    "recursion_loop": "is te diep genest",
}

_BOUNDS = {
    "greater_than_equal": ("moet minstens {} zijn", "ge"),
    "greater_than": ("moet groter zijn dan {}", "gt"),
    "less_than_equal": ("mag hoogstens {} zijn", "le"),
    "less_than": ("moet kleiner zijn dan {}", "lt"),
}


def _ctx(err: ErrorDetails, key: str) -> Any:
    return (err.get("ctx") or {}).get(key)


def _number(value: Any) -> str:
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def explain(err: ErrorDetails) -> str:
    """One error as a Dutch phrase after the field's name ('moet minstens 0 zijn')."""
    kind = err["type"]
    if kind in _PLAIN:
        return _PLAIN[kind]
    if kind in _BOUNDS:
        text, key = _BOUNDS[kind]
        return text.format(_number(_ctx(err, key)))
    if kind == "string_too_short":
        least = _ctx(err, "min_length")
        return "mag niet leeg zijn" if least == 1 else f"moet minstens {count(least, 'teken', 'tekens')} lang zijn"
    if kind == "string_too_long":
        return f"mag hoogstens {count(_ctx(err, 'max_length'), 'teken', 'tekens')} lang zijn"
    if kind == "too_short":
        least = _ctx(err, "min_length")
        return "moet minstens één element bevatten" if least == 1 else f"moet minstens {least} elementen hebben"
    if kind == "too_long":
        return f"mag hoogstens {count(_ctx(err, 'max_length'), 'element', 'elementen')} hebben"
    if kind == "string_pattern_mismatch":
        return "heeft niet de vorm die hier hoort"
    if kind in ("literal_error", "enum"):
        expected = str(_ctx(err, "expected") or "").replace(" or ", ", ").replace("'", "")
        return f"moet een van deze waarden zijn: {expected}"
    if kind in ("value_error", "assertion_error") and _ctx(err, "error") is not None:
        return str(_ctx(err, "error"))  # our own validators raise in Dutch
    if kind == "union_tag_invalid":
        return f"is een onbekende soort ({_ctx(err, 'tag')!r})"
    return "heeft een ongeldige waarde"
