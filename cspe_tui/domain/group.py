"""A group: one onderdeel's correctiemodel, its candidates and two examinators.

Records are pydantic models because the store validates everything it reads back;
the functions here are pure, so every screen and export computes the same totals.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .correctiemodel import Correctiemodel, Criterium, ModelKey
from .group_notes import Ondersteuning, PhotoRecord, Withdrawal
from .text import AanvullingText, CodeText, DateText, LoginText, NameText, OmschrijvingText, RemarkText


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", defer_build=True)


class Werkwijze(StrEnum):
    """How the tweede examinator takes part (the school chooses per group)."""

    GELIJKTIJDIG = "gelijktijdig"
    ACHTERAF = "achteraf"


class Role(StrEnum):
    EXAMINATOR = "examinator"
    TWEEDE = "tweede"
    SECRETARIS = "examensecretaris"

    @property
    def label(self) -> str:
        return {"examinator": "examinator", "tweede": "tweede examinator", "examensecretaris": "examensecretaris"}[
            self.value
        ]

    @property
    def other(self) -> Role:
        if self is Role.EXAMINATOR:
            return Role.TWEEDE
        if self is Role.TWEEDE:
            return Role.EXAMINATOR
        raise ValueError("de examensecretaris heeft geen eigen kolom")


class Candidate(Record):
    examennummer: CodeText
    naam: NameText


class GroupInfo(Record):
    """What the examensecretaris fixed when creating the group."""

    group_id: str
    model_key: ModelKey
    model_hash: str
    examinator: LoginText
    tweede: LoginText
    werkwijze: Werkwijze
    herkansing: bool = False
    created_by: str
    created_at: datetime


class Cell(Record):
    """One criterium of one candidate: both examinators' scores and the vastgestelde score."""

    examinator: int | None = None
    tweede: int | None = None
    vastgesteld: int | None = None
    vastgesteld_door: str | None = None
    vastgesteld_op: datetime | None = None
    akkoord: bool | None = None
    """Achteraf: the tweede examinator accepted examinator 1's score (their column holds it); None: not that."""

    def column(self, role: Role) -> int | None:
        return self.examinator if role is Role.EXAMINATOR else self.tweede


EMPTY_CELL = Cell()
"""Never changed in place: like every cell, it is replaced (evolve copies), not edited."""
_NO_CELLS: dict[str, Cell] = {}


class Reply(Record):
    author: str
    text: RemarkText
    at: datetime


class Remark(Record):
    """An opmerking on a candidate (criterium None) or one criterium; open ones block closing."""

    id: str
    examennummer: str
    criterium: str | None = None
    author: str
    text: RemarkText
    at: datetime
    replies: list[Reply] = Field(default_factory=list)
    resolved_by: str | None = None
    resolved_at: datetime | None = None

    @property
    def open(self) -> bool:
        return self.resolved_by is None


MeldingMoment = Literal["voor de afname", "tijdens de afname", "tijdens de correctie"]


class Melding(Record):
    """An error in the exam or correctiemodel, reported to the Examenloket.

    It belongs to the model, so every group that uses the model shows it.
    """

    id: str
    model_key: ModelKey
    opdracht: str
    criterium: str | None = None
    omschrijving: OmschrijvingText
    moment: MeldingMoment
    gevonden_door: str
    at: datetime


class Aanvulling(Record):
    """A correction the CvTE published; `maximum` gives every candidate the criterium's max."""

    id: str
    model_key: ModelKey
    criterium: str
    soort: Literal["maximum"] = "maximum"
    tekst: AanvullingText
    datum: DateText
    recorded_by: str
    at: datetime


class Verklaring(Record):
    """'I scored according to the correctievoorschrift', by one examinator in their own login.

    `seal` is `seal_of` the state it covered; closing requires it to equal the closing seal.
    """

    role: Role
    login: str
    at: datetime
    seal: str | None = None


class VervallenVerklaring(Record):
    """A declaration a later change voided: the checklist tells who must declare again and why."""

    verklaring: Verklaring
    voided_by: str
    voided_at: datetime
    reason: str


class Sluiting(Record):
    closed_by: str
    at: datetime
    seal: str


class GroupState(Record):
    """Everything about one group, as read from the store at one moment."""

    info: GroupInfo
    model: Correctiemodel
    candidates: list[Candidate]
    cells: dict[str, dict[str, Cell]] = Field(default_factory=dict)
    absent: list[str] = Field(default_factory=list)
    remarks: list[Remark] = Field(default_factory=list)
    aanvullingen: list[Aanvulling] = Field(default_factory=list)
    meldingen: list[Melding] = Field(default_factory=list)
    verklaringen: list[Verklaring] = Field(default_factory=list)
    vervallen: list[VervallenVerklaring] = Field(default_factory=list)
    sluiting: Sluiting | None = None
    ondersteuning: list[Ondersteuning] = Field(default_factory=list)
    withdrawn: Withdrawal | None = None
    """The group is 'vervallen': kept and logged, refuses every change, left out of the cijferlijst."""
    photos: tuple[PhotoRecord, ...] = ()
    """Photos of the candidates' products, in the order they were added (rule 5)."""
    tampered: str | None = Field(default=None, exclude=True)
    """Set by the store when a closed group's files differ from its log: what differs (Dutch)."""

    @property
    def closed(self) -> bool:
        return self.sluiting is not None

    def cell(self, examennummer: str, code: str) -> Cell:
        """An unscored cell is the one shared EMPTY_CELL: views ask for thousands per key."""
        return self.cells.get(examennummer, _NO_CELLS).get(code) or EMPTY_CELL

    def is_absent(self, examennummer: str) -> bool:
        return examennummer in self.absent

    def role_of(self, login: str) -> Role | None:
        if login == self.info.examinator:
            return Role.EXAMINATOR
        if login == self.info.tweede:
            return Role.TWEEDE
        return None

    def aanvulling_for(self, code: str) -> Aanvulling | None:
        for a in self.aanvullingen:
            if a.criterium == code:
                return a
        return None

    def meldingen_for(self, code: str) -> list[Melding]:
        return [m for m in self.meldingen if m.criterium == code]

    def ondersteuning_for(self, examennummer: str) -> Ondersteuning | None:
        return next((o for o in self.ondersteuning if o.examennummer == examennummer), None)

    def photos_of(self, examennummer: str) -> tuple[PhotoRecord, ...]:
        return tuple(p for p in self.photos if p.examennummer == examennummer)

    def candidate(self, examennummer: str) -> Candidate:
        for c in self.candidates:
            if c.examennummer == examennummer:
                return c
        raise KeyError(examennummer)


# --- scoring rules ---------------------------------------------------------------


class ScoreError(ValueError):
    """A score the correctiemodel does not allow; the message is Dutch and short."""


def check_score(criterium: Criterium, value: int) -> int:
    if value not in criterium.allowed:
        allowed = ", ".join(str(v) for v in criterium.allowed)
        raise ScoreError(f"{value} mag niet bij {criterium.code}: kies uit {allowed}")
    return value


def final_score(state: GroupState, examennummer: str, code: str) -> int | None:
    """The vastgestelde score: an aanvulling, else what was set, else the equal scores of both."""
    aanvulling = state.aanvulling_for(code)
    if aanvulling is not None:
        return state.model.criterium(code).max
    cell = state.cell(examennummer, code)
    if cell.vastgesteld is not None:
        return cell.vastgesteld
    if cell.examinator is not None and cell.examinator == cell.tweede:
        return cell.examinator
    return None


def is_difference(state: GroupState, examennummer: str, code: str) -> bool:
    """Both scored, they differ, and nobody has fixed the score yet."""
    cell = state.cell(examennummer, code)
    return (
        cell.examinator is not None
        and cell.tweede is not None
        and cell.examinator != cell.tweede
        and final_score(state, examennummer, code) is None
    )


def column_complete(state: GroupState, examennummer: str, role: Role) -> bool:
    return all(state.cell(examennummer, c.code).column(role) is not None for c in state.model.criteria)


def may_see_other_column(state: GroupState, examennummer: str, role: Role) -> bool:
    """Gelijktijdig: you see the other's scores of a candidate once you scored them all yourself.

    We apply this to both examinators, so each forms an independent judgement.
    Achteraf: the tweede examinator reviews the first's scores, so both see everything.
    """
    if role is Role.SECRETARIS or state.info.werkwijze is Werkwijze.ACHTERAF or state.closed:
        return True
    return state.is_absent(examennummer) or column_complete(state, examennummer, role)


def progress(state: GroupState, examennummer: str, role: Role) -> tuple[int, int]:
    """(scored, total) criteria in one examinator's column for one candidate."""
    criteria = state.model.criteria
    done = sum(1 for c in criteria if state.cell(examennummer, c.code).column(role) is not None)
    return done, len(criteria)


def final_progress(state: GroupState, examennummer: str) -> tuple[int, int]:
    criteria = state.model.criteria
    done = sum(1 for c in criteria if final_score(state, examennummer, c.code) is not None)
    return done, len(criteria)


def opdracht_totals(state: GroupState, examennummer: str, role: Role | None = None) -> dict[str, int]:
    """Totals per opdracht of the vastgestelde scores (role None) or of one examinator's column."""
    totals: dict[str, int] = {}
    for opdracht in state.model.opdrachten:
        total = 0
        for c in opdracht.criteria:
            value = (
                final_score(state, examennummer, c.code)
                if role is None
                else state.cell(examennummer, c.code).column(role)
            )
            total += value or 0
        totals[opdracht.nummer] = total
    return totals


def onderdeel_total(state: GroupState, examennummer: str, role: Role | None = None) -> int:
    return sum(opdracht_totals(state, examennummer, role).values())


def candidate_complete(state: GroupState, examennummer: str) -> bool:
    """Every criterium has a vastgestelde score, or the candidate was absent."""
    if state.is_absent(examennummer):
        return True
    return all(final_score(state, examennummer, c.code) is not None for c in state.model.criteria)
