"""Typing scores on the scoring screen: one digit, or two for a criterium with max 10 or more.

A score is written, what was committed is folded (`_commit`) and the cursor moves on, all in
the key's own handler, so the key changes the screen in one frame. Mixed into ScoringScreen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspe_tui.domain.commands import SetScore
from cspe_tui.domain.correctiemodel import Criterium
from cspe_tui.domain.group import Role, ScoreError, check_score
from cspe_tui.store import StoreError
from cspe_tui.ui.bindings import key_for

if TYPE_CHECKING:
    from cspe_tui.ui.screens.scoring import ScoringScreen


class ScoringEntry:
    @property
    def typing(self: ScoringScreen) -> tuple[str, str] | None:
        return self.entry.pending

    def _cancel_typing(self: ScoringScreen) -> None:
        """The cursor leaves or another action starts: a waiting digit is given, never dropped silently."""
        typed = self.entry.flush()
        if typed is None:
            return
        if not self.is_mounted:
            return
        criterium = self.state.model.criterium(typed.code)
        if typed.value in criterium.allowed and not self.readonly:
            if self._write_own(typed.code, typed.value):
                self.status.say(f"{typed.code}: {typed.value} gegeven.")
        else:
            self._refresh_rows(self.current, {typed.code})
            self._fail(f"{typed.code}: {typed.digits} is niet gegeven ({typed.digits} mag niet bij dit criterium).")

    def _drop_typing(self: ScoringScreen) -> None:
        """Esc: drop the waiting digit, and say so."""
        code = self.entry.cancel()
        if code is not None:
            self._refresh_rows(self.current, {code})
            self.status.say(f"{code}: het getypte cijfer is gewist.")

    def action_digit(self: ScoringScreen, digit: int) -> None:
        code = self.criteria.cursor_code
        if code is None:
            return
        if self.state.is_absent(self.current):
            self._fail(f"{self.current} is afwezig voor dit onderdeel; zet dat eerst terug.")
            return
        criterium = self.state.model.criterium(code)
        typed = self.entry.type(code, digit, criterium.allowed)
        if not typed.complete:
            self._refresh_rows(self.current, {code})
            self.status.say(
                f"{code}: {typed.digits}_  typ het tweede cijfer, of {key_for(self, 'bevestigen')} voor {typed.digits}",
                sticky=True,
            )
            return
        self._give_score(criterium, typed.value)

    def action_enter(self: ScoringScreen) -> None:
        typed = self.entry.flush()
        if typed is None:
            self.criteria.action_cursor_down()
            return
        self._give_score(self.state.model.criterium(typed.code), typed.value)

    def _give_score(self: ScoringScreen, criterium: Criterium, value: int) -> None:
        try:
            check_score(criterium, value)
        except ScoreError as exc:
            self._refresh_rows(self.current, {criterium.code})
            self._fail(str(exc))
            return
        if self._write_own(criterium.code, value, panels=False):
            self.status.clear()
            self._advance(criterium.code)
            self.last_given = (self.current, criterium.code, self.criteria.cursor_code)

    def _write_own(self: ScoringScreen, code: str, value: int | None, panels: bool = True) -> bool:
        """`panels=False` when the cursor moves on next: the panels are shown once, for where it lands."""
        try:
            self._commit(SetScore(examennummer=self.current, criterium=code, value=value), panels=panels)
        except StoreError as exc:
            self._refresh_rows(self.current, {code})
            self._fail(str(exc))
            return False
        return True

    def _advance(self: ScoringScreen, code: str) -> None:
        """To the next criterium, with its totals and detail in the same frame."""
        self._move_on(code)
        self._show_totals_and_detail()

    def _move_on(self: ScoringScreen, code: str) -> None:
        if self.per_opdracht:
            self.advance_across(code)
            return
        criteria = self.state.model.criteria
        position = next(i for i, c in enumerate(criteria) if c.code == code)
        if position + 1 < len(criteria):
            self.criteria.move_to_code(criteria[position + 1].code)
        elif self.viewer.role is not Role.SECRETARIS and not any(
            self._is_open_for_me(self.current, c) for c in criteria
        ):
            self.status.say(
                f"Kandidaat {self.current} {self.state.candidate(self.current).naam} is klaar. "
                f"Volgende kandidaat: {key_for(self, 'volgende-kandidaat')}."
            )

    def action_clear_score(self: ScoringScreen) -> None:
        if self.entry.pending is not None:
            self._drop_typing()
            return
        given, self.last_given = self.last_given, None
        if given is not None and given[0] == self.current and given[2] == self.criteria.cursor_code:
            self.criteria.move_to_code(given[1])
        code = self.criteria.cursor_code
        if code is not None and self.state.cell(self.current, code).column(self.viewer.role) is not None:
            if self._write_own(code, None):
                self.status.say(f"Je score bij {code} is gewist.")
