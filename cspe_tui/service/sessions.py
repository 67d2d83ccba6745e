"""One client's session with the service: limits at the door, frames in, requests dispatched, answers out.

Part of `Service` (a mixin, so the writer and push path in server.py stay apart from it).
A connection is counted against its user's limits before anything is read; every frame
is read under time-outs and the user's share of buffered bytes; reads go to the read
workers and subscribes register on the writer's thread behind the writes.
"""

from __future__ import annotations

import asyncio
import pwd
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from cspe_tui.store import StoreError

from . import protocol as p
from . import reads
from .guard import peer_credentials
from .intake import READER_BUFFER, read_frame
from .peer import IN_FLIGHT, Connection
from .read_workers import CHECKS, frame
from .uploads import take_part

if TYPE_CHECKING:
    from concurrent.futures import Future

    from .lanes import WriterLane
    from .limits import Ledger, Pacer
    from .read_workers import ReadWorkers

SEND_TIMEOUT = 10.0


class Sessions:
    """The connection half of the service; the attributes below are the Service's."""

    ledger: Ledger
    pacer: Pacer
    checking: asyncio.Lock
    connections: set[Connection]
    subscribers: dict[str, set[Connection]]
    exporting: dict[str, Future[None]]
    writer_pool: WriterLane
    read_workers: ReadWorkers | None
    _handlers: set[asyncio.Task[Any]]
    # --- one connection -----------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        pid, uid, _ = peer_credentials(writer.get_extra_info("socket"))
        try:
            login = pwd.getpwuid(uid).pw_name
        except KeyError:
            writer.close()
            return
        try:
            self.ledger.admit(uid, login)
        except p.ServiceBusy as exc:
            await self._refuse(reader, writer, exc)
            return
        conn = Connection(login, uid, pid, writer, out_limit=self.ledger.limits.out_bytes)
        self.connections.add(conn)
        this = asyncio.current_task()
        if this is not None:
            self._handlers.add(this)
            this.add_done_callback(self._handlers.discard)
        sender = asyncio.create_task(self._send_loop(conn))
        try:
            with suppress(asyncio.CancelledError):  # stopping: end quietly, the finally below cleans up
                await self._receive_loop(conn, reader)
            conn.finish()
            with suppress(asyncio.TimeoutError):
                async with asyncio.timeout(SEND_TIMEOUT):
                    await asyncio.shield(sender)
        finally:
            conn.close()
            conn.finish()
            self.connections.discard(conn)
            self.ledger.leave(uid)
            for gid in conn.groups:
                self.subscribers.get(gid, set()).discard(conn)
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)

    async def _send_loop(self, conn: Connection) -> None:
        try:
            # Not asyncio.wait_for: in 3.11 it can swallow a cancellation and leave this loop hanging.
            while (frame := await conn.out.get()) is not None and not conn.writer.is_closing():
                conn.queued -= len(frame)
                conn.writer.write(frame)
                async with asyncio.timeout(SEND_TIMEOUT):
                    await conn.writer.drain()
        except (OSError, asyncio.TimeoutError):
            conn.close()

    async def _refuse(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, exc: p.ServiceBusy) -> None:
        """Say why in Dutch, give the client a moment to send its hello (so it reads the answer), hang up."""
        writer.write(p.encode(p.error(None, exc)))
        with suppress(Exception):
            async with asyncio.timeout(1.0):
                await reader.read(READER_BUFFER)
        writer.close()

    async def _receive_loop(self, conn: Connection, reader: asyncio.StreamReader) -> None:
        slots = asyncio.Semaphore(IN_FLIGHT)
        turns = self.ledger.turns(conn.uid)
        hello = False
        while not conn.closed:
            try:
                obj = await read_frame(reader, self.ledger, conn.uid, hello)
            except (asyncio.IncompleteReadError, ConnectionError):
                return
            except (p.FrameTooLarge, p.FrameTimeout, p.ServiceBusy) as exc:
                # What is left of the frame cannot be skipped reliably: say why, then hang up.
                conn.send(p.error(None, exc))
                conn.finish()
                return
            except p.ProtocolError as exc:
                conn.send(p.error(None, exc))
                continue
            except Exception as exc:  # noqa: BLE001 - a frame must never take the service down
                conn.send(p.error(None, p.ProtocolError(f"Bericht kon niet worden gelezen ({type(exc).__name__}).")))
                continue
            request_id = obj.get("id") if isinstance(obj.get("id"), int) else None
            try:
                request = p.parse_request(obj)
            except p.ProtocolError as exc:
                conn.send(p.error(request_id, exc))
                continue
            if not hello:
                if not isinstance(request, p.Hello):
                    conn.send(p.error(request_id, p.ProtocolError("Begin met hello.")))
                    continue
                if request.version != p.PROTOCOL_VERSION:
                    conn.send(p.error(request.id, p.ProtocolError(
                        f"Deze cspe-dienst spreekt protocolversie {p.PROTOCOL_VERSION}, de app versie {request.version}. "
                        "Werk de app en de dienst bij tot dezelfde versie."
                    )))
                    continue
                hello = True
                conn.send(p.ok(request.id, self._hello(conn)))
                continue
            await slots.acquire()
            await turns.acquire()
            task = asyncio.create_task(self._handle(conn, request))
            self._handlers.add(task)
            task.add_done_callback(lambda t: (self._handlers.discard(t), slots.release(), turns.release()))

    def _hello(self, conn: Connection) -> dict[str, Any]:
        return {"version": p.PROTOCOL_VERSION, "login": conn.login, "data": str(self.data), "exports": str(self.exports)}

    async def _handle(self, conn: Connection, request: Any) -> None:
        assert self.loop is not None
        try:
            if isinstance(request, p.Execute):
                await self._run_write(self._execute, conn, request)
            elif isinstance(request, p.Subscribe):
                await self._follow(conn, request)
            elif isinstance(request, p.Unsubscribe):
                conn.groups.discard(request.group_id)
                self.subscribers.get(request.group_id, set()).discard(conn)
                conn.send(p.ok(request.id, None))
            elif isinstance(request, p.Status):
                everyone = conn.uid == 0 or conn.login in self._store().settings.examensecretarissen
                conn.send(p.ok(request.id, self.status(None if everyone else conn.login)))
            elif isinstance(request, p.PhotoPart):
                upload, conn.upload = conn.upload, None
                conn.upload = take_part(upload, request)
                conn.send(p.ok(request.id, {"received": len(conn.upload.data)}))
            elif isinstance(request, p.AddPhoto):
                await self._add_photo(conn, request)
            elif isinstance(request, p.Read):
                op, args = reads.parse_args(request.what, request.args)
                # While a group's official exports are being written (just after closing) every read of it waits:
                # a PDF without its manifest yet would read as changed after closing (LET OP, exports refused).
                pending = self.exporting.get(getattr(args, "group_id", None) or "")
                if pending is not None:
                    await asyncio.wrap_future(pending)
                if request.what == "group_at":
                    # A group read with its cursor must not straddle a write: it queues after the waiting writes.
                    ctx = reads.Context(self._store(), self.exports, conn.login, conn.uid)
                    result = await asyncio.wrap_future(self.writer_pool.later(reads.answer, ctx, op, args))
                    await conn.caught_up(args.group_id)  # a subscribe that came first is answered first
                    conn.send(p.ok(request.id, result))
                else:
                    conn.send_frame(frame(request.id, *await self._read_elsewhere(conn, request.what, request.args)))
            else:
                conn.send(p.error(request.id, p.ProtocolError("Hello is al gedaan.")))
        except StoreError as exc:
            conn.send(p.error(request.id, exc))
        except Exception as exc:  # noqa: BLE001 - one bad request must never stop the service
            conn.send(p.error(request.id, p.ServiceError(f"Interne fout in de cspe-dienst: {type(exc).__name__}: {exc}")))


    async def _follow(self, conn: Connection, request: p.Subscribe) -> None:
        """Subscribe: register (pushes held), then a read worker checks the user may read the group and reads what they missed."""
        group_id = request.group_id
        missed = await asyncio.wrap_future(self.writer_pool.later(self._subscribe, conn, request))
        if missed is None:
            return
        start, end = missed
        ok = False
        try:
            ok, body = await self._read_elsewhere(conn, "backlog", {"group_id": group_id, "start": start, "end": end})
            if ok:
                body = f'{{"from":{start},"to":{end},"entries":{body}}}'
            conn.send_frame(frame(request.id, ok, body))
        finally:
            if not ok:
                conn.groups.discard(group_id)
                self.subscribers.get(group_id, set()).discard(conn)
                conn.holding.pop(group_id, None)
            conn.release(group_id)

    async def _read_elsewhere(self, conn: Connection, what: str, args: dict[str, Any]) -> tuple[bool, str]:
        """A read answered by a read worker process, paced per user and, for checks, all together: (ok, its JSON)."""
        if self.read_workers is None:
            raise p.ServiceUnavailable("De cspe-dienst is nog niet gestart.")
        limits = self.ledger.limits
        await self.pacer.wait(conn.uid, limits.burst)
        check = what in CHECKS
        if check:
            async with self.checking:
                await self.pacer.wait(CHECKS, limits.check_burst)
                ok, body, seconds = await asyncio.wrap_future(self.read_workers.submit(what, args, conn.login, conn.uid))
                self.pacer.charge(CHECKS, seconds, limits.check_share)
        else:
            ok, body, seconds = await asyncio.wrap_future(self.read_workers.submit(what, args, conn.login, conn.uid))
        self.pacer.charge(conn.uid, seconds, limits.user_read_share)
        return ok, body
