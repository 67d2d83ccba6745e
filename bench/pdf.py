"""Time the beoordelingsmodel PDF for a large group: `python bench/pdf.py`.

300 candidates x 50 criteria (target: at most 5 s). Prints seconds, pages and size.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cspe_tui.domain.correctiemodel import Correctiemodel  # noqa: E402
from cspe_tui.domain.group import (  # noqa: E402
    Candidate,
    Cell,
    GroupInfo,
    GroupState,
    Role,
    Sluiting,
    Verklaring,
    Werkwijze,
    seal_of,
)
from cspe_tui.exports.pdf import beoordelingsmodel_pdf_bytes, write_kandidaat_pdfs  # noqa: E402
from cspe_tui.exports.school import SchoolInfo  # noqa: E402

FIRST = ["Şükrü", "Łukasz", "Nguyễn Thị", "Anouk", "Zoë", "Mohammed", "Daan", "Fatima", "Sem", "Ілля"]
LAST = ["Yılmaz", "Wójcik", "Mai", "de Vries-van den Berg", "Bakker", "El Amrani", "Jansen", "Öztürk", "Visser", "Коваль"]
WORDS = (
    "de kandidaat werkt volgens de werkinstructie en controleert het resultaat met het meetinstrument "
    "zoals beschreven in de opdracht waarbij hij veilig en hygiënisch werkt"
).split()


def build(candidates: int, criteria: int, seed: int = 7) -> GroupState:
    rng = random.Random(seed)
    per_opdracht = 8
    opdrachten = []
    for o in range((criteria + per_opdracht - 1) // per_opdracht):
        crit = []
        for c in range(min(per_opdracht, criteria - o * per_opdracht)):
            length = rng.randint(6, 45)
            crit.append(
                {
                    "code": f"B{o + 1}.{c + 1}",
                    "omschrijving": " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + ".",
                    "max": rng.choice([1, 2, 3, 4]),
                }
            )
        opdrachten.append({"nummer": f"B{o + 1}", "titel": f"Opdracht {o + 1}", "soort": "praktisch", "criteria": crit})
    model = Correctiemodel.model_validate(
        {
            "formaat": "cspe-correctiemodel/1",
            "examen": {
                "profielvak": "HBR",
                "leerweg": "kb",
                "jaar": 2026,
                "versie": "rood",
                "onderdeel": "B",
                "titel": "Bakkerij: brood en banket",
            },
            "opdrachten": opdrachten,
        }
    )
    now = datetime(2026, 5, 13, 12, tzinfo=timezone.utc)
    cands = [
        Candidate(examennummer=f"{240000 + i}", naam=f"{rng.choice(FIRST)} {rng.choice(LAST)}")
        for i in range(candidates)
    ]
    cells = {}
    for cand in cands:
        row = {}
        for crit in model.criteria:
            a = rng.randint(0, crit.max)
            b = a if rng.random() < 0.9 else rng.randint(0, crit.max)
            row[crit.code] = Cell(examinator=a, tweede=b, vastgesteld=None if a == b else max(a, b))
        cells[cand.examennummer] = row
    state = GroupState(
        info=GroupInfo(
            group_id="bench",
            model_key=model.key,
            model_hash=model.content_hash(),
            examinator="jansen",
            tweede="pietersen",
            werkwijze=Werkwijze.GELIJKTIJDIG,
            created_by="desmet",
            created_at=now,
        ),
        model=model,
        candidates=cands,
        cells=cells,
        absent=[cands[3].examennummer] if candidates > 3 else [],
        verklaringen=[
            Verklaring(role=Role.EXAMINATOR, login="jansen", at=now),
            Verklaring(role=Role.TWEEDE, login="pietersen", at=now),
        ],
    )
    return state.model_copy(update={"sluiting": Sluiting(closed_by="desmet", at=now, seal=seal_of(state))})


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kandidaten", type=int, default=300)
    parser.add_argument("--criteria", type=int, default=50)
    parser.add_argument("--uit", type=Path, help="schrijf de PDF ook naar dit bestand")
    parser.add_argument("--per-kandidaat", action="store_true", help="meet ook één PDF per kandidaat")
    args = parser.parse_args()
    state = build(args.kandidaten, args.criteria)
    school = SchoolInfo(school="Vakcollege Ĳsselmonde", brin="12AB", telefoon="010-1234567")
    start = time.perf_counter()
    data = beoordelingsmodel_pdf_bytes(state, school)
    seconds = time.perf_counter() - start
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    if args.uit:
        args.uit.write_bytes(data)
    print(
        f"{args.kandidaten} kandidaten x {args.criteria} criteria: {seconds:.2f} s, "
        f"{pages} pagina's, {len(data) / 1_000_000:.2f} MB"
    )
    if args.per_kandidaat:
        with tempfile.TemporaryDirectory() as folder:
            start = time.perf_counter()
            paths = write_kandidaat_pdfs(state, school, Path(folder))
            seconds = time.perf_counter() - start
            size = sum(p.stat().st_size for p in paths)
        print(f"per kandidaat: {len(paths)} bestanden in {seconds:.2f} s, samen {size / 1_000_000:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
