"""Start the correctiemodel editor: a new model, or a copy of one already imported.

An imported model never changes (groups are based on it), so an existing model is
always opened as a copy; the list says which groups use each one.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.ui.screens.base import Dialog
from cspe_tui.domain.wording import count

NEW = "nieuw"


class ModelChoiceScreen(Dialog[Correctiemodel | str | None]):
    """Dismisses with NEW, the model to copy, or None."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss(None)", "Annuleren", id="modelkeuze-annuleren", tooltip="Geen model bewerken"),
    ]

    def __init__(self, models: dict[ModelKey, Correctiemodel], users: dict[ModelKey, list[str]]) -> None:
        super().__init__()
        self.models = dict(sorted(models.items(), key=lambda item: item[0].label()))
        self.users = users

    def compose(self) -> ComposeResult:
        options = [Option("Nieuw correctiemodel", id=NEW)]
        for n, (key, model) in enumerate(self.models.items()):
            groups = self.users.get(key, [])
            use = f"in gebruik door {', '.join(groups)}" if groups else "nog door geen groep gebruikt"
            options.append(Option(f"Kopie van {key.label()} ({count(len(model.criteria), 'criterium', 'criteria')}; {use})", id=str(n)))
        with Vertical(id="model-choice-dialog", classes="dialog"):
            yield Static("Correctiemodel maken", classes="dialog-title")
            yield OptionList(*options, id="model-choice")
            yield Static(
                "Een ingelezen model verandert nooit: groepen zijn erop gebaseerd. Een verbeterd model is een "
                "kopie met een eigen bestand, die je opnieuw inleest.",
                classes="dialog-hint",
                markup=False,
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id == NEW:
            self.dismiss(NEW)
        else:
            self.dismiss(list(self.models.values())[int(event.option.id or 0)])
