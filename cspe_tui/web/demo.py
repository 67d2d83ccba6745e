"""`cspe demo --web`: the demo in the browser on this computer only, demo logins without a password."""

from __future__ import annotations

import sys
from pathlib import Path

from cspe_tui.demo import DEMO_USERS
from cspe_tui.web.auth import DemoChecker
from cspe_tui.web.config import GatewayConfig, default_url
from cspe_tui.web.run import StartRefused, serve
from cspe_tui.web.server import Gateway

DEMO_HOST = "127.0.0.1"
DEMO_PORT = 8080


def demo_config(folder: Path, host: str, port: int) -> GatewayConfig:
    if host != DEMO_HOST:
        raise StartRefused(
            f"De demo in de browser draait alleen op {DEMO_HOST} (deze computer), niet op {host}: zonder "
            "wachtwoord mag niemand anders erbij."
        )
    url = default_url(host, port, secure=False)
    return GatewayConfig(
        host=host, port=port, public_url=url, extra_origins=(f"http://localhost:{port}",),
        app_argv=[sys.executable, "-I", "-m", "cspe_tui.web.start_helper", str(folder.absolute())],
        demo_logins=tuple(DEMO_USERS), title="cspe demo",
    )


def serve_demo(folder: Path, host: str = DEMO_HOST, port: int = DEMO_PORT) -> int:
    """The folder must be a demo folder (the caller checked its settings)."""
    try:
        config = demo_config(folder, host, port)
        print(f"Open {config.public_url} in je browser (Ctrl+C stopt de demo).", file=sys.stderr)
        serve(Gateway(config, DemoChecker(config.demo_logins)), cert=None, key=None, run_as=None)
    except StartRefused as exc:
        print(str(exc), file=sys.stderr)
        return 1
    return 0
