"""A running cspe service on a fresh data folder, in a thread of the test (plain tests) or as a process."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.service.client import ServiceClient
from cspe_tui.service.server import Service, serve_forever
from cspe_tui.store import Settings, current_login, open_store
from tests.store.helpers import write_model

ME = current_login()
OTHER = "cspe-niet-ik"
"""The other examinator of the test group: a name no process of the test runs as."""


def make_served_folder(data: Path, tmp: Path, candidates: int = 5, examinator: str = ME, tweede: str = OTHER) -> tuple[str, ModelKey]:
    """A real (not demo) folder in which the test's own login is examensecretaris and examinator."""
    sec = open_store(data, create=True, settings=Settings(examensecretarissen=[ME]))
    model = sec.import_model(write_model(tmp))
    cands = [Candidate(examennummer=str(1000 + i), naam=f"Kandidaat {i}") for i in range(candidates)]
    state = sec.create_group(model.key, cands, examinator, tweede, Werkwijze.GELIJKTIJDIG)
    return state.info.group_id, model.key


@dataclass
class Served:
    data: Path
    socket: Path
    exports: Path
    group_id: str
    key: ModelKey
    service: Service

    def client(self) -> ServiceClient:
        return ServiceClient(self.socket)


def short_dir(prefix: str) -> Path:
    """Not pytest's tmp_path: a Unix socket path must stay under 108 bytes."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    return path


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    data = tmp_path / "data"
    group_id, key = make_served_folder(data, tmp_path)
    run = short_dir("cspe-s-")
    service = Service(data, run / "cspe.sock", tmp_path / "exports")
    loop = asyncio.new_event_loop()
    ready = threading.Event()
    holder: dict[str, asyncio.Task[None]] = {}

    def main() -> None:
        asyncio.set_event_loop(loop)
        started = asyncio.Event()

        async def go() -> None:
            holder["task"] = asyncio.current_task()  # type: ignore[assignment]
            waiter = asyncio.create_task(started.wait())
            waiter.add_done_callback(lambda _: ready.set())
            await serve_forever(service, started)

        try:
            loop.run_until_complete(go())
        except (asyncio.CancelledError, Exception):
            ready.set()
        finally:
            loop.close()

    thread = threading.Thread(target=main, daemon=True)
    thread.start()
    assert ready.wait(30), "service did not start"
    try:
        yield Served(data, run / "cspe.sock", tmp_path / "exports", group_id, key, service)
    finally:
        if "task" in holder and not loop.is_closed():
            loop.call_soon_threadsafe(holder["task"].cancel)
        thread.join(30)
        shutil.rmtree(run, ignore_errors=True)


@dataclass
class ServiceProcess:
    """`cspe server run` as a child process, stopped by its own pid."""

    args: list[str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 60) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(self.args, stdout=log, stderr=log)
        deadline = time.monotonic() + timeout
        while "beheert" not in self.log.read_text(errors="replace"):
            if self.proc.poll() is not None:
                raise RuntimeError(f"service stopped: {self.log.read_text()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"service did not start: {self.log.read_text()}")
            time.sleep(0.02)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self.log.write_text("")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


def service_args(data: Path, sock: Path, exports: Path) -> list[str]:
    return [sys.executable, "-m", "cspe_tui", "server", "run", "--data", str(data), "--socket", str(sock), "--exports", str(exports)]


def as_user(account, path: Path, requests: list[dict]) -> list[dict]:
    """hello and then each request, as another Unix user (a forked child that only uses the socket): the replies.

    The socket's folder must let that user in; tests that use this need root.
    """
    from cspe_tui.service import protocol as p
    from cspe_tui.service.connection import read_frame

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 1
        try:
            os.setgroups([])
            os.setgid(account.pw_gid)
            os.setuid(account.pw_uid)
            sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            sock.settimeout(20)
            sock.connect(str(path))
            replies = []
            for request in [{"id": 0, "op": "hello", "version": p.PROTOCOL_VERSION}, *requests]:
                sock.sendall(p.encode(request))
                replies.append(read_frame(sock))
            os.write(write_end, json.dumps(replies).encode())
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read()
    os.waitpid(pid, 0)
    return json.loads(data)
