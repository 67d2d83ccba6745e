"""Shared by the store tests and their child processes (importable under spawn)."""

from __future__ import annotations

import json
from pathlib import Path

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import Settings, Store, open_store

SEC, EX, TW = "sec", "ex", "tw"


def model_dict(onderdeel: str = "B", opdrachten: int = 3, per_opdracht: int = 4, versie: str = "rood") -> dict:
    return {
        "formaat": "cspe-correctiemodel/1",
        "examen": {
            "profielvak": "HBR",
            "leerweg": "kb",
            "jaar": 2026,
            "versie": versie,
            "onderdeel": onderdeel,
            "titel": "Bakkerij",
        },
        "opdrachten": [
            {
                "nummer": f"{onderdeel}{o}",
                "titel": f"Opdracht {o}",
                "soort": "praktisch",
                "criteria": [
                    {"code": f"{onderdeel}{o}.{c}", "omschrijving": f"Criterium {c}", "max": 3}
                    if c != 2
                    else {"code": f"{onderdeel}{o}.{c}", "omschrijving": "Hygiëne", "max": 2, "scorepunten": [0, 2]}
                    for c in range(1, per_opdracht + 1)
                ],
            }
            for o in range(1, opdrachten + 1)
        ],
    }


def write_model(folder: Path, **kwargs) -> Path:
    path = folder / f"model-{kwargs.get('onderdeel', 'B')}-{kwargs.get('versie', 'rood')}.json"
    path.write_text(json.dumps(model_dict(**kwargs), ensure_ascii=False), encoding="utf-8")
    return path


def make_folder(data: Path, tmp: Path, candidates: int = 5, **model_kwargs) -> tuple[str, ModelKey]:
    """A demo data folder with one model and one group; returns (group_id, model key)."""
    sec = open_store(data, user=SEC, create=True, settings=Settings(demo=True, examensecretarissen=[SEC]))
    model = sec.import_model(write_model(tmp, **model_kwargs))
    cands = [Candidate(examennummer=str(1000 + i), naam=f"Kandidaat {i}") for i in range(candidates)]
    state = sec.create_group(model.key, cands, EX, TW, Werkwijze.GELIJKTIJDIG)
    return state.info.group_id, model.key


def as_user(data: Path, user: str) -> Store:
    return open_store(data, user=user)
