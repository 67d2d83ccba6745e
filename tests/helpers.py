"""Small builders shared by the test layers, so each test states only what matters to it."""

from __future__ import annotations

import copy
import grp
import os
import secrets
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.group import Candidate, GroupInfo, GroupState, Werkwijze

VALID_MODEL: dict = {
    "formaat": "cspe-correctiemodel/1",
    "examen": {
        "profielvak": "HBR",
        "leerweg": "kb",
        "jaar": 2026,
        "versie": "rood",
        "onderdeel": "B",
        "titel": "Bakkerij: brood en banket",
        "richttijd_minuten": 150,
    },
    "opdrachten": [
        {
            "nummer": "B1",
            "titel": "Werkplek voorbereiden",
            "soort": "praktisch",
            "criteria": [
                {"code": "B1.1", "omschrijving": "De werkplek is volgens de checklist ingericht.", "max": 1},
                {
                    "code": "B1.2",
                    "omschrijving": "Het deeg is op de juiste temperatuur gebracht.",
                    "max": 3,
                    "toelichting": "3: 26-28 °C; 2: 24-25 of 29-30 °C; 1: binnen 3 °C ernaast; 0: anders.",
                    "scorepunten": [0, 1, 2, 3],
                },
                {"code": "B1.3", "omschrijving": "De kandidaat werkt hygiënisch.", "max": 2, "scorepunten": [0, 2]},
            ],
        },
        {
            "nummer": "B2",
            "titel": "Brood bakken",
            "soort": "praktisch",
            "criteria": [
                {"code": "B2.1", "omschrijving": "Het brood is goed gerezen.", "max": 2},
                {"code": "B2.2", "omschrijving": "De korst is egaal bruin.", "max": 1},
            ],
        },
    ],
}


def model_dict() -> dict:
    return copy.deepcopy(VALID_MODEL)


def make_model(data: dict | None = None) -> Correctiemodel:
    return Correctiemodel.model_validate(data or model_dict())


def make_state(werkwijze: Werkwijze = Werkwijze.GELIJKTIJDIG, candidates: int = 2) -> GroupState:
    model = make_model()
    return GroupState(
        info=GroupInfo(
            group_id="hbr-b-1",
            model_key=model.key,
            model_hash=model.content_hash(),
            examinator="jansen",
            tweede="devries",
            werkwijze=werkwijze,
            created_by="bakker",
            created_at=datetime(2026, 5, 12, 9, 0, tzinfo=timezone.utc),
        ),
        model=model,
        candidates=[Candidate(examennummer=f"10{i}", naam=name) for i, name in enumerate(
            ["Şükrü Yılmaz", "Łukasz Wójcik", "Nguyễn Thị Mai", "Emma de Boer"][:candidates]
        )],
    )


def close_demo_group_d(data) -> None:  # type: ignore[no-untyped-def]
    """What the README asks of a demo user: settle D's differences, accept the two unreviewed
    candidates, resolve the remark, both declare, close. Afterwards all of HBR kb 2026 rood is closed."""
    from cspe_tui.demo import EXAMINATOR, TWEEDE
    from cspe_tui.domain.commands import AcceptAll, Close, Declare, ResolveRemark, SetVastgesteld
    from cspe_tui.domain.group import final_score
    from cspe_tui.store import GroupScope, open_store

    group_id = "hbr-kb-2026-rood-d"
    store = open_store(data, user=TWEEDE)
    scope = GroupScope(group_id=group_id)
    state = store.load_group(group_id)
    unreviewed = [c.examennummer for c in state.candidates
                  if all(state.cell(c.examennummer, k.code).tweede is None for k in state.model.criteria)]
    store.execute(scope, TWEEDE, *(AcceptAll(examennummer=nr) for nr in unreviewed))
    state = store.load_group(group_id)
    settle = [
        SetVastgesteld(examennummer=c.examennummer, criterium=k.code, value=state.cell(c.examennummer, k.code).examinator)
        for c in state.candidates for k in state.model.criteria
        if final_score(state, c.examennummer, k.code) is None
    ]
    store.execute(scope, TWEEDE, *settle, *(ResolveRemark(remark_id=r.id) for r in state.remarks if r.open))
    store.execute(scope, TWEEDE, Declare())
    store.execute(scope, EXAMINATOR, Declare(), Close())


@contextmanager
def passable_dir(prefix: str) -> Iterator[Path]:
    """A temporary folder everyone may pass through (0755), removed afterwards.

    Not pytest's tmp_path: that lies under a 0700 folder, which `cspe server init` rightly refuses
    and which other users (the service's, an examinator's) cannot enter.
    """
    path = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        os.chmod(path, 0o755)
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


@contextmanager
def fresh_unix_group(name: str | None = None) -> Iterator[grp.struct_group]:
    """A new Unix group (needs root), removed afterwards."""
    name = name or f"cspet{secrets.token_hex(3)}"
    subprocess.run(["groupadd", name], check=True)
    try:
        yield grp.getgrnam(name)
    finally:
        subprocess.run(["groupdel", name], check=True)
