"""Login sessions, kept in the gateway's memory; the cookie only carries a signed random id.

The login of a session is set once, after the password check, and never read from
anything the browser sends. The cookie is `id.signature` (HMAC-SHA256 with a key made
at start): a forged or altered cookie fails the signature, a stale one finds no session.
A gateway restart ends every session (and every app with it).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cspe_tui.web.processes import AppProcess

COOKIE = "cspe_sessie"


@dataclass
class Session:
    id: str
    login: str
    address: str
    started: float
    last_active: float
    apps: set[AppProcess] = field(default_factory=set)

    def touch(self) -> None:
        self.last_active = time.monotonic()


class Sessions:
    def __init__(self, idle_seconds: float) -> None:
        self.idle_seconds = idle_seconds
        self._key = secrets.token_bytes(32)
        self._by_id: dict[str, Session] = {}

    def _sign(self, sid: str) -> str:
        return hmac.new(self._key, sid.encode(), hashlib.sha256).hexdigest()

    def create(self, login: str, address: str) -> tuple[Session, str]:
        """A new session and the cookie value that names it."""
        sid = secrets.token_urlsafe(32)
        now = time.monotonic()
        session = Session(sid, login, address, now, now)
        self._by_id[sid] = session
        return session, f"{sid}.{self._sign(sid)}"

    def from_cookie(self, value: str | None) -> Session | None:
        """The live session the cookie names, or None (unsigned, forged, ended or idle too long)."""
        if not value or value.count(".") != 1:
            return None
        sid, signature = value.split(".")
        if not hmac.compare_digest(signature, self._sign(sid)):
            return None
        session = self._by_id.get(sid)
        if session is None or self.idle(session):
            return None
        return session

    def idle(self, session: Session) -> bool:
        return time.monotonic() - session.last_active > self.idle_seconds

    def alive(self, session: Session) -> bool:
        return self._by_id.get(session.id) is session and not self.idle(session)

    def end(self, session: Session) -> None:
        self._by_id.pop(session.id, None)

    def expired(self) -> list[Session]:
        return [s for s in self._by_id.values() if self.idle(s)]

    def all(self) -> list[Session]:
        return list(self._by_id.values())
