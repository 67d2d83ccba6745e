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

from cspe_tui.present import signs
from cspe_tui.ui.bindings import BoundAction, grouped
from cspe_tui.ui.screens.base import Dialog


COUNTS: tuple[tuple[str, str], ...] = (
    ("1e 33/33", "in de kandidatenlijst: de examinator heeft 33 van de 33 criteria van die kandidaat gescoord."),
    ("2e 20/33", "hetzelfde voor de tweede examinator."),
    ("jij 20/33", "boven de tabel: jij hebt 20 van de 33 criteria van deze kandidaat gescoord."),
    (signs.COMPLETE, "alle criteria van de kandidaat zijn vastgesteld."),
    ("3/4", "op het startscherm tellen Examinator, Tweede en Vastg. kandidaten: 3 van de 4 kandidaten klaar."),
)
MANY_KEYS = 4
"""More keys than this on one line (the digits) show as first … last: a narrow terminal keeps room for the text."""


class HelpScreen(Dialog[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "Sluiten", id="help-sluiten", tooltip="Terug naar het scherm"),
        Binding("up,k", "scroll('up')", "Omhoog", id="help-omhoog", show=False, tooltip="Tekst omhoog"),
        Binding("down,j", "scroll('down')", "Omlaag", id="help-omlaag", show=False, tooltip="Tekst omlaag"),
        Binding("pageup", "scroll('page_up')", "Blad omhoog", id="help-blad-omhoog", show=False,
                tooltip="Een scherm terug"),
        Binding("pagedown,space", "scroll('page_down')", "Blad omlaag", id="help-blad-omlaag", show=False,
                tooltip="Een scherm verder"),
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
                yield Static(self._counts(), id="help-counts")
            yield Static(Text("Sluiten: Esc of ?  ·  bladeren: ↑ ↓, PgUp PgDn"), classes="dialog-hint")

    def _keys_table(self) -> Table:
        """Two columns, so the explanation keeps most of the width even at 80 columns; each screen a heading."""
        table = Table(box=None, expand=True, pad_edge=False, show_edge=False, show_header=False)
        table.add_column("Toets", no_wrap=True, style="bold")
        table.add_column("Wat", ratio=1)
        previous = None
        for index, action in enumerate(self.actions):
            if action.where != previous:
                if previous is not None:
                    table.add_row("", "")
                table.add_row(Text(action.where, style="italic underline"), "")
                previous = action.where
            ids = action.ids if len(action.ids) <= 3 else [action.ids[0], "…", action.ids[-1]]
            keys = action.keys if len(action.keys) <= MANY_KEYS else [action.keys[0], "…", action.keys[-1]]
            # Clickable: on a touch screen (the app in a browser) a tap on the entry does what the key does.
            explanation = Text()
            explanation.append(action.description, style=Style(bold=True, meta={"@click": f"screen.run_entry({index})"}))
            explanation.append(f": {action.tooltip}", style="not bold")
            explanation.append(f"\nkeymap-id: {', '.join(ids)}", style="dim")
            table.add_row(" ".join(keys), explanation)
        return table

    def _legend(self) -> Table:
        table = Table(box=None, title="Tekens", title_justify="left", expand=True, pad_edge=False, show_header=False)
        table.add_column("Teken", no_wrap=True, style="bold")
        table.add_column("Betekenis", ratio=1)
        for sign, meaning in signs.LEGEND:
            table.add_row(sign, meaning)
        return table

    def _counts(self) -> Table:
        table = Table(box=None, title="Tellingen", title_justify="left", expand=True, pad_edge=False, show_header=False)
        table.add_column("Telling", no_wrap=True, style="bold")
        table.add_column("Betekenis", ratio=1)
        for count, meaning in COUNTS:
            table.add_row(count, meaning)
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
        getattr(body, f"scroll_{direction}")(animate=False)
