"""One client's connection as the service holds it: who (from the kernel), what is queued for it, what it follows."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from . import protocol as p
from .uploads import Upload

OUT_QUEUE = 1000
"""Frames waiting for a slow reader; beyond this it is dropped and resumes after reconnecting."""
IN_FLIGHT = 16


@dataclass(eq=False)
class Connection:
    login: str
    uid: int
    pid: int
    writer: asyncio.StreamWriter
    since: float = field(default_factory=time.time)
    out: asyncio.Queue[bytes | None] = field(default_factory=asyncio.Queue)
    groups: set[str] = field(default_factory=set)
    closed: bool = False
    upload: Upload | None = None
    """The photo being sent in parts, one at a time per connection (uploads.py)."""
    out_limit: int = 64 << 20
    queued: int = 0
    """Bytes waiting in `out`."""
    holding: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    """Pushes of a group held back until the answer to its subscribe (with the entries before them) is sent."""
    followed: dict[str, asyncio.Event] = field(default_factory=dict)
    """Set when that answer is out: a later cursor read of the group waits for it, as it would behind the writes."""

    def hold(self, group_id: str) -> None:
        self.holding.setdefault(group_id, [])
        self.followed.setdefault(group_id, asyncio.Event())

    async def caught_up(self, group_id: str) -> None:
        if (event := self.followed.get(group_id)) is not None:
            await event.wait()

    def send(self, message: dict[str, Any]) -> None:
        if self.closed:
            return
        if message.get("push") and (held := self.holding.get(message.get("group_id", ""))) is not None:
            held.append(message)
            return
        try:
            frame = p.encode(message)
        except p.ProtocolError as exc:
            frame = p.encode(p.error(message.get("id"), exc))
        self.send_frame(frame)

    def send_frame(self, frame: bytes) -> None:
        """Queue an encoded frame; a reader too slow for what is queued is dropped (it resumes on reconnecting)."""
        if self.closed:
            return
        if self.out.qsize() >= OUT_QUEUE or (self.queued and self.queued + len(frame) > self.out_limit):
            self.close()
            return
        self.queued += len(frame)
        self.out.put_nowait(frame)

    def release(self, group_id: str) -> None:
        """Send the pushes held back for the group (after its subscribe's answer)."""
        for message in self.holding.pop(group_id, []):
            if group_id in self.groups:
                self.send(message)
        if (event := self.followed.pop(group_id, None)) is not None:
            event.set()

    def finish(self) -> None:
        """Send what is queued, then stop."""
        self.out.put_nowait(None)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.writer.close()
