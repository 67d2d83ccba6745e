"""The start screen follows the groups while it is shown: what another examinator settles appears without `r`.

Without a service the screen asks the store for its summaries every poll interval (one
stat per unchanged group, store/summaries.py); with a service it follows every open group
it lists and looks only when the service pushes a change (and, seldom, for new groups).
Either way the look runs in a thread at a pause in the typing, and only rows whose
summary changed are redrawn.

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

if TYPE_CHECKING:
    from cspe_tui.ui.screens.start import StartScreen

QUIET_SECONDS = 0.15
"""A look waits for this pause in the keys, so it never holds up the cursor."""
NEW_GROUPS_EVERY = 10
"""With a service, look for new groups every so many poll intervals (pushes cover the groups already listed)."""


@dataclass(frozen=True)
class Read:
    """One look at the store: the summaries, the groups that could not be read, the models with a melding."""

    summaries: list[GroupSummary]
    failures: dict[str, Exception]
    with_melding: frozenset[ModelKey]


class Pushed(Message):
    """The service pushed a change of a group this app follows (posted from the client's reader thread)."""


class StartLive:
    _look_timer: Timer | None = None
    _followed: set[str]

    def _read(self: StartScreen) -> Read:
        """Everything a look needs from the store; safe to run in a thread."""
        summaries, failures = self.store.group_summaries()
        with_melding = set()
        for key in {s.model_key for s in summaries}:
            try:
                if self.store.meldingen(key):
                    with_melding.add(key)
            except StoreError:
                continue  # the model's own screens name what cannot be read
        return Read(summaries, dict(failures), frozenset(with_melding))

    def _start_following(self: StartScreen) -> None:
        self._followed = set()
        interval = getattr(self.app, "poll_interval", 0.4)
        if hasattr(self.store, "add_listener"):
            self.store.add_listener(lambda _group_id: self.post_message(Pushed()))
            self._follow_groups([r.group_id for r in self.summaries if not r.closed])
            interval *= NEW_GROUPS_EVERY
        self.set_interval(interval, self._look_soon)

    @work(thread=True, group="start-follow")
    def _follow_groups(self: StartScreen, group_ids: list[str]) -> None:
        """Ask the service for pushes of these groups (one request each, after the first frame)."""
        for group_id in group_ids:
            if get_current_worker().is_cancelled:
                return
            if group_id in self._followed:
                continue
            try:
                self.store.change_cursor(group_id)
            except StoreError:
                continue
            self._followed.add(group_id)

    def on_pushed(self: StartScreen, message: Pushed) -> None:
        message.stop()
        self._look_soon()

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

    @work(thread=True, exclusive=True, group="start-look")
    def _look_in_thread(self: StartScreen) -> None:
        try:
            read = self._read()
        except StoreError:
            return  # `r` names the problem; a look does not shout every interval
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._take, read)

    def _take(self: StartScreen, read: Read) -> None:
        if not self.is_mounted or self.app.screen is not self:
            return
        self._show(self._rows(read))
        if hasattr(self.store, "add_listener"):
            new = [r.group_id for r in self.summaries if not r.closed and r.group_id not in self._followed]
            if new:
                self._follow_groups(new)
