"""One app process per browser tab, on textual-serve's AppService (its protocol and downloads).

What differs from textual-serve: the command is an argument list (no shell) built by
the gateway from the session's login, never from the request; stderr is kept to tell the
browser, in Dutch, why an app did not start; and `stop` makes sure the process is gone
(quit, then SIGTERM, then SIGKILL; the helper dies with its sudo parent).
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import signal
from collections.abc import Awaitable, Callable

from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

log = logging.getLogger("cspe-web")

QUIT_GRACE = 5.0
TERM_GRACE = 3.0
PRELUDE = b"__GANGLION__\n"


class AppProcess(AppService):
    def __init__(
        self,
        argv: list[str],
        env: dict[str, str],
        *,
        session_id: str,
        login: str,
        write_bytes: Callable[[bytes], Awaitable[None]],
        write_str: Callable[[str], Awaitable[None]],
        close: Callable[[], Awaitable[None]],
        download_manager: DownloadManager,
    ) -> None:
        super().__init__(
            argv[0], write_bytes=write_bytes, write_str=write_str, close=close, download_manager=download_manager
        )
        self.argv = argv
        self.env = env
        self.session_id = session_id
        self.login = login
        self.started = asyncio.Event()
        self.failure = ""

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    async def _open_app_process(self, width: int = 80, height: int = 24):
        self._process = process = await asyncio.create_subprocess_exec(
            *self.argv, str(width), str(height),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=self.env, close_fds=True,
        )
        self._stdin = process.stdin
        return process

    async def run(self) -> None:
        """textual-serve's reader, keeping stderr and marking when the app is up."""
        process = self._process
        assert process is not None and process.stdout is not None and process.stderr is not None
        stdout, stderr = process.stdout, process.stderr
        errors = io.BytesIO()

        async def read_stderr() -> None:
            while data := await stderr.read(4096):
                if errors.tell() < 65536:
                    errors.write(data)

        stderr_task = asyncio.create_task(read_stderr())
        try:
            for _ in range(10):
                line = await stdout.readline()
                if not line or line == PRELUDE:
                    break
            if line == PRELUDE:
                self.started.set()
                while True:
                    kind = await stdout.readexactly(1)
                    size = int.from_bytes(await stdout.readexactly(4), "big")
                    payload = await stdout.readexactly(size)
                    if kind == b"D":
                        await self.on_data(payload)
                    elif kind == b"M":
                        await self.on_meta(payload)
                    elif kind == b"P":
                        await self.on_packed(payload)
        except (asyncio.IncompleteReadError, ConnectionResetError, asyncio.CancelledError):
            pass
        finally:
            await process.wait()
            await asyncio.wait_for(stderr_task, 2.0) if not stderr_task.done() else None
            if not self.started.is_set():
                text = errors.getvalue().decode("utf-8", "replace").strip()
                self.failure = text.splitlines()[-1] if text else "De app kon niet starten."
                log.warning("app for %s did not start: %s", self.login, text[-2000:])
            self.started.set()

    async def stop(self) -> None:
        """Quit the app; if it does not go, SIGTERM, then SIGKILL. Returns when the process is gone."""
        process = self._process
        if process is None:
            return
        await self._download_manager.cancel_app_downloads(app_service_id=self.app_service_id)
        if process.returncode is None:
            await self.send_meta({"type": "quit"})
            for sig, grace in ((None, QUIT_GRACE), (signal.SIGTERM, TERM_GRACE), (signal.SIGKILL, TERM_GRACE)):
                if sig is not None and process.returncode is None:
                    try:
                        os.kill(process.pid, sig)  # sudo passes SIGTERM on to the app
                    except OSError:
                        pass  # gone already, or sudo no longer ours to signal: closing stdin ends the app
                    if self._stdin is not None and not self._stdin.is_closing():
                        self._stdin.close()
                try:
                    await asyncio.wait_for(process.wait(), grace)
                    break
                except asyncio.TimeoutError:
                    continue
        if self._task is not None:
            try:
                await asyncio.wait_for(self._task, TERM_GRACE)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self._task.cancel()
            self._task = None
