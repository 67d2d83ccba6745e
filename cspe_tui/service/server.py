"""`cspe server run`: the one process that owns the data folder and changes the record.

Clients connect over a Unix socket. Who a client is comes from the kernel
(SO_PEERCRED: the uid of the process on the other end, mapped with pwd), never from
what it sends. Writes go one at a time through a single writer thread into
`Store.execute`, so a write is acknowledged only after it is fsynced, and a client
that disconnects half-way leaves either the whole change or none of it. Reads run in
a small thread pool. After every write the entries appended to a group's log are
pushed to every client subscribed to that group, before the writer's acknowledgement.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from cspe_tui.store import Store, StoreError, open_store
from cspe_tui.store.journal import Committed
from cspe_tui.store.photo_image import KeptPhoto, keep_photo
from . import protocol as p
from . import reads
from .exports import prepare_exports_dir, write_official
from .guard import AlreadyServed, claim_socket, hold_folder_lock, peer_credentials
from .uploads import Upload, finished, take_part

HELLO_TIMEOUT = 10.0
FRAME_TIMEOUT = 10.0
"""Once a frame has begun, the rest must arrive within this time; a stuck client is dropped."""
SEND_TIMEOUT = 10.0
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

    def send(self, message: dict[str, Any]) -> None:
        if self.closed:
            return
        if self.out.qsize() >= OUT_QUEUE:
            self.close()
            return
        try:
            self.out.put_nowait(p.encode(message))
        except p.ProtocolError as exc:
            self.out.put_nowait(p.encode(p.error(message.get("id"), exc)))

    def finish(self) -> None:
        """Send what is queued, then stop."""
        self.out.put_nowait(None)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.writer.close()


class Service:
    def __init__(self, data: Path, socket_path: Path, exports: Path, group_gid: int | None = None) -> None:
        self.data = data.absolute()
        self.socket_path = socket_path.absolute()
        self.exports = exports.absolute()
        self.group_gid = group_gid
        self.store: Store | None = None
        self.connections: set[Connection] = set()
        self.subscribers: dict[str, set[Connection]] = {}
        self.cursors: dict[str, int] = {}
        self.exporting: dict[str, Future[None]] = {}
        self.writer_pool = ThreadPoolExecutor(1, thread_name_prefix="cspe-writer")
        self.read_pool = ThreadPoolExecutor(4, thread_name_prefix="cspe-read")
        self.loop: asyncio.AbstractEventLoop | None = None
        self.server: asyncio.AbstractServer | None = None
        self.started = time.time()
        self._lock_fd: int | None = None
        self._handlers: set[asyncio.Task[Any]] = set()

    # --- life ---------------------------------------------------------------------

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.store = open_store(self.data)
        self._lock_fd = hold_folder_lock(self.data)
        prepare_exports_dir(self.exports, self.group_gid)
        folder = self.socket_path.parent
        if not folder.exists():
            os.makedirs(folder, 0o750, exist_ok=True)
        if self.group_gid is not None:
            with suppress(OSError):
                os.chown(folder, -1, self.group_gid)
                os.chmod(folder, 0o750)
        claim_socket(self.socket_path)
        self.server = await asyncio.start_unix_server(self._serve, path=str(self.socket_path), limit=1 << 16)
        # Who may connect is decided by the folder around the socket (0750, the examinators' group).
        os.chmod(self.socket_path, 0o666)

    async def stop(self) -> None:
        if self.server is not None:
            self.server.close()
        for conn in list(self.connections):
            conn.close()
        handlers = [t for t in self._handlers if not t.done()]
        for task in handlers:
            task.cancel()
        await asyncio.gather(*handlers, return_exceptions=True)
        if self.server is not None:
            with suppress(asyncio.TimeoutError):
                async with asyncio.timeout(SEND_TIMEOUT):
                    await self.server.wait_closed()
        with suppress(FileNotFoundError):
            self.socket_path.unlink()
        self.writer_pool.shutdown(wait=True)
        self.read_pool.shutdown(wait=False, cancel_futures=True)
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

    # --- one connection -----------------------------------------------------------

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        pid, uid, _ = peer_credentials(writer.get_extra_info("socket"))
        try:
            login = pwd.getpwuid(uid).pw_name
        except KeyError:
            writer.close()
            return
        conn = Connection(login, uid, pid, writer)
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
            for gid in conn.groups:
                self.subscribers.get(gid, set()).discard(conn)
            sender.cancel()
            await asyncio.gather(sender, return_exceptions=True)

    async def _send_loop(self, conn: Connection) -> None:
        try:
            # Not asyncio.wait_for: in 3.11 it can swallow a cancellation and leave this loop hanging.
            while (frame := await conn.out.get()) is not None and not conn.writer.is_closing():
                conn.writer.write(frame)
                async with asyncio.timeout(SEND_TIMEOUT):
                    await conn.writer.drain()
        except (OSError, asyncio.TimeoutError):
            conn.close()

    async def _read_frame(self, reader: asyncio.StreamReader, first_timeout: float | None) -> dict[str, Any]:
        async with asyncio.timeout(first_timeout):
            header = await reader.readexactly(p.HEADER.size)
        length = p.frame_length(header, p.MAX_REQUEST_BYTES)
        async with asyncio.timeout(FRAME_TIMEOUT):
            body = await reader.readexactly(length)
        return p.decode(body)

    async def _receive_loop(self, conn: Connection, reader: asyncio.StreamReader) -> None:
        slots = asyncio.Semaphore(IN_FLIGHT)
        hello = False
        while not conn.closed:
            try:
                obj = await self._read_frame(reader, None if hello else HELLO_TIMEOUT)
            except (asyncio.IncompleteReadError, ConnectionError, asyncio.TimeoutError):
                return
            except p.FrameTooLarge as exc:
                # Its body cannot be skipped reliably: say why, let the sender deliver it, then hang up.
                conn.send(p.error(None, exc))
                conn.finish()
                return
            except p.ProtocolError as exc:
                conn.send(p.error(None, exc))
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
            task = asyncio.create_task(self._handle(conn, request))
            self._handlers.add(task)
            task.add_done_callback(lambda t: (self._handlers.discard(t), slots.release()))

    def _hello(self, conn: Connection) -> dict[str, Any]:
        return {"version": p.PROTOCOL_VERSION, "login": conn.login, "data": str(self.data), "exports": str(self.exports)}

    async def _handle(self, conn: Connection, request: Any) -> None:
        assert self.loop is not None
        try:
            if isinstance(request, p.Execute):
                await self._run_write(self._execute, conn, request)
            elif isinstance(request, p.Subscribe):
                await self._run_write(self._subscribe, conn, request)
            elif isinstance(request, p.Unsubscribe):
                conn.groups.discard(request.group_id)
                self.subscribers.get(request.group_id, set()).discard(conn)
                conn.send(p.ok(request.id, None))
            elif isinstance(request, p.Status):
                conn.send(p.ok(request.id, self.status()))
            elif isinstance(request, p.PhotoPart):
                upload, conn.upload = conn.upload, None
                conn.upload = take_part(upload, request)
                conn.send(p.ok(request.id, {"received": len(conn.upload.data)}))
            elif isinstance(request, p.AddPhoto):
                await self._add_photo(conn, request)
            elif isinstance(request, p.Read):
                op, args = reads.parse_args(request.what, request.args)
                ctx = reads.Context(self._store(), self.exports, conn.login)
                pending = self.exporting.get(getattr(args, "group_id", None) or "") if request.what == "exports" else None
                if pending is not None:
                    await asyncio.wrap_future(pending)
                # A group read with its cursor must not straddle a write: it queues with the writes.
                pool = self.writer_pool if request.what == "group_at" else self.read_pool
                result = await self.loop.run_in_executor(pool, reads.answer, ctx, op, args)
                conn.send(p.ok(request.id, result))
            else:
                conn.send(p.error(request.id, p.ProtocolError("Hello is al gedaan.")))
        except StoreError as exc:
            conn.send(p.error(request.id, exc))
        except Exception as exc:  # noqa: BLE001 - one bad request must never stop the service
            conn.send(p.error(request.id, p.ServiceError(f"Interne fout in de cspe-dienst: {type(exc).__name__}: {exc}")))

    async def _run_write(self, job: Any, conn: Connection, request: Any) -> None:
        """On the one writer thread; the job answers the client itself, in order with the pushes."""
        assert self.loop is not None
        await self.loop.run_in_executor(self.writer_pool, job, conn, request)

    async def _add_photo(self, conn: Connection, request: p.AddPhoto) -> None:
        """Strip and reduce in the read pool (it takes a moment), then store and log on the writer thread."""
        assert self.loop is not None
        upload, conn.upload = conn.upload, None
        data = finished(upload, request)
        name = Path(request.original_name).name or request.original_name
        kept = await self.loop.run_in_executor(self.read_pool, keep_photo, data, name)
        await self._run_write(partial(self._add_kept_photo, kept=kept, name=name), conn, request)

    def _add_kept_photo(self, conn: Connection, request: p.AddPhoto, kept: KeptPhoto, name: str) -> None:
        try:
            record = self._store().add_kept_photo_as(request.group_id, conn.login, request.examennummer, kept, name)
        except StoreError as exc:
            self._reply(conn, p.error(request.id, exc))
            return
        self._push_changes()
        self._reply(conn, p.ok(request.id, record.model_dump(mode="json") if record is not None else None))

    def _store(self) -> Store:
        if self.store is None:
            raise p.ServiceUnavailable("De cspe-dienst is nog niet gestart.")
        return self.store

    def _reply(self, conn: Connection, message: dict[str, Any]) -> None:
        assert self.loop is not None
        self.loop.call_soon_threadsafe(conn.send, message)

    # --- on the writer thread -----------------------------------------------------

    def _execute(self, conn: Connection, request: p.Execute) -> None:
        """Run the commands as the connection's login; push what was committed, then answer with it."""
        from .commands import closes_group, parse_commands, run, scope_of

        try:
            scope = scope_of(request.scope)
            commands = parse_commands(request.commands)
            committed = run(self._store(), scope, conn.login, commands)
        except StoreError as exc:
            self._reply(conn, p.error(request.id, exc))
            return
        except Exception as exc:  # noqa: BLE001 - the store refused in a way it should not; keep serving
            self._reply(conn, p.error(request.id, p.ServiceError(f"Interne fout in de cspe-dienst: {type(exc).__name__}: {exc}")))
            return
        group_id = getattr(scope, "group_id", None)
        self._push_changes(committed if group_id is not None else None, group_id, conn)
        if group_id is not None and closes_group(commands):
            # Off the writer thread (a big group's PDF takes a while); a read of the exports waits for it.
            self.exporting[group_id] = self.read_pool.submit(self._write_official, group_id)
        answer = {"from": committed.start, "to": committed.position, "entries": list(committed.raws)}
        self._reply(conn, p.ok(request.id, answer))

    def _write_official(self, group_id: str) -> None:
        try:
            write_official(self._store(), self.exports, group_id)
        except (StoreError, OSError, ValueError) as exc:
            print(f"cspe-dienst: de officiële export van groep {group_id} mislukte: {exc}", flush=True)

    def _push_changes(self, committed: Committed | None = None, group_id: str | None = None, writer: Connection | None = None) -> None:
        """Send followers what was appended since the last push.

        A group write sends on the lines the journal just wrote (nothing is read back or
        dumped again), to every follower but the writer, whose answer carries them. Anything
        else (a folder command reaching groups, an aanvulling carried into an open group while
        reading) is read from the logs: one stat per quiet group."""
        store = self._store()
        if committed is not None and group_id is not None and committed.entries:
            if self.cursors.get(group_id) == committed.start:
                self.cursors[group_id] = committed.position
                self._send_entries(group_id, committed.start, committed.position, list(committed.raws), skip=writer)
                return
        for gid in [g for g, subs in self.subscribers.items() if subs]:
            start = self.cursors.get(gid)
            if start is None:
                continue
            try:
                end, entries = store.changes_since(gid, start)
            except StoreError:
                continue
            if entries:
                self.cursors[gid] = end
                self._broadcast(gid, start, end, entries)

    def _broadcast(self, group_id: str, start: int, end: int, entries: list[Any]) -> None:
        payload = reads.READS["changes"].result.dump_python((end, entries), mode="json")
        self._send_entries(group_id, start, end, payload[1])

    def _send_entries(self, group_id: str, start: int, end: int, entries: list[Any], skip: Connection | None = None) -> None:
        message = {"push": "entries", "group_id": group_id, "from": start, "to": end, "entries": entries}
        assert self.loop is not None
        for conn in list(self.subscribers.get(group_id, ())):
            if conn is not skip:
                self.loop.call_soon_threadsafe(conn.send, message)

    def _subscribe(self, conn: Connection, request: p.Subscribe) -> None:
        store = self._store()
        try:
            self._push_changes()
            now = self.cursors.get(group_id := request.group_id)
            if now is None:
                now = self.cursors[group_id] = store.change_cursor(group_id)
            start = now if request.cursor is None else min(max(request.cursor, 0), now)
            end, entries = store.changes_since(group_id, start) if start < now else (now, [])
        except StoreError as exc:
            self._reply(conn, p.error(request.id, exc))
            return
        payload = reads.READS["changes"].result.dump_python((end, entries), mode="json")

        def register() -> None:
            conn.groups.add(group_id)
            self.subscribers.setdefault(group_id, set()).add(conn)
            conn.send(p.ok(request.id, {"from": start, "to": end, "entries": payload[1]}))

        assert self.loop is not None
        self.loop.call_soon_threadsafe(register)

    # --- status -------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        return {
            "pid": os.getpid(),
            "login": pwd.getpwuid(os.geteuid()).pw_name,
            "data": str(self.data),
            "socket": str(self.socket_path),
            "exports": str(self.exports),
            "since": self.started,
            "clients": sorted(
                ({"login": c.login, "pid": c.pid, "since": c.since, "groups": sorted(c.groups)} for c in self.connections),
                key=lambda c: (c["login"], c["since"]),
            ),
        }


async def serve_forever(service: Service, ready: asyncio.Event | None = None) -> None:
    """Serve until cancelled (SIGTERM); then hang up on every client and release the folder."""
    await service.start()
    if ready is not None:
        ready.set()
    try:
        await asyncio.Event().wait()
    finally:
        await service.stop()

__all__ = ["AlreadyServed", "Service", "serve_forever"]
