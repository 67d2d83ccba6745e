"""Help: the keys of the screen you came from, read from its bindings, and what each sign means."""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from cspe_tui.ui import signs
from cspe_tui.ui.bindings import BoundAction, grouped
from cspe_tui.ui.screens.base import Dialog


COUNTS = (
    "Tellingen\n"
    "1e 33/33  in de kandidatenlijst: de examinator heeft 33 van de 33 criteria van die kandidaat gescoord.\n"
    "2e 20/33  hetzelfde voor de tweede examinator.\n"
    f"{signs.COMPLETE}         alle criteria van de kandidaat zijn vastgesteld.\n"
    "Op het startscherm tellen Examinator, Tweede en Vastg. kandidaten: 3/4 is 3 van de 4 kandidaten klaar."
)


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Sluiten", id="help-sluiten", tooltip="Terug naar het scherm"),
        Binding("up,k", "scroll('up')", "Omhoog", id="help-omhoog", show=False, tooltip="Tekst omhoog"),
        Binding("down,j", "scroll('down')", "Omlaag", id="help-omlaag", show=False, tooltip="Tekst omlaag"),
    ]

    def __init__(self, actions: list[BoundAction]) -> None:
        super().__init__()
        self.actions = grouped(actions)

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog", classes="dialog"):
            yield Static("Help: toetsen en tekens", classes="dialog-title")
            with VerticalScroll(id="help-body"):
                yield Static(self._keys_table(), id="help-keys")
                yield Static(self._legend(), id="help-legend")
                yield Static(COUNTS, id="help-counts", markup=False)
            yield Static(Text("Sluiten: Esc of ?"), classes="dialog-hint")

    def _keys_table(self) -> Table:
        table = Table(box=None, expand=True, pad_edge=False, show_edge=False)
        table.add_column("Waar", no_wrap=True, style="italic")
        table.add_column("Toets", no_wrap=True, style="bold")
        table.add_column("Wat", no_wrap=True)
        table.add_column("Uitleg", ratio=1)
        previous = None
        for index, action in enumerate(self.actions):
            where = action.where if action.where != previous else ""
            previous = action.where
            ids = action.ids if len(action.ids) <= 3 else [action.ids[0], "…", action.ids[-1]]
            explanation = Text(action.tooltip)
            explanation.append(f"\nkeymap-id: {', '.join(ids)}", style="dim")
            # Clickable: on a touch screen (the app in a browser) a tap does what the key does.
            what = Text()
            what.append(action.description, style=Style(underline=True, meta={"@click": f"screen.run_entry({index})"}))
            table.add_row(where, " ".join(action.keys), what, explanation)
        return table

    def _legend(self) -> Table:
        table = Table(box=None, title="Tekens", title_justify="left", expand=True, pad_edge=False)
        table.add_column("Teken", no_wrap=True, style="bold")
        table.add_column("Betekenis", ratio=1)
        for sign, meaning in signs.LEGEND:
            table.add_row(sign, meaning)
        return table

    def action_close(self) -> None:
        self.dismiss(None)

    def action_run_entry(self, index: int) -> None:
        """A tapped entry: close help and run that binding's action where it is bound."""
        if not 0 <= index < len(self.actions):
            return
        entry = self.actions[index]
        self.dismiss(None)
        self.app.call_later(self.app.run_action, entry.action, entry.node)

    def action_scroll(self, direction: str) -> None:
        body = self.query_one("#help-body", VerticalScroll)
        if direction == "up":
            body.scroll_up(animate=False)
        else:
            body.scroll_down(animate=False)
