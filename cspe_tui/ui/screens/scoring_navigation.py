"""Moving through a group on the scoring screen: candidates, the next open criterium, the next difference.

Mixed into ScoringScreen; where to go is decided by the pure functions in cspe_tui/ui/navigation.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from cspe_tui.ui import navigation
from cspe_tui.ui.widgets.line_table import LineTable

if TYPE_CHECKING:
    from cspe_tui.ui.screens.scoring import ScoringScreen


def cursor_bindings() -> list[BindingType]:
    """The criteria table's cursor keys (same ids, so a keymap moves them too), run by the screen."""
    return [replace(b, action=f"criteria_cursor('{b.action}')") for b in LineTable.BINDINGS if isinstance(b, Binding)]


class ScoringNavigation:
    def action_criteria_cursor(self: ScoringScreen, action: str) -> None:
        """Move, then show totals and detail at once; the table's Highlighted then finds nothing to do."""
        self._cancel_typing()
        getattr(self.criteria, f"action_{action}")()
        self._show_totals_and_detail()

    def _go(self: ScoringScreen, examennummer: str, code: str | None = None) -> None:
        if examennummer != self.current:
            self.candidates.move_cursor(self.candidates.index_of(examennummer))
            self._show_candidate(examennummer, code or self._first_code_to_do(examennummer))
        elif code is not None:
            self.criteria.move_to_code(code)
        self.follow_position()
        self._show_totals_and_detail()

    def _step_candidate(self: ScoringScreen, step: int) -> None:
        numbers = [c.examennummer for c in self.state.candidates]
        index = numbers.index(self.current) + step
        if 0 <= index < len(numbers):
            self._go(numbers[index], self.criteria.cursor_code if self.per_opdracht else None)
        else:
            self.status.say("Dit is de laatste kandidaat." if step > 0 else "Dit is de eerste kandidaat.")

    def action_next_candidate(self: ScoringScreen) -> None:
        self._step_candidate(1)

    def action_previous_candidate(self: ScoringScreen) -> None:
        self._step_candidate(-1)

    def _position(self: ScoringScreen) -> navigation.Position:
        return self.current, self.criteria.cursor_code or self.state.model.criteria[0].code

    def _go_to(self: ScoringScreen, found: navigation.Position | None, none_left: str) -> None:
        if found is None:
            self.status.say(none_left)
        else:
            self._go(*found)

    def action_next_unscored(self: ScoringScreen) -> None:
        self._cancel_typing()
        self._go_to(navigation.next_unscored(self.state, self.viewer.role, self._position()), "Alles is gescoord.")

    def action_next_difference(self: ScoringScreen) -> None:
        """The current candidate's differences first (also those above the cursor), then the next candidates."""
        self._cancel_typing()
        found = navigation.next_difference(self.state, self.viewer.role, self._position())
        self._go_to(found, "Er zijn geen open verschillen.")

    def action_toggle_candidates(self: ScoringScreen) -> None:
        narrow = self.has_class("-narrow")
        showing = self.has_class("-show-candidates") if narrow else not self.has_class("-hide-candidates")
        self.set_class(narrow and not showing, "-show-candidates")
        self.set_class(not narrow and showing, "-hide-candidates")
        if not showing:
            self.candidates.focus()
        else:
            self.criteria.focus()

    def action_back(self: ScoringScreen) -> None:
        if self.typing is not None:
            self._drop_typing()
            return
        self.app.pop_screen()
