"""A group in one small record: what the start screen lists, without the group's cells.

The store keeps one beside each group's checkpoint, so listing forty groups reads forty
small files instead of folding forty logs. `summarize` counts from a whole state;
`advance` carries a summary over one change by recounting only the candidates it touched,
so a keypress does not walk every cell. Both give the same answer (a property test holds
them to it).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from .correctiemodel import ModelKey
from .group import GroupState, Role, Werkwijze, candidate_complete, column_complete


class GroupSummary(BaseModel):
    """Progress counted in candidates: done when every criterium is scored, or the candidate was absent."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    group_id: str
    model_key: ModelKey
    examinator: str
    tweede: str
    werkwijze: Werkwijze
    candidates: int
    first_done: int
    second_done: int
    final_done: int
    open_remarks: int
    aanvullingen: int
    """Applied aanvullingen: fewer than the folder holds means the group still has one to take in."""
    closed: bool
    withdrawn: str | None = None
    """The reden when the group is vervallen."""
    tampered: str | None = None
    """Set by the store when a closed group's files differ from its log (the counts are then the log's); never stored."""

    def role_of(self, login: str) -> Role | None:
        if login == self.examinator:
            return Role.EXAMINATOR
        if login == self.tweede:
            return Role.TWEEDE
        return None


def _done(state: GroupState, examennummer: str) -> tuple[bool, bool, bool]:
    """(first column, second column, vastgesteld) complete for one candidate."""
    if state.is_absent(examennummer):
        return True, True, True
    return (
        column_complete(state, examennummer, Role.EXAMINATOR),
        column_complete(state, examennummer, Role.TWEEDE),
        candidate_complete(state, examennummer),
    )


def _head(state: GroupState, first: int, second: int, final: int) -> GroupSummary:
    info = state.info
    return GroupSummary(
        group_id=info.group_id,
        model_key=info.model_key,
        examinator=info.examinator,
        tweede=info.tweede,
        werkwijze=info.werkwijze,
        candidates=len(state.candidates),
        first_done=first,
        second_done=second,
        final_done=final,
        open_remarks=sum(1 for r in state.remarks if r.open),
        aanvullingen=len(state.aanvullingen),
        closed=state.closed,
        withdrawn=state.withdrawn.reden if state.withdrawn is not None else None,
    )


def summarize(state: GroupState) -> GroupSummary:
    """The summary from the whole state: every candidate's cells."""
    counts = [0, 0, 0]
    for candidate in state.candidates:
        for i, done in enumerate(_done(state, candidate.examennummer)):
            counts[i] += done
    return _head(state, *counts)


def _same(old: object, new: object) -> bool:
    return old is new or old == new


def advance(summary: GroupSummary, old: GroupState, new: GroupState, touched: set[str]) -> GroupSummary:
    """The summary of `new`, given `summary` of `old` and the candidates whose cells changed between them.

    A change to who is absent, the candidates, the aanvullingen or the model can move any
    candidate, so those count again from scratch.
    """
    if not (
        _same(old.absent, new.absent)
        and _same(old.candidates, new.candidates)
        and _same(old.aanvullingen, new.aanvullingen)
        and old.model is new.model
        and old.info.werkwijze is new.info.werkwijze
    ):
        return summarize(new)
    counts = [summary.first_done, summary.second_done, summary.final_done]
    numbers = {c.examennummer for c in new.candidates}
    for nr in touched & numbers:
        for i, (was, now) in enumerate(zip(_done(old, nr), _done(new, nr))):
            counts[i] += now - was
    return _head(new, *counts)
