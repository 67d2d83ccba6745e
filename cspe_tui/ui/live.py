"""The live feed: one object per app that follows the log of the groups on screen.

Every interval it asks the store what changed since each follower's cursor
(`changes_since`), in a thread, so reading never holds up a keypress; what it finds
goes to the follower as a GroupChanged message. The scoring screen and the closing
dialog both follow through it; neither polls on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Protocol

from textual.app import App
from textual.message import Message

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.group import GroupState, Melding
from cspe_tui.store import StoreError


@dataclass(frozen=True)
class Changes:
    """What one look found; `token` is the follower's own token when the look started."""

    group_id: str
    token: int
    cursor: int
    state: GroupState | None
    meldingen: list[Melding] | None
    touched: frozenset[str] | None
    """Candidates the new entries name; None when an entry concerns the whole group."""


class GroupChanged(Message):
    def __init__(self, changes: Changes) -> None:
        super().__init__()
        self.changes = changes


class FeedFailed(Message):
    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message


class Follower(Protocol):
    """A screen that follows one group: its log cursor, a token that changes with its own writes."""

    group_id: str

    def feed_meldingen_key(self) -> ModelKey | None:
        """The model whose meldingen to fetch too, or None."""

    def feed_cursor(self) -> int: ...

    def feed_token(self) -> int: ...

    def post_message(self, message: Message) -> bool: ...


class LiveFeed:
    def __init__(self, app: App, interval: float) -> None:
        self.app = app
        self.interval = interval
        self.followers: list[Follower] = []
        self._busy: set[int] = set()

    def start(self) -> None:
        self.app.set_interval(self.interval, self.tick)

    def follow(self, follower: Follower) -> None:
        if follower not in self.followers:
            self.followers.append(follower)

    def unfollow(self, follower: Follower) -> None:
        if follower in self.followers:
            self.followers.remove(follower)

    def tick(self) -> None:
        for follower in list(self.followers):
            self.look(follower)

    def look(self, follower: Follower) -> None:
        """Ask the store now (after a write elsewhere in this app, or on a timer)."""
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
            state = store.load_group(follower.group_id) if entries else None
            meldingen = store.meldingen(key) if key is not None else None
            numbers = [entry.examennummer for entry in entries]
            touched = None if None in numbers else frozenset(n for n in numbers if n is not None)
            follower.post_message(GroupChanged(Changes(follower.group_id, token, new_cursor, state, meldingen, touched)))
        except StoreError as exc:
            follower.post_message(FeedFailed(str(exc)))
        except Exception as exc:  # noqa: BLE001 - shown on the status line; the next look tries again
            follower.post_message(FeedFailed(f"{type(exc).__name__}: {exc}"))
        finally:
            self._busy.discard(id(follower))
