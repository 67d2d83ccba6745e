"""Dutch as people write it: a count with the singular or the plural, never "punt(en)" or "1 kandidaten"."""

from __future__ import annotations


def count(number: int, one: str, many: str) -> str:
    """`1 kandidaat`, `3 kandidaten`, `0 kandidaten`."""
    return f"{number} {one if number == 1 else many}"


def decimal(value: float, digits: int = 1) -> str:
    """A number as Dutch writes it: 1,3 and 2,5 MB, with a decimal comma."""
    return f"{value:.{digits}f}".replace(".", ",")
