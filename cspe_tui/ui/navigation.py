"""Where the cursor goes next: pure functions over a GroupState, shared by both scoring views.

A position is (examennummer, criterium code). Searches start just after the cursor,
finish the current candidate (its earlier criteria too) and only then go on to the
next candidates, so `d` and `l` never skip what is right in front of the examinator.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cspe_tui.domain.group import (
    GroupState,
    Role,
    candidate_complete,
    final_score,
    is_difference,
    may_see_other_column,
)

Position = tuple[str, str]
Wanted = Callable[[GroupState, str, str], bool]


def is_open_for(state: GroupState, role: Role, examennummer: str, code: str) -> bool:
    """Still to do for this role: no own score yet (the secretaris: nothing vastgesteld yet)."""
    if role is Role.SECRETARIS:
        return final_score(state, examennummer, code) is None
    return state.cell(examennummer, code).column(role) is None


def first_candidate_to_do(state: GroupState, role: Role) -> str:
    numbers = [c.examennummer for c in state.candidates]
    if role is Role.SECRETARIS:
        return numbers[0]
    for nr in numbers:
        if not state.is_absent(nr) and any(is_open_for(state, role, nr, c.code) for c in state.model.criteria):
            return nr
    return numbers[0]


def first_code_to_do(state: GroupState, role: Role, examennummer: str, codes: list[str] | None = None) -> str:
    """The first open criterium of the candidate among `codes` (default: the whole model)."""
    codes = codes if codes is not None else [c.code for c in state.model.criteria]
    return next((code for code in codes if is_open_for(state, role, examennummer, code)), codes[0])


def _positions(state: GroupState, start: Position) -> Iterator[Position]:
    """Every position once: after the cursor, the candidate's earlier ones, then the next candidates round."""
    numbers = [c.examennummer for c in state.candidates]
    codes = [c.code for c in state.model.criteria]
    nr, code = start
    at = codes.index(code) if code in codes else -1
    for c in codes[at + 1:] + codes[: at + 1]:
        yield nr, c
    first = numbers.index(nr)
    for step in range(1, len(numbers)):
        other = numbers[(first + step) % len(numbers)]
        for c in codes:
            yield other, c


def search(state: GroupState, start: Position, wanted: Wanted) -> Position | None:
    """The first position after `start` that `wanted` accepts; absent candidates are skipped."""
    for nr, code in _positions(state, start):
        if not state.is_absent(nr) and wanted(state, nr, code):
            return nr, code
    return None


def next_unscored(state: GroupState, role: Role, start: Position) -> Position | None:
    return search(state, start, lambda s, nr, code: is_open_for(s, role, nr, code))


def next_difference(state: GroupState, role: Role, start: Position) -> Position | None:
    """Differences the viewer may see (in gelijktijdig only after scoring the candidate)."""
    return search(
        state, start, lambda s, nr, code: may_see_other_column(s, nr, role) and is_difference(s, nr, code)
    )


def open_differences(state: GroupState, role: Role, examennummer: str) -> list[str]:
    """The candidate's differences that the role may see (in gelijktijdig only after scoring them all)."""
    if not may_see_other_column(state, examennummer, role):
        return []
    return [c.code for c in state.model.criteria if is_difference(state, examennummer, c.code)]


def is_unfinished(state: GroupState, role: Role, examennummer: str) -> bool:
    """Not finished for this role: own criteria without a score, or differences still open.

    The examensecretaris reads along: for them, a candidate without every vastgestelde score."""
    if state.is_absent(examennummer):
        return False
    if role is Role.SECRETARIS:
        return not candidate_complete(state, examennummer)
    codes = (c.code for c in state.model.criteria)
    return any(is_open_for(state, role, examennummer, code) for code in codes) or bool(
        open_differences(state, role, examennummer)
    )


def next_unfinished(state: GroupState, role: Role, current: str) -> str | None:
    """The next candidate after `current` that is not finished, round to the start; `current` itself last."""
    numbers = [c.examennummer for c in state.candidates]
    first = numbers.index(current)
    for step in range(1, len(numbers) + 1):
        nr = numbers[(first + step) % len(numbers)]
        if is_unfinished(state, role, nr):
            return nr
    return None


def is_before(state: GroupState, earlier: Position, later: Position) -> bool:
    """Whether `earlier` comes before `later` in the group's order: a search that lands there went round."""
    numbers = [c.examennummer for c in state.candidates]
    codes = [c.code for c in state.model.criteria]
    return (numbers.index(earlier[0]), codes.index(earlier[1])) < (numbers.index(later[0]), codes.index(later[1]))


def step_across(state: GroupState, codes: list[str], position: Position) -> Position | None:
    """Per opdracht: the next criterium of the row, then the first one of the next candidate."""
    nr, code = position
    at = codes.index(code)
    if at + 1 < len(codes):
        return nr, codes[at + 1]
    numbers = [c.examennummer for c in state.candidates]
    index = numbers.index(nr)
    for other in numbers[index + 1:]:
        if not state.is_absent(other):
            return other, codes[0]
    return None


@dataclass(frozen=True)
class Goal:
    """Where a key sends the screen, and why (said on the status line); `code` None: the first to do."""

    examennummer: str
    code: str | None
    why: str = ""


class Navigator:
    """The screen's place in its group (the current candidate) and where n, p, N, l and d go from it.

    Plain state over the pure searches above: the screen asks, moves its widgets to the
    Goal it gets (or says the Dutch sentence it gets instead) and tells it where it is."""

    def __init__(self, state: GroupState, role: Role) -> None:
        self.role = role
        self.current = first_candidate_to_do(state, role)

    def first_code(self, state: GroupState, examennummer: str) -> str:
        return first_code_to_do(state, self.role, examennummer)

    def is_open(self, state: GroupState, examennummer: str, code: str) -> bool:
        return is_open_for(state, self.role, examennummer, code)

    def step(self, state: GroupState, step: int, code: str | None) -> Goal | str:
        """n and p: the next or previous candidate (per opdracht on the same criterium)."""
        numbers = [c.examennummer for c in state.candidates]
        index = numbers.index(self.current) + step
        if 0 <= index < len(numbers):
            return Goal(numbers[index], code)
        return "Dit is de laatste kandidaat." if step > 0 else "Dit is de eerste kandidaat."

    def _found(self, state: GroupState, found: Position, start: Position, why: str) -> Goal:
        """A search that went past the last candidate (or back up this one) says it started again."""
        if is_before(state, found, start):
            why = f"{why} (weer vooraan)"
        return Goal(found[0], found[1], why)

    def next_unscored(self, state: GroupState, code: str) -> Goal | str:
        """l: the next criterium without your score (the secretaris: not vastgesteld), round to earlier gaps."""
        start = (self.current, code)
        found = next_unscored(state, self.role, start)
        if found is None:
            return (
                "Alles is vastgesteld." if self.role is Role.SECRETARIS
                else "Alles heeft een score van je: er is geen leeg criterium meer."
            )
        what = "nog niet vastgesteld" if self.role is Role.SECRETARIS else "nog geen score van je"
        return self._found(state, found, start, f"{found[1]} heeft {what}")

    def next_difference(self, state: GroupState, code: str) -> Goal | str:
        """d: the current candidate's differences first (also those above the cursor), then the next candidates."""
        start = (self.current, code)
        found = next_difference(state, self.role, start)
        if found is None:
            return "Er zijn geen open verschillen."
        return self._found(state, found, start, f"verschil bij {found[1]}")

    def next_unfinished(self, state: GroupState) -> Goal | str:
        """N: the next candidate with criteria still without your score, or with open differences."""
        role = self.role
        found = next_unfinished(state, role, self.current)
        if found is None:
            return "Alle kandidaten zijn klaar."
        if found == self.current:
            return "Alleen deze kandidaat is nog niet klaar."
        codes = [c.code for c in state.model.criteria]
        own = [code for code in codes if is_open_for(state, role, found, code)]
        differences = [] if role is Role.SECRETARIS else open_differences(state, role, found)
        parts = []
        if own:
            parts.append(
                f"{len(own)} {'criterium' if len(own) == 1 else 'criteria'} "
                + ("nog niet vastgesteld" if role is Role.SECRETARIS else "zonder score van je")
            )
        if differences:
            parts.append(f"{len(differences)} {'verschil' if len(differences) == 1 else 'verschillen'}")
        numbers = [c.examennummer for c in state.candidates]
        wrapped = numbers.index(found) < numbers.index(self.current)
        return Goal(found, (own or differences or [None])[0], " en ".join(parts) + (" (weer vooraan)" if wrapped else ""))

    def step_across(self, state: GroupState, codes: list[str], code: str) -> Goal | None:
        """Per opdracht, after a score: the next criterium of the row, then the next candidate's first."""
        found = step_across(state, codes, (self.current, code))
        return None if found is None else Goal(*found)
