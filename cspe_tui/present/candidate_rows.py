"""What the candidate list and the line above the grid show of one candidate (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

from cspe_tui.domain.group import GroupState, Role, candidate_complete, is_difference, progress

from . import signs
from .remark_index import RemarkIndex
from .viewer import Viewer


@dataclass(frozen=True)
class CandidateView:
    examennummer: str
    naam: str
    first: str
    second: str
    flags: str


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
