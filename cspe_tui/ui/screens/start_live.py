"""The start screen follows the groups while it is shown: what another examinator settles appears without `r`.

The screen follows every open group it lists through the store's entries listener (file
notifications in-process, store/following.py; the service's pushes through its client) and
reads again only the summaries of the groups it was told about. A slow poll looks for new
groups (and is what remains when notifications cannot be had). The look runs in a thread at a pause in
the typing, and only rows whose summary changed are redrawn. While a group is open above
it the screen takes no news at all (the way back reads every row again): Textual redraws
the screen below on any message it handles, and each such redraw repainted the open group
whole, on the other examinator's every score.

Mixed into StartScreen (handlers go by name).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual import work
from textual.message import Message
from textual.timer import Timer
from textual.worker import get_current_worker

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.summary import GroupSummary
from cspe_tui.store import StoreError
from cspe_tui.present.group_row import group_row

if TYPE_CHECKING:
    from cspe_tui.ui.screens.start import StartScreen

QUIET_SECONDS = 0.15
"""A look waits for this pause in the keys, so it never holds up the cursor."""
NEW_GROUPS_EVERY = 10
"""Look for new groups every so many poll intervals (the entries listener covers the groups already listed)."""


@dataclass(frozen=True)
class Read:
    """One look at the store: the summaries, the groups that could not be read, the models with a melding."""

    summaries: list[GroupSummary]
    failures: dict[str, Exception]
    with_melding: frozenset[ModelKey]


class Touched(Message):
    """Another process appended to a group this screen follows (posted from the store's watcher or reader thread)."""

    def __init__(self, group_id: str) -> None:
        super().__init__()
        self.group_id = group_id


class StartLive:
    _look_timer: Timer | None = None
    _poll_timer: Timer | None = None
    _followed: set[str]
    _touched: dict[str, int]
    """Groups told about and not yet read again, with how often (a touch during a read keeps its group due)."""
    _full_asked: int = 0
    """Full looks asked for and not yet taken (the poll, a push)."""

    def _read_touched(self: StartScreen, group_ids: list[str]) -> Read:
        """The summaries of only these groups; safe to run in a thread."""
        summaries, failures = [], {}
        for group_id in group_ids:
            try:
                summaries.append(self.store.group_summary(group_id))
            except StoreError as exc:
                failures[group_id] = exc
        return Read(summaries, failures, self._with_melding(summaries))

    def _read(self: StartScreen) -> Read:
        """Everything a look needs from the store; safe to run in a thread."""
        summaries, failures = self.store.group_summaries()
        return Read(summaries, dict(failures), self._with_melding(summaries))

    def _with_melding(self: StartScreen, summaries: list[GroupSummary]) -> frozenset[ModelKey]:
        """The models of these groups that have a melding; one read per model."""
        with_melding = set()
        for key in {s.model_key for s in summaries}:
            try:
                if self.store.meldingen(key):
                    with_melding.add(key)
            except StoreError:
                continue  # the model's own screens name what cannot be read
        return frozenset(with_melding)

    def _start_following(self: StartScreen) -> None:
        self._followed = set()
        self._touched = {}
        interval = getattr(self.app, "poll_interval", 0.4)
        self.store.add_entries_listener(self._told)
        self._follow_groups([r.group_id for r in self.summaries if not r.closed])
        self._poll_timer = self.set_interval(interval * NEW_GROUPS_EVERY, self._poll)
        if self.app.screen is not self:
            self._poll_timer.pause()

    def _shown(self: StartScreen) -> bool:
        """On top; read from the store's threads too (a stale answer costs one message or one look on the way back)."""
        return self.is_mounted and self.app.screen is self

    def _told(self: StartScreen, group_id: str, _start: int, _end: int, _entries: list) -> None:
        if self._shown():
            self.post_message(Touched(group_id))

    def on_screen_suspend(self: StartScreen) -> None:
        if self._poll_timer is not None:
            self._poll_timer.pause()

    def _resume_following(self: StartScreen) -> None:
        """Back on top: what was told meanwhile is in the reload that comes with the way back."""
        self._touched = {}
        if self._poll_timer is not None:
            self._poll_timer.resume()

    def on_unmount(self: StartScreen) -> None:
        self.store.remove_entries_listener(self._told)

    def _poll(self: StartScreen) -> None:
        self._full_asked += 1
        self._look_soon()

    def on_touched(self: StartScreen, message: Touched) -> None:
        message.stop()
        self._touched[message.group_id] = self._touched.get(message.group_id, 0) + 1
        self._look_soon()

    @work(thread=True, group="start-follow")
    def _follow_groups(self: StartScreen, group_ids: list[str]) -> None:
        """Ask the service for pushes of these groups (one request each, after the first frame)."""
        for group_id in group_ids:
            if get_current_worker().is_cancelled:
                return
            if group_id in self._followed:
                continue
            try:
                self.store.follow(group_id)
            except StoreError:
                continue
            self._followed.add(group_id)

    def _look_soon(self: StartScreen) -> None:
        """Look at the first pause in the typing, only while this screen is shown (back from a group it reloads)."""
        if self._look_timer is not None or not self.is_mounted or self.app.screen is not self:
            return
        keys = getattr(self.app, "keys", None)
        if keys is None or keys.quiet_for(QUIET_SECONDS):
            self._look_in_thread()
        else:
            self._look_timer = self.set_timer(QUIET_SECONDS, self._look)

    def _look(self: StartScreen) -> None:
        self._look_timer = None
        keys = getattr(self.app, "keys", None)
        if keys is not None and not keys.quiet_for(QUIET_SECONDS):
            self._look_soon()
            return
        self._look_in_thread()

    def _look_in_thread(self: StartScreen) -> None:
        if self._full_asked or self._touched:
            self._read_in_thread(self._full_asked, dict(self._touched))

    @work(thread=True, exclusive=True, group="start-look")
    def _read_in_thread(self: StartScreen, full: int, touched: dict[str, int]) -> None:
        try:
            read = self._read() if full else self._read_touched(list(touched))
        except StoreError:
            return  # `r` names the problem; a look does not shout every interval
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._take, read, full, touched)

    def _take(self: StartScreen, read: Read, full: int = 0, touched: dict[str, int] | None = None) -> None:
        if not self.is_mounted or self.app.screen is not self:
            return
        if full:
            self._full_asked = max(0, self._full_asked - full)
            self._show(self._rows(read))
        else:
            by_id = {s.group_id: s for s in read.summaries}
            rows = []
            for row in self.summaries:
                summary = by_id.get(row.group_id)
                role = self._role(summary) if summary is not None else None
                rows.append(row if role is None else group_row(summary, role, summary.model_key in read.with_melding))
            self._show(rows)
        for group_id, times in (touched or {}).items():
            if self._touched.get(group_id) == times:
                del self._touched[group_id]
        new = [r.group_id for r in self.summaries if not r.closed and r.group_id not in self._followed]
        if new:
            self._follow_groups(new)
        if self._touched:
            self._look_soon()
