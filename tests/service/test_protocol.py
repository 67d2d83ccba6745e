"""The socket as any process on the server could use it: framing, bad messages, stuck clients, identity."""

from __future__ import annotations

import asyncio
import socket
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspe_tui.service import protocol as p
from cspe_tui.service.connection import read_frame
from cspe_tui.service.server import AlreadyServed, Service
from cspe_tui.store import UnknownGroup

from .conftest import ME, Served

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=10,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.text(max_size=10), json_values, max_size=6))
def test_a_frame_decodes_to_what_was_encoded(message: dict) -> None:
    frame = p.encode(message)
    assert p.frame_length(frame[:4], p.MAX_RESPONSE_BYTES) == len(frame) - 4
    assert p.decode(frame[4:]) == message


def test_a_frame_over_the_limit_is_refused_before_it_is_read() -> None:
    with pytest.raises(p.FrameTooLarge, match="groter dan de grens"):
        p.frame_length(p.HEADER.pack(p.MAX_REQUEST_BYTES + 1), p.MAX_REQUEST_BYTES)


def raw(served: Served, hello: bool = True, **extra) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(30)
    sock.connect(str(served.socket))
    if hello:
        send(sock, {"id": 0, "op": "hello", "version": p.PROTOCOL_VERSION, **extra})
        reply = read_frame(sock)
        assert reply["ok"], reply
    return sock


def send(sock: socket.socket, obj: dict) -> None:
    sock.sendall(p.encode(obj))


def ask(sock: socket.socket, obj: dict) -> dict:
    send(sock, obj)
    return read_frame(sock)


def still_serving(served: Served) -> None:
    client = served.client()
    try:
        assert client.load_group(served.group_id).info.group_id == served.group_id
    finally:
        client.disconnect()


def test_a_client_must_say_hello_first(served: Served) -> None:
    sock = raw(served, hello=False)
    reply = ask(sock, {"id": 1, "op": "read", "what": "settings"})
    assert reply == {"id": 1, "ok": False, "error": {"kind": "ProtocolError", "message": "Begin met hello."}}


def test_another_protocol_version_is_told_which_one_the_service_speaks(served: Served) -> None:
    sock = raw(served, hello=False)
    reply = ask(sock, {"id": 0, "op": "hello", "version": 99})
    assert not reply["ok"]
    assert "protocolversie 1, de app versie 99" in reply["error"]["message"]


def test_the_login_comes_from_the_kernel_not_from_the_hello(served: Served) -> None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.connect(str(served.socket))
    reply = ask(sock, {"id": 0, "op": "hello", "version": p.PROTOCOL_VERSION, "login": "iemand-anders", "uid": 0})
    assert reply["ok"] and reply["result"]["login"] == ME


def test_malformed_and_unknown_messages_get_a_dutch_error_and_the_connection_goes_on(served: Served) -> None:
    sock = raw(served)
    body = b"{niet json"
    sock.sendall(p.HEADER.pack(len(body)) + body)
    assert read_frame(sock)["error"]["message"] == "Bericht is geen geldige JSON (UTF-8)."
    body = b"[1, 2]"
    sock.sendall(p.HEADER.pack(len(body)) + body)
    assert read_frame(sock)["error"]["message"] == "Bericht moet een JSON-object zijn."
    assert ask(sock, {"id": 2, "op": "verwijder-alles"})["error"] == {
        "kind": "ProtocolError", "message": "Onbekend verzoek 'verwijder-alles'."}
    assert ask(sock, {"id": 3, "op": "read", "what": "wachtwoorden"})["error"]["message"] == "Onbekende opvraging 'wachtwoorden'."
    reply = ask(sock, {"id": 4, "op": "read", "what": "group", "args": {"group_id": 5}})
    assert reply["error"]["message"].startswith("Ongeldige opvraging group (group_id:")
    reply = ask(sock, {"id": 5, "op": "read", "what": "group", "args": {"group_id": served.group_id}})
    assert reply["ok"] and reply["result"]["state"]["info"]["group_id"] == served.group_id


def test_an_oversized_frame_is_answered_and_the_connection_closed_while_others_go_on(served: Served) -> None:
    sock = raw(served)
    sock.sendall(p.HEADER.pack(p.MAX_REQUEST_BYTES + 1))
    reply = read_frame(sock)
    assert reply["error"]["kind"] == "FrameTooLarge"
    assert "groter dan de grens" in reply["error"]["message"]
    assert sock.recv(1) == b""
    still_serving(served)


def test_a_stuck_client_blocks_nobody_and_is_dropped(served: Served) -> None:
    served.service.ledger.limits = replace(served.service.ledger.limits, frame_timeout=0.5)
    stuck = raw(served)
    stuck.sendall(p.HEADER.pack(100) + b'{"id": 1, "op"')
    still_serving(served)
    stuck.settimeout(30)
    reply = read_frame(stuck)
    assert reply["error"]["kind"] == "FrameTimeout"
    assert reply["error"]["message"].startswith("Je bericht kwam niet binnen 0,5 seconden helemaal aan")
    assert stuck.recv(1) == b"", "the service hangs up on a frame that never completes"
    still_serving(served)


def test_errors_come_back_as_the_store_error_class_with_its_dutch_text(served: Served) -> None:
    client = served.client()
    with pytest.raises(UnknownGroup) as caught:
        client.load_group("bestaat-niet")
    assert "bestaat-niet" in str(caught.value)
    client.disconnect()


def test_a_second_service_on_the_same_folder_refuses_to_start(served: Served, tmp_path: Path) -> None:
    other = Service(served.data, tmp_path / "ander.sock", tmp_path / "exp")
    with pytest.raises(AlreadyServed, match="Er draait al een cspe-dienst op de gegevensmap"):
        asyncio.run(other.start())
    assert not (tmp_path / "ander.sock").exists()
    still_serving(served)


def test_status_says_which_folder_and_who_is_connected(served: Served) -> None:
    watcher = served.client()
    watcher.change_cursor(served.group_id)
    asker = served.client()
    info = asker.status()
    assert info["data"] == str(served.data)
    followers = [c for c in info["clients"] if c["groups"] == [served.group_id]]
    assert [c["login"] for c in followers] == [ME]
    assert len(info["clients"]) == 2
    watcher.disconnect()
    asker.disconnect()
