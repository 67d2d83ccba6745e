"""What a client sent wrong, in Dutch: the field and the domain's phrase for the error (never pydantic's English)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from cspe_tui.domain.pydantic_dutch import explain


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
