"""The scoring screen follows the log: its own writes and the other examinator's arrive the same way.

The screen's state is the fold of the group's log up to `_change_cursor`. A write goes
through `_commit`: `execute` returns the entries it committed and the log's position
before and after them, and when the screen's cursor was that position before, it folds
those entries (in-process it takes the state the store's journal already folded): its
own write is never read back. Only when another write came in between does it read the
entries after its cursor (`_catch_up`). A dialog's writes (remarks, ondersteuning,
closing) come back in its typed result as the Committed values, folded the same way
(`_fold_commits`). The live feed (pushed by the service, or on a
file notification) brings the other examinator's. Either way only the rows the entries
touch are recomputed, never the whole group.

Mixed into ScoringScreen (its handlers go by name: `@on` is not seen in a mixin).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual.widgets import Static

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.evolve import EventMismatch
from cspe_tui.store import GroupScope, StoreError
from cspe_tui.store.journal import Committed
from cspe_tui.ui.live import Changes, FeedFailed, GroupChanged, fold_entries
from cspe_tui.present.remark_index import RemarkIndex

if TYPE_CHECKING:
    from cspe_tui.ui.screens.scoring import ScoringScreen


class ScoringLive:
    def feed_cursor(self: ScoringScreen) -> int:
        return self._change_cursor

    def feed_token(self: ScoringScreen) -> int:
        return self._meldingen_token

    def feed_meldingen_key(self: ScoringScreen) -> ModelKey:
        return self.state.info.model_key

    def _poll(self: ScoringScreen) -> None:
        self.app.live.look(self)

    def on_unmount(self: ScoringScreen) -> None:
        self.app.live.unfollow(self)

    def _commit(self: ScoringScreen, *commands: Any, panels: bool = True) -> Committed:
        """Execute as this user and fold what was committed; raises the store's StoreError."""
        committed = self.store.execute(GroupScope(group_id=self.group_id), self.store.user, *commands)
        if committed.start != self._change_cursor:
            self._catch_up(panels)  # another write came in between: its entries and ours, from the log
        else:
            self._take(committed.start, committed.position, committed.entries, panels, folded=committed.state)
        return committed

    def _fold_commits(self: ScoringScreen, commits: Sequence[Committed]) -> None:
        """A dialog's writes, in order: each is folded like our own digit; a gap before one is read from the log.

        One the live feed already brought (it ends at or before our cursor) is passed over."""
        for committed in commits:
            if committed.position <= self._change_cursor:
                continue
            if committed.start != self._change_cursor:
                self._catch_up()  # reads to the log's end: this write and any later ones of the dialog
                return
            self._take(committed.start, committed.position, committed.entries, folded=committed.state)

    def _catch_up(self: ScoringScreen, panels: bool = True) -> None:
        """Fold what the log holds after our cursor: our own write, and what came in just before it."""
        try:
            cursor, entries = self.store.changes_since(self.group_id, self._change_cursor)
        except StoreError as exc:
            self._fail(f"Bijwerken mislukt: {exc}")
            return
        self._take(self._change_cursor, cursor, entries, panels)

    def on_group_changed(self: ScoringScreen, event: GroupChanged) -> None:
        self._apply_changes(event.changes)

    def on_feed_failed(self: ScoringScreen, event: FeedFailed) -> None:
        self.status.say(f"Bijwerken mislukt: {event.message}", error=True)

    def _apply_changes(self: ScoringScreen, changes: Changes) -> None:
        meldingen = changes.meldingen
        if meldingen is not None and changes.token == self._meldingen_token and meldingen != self.state.meldingen:
            self.state = self.state.model_copy(update={"meldingen": meldingen})
            self._refresh_rows(self.current)
        self._take(changes.since, changes.cursor, changes.entries)

    def _take(
        self: ScoringScreen, since: int, cursor: int, entries: Sequence[Any], panels: bool = True, folded: Any = None
    ) -> None:
        """Fold entries read from `since`; a look that started before our last catch-up is stale and dropped.

        `folded`: the store's own state after them (an in-process write), taken instead of folding again."""
        if since != self._change_cursor:
            return
        if cursor < since:
            self._reload()  # the log is shorter than what we folded: lines were taken out by hand
            return
        old = self.state
        if folded is not None:
            folded = folded.model_copy(update={"meldingen": old.meldingen, "tampered": old.tampered})
        try:
            state, touched = fold_entries(old, entries, folded)
        except (EventMismatch, KeyError, ValueError):
            self._reload()
            return
        self.state, self._change_cursor = state, cursor
        if not entries:
            return
        if state.remarks is not old.remarks:
            self.remarks = RemarkIndex(state.remarks)
        if touched is None:
            touched = {c.examennummer: None for c in state.candidates}
        for nr, codes in touched.items():
            if codes is not None and self.viewer.sees_other(old, nr) != self.viewer.sees_other(state, nr):
                codes = None
            self._refresh_rows(nr, None if codes is None else set(codes), panels=False)
        if panels:
            self._show_totals_and_detail()
        if state.verklaringen is not old.verklaringen or state.closed != old.closed or state.withdrawn != old.withdrawn:
            self.refresh_bindings()
        self._show_ending(old)

    def _reload(self: ScoringScreen) -> None:
        """The entries did not fold onto what we show (should not happen): read the group whole once."""
        try:
            self._change_cursor, state = self.store.load_group_at(self.group_id)
        except StoreError as exc:
            self._fail(f"Bijwerken mislukt: {exc}")
            return
        old, self.state = self.state, state
        self.remarks = RemarkIndex(state.remarks)
        for candidate in state.candidates:
            self._refresh_rows(candidate.examennummer)
        self.refresh_bindings()
        self._show_ending(old)

    def _show_ending(self: ScoringScreen, old: Any) -> None:
        state = self.state
        closed_now = state.closed and not old.closed
        withdrawn_now = state.withdrawn is not None and old.withdrawn is None
        if not (closed_now or withdrawn_now):
            return
        banner = self.query_one("#banner", Static)
        banner.update(self._banner_text())
        banner.remove_class("-hidden")
        self._drop_typing()
        if withdrawn_now:
            self.notify("Deze groep is zojuist vervallen; je kunt niets meer wijzigen.", title="Vervallen")
        elif not self._closed_here:
            self.notify("Deze groep is zojuist afgesloten; je kunt niets meer wijzigen.", title="Afgesloten")
