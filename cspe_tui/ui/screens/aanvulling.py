"""Record a CvTE aanvulling on the current criterium (examensecretaris only).

The aanvulling belongs to the correctiemodel: it is a command of the folder's log, and
after it the store applies it to every open group of that model, each in a transaction of
its own (closed groups keep the scores they were sealed with). The dialog answers with what
was committed: the folder's Committed, whose `carried` holds what each open group committed,
so the scoring screen folds its group's share. Through the service `carried` is empty: the
service pushes the groups' new entries to their followers, the writer's screen among them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static, TextArea

from cspe_tui.domain.group import Aanvulling, GroupState
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.journal import Committed
from cspe_tui.ui.screens.form import FormDialog


@dataclass(frozen=True)
class AanvullingSaved:
    """The aanvulling as recorded, and the Committed of the folder's log that recorded it."""

    aanvulling: Aanvulling
    commits: tuple[Committed, ...] = ()

    def commits_for(self, group_id: str) -> list[Committed]:
        """What the aanvulling committed in this group's log (nothing for a closed group)."""
        return [done for committed in self.commits for gid, done in committed.carried if gid == group_id]


class AanvullingScreen(FormDialog[AanvullingSaved | None]):
    STATUS_ID = "aanvulling-status"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="aanvulling-annuleren", tooltip="Niets vastleggen"),
        Binding("ctrl+s", "save", "Vastleggen", id="aanvulling-opslaan",
                tooltip="Leg de aanvulling vast; open groepen van dit model passen hem toe"),
    ]

    def __init__(self, store: RecordStore, state: GroupState, code: str) -> None:
        super().__init__()
        self.store = store
        self.model_key = state.info.model_key
        self.criterium = state.model.criterium(code)

    def compose(self) -> ComposeResult:
        with Vertical(id="aanvulling-dialog", classes="dialog"):
            yield Static("Aanvulling van het CvTE vastleggen", classes="dialog-title")
            yield Static(
                f"Examen: {self.model_key.label()}\n"
                f"Criterium {self.criterium.code}: {self.criterium.omschrijving}\n"
                f"Gevolg: iedere kandidaat krijgt de maximumscore ({self.criterium.max}) in de open groepen "
                "van dit model. Gesloten groepen blijven zoals ze verzegeld zijn.",
                id="aanvulling-where",
                markup=False,
            )
            yield Static("Tekst van de aanvulling", classes="dialog-label")
            yield TextArea(id="aanvulling-text", soft_wrap=True, show_line_numbers=False)
            yield Static("Datum van de aanvulling", classes="dialog-label")
            yield Input(value=date.today().isoformat(), id="aanvulling-datum")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Vastleggen (ctrl+s)", id="aanvulling-save", variant="primary")
                yield Button("Annuleren (Esc)", id="aanvulling-cancel")
            yield Static("", id="aanvulling-status", markup=False)

    def on_mount(self) -> None:
        self.query_one("#aanvulling-text", TextArea).focus()

    @on(Button.Pressed, "#aanvulling-save")
    def action_save(self) -> None:
        text = self.query_one("#aanvulling-text", TextArea).text.strip()
        datum = self.query_one("#aanvulling-datum", Input).value.strip()
        commits: list[Committed] = []
        try:
            aanvulling = self.store.add_aanvulling(self.model_key, self.criterium.code, text, datum, commits=commits)
        except StoreError as exc:
            self.say(str(exc))
            return
        self.dismiss(AanvullingSaved(aanvulling, tuple(commits)))

    @on(Button.Pressed, "#aanvulling-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
