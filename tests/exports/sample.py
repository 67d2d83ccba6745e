"""A realistic small group, built directly from domain records (no store needed)."""

from __future__ import annotations

from datetime import datetime, timezone

from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.group import (
    Aanvulling,
    Candidate,
    Cell,
    GroupInfo,
    GroupState,
    Melding,
    Remark,
    Reply,
    Role,
    Sluiting,
    Verklaring,
    Werkwijze,
)
from cspe_tui.domain.closing import seal_of
from cspe_tui.exports.school import SchoolInfo

LONG_OMSCHRIJVING = (
    "De kandidaat weegt alle grondstoffen voor het deeg nauwkeurig af volgens de receptuur, "
    "controleert de temperatuur van het water met een kernthermometer, voegt de gist pas toe "
    "nadat bloem en water zijn gemengd, kneedt het deeg tot het glad en elastisch is "
    "(vensterproef), houdt de werkplek tijdens het hele proces schoon en droog, en noteert "
    "de deegtemperatuur en de kneedtijd op het productieformulier voor de docent."
)
assert len(LONG_OMSCHRIJVING) >= 400

UTC = timezone.utc


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 5, day, hour, minute, tzinfo=UTC)


MODEL = {
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
                {"code": "B1.1", "omschrijving": "De kandidaat heeft de werkplek volgens de checklist ingericht.", "max": 1},
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
            "titel": "Deeg maken",
            "soort": "praktisch",
            "criteria": [
                {"code": "B2.1", "omschrijving": LONG_OMSCHRIJVING, "max": 4},
                {"code": "B2.2", "omschrijving": "Het deeg heeft de juiste structuur.", "max": 2},
                {"code": "B2.3", "omschrijving": "De bollen zijn even zwaar (± 5 g).", "max": 3},
            ],
        },
        {
            "nummer": "B3",
            "titel": "Afwerken en presenteren",
            "soort": "schriftelijk",
            "criteria": [
                {"code": "B3.1", "omschrijving": "De kandidaat berekent de kostprijs per stuk.", "max": 2},
                {"code": "B3.2", "omschrijving": "De presentatie is verzorgd en volledig.", "max": 5},
            ],
        },
    ],
}

NAMES = {
    "240101": "Şükrü Yılmaz",
    "240102": "Łukasz Wójcik",
    "240103": "Nguyễn Thị Mai",
    "240104": "Anouk de Vries-van den Berg",
    "240105": "Zoë Bakker",
}
ABSENT = "240104"

# (examinator, tweede, vastgesteld) per criterium; vastgesteld only where a difference was settled.
SCORES: dict[str, dict[str, tuple[int, int, int | None]]] = {
    "240101": {
        "B1.1": (1, 1, None),
        "B1.2": (2, 3, 3),
        "B1.3": (2, 2, None),
        "B2.1": (4, 4, None),
        "B2.2": (1, 1, None),
        "B2.3": (3, 3, None),
        "B3.1": (0, 0, None),
        "B3.2": (4, 4, None),
    },
    "240102": {
        "B1.1": (0, 0, None),
        "B1.2": (1, 1, None),
        "B1.3": (0, 0, None),
        "B2.1": (2, 3, 2),
        "B2.2": (2, 2, None),
        "B2.3": (1, 1, None),
        "B3.1": (1, 1, None),
        "B3.2": (5, 5, None),
    },
    "240103": {
        "B1.1": (1, 1, None),
        "B1.2": (3, 3, None),
        "B1.3": (2, 2, None),
        "B2.1": (3, 3, None),
        "B2.2": (0, 0, None),
        "B2.3": (2, 2, None),
        "B3.1": (1, 1, None),
        "B3.2": (3, 3, None),
    },
    "240105": {
        "B1.1": (1, 1, None),
        "B1.2": (0, 0, None),
        "B1.3": (2, 2, None),
        "B2.1": (1, 1, None),
        "B2.2": (2, 2, None),
        "B2.3": (3, 3, None),
        "B3.1": (2, 2, None),
        "B3.2": (2, 2, None),
    },
}

# Vastgestelde totals by hand (B3.1 is 2 for everyone through the aanvulling).
EXPECTED_TOTALS = {
    "240101": {"B1": 6, "B2": 8, "B3": 6, "B": 20},
    "240102": {"B1": 1, "B2": 5, "B3": 7, "B": 13},
    "240103": {"B1": 6, "B2": 5, "B3": 5, "B": 16},
    "240105": {"B1": 3, "B2": 6, "B3": 4, "B": 13},
}

EXAMINATOR = "jansen"
TWEEDE = "pietersen"


def build_state(closed: bool = True) -> GroupState:
    model = Correctiemodel.model_validate(MODEL)
    key = model.key
    info = GroupInfo(
        group_id="hbr-b-2026-groep1",
        model_key=key,
        model_hash=model.content_hash(),
        examinator=EXAMINATOR,
        tweede=TWEEDE,
        werkwijze=Werkwijze.GELIJKTIJDIG,
        created_by="desmet",
        created_at=at(1, 8),
    )
    cells: dict[str, dict[str, Cell]] = {}
    for nr, by_code in SCORES.items():
        cells[nr] = {}
        for code, (first, second, settled) in by_code.items():
            cells[nr][code] = Cell(
                examinator=first,
                tweede=second,
                vastgesteld=settled,
                vastgesteld_door=EXAMINATOR if settled is not None else None,
                vastgesteld_op=at(12, 14, 30) if settled is not None else None,
            )
    remarks = [
        Remark(
            id="r1",
            examennummer="240102",
            criterium="B2.1",
            author=TWEEDE,
            text="Vensterproef niet gezien; volgens mijn aantekeningen is het deeg te kort gekneed.",
            at=at(12, 11),
            replies=[Reply(author=EXAMINATOR, text="Klopt, ik heb het deeg zelf gecontroleerd: 2 punten.", at=at(12, 13))],
            resolved_by=TWEEDE,
            resolved_at=at(12, 14, 30),
        ),
        Remark(
            id="r2",
            examennummer="240103",
            criterium=None,
            author=EXAMINATOR,
            text="Kandidaat had tien minuten extra tijd (faciliteit dyslexie).",
            at=at(11, 9),
            resolved_by=TWEEDE,
            resolved_at=at(11, 10),
        ),
    ]
    meldingen = [
        Melding(
            id="m1",
            model_key=key,
            opdracht="B3",
            criterium="B3.1",
            omschrijving="De kostprijs in het antwoordmodel gaat uit van 12 broodjes; de opgave noemt er 10.",
            moment="tijdens de correctie",
            gevonden_door=EXAMINATOR,
            at=at(11, 15),
        ),
        Melding(
            id="m2",
            model_key=key,
            opdracht="B2",
            criterium=None,
            omschrijving="De materiaallijst noemt 500 g bloem; het recept vraagt 750 g.",
            moment="voor de afname",
            gevonden_door="desmet",
            at=at(8, 10),
        ),
    ]
    aanvullingen = [
        Aanvulling(
            id="a1",
            model_key=key,
            criterium="B3.1",
            tekst="Alle kandidaten krijgen voor B3.1 de maximale score.",
            datum="2026-05-13",
            recorded_by="desmet",
            at=at(13, 9),
        )
    ]
    state = GroupState(
        info=info,
        model=model,
        candidates=[Candidate(examennummer=nr, naam=naam) for nr, naam in NAMES.items()],
        cells=cells,
        absent=[ABSENT],
        remarks=remarks,
        aanvullingen=aanvullingen,
        meldingen=meldingen,
        verklaringen=[
            Verklaring(role=Role.EXAMINATOR, login=EXAMINATOR, at=at(13, 16)),
            Verklaring(role=Role.TWEEDE, login=TWEEDE, at=at(13, 16, 5)),
        ],
    )
    if closed:
        state = state.model_copy(update={"sluiting": Sluiting(closed_by="desmet", at=at(13, 17), seal=seal_of(state))})
    return state


SCHOOL = SchoolInfo(
    school="Vakcollege Ĳsselmonde",
    brin="12AB",
    telefoon="010-1234567",
    contactpersoon="mw. A. Özdemir",
)
