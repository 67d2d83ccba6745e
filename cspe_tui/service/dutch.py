"""Pydantic's validation errors in Dutch: what a client sent wrong, never pydantic's English."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_PLAIN = {
    "missing": "ontbreekt",
    "extra_forbidden": "is niet toegestaan",
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
    "union_tag_not_found": "mist het veld dat zegt welke soort het is",
    "frozen_instance": "mag niet worden veranderd",
    "recursion_loop": "is te diep genest",
}


def _ctx(err: ErrorDetails, key: str) -> Any:
    return (err.get("ctx") or {}).get(key)


def _items(n: Any) -> str:
    return f"{n} {'element' if n == 1 else 'elementen'}"


def _chars(n: Any) -> str:
    return f"{n} {'teken' if n == 1 else 'tekens'}"


def _number(value: Any) -> str:
    return str(value).replace(".", ",") if isinstance(value, float) else str(value)


def explain(err: ErrorDetails) -> str:
    """One error as a Dutch phrase after the field's name ('moet minstens 0 zijn')."""
    kind = err["type"]
    if kind in _PLAIN:
        return _PLAIN[kind]
    bounds = {
        "greater_than_equal": ("moet minstens {} zijn", "ge"),
        "greater_than": ("moet groter zijn dan {}", "gt"),
        "less_than_equal": ("mag hoogstens {} zijn", "le"),
        "less_than": ("moet kleiner zijn dan {}", "lt"),
    }
    if kind in bounds:
        text, key = bounds[kind]
        return text.format(_number(_ctx(err, key)))
    if kind == "string_too_short":
        return f"moet minstens {_chars(_ctx(err, 'min_length'))} lang zijn"
    if kind == "string_too_long":
        return f"mag hoogstens {_chars(_ctx(err, 'max_length'))} lang zijn"
    if kind == "too_short":
        return f"moet minstens {_items(_ctx(err, 'min_length'))} hebben"
    if kind == "too_long":
        return f"mag hoogstens {_items(_ctx(err, 'max_length'))} hebben"
    if kind == "string_pattern_mismatch":
        return "heeft niet de vorm die hier hoort"
    if kind in ("literal_error", "enum"):
        return f"moet een van deze zijn: {_ctx(err, 'expected')}".replace(" or ", " of ")
    if kind == "union_tag_invalid":
        return f"is een onbekende soort ({_ctx(err, 'tag')!r})"
    return "heeft een ongeldige waarde"


def where(err: ErrorDetails, default: str, tag: Any = None) -> str:
    """The field's path; a union's tag (the request's `op`) that pydantic puts first is left off."""
    loc = list(err["loc"])
    if tag is not None and loc and loc[0] == tag:
        loc = loc[1:]
    return ".".join(str(part) for part in loc) or default


def first_problem(exc: ValidationError, default: str, tag: Any = None) -> str:
    """'veld: uitleg' for the first error, in Dutch (pydantic lists the first one first)."""
    err = exc.errors(include_url=False)[0]
    return f"{where(err, default, tag)}: {explain(err)}"
