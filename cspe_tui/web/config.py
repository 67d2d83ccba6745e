"""The gateway's settings, from `cspe web` or `cspe demo --web`."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from urllib.parse import urlsplit

IDLE_SECONDS = 30 * 60
PER_USER = 3
TOTAL = 40


@dataclass(frozen=True)
class GatewayConfig:
    host: str
    port: int
    public_url: str
    """The address examinators type (scheme://host[:port]); the only Origin a websocket or form may come from."""
    app_argv: list[str]
    """The command before the login-dependent part: the app's argv is built from the session, never from a request."""
    demo_logins: tuple[str, ...] = ()
    idle_seconds: float = IDLE_SECONDS
    per_user: int = PER_USER
    total: int = TOTAL
    trusted_proxies: tuple[str, ...] = ()
    """Peers whose X-Forwarded-For names the client's address (for the login throttle)."""
    title: str = "cspe"
    extra_origins: tuple[str, ...] = field(default=())

    @property
    def demo(self) -> bool:
        return bool(self.demo_logins)

    @property
    def secure(self) -> bool:
        return self.public_url.startswith("https://")

    @property
    def origins(self) -> set[str]:
        return {self.public_url.rstrip("/"), *self.extra_origins}

    @property
    def hosts(self) -> set[str]:
        return {urlsplit(origin).netloc for origin in self.origins}


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def default_url(host: str, port: int, secure: bool) -> str:
    scheme = "https" if secure else "http"
    shown = f"[{host}]" if ":" in host else host
    default = 443 if secure else 80
    return f"{scheme}://{shown}" + ("" if port == default else f":{port}")
