"""Add photos of a candidate's products (domain rule 5): a file, or a folder of files named after the examennummer.

Stripping and reducing a photo takes a moment, so the files are added in a thread while the
dialog says how far it is. A refused file is named here; the others are added all the same.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Static

from cspe_tui.domain.group import GroupState
from cspe_tui.domain.group_notes import PhotoRecord
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.journal import Committed
from cspe_tui.store.photo_files import PhotoOutcome, add_photo_files, describe
from cspe_tui.present import signs
from cspe_tui.ui.screens.base import Dialog


def photo_count(n: int) -> str:
    return "geen foto's" if n == 0 else ("1 foto" if n == 1 else f"{n} foto's")


@dataclass(frozen=True)
class PhotosAdded:
    """What the dialog did: every file's outcome, and how many photos the candidate has now."""

    examennummer: str
    outcomes: tuple[PhotoOutcome, ...]
    total: int
    commits: tuple[Committed, ...] = ()
    """What each added photo committed in the group's log, for the scoring screen to fold."""

    @property
    def added(self) -> int:
        return sum(1 for o in self.outcomes if o.added)

    @property
    def refused(self) -> int:
        return sum(1 for o in self.outcomes if o.problem)


class PhotoScreen(Dialog[PhotosAdded | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Sluiten", id="foto-sluiten", tooltip="Sluit het venster; toegevoegde foto's blijven"),
        Binding("ctrl+s", "add", "Toevoegen", id="foto-toevoegen",
                tooltip="Voeg de foto of de foto's in de map toe aan deze kandidaat"),
    ]

    def __init__(self, store: RecordStore, state: GroupState, examennummer: str) -> None:
        super().__init__()
        self.store = store
        self.group_id = state.info.group_id
        self.candidate = state.candidate(examennummer)
        self.photos: tuple[PhotoRecord, ...] = state.photos_of(examennummer)
        self.outcomes: list[PhotoOutcome] = []
        self.commits: list[Committed] = []
        """Appended to from the worker thread, read after it is done."""
        self.busy = False

    def compose(self) -> ComposeResult:
        nr = self.candidate.examennummer
        with Vertical(id="foto-dialog", classes="dialog"):
            yield Static(f"Foto's van {nr} {self.candidate.naam}", classes="dialog-title", markup=False)
            yield Static(self._count_text(), id="foto-aantal", markup=False)
            yield Static(
                f"Foto of map (in een map: de bestanden die met {nr} beginnen, zoals {nr}-taart.jpg)",
                classes="dialog-label",
                markup=False,
            )
            yield Input(placeholder="bijvoorbeeld ~/Afbeeldingen/cspe", id="foto-pad")
            yield Static(
                "Op de foto staan de naam of het examennummer van de kandidaat. Locatie en andere persoonlijke "
                "gegevens gaan eruit, grote foto's worden verkleind.",
                classes="dialog-hint",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Toevoegen (ctrl+s)", id="foto-add", variant="primary")
                yield Button("Sluiten (Esc)", id="foto-cancel")
            yield Static("", id="foto-status", markup=False)

    def on_mount(self) -> None:
        self.query_one("#foto-pad", Input).focus()

    def _count_text(self) -> str:
        if not self.photos:
            return "Deze kandidaat heeft nog geen foto's."
        shown = ", ".join(p.original_name for p in self.photos[-3:])
        earlier = "... " if len(self.photos) > 3 else ""
        return f"{photo_count(len(self.photos)).capitalize()}: {earlier}{shown}"

    def _say(self, text: str, error: bool = False) -> None:
        status = self.query_one("#foto-status", Static)
        status.set_class(error, "-error")
        status.update(f"{signs.DIFFERENCE} {text}" if error else text)

    @on(Input.Submitted, "#foto-pad")
    @on(Button.Pressed, "#foto-add")
    def action_add(self) -> None:
        if self.busy:
            return
        typed = self.query_one("#foto-pad", Input).value.strip()
        if not typed:
            self._say("Typ het pad van een foto of van een map met foto's.", error=True)
            return
        path = Path(typed).expanduser()
        if not path.exists():
            self._say(f"{path} bestaat niet.", error=True)
            return
        self.busy = True
        self._say(f"Bezig met {path.name or path} ...")
        self._add(path)

    @work(thread=True, exclusive=True)
    def _add(self, path: Path) -> None:
        try:
            outcomes = add_photo_files(self.store, self.group_id, self.candidate.examennummer, [path], self.commits)
            photos = self.store.load_group(self.group_id).photos_of(self.candidate.examennummer)
        except StoreError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self._done, outcomes, photos)

    def _failed(self, message: str) -> None:
        self.busy = False
        self._say(message, error=True)

    def _done(self, outcomes: list[PhotoOutcome], photos: tuple[PhotoRecord, ...]) -> None:
        self.busy = False
        self.outcomes.extend(outcomes)
        self.photos = photos
        self.query_one("#foto-aantal", Static).update(self._count_text())
        problems = [describe(o) for o in outcomes if o.problem]
        if not problems:
            self.dismiss(self._result())
            return
        added = sum(1 for o in outcomes if o.added)
        self._say(f"{photo_count(added)} toegevoegd, {len(problems)} geweigerd:\n" + "\n".join(problems), error=True)
        self.query_one("#foto-pad", Input).value = ""

    def _result(self) -> PhotosAdded:
        return PhotosAdded(self.candidate.examennummer, tuple(self.outcomes), len(self.photos), tuple(self.commits))

    @on(Button.Pressed, "#foto-cancel")
    def action_cancel(self) -> None:
        self.dismiss(self._result() if self.outcomes else None)
