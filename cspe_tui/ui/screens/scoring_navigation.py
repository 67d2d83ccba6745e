"""Moving through a group on the scoring screen: candidates, the next open criterium, the next difference.

Mixed into ScoringScreen; where to go is decided by the pure functions in cspe_tui/ui/navigation.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from textual.binding import Binding, BindingType

from cspe_tui.domain.group import Role
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

    def _go(self: ScoringScreen, examennummer: str, code: str | None = None, why: str = "") -> None:
        """Move there; another candidate is always said out loud, so no one scores the wrong one unawares."""
        moved = examennummer != self.current
        if moved:
            self.candidates.move_cursor(self.candidates.index_of(examennummer))
            self._show_candidate(examennummer, code or self._first_code_to_do(examennummer))
        elif code is not None:
            self.criteria.move_to_code(code)
        self.follow_position()
        self._show_totals_and_detail()
        if moved:
            name = self.state.candidate(examennummer).naam
            self.status.say(f"Naar kandidaat {examennummer} {name}" + (f": {why}." if why else "."))
        elif why:
            self.status.say(f"{why[0].upper()}{why[1:]}.")

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

    def _go_found(self: ScoringScreen, found: navigation.Position, why: str) -> None:
        """A search that went past the last candidate (or back up this one) says it started again."""
        start = self._position()
        if navigation.is_before(self.state, found, start):
            why = f"{why} (weer vooraan)"
        self._go(*found, why=why)

    def action_next_unscored(self: ScoringScreen) -> None:
        self._cancel_typing()
        found = navigation.next_unscored(self.state, self.viewer.role, self._position())
        if found is None:
            self.status.say(
                "Alles is vastgesteld." if self.viewer.role is Role.SECRETARIS
                else "Alles heeft een score van je: er is geen leeg criterium meer."
            )
            return
        what = "nog niet vastgesteld" if self.viewer.role is Role.SECRETARIS else "nog geen score van je"
        self._go_found(found, f"{found[1]} heeft {what}")

    def action_next_difference(self: ScoringScreen) -> None:
        """The current candidate's differences first (also those above the cursor), then the next candidates."""
        self._cancel_typing()
        found = navigation.next_difference(self.state, self.viewer.role, self._position())
        if found is None:
            self.status.say("Er zijn geen open verschillen.")
            return
        self._go_found(found, f"verschil bij {found[1]}")

    def action_next_unfinished(self: ScoringScreen) -> None:
        """The next candidate with criteria still without your score, or with open differences."""
        self._cancel_typing()
        state, role = self.state, self.viewer.role
        found = navigation.next_unfinished(state, role, self.current)
        if found is None:
            self.status.say("Alle kandidaten zijn klaar.")
            return
        if found == self.current:
            self.status.say("Alleen deze kandidaat is nog niet klaar.")
            return
        codes = [c.code for c in state.model.criteria]
        own = [code for code in codes if navigation.is_open_for(state, role, found, code)]
        differences = [] if role is Role.SECRETARIS else navigation.open_differences(state, role, found)
        parts = []
        if own:
            parts.append(
                f"{len(own)} {'criterium' if len(own) == 1 else 'criteria'} "
                + ("nog niet vastgesteld" if role is Role.SECRETARIS else "zonder score van je")
            )
        if differences:
            parts.append(f"{len(differences)} {'verschil' if len(differences) == 1 else 'verschillen'}")
        wrapped = [c.examennummer for c in state.candidates].index(found) < self.candidates.index_of(self.current)
        why = " en ".join(parts) + (" (weer vooraan)" if wrapped else "")
        self._go(found, (own or differences or [None])[0], why=why)

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
