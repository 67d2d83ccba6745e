"""What the model editor says is wrong, each problem as `field: what`, and the check of the file name."""

from __future__ import annotations

from pathlib import Path

from cspe_tui.domain.model_editing import FIELDS, IDENTITY_KEYS, RowsCheck

IDENTITY_LABELS = {
    "profielvak": "Profielvak", "leerweg": "Leerweg", "jaar": "Jaar", "versie": "Versie",
    "onderdeel": "Onderdeel", "titel": "Titel", "richttijd_minuten": "Richttijd (min)",
}
FIELD_LABELS = {
    "nummer": "Opdracht", "titel": "Titel", "soort": "Soort", "code": "Code", "omschrijving": "Omschrijving",
    "max": "Max", "scorepunten": "Scorepunten", "toelichting": "Toelichting",
}


def problem_list(check: RowsCheck, file_problem: str | None) -> list[tuple[str, str]]:
    """Every problem as (where, what is wrong): identity first, then the rows in order, then the file name."""
    found = [(IDENTITY_LABELS[key], check.identity[key]) for key in IDENTITY_KEYS if key in check.identity]
    for (row, key), message in sorted(check.cells.items(), key=lambda item: (item[0][0], FIELDS.index(item[0][1]))):
        found.append((f"{FIELD_LABELS[key]} (rij {row + 1})", message))
    found += [("Model", message) for message in check.general]
    if file_problem is not None:
        found.append(("Bestand", file_problem))
    return found


def path_problem(path: Path) -> str | None:
    """What is wrong with the file name, checked as it is typed (not only on saving)."""
    if path.suffix.lower() != ".json":
        return f"de bestandsnaam {path.name} moet op .json eindigen"
    if path.is_dir():
        return f"{path} is een map; geef een bestandsnaam op .json"
    if not path.parent.is_dir():
        return f"de map {path.parent} bestaat niet"
    return None
