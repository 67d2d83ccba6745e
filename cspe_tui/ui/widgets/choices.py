"""Radio buttons and checkboxes whose state shows as a sign, not only as a colour.

Textual draws the same mark for on and off and tells them apart by colour alone,
which is lost with NO_COLOR and on some SSH clients.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class SignedRadioButton(RadioButton):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802 - Textual's own name for the mark
        return "●" if self.value else " "


class SignedCheckbox(Checkbox):
    @property
    def BUTTON_INNER(self) -> str:  # noqa: N802
        return "X" if self.value else " "
