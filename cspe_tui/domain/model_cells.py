"""What a spreadsheet cell says, as people read it: text, whole numbers, scorepunten, column letters.

Pure; model_table reads a correctiemodel from cells through these.
"""

from __future__ import annotations

import re

Cell = str | int | float | bool | None


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
