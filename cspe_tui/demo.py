"""The bundled demo: a data folder with two cspe's in several stages, to try every flow.

HBR kb 2026 (rood) has a group per onderdeel: A, B and C are closed, D is nearly done
(achteraf), so closing and the cijferlijst can be tried in minutes; a herkansing of
onderdeel B (blauw) for three candidates waits only for examinator 1's declaration.
PIE gl 2026 rood onderdeel A is a fresh gelijktijdig group where examinator 1 has
scored a few candidates, to try scoring side by side. A candidates CSV lies beside
the data, to try 'Nieuwe groep' as the examensecretaris.
"""

from __future__ import annotations

import os
import random
import shutil
from pathlib import Path

from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.group import Candidate, GroupState, Werkwijze
from cspe_tui.store import Settings, Store, open_store
from cspe_tui.store.fs import atomic_write, deferred_sync

EXAMINATOR = "jansen"
TWEEDE = "de_vries"
SECRETARIS = "bakker"
DEMO_USERS = (EXAMINATOR, TWEEDE, SECRETARIS)
CANDIDATES_CSV = "kandidaten-voorbeeld.csv"

CANDIDATE_NAMES = [
    "Şükrü Yılmaz",
    "Łukasz Wójcik",
    "Nguyễn Thị Mai",
    "Emma de Boer",
    "Daan Bakker",
    "Fatima El Amrani",
    "Jayden Pinas",
    "Sophie van den Berg",
    "Ömer Çelik",
    "Lotte Visser",
    "Mohammed Benali",
    "Zoë Smit",
    "Björn Hendriks",
    "Ana Ćosić",
    "Tim van Dijk",
    "Noa Meijer",
    "Kevin Ngo",
    "Iris de Graaf",
    "Ahmet Doğan",
    "Julia Mulder",
    "Sem Kramer",
    "Aylin Öztürk",
    "Ruben Bos",
    "Mila Dekker",
]

SAMPLE_MODELS_DIR = Path(__file__).resolve().parent.parent / "correctiemodellen"


def demo_candidates() -> list[Candidate]:
    return [Candidate(examennummer=str(1001 + i), naam=name) for i, name in enumerate(CANDIDATE_NAMES)]


def _realistic_score(rng: random.Random, allowed: tuple[int, ...]) -> int:
    """Most candidates pass most criteria: skew towards the top of the scale."""
    weights = [1 + 3 * i for i in range(len(allowed))]
    return rng.choices(allowed, weights=weights)[0]


def _score(store_as: dict[str, Store], state: GroupState, rng: random.Random, candidates: list[Candidate],
           tweede_agrees: float, tweede_scores: int | None = None) -> None:
    """Examinator 1 scores all `candidates`; the tweede the first `tweede_scores` of them (None: all)."""
    group_id = state.info.group_id
    first, second = store_as[EXAMINATOR], store_as[TWEEDE]
    for index, cand in enumerate(candidates):
        for crit in state.model.criteria:
            value = _realistic_score(rng, crit.allowed)
            first.set_score(group_id, cand.examennummer, crit.code, value)
            if tweede_scores is not None and index >= tweede_scores:
                continue
            other = value if rng.random() < tweede_agrees else rng.choice(crit.allowed)
            second.set_score(group_id, cand.examennummer, crit.code, other)


def _settle_all(store_as: dict[str, Store], group_id: str) -> None:
    first = store_as[EXAMINATOR]
    state = first.load_group(group_id)
    for cand in state.candidates:
        for crit in state.model.criteria:
            cell = state.cell(cand.examennummer, crit.code)
            if cell.examinator != cell.tweede and cell.vastgesteld is None:
                first.set_vastgesteld(group_id, cand.examennummer, crit.code, cell.tweede, expected=cell)


def _close(store_as: dict[str, Store], group_id: str) -> None:
    store_as[EXAMINATOR].declare(group_id)
    store_as[TWEEDE].declare(group_id)
    store_as[EXAMINATOR].close(group_id)


def _model(models: dict[ModelKey, Correctiemodel], slug: str) -> Correctiemodel:
    for key, model in models.items():
        if key.slug == slug:
            return model
    raise LookupError(f"voorbeeldmodel {slug} ontbreekt in {SAMPLE_MODELS_DIR}")


def create_demo(data_dir: Path) -> Path:
    """Build the demo beside `data_dir` and move it into place whole, so an interrupted
    build never leaves half a demo (and needs no fsync per generated score)."""
    building = data_dir.with_name(f".{data_dir.name}.bouwen")
    if building.exists():
        shutil.rmtree(building)
    building.parent.mkdir(parents=True, exist_ok=True)
    with deferred_sync():
        _fill(building)
    os.replace(building, data_dir)
    return data_dir


def _fill(data_dir: Path) -> None:
    secretaris = open_store(data_dir, user=SECRETARIS, create=True)
    secretaris.folder.save_settings(
        Settings(
            school="Voorbeeldschool vmbo (demo)",
            brin="99XX",
            telefoon="010-1234567",
            contactpersoon="M. Bakker (examensecretaris)",
            examensecretarissen=[SECRETARIS],
            demo=True,
        )
    )
    secretaris = open_store(data_dir, user=SECRETARIS)
    for path in sorted(SAMPLE_MODELS_DIR.glob("*.json")):
        if path.name != "schema.json":
            secretaris.import_model(path)
    models = secretaris.models()
    store_as = {name: open_store(data_dir, user=name) for name in (EXAMINATOR, TWEEDE)}
    rng = random.Random(2026)
    candidates = demo_candidates()

    for letter, werkwijze, closed in (("A", Werkwijze.GELIJKTIJDIG, True), ("B", Werkwijze.GELIJKTIJDIG, True),
                                      ("C", Werkwijze.ACHTERAF, True), ("D", Werkwijze.ACHTERAF, False)):
        model = _model(models, f"HBR-kb-2026-rood-{letter}")
        state = secretaris.create_group(model.key, candidates, EXAMINATOR, TWEEDE, werkwijze)
        absent = candidates[5] if letter == "B" else None
        scored = [c for c in candidates if c is not absent]
        if closed:
            _score(store_as, state, rng, scored, tweede_agrees=0.93)
            if absent is not None:
                store_as[EXAMINATOR].set_absent(state.info.group_id, absent.examennummer, True)
            _settle_all(store_as, state.info.group_id)
            _close(store_as, state.info.group_id)
        else:
            _score(store_as, state, rng, scored, tweede_agrees=0.95, tweede_scores=len(scored) - 2)
            store_as[TWEEDE].add_remark(
                state.info.group_id,
                candidates[3].examennummer,
                model.criteria[2].code,
                "Op de foto is de afwerking niet goed te zien; graag samen nakijken.",
            )

    herkansing = _model(models, "HBR-kb-2026-blauw-B")
    retakers = [candidates[3], candidates[10], candidates[17]]
    state = secretaris.create_group(herkansing.key, retakers, EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG,
                                    herkansing=True)
    _score(store_as, state, rng, retakers, tweede_agrees=1.0)
    store_as[TWEEDE].declare(state.info.group_id)

    pie = _model(models, "PIE-gl-2026-rood-A")
    state = secretaris.create_group(pie.key, candidates[:20], EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG)
    _score(store_as, state, rng, candidates[:5], tweede_agrees=0.85, tweede_scores=2)
    _write_candidates_csv(data_dir / CANDIDATES_CSV, candidates[:6])


def _write_candidates_csv(path: Path, candidates: list[Candidate]) -> None:
    """A file as a school's administration exports it, to try 'Nieuwe groep' with."""
    lines = ["examennummer;naam"] + [f"{c.examennummer};{c.naam}" for c in candidates]
    atomic_write(path, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
