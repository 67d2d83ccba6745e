"""What a typed score does on the scoring screen: checked, written, folded, and the cursor moves on.

Functions of the screen, called from its handlers of the tables' messages (score_typing.py).
A write goes through the screen's GroupLog, which folds what `execute` committed; all of it
happens in the handler the key waits for, so the key changes the screen in one frame.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspe_tui.domain.commands import SetScore
from cspe_tui.domain.correctiemodel import Criterium
from cspe_tui.domain.group import Role, ScoreError, check_score
from cspe_tui.store import StoreError
from cspe_tui.ui.bindings import key_for
from cspe_tui.ui.entry import Typed
from cspe_tui.ui.widgets.score_typing import DigitWaiting, EnterPressed, ScoreCleared, ScoreTyped, TypingDropped

if TYPE_CHECKING:
    from cspe_tui.ui.screens.scoring import ScoringScreen


def give_waiting(screen: ScoringScreen, typed: Typed) -> None:
    """A digit that waited for a second one, given as it is (or refused, said so) when the cursor leaves."""
    criterium = screen.state.model.criterium(typed.code)
    if typed.value in criterium.allowed and not screen.readonly:
        if write_own(screen, typed.code, typed.value):
            screen.status.say(f"{typed.code}: {typed.value} gegeven.")
    else:
        screen.refresh_rows(screen.current, {typed.code})
        screen.fail(f"{typed.code}: {typed.digits} is niet gegeven ({typed.digits} mag niet bij dit criterium).")


def absent_refused(screen: ScoringScreen) -> bool:
    """A score for a candidate who is absent is refused, and what waits is forgotten."""
    if not screen.state.is_absent(screen.current):
        return False
    screen.criteria.drop_typing()
    screen.grid.drop_typing()
    screen.fail(f"{screen.current} is afwezig voor dit onderdeel; zet dat eerst terug.")
    return True


def typing_gone(screen: ScoringScreen, code: str) -> None:
    """A waiting digit was dropped (Esc, Backspace): its row again, and a word about it."""
    screen.refresh_rows(screen.current, {code})
    screen.status.say(f"{code}: het getypte cijfer is gewist.")


def clear_own(screen: ScoringScreen) -> None:
    """Backspace: your own score here; right after giving one, of the criterium just given."""
    given, screen.last_given = screen.last_given, None
    if given is not None and given[0] == screen.current and given[2] == screen.criteria.cursor_code:
        screen.criteria.move_to_code(given[1])
    code = screen.criteria.cursor_code
    if code is not None and screen.state.cell(screen.current, code).column(screen.viewer.role) is not None:
        if write_own(screen, code, None):
            screen.status.say(f"Je score bij {code} is gewist.")


def give(screen: ScoringScreen, criterium: Criterium, value: int) -> None:
    try:
        check_score(criterium, value)
    except ScoreError as exc:
        screen.refresh_rows(screen.current, {criterium.code})
        screen.fail(str(exc))
        return
    if write_own(screen, criterium.code, value, panels=False):
        screen.status.clear()
        advance(screen, criterium.code)
        screen.last_given = (screen.current, criterium.code, screen.criteria.cursor_code)


def write_own(screen: ScoringScreen, code: str, value: int | None, panels: bool = True) -> bool:
    """`panels=False` when the cursor moves on next: the panels are shown once, for where it lands."""
    try:
        screen.commit(SetScore(examennummer=screen.current, criterium=code, value=value), panels=panels)
    except StoreError as exc:
        screen.refresh_rows(screen.current, {code})
        screen.fail(str(exc))
        return False
    return True


def advance(screen: ScoringScreen, code: str) -> None:
    """To the next criterium (per opdracht: across the row, then down), with its panels in the same frame."""
    if screen.per_opdracht:
        opdracht = screen.sheet.opdracht(screen.held)
        goal = screen.nav.step_across(screen.state, [c.code for c in opdracht.criteria], code)
        if goal is None:
            screen.status.say(f"Opdracht {opdracht.nummer} is rond voor de laatste kandidaat.")
        else:
            screen.go(goal)
            screen.grid.move_to(goal.examennummer, goal.code or code)
    else:
        _next_row(screen, code)
    screen.show_panels()


def _next_row(screen: ScoringScreen, code: str) -> None:
    criteria = screen.state.model.criteria
    position = next(i for i, c in enumerate(criteria) if c.code == code)
    if position + 1 < len(criteria):
        screen.criteria.move_to_code(criteria[position + 1].code)
    elif screen.viewer.role is not Role.SECRETARIS and not any(
        screen.nav.is_open(screen.state, screen.current, c.code) for c in criteria
    ):
        screen.status.say(
            f"Kandidaat {screen.current} {screen.state.candidate(screen.current).naam} is klaar. "
            f"Volgende kandidaat: {key_for(screen, 'volgende-kandidaat')}."
        )


# --- the screen's handlers of the tables' messages (bound in ScoringScreen with @on and settles) ---


def digit_waiting(screen: ScoringScreen, message: DigitWaiting) -> None:
    if not absent_refused(screen):
        screen.refresh_rows(screen.current, {message.code})
        screen.status.say(
            f"{message.code}: {message.digits}_  typ het tweede cijfer, of "
            f"{key_for(screen, 'bevestigen')} voor {message.digits}",
            sticky=True,
        )


def score_typed(screen: ScoringScreen, message: ScoreTyped) -> None:
    if not absent_refused(screen):
        give(screen, screen.state.model.criterium(message.code), message.typed.value)


def enter_pressed(screen: ScoringScreen, message: EnterPressed) -> None:
    screen.criteria.action_cursor_down()


def typing_dropped(screen: ScoringScreen, message: TypingDropped) -> None:
    typing_gone(screen, message.code)


def score_cleared(screen: ScoringScreen, message: ScoreCleared) -> None:
    clear_own(screen)
