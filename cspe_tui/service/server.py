"""`cspe server run`: the one process that owns the data folder and changes the record.

Clients connect over a Unix socket. Who a client is comes from the kernel
(SO_PEERCRED: the uid of the process on the other end, mapped with pwd), never from
what it sends. Writes go one at a time through a single writer thread into
`Store.execute`, so a write is acknowledged only after it is fsynced, and a client
that disconnects half-way leaves either the whole change or none of it. Reads run in
worker processes of their own (read_workers.py); subscribes and cursor reads wait on the
writer's thread behind the writes (lanes.py); what each user may hold is limited
(limits.py). After every write the entries appended to a group's log are
pushed to every client subscribed to that group, before the writer's acknowledgement.
"""

from __future__ import annotations

import asyncio
import os
import pwd
import time
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import suppress
from functools import partial
from pathlib import Path
from typing import Any

from cspe_tui.store import Store, StoreError, open_store
from cspe_tui.store.errors import DataFolderError
from cspe_tui.store.journal import Committed
from cspe_tui.store.photo_image import KeptPhoto, keep_photo
from . import protocol as p
from . import reads
from .anchors import anchors_after, catch_up
from .command_ids import CommandMemory
from .exports import prepare_exports_dir, write_official
from .health import no_socket_folder, service_problems
from .guard import AlreadyServed, claim_socket, hold_folder_lock
from .intake import READER_BUFFER
from .peer import Connection
from .lanes import WriterLane
from .read_workers import ReadWorkers
from .limits import Ledger, Limits, Pacer, fitted, raise_file_limit
from .sessions import SEND_TIMEOUT, Sessions
from .uploads import finished


class Service(Sessions):
    def __init__(
        self, data: Path, socket_path: Path, exports: Path, group_gid: int | None = None, limits: Limits | None = None
    ) -> None:
        self.data = data.absolute()
        self.socket_path = socket_path.absolute()
        self.exports = exports.absolute()
        self.group_gid = group_gid
        self.store: Store | None = None
        self.connections: set[Connection] = set()
        self.subscribers: dict[str, set[Connection]] = {}
        self.cursors: dict[str, int] = {}
        self.exporting: dict[str, Future[None]] = {}
        self.writer_pool = WriterLane()
        self.read_pool = ThreadPoolExecutor(4, thread_name_prefix="cspe-read")
        """Off the writer's thread and not reads of the record: photos to strip, official exports to write."""
        self.read_workers: ReadWorkers | None = None
        self.loop: asyncio.AbstractEventLoop | None = None
        self.server: asyncio.AbstractServer | None = None
        self.started = time.time()
        self.ledger = Ledger(limits or Limits())
        self.pacer = Pacer()
        self.checking = asyncio.Lock()
        """One check (verify, every group) at a time."""
        self._lock_fd: int | None = None
        self._handlers: set[asyncio.Task[Any]] = set()

    # --- life ---------------------------------------------------------------------

    async def start(self) -> None:
        self.loop = asyncio.get_running_loop()
        self.ledger.limits = fitted(self.ledger.limits, raise_file_limit())
        self.store = open_store(self.data)
        self._lock_fd = hold_folder_lock(self.data)
        self.commands = CommandMemory(self.data)
        for group_id in catch_up(self.store):
            print(f"cspe-dienst: het sluiten van groep {group_id} alsnog vastgelegd in het logboek van de gegevensmap.", flush=True)
        self.read_workers = ReadWorkers(self.data, self.exports)
        prepare_exports_dir(self.exports, self.group_gid)
        folder = self.socket_path.parent
        if not folder.exists():
            try:
                os.makedirs(folder, 0o750, exist_ok=True)
            except PermissionError:
                raise DataFolderError(no_socket_folder(folder)) from None
        if self.group_gid is not None:
            with suppress(OSError):
                os.chown(folder, -1, self.group_gid)
                os.chmod(folder, 0o750)
        claim_socket(self.socket_path)
        self.server = await asyncio.start_unix_server(self._serve, path=str(self.socket_path), limit=READER_BUFFER)
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
        if self.read_workers is not None:
            self.read_workers.shutdown()
        if getattr(self, "commands", None) is not None:
            self.commands.close()
        if self._lock_fd is not None:
            os.close(self._lock_fd)
            self._lock_fd = None

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
        """Like a command: the others get the photo's log lines by push, the writer in its answer."""
        commits: list[Committed] = []
        try:
            record = self._store().add_kept_photo_as(request.group_id, conn.login, request.examennummer, kept, name, commits)
        except StoreError as exc:
            self._reply(conn, p.error(request.id, exc))
            return
        committed = commits[0] if commits else None
        self._push_changes(committed, request.group_id if committed is not None else None, conn)
        answer: dict[str, Any] = {"record": record.model_dump(mode="json") if record is not None else None}
        if committed is not None:
            answer.update({"from": committed.start, "to": committed.position, "entries": list(committed.raws)})
        self._reply(conn, p.ok(request.id, answer))

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

        if (done := self.commands.answer(conn.login, request.command_id)) is not None:
            self._reply(conn, p.ok(request.id, done))  # a retry of a command that landed: its answer, not a second run
            return
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
        if group_id is not None:
            try:
                anchors_after(self._store(), conn.login, group_id, list(committed))
            except StoreError as exc:
                print(f"cspe-dienst: de kop van het logboek van groep {group_id} kon niet in het logboek van de "
                      f"gegevensmap: {exc}", flush=True)
        answer = {"from": committed.start, "to": committed.position, "entries": list(committed.raws)}
        self.commands.remember(conn.login, request.command_id, answer)
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

    def _subscribe(self, conn: Connection, request: p.Subscribe) -> tuple[int, int] | None:
        """Follow the group from the last pushed position; (start, end) of the entries still to send before it.

        Only bookkeeping here, on the writer's thread: the entries between the client's cursor
        and now are read by a read worker, while the pushes after now wait on the connection.
        """
        store = self._store()
        try:
            self._push_changes()
            now = self.cursors.get(group_id := request.group_id)
            if now is None:
                now = self.cursors[group_id] = store.change_cursor(group_id)
        except StoreError as exc:
            self._reply(conn, p.error(request.id, exc))
            return None
        start = now if request.cursor is None else min(max(request.cursor, 0), now)

        def register() -> None:
            conn.groups.add(group_id)
            self.subscribers.setdefault(group_id, set()).add(conn)
            conn.hold(group_id)

        assert self.loop is not None
        self.loop.call_soon_threadsafe(register)
        return start, now

    # --- status -------------------------------------------------------------------

    def status(self, only: str | None = None) -> dict[str, Any]:
        """What the service is doing; `only`: a member without the examensecretaris's role sees their own connections."""
        return {
            "pid": os.getpid(),
            "login": pwd.getpwuid(os.geteuid()).pw_name,
            "data": str(self.data),
            "socket": str(self.socket_path),
            "exports": str(self.exports),
            "since": self.started,
            "problems": service_problems(self.socket_path.parent, self.exports, self.group_gid),
            "clients": sorted(
                ({"login": c.login, "pid": c.pid, "since": c.since, "groups": sorted(c.groups)}
                 for c in self.connections if only is None or c.login == only),
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
