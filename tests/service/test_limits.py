"""A member who is not gentle with the service: deep frames, half frames, many connections, many requests.

Each test holds some resource the way a hostile member would and checks that the service
answers in Dutch, hangs up on what goes past a limit, and keeps serving everyone else.
"""

from __future__ import annotations

import os
import pwd
import socket
import time
from dataclasses import replace

import pytest

from cspe_tui.service import protocol as p
from cspe_tui.service.connection import read_frame

from .conftest import Served, as_user
from .test_protocol import ask, raw, still_serving


def limit(served: Served, **changes) -> None:
    served.service.ledger.limits = replace(served.service.ledger.limits, **changes)


def closed(sock: socket.socket) -> bool:
    sock.settimeout(30)
    return sock.recv(1) == b""


def test_deep_nesting_gets_a_dutch_answer_and_the_connection_goes_on(served: Served) -> None:
    sock = raw(served)
    for levels in (p.MAX_DEPTH + 1, 200_000):
        body = b'{"id": 1, "op": "status", "x": ' + b"[" * levels + b"]" * levels + b"}"
        sock.sendall(p.HEADER.pack(len(body)) + body)
        reply = read_frame(sock)
        assert reply["error"] == {"kind": "ProtocolError", "message": p.TOO_DEEP}
    assert ask(sock, {"id": 2, "op": "status"})["ok"]
    still_serving(served)


def test_validation_errors_are_dutch_not_pydantics_english(served: Served) -> None:
    sock = raw(served)
    assert ask(sock, {"id": -1, "op": "status"})["error"]["message"] == "Ongeldig verzoek (id: moet minstens 0 zijn)."
    reply = ask(sock, {"id": 3, "op": "read", "what": "log", "args": {"limit": 0}})
    assert reply["error"]["message"] == "Ongeldige opvraging log (limit: moet minstens 1 zijn)."
    reply = ask(sock, {"id": 4, "op": "subscribe"})
    assert reply["error"]["message"] == "Ongeldig verzoek (group_id: verplicht veld ontbreekt)."
    cmd = {"type": "score", "examennummer": "1001", "criterium": "B1.1", "value": "drie"}
    reply = ask(sock, {"id": 5, "op": "execute", "scope": {"kind": "group", "group_id": served.group_id}, "commands": [cmd]})
    assert "Input should" not in reply["error"]["message"]
    assert reply["error"]["message"].startswith("Opdracht 1 (score) is ongeldig: ")


def test_a_header_that_stops_after_hello_is_timed_out_with_a_dutch_error(served: Served) -> None:
    limit(served, frame_timeout=0.5)
    sock = raw(served)
    sock.sendall(p.HEADER.pack(20)[:3])
    reply = read_frame(sock)
    assert reply["error"]["kind"] == "FrameTimeout"
    assert closed(sock)
    still_serving(served)


def test_a_connection_that_never_says_hello_is_timed_out(served: Served) -> None:
    limit(served, hello_timeout=0.5)
    sock = raw(served, hello=False)
    sock.sendall(b"\x00\x00")
    reply = read_frame(sock)
    assert reply["error"]["message"].startswith("Er kwam binnen 0,5 seconden geen hello")
    assert closed(sock)


def test_half_sent_frames_past_the_users_share_of_buffered_bytes_are_refused(served: Served) -> None:
    limit(served, user_bytes=3 * p.MAX_REQUEST_BYTES + 4096)
    held = []
    for _ in range(3):
        sock = raw(served)
        sock.sendall(p.HEADER.pack(p.MAX_REQUEST_BYTES) + b"x" * 1000)
        held.append(sock)
    time.sleep(0.2)
    extra = raw(served)
    extra.sendall(p.HEADER.pack(p.MAX_REQUEST_BYTES) + b"x" * 1000)
    reply = read_frame(extra)
    assert reply["error"]["kind"] == "ServiceBusy"
    assert "te veel tegelijk" in reply["error"]["message"]
    assert closed(extra)
    assert served.service.ledger.buffered_total == 3 * p.MAX_REQUEST_BYTES
    still_serving(served)


def test_connections_past_the_users_limit_get_a_dutch_refusal(served: Served) -> None:
    limit(served, per_user=3)
    held = [raw(served) for _ in range(3)]
    sock = raw(served, hello=False)
    reply = ask(sock, {"id": 0, "op": "hello", "version": p.PROTOCOL_VERSION})
    assert reply["error"]["kind"] == "ServiceBusy"
    assert "al 3 verbindingen" in reply["error"]["message"]
    assert closed(sock)
    held.pop().close()
    time.sleep(0.2)
    still_serving(served)


@pytest.mark.skipif(os.geteuid() != 0, reason="another Unix user's process needs root")
def test_another_user_still_connects_while_a_member_holds_their_maximum(served: Served) -> None:
    limit(served, per_user=4, total=10)
    held = [raw(served) for _ in range(4)]
    assert ask(raw(served, hello=False), {"id": 0, "op": "hello", "version": 1})["error"]["kind"] == "ServiceBusy"
    os.chmod(served.socket.parent, 0o755)
    nobody = pwd.getpwnam("nobody")
    (reply,) = as_user(nobody, served.socket, [])
    assert reply["ok"] and reply["result"]["login"] == "nobody"
    assert len(held) == 4


def test_the_service_raises_its_open_file_limit_and_keeps_connections_well_under_it() -> None:
    import resource

    from cspe_tui.service.limits import Limits, fitted, raise_file_limit

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (256, hard))
            os.write(write_end, f"{raise_file_limit()} {resource.getrlimit(resource.RLIMIT_NOFILE)[0]}".encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        said, now = map(int, pipe.read().split())
    os.waitpid(pid, 0)
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]
    assert said == now and now >= min(hard, 1024) > 256
    small = fitted(Limits(), 1024)
    assert small.total <= (1024 - 64) // 2 and small.per_user < small.total
