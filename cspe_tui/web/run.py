"""Starting the gateway: TLS, the listening socket, dropping root, and aiohttp's run loop."""

from __future__ import annotations

import logging
import os
import pwd
import socket
import ssl
import sys

from aiohttp import web

from cspe_tui.web.server import Gateway


class StartRefused(Exception):
    """Why the gateway will not start; the message says what to do."""


def tls_context(cert: str, key: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except (OSError, ssl.SSLError) as exc:
        raise StartRefused(f"Het certificaat ({cert}) of de sleutel ({key}) is niet te lezen: {exc}.") from None
    return context


def listen(host: str, port: int) -> socket.socket:
    try:
        return socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET, backlog=128)
    except OSError as exc:
        raise StartRefused(f"Kan niet luisteren op {host}:{port}: {exc.strerror or exc}.") from None


def drop_to(user: str) -> None:
    """Root only reads the key and opens the port; then the gateway becomes its own system user for good."""
    try:
        entry = pwd.getpwnam(user)
    except KeyError:
        raise StartRefused(f"De systeemgebruiker {user} bestaat niet; maak hem met cspe server init --web.") from None
    if entry.pw_uid == 0:
        raise StartRefused("De gateway draait nooit als root; kies een eigen systeemgebruiker.")
    os.setgroups([])
    os.setgid(entry.pw_gid)
    os.setuid(entry.pw_uid)
    os.environ.update({"HOME": "/nonexistent", "USER": user, "LOGNAME": user})
    try:
        os.setuid(0)
    except PermissionError:
        return
    raise StartRefused("Root-rechten afgeven mislukte; de gateway start niet.")


def serve(gateway: Gateway, *, cert: str | None, key: str | None, run_as: str | None) -> None:
    config = gateway.config
    context = tls_context(cert, key) if cert and key else None
    sock = listen(config.host, config.port)
    if os.geteuid() == 0 and not config.demo:
        if not run_as:
            raise StartRefused("Start de gateway als root alleen met --gebruiker (hij geeft root dan meteen af).")
        drop_to(run_as)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s", stream=sys.stderr)
    print(f"cspe web (pid {os.getpid()}, als {pwd.getpwuid(os.getuid()).pw_name}) op {config.public_url}", flush=True)
    web.run_app(gateway.make_app(), sock=sock, ssl_context=context, print=None, access_log=None,
                handle_signals=True, shutdown_timeout=10)
