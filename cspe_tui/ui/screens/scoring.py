"""Scoring one group: candidates on the left, the correctiemodel of the current candidate on the right.

The screen composes the widgets, holds the screen-wide keys and answers the widgets'
messages. What it holds is plain: the group as the fold of its log (`GroupLog`,
cspe_tui/ui/group_log.py) and its place in the group (`Navigator`, cspe_tui/ui/navigation.py).
A score is typed in the table that has the focus (cspe_tui/ui/widgets/score_typing.py),
which posts it up; the screen writes it, folds what was committed and gives the widgets the
new row views, and only rows whose view changed are repainted: a key costs the same at 300
candidates as at 3, in one frame. The other examinator's changes arrive the same way,
through the app's live feed (cspe_tui/ui/live.py). The dialogs are opened from
scoring_dialogs.py; the per-opdracht view is the grid (opdracht_grid.py) over the same position.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from cspe_tui.domain.commands import SetScore
from cspe_tui.domain.correctiemodel import Criterium, ModelKey, Opdracht
from cspe_tui.domain.decide import may
from cspe_tui.domain.group import GroupState, Role, ScoreError, check_score
from cspe_tui.store import Store, StoreError
from cspe_tui.store.journal import Committed
from cspe_tui.ui.bindings import key_for
from cspe_tui.ui.group_log import Fold, GroupLog
from cspe_tui.ui.live import Changes, FeedFailed, GroupChanged
from cspe_tui.ui.navigation import Goal, Navigator
from cspe_tui.ui.screens import scoring_dialogs as dialogs
from cspe_tui.ui.screens.base import BaseScreen
from cspe_tui.ui.screens.scoring_text import banner_text, info_text
from cspe_tui.ui.views import (
    CriteriumView,
    RemarkIndex,
    Viewer,
    candidate_line,
    candidate_view,
    column_labels,
    criteria_rows,
    criterium_view,
    detail_view,
    opdracht_view,
    totals_view,
)
from cspe_tui.ui.widgets.candidate_list import CandidateList
from cspe_tui.ui.widgets.criteria_table import CriteriaTable
from cspe_tui.ui.widgets.criterium_detail import CriteriumDetail
from cspe_tui.ui.widgets.key_footer import KeyFooter
from cspe_tui.ui.widgets.line_table import LineTable
from cspe_tui.ui.widgets.opdracht_grid import OpdrachtGrid, grid_row
from cspe_tui.ui.widgets.score_typing import (
    DigitWaiting,
    EnterPressed,
    ScoreCleared,
    ScoreTyped,
    TypingDropped,
    TypingMessage,
)
from cspe_tui.ui.widgets.status_line import StatusLine
from cspe_tui.ui.widgets.totals_bar import TotalsBar

CANDIDATE = Binding.Group("Kandidaat")

WRITE_ACTIONS = {"accept_other", "accept_all", "set_own", "toggle_absent"}
COMMAND_OF_ACTION = {
    "accept_other": "vastgesteld",
    "set_own": "vastgesteld",
    "accept_all": "accept_all",
    "toggle_absent": "absent",
    "ondersteuning": "ondersteuning",
    "photos": "photo",
}
"""Which kind of command a key gives: the domain's `may` decides whether the key is offered."""


def cursor_bindings() -> list[BindingType]:
    """The criteria table's cursor keys (same ids, so a keymap moves them too), run by the screen."""
    return [replace(b, action=f"criteria_cursor('{b.action}')") for b in LineTable.BINDINGS if isinstance(b, Binding)]


class ScoringScreen(BaseScreen):
    HELP_GROUP: ClassVar[str] = "Beoordelen"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (28, "-low"), (36, "-tall")]
    AUTO_FOCUS = "#criteria"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "toggle_view", "Per opdracht", id="per-opdracht",
                tooltip="Wissel tussen per kandidaat en per opdracht (één opdracht, alle kandidaten)"),
        Binding("right_square_bracket", "other_opdracht(1)", "Volgende opdracht", id="volgende-opdracht",
                show=False, tooltip="Per opdracht: naar de volgende opdracht"),
        Binding("left_square_bracket", "other_opdracht(-1)", "Vorige opdracht", id="vorige-opdracht",
                show=False, tooltip="Per opdracht: naar de vorige opdracht"),
        Binding("a", "accept_other", "Overnemen", id="overnemen",
                tooltip="Stel de score van de andere examinator vast als vastgestelde score"),
        Binding("A", "accept_all", "Alles overnemen", id="alles-overnemen", show=False,
                tooltip="Neem alle nog open scores van de examinator over voor deze kandidaat (achteraf)"),
        Binding("v", "set_own", "Vastleggen", id="eigen-vastleggen",
                tooltip="Stel je eigen score vast als vastgestelde score (na overleg)"),
        Binding("n", "next_candidate", "Volgende kandidaat", id="volgende-kandidaat", group=CANDIDATE,
                tooltip="Naar de volgende kandidaat"),
        Binding("p", "previous_candidate", "Vorige kandidaat", id="vorige-kandidaat", group=CANDIDATE,
                tooltip="Naar de vorige kandidaat"),
        Binding("l", "next_unscored", "Leeg", id="volgende-leeg", show=False,
                tooltip="Naar het volgende criterium zonder je score; na de laatste kandidaat weer vooraan"),
        Binding("N", "next_unfinished", "Niet klaar", id="volgende-niet-klaar", show=False,
                tooltip="Naar de volgende kandidaat die nog niet klaar is: criteria zonder je score of open verschillen"),
        Binding("d", "next_difference", "Verschil", id="volgend-verschil",
                tooltip="Naar het volgende verschil tussen de examinatoren"),
        Binding("x", "toggle_absent", "Afwezig", id="afwezig",
                tooltip="Meld de kandidaat afwezig voor dit onderdeel, of zet dat terug"),
        Binding("o", "remarks", "Opmerking", id="opmerking",
                tooltip="Opmerkingen bij deze kandidaat: schrijven, beantwoorden, oplossen"),
        Binding("f", "melding", "Fout", id="fout-melden",
                tooltip="Meld een fout in het examen of het correctiemodel bij dit criterium (Examenloket)"),
        Binding("c", "closing", "Afsluiten", id="afsluiten",
                tooltip="Controlelijst, verklaring en het definitief sluiten van de groep"),
        Binding("s", "ondersteuning", "Ondersteuning", id="ondersteuning", group=CANDIDATE,
                tooltip="Leg de ondersteuning (extra faciliteiten) van deze kandidaat vast (examensecretaris)"),
        Binding("F", "photos", "Foto's", id="fotos", show=False,
                tooltip="Voeg foto's van de producten van deze kandidaat toe (een bestand of een map)"),
        Binding("u", "aanvulling", "Aanvulling", id="aanvulling",
                tooltip="Leg een aanvulling van het CvTE vast bij dit criterium (examensecretaris)"),
        Binding("m", "export_meldingen", "Meldingen", id="meldingen-exporteren", show=False,
                tooltip="Schrijf de meldingen over dit correctiemodel voor het Examenloket (tekst en PDF)"),
        Binding("e", "export", "Exporteren", id="exporteren", show=False,
                tooltip="Maak het beoordelingsmodel (PDF) en de scorelijst (CSV) van deze groep"),
        Binding("K", "toggle_candidates", "Kandidaten", id="kandidatenlijst", show=False,
                tooltip="Toon of verberg de lijst met kandidaten (in een smal venster is hij verborgen)"),
        Binding("escape", "back", "Terug", id="terug", show=False, tooltip="Terug naar de groepen (of wis getypte cijfers)"),
        *cursor_bindings(),
    ]

    def __init__(self, store: Store, group_id: str) -> None:
        super().__init__()
        self.store = store
        self.group_id = group_id
        self.group_log = GroupLog(store, group_id)
        role = self.state.role_of(store.user)
        self.viewer = Viewer(store.user, role if role is not None else Role.SECRETARIS)
        self.remarks = RemarkIndex(self.state.remarks)
        self.nav = Navigator(self.state, self.viewer.role)
        self.last_given: tuple[str, str, str | None] | None = None
        """(candidate, criterium, where the cursor went): backspace right after a score clears it."""
        self.closed_here = False
        """Closed in this screen's own dialog: the export dialog says so, no second notice."""
        self.meldingen_token = 0
        """Counts own meldingen: a look that started before one does not take the list back."""
        self._shown_totals: tuple[tuple[object, ...], object] = ((), None)
        self._shown_detail: tuple[tuple[object, ...], object] = ((), None)
        """What the panels show: (state, candidate[, criterium]) and the view made of them."""

    # --- what the screen holds -----------------------------------------------------

    @property
    def state(self) -> GroupState:
        return self.group_log.state

    @state.setter
    def state(self, state: GroupState) -> None:
        self.group_log.state = state

    @property
    def current(self) -> str:
        return self.nav.current

    @property
    def readonly(self) -> bool:
        return self.viewer.role is Role.SECRETARIS or self.state.closed or self.state.withdrawn is not None

    @property
    def per_opdracht(self) -> bool:
        return self.has_class("-per-opdracht")

    @property
    def typing(self) -> tuple[str, str] | None:
        return self.criteria.typing or self.grid.typing

    @property
    def criteria(self) -> CriteriaTable:
        return self.query_one("#criteria", CriteriaTable)

    @property
    def grid(self) -> OpdrachtGrid:
        return self.query_one("#grid", OpdrachtGrid)

    @property
    def candidates(self) -> CandidateList:
        return self.query_one("#candidates", CandidateList)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(info_text(self.state, self.viewer), id="info", markup=False)
        yield Static(id="candidate", markup=False)
        yield Static(banner_text(self.state, self.viewer), id="banner", classes="" if self.readonly else "-hidden", markup=False)
        with Horizontal(id="main"):
            yield CandidateList(id="candidates")
            with Vertical(id="right"):
                yield CriteriaTable(id="criteria")
                yield OpdrachtGrid(id="grid")
                yield CriteriumDetail(id="detail")
                yield TotalsBar(id="totals")
        yield StatusLine(id="status")
        yield KeyFooter(show_command_palette=False)

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#info", Static).update(info_text(self.state, self.viewer, event.size.width))

    def on_mount(self) -> None:
        self.app.refresh_present()
        self.criteria.labels = column_labels(self.viewer)
        self.criteria.allowed = self.grid.allowed = {c.code: c.allowed for c in self.state.model.criteria}
        self._offer_typing()
        numbers = [c.examennummer for c in self.state.candidates]
        self.candidates.set_rows(
            [candidate_view(self.state, nr, self.viewer, self.remarks) for nr in numbers],
            cursor=numbers.index(self.current),
        )
        self._show_candidate(self.current, self.nav.first_code(self.state, self.current))
        self.app.live.follow(self)
        self.call_after_refresh(self.app.memory.settle)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and self.readonly:
            return False
        if action in COMMAND_OF_ACTION:
            return may(self.state, self.store.actor(), COMMAND_OF_ACTION[action]) is None
        if action == "melding":
            return self.viewer.role is not Role.SECRETARIS
        if action == "aanvulling":
            return self.viewer.role is Role.SECRETARIS
        if action == "closing":
            return self.viewer.role is not Role.SECRETARIS or self.state.closed
        return True

    def _offer_typing(self) -> None:
        """The tables offer their score keys only where a score may be written (attributes down)."""
        offered = not self.readonly and may(self.state, self.store.actor(), "score") is None
        for table in (self.criteria, self.grid):
            table.may_type = offered

    # --- showing -------------------------------------------------------------------

    def _show_candidate(self, examennummer: str, code: str | None = None) -> None:
        """Rebuild the criteria table for another candidate (about 60 rows); the candidate list stays."""
        self.cancel_typing()
        self.nav.current = examennummer
        rows = criteria_rows(self.state, examennummer, self.viewer, self.remarks)
        cursor = None
        if code is not None:
            cursor = next(i for i, r in enumerate(rows) if isinstance(r, CriteriumView) and r.code == code)
        self.criteria.set_rows(rows, cursor=cursor if cursor is not None else self.criteria.cursor)
        self._show_totals_and_detail()

    def _show_totals_and_detail(self) -> None:
        """Repaint the two panels only when what they show changed: a key gives one frame, not two.

        A view is computed again only when the state, the candidate or the criterium is another object."""
        code = self.criteria.cursor_code
        key = (self.state, self.current)
        if not _same(self._shown_totals[0], key):
            self._show_candidate_line()
            totals = totals_view(self.state, self.current, self.viewer)
            if totals != self._shown_totals[1]:
                self.query_one(TotalsBar).show_totals(totals)
            self._shown_totals = (key, totals)
        if code is not None and not _same(self._shown_detail[0], (*key, code)):
            detail = detail_view(self.state, self.current, code, self.viewer, self.app.present)
            if detail != self._shown_detail[1]:
                self.query_one(CriteriumDetail).show_detail(detail)
            self._shown_detail = ((*key, code), detail)

    def _show_candidate_line(self) -> None:
        line = candidate_line(
            self.state, self.current, self.viewer, self.remarks,
            self.candidates.index_of(self.current) + 1, len(self.state.candidates),
        )
        shown = self.query_one("#candidate", Static)
        if str(shown.content) != line:
            shown.update(line, layout=False)

    def refresh_rows(self, examennummer: str, codes: set[str] | None = None, panels: bool = True) -> None:
        """Recompute the views of one candidate; widgets repaint only rows that differ."""
        self.candidates.replace_row(
            self.candidates.index_of(examennummer),
            candidate_view(self.state, examennummer, self.viewer, self.remarks),
        )
        self._refresh_grid_row(examennummer)
        if examennummer != self.current:
            return
        table = self.criteria
        model = self.state.model
        typing = self.typing
        if codes is None:
            for index, row in enumerate(criteria_rows(self.state, examennummer, self.viewer, self.remarks, typing)):
                table.replace_row(index, row)
        else:
            for code in codes:
                digits = typing[1] if typing and typing[0] == code else None
                view = criterium_view(self.state, examennummer, model.criterium(code), self.viewer, self.remarks, digits)
                table.replace_row(table.index_of(code), view)
                opdracht = model.opdracht_of(code)
                table.replace_row(
                    table.index_of_opdracht(opdracht.nummer),
                    opdracht_view(self.state, examennummer, opdracht, self.viewer),
                )
        if panels:
            self._show_totals_and_detail()

    def fail(self, message: str) -> None:
        self.status.say(message, error=True)
        self.app.bell()

    # --- the per-opdracht grid: the same position, one opdracht across the candidates ---

    def _opdracht(self) -> Opdracht:
        code = self.criteria.cursor_code or self.state.model.criteria[0].code
        return self.state.model.opdracht_of(code)

    def _fill_grid(self) -> None:
        opdracht = self._opdracht()
        codes = [c.code for c in opdracht.criteria]
        typing = self.typing
        rows = [
            grid_row(self.state, c.examennummer, opdracht, self.viewer, self.remarks,
                     typing if c.examennummer == self.current else None)
            for c in self.state.candidates
        ]
        self.grid.show(codes, rows, self.current, self.criteria.cursor_code or codes[0])

    def _refresh_grid_row(self, examennummer: str) -> None:
        if not self.per_opdracht:
            return
        typing = self.typing if examennummer == self.current else None
        row = grid_row(self.state, examennummer, self._opdracht(), self.viewer, self.remarks, typing)
        self.grid.replace_row(self.grid.index_of(examennummer), row)

    def action_toggle_view(self) -> None:
        """`set_focus`, not `focus()`: the digits typed right after `w` find the grid's keys."""
        self.cancel_typing()
        showing = not self.per_opdracht
        self.set_class(showing, "-per-opdracht")
        if showing:
            self._fill_grid()
            self.set_focus(self.grid)
            self.status.say(f"Per opdracht: {self._opdracht().nummer} {self._opdracht().titel}, alle kandidaten.")
        else:
            self.set_focus(self.criteria)

    def action_other_opdracht(self, step: int) -> None:
        if not self.per_opdracht:
            return
        self.cancel_typing()
        opdrachten = self.state.model.opdrachten
        index = opdrachten.index(self._opdracht()) + step
        if 0 <= index < len(opdrachten):
            self.criteria.move_to_code(opdrachten[index].criteria[0].code)
            self._fill_grid()

    def _follow_position(self) -> None:
        """After n, p, d, l or a jump: the grid shows the opdracht of the criterium and its cell."""
        if not self.per_opdracht or self.criteria.cursor_code is None:
            return
        code = self.criteria.cursor_code
        if code in self.grid.codes:
            self.grid.move_to(self.current, code)
        else:
            self._fill_grid()

    @on(OpdrachtGrid.Moved)
    def _grid_moved(self, event: OpdrachtGrid.Moved) -> None:
        if (event.examennummer, event.code) != (self.current, self.criteria.cursor_code):
            self._go(event.examennummer, event.code)

    # --- typing: the focused table posts, the screen writes and moves on ----------------

    def cancel_typing(self) -> None:
        """The cursor leaves or another action starts: a waiting digit is given, never dropped silently."""
        typed = self.criteria.take_typed() or self.grid.take_typed()
        if typed is None or not self.is_mounted:
            return
        criterium = self.state.model.criterium(typed.code)
        if typed.value in criterium.allowed and not self.readonly:
            if self._write_own(typed.code, typed.value):
                self.status.say(f"{typed.code}: {typed.value} gegeven.")
        else:
            self.refresh_rows(self.current, {typed.code})
            self.fail(f"{typed.code}: {typed.digits} is niet gegeven ({typed.digits} mag niet bij dit criterium).")

    def drop_typing(self) -> None:
        """Esc: drop the waiting digit, and say so."""
        code = self.criteria.drop_typing() or self.grid.drop_typing()
        if code is not None:
            self._typing_gone(code)

    def _typing_gone(self, code: str) -> None:
        self.refresh_rows(self.current, {code})
        self.status.say(f"{code}: het getypte cijfer is gewist.")

    def _absent_refused(self) -> bool:
        if not self.state.is_absent(self.current):
            return False
        self.criteria.drop_typing()
        self.grid.drop_typing()
        self.fail(f"{self.current} is afwezig voor dit onderdeel; zet dat eerst terug.")
        return True

    @on(DigitWaiting)
    def _digit_waiting(self, message: DigitWaiting) -> None:
        with _settling(message):
            if not self._absent_refused():
                self.refresh_rows(self.current, {message.code})
                self.status.say(
                    f"{message.code}: {message.digits}_  typ het tweede cijfer, of "
                    f"{key_for(self, 'bevestigen')} voor {message.digits}",
                    sticky=True,
                )

    @on(ScoreTyped)
    def _score_typed(self, message: ScoreTyped) -> None:
        with _settling(message):
            if not self._absent_refused():
                self._give_score(self.state.model.criterium(message.code), message.typed.value)

    @on(EnterPressed)
    def _enter_pressed(self, message: EnterPressed) -> None:
        with _settling(message):
            self.criteria.action_cursor_down()

    @on(TypingDropped)
    def _typing_dropped(self, message: TypingDropped) -> None:
        with _settling(message):
            self._typing_gone(message.code)

    @on(ScoreCleared)
    def _score_cleared(self, message: ScoreCleared) -> None:
        with _settling(message):
            given, self.last_given = self.last_given, None
            if given is not None and given[0] == self.current and given[2] == self.criteria.cursor_code:
                self.criteria.move_to_code(given[1])
            code = self.criteria.cursor_code
            if code is not None and self.state.cell(self.current, code).column(self.viewer.role) is not None:
                if self._write_own(code, None):
                    self.status.say(f"Je score bij {code} is gewist.")

    def _give_score(self, criterium: Criterium, value: int) -> None:
        try:
            check_score(criterium, value)
        except ScoreError as exc:
            self.refresh_rows(self.current, {criterium.code})
            self.fail(str(exc))
            return
        if self._write_own(criterium.code, value, panels=False):
            self.status.clear()
            self.advance(criterium.code)
            self.last_given = (self.current, criterium.code, self.criteria.cursor_code)

    def _write_own(self, code: str, value: int | None, panels: bool = True) -> bool:
        """`panels=False` when the cursor moves on next: the panels are shown once, for where it lands."""
        try:
            self.commit(SetScore(examennummer=self.current, criterium=code, value=value), panels=panels)
        except StoreError as exc:
            self.refresh_rows(self.current, {code})
            self.fail(str(exc))
            return False
        return True

    def advance(self, code: str) -> None:
        """To the next criterium (per opdracht: across the row, then down), with its panels in the same frame."""
        if self.per_opdracht:
            opdracht = self._opdracht()
            goal = self.nav.step_across(self.state, [c.code for c in opdracht.criteria], code)
            if goal is None:
                self.status.say(f"Opdracht {opdracht.nummer} is rond voor de laatste kandidaat.")
            else:
                self.go(goal)
                self.grid.move_to(goal.examennummer, goal.code or code)
        else:
            self._next_row(code)
        self._show_totals_and_detail()

    def _next_row(self, code: str) -> None:
        criteria = self.state.model.criteria
        position = next(i for i, c in enumerate(criteria) if c.code == code)
        if position + 1 < len(criteria):
            self.criteria.move_to_code(criteria[position + 1].code)
        elif self.viewer.role is not Role.SECRETARIS and not any(
            self.nav.is_open(self.state, self.current, c.code) for c in criteria
        ):
            self.status.say(
                f"Kandidaat {self.current} {self.state.candidate(self.current).naam} is klaar. "
                f"Volgende kandidaat: {key_for(self, 'volgende-kandidaat')}."
            )

    # --- moving: the screen's keys work wherever the focus is ---------------------------

    def action_criteria_cursor(self, action: str) -> None:
        """Move, then show totals and detail at once; the table's Highlighted then finds nothing to do."""
        self.cancel_typing()
        getattr(self.criteria, f"action_{action}")()
        self._show_totals_and_detail()

    def go(self, where: Goal | str) -> None:
        """To a Goal the navigator found, or say why there is none."""
        if isinstance(where, str):
            self.status.say(where)
        else:
            self._go(where.examennummer, where.code, where.why)

    def _go(self, examennummer: str, code: str | None = None, why: str = "") -> None:
        """Move there; another candidate is always said out loud, so no one scores the wrong one unawares."""
        moved = examennummer != self.current
        if moved:
            self.candidates.move_cursor(self.candidates.index_of(examennummer))
            self._show_candidate(examennummer, code or self.nav.first_code(self.state, examennummer))
        elif code is not None:
            self.criteria.move_to_code(code)
        self._follow_position()
        self._show_totals_and_detail()
        if moved:
            name = self.state.candidate(examennummer).naam
            self.status.say(f"Naar kandidaat {examennummer} {name}" + (f": {why}." if why else "."))
        elif why:
            self.status.say(f"{why[0].upper()}{why[1:]}.")

    def _position_code(self) -> str:
        return self.criteria.cursor_code or self.state.model.criteria[0].code

    def action_next_candidate(self) -> None:
        self.go(self.nav.step(self.state, 1, self.criteria.cursor_code if self.per_opdracht else None))

    def action_previous_candidate(self) -> None:
        self.go(self.nav.step(self.state, -1, self.criteria.cursor_code if self.per_opdracht else None))

    def action_next_unscored(self) -> None:
        self.cancel_typing()
        self.go(self.nav.next_unscored(self.state, self._position_code()))

    def action_next_difference(self) -> None:
        self.cancel_typing()
        self.go(self.nav.next_difference(self.state, self._position_code()))

    def action_next_unfinished(self) -> None:
        self.cancel_typing()
        self.go(self.nav.next_unfinished(self.state))

    def action_toggle_candidates(self) -> None:
        narrow = self.has_class("-narrow")
        showing = self.has_class("-show-candidates") if narrow else not self.has_class("-hide-candidates")
        self.set_class(narrow and not showing, "-show-candidates")
        self.set_class(not narrow and showing, "-hide-candidates")
        self.set_focus(self.candidates if not showing else self.criteria)

    def action_back(self) -> None:
        if self.typing is not None:
            self.drop_typing()
            return
        self.app.pop_screen()

    @on(CandidateList.Highlighted)
    def _candidate_highlighted(self, event: CandidateList.Highlighted) -> None:
        if event.examennummer != self.current:
            self._show_candidate(event.examennummer, self.nav.first_code(self.state, event.examennummer))

    @on(CriteriaTable.Highlighted)
    def _criterium_highlighted(self, event: CriteriaTable.Highlighted) -> None:
        """A digit typed on the criterium the cursor came to (keys typed ahead) waits on; another is given."""
        typing = self.typing
        if typing is not None and typing[0] != self.criteria.cursor_code:
            self.cancel_typing()
        self._show_totals_and_detail()

    # --- the dialogs (scoring_dialogs.py) ----------------------------------------------

    def action_accept_other(self) -> None:
        dialogs.accept_other(self)

    def action_set_own(self) -> None:
        dialogs.set_own(self)

    def action_accept_all(self) -> None:
        dialogs.accept_all(self)

    def action_toggle_absent(self) -> None:
        dialogs.toggle_absent(self)

    def action_ondersteuning(self) -> None:
        dialogs.ondersteuning(self)

    def action_photos(self) -> None:
        dialogs.photos(self)

    def action_remarks(self) -> None:
        dialogs.remarks(self)

    def action_melding(self) -> None:
        dialogs.melding(self)

    def action_aanvulling(self) -> None:
        dialogs.aanvulling(self)

    def action_closing(self) -> None:
        dialogs.closing(self)

    def action_export(self) -> None:
        dialogs.export(self)

    def action_export_meldingen(self) -> None:
        dialogs.export_meldingen(self)

    # --- following the log (GroupLog): own writes, dialog commits, the live feed -----------

    def feed_cursor(self) -> int:
        return self.group_log.cursor

    def feed_token(self) -> int:
        return self.meldingen_token

    def feed_meldingen_key(self) -> ModelKey:
        return self.state.info.model_key

    def _poll(self) -> None:
        self.app.live.look(self)

    def on_unmount(self) -> None:
        self.app.live.unfollow(self)

    def commit(self, *commands: Any, panels: bool = True) -> Committed:
        """Execute as this user and show what was committed; raises the store's StoreError."""
        committed, fold = self.group_log.commit(*commands)
        self._show_fold(fold, panels)
        return committed

    def fold_commits(self, commits: tuple[Committed, ...] | list[Committed]) -> None:
        """A dialog's writes, as its typed result carries them."""
        try:
            folds = self.group_log.fold_commits(commits)
        except StoreError as exc:
            self.fail(f"Bijwerken mislukt: {exc}")
            return
        for fold in folds:
            self._show_fold(fold)

    def catch_up(self) -> None:
        """After a refused write (a conflict): what the other did, read from the log."""
        try:
            fold = self.group_log.catch_up()
        except StoreError as exc:
            self.fail(f"Bijwerken mislukt: {exc}")
            return
        self._show_fold(fold)

    def _take(self, since: int, cursor: int, entries: Any, panels: bool = True, folded: Any = None) -> None:
        """Entries the live feed brought from `since` (bench/follow.py times this)."""
        try:
            fold = self.group_log.take(since, cursor, entries, folded)
        except StoreError as exc:
            self.fail(f"Bijwerken mislukt: {exc}")
            return
        self._show_fold(fold, panels)

    def on_group_changed(self, event: GroupChanged) -> None:
        self._apply_changes(event.changes)

    def on_feed_failed(self, event: FeedFailed) -> None:
        self.status.say(f"Bijwerken mislukt: {event.message}", error=True)

    def _apply_changes(self, changes: Changes) -> None:
        meldingen = changes.meldingen
        if meldingen is not None and changes.token == self.meldingen_token and meldingen != self.state.meldingen:
            self.state = self.state.model_copy(update={"meldingen": meldingen})
            self.refresh_rows(self.current)
        self._take(changes.since, changes.cursor, changes.entries)

    def _show_fold(self, fold: Fold | None, panels: bool = True) -> None:
        """Recompute the rows a fold touched (all of them after a reload), then what it may have ended."""
        if fold is None:
            return
        old, state = fold.old, fold.state
        if fold.reloaded or state.remarks is not old.remarks:
            self.remarks = RemarkIndex(state.remarks)
        touched = fold.touched if fold.touched is not None else {c.examennummer: None for c in state.candidates}
        for nr, codes in touched.items():
            if codes is not None and self.viewer.sees_other(old, nr) != self.viewer.sees_other(state, nr):
                codes = None
            self.refresh_rows(nr, None if codes is None else set(codes), panels=False)
        if panels:
            self._show_totals_and_detail()
        if (fold.reloaded or state.verklaringen is not old.verklaringen or state.closed != old.closed
                or state.withdrawn != old.withdrawn):
            self._offer_typing()
            self.refresh_bindings()
        self._show_ending(old)

    def _show_ending(self, old: GroupState) -> None:
        state = self.state
        closed_now = state.closed and not old.closed
        withdrawn_now = state.withdrawn is not None and old.withdrawn is None
        if not (closed_now or withdrawn_now):
            return
        banner = self.query_one("#banner", Static)
        banner.update(banner_text(state, self.viewer))
        banner.remove_class("-hidden")
        self.drop_typing()
        if withdrawn_now:
            self.notify("Deze groep is zojuist vervallen; je kunt niets meer wijzigen.", title="Vervallen")
        elif not self.closed_here:
            self.notify("Deze groep is zojuist afgesloten; je kunt niets meer wijzigen.", title="Afgesloten")


@contextmanager
def _settling(message: TypingMessage) -> Iterator[None]:
    """The key that posted a typing message waits for it: settled however its handler ends."""
    try:
        yield
    finally:
        message.settle()


def _same(shown: tuple[object, ...], key: tuple[object, ...]) -> bool:
    return len(shown) == len(key) and all(a is b for a, b in zip(shown, key))
