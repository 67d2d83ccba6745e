"""How much of the service one Unix user may hold: connections, unfinished frames, running requests.

A member of the examinators' group is trusted to use the service, not to be gentle with it.
Whatever one user does (open a thousand connections, send half frames, flood requests),
the others, and an examinator in particular, must still get in and get answers. So every
resource a connection can pin is counted per user and in total, with a Dutch error and a
closed connection past each limit.
"""

from __future__ import annotations

import asyncio
import resource
from collections import Counter
from dataclasses import dataclass, field

from .protocol import ServiceBusy


@dataclass(frozen=True)
class Limits:
    per_user: int = 32
    """Connections of one Unix user (an app holds one; a terminal session a few)."""
    total: int = 768
    """Connections in all; lowered at start to well under the open-file limit."""
    hello_timeout: float = 10.0
    """A new connection must have said hello within this time."""
    frame_timeout: float = 10.0
    """Once a frame's first byte has come, the rest (header and body) must follow within this time."""
    user_bytes: int = 4 << 20
    """Bytes of unfinished frames one user's connections may have the service hold at once."""
    total_bytes: int = 48 << 20
    out_bytes: int = 64 << 20
    """Answers and pushes queued for one slow reader; past it the connection is dropped (it resumes on reconnecting)."""
    user_requests: int = 4
    """Requests of one user being worked on at once, over all their connections; more wait their turn."""
    user_read_share: float = 0.5
    """Of one read worker's time, what one user's reads may use on average (after a burst)."""
    check_share: float = 0.05
    """Of the time, what all checks (`verify`) together may use when they go on and on: a check locks a
    group's log against writes while it reads it whole, so a flood of them is spread out."""
    burst: float = 1.0
    """Seconds of work a quiet user may use at once before their share applies."""
    check_burst: float = 5.0
    """Seconds of checks at once before their share applies: `cspe verify` of a whole folder, now and then."""


FILE_RESERVE = 64
"""Open files the service keeps for itself: the data folder's files, the read workers' pipes."""


def raise_file_limit() -> int:
    """Raise the soft open-file limit to the hard one; return what it is now."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or hard > soft:
        want = 65536 if hard == resource.RLIM_INFINITY else hard
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
            soft = want
        except (ValueError, OSError):
            pass
    return soft


def fitted(limits: Limits, open_files: int) -> Limits:
    """The limits with the total connections well under the open-file limit (each connection is one file)."""
    from dataclasses import replace

    room = max(8, (open_files - FILE_RESERVE) // 2)
    return replace(limits, total=min(limits.total, room), per_user=min(limits.per_user, max(1, room // 4)))


@dataclass
class Ledger:
    """What each user holds now; the event loop's alone, so no locks."""

    limits: Limits
    connections: Counter[int] = field(default_factory=Counter)
    buffered: Counter[int] = field(default_factory=Counter)
    buffered_total: int = 0
    requests: dict[int, asyncio.Semaphore] = field(default_factory=dict)

    def admit(self, uid: int, login: str) -> None:
        """Count a new connection, or refuse it with a Dutch reason."""
        if self.connections[uid] >= self.limits.per_user:
            raise ServiceBusy(
                f"Je ({login}) hebt al {self.limits.per_user} verbindingen met de cspe-dienst open; sluit er "
                "een (een andere app of terminal) en probeer het opnieuw."
            )
        if sum(self.connections.values()) >= self.limits.total:
            raise ServiceBusy(
                f"De cspe-dienst heeft al {self.limits.total} verbindingen open, het meeste dat hij aanneemt; "
                "probeer het zo opnieuw of vraag de systeembeheerder wie er zoveel openhoudt (cspe server status)."
            )
        self.connections[uid] += 1

    def leave(self, uid: int) -> None:
        self.connections[uid] -= 1
        if self.connections[uid] <= 0:
            del self.connections[uid]
            self.requests.pop(uid, None)

    def reserve(self, uid: int, size: int) -> None:
        """Room for a frame of `size` bytes that is still coming in, or ServiceBusy."""
        if self.buffered[uid] + size > self.limits.user_bytes:
            raise ServiceBusy(
                "Je verbindingen sturen samen te veel tegelijk naar de cspe-dienst (onafgemaakte berichten); "
                "deze verbinding wordt gesloten."
            )
        if self.buffered_total + size > self.limits.total_bytes:
            raise ServiceBusy("De cspe-dienst ontvangt op dit moment te veel tegelijk; probeer het zo opnieuw.")
        self.buffered[uid] += size
        self.buffered_total += size

    def release(self, uid: int, size: int) -> None:
        self.buffered[uid] -= size
        self.buffered_total -= size
        if self.buffered[uid] <= 0:
            del self.buffered[uid]

    def turns(self, uid: int) -> asyncio.Semaphore:
        """The user's running requests (shared by all their connections)."""
        if uid not in self.requests:
            self.requests[uid] = asyncio.Semaphore(self.limits.user_requests)
        return self.requests[uid]


class Pacer:
    """Work time per key (a user, or all checks together) held to a share of the clock, after a burst.

    Each finished piece of work is charged; the next one of the same key waits until the
    key's use is back within its share. Whoever floods slows only themselves.
    """

    def __init__(self) -> None:
        self._busy_until: dict[object, float] = {}

    def delay(self, key: object, burst: float) -> float:
        now = asyncio.get_running_loop().time()
        return max(0.0, self._busy_until.get(key, now) - now - burst)

    async def wait(self, key: object, burst: float) -> None:
        while (seconds := self.delay(key, burst)) > 0:
            await asyncio.sleep(seconds)

    def charge(self, key: object, seconds: float, share: float) -> None:
        now = asyncio.get_running_loop().time()
        self._busy_until[key] = max(self._busy_until.get(key, now), now) + seconds / share
