"""The command palette (ctrl+p): every action of the current screen by name, plus the screen's own extras."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol, runtime_checkable

from rich.align import Align
from rich.text import Text
from textual.command import CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from cspe_tui.ui.bindings import BoundAction, bound_actions


@runtime_checkable
class HasCommands(Protocol):
    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """(name, help, callback) for things that have no key, such as opening one group."""
        ...


class ActionsProvider(Provider):
    """Commands read from the bindings, so the palette offers exactly what the keys do."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        commands: list[tuple[str, str, Callable[[], object]]] = []
        for action in bound_actions(self.screen):
            if action.group is not None or not action.shown and action.where == "In een lijst":
                continue
            commands.append(self._from_binding(action))
        if isinstance(self.screen, HasCommands):
            commands.extend(self.screen.palette_commands())
        return commands

    def _from_binding(self, action: BoundAction) -> tuple[str, str, Callable[[], object]]:
        name = f"{action.description} ({', '.join(action.keys)})"
        return name, action.tooltip, partial(self.app.run_action, action.action, action.node)

    async def discover(self) -> Hits:
        for name, help_text, callback in self._commands():
            yield DiscoveryHit(name, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, callback in self._commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), callback, help=help_text)


class DutchCommandPalette(CommandPalette):
    """Textual's palette with its two fixed English texts in Dutch."""

    def __init__(self) -> None:
        super().__init__(placeholder="Zoek een opdracht…", id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one("CommandList").add_option(
                    Option(Align.center(Text("Niets gevonden", style="not bold")), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
