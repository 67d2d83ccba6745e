"""What one row of the criteria table shows, computed from a GroupState by the domain rules.

Pure and comparable: the screen recomputes a row and hands it to a widget only when
it differs, so a keypress or a change from the other terminal costs one line.
"""

from __future__ import annotations

from dataclasses import dataclass

from cspe_tui.domain.correctiemodel import Criterium, Opdracht
from cspe_tui.domain.group import GroupState, Role, final_score, is_difference

from . import signs
from .remark_index import RemarkIndex
from .shown import EMPTY, HIDDEN, Shown, total_shown
from .viewer import Viewer


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
