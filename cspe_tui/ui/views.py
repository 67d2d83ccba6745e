"""What one row of the scoring screen shows, computed from a GroupState by the domain rules.

Pure and comparable: the screen recomputes a row and hands it to a widget only when
it differs, so a keypress or a change from the other terminal costs one line. The
criterium below the grid is in detail_view.py, times on the school's clock in moments.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cspe_tui.domain.correctiemodel import Criterium, Opdracht
from cspe_tui.domain.group import (
    GroupState,
    Remark,
    Role,
    Werkwijze,
    candidate_complete,
    final_score,
    is_difference,
    may_see_other_column,
    progress,
)
from cspe_tui.domain.summary import GroupSummary

from . import signs
from cspe_tui.present.detail_view import DetailView, Note, detail_view  # noqa: F401  (re-exported: importable from here too)
from .moments import format_moment, school_zone  # noqa: F401  (re-exported: importable from here too)

Kind = Literal["", "empty", "hidden", "difference", "set", "agreed", "typing", "own", "total"]


@dataclass(frozen=True)
class Shown:
    """One cell's text and the kind that picks its style."""

    text: str
    kind: Kind = ""


@dataclass(frozen=True)
class CriteriumView:
    code: str
    omschrijving: str
    max: str
    first: Shown
    second: Shown
    final: Shown
    flags: str


@dataclass(frozen=True)
class OpdrachtView:
    nummer: str
    titel: str
    max: str
    first: Shown
    second: Shown
    final: Shown


@dataclass(frozen=True)
class CandidateView:
    examennummer: str
    naam: str
    first: str
    second: str
    flags: str


HIDDEN = Shown(signs.HIDDEN, "hidden")
EMPTY = Shown(signs.EMPTY, "empty")


class RemarkIndex:
    """Open remarks by (examennummer, criterium) so a row looks up its mark in O(1)."""

    def __init__(self, remarks: list[Remark]) -> None:
        self.by_criterium: dict[tuple[str, str | None], int] = {}
        self.by_candidate: dict[str, int] = {}
        for remark in remarks:
            if remark.open:
                key = (remark.examennummer, remark.criterium)
                self.by_criterium[key] = self.by_criterium.get(key, 0) + 1
                self.by_candidate[remark.examennummer] = self.by_candidate.get(remark.examennummer, 0) + 1

    def on_criterium(self, examennummer: str, code: str) -> bool:
        return (examennummer, code) in self.by_criterium

    def on_candidate(self, examennummer: str) -> bool:
        return examennummer in self.by_candidate


class Viewer:
    """Who looks at a group: login and role decide which column is theirs and what is hidden."""

    def __init__(self, login: str, role: Role) -> None:
        self.login = login
        self.role = role

    def sees_other(self, state: GroupState, examennummer: str) -> bool:
        return may_see_other_column(state, examennummer, self.role)

    def owns(self, column: Role) -> bool:
        return self.role is column


def _score(value: int | None) -> Shown:
    return EMPTY if value is None else Shown(f"{value:>2}")


def _final(state: GroupState, examennummer: str, criterium: Criterium, viewer: Viewer) -> Shown:
    if state.aanvulling_for(criterium.code) is not None:
        return Shown(f"{criterium.max:>2}", "set")
    cell = state.cell(examennummer, criterium.code)
    if cell.vastgesteld is not None:
        who = signs.OWN if cell.vastgesteld_door == viewer.login else (cell.vastgesteld_door or "")
        return Shown(f"{cell.vastgesteld:>2} {who}".rstrip(), "set")
    value = final_score(state, examennummer, criterium.code)
    return EMPTY if value is None else Shown(f"{value:>2}", "agreed")


def criterium_view(
    state: GroupState,
    examennummer: str,
    criterium: Criterium,
    viewer: Viewer,
    remarks: RemarkIndex,
    typing: str | None = None,
    visible: bool | None = None,
) -> CriteriumView:
    """`visible` may be passed in when the caller already knows it, to build a whole table in one pass."""
    code = criterium.code
    cell = state.cell(examennummer, code)
    if visible is None:
        visible = viewer.sees_other(state, examennummer)
    difference = visible and is_difference(state, examennummer, code)
    columns: dict[Role, Shown] = {}
    for column in (Role.EXAMINATOR, Role.TWEEDE):
        value = cell.column(column)
        if viewer.owns(column):
            if typing is not None:
                shown = Shown(f"{typing}_", "typing")
            elif difference:
                shown = Shown(f"{value:>2}", "difference")
            else:
                shown = Shown(EMPTY.text, "empty") if value is None else Shown(f"{value:>2}", "own")
        elif not visible:
            shown = HIDDEN
        elif difference:
            shown = Shown(f"{value:>2}", "difference")
        else:
            shown = _score(value)
        if column is Role.TWEEDE and cell.akkoord and shown.kind not in ("typing", "hidden"):
            shown = Shown(f"{value:>2} {signs.AKKOORD}", "agreed")
        columns[column] = shown
    flags = (
        (signs.DIFFERENCE if difference else " ")
        + (signs.REMARK if remarks.on_criterium(examennummer, code) else " ")
        + (signs.MELDING if state.meldingen_for(code) else " ")
        + (signs.AANVULLING if state.aanvulling_for(code) is not None else " ")
    )
    return CriteriumView(
        code=code,
        omschrijving=criterium.omschrijving,
        max=str(criterium.max),
        first=columns[Role.EXAMINATOR],
        second=columns[Role.TWEEDE],
        final=_final(state, examennummer, criterium, viewer) if visible else HIDDEN,
        flags=flags,
    )


def total_shown(values: list[int | None]) -> Shown:
    """A sum that says what it misses: `-` without any score, `≥` before a sum that still lacks some."""
    given = [v for v in values if v is not None]
    if not given:
        return Shown(signs.EMPTY, "total")
    partial = signs.PARTIAL if len(given) < len(values) else ""
    return Shown(f"{partial}{sum(given)}".rjust(2), "total")


def opdracht_view(
    state: GroupState, examennummer: str, opdracht: Opdracht, viewer: Viewer, visible: bool | None = None
) -> OpdrachtView:
    if visible is None:
        visible = viewer.sees_other(state, examennummer)
    values: dict[Role | None, list[int | None]] = {Role.EXAMINATOR: [], Role.TWEEDE: [], None: []}
    for criterium in opdracht.criteria:
        cell = state.cell(examennummer, criterium.code)
        values[Role.EXAMINATOR].append(cell.examinator)
        values[Role.TWEEDE].append(cell.tweede)
        values[None].append(final_score(state, examennummer, criterium.code))

    def total(column: Role | None) -> Shown:
        if (column is not None and viewer.owns(column)) or visible:
            return total_shown(values[column])
        return HIDDEN

    return OpdrachtView(
        nummer=opdracht.nummer,
        titel=opdracht.titel,
        max=str(opdracht.max_score),
        first=total(Role.EXAMINATOR),
        second=total(Role.TWEEDE),
        final=total(None),
    )


def criteria_rows(
    state: GroupState,
    examennummer: str,
    viewer: Viewer,
    remarks: RemarkIndex,
    typing: tuple[str, str] | None = None,
) -> list[OpdrachtView | CriteriumView]:
    """The whole criteria table of one candidate; `typing` is (code, digits so far)."""
    rows: list[OpdrachtView | CriteriumView] = []
    visible = viewer.sees_other(state, examennummer)
    for opdracht in state.model.opdrachten:
        rows.append(opdracht_view(state, examennummer, opdracht, viewer, visible))
        for criterium in opdracht.criteria:
            digits = typing[1] if typing and typing[0] == criterium.code else None
            rows.append(criterium_view(state, examennummer, criterium, viewer, remarks, digits, visible))
    return rows


def candidate_view(state: GroupState, examennummer: str, viewer: Viewer, remarks: RemarkIndex) -> CandidateView:
    candidate = state.candidate(examennummer)
    visible = viewer.sees_other(state, examennummer)
    absent = state.is_absent(examennummer)

    def count(column: Role) -> str:
        done, total = progress(state, examennummer, column)
        return f"{done}/{total}"

    if absent:
        status = signs.ABSENT
    elif visible and candidate_complete(state, examennummer):
        status = signs.COMPLETE
    else:
        status = " "
    difference = visible and not absent and any(
        is_difference(state, examennummer, c.code) for c in state.model.criteria
    )
    flags = (
        status
        + (signs.DIFFERENCE if difference else " ")
        + (signs.REMARK if remarks.on_candidate(examennummer) else " ")
        + (signs.ONDERSTEUNING if state.ondersteuning_for(examennummer) is not None else " ")
    )
    return CandidateView(
        examennummer=examennummer,
        naam=candidate.naam,
        first=count(Role.EXAMINATOR),
        second=count(Role.TWEEDE),
        flags=flags,
    )


def candidate_line(
    state: GroupState, examennummer: str, viewer: Viewer, remarks: RemarkIndex, position: int, count: int
) -> str:
    """Whose work is on screen, always in view: number and name first, so a narrow terminal cuts only the rest."""
    candidate = state.candidate(examennummer)
    parts = [f"Kandidaat {examennummer} {candidate.naam} ({position} van {count})"]
    if state.is_absent(examennummer):
        parts.append(f"{signs.ABSENT} afwezig")
    else:
        if viewer.role is not Role.SECRETARIS:
            done, total = progress(state, examennummer, viewer.role)
            parts.append(f"jij {done}/{total}")
        visible = viewer.sees_other(state, examennummer)
        differences = sum(1 for c in state.model.criteria if visible and is_difference(state, examennummer, c.code))
        if differences:
            parts.append(f"{signs.DIFFERENCE} {differences} {'verschil' if differences == 1 else 'verschillen'}")
        elif visible and candidate_complete(state, examennummer):
            parts.append(f"{signs.COMPLETE} vastgesteld")
    if remarks.on_candidate(examennummer):
        parts.append(f"{signs.REMARK} open opmerking")
    if state.ondersteuning_for(examennummer) is not None:
        parts.append(f"{signs.ONDERSTEUNING} ondersteuning")
    return " · ".join(parts)


@dataclass(frozen=True)
class GroupRow:
    """One line of the start screen; frozen and comparable, so only a changed row is redrawn."""

    group_id: str
    label: str
    cspe: tuple[str, str, int]
    werkwijze: Werkwijze
    candidates: int
    first: str
    second: str
    final: str
    open_remarks: int
    closed: bool
    role: Role
    withdrawn: str | None = None
    """The reden when the group is vervallen."""
    tampered: str | None = None
    """What differs when a closed group's files do not match its log."""
    melding: bool = False
    """The group's correctiemodel has a melding for the Examenloket."""


def group_row(summary: GroupSummary, role: Role, melding: bool = False) -> GroupRow:
    """The store's summary (progress counted in candidates) as the start screen shows it to `role`."""
    key = summary.model_key
    total = summary.candidates

    def who(column: Role) -> str:
        login = summary.examinator if column is Role.EXAMINATOR else summary.tweede
        return f"{login} {signs.OWN}" if role is column else login

    return GroupRow(
        group_id=summary.group_id,
        label=f"{key.profielvak} {key.leerweg} {key.jaar} {key.versie} {key.onderdeel}",
        cspe=key.cspe,
        werkwijze=summary.werkwijze,
        candidates=total,
        first=f"{who(Role.EXAMINATOR)} {summary.first_done}/{total}",
        second=f"{who(Role.TWEEDE)} {summary.second_done}/{total}",
        final=f"{summary.final_done}/{total}",
        open_remarks=summary.open_remarks,
        closed=summary.closed,
        role=role,
        withdrawn=summary.withdrawn,
        tampered=summary.tampered,
        melding=melding,
    )


@dataclass(frozen=True)
class TotalsView:
    """Per opdracht and for the onderdeel: max, both columns and the vastgestelde total."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Shown, ...]], ...]


def column_labels(viewer: Viewer) -> tuple[str, str, str]:
    first = "Exam." + (f" {signs.OWN}" if viewer.owns(Role.EXAMINATOR) else "")
    second = "Tweede" + (f" {signs.OWN}" if viewer.owns(Role.TWEEDE) else "")
    return first, second, "Vastgesteld"


def totals_view(state: GroupState, examennummer: str, viewer: Viewer) -> TotalsView:
    visible = viewer.sees_other(state, examennummer)
    opdrachten = [opdracht_view(state, examennummer, o, viewer, visible) for o in state.model.opdrachten]
    headers = tuple(o.nummer for o in opdrachten) + ("Onderdeel",)
    rows: list[tuple[str, tuple[Shown, ...]]] = [
        ("Max", tuple(Shown(o.max) for o in opdrachten) + (Shown(str(state.model.max_score), "total"),))
    ]
    first, second, final = column_labels(viewer)
    for label, attr, column in ((first, "first", Role.EXAMINATOR), (second, "second", Role.TWEEDE), (final, "final", None)):
        cells = tuple(getattr(o, attr) for o in opdrachten)
        shown = (column is not None and viewer.owns(column)) or visible
        if shown:
            total = _sum_of_totals(cells)
        else:
            label = f"{label} ({signs.HIDDEN})"
            cells = tuple(Shown("", "hidden") for _ in cells)
            total = Shown("", "total")
        rows.append((label, cells + (total,)))
    return TotalsView(headers=headers, rows=tuple(rows))


def _sum_of_totals(cells: tuple[Shown, ...]) -> Shown:
    """The onderdeel's total from the opdrachten's: partial when any of them is, `-` when none has a score."""
    texts = [c.text.strip() for c in cells]
    given = [t.removeprefix(signs.PARTIAL) for t in texts if t != signs.EMPTY]
    if not given:
        return Shown(signs.EMPTY, "total")
    partial = len(given) < len(texts) or any(t.startswith(signs.PARTIAL) for t in texts)
    return Shown(f"{signs.PARTIAL if partial else ''}{sum(int(t) for t in given)}", "total")
