"""CspeApp: the thin shell that holds the store, the keymap and the app-wide keys."""

from __future__ import annotations

from functools import partial
from typing import ClassVar

from textual import events, on
from textual.app import App
from textual.await_remove import AwaitRemove
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.dom import DOMNode
from textual.screen import Screen
from textual.widget import Widget

from cspe_tui.present.context import Context
from cspe_tui.store import RecordStore
from cspe_tui.ui.bindings import bound_actions
from cspe_tui.ui.live import EntriesPushed, LiveFeed, Pushed
from cspe_tui.ui.pacing import IdleCollector, KeyClock
from cspe_tui.ui.commands import ActionsProvider, DutchCommandPalette
from cspe_tui.ui.screens.help import HelpScreen
from cspe_tui.ui.screens.start import StartScreen


PRIORITY_WAIT_SECONDS = 1.0
"""A priority key whose widget went away before passing it on runs after this long all the same."""


class PriorityKey(Message):
    """A key with a priority binding, sent the way of the keys before it so it cannot overtake them.

    It goes that way twice: the keys before it may have posted messages of their own (Enter in
    a list posts its selection, and the select box then takes the focus back), and a second
    round lets those act before the key does.
    """

    def __init__(self, key: events.Key, rounds: int = 2) -> None:
        super().__init__()
        self.key = key
        self.rounds = rounds


SERVICE_WAIT_SECONDS = 3.0
"""In the app a write waits this long for a restarting service, then says so; the typed score stays."""


class ServiceStatus(Message):
    """The connection to the cspe service broke or came back (sent from the client's reader thread)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text


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
        "styles/model_editor.tcss",
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

    def __init__(self, store: RecordStore, *, poll_interval: float = 0.4) -> None:
        super().__init__()
        self.store = store
        self.poll_interval = poll_interval
        self.animation_level = "none"
        self.keys = KeyClock()
        self.live = LiveFeed(self, poll_interval, self.keys)
        self.pushed = Pushed(self.post_message)
        self.memory = IdleCollector(self.keys)
        self._present: Context | None = None
        self._pending: events.Key | None = None
        self._held: list[events.Key] = []

    @property
    def present(self) -> Context:
        """The school's settings and tijdzone for every view: read once, and again when a group is opened."""
        if self._present is None:
            return self.refresh_present()
        return self._present

    def refresh_present(self) -> Context:
        self._present = Context(self.store.settings)
        return self._present

    @property
    def keymap(self) -> dict[str, str]:
        """The user's keymap as Textual normalised it (binding id -> keys)."""
        return self._keymap

    def _prune(self, *nodes: Widget, parent: DOMNode | None = None) -> AwaitRemove:
        """A screen that was replaced is removed without laying the app out again afterwards.

        The screen now on top was drawn whole when it came back; Textual's layout after the
        removal sent that same full frame again and the table's scrollbar a frame later
        (Escape back from a group: three frames in 50 ms instead of one)."""
        if parent is self and nodes and all(isinstance(node, Screen) for node in nodes):
            parent = None
        return super()._prune(*nodes, parent=parent)

    def get_default_screen(self) -> Screen:
        return StartScreen(self.store)

    def on_mount(self) -> None:
        self.set_keymap(dict(self.store.settings.keymap))
        self.live.start()
        self.memory.start()
        self.set_interval(0.2, self.memory.tick)
        self.store.add_entries_listener(self.pushed)
        self.store.add_status_listener(lambda text: self.post_message(ServiceStatus(text)), SERVICE_WAIT_SECONDS)

    def on_unmount(self) -> None:
        self.memory.stop()
        self.store.remove_entries_listener(self.pushed)

    def on_service_status(self, message: ServiceStatus) -> None:
        lost = message.text.endswith("...")
        self.notify(message.text, title="cspe-dienst", severity="warning" if lost else "information", timeout=5)

    def on_entries_pushed(self, message: EntriesPushed) -> None:
        """Entries another terminal wrote, carried in the message: folded by the screens that show their group."""
        self.live.pushed(self.pushed.take())

    async def on_event(self, event: events.Event) -> None:
        """Keys typed ahead act in order.

        Textual runs a priority binding the moment its key reaches the app, while the keys
        before it still travel through the focused widget (a list's `down` comes back up to
        the app to find its binding): `Down Down Enter` opened the first group. So a key with
        a priority binding is sent the way of the keys before it, and its binding runs only
        when it comes back up here; the keys after it are held until then, so a key that
        moves the focus (Tab in a form) still acts before the letters typed after it.
        """
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.keys.pressed()
            if self._pending is not None:
                self._held.append(event)
                return
            if self._has_priority_binding(event.key):
                self._pending = event
                (self.focused or self.screen).post_message(PriorityKey(event))
                self.set_timer(PRIORITY_WAIT_SECONDS, partial(self._run_priority, event))
                return
        await super().on_event(event)

    @on(PriorityKey)
    async def _priority_key(self, message: PriorityKey) -> None:
        message.stop()
        if message.rounds > 1 and self._pending is message.key:
            (self.focused or self.screen).post_message(PriorityKey(message.key, message.rounds - 1))
            return
        await self._run_priority(message.key)

    async def _run_priority(self, key: events.Key) -> None:
        """Run the held priority key's binding once (on its way back, or when it got lost), then the held keys."""
        if self._pending is not key:
            return
        self._pending = None
        if not await self._check_bindings(key.key, priority=True):
            (self.focused or self.screen)._forward_event(key)
        held, self._held = self._held, []
        for index, later in enumerate(held):
            await self.on_event(later)
            if self._pending is not None:
                self._held = held[index + 1 :] + self._held
                return

    def _has_priority_binding(self, key: str) -> bool:
        return any(
            binding.priority
            for _, bindings in self.screen._binding_chain
            for binding in bindings.key_to_bindings.get(key, ())
        )

    async def action_quit(self) -> None:
        """A score typed half (one digit of two) is given before leaving, not lost."""
        settle = getattr(self.screen, "cancel_typing", None)
        if settle is not None:
            settle()
        self.exit()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(bound_actions(self.screen)))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(DutchCommandPalette())

    def action_help_quit(self) -> None:
        self.notify("Stoppen doe je met q of ctrl+q.", title="Stoppen")
