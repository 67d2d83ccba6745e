"""Opmerkingen of one candidate: read them, write a new one, answer one, resolve one.

Returns the remarks written, answered or resolved here (as the store returned them) with
the Committed of each write, or None when nothing changed, so the scoring screen folds
them without reading the log back.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet, Static
from textual.widgets.option_list import Option

from cspe_tui.domain.group import GroupState, Remark
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.journal import Committed
from cspe_tui.present import signs
from cspe_tui.present.context import Context
from cspe_tui.ui.screens.base import Dialog
from cspe_tui.ui.screens.confirm import ConfirmScreen, on_yes
from cspe_tui.ui.widgets.choices import ChoiceSet, SignedRadioButton


def remark_text(remark: Remark, context: Context) -> Text:
    """A remark with its answers and, once resolved, who resolved it and when (on the school's clock)."""
    sign = signs.REMARK if remark.open else signs.COMPLETE
    where = remark.criterium or "kandidaat"
    state = "open" if remark.open else "opgelost"
    text = Text()
    text.append(f"{sign} {where} · {state} · {remark.author}, {context.moment(remark.at)}\n", style="bold")
    text.append(f"  {remark.text}")
    for reply in remark.replies:
        text.append(f"\n  > {reply.author}, {context.moment(reply.at)}: {reply.text}")
    if not remark.open and remark.resolved_at is not None:
        text.append(f"\n  Opgelost door {remark.resolved_by}, {context.moment(remark.resolved_at)}", style="italic")
    return text


@dataclass(frozen=True)
class RemarksWritten:
    remarks: tuple[Remark, ...]
    commits: tuple[Committed, ...]


class RemarksScreen(Dialog[RemarksWritten | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Sluiten", id="opmerkingen-sluiten", tooltip="Terug naar het beoordelen"),
        Binding("ctrl+o", "resolve", "Oplossen", id="opmerking-oplossen",
                tooltip="Los de gekozen opmerking op (ze blokkeert het afsluiten dan niet meer)"),
        # Priority: Enter in the list moves the focus to the text, so the letters typed after it wait for that.
        Binding("enter", "answer_chosen", "Beantwoorden", id="opmerking-beantwoorden", show=False, priority=True,
                tooltip="Beantwoord de gekozen opmerking: de cursor gaat naar het tekstveld"),
    ]

    def __init__(
        self, store: RecordStore, state: GroupState, examennummer: str, code: str | None, *, readonly: bool = False
    ) -> None:
        super().__init__()
        self.store = store
        self.group_id = state.info.group_id
        self.examennummer = examennummer
        self.naam = state.candidate(examennummer).naam
        self.code = code
        self.readonly = readonly
        self.remarks = list(state.remarks)
        self.written: dict[str, Remark] = {}
        self.commits: list[Committed] = []

    @property
    def mine(self) -> list[Remark]:
        return [r for r in self.remarks if r.examennummer == self.examennummer]

    def compose(self) -> ComposeResult:
        with Vertical(id="remarks-dialog", classes="dialog"):
            yield Static(f"Opmerkingen bij {self.examennummer} {self.naam}", classes="dialog-title", markup=False)
            yield OptionList(id="remark-list")
            yield Static("", id="remark-empty", markup=False)
            if not self.readonly:
                with ChoiceSet(id="remark-kind"):
                    if self.code is not None:
                        yield SignedRadioButton(f"Nieuw bij {self.code}", id="kind-criterium", value=True)
                    yield SignedRadioButton("Nieuw bij de kandidaat", id="kind-kandidaat", value=self.code is None)
                    yield SignedRadioButton("Antwoord op de gekozen opmerking", id="kind-antwoord")
                yield Input(placeholder="Tekst; Enter plaatst hem", id="remark-text")
                with Horizontal(classes="dialog-buttons"):
                    yield Button("Plaatsen", id="remark-post", variant="primary")
                    yield Button("Gekozen oplossen (ctrl+o)", id="remark-resolve")
                    yield Button("Sluiten (Esc)", id="remark-close")
            else:
                yield Static("Alleen lezen.", classes="dialog-hint")
            yield Static("", id="remark-status", markup=False)

    def on_mount(self) -> None:
        """An open remark on this criterium is answered at once: `o`, the text, Enter."""
        waiting = next((r for r in self.mine if r.open and r.criterium == self.code and self.code), None)
        self._fill_list(highlight=waiting.id if waiting else None)
        if not self.readonly:
            if waiting is not None:
                self.query_one("#kind-antwoord", RadioButton).value = True
                self._say(f"Je tekst wordt een antwoord op de opmerking van {waiting.author}.")
            self.query_one("#remark-text", Input).focus()

    def _fill_list(self, highlight: str | None = None) -> None:
        options = self.query_one("#remark-list", OptionList)
        options.clear_options()
        remarks = sorted(self.mine, key=lambda r: (not r.open, r.at))
        options.add_options([Option(remark_text(r, self.app.present), id=r.id) for r in remarks])
        empty = self.query_one("#remark-empty", Static)
        empty.update("" if remarks else "Nog geen opmerkingen bij deze kandidaat.")
        options.display = bool(remarks)
        if remarks:
            ids = [r.id for r in remarks]
            options.highlighted = ids.index(highlight) if highlight in ids else 0

    def _say(self, message: str, *, error: bool = False) -> None:
        status = self.query_one("#remark-status", Static)
        status.set_class(error, "-error")
        status.update(f"{signs.DIFFERENCE} {message}" if error else message)

    def _chosen(self) -> Remark | None:
        options = self.query_one("#remark-list", OptionList)
        if options.highlighted is None or not self.mine:
            return None
        remark_id = options.get_option_at_index(options.highlighted).id
        return next((r for r in self.remarks if r.id == remark_id), None)

    def _replace(self, remark: Remark) -> None:
        self.remarks = [remark if r.id == remark.id else r for r in self.remarks]
        if all(r.id != remark.id for r in self.remarks):
            self.remarks.append(remark)
        self.written[remark.id] = remark
        self._fill_list(highlight=remark.id)

    @on(OptionList.OptionSelected, "#remark-list")
    def action_answer_chosen(self) -> None:
        if not self.readonly:
            self.query_one("#kind-antwoord", RadioButton).value = True
            self.set_focus(self.query_one("#remark-text", Input))

    @on(Input.Submitted, "#remark-text")
    @on(Button.Pressed, "#remark-post")
    def _post(self) -> None:
        field = self.query_one("#remark-text", Input)
        text = field.value.strip()
        if not text:
            self._say("Typ eerst een tekst.", error=True)
            return
        kind = self.query_one("#remark-kind", RadioSet).pressed_button
        kind_id = kind.id if kind is not None else "kind-kandidaat"
        try:
            if kind_id == "kind-antwoord":
                chosen = self._chosen()
                if chosen is None:
                    self._say("Kies eerst een opmerking in de lijst om te beantwoorden.", error=True)
                    return
                remark = self.store.reply_remark(self.group_id, chosen.id, text, commits=self.commits)
                message = "Antwoord geplaatst."
            else:
                criterium = self.code if kind_id == "kind-criterium" else None
                remark = self.store.add_remark(self.group_id, self.examennummer, criterium, text, commits=self.commits)
                message = "Opmerking geplaatst."
        except StoreError as exc:
            self._say(str(exc), error=True)
            return
        field.value = ""
        self._replace(remark)
        self._say(message)

    @on(Button.Pressed, "#remark-resolve")
    def action_resolve(self) -> None:
        if self.readonly:
            return
        chosen = self._chosen()
        if chosen is None:
            self._say("Kies eerst een opmerking in de lijst.", error=True)
            return
        if not chosen.open:
            self._say("Die opmerking is al opgelost.", error=True)
            return
        try:
            remark = self.store.resolve_remark(self.group_id, chosen.id, commits=self.commits)
        except StoreError as exc:
            self._say(str(exc), error=True)
            return
        self._replace(remark)
        self._say("Opmerking opgelost.")

    @on(Button.Pressed, "#remark-close")
    def action_close(self) -> None:
        """Typed text is not thrown away without asking."""
        result = RemarksWritten(tuple(self.written.values()), tuple(self.commits)) if self.written else None
        if self.readonly or not self.query_one("#remark-text", Input).value.strip():
            self.dismiss(result)
            return
        self.app.push_screen(
            ConfirmScreen("Je hebt al tekst getypt die nog niet geplaatst is. Toch sluiten?", "Sluiten"),
            on_yes(partial(self.dismiss, result)),
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "resolve" and self.readonly:
            return False
        if action == "answer_chosen":
            return not self.readonly and self.focused is not None and self.focused.id == "remark-list"
        return True
