"""Scoring one group: candidates on the left, the correctiemodel of the current candidate on the right.

This file is the composition, the screen-wide keys (scoring_keys.py) and the handlers of the
widgets' messages. What the screen holds is plain: the group as the fold of its log
(`GroupLog`, ui/group_log.py), its place in the group (`Navigator`, ui/navigation.py) and
what its widgets show (`Sheet`, scoring_rows.py). A score is typed in the table that has
the focus (widgets/score_typing.py), which posts it up and waits; the screen writes it and
moves on (scoring_scores.py), folds what was committed and hands the widgets new row views:
only rows whose view changed are repainted, so a key costs the same at 300 candidates as at
3, in one frame. The other examinator's changes arrive through the app's live feed
(ui/live.py) and are folded the same way. The other keys open dialogs (scoring_dialogs.py),
whose typed results carry what they committed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.decide import may
from cspe_tui.domain.group import GroupState, Role
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.journal import Committed
from cspe_tui.ui.group_log import Fold, GroupLog
from cspe_tui.ui.live import Changes, FeedFailed, GroupChanged
from cspe_tui.ui.navigation import Goal, Navigator
from cspe_tui.ui.screens import scoring_dialogs as dialogs
from cspe_tui.ui.screens import scoring_grid as grid_mode
from cspe_tui.ui.screens import scoring_scores as scores
from cspe_tui.ui.screens.base import BaseScreen
from cspe_tui.ui.screens.scoring_keys import COMMAND_OF_ACTION, SCORING_BINDINGS, WRITE_ACTIONS
from cspe_tui.ui.screens.scoring_rows import Held, Sheet
from cspe_tui.present.candidate_rows import candidate_view
from cspe_tui.present.group_lines import banner_text, info_text
from cspe_tui.present.remark_index import RemarkIndex
from cspe_tui.present.totals_view import column_labels
from cspe_tui.present.viewer import Viewer
from cspe_tui.ui.widgets.candidate_list import CandidateList
from cspe_tui.ui.widgets.criteria_table import CriteriaTable
from cspe_tui.ui.widgets.criterium_detail import CriteriumDetail
from cspe_tui.ui.widgets.key_footer import KeyFooter
from cspe_tui.ui.widgets.opdracht_grid import OpdrachtGrid
from cspe_tui.ui.widgets.score_typing import (
    DigitWaiting,
    EnterPressed,
    ScoreCleared,
    ScoreTyped,
    TypingDropped,
    settles,
)
from cspe_tui.ui.widgets.status_line import StatusLine
from cspe_tui.ui.widgets.totals_bar import TotalsBar


class ScoringScreen(BaseScreen):
    HELP_GROUP: ClassVar[str] = "Beoordelen"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (28, "-low"), (36, "-tall")]
    AUTO_FOCUS = "#criteria"
    BINDINGS: ClassVar[list[BindingType]] = SCORING_BINDINGS

    def __init__(self, store: RecordStore, group_id: str) -> None:
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
        self.candidates = CandidateList(id="candidates")
        self.candidates.hand_over = self._typed_in_list
        self.criteria = CriteriaTable(id="criteria")
        self.grid = OpdrachtGrid(id="grid")
        self.status = StatusLine(id="status")
        self.sheet = Sheet(
            self.viewer, Static(id="candidate", markup=False), self.candidates, self.criteria, self.grid,
            TotalsBar(id="totals"), CriteriumDetail(id="detail"),
        )
        """What the widgets show; it hands them their row views."""

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

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(info_text(self.state, self.viewer), id="info", markup=False)
        yield self.sheet.line
        yield Static(banner_text(self.state, self.viewer, self.app.present), id="banner", classes="" if self.readonly else "-hidden", markup=False)
        with Horizontal(id="main"):
            yield self.candidates
            with Vertical(id="right"):
                yield self.criteria
                yield self.grid
                yield self.sheet.detail
                yield self.sheet.totals
        yield self.status
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

    # --- showing (scoring_rows.py) ------------------------------------------------------

    @property
    def held(self) -> Held:
        return Held(self.state, self.remarks, self.current, self.typing, self.per_opdracht, self.app.present)

    def _show_candidate(self, examennummer: str, code: str | None = None) -> None:
        self.cancel_typing()
        self.nav.current = examennummer
        self.sheet.candidate(self.held, code)

    def show_panels(self) -> None:
        self.sheet.panels(self.held)

    def refresh_rows(self, examennummer: str, codes: set[str] | None = None, panels: bool = True) -> None:
        self.sheet.rows(self.held, examennummer, codes, panels)

    def fail(self, message: str) -> None:
        self.status.say(message, error=True)
        self.app.bell()

    # --- the per-opdracht grid: the same position, one opdracht across the candidates ---

    action_toggle_view = grid_mode.toggle_view
    action_other_opdracht = grid_mode.other_opdracht
    _grid_moved = on(OpdrachtGrid.Moved)(grid_mode.grid_moved)

    # --- typing: the focused table posts, the screen writes and moves on ----------------

    def cancel_typing(self) -> None:
        """The cursor leaves or another action starts: a waiting digit is given, never dropped silently."""
        typed = self.criteria.take_typed() or self.grid.take_typed()
        if typed is not None and self.is_mounted:
            scores.give_waiting(self, typed)

    def advance(self, code: str) -> None:
        scores.advance(self, code)

    def drop_typing(self) -> None:
        """Esc: drop the waiting digit, and say so."""
        code = self.criteria.drop_typing() or self.grid.drop_typing()
        if code is not None:
            scores.typing_gone(self, code)

    _digit_waiting = on(DigitWaiting)(settles(scores.digit_waiting))
    _score_typed = on(ScoreTyped)(settles(scores.score_typed))
    _enter_pressed = on(EnterPressed)(settles(scores.enter_pressed))
    _typing_dropped = on(TypingDropped)(settles(scores.typing_dropped))
    _score_cleared = on(ScoreCleared)(settles(scores.score_cleared))

    # --- moving: the screen's keys work wherever the focus is ---------------------------

    def action_criteria_cursor(self, action: str) -> None:
        """Move, then show totals and detail at once; the table's Highlighted then finds nothing to do."""
        self.cancel_typing()
        getattr(self.criteria, f"action_{action}")()
        self.show_panels()

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
        self.sheet.follow_position(self.held)
        self.show_panels()
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

    async def _typed_in_list(self, action: str) -> None:
        """A score typed while the candidate list has the focus: the table where scores are typed takes it."""
        self.remove_class("-show-candidates")
        table = self.grid if self.per_opdracht else self.criteria
        self.set_focus(table)
        await table.run_action(action)

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
        self.show_panels()

    # --- the other keys: functions of scoring_dialogs.py, called with the screen ---------

    action_accept_other = dialogs.accept_other
    action_set_own = dialogs.set_own
    action_accept_all = dialogs.accept_all
    action_toggle_absent = dialogs.toggle_absent
    action_ondersteuning = dialogs.ondersteuning
    action_photos = dialogs.photos
    action_remarks = dialogs.remarks
    action_melding = dialogs.melding
    action_aanvulling = dialogs.aanvulling
    action_closing = dialogs.closing
    action_export = dialogs.export
    action_export_meldingen = dialogs.export_meldingen

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

    def fold_commits(self, commits: Sequence[Committed]) -> None:
        """A dialog's writes, as its typed result carries them."""
        self._folded(lambda: self.group_log.fold_commits(commits))

    def catch_up(self) -> None:
        """After a refused write (a conflict): what the other did, read from the log."""
        self._folded(self.group_log.catch_up)

    def _take(self, since: int, cursor: int, entries: Any, panels: bool = True, folded: Any = None) -> None:
        """Entries the live feed brought from `since` (bench/follow.py times this)."""
        self._folded(lambda: self.group_log.take(since, cursor, entries, folded), panels)

    def _folded(self, fold: Callable[[], Fold | list[Fold] | None], panels: bool = True) -> None:
        try:
            done = fold()
        except StoreError as exc:
            self.fail(f"Bijwerken mislukt: {exc}")
            return
        for one in done if isinstance(done, list) else [done]:
            self._show_fold(one, panels)

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
        self.sheet.fold(self.held, fold, panels)
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
        banner.update(banner_text(state, self.viewer, self.app.present))
        banner.remove_class("-hidden")
        self.drop_typing()
        if withdrawn_now:
            self.notify("Deze groep is zojuist vervallen; je kunt niets meer wijzigen.", title="Vervallen")
        elif not self.closed_here:
            self.notify("Deze groep is zojuist afgesloten; je kunt niets meer wijzigen.", title="Afgesloten")
