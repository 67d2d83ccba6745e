"""The live feed: one object per app that follows the log of the groups on screen.

The store tells the app what another process appended to a followed group, entries and
all (the service client when the service pushes; the in-process store on a file
notification); `Pushed` gathers a burst into one `EntriesPushed` message and the feed
hands each follower its group's entries as a GroupChanged message. The follower folds
them into the state it shows (`fold_entries`, in group_log.py): each event is parsed once and folded once
in this process, never a reload of the group. A slow poll (`changes_since` in a thread,
every interval) is kept for what a notification cannot bring: a gap, and the meldingen.
The scoring screen and the closing dialog both follow through it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from textual.app import App
from textual.message import Message
from textual.timer import Timer

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.group import Melding
from cspe_tui.store import StoreError
from cspe_tui.ui.pacing import KeyClock


@dataclass(frozen=True)
class Changes:
    """What one look found: the entries between `since` (the follower's cursor then) and `cursor`."""

    group_id: str
    token: int
    since: int
    cursor: int
    entries: Sequence[Any]
    meldingen: list[Melding] | None


class GroupChanged(Message):
    def __init__(self, changes: Changes) -> None:
        super().__init__()
        self.changes = changes


class EntriesPushed(Message):
    """The store told of new entries of followed groups; they wait in the app's `Pushed` until taken."""


Chunk = tuple[int, int, list[Any]]
"""(start, end, entries): whole transactions between two log positions."""


class Pushed:
    """Between the store's thread and the app: told entries merged per group, one message per burst."""

    def __init__(self, post: Callable[[Message], bool]) -> None:
        self._post = post
        self._lock = threading.Lock()
        self._chunks: dict[str, list[Chunk]] = {}

    def __call__(self, group_id: str, start: int, end: int, entries: list[Any]) -> None:
        with self._lock:
            waiting = bool(self._chunks)
            chunks = self._chunks.setdefault(group_id, [])
            if chunks and chunks[-1][1] == start:
                first, _, earlier = chunks[-1]
                chunks[-1] = (first, end, [*earlier, *entries])
            else:
                chunks.append((start, end, list(entries)))
        if not waiting:
            self._post(EntriesPushed())

    def take(self) -> dict[str, list[Chunk]]:
        with self._lock:
            taken, self._chunks = self._chunks, {}
        return taken


class FeedFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class Follower(Protocol):
    """A screen that follows one group: its log cursor, and a token that changes with its own meldingen."""

    group_id: str

    def feed_meldingen_key(self) -> ModelKey | None:
        """The model whose meldingen to fetch too, or None."""

    def feed_cursor(self) -> int: ...

    def feed_token(self) -> int: ...

    def post_message(self, message: Message) -> bool: ...


class LiveFeed:
    """Looks every `interval`, and soon after a push; not while keys come in (cspe_tui/ui/pacing.py)."""

    HOLD_WHILE_TYPING = 0.15
    MAX_HOLD = 1.0

    def __init__(self, app: App, interval: float, keys: KeyClock) -> None:
        self.app = app
        self.interval = interval
        self.keys = keys
        self.followers: list[Follower] = []
        self._busy: set[int] = set()
        self._held: dict[str, list[Chunk]] = {}
        self._held_since: float | None = None
        self._hold: Timer | None = None
        self._last_look = time.monotonic()
        self._retry: Timer | None = None

    def start(self) -> None:
        self.app.set_interval(self.interval, self.tick)

    def follow(self, follower: Follower) -> None:
        if follower not in self.followers:
            self.followers.append(follower)

    def unfollow(self, follower: Follower) -> None:
        if follower in self.followers:
            self.followers.remove(follower)

    def pushed(self, chunks: dict[str, list[Chunk]]) -> None:
        """Told entries, handed on at the first pause in the typing (at most MAX_HOLD later)."""
        for group_id, told in chunks.items():
            held = self._held.setdefault(group_id, [])
            for start, end, entries in told:
                if held and held[-1][1] == start:
                    first, _, earlier = held[-1]
                    held[-1] = (first, end, [*earlier, *entries])
                else:
                    held.append((start, end, entries))
        if self._held_since is None:
            self._held_since = time.monotonic()
        if self._hold is None:
            self._hand_on()

    def _hand_on(self) -> None:
        self._hold = None
        if not self._held:
            return
        assert self._held_since is not None
        if not self.keys.quiet_for(self.HOLD_WHILE_TYPING) and time.monotonic() - self._held_since < self.MAX_HOLD:
            self._hold = self.app.set_timer(self.HOLD_WHILE_TYPING, self._hand_on)
            return
        chunks, self._held, self._held_since = self._held, {}, None
        self._deliver(chunks)

    def _deliver(self, chunks: dict[str, list[Chunk]]) -> None:
        """To the followers of each group; one whose cursor is elsewhere looks for itself."""
        for follower in list(self.followers):
            for start, end, entries in chunks.get(follower.group_id, ()):
                cursor = follower.feed_cursor()
                if end <= cursor:
                    continue  # already folded (its own write, or a look that came first)
                if start != cursor:
                    self.look(follower)
                    break
                follower.post_message(GroupChanged(Changes(follower.group_id, follower.feed_token(), start, end, entries, None)))

    def tick(self) -> None:
        if not self.keys.quiet_for(self.HOLD_WHILE_TYPING) and time.monotonic() - self._last_look < self.MAX_HOLD:
            self.soon()
            return
        self._last_look = time.monotonic()
        for follower in list(self.followers):
            self.look(follower)

    def soon(self) -> None:
        """Look at the first pause in the typing."""
        if self._retry is None:
            self._retry = self.app.set_timer(self.HOLD_WHILE_TYPING, self._retry_tick)

    def _retry_tick(self) -> None:
        self._retry = None
        self.tick()

    def look(self, follower: Follower) -> None:
        """Ask the store now for this follower's changes."""
        if id(follower) in self._busy:
            return
        self._busy.add(id(follower))
        self.app.run_worker(
            partial(
                self._fetch, follower, follower.feed_token(), follower.feed_cursor(), follower.feed_meldingen_key()
            ),
            thread=True,
            group="live",
            exit_on_error=False,
        )

    def _fetch(self, follower: Follower, token: int, cursor: int, key: ModelKey | None) -> None:
        store = self.app.store  # type: ignore[attr-defined]
        try:
            new_cursor, entries = store.changes_since(follower.group_id, cursor)
            meldingen = store.meldingen(key) if key is not None else None
            if entries or meldingen is not None:
                changes = Changes(follower.group_id, token, cursor, new_cursor, entries, meldingen)
                follower.post_message(GroupChanged(changes))
        except StoreError as exc:
            follower.post_message(FeedFailed(str(exc)))
        except Exception as exc:  # noqa: BLE001 - shown on the status line; the next look tries again
            follower.post_message(FeedFailed(f"{type(exc).__name__}: {exc}"))
        finally:
            self._busy.discard(id(follower))
