"""Dutch counts as people write them: `1 kandidaat`, `3 kandidaten`, never `kandidaat/kandidaten`."""

from __future__ import annotations


def counted(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"
