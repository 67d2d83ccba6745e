"""What every screen of the app shares: Dutch names for Textual's own screen keys."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual.binding import Binding, BindingType
from textual.screen import ModalScreen, Screen
from cspe_tui.ui.widgets.key_footer import KeyFooter as Footer

ResultT = TypeVar("ResultT")

FOCUS_BINDINGS: list[BindingType] = [
    # Priority: the app then holds the keys typed after Tab until the focus has moved (app.py,
    # on_event), so `1,3 Tab 246` typed at once fills two fields instead of one.
    Binding(
        "tab", "app.focus_next", "Volgend veld", id="volgend-veld", show=False, priority=True,
        tooltip="Zet de cursor in het volgende paneel of veld",
    ),
    Binding(
        "shift+tab", "app.focus_previous", "Vorig veld", id="vorig-veld", show=False, priority=True,
        tooltip="Zet de cursor in het vorige paneel of veld",
    ),
    Binding(
        "ctrl+c,super+c", "screen.copy_text", "Kopiëren", id="kopieren", show=False,
        tooltip="Kopieer de met de muis geselecteerde tekst",
    ),
]


class BaseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = FOCUS_BINDINGS


class Dialog(ModalScreen[ResultT]):
    """A modal with a typed result; escape always leaves it without doing anything.

    Every dialog gets its own footer, so the keys shown are the dialog's and not
    those of the screen behind it.
    """

    HELP_GROUP: ClassVar[str] = "Venster"
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (36, "-tall")]
    """In a low terminal (-short) dialogs take the whole height and their body scrolls."""
    BINDINGS: ClassVar[list[BindingType]] = FOCUS_BINDINGS

    def on_mount(self) -> None:
        if not self.query(Footer):
            self.mount(Footer())
