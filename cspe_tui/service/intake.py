"""Reading a connection's frames under the service's limits: time, bytes held, depth."""

from __future__ import annotations

import asyncio
from typing import Any

from . import protocol as p
from .limits import Ledger

READER_BUFFER = 1 << 14
"""What asyncio buffers ahead of a frame before it stops reading a connection (it holds twice this)."""


def _late(hello: bool, limit: float) -> p.FrameTimeout:
    seconds = f"{limit:g}".replace(".", ",")
    if hello:
        return p.FrameTimeout(
            f"Je bericht kwam niet binnen {seconds} seconden helemaal aan; de cspe-dienst sluit deze verbinding."
        )
    return p.FrameTimeout(
        f"Er kwam binnen {seconds} seconden geen hello; de cspe-dienst sluit deze verbinding."
    )


async def read_frame(reader: asyncio.StreamReader, ledger: Ledger, uid: int, hello: bool) -> dict[str, Any]:
    """The next frame, decoded.

    Before hello the whole first frame must come within the hello time-out. After it a
    connection may stay quiet as long as it likes, but once a frame's first byte is in,
    the rest must follow within the frame time-out; its announced size counts against
    the user's share of buffered bytes until it is read.
    """
    limits = ledger.limits
    loop = asyncio.get_running_loop()
    deadline = None if hello else loop.time() + limits.hello_timeout
    try:
        async with asyncio.timeout_at(deadline):
            first = await reader.readexactly(1)
        if hello:
            deadline = loop.time() + limits.frame_timeout
        async with asyncio.timeout_at(deadline):
            header = first + await reader.readexactly(p.HEADER.size - 1)
            length = p.frame_length(header, p.MAX_REQUEST_BYTES)
            ledger.reserve(uid, length)
            try:
                body = await reader.readexactly(length)
            finally:
                ledger.release(uid, length)
    except TimeoutError:
        raise _late(hello, limits.frame_timeout if hello else limits.hello_timeout) from None
    return p.decode(body)
