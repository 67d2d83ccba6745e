"""A bare websocket handshake and form post, to send what a browser never would (forged cookies, foreign Origin)."""

from __future__ import annotations

import base64
import http.client
import os
import ssl
from urllib.parse import urlencode, urlsplit


def _connection(url: str) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    if parts.scheme == "https":
        return http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30, context=ssl._create_unverified_context())
    return http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)


def websocket_status(url: str, *, cookie: str | None, origin: str | None) -> int:
    """The status of a websocket upgrade at /ws (101: an app starts); the connection is closed at once."""
    conn = _connection(url)
    headers = {"Upgrade": "websocket", "Connection": "Upgrade", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": base64.b64encode(os.urandom(16)).decode()}
    if cookie is not None:
        headers["Cookie"] = cookie
    if origin is not None:
        headers["Origin"] = origin
    try:
        conn.request("GET", "/ws?width=80&height=24", headers=headers)
        return conn.getresponse().status
    finally:
        conn.close()


def post(url: str, path: str, form: dict[str, str], *, origin: str | None, headers: dict[str, str] | None = None,
         cookie: str | None = None) -> tuple[int, dict[str, str], str]:
    """(status, headers, body) of a form post; redirects are not followed."""
    conn = _connection(url)
    sent = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
    if origin is not None:
        sent["Origin"] = origin
    if cookie is not None:
        sent["Cookie"] = cookie
    try:
        conn.request("POST", path, body=urlencode(form), headers=sent)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def get(url: str, path: str, *, cookie: str | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = _connection(url)
    try:
        conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def session_cookie(headers: dict[str, str]) -> str:
    """`name=value` from a Set-Cookie header."""
    return headers["set-cookie"].split(";", 1)[0]
