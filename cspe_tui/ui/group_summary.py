"""One line of the start screen per group: who scores it and how far each column is."""

from __future__ import annotations

from dataclasses import dataclass

from cspe_tui.domain.group import GroupState, Role, Werkwijze, candidate_complete, progress

from . import signs


@dataclass(frozen=True)
class GroupSummary:
    """One line of the start screen."""

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


def group_summary(state: GroupState, role: Role) -> GroupSummary:
    """Progress counted in candidates: done when every criterium is scored, or the candidate was absent."""
    numbers = [c.examennummer for c in state.candidates]
    total = len(numbers)

    def done(column: Role) -> int:
        return sum(
            1
            for nr in numbers
            if state.is_absent(nr) or progress(state, nr, column)[0] == len(state.model.criteria)
        )

    key = state.info.model_key

    def who(column: Role) -> str:
        login = state.info.examinator if column is Role.EXAMINATOR else state.info.tweede
        return f"{login} {signs.OWN}" if role is column else login

    return GroupSummary(
        group_id=state.info.group_id,
        label=f"{key.profielvak} {key.leerweg} {key.jaar} {key.versie} {key.onderdeel}",
        cspe=key.cspe,
        werkwijze=state.info.werkwijze,
        candidates=total,
        first=f"{who(Role.EXAMINATOR)} {done(Role.EXAMINATOR)}/{total}",
        second=f"{who(Role.TWEEDE)} {done(Role.TWEEDE)}/{total}",
        final=f"{sum(1 for nr in numbers if candidate_complete(state, nr))}/{total}",
        open_remarks=sum(1 for r in state.remarks if r.open),
        closed=state.closed,
        role=role,
        withdrawn=state.withdrawn.reden if state.withdrawn is not None else None,
    )
