"""The per-opdracht grid on the scoring screen: the same position, one opdracht across the candidates.

Functions of the screen, bound in ScoringScreen (`w`, `]`, `[` and the grid's moves).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspe_tui.ui.widgets.opdracht_grid import OpdrachtGrid

if TYPE_CHECKING:
    from cspe_tui.ui.screens.scoring import ScoringScreen


def toggle_view(screen: ScoringScreen) -> None:
    """`set_focus`, not `focus()`: the digits typed right after `w` find the grid's keys."""
    screen.cancel_typing()
    showing = not screen.per_opdracht
    screen.set_class(showing, "-per-opdracht")
    if showing:
        screen.sheet.fill_grid(screen.held)
        screen.set_focus(screen.grid)
        opdracht = screen.sheet.opdracht(screen.held)
        screen.status.say(f"Per opdracht: {opdracht.nummer} {opdracht.titel}, alle kandidaten.")
    else:
        screen.set_focus(screen.criteria)


def other_opdracht(screen: ScoringScreen, step: int) -> None:
    if not screen.per_opdracht:
        return
    screen.cancel_typing()
    opdrachten = screen.state.model.opdrachten
    index = opdrachten.index(screen.sheet.opdracht(screen.held)) + step
    if 0 <= index < len(opdrachten):
        screen.criteria.move_to_code(opdrachten[index].criteria[0].code)
        screen.sheet.fill_grid(screen.held)


def grid_moved(screen: ScoringScreen, event: OpdrachtGrid.Moved) -> None:
    if (event.examennummer, event.code) != (screen.current, screen.criteria.cursor_code):
        screen._go(event.examennummer, event.code)
