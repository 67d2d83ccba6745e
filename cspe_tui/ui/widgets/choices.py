"""Radio buttons and checkboxes whose state shows as a sign, not only as a colour.

Textual draws the same mark for on and off and tells them apart by colour alone,
which is lost with NO_COLOR and on some SSH clients.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Checkbox, RadioButton, RadioSet


class SignedRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's own name for the mark
        return "●" if self.value else " "


class SignedCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802
        return "X" if self.value else " "


class ChoiceSet(RadioSet):
    """A radio set in which the arrow keys choose, not only move the highlight.

    With Textual's own set, ↓↓ to an answer left the earlier choice pressed, and Enter in
    the text field did what that earlier choice said.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down,right", "choose(1)", "Volgende keuze", id="volgende-keuze", show=False,
                tooltip="Kies de volgende mogelijkheid"),
        Binding("up,left", "choose(-1)", "Vorige keuze", id="vorige-keuze", show=False,
                tooltip="Kies de vorige mogelijkheid"),
    ]

    def action_choose(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        if self._selected is not None:
            button = self._nodes[self._selected]
            if isinstance(button, RadioButton) and not button.value:
                button.value = True
