"""CspeApp: the thin shell that holds the store, the keymap and the app-wide keys."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen

from cspe_tui.store import Store
from cspe_tui.ui.bindings import bound_actions
from cspe_tui.ui.commands import ActionsProvider, DutchCommandPalette
from cspe_tui.ui.screens.help import HelpScreen
from cspe_tui.ui.screens.start import StartScreen


SERVICE_WAIT_SECONDS = 3.0
"""In the app a write waits this long for a restarting service, then says so; the typed score stays."""


class ServiceStatus(Message):
    """The connection to the cspe service broke or came back (sent from the client's reader thread)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


class RecordChanged(Message):
    """The service pushed new log entries of a group this app follows."""

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id


class CspeApp(App[None]):
    """Animations are off: over SSH every extra frame is latency and bandwidth."""

    TITLE = "cspe"
    CSS_PATH: ClassVar[list[str]] = [
        "styles/app.tcss",
        "styles/widgets.tcss",
        "styles/start.tcss",
        "styles/scoring.tcss",
        "styles/dialogs.tcss",
        "styles/closing.tcss",
    ]
    COMMANDS = {ActionsProvider}
    HELP_GROUP: ClassVar[str] = "Algemeen"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "help", "Help", id="help", tooltip="Alle toetsen van dit scherm en de tekens"),
        Binding(
            "ctrl+p", "command_palette", "Opdrachten", id="palet", priority=True, show=False,
            tooltip="Zoek een opdracht op naam (het opdrachtenpalet)",
        ),
        Binding("q", "quit", "Stoppen", id="stoppen", tooltip="Sluit cspe af; alles is al opgeslagen"),
        Binding(
            "ctrl+q", "quit", "Direct stoppen", id="stoppen-direct", show=False, priority=True,
            tooltip="Sluit cspe af, ook vanuit een venster",
        ),
    ]

    def __init__(self, store: Store, *, poll_interval: float = 0.4) -> None:
        super().__init__()
        self.store = store
        self.poll_interval = poll_interval
        self.animation_level = "none"

    @property
    def keymap(self) -> dict[str, str]:
        """The user's keymap as Textual normalised it (binding id -> keys)."""
        return self._keymap

    def get_default_screen(self) -> Screen:
        return StartScreen(self.store)

    def on_mount(self) -> None:
        self.set_keymap(dict(self.store.settings.keymap))
        # Only the service's client pushes; the in-process store is polled as before.
        if hasattr(self.store, "add_listener"):
            self.store.add_listener(lambda group_id: self.post_message(RecordChanged(group_id)))
            self.store.add_status_listener(lambda text: self.post_message(ServiceStatus(text)))
            self.store.wait_for_service = SERVICE_WAIT_SECONDS

    def on_service_status(self, message: ServiceStatus) -> None:
        lost = message.text.endswith("...")
        self.notify(message.text, title="cspe-dienst", severity="warning" if lost else "information", timeout=5)

    def on_record_changed(self, message: RecordChanged) -> None:
        """A pushed change is shown at once instead of at the next poll."""
        poll = getattr(self.screen, "_poll", None)
        if callable(poll):
            poll()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(bound_actions(self.screen)))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(DutchCommandPalette())

    def action_help_quit(self) -> None:
        self.notify("Stoppen doet u met q of ctrl+q.", title="Stoppen")
