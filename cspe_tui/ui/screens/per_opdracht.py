"""The per-opdracht mode of the scoring screen: one opdracht across all candidates.

`w` switches between this and the per-candidate view; both share the screen's
position (candidate, criterium), so every action (scores, a, v, x, o, f, d, l)
works the same in both. Digits fill in across the row and then go down to the
next candidate, as an examinator scores candidates who finish one by one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding

from cspe_tui.domain.correctiemodel import Opdracht
from cspe_tui.ui import navigation
from cspe_tui.ui.widgets.opdracht_grid import OpdrachtGrid, grid_row

if TYPE_CHECKING:
    from cspe_tui.ui.screens.scoring import ScoringScreen

PER_OPDRACHT_BINDINGS = [
    Binding("w", "toggle_view", "Per opdracht", id="per-opdracht",
            tooltip="Wissel tussen per kandidaat en per opdracht (één opdracht, alle kandidaten)"),
    Binding("right_square_bracket", "other_opdracht(1)", "Volgende opdracht", id="volgende-opdracht",
            show=False, tooltip="Per opdracht: naar de volgende opdracht"),
    Binding("left_square_bracket", "other_opdracht(-1)", "Vorige opdracht", id="vorige-opdracht",
            show=False, tooltip="Per opdracht: naar de vorige opdracht"),
]


class PerOpdrachtMode:
    """Mixed into ScoringScreen; the grid follows the screen's `current` and the criteria cursor."""

    @property
    def per_opdracht(self: ScoringScreen) -> bool:
        return self.has_class("-per-opdracht")

    @property
    def grid(self: ScoringScreen) -> OpdrachtGrid:
        return self.query_one("#grid", OpdrachtGrid)

    def _opdracht(self: ScoringScreen) -> Opdracht:
        code = self.criteria.cursor_code or self.state.model.criteria[0].code
        return self.state.model.opdracht_of(code)

    def _fill_grid(self: ScoringScreen) -> None:
        opdracht = self._opdracht()
        codes = [c.code for c in opdracht.criteria]
        rows = [
            grid_row(self.state, c.examennummer, opdracht, self.viewer, self.remarks, self.typing)
            for c in self.state.candidates
        ]
        code = self.criteria.cursor_code or codes[0]
        self.grid.show(codes, rows, self.current, code)

    def refresh_grid_row(self: ScoringScreen, examennummer: str) -> None:
        if not self.per_opdracht:
            return
        opdracht = self._opdracht()
        typing = self.typing if examennummer == self.current else None
        row = grid_row(self.state, examennummer, opdracht, self.viewer, self.remarks, typing)
        self.grid.replace_row(self.grid.index_of(examennummer), row)

    def action_toggle_view(self: ScoringScreen) -> None:
        self._cancel_typing()
        showing = not self.per_opdracht
        self.set_class(showing, "-per-opdracht")
        if showing:
            self._fill_grid()
            self.grid.focus()
            self.status.say(f"Per opdracht: {self._opdracht().nummer} {self._opdracht().titel}, alle kandidaten.")
        else:
            self.criteria.focus()

    def action_other_opdracht(self: ScoringScreen, step: int) -> None:
        if not self.per_opdracht:
            return
        self._cancel_typing()
        opdrachten = self.state.model.opdrachten
        index = opdrachten.index(self._opdracht()) + step
        if 0 <= index < len(opdrachten):
            self.criteria.move_to_code(opdrachten[index].criteria[0].code)
            self._fill_grid()

    def advance_across(self: ScoringScreen, code: str) -> None:
        """After a score: the next criterium of this opdracht, then the next candidate's first."""
        codes = [c.code for c in self._opdracht().criteria]
        found = navigation.step_across(self.state, codes, (self.current, code))
        if found is None:
            self.status.say(f"Opdracht {self._opdracht().nummer} is rond voor de laatste kandidaat.")
            return
        self._go(*found)
        self.grid.move_to(*found)

    def follow_position(self: ScoringScreen) -> None:
        """After n, p, d, l or a jump: the grid shows the opdracht of the criterium and its cell."""
        if not self.per_opdracht or self.criteria.cursor_code is None:
            return
        code = self.criteria.cursor_code
        if code in self.grid.codes:
            self.grid.move_to(self.current, code)
        else:
            self._fill_grid()

    def on_opdracht_grid_moved(self: ScoringScreen, event: OpdrachtGrid.Moved) -> None:
        if (event.examennummer, event.code) != (self.current, self.criteria.cursor_code):
            self._go(event.examennummer, event.code)
