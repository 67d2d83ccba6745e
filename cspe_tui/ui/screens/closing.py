"""Afsluiten: the checklist, both declarations and the final, irreversible close.

The checklist is the domain's `closing_blockers`, so the screen can never close a
group the store would refuse. Declaring and closing ask the domain first and refuse at
once with the reason, never after a question. Choosing an item dismisses with where to
jump; a close dismisses with `Closed`, so the user is back on the scoring screen.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from cspe_tui.domain.decide import may
from cspe_tui.domain.closing import Blocker, closing_blockers, open_summary
from cspe_tui.domain.commands import Close, Declare
from cspe_tui.domain.evolve import EventMismatch
from cspe_tui.domain.group import Role
from cspe_tui.domain.review import group_review_line
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.journal import Committed
from cspe_tui.present import signs
from cspe_tui.ui.screens.base import Dialog
from cspe_tui.ui.screens.confirm import ConfirmScreen
from cspe_tui.ui.group_log import fold_entries
from cspe_tui.ui.live import GroupChanged

Jump = tuple[str, str | None]


class Closed(NamedTuple):
    """The group was closed here, with this seal."""

    seal: str


class ClosingDone(NamedTuple):
    """Where to go next (a blocker, the close, or nowhere) and what was written here, for the screen to fold."""

    ending: Jump | Closed | None
    commits: tuple[Committed, ...] = ()

BLOCKER_SIGNS = {
    "ontbreekt": signs.EMPTY,
    "verschil": signs.DIFFERENCE,
    "opmerking": signs.REMARK,
    "verklaring": "?",
}

DECLARATION = "Ik verklaar dat ik de kandidaten van deze groep volgens het correctievoorschrift heb beoordeeld."


class ClosingScreen(Dialog[ClosingDone]):
    """Dismisses with (examennummer, criterium) to jump to a blocker, Closed after closing, or None; and its commits."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Terug", id="afsluiten-terug", tooltip="Terug naar het scoren"),
        Binding("v", "declare", "Verklaren", id="verklaren",
                tooltip="Verklaar dat je volgens het correctievoorschrift hebt beoordeeld"),
        Binding("s", "close_group", "Sluiten", id="groep-sluiten",
                tooltip="Sluit de groep definitief (kan niet ongedaan worden gemaakt)"),
    ]

    def __init__(self, store: RecordStore, group_id: str) -> None:
        super().__init__()
        self.store = store
        self.group_id = group_id
        self.cursor, self.state = store.load_group_at(group_id)
        self.commits: list[Committed] = []
        self.shown: list[Blocker] = []

    @property
    def blockers(self) -> list[Blocker]:
        return closing_blockers(self.state)

    @property
    def my_role(self) -> Role | None:
        return self.state.role_of(self.store.user)

    def compose(self) -> ComposeResult:
        with Vertical(id="closing-dialog", classes="dialog"):
            yield Static(f"Afsluiten: {self.state.info.group_id} ({self.state.model.key.label()})",
                         classes="dialog-title", markup=False)
            yield Static(id="closing-declarations", markup=False)
            yield Static(id="closing-summary", classes="dialog-label", markup=False)
            yield Static(id="closing-message", markup=False)
            yield OptionList(id="closing-blockers")
            yield Static(id="closing-hint", classes="dialog-hint", markup=False)

    def on_mount(self) -> None:
        self.query_one("#closing-message", Static).display = False
        self._render_state()
        self.query_one(OptionList).focus()
        self.app.live.follow(self)

    def on_unmount(self) -> None:
        self.app.live.unfollow(self)

    def _render_state(self) -> None:
        lines = []
        for role in (Role.EXAMINATOR, Role.TWEEDE):
            login = self.state.info.examinator if role is Role.EXAMINATOR else self.state.info.tweede
            made = next((v for v in self.state.verklaringen if v.role is role), None)
            if made:
                lines.append(f"{signs.COMPLETE} {role.label} {login}: verklaard op {self.app.present.moment(made.at)}")
            else:
                lines.append(f"? {role.label} {login}: nog geen verklaring")
        review = group_review_line(self.state)
        if review is not None:
            lines.append(review)
        if self.state.ondersteuning:
            numbers = ", ".join(o.examennummer for o in self.state.ondersteuning)
            lines.append(f"{signs.ONDERSTEUNING} Ondersteuning vastgelegd voor: {numbers}")
        self.query_one("#closing-declarations", Static).update("\n".join(lines))

        blockers = self.shown = self.blockers
        option_list = self.query_one(OptionList)
        highlighted = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(Option(self._prompt(b, False), id=f"b{i}") for i, b in enumerate(blockers))
        if blockers:
            option_list.highlighted = min(highlighted or 0, len(blockers) - 1)
        summary = self.query_one("#closing-summary", Static)
        hint = self.query_one("#closing-hint", Static)
        if self.state.closed:
            summary.update(f"Deze groep is gesloten op {self.app.present.moment(self.state.sluiting.at)}.")
            hint.update(f"Zegel: {self.state.sluiting.seal}")
        elif blockers:
            summary.update(f"Voordat de groep kan sluiten, nog {open_summary(blockers)}:")
            if any(b.kind != "verklaring" for b in blockers):
                hint.update("Enter: naar het gekozen punt. Sluiten kan pas als de lijst leeg is.")
            else:
                hint.update("Alleen verklaringen ontbreken: verklaar met v; daarna sluit s de groep.")
        else:
            summary.update("Alles is compleet en beide examinatoren hebben verklaard.")
            hint.update("s: sluit de groep definitief en maak het beoordelingsmodel (PDF) en de scorelijst (CSV).")
        option_list.display = bool(blockers)

    @staticmethod
    def _prompt(blocker: Blocker, chosen: bool) -> str:
        """The chosen line carries a cursor sign as well as its colour (NO_COLOR, plain SSH clients)."""
        return f"{signs.CURSOR if chosen else ' '} {BLOCKER_SIGNS[blocker.kind]} {blocker.text}"

    @on(OptionList.OptionHighlighted)
    def _mark_chosen(self, event: OptionList.OptionHighlighted) -> None:
        blockers = self.shown
        option_list = event.option_list
        for index in range(option_list.option_count):
            chosen = index == event.option_index
            text = self._prompt(blockers[index], chosen)
            if str(option_list.get_option_at_index(index).prompt) != text:
                option_list.replace_option_prompt_at_index(index, text)

    def _reload(self) -> None:
        self.cursor, self.state = self.store.load_group_at(self.group_id)
        self._render_state()

    def feed_cursor(self) -> int:
        return self.cursor

    def feed_token(self) -> int:
        return 0

    def feed_meldingen_key(self) -> None:
        return None

    @on(GroupChanged)
    def _group_changed(self, event: GroupChanged) -> None:
        """The other examinator may declare or settle a difference in their own terminal."""
        changes = event.changes
        if changes.since != self.cursor or not changes.entries:
            return
        try:
            self.state = fold_entries(self.state, changes.entries)[0]
            self.cursor = changes.cursor
        except (EventMismatch, KeyError, ValueError):
            self._reload()
            return
        self._render_state()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "declare":
            role = self.my_role
            declared = role is not None and any(v.role is role for v in self.state.verklaringen)
            return not declared and may(self.state, self.store.actor(), "declare") is None
        if action == "close_group":
            return not self.state.closed and may(self.state, self.store.actor(), "close") is None
        return True

    def _say(self, message: str, *, error: bool = False) -> None:
        """A line in the dialog itself: a toast would cover the checklist at 80x24."""
        line = self.query_one("#closing-message", Static)
        line.update(f"{signs.DIFFERENCE} {message}" if error else message)
        line.set_class(error, "-error")
        line.display = True

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        blocker = self.shown[event.option_index]
        if blocker.examennummer is None:
            self._say("Een verklaring geeft elke examinator zelf, met v in dit venster.")
            return
        self.dismiss(ClosingDone((blocker.examennummer, blocker.criterium), tuple(self.commits)))

    def action_cancel(self) -> None:
        self.dismiss(ClosingDone(None, tuple(self.commits)))

    def action_declare(self) -> None:
        work = [b for b in self.blockers if b.kind != "verklaring"]
        reason = (
            "Verklaren kan pas als de lijst hieronder alleen nog verklaringen bevat." if work
            else may(self.state, self.store.actor(), Declare())
        )
        if reason is not None:
            self._say(reason, error=True)
            self.app.bell()
            return
        self.app.push_screen(ConfirmScreen(DECLARATION, "Verklaren"), self._declare_confirmed)

    def _declare_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            self.store.declare(self.group_id, commits=self.commits)
        except StoreError as exc:
            self._say(f"Niet verklaard: {exc}", error=True)
        else:
            self._say(f"{signs.COMPLETE} Je verklaring is vastgelegd.")
        self._reload()
        self.refresh_bindings()

    def action_close_group(self) -> None:
        blockers = self.blockers
        reason = (
            f"Sluiten kan nog niet: nog {open_summary(blockers)}." if blockers
            else may(self.state, self.store.actor(), Close())
        )
        if reason is not None:
            self._say(reason, error=True)
            self.app.bell()
            return
        question = (
            f"Groep {self.group_id} definitief sluiten?\n\n"
            "Sluiten kan niet ongedaan worden gemaakt: daarna kan niemand nog een score, "
            "opmerking of afwezigheid wijzigen. Het beoordelingsmodel (PDF) en de scorelijst (CSV) "
            "worden gemaakt en krijgen het zegel van de groep."
        )
        self.app.push_screen(ConfirmScreen(question, "Definitief sluiten"), self._close_confirmed)

    def _close_confirmed(self, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            self.store.close(self.group_id, commits=self.commits)
        except StoreError as exc:
            self._reload()
            self._say(f"Niet gesloten: {exc}", error=True)
            return
        self._reload()
        seal = self.state.sluiting.seal if self.state.sluiting is not None else ""
        self.dismiss(ClosingDone(Closed(seal), tuple(self.commits)))
