"""The gateway: login pages, the app page, the websocket per tab and the downloads (aiohttp).

Every request must name one of the gateway's own hosts (no DNS rebinding); a form or a
websocket must come from the gateway's own Origin; the websocket, the app page and a
download need a live session. The app's login is the session's, set at the password check.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from pathlib import Path
from typing import Any

import jinja2
import textual_serve
from aiohttp import WSMsgType, web
from aiohttp.helpers import content_disposition_header
from textual_serve.download_manager import DownloadManager

from cspe_tui.web.auth import DemoChecker, PamChecker, Throttle
from cspe_tui.web.config import GatewayConfig
from cspe_tui.web.processes import AppProcess
from cspe_tui.web.sessions import COOKIE, Session, Sessions

log = logging.getLogger("cspe-web")

HERE = Path(__file__).parent
LIBRARY_STATIC = Path(textual_serve.__file__).parent / "static"
START_TIMEOUT = 60.0
CLOSE_LOGGED_OUT = 4401
CLOSE_REFUSED = 4403
CLOSE_FAILED = 4500

DUTCH_ERRORS = {
    404: "Deze pagina bestaat niet.",
    405: "Dat kan hier niet.",
    413: "Dat is te groot.",
}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)


def _size(value: str, default: int) -> int:
    try:
        return max(10, min(int(value), 1000))
    except ValueError:
        return default


class Gateway:
    def __init__(self, config: GatewayConfig, checker: PamChecker | DemoChecker, throttle: Throttle | None = None) -> None:
        self.config = config
        self.checker = checker
        self.throttle = throttle or Throttle()
        self.sessions = Sessions(config.idle_seconds)
        self.downloads = DownloadManager()
        self.sockets: dict[AppProcess, web.WebSocketResponse] = {}
        self.templates = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, trim_blocks=True, lstrip_blocks=True
        )
        self._reaper: asyncio.Task[None] | None = None

    # --- the aiohttp application ------------------------------------------------------

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.guard], client_max_size=64 * 1024)
        app.add_routes([
            web.get("/", self.index),
            web.get("/aanmelden", self.login_page),
            web.post("/aanmelden", self.login),
            web.post("/afmelden", self.logout),
            web.get("/ws", self.websocket),
            web.get("/download/{key}", self.download),
            web.static("/static/cspe", HERE / "static"),
            web.static("/static/ts", LIBRARY_STATIC),
        ])
        app.on_startup.append(self._start_reaper)
        app.on_shutdown.append(self._shutdown)
        return app

    @web.middleware
    async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.host not in self.config.hosts:
            return self._error(421, "Dit adres hoort niet bij de cspe-server.")
        if request.method == "POST" and request.headers.get("Origin") not in self.config.origins:
            return self._error(403, "Dit formulier komt niet van de cspe-server zelf.")
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            if exc.status < 400:
                raise
            response = self._error(exc.status, DUTCH_ERRORS.get(exc.status, "Dat lukte niet."))
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if self.config.secure:
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        if not request.path.startswith("/static/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    def _render(self, name: str, status: int = 200, **context: Any) -> web.Response:
        body = self.templates.get_template(name).render(title=self.config.title, demo=self.config.demo, **context)
        return web.Response(text=body, status=status, content_type="text/html", charset="utf-8")

    def _error(self, status: int, message: str) -> web.Response:
        return self._render("melding.html", status=status, message=message)

    def session_of(self, request: web.Request) -> Session | None:
        session = self.sessions.from_cookie(request.cookies.get(COOKIE))
        if session is not None:
            session.touch()
        return session

    def client_address(self, request: web.Request) -> str:
        peer = request.remote or "?"
        forwarded = request.headers.get("X-Forwarded-For")
        if forwarded and peer in self.config.trusted_proxies:
            return forwarded.split(",")[-1].strip() or peer
        return peer

    # --- pages ------------------------------------------------------------------------

    async def index(self, request: web.Request) -> web.StreamResponse:
        session = self.session_of(request)
        if session is None:
            raise web.HTTPSeeOther("/aanmelden")
        return self._render("app.html", login=session.login)

    async def login_page(self, request: web.Request) -> web.StreamResponse:
        if self.session_of(request) is not None:
            raise web.HTTPSeeOther("/")
        notice = {"afgemeld": "Je bent afgemeld.", "verlopen": "Je sessie is verlopen; meld je opnieuw aan."}
        shown = next((text for key, text in notice.items() if key in request.query), "")
        return self._render("login.html", notice=shown, error="", login="", demo_logins=self.config.demo_logins)

    async def login(self, request: web.Request) -> web.StreamResponse:
        form = await request.post()
        login = str(form.get("login", "")).strip()
        password = str(form.get("wachtwoord", ""))
        address = self.client_address(request)
        keys = (f"login:{login}", f"adres:{address}")
        wait = self.throttle.blocked_for(*keys)
        if wait > 0:
            minutes = max(1, round(wait / 60))
            word = "minuut" if minutes == 1 else "minuten"
            return self._render("login.html", status=429, notice="", login=login, demo_logins=self.config.demo_logins,
                                error=f"Te veel mislukte pogingen. Probeer het over {minutes} {word} opnieuw.")
        if not await self.checker.check(login, password):
            await asyncio.sleep(self.throttle.failed(*keys))
            log.warning("failed login for %r from %s", login, address)
            return self._render("login.html", status=401, notice="", login=login, demo_logins=self.config.demo_logins,
                                error="Onjuiste login of wachtwoord, of je hoort niet bij de examinatoren.")
        self.throttle.succeeded(keys[0])
        session, cookie = self.sessions.create(login, address)
        log.info("login %s from %s", login, address)
        response = web.HTTPSeeOther("/")
        response.set_cookie(COOKIE, cookie, httponly=True, secure=True, samesite="Strict", path="/")
        raise response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        session = self.session_of(request)
        if session is not None:
            await self.end_session(session, "Je bent afgemeld.")
        response = web.HTTPSeeOther("/aanmelden?afgemeld")
        response.del_cookie(COOKIE, path="/")
        raise response

    async def end_session(self, session: Session, reason: str) -> None:
        self.sessions.end(session)
        await asyncio.gather(*(self._close_app(app, CLOSE_LOGGED_OUT, reason) for app in list(session.apps)))

    async def _close_app(self, app: AppProcess, code: int, reason: str) -> None:
        socket = self.sockets.get(app)
        if socket is not None and not socket.closed:
            await socket.close(code=code, message=reason.encode("utf-8")[:123])
        await app.stop()

    # --- the websocket: one app per tab -----------------------------------------------

    def _refusal(self, session: Session) -> str | None:
        running = [app for s in self.sessions.all() for app in s.apps]
        mine = sum(1 for s in self.sessions.all() if s.login == session.login for _ in s.apps)
        if mine >= self.config.per_user:
            word = "venster" if self.config.per_user == 1 else "vensters"
            return f"Je hebt al {self.config.per_user} {word} met de app open; sluit er eerst een."
        if len(running) >= self.config.total:
            return "De server heeft het maximum aantal sessies; probeer het straks opnieuw."
        return None

    async def websocket(self, request: web.Request) -> web.StreamResponse:
        session = self.session_of(request)
        if request.headers.get("Origin") not in self.config.origins:
            return self._error(403, "Deze verbinding komt niet van de cspe-server zelf.")
        if session is None:
            return self._error(403, "Je bent niet (meer) aangemeld.")
        socket = web.WebSocketResponse(heartbeat=15, max_msg_size=1024 * 1024)
        await socket.prepare(request)
        refusal = self._refusal(session)
        if refusal:
            await socket.close(code=CLOSE_REFUSED, message=refusal.encode("utf-8")[:123])
            return socket
        app = AppProcess(
            self.app_argv(session), self.app_env(), session_id=session.id, login=session.login,
            write_bytes=socket.send_bytes, write_str=socket.send_str, close=socket.close,
            download_manager=self.downloads,
        )
        session.apps.add(app)
        self.sockets[app] = socket
        try:
            await app.start(_size(request.query.get("width", "80"), 80), _size(request.query.get("height", "24"), 24))
            await asyncio.wait_for(app.started.wait(), START_TIMEOUT)
            if app.failure:
                await socket.send_bytes(f"\r\n  {app.failure}\r\n".encode())
                await socket.close(code=CLOSE_FAILED, message="De app kon niet starten.".encode())
                return socket
            await self._relay(socket, app, session)
        except asyncio.TimeoutError:
            await socket.close(code=CLOSE_FAILED, message="De app startte niet op tijd.".encode())
        finally:
            await app.stop()
            session.apps.discard(app)
            self.sockets.pop(app, None)
        return socket

    async def _relay(self, socket: web.WebSocketResponse, app: AppProcess, session: Session) -> None:
        async for message in socket:
            if message.type != WSMsgType.TEXT:
                continue
            if not self.sessions.alive(session):
                break
            try:
                envelope = json.loads(message.data)
                kind, data = envelope[0], (envelope[1] if len(envelope) > 1 else None)
            except (ValueError, IndexError, KeyError, TypeError):
                continue
            if kind == "stdin" and isinstance(data, str):
                session.touch()
                await app.send_bytes(data.encode("utf-8"))
            elif kind == "resize" and isinstance(data, dict):
                await app.set_terminal_size(_size(str(data.get("width")), 80), _size(str(data.get("height")), 24))
            elif kind == "ping":
                await socket.send_json(["pong", str(data)])
            elif kind == "blur":
                await app.blur()
            elif kind == "focus":
                await app.focus()

    def app_argv(self, session: Session) -> list[str]:
        """The command for this session's login: sudo to the helper, or the demo app as a demo login."""
        if self.config.demo:
            return [*self.config.app_argv, session.login]
        return [self.config.app_argv[0], "-n", "-u", session.login, *self.config.app_argv[1:], "start"]

    def app_env(self) -> dict[str, str]:
        env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8"}
        if self.config.demo and "HOME" in os.environ:
            env["HOME"] = os.environ["HOME"]  # the demo app runs as whoever started the demo
        return env

    # --- downloads --------------------------------------------------------------------

    async def download(self, request: web.Request) -> web.StreamResponse:
        session = self.session_of(request)
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            meta = None
        if session is None or meta is None or getattr(meta.app_service, "session_id", None) != session.id:
            return self._error(404, "Dit bestand bestaat niet (meer) of is niet van jou.")
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        response.headers["Content-Type"] = content_type
        disposition = "inline" if meta.open_method == "browser" else "attachment"
        response.headers["Content-Disposition"] = content_disposition_header(disposition, filename=meta.file_name)
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    # --- idle sessions and shutdown ---------------------------------------------------

    async def _start_reaper(self, app: web.Application) -> None:
        self._reaper = asyncio.create_task(self._reap())

    async def _reap(self) -> None:
        interval = max(0.5, min(30.0, self.config.idle_seconds / 4))
        while True:
            await asyncio.sleep(interval)
            for session in self.sessions.expired():
                minutes = round(self.config.idle_seconds / 60)
                word = "minuut" if minutes == 1 else "minuten"
                log.info("session of %s ended after %s idle", session.login, self.config.idle_seconds)
                await self.end_session(session, f"Afgemeld na {minutes} {word} zonder activiteit.")

    async def _shutdown(self, app: web.Application) -> None:
        if self._reaper is not None:
            self._reaper.cancel()
        await asyncio.gather(*(self.end_session(s, "De cspe-server stopt.") for s in self.sessions.all()))
