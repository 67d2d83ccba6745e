"""A candidates CSV named by a person: found where they typed it, or in the data folder.

A school puts the administration's export beside the data folder's own files (the demo
puts `kandidaten-voorbeeld.csv` there), while the examensecretaris starts `cspe` or the
app from anywhere; so a relative name is looked for in the current folder, then in the
data folder, then in its `imports` folder. When it is nowhere, the message lists where.
"""

from __future__ import annotations

from pathlib import Path

from cspe_tui.store.fs import os_reason
from cspe_tui.domain.candidates import CandidatesResult, decode_csv_bytes, parse_candidates_csv

MAX_CSV_BYTES = 5_000_000
"""A class list is a few kilobytes; this only stops a wrong file (a video, a disk image) early."""
IMPORTS = "imports"


def candidate_places(text: str, data: Path) -> list[Path]:
    """Where a typed name may be, in the order we look."""
    path = Path(text.strip()).expanduser()
    if path.is_absolute():
        return [path]
    places = [Path.cwd() / path, data / path, data / IMPORTS / path]
    unique: list[Path] = []
    for place in places:
        if place not in unique:
            unique.append(place)
    return unique


def find_candidates_file(text: str, data: Path) -> Path | str:
    """The file, or a Dutch message that says where we looked."""
    if not text.strip():
        return "geef het pad van het kandidatenbestand (CSV)"
    places = candidate_places(text, data)
    for place in places:
        if place.exists():
            return place
    return f"{text.strip()}: bestand niet gevonden. Gezocht in: " + ", ".join(str(p) for p in places) + "."


def read_candidates_file(text: str, data: Path) -> tuple[Path | None, CandidatesResult]:
    """(where it was found, the candidates or every problem at once in Dutch); path None when unreadable."""
    found = find_candidates_file(text, data)
    if isinstance(found, str):
        return None, CandidatesResult(problems=[found])
    try:
        with open(found, "rb") as handle:
            data_bytes = handle.read(MAX_CSV_BYTES + 1)
    except IsADirectoryError:
        return None, CandidatesResult(problems=[f"{found}: dit is een map, geen CSV-bestand."])
    except PermissionError:
        return None, CandidatesResult(problems=[f"{found}: geen leesrechten op dit bestand."])
    except OSError as exc:
        return None, CandidatesResult(problems=[f"{found}: kan het bestand niet lezen ({os_reason(exc)})."])
    if len(data_bytes) > MAX_CSV_BYTES:
        limit = MAX_CSV_BYTES // 1_000_000
        return None, CandidatesResult(problems=[f"{found}: te groot voor een kandidatenlijst (meer dan {limit} MB)."])
    try:
        text_content = decode_csv_bytes(data_bytes)
    except ValueError as exc:
        return None, CandidatesResult(problems=[f"{found}: {exc}."])
    result = parse_candidates_csv(text_content)
    if not result.candidates and not result.problems:
        result = CandidatesResult(problems=["het bestand bevat geen kandidaten"])
    return found, result
