"""A new group (examensecretaris): a correctiemodel, a candidates CSV, both examinators and the werkwijze.

Nothing is created until the CSV is entirely right; its problems are listed with
their line numbers so the school can fix the export.
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, RadioSet, Select, Static

from cspe_tui.domain.candidates import CandidatesResult
from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.group import Werkwijze
from cspe_tui.store import NeedsConfirmation, RecordStore, StoreError
from cspe_tui.store.candidates_file import read_candidates_file
from cspe_tui.present import signs
from cspe_tui.ui.screens.confirm import ConfirmScreen
from cspe_tui.ui.screens.form import FormDialog
from cspe_tui.domain.wording import count
from cspe_tui.ui.widgets.choices import ChoiceSet, SignedCheckbox, SignedRadioButton

MAX_PROBLEMS_SHOWN = 8

WERKWIJZE_TEXT = {Werkwijze.GELIJKTIJDIG: "gelijktijdig", Werkwijze.ACHTERAF: "achteraf"}
WERKWIJZE_HINT = (
    "Gelijktijdig: beiden scoren; de scores van de ander zie je pas na je eigen scores. "
    "Achteraf: de tweede ziet de scores van de eerste en stemt in of wijkt af."
)
"""Below the choice, where it wraps: beside the radio buttons it was cut at 80 columns."""


class NewGroupScreen(FormDialog[str | None]):
    STATUS_ID = "ng-status"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuleren", id="groep-annuleren", tooltip="Geen groep maken"),
        Binding("ctrl+s", "create", "Aanmaken", id="groep-aanmaken", tooltip="Maak de groep"),
        # Priority, like Tab: Enter in the CSV field moves the focus, so the keys typed after it must wait for that.
        Binding("enter", "csv_entered", "Bestand lezen", id="groep-csv-lezen", show=False, priority=True,
                tooltip="Lees het kandidatenbestand en ga naar de examinator"),
    ]

    def __init__(self, store: RecordStore) -> None:
        super().__init__()
        self.store = store
        self.models = store.models()
        self.candidates = CandidatesResult()

    def compose(self) -> ComposeResult:
        options = sorted(((key.label(), key) for key in self.models), key=lambda o: o[0])
        with Vertical(id="new-group-dialog", classes="dialog"):
            yield Static("Nieuwe groep", classes="dialog-title")
            with VerticalScroll(id="new-group-body"):
                with Grid(id="new-group-form"):
                    yield Static("Correctiemodel", classes="form-label")
                    yield Select(options, prompt="Kies een correctiemodel", id="ng-model")
                    if not options:
                        yield Static(
                            f"{signs.DIFFERENCE} Er zijn nog geen correctiemodellen in de gegevensmap; "
                            "voeg ze eerst toe.",
                            classes="-error form-wide",
                            markup=False,
                        )
                    yield Static("Kandidaten (CSV)", classes="form-label")
                    yield Input(placeholder="bestand, bijvoorbeeld ~/klas4b.csv", id="ng-csv")
                    yield Static("", id="ng-csv-result", classes="form-wide", markup=False)
                    yield Static("Examinator (login)", classes="form-label")
                    yield Input(id="ng-examinator", placeholder="login van de examinator")
                    yield Static("Tweede examinator (login)", classes="form-label")
                    yield Input(id="ng-tweede", placeholder="login van de tweede examinator")
                    yield Static("Werkwijze tweede examinator", classes="form-label")
                    with ChoiceSet(id="ng-werkwijze"):
                        for werkwijze, text in WERKWIJZE_TEXT.items():
                            yield SignedRadioButton(text, value=werkwijze is Werkwijze.GELIJKTIJDIG, name=werkwijze.value)
                    yield Static(WERKWIJZE_HINT, classes="form-wide form-hint", markup=False)
                    yield Static("Herkansing", classes="form-label")
                    yield SignedCheckbox("dit is een herkansing", id="ng-herkansing")
            yield Static("", id="ng-status", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Aanmaken (ctrl+s)", id="ng-create", variant="primary")
                yield Button("Annuleren (Esc)", id="ng-cancel")

    def on_mount(self) -> None:
        self.query_one("#ng-model", Select).focus()

    def _read_csv(self) -> CandidatesResult:
        found, self.candidates = read_candidates_file(self.query_one("#ng-csv", Input).value, self.store.folder.path)
        result = self.query_one("#ng-csv-result", Static)
        if self.candidates.ok:
            result.set_class(False, "-error")
            result.update(f"{count(len(self.candidates.candidates), 'kandidaat', 'kandidaten')} gelezen uit {found}.")
        else:
            problems = self.candidates.problems
            shown = problems[:MAX_PROBLEMS_SHOWN]
            more = len(problems) - len(shown)
            lines = [f"{signs.DIFFERENCE} {p}" for p in shown] + ([f"... en nog {more}"] if more > 0 else [])
            result.set_class(True, "-error")
            result.update("\n".join(lines))
        return self.candidates

    @on(Input.Blurred, "#ng-csv")
    def _csv_left(self) -> None:
        """Leaving the field (Tab) reads the file too, so its count or problems show before Aanmaken."""
        if self.query_one("#ng-csv", Input).value.strip():
            self._read_csv()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "csv_entered":
            return self.focused is not None and self.focused.id == "ng-csv"
        return True

    def action_csv_entered(self) -> None:
        if self._read_csv().ok:
            self.set_focus(self.query_one("#ng-examinator", Input))

    @on(Button.Pressed, "#ng-create")
    def action_create(self) -> None:
        model = self.query_one("#ng-model", Select).value
        examinator = self.query_one("#ng-examinator", Input).value.strip()
        tweede = self.query_one("#ng-tweede", Input).value.strip()
        missing = [
            text
            for text, ok in (
                ("kies een correctiemodel", isinstance(model, ModelKey)),
                ("het kandidatenbestand is nog niet in orde (zie hierboven)", self._read_csv().ok),
                ("vul de login van de examinator in", bool(examinator)),
                ("vul de login van de tweede examinator in", bool(tweede)),
            )
            if not ok
        ]
        if missing or not isinstance(model, ModelKey):
            self.say("Nog niet compleet: " + "; ".join(missing) + ".")
            return
        if examinator == tweede:
            self.say("De examinator en de tweede examinator moeten verschillende mensen zijn.")
            return
        pressed = self.query_one("#ng-werkwijze", RadioSet).pressed_button
        werkwijze = Werkwijze(pressed.name) if pressed is not None and pressed.name else Werkwijze.GELIJKTIJDIG
        herkansing = self.query_one("#ng-herkansing", Checkbox).value
        request = (model, list(self.candidates.candidates), examinator, tweede, werkwijze, herkansing)
        self._create(request, confirmed=False)

    def _create(self, request: tuple, confirmed: bool) -> None:
        """Create; when the candidates already have this onderdeel elsewhere, ask first."""
        model, candidates, examinator, tweede, werkwijze, herkansing = request
        try:
            state = self.store.create_group(
                model, candidates, examinator, tweede, werkwijze, herkansing=herkansing, confirmed=confirmed
            )
        except NeedsConfirmation as exc:
            question = (
                f"{signs.DIFFERENCE} {exc}\n\nToch aanmaken (een inhaal, een gesplitste klas, een 1e afname op papier)?"
            )

            def answered(yes: bool | None) -> None:
                if yes:
                    self._create(request, confirmed=True)
                else:
                    self.say("Er is geen groep gemaakt.")

            self.app.push_screen(ConfirmScreen(question, "Toch aanmaken"), answered)
            return
        except StoreError as exc:
            self.say(str(exc))
            return
        self.dismiss(state.info.group_id)

    @on(Button.Pressed, "#ng-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()
