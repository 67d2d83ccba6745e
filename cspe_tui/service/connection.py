"""The client's end of the socket: requests with ids, a reader thread, pushes, and reconnecting.

Synchronous for its callers (the UI's worker threads, the CLI): `call` sends a request
and waits for the answer with the same id. One background thread reads every frame;
answers wake their caller, pushed log entries go to `on_push`. When the connection
breaks, that thread says so (`on_status`), reconnects with growing pauses, says hello
again and calls `on_reconnect` so the subscriptions resume where they were.
"""

from __future__ import annotations

import itertools
import socket
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import protocol as p

LOST = "verbinding met de cspe-dienst verbroken, opnieuw verbinden ..."
BACK = "verbinding met de cspe-dienst hersteld"
CALL_TIMEOUT = 120.0
"""A whole group's state or an export can take a while on a busy server; a dead one is noticed by the socket."""
RECONNECT_FOR = 30.0
"""How long a request waits for the service to come back before it says so."""
BACKOFF = (0.05, 0.1, 0.2, 0.5, 1.0, 2.0)


class _Pending:
    def __init__(self) -> None:
        self.done = threading.Event()
        self.reply: dict[str, Any] | None = None
        self.lost = False


def _recv_exactly(sock: socket.socket, n: int) -> bytes:
    chunks, left = [], n
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            raise ConnectionError("verbinding gesloten")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_frame(sock: socket.socket) -> dict[str, Any]:
    length = p.frame_length(_recv_exactly(sock, p.HEADER.size), p.MAX_RESPONSE_BYTES)
    return p.decode(_recv_exactly(sock, length))


def unavailable(path: Path, reason: str) -> p.ServiceUnavailable:
    return p.ServiceUnavailable(
        f"De cspe-dienst op {path} is niet bereikbaar ({reason}). Vraag de systeembeheerder de dienst te "
        "starten (systemctl start cspe), of kijk met 'cspe server status'."
    )


class Connection:
    def __init__(
        self,
        path: Path,
        on_push: Callable[[dict[str, Any]], None],
        on_status: Callable[[str], None],
        on_reconnect: Callable[[], None],
    ) -> None:
        self.path = path
        self.on_push = on_push
        self.on_status = on_status
        self.on_reconnect = on_reconnect
        self.hello: dict[str, Any] = {}
        self._ids = itertools.count(1)
        self._pending: dict[int, _Pending] = {}
        self._send_lock = threading.Lock()
        self._state = threading.Condition()
        self._sock: socket.socket | None = None
        self._closed = False
        self._thread: threading.Thread | None = None
        self.wait_seconds = RECONNECT_FOR
        self._resuming = False
        self._local = threading.local()
        self.last_error: Exception | None = None
        """The last unexpected error of the reader thread (it reconnects instead of dying)."""

    # --- connecting ---------------------------------------------------------------

    def open(self) -> dict[str, Any]:
        """Connect once (no retries: a command line says at once when no service runs)."""
        try:
            self._connect()
        except OSError as exc:
            raise unavailable(self.path, exc.strerror or str(exc)) from None
        self._thread = threading.Thread(target=self._read_loop, name="cspe-client", daemon=True)
        self._thread.start()
        return self.hello

    def _connect(self, resuming: bool = False) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            sock.settimeout(10.0)
            sock.connect(str(self.path))
            sock.sendall(p.encode({"id": 0, "op": "hello", "version": p.PROTOCOL_VERSION}, p.MAX_REQUEST_BYTES))
            reply = read_frame(sock)
            if not reply.get("ok"):
                p.raise_error(reply.get("error") or {})
            sock.settimeout(None)
        except BaseException:
            sock.close()
            raise
        self.hello = reply["result"]
        with self._state:
            self._resuming = resuming
            self._sock = sock
            self._state.notify_all()

    def close(self) -> None:
        with self._state:
            self._closed = True
            sock, self._sock = self._sock, None
            self._state.notify_all()
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    @property
    def connected(self) -> bool:
        return self._sock is not None

    # --- requests -----------------------------------------------------------------

    def call(self, op: str, **fields: Any) -> Any:
        """Send one request and wait for its answer; re-raise a service error as its StoreError class.

        A write carries a command id. When the connection breaks before its answer, it is sent
        once more, with the same id, after reconnecting: the service answers a command it already
        executed from memory instead of executing it twice, so the answer is always the real one.
        """
        if op != "execute":
            return self._call(op, fields)
        fields.setdefault("command_id", uuid.uuid4().hex)
        try:
            return self._call(op, fields)
        except p.ConnectionLost:
            return self._call(op, fields)

    def _call(self, op: str, fields: dict[str, Any]) -> Any:
        request_id = next(self._ids)
        frame = p.encode({"id": request_id, "op": op, **fields}, p.MAX_REQUEST_BYTES)
        pending = _Pending()
        sock = self._wait_connected()
        self._pending[request_id] = pending
        try:
            try:
                with self._send_lock:
                    sock.sendall(frame)
            except OSError:
                # Not sent: nothing can have happened; once the service is back it goes again.
                self._pending.pop(request_id, None)
                self._broken(sock)
                return self._call(op, fields)
            if not pending.done.wait(CALL_TIMEOUT):
                raise p.ConnectionLost("De cspe-dienst antwoordt niet; probeer het opnieuw.")
        finally:
            self._pending.pop(request_id, None)
        if pending.lost:
            raise p.ConnectionLost(
                "De verbinding met de cspe-dienst viel weg voordat die antwoordde; kijk of de wijziging is "
                "opgeslagen en doe haar zo nodig opnieuw." if op == "execute" else
                "De verbinding met de cspe-dienst viel weg; probeer het opnieuw."
            )
        assert pending.reply is not None
        if not pending.reply.get("ok"):
            p.raise_error(pending.reply.get("error") or {})
        return pending.reply.get("result")

    def _wait_connected(self) -> socket.socket:
        """The socket once connected and, after a reconnect, once the subscriptions are resumed.

        A write sent before its group is followed again would get its answer without the push
        that carries it, and the caller would read the cell from a buffer that is behind.
        """
        deadline = time.monotonic() + self.wait_seconds
        with self._state:
            while self._sock is None or (self._resuming and not getattr(self._local, "resuming", False)):
                if self._closed:
                    raise p.ServiceUnavailable("De verbinding met de cspe-dienst is gesloten.")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise p.ServiceUnavailable(f"{LOST} Probeer het zo opnieuw.")
                self._state.wait(left)
            return self._sock

    # --- the reader thread --------------------------------------------------------

    def _read_loop(self) -> None:
        while not self._closed:
            sock = self._sock
            if sock is None:
                self._reconnect()
                continue
            try:
                message = read_frame(sock)
                request_id = message.get("id")
                if isinstance(request_id, int) and request_id in self._pending:
                    pending = self._pending[request_id]
                    pending.reply = message
                    pending.done.set()
                elif message.get("push"):
                    self.on_push(message)
            except Exception as exc:  # noqa: BLE001 - this thread must outlive anything: resync by reconnecting
                self.last_error = exc
                self._broken(sock)

    def _broken(self, sock: socket.socket) -> None:
        with self._state:
            if self._sock is not sock:
                return
            self._sock = None
        sock.close()
        for pending in list(self._pending.values()):
            pending.lost = True
            pending.done.set()
        if not self._closed:
            try:
                self.on_status(LOST)
            except Exception as exc:  # noqa: BLE001 - a listener's failure must not stop reconnecting
                self.last_error = exc

    def _reconnect(self) -> None:
        for attempt in itertools.count():
            if self._closed:
                return
            try:
                self._connect(resuming=True)
            except Exception as exc:  # noqa: BLE001 - not there yet, or not ready: try again
                self.last_error = exc
                time.sleep(BACKOFF[min(attempt, len(BACKOFF) - 1)])
                continue
            try:
                self.on_status(BACK)
            except Exception as exc:  # noqa: BLE001
                self.last_error = exc
            threading.Thread(target=self._resume, name="cspe-resume", daemon=True).start()
            return

    def _resume(self) -> None:
        self._local.resuming = True
        try:
            self.on_reconnect()
        except Exception as exc:  # noqa: BLE001 - other calls must go on after a failed resume
            self.last_error = exc
        finally:
            with self._state:
                self._resuming = False
                self._state.notify_all()
