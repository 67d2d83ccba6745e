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
from cspe_tui.domain.commands import AddRemark, Close, Declare, ImportModel, SetAbsent, SetScore, SetVastgesteld
from cspe_tui.domain.validation import check_model_bytes
from cspe_tui.store import FolderScope, GroupScope, Settings, Store, open_store
from cspe_tui.store.fs import atomic_write

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


class _GroupBuild:
    """The commands that build one group, run as one transaction per examinator and step.

    The in-process Store, not a RecordStore: building the demo writes as each demo user in turn
    into a folder it just made, which only a store on the folder itself may (the service writes
    as the caller only)."""

    def __init__(self, store: Store, state: GroupState) -> None:
        self.store = store
        self.state = state
        self.scope = GroupScope(group_id=state.info.group_id)
        self.values: dict[tuple[str, str], tuple[int, int | None]] = {}

    def run(self, login: str, *commands: object) -> None:
        self.store.execute(self.scope, login, *commands)

    def score(self, rng: random.Random, candidates: list[Candidate], tweede_agrees: float,
              tweede_scores: int | None = None, absent: Candidate | None = None) -> None:
        """Examinator 1 scores all `candidates`; the tweede the first `tweede_scores` of them (None: all)."""
        first: list[object] = []
        second: list[object] = []
        for index, cand in enumerate(candidates):
            for crit in self.state.model.criteria:
                value = _realistic_score(rng, crit.allowed)
                first.append(SetScore(examennummer=cand.examennummer, criterium=crit.code, value=value))
                other = None
                if tweede_scores is None or index < tweede_scores:
                    other = value if rng.random() < tweede_agrees else rng.choice(crit.allowed)
                    second.append(SetScore(examennummer=cand.examennummer, criterium=crit.code, value=other))
                self.values[(cand.examennummer, crit.code)] = (value, other)
        if absent is not None:
            first.append(SetAbsent(examennummer=absent.examennummer, absent=True))
        self.run(EXAMINATOR, *first)
        if second:
            self.run(TWEEDE, *second)

    def settle_and_close(self) -> None:
        """Examinator 1 fixes every difference on the tweede's score; both declare; the group closes."""
        settle = [
            SetVastgesteld(examennummer=nr, criterium=code, value=other)
            for (nr, code), (value, other) in self.values.items()
            if other is not None and other != value
        ]
        self.run(EXAMINATOR, *settle)
        self.run(TWEEDE, Declare())
        self.run(EXAMINATOR, Declare(), Close())


def _model(models: dict[ModelKey, Correctiemodel], slug: str) -> Correctiemodel:
    for key, model in models.items():
        if key.slug == slug:
            return model
    raise LookupError(f"voorbeeldmodel {slug} ontbreekt in {SAMPLE_MODELS_DIR}")


def create_demo(data_dir: Path) -> Path:
    """Build the demo beside `data_dir` and move it into place whole, so an interrupted
    build never leaves half a demo. Each group is a few transactions (one fsync each)."""
    building = data_dir.with_name(f".{data_dir.name}.bouwen")
    if building.exists():
        shutil.rmtree(building)
    building.parent.mkdir(parents=True, exist_ok=True)
    _fill(building)
    os.replace(building, data_dir)
    return data_dir


def _fill(data_dir: Path) -> None:
    settings = Settings(
        school="Voorbeeldschool vmbo (demo)",
        brin="99XX",
        telefoon="010-1234567",
        contactpersoon="M. Bakker (examensecretaris)",
        examensecretarissen=[SECRETARIS],
        demo=True,
    )
    secretaris = open_store(data_dir, user=SECRETARIS, create=True, settings=settings)
    imports = []
    for path in sorted(SAMPLE_MODELS_DIR.glob("*.json")):
        if path.name != "schema.json":
            result = check_model_bytes(path.read_bytes())
            if result.model is None:
                raise LookupError(f"voorbeeldmodel {path.name} is afgekeurd: {result.problems[0].message}")
            imports.append(ImportModel(model=result.model))
    secretaris.execute(FolderScope(), SECRETARIS, *imports)
    models = secretaris.models()
    rng = random.Random(2026)
    candidates = demo_candidates()

    for letter, werkwijze, closed in (("A", Werkwijze.GELIJKTIJDIG, True), ("B", Werkwijze.GELIJKTIJDIG, True),
                                      ("C", Werkwijze.ACHTERAF, True), ("D", Werkwijze.ACHTERAF, False)):
        model = _model(models, f"HBR-kb-2026-rood-{letter}")
        state = secretaris.create_group(
            model.key, candidates, EXAMINATOR, TWEEDE, werkwijze
        )
        build = _GroupBuild(secretaris, state)
        absent = candidates[5] if letter == "B" else None
        scored = [c for c in candidates if c is not absent]
        if closed:
            build.score(rng, scored, tweede_agrees=0.93, absent=absent)
            build.settle_and_close()
        else:
            build.score(rng, scored, tweede_agrees=0.95, tweede_scores=len(scored) - 2)
            build.run(TWEEDE, AddRemark(examennummer=candidates[3].examennummer, criterium=model.criteria[2].code,
                                        text="Op de foto is de afwerking niet goed te zien; graag samen nakijken."))

    herkansing = _model(models, "HBR-kb-2026-blauw-B")
    retakers = [candidates[3], candidates[10], candidates[17]]
    # Too early by the rules (group D is still open), which the demo shows: confirmed past the warning.
    state = secretaris.create_group(herkansing.key, retakers, EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG,
                                    herkansing=True, confirmed=True)
    build = _GroupBuild(secretaris, state)
    build.score(rng, retakers, tweede_agrees=1.0)
    build.run(TWEEDE, Declare())

    pie = _model(models, "PIE-gl-2026-rood-A")
    state = secretaris.create_group(pie.key, candidates[:20], EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG)
    _GroupBuild(secretaris, state).score(rng, candidates[:5], tweede_agrees=0.85, tweede_scores=2)
    _write_candidates_csv(data_dir / CANDIDATES_CSV, candidates[:6])


def _write_candidates_csv(path: Path, candidates: list[Candidate]) -> None:
    """A file as a school's administration exports it, to try 'Nieuwe groep' with."""
    lines = ["examennummer;naam"] + [f"{c.examennummer};{c.naam}" for c in candidates]
    atomic_write(path, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
