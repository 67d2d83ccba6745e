"""Correct answers over restarts: a reconnecting client reports what was committed, and a retry never runs twice."""

from __future__ import annotations

import socket
import time

from cspe_tui.service import protocol as p
from cspe_tui.service.client import ServiceClient
from cspe_tui.service.connection import BACK, read_frame
from cspe_tui.store import open_store

from .test_faults import Running, running, wait_for  # noqa: F401 - the fixture

__all__ = ["running"]


def test_a_write_right_after_a_reconnect_returns_the_cell_it_wrote(running: Running) -> None:
    """Before the fix the write went out before the group was followed again: no push came with its
    answer, and the cell was read from the buffer as it was before the restart."""
    said: list[str] = []
    client = ServiceClient(running.socket, on_status=said.append)
    gid = running.group_id
    code = client.load_group(gid).model.criteria[0].code
    assert client.set_score(gid, "1003", code, 1).examinator == 1
    resume = client._conn.on_reconnect

    def slow_resume() -> None:
        time.sleep(0.5)  # a busy service: the subscriptions come back a little later
        resume()

    client._conn.on_reconnect = slow_resume
    running.service.kill()
    running.service.start()
    assert wait_for(lambda: said and said[-1] == BACK), said
    assert client.set_score(gid, "1003", code, 3).examinator == 3
    assert client.load_group(gid).cell("1003", code).examinator == 3
    client.disconnect()


def _execute(sock_path, gid: str, code: str, value: int, command_id: str) -> dict:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(30)
    sock.connect(str(sock_path))
    sock.sendall(p.encode({"id": 0, "op": "hello", "version": p.PROTOCOL_VERSION}))
    read_frame(sock)
    cmd = {"type": "score", "examennummer": "1004", "criterium": code, "value": value}
    sock.sendall(p.encode({"id": 1, "op": "execute", "scope": {"kind": "group", "group_id": gid},
                           "commands": [cmd], "command_id": command_id}))
    while "ok" not in (reply := read_frame(sock)):
        continue
    sock.close()
    return reply


def test_a_retried_command_is_answered_not_run_again_also_after_a_restart(running: Running) -> None:
    gid = running.group_id
    client = ServiceClient(running.socket)
    code = client.load_group(gid).model.criteria[0].code
    client.disconnect()
    first = _execute(running.socket, gid, code, 1, "opdracht-0001")
    assert first["ok"]
    assert _execute(running.socket, gid, code, 2, "opdracht-0002")["ok"]
    running.service.kill()
    running.service.start()
    again = _execute(running.socket, gid, code, 1, "opdracht-0001")
    assert again["result"] == first["result"]
    running.service.stop()
    store = open_store(running.data)
    assert store.load_group(gid).cell("1004", code).examinator == 2, "the retry must not have run again"
    scores = [e for e in store.audit(gid) if e.event.type == "score_set" and e.event.examennummer == "1004"]
    assert [e.event.new for e in scores] == [1, 2]


def test_the_service_answers_reads_when_started_by_a_script_without_a_main_guard(tmp_path) -> None:
    """Read workers are spawned; they must not run the starting script again (a second service each)."""
    import sys

    from .conftest import ServiceProcess, make_served_folder, short_dir

    data = tmp_path / "data"
    gid, _ = make_served_folder(data, tmp_path)
    script = tmp_path / "cspe"
    script.write_text(f"#!{sys.executable}\nimport sys\nfrom cspe_tui.cli import main\nsys.exit(main())\n")
    script.chmod(0o755)
    run = short_dir("cspe-g-")
    sock = run / "cspe.sock"
    service = ServiceProcess([str(script), "server", "run", "--data", str(data), "--socket", str(sock),
                              "--exports", str(tmp_path / "exports")], tmp_path / "service.log")
    service.start()
    try:
        client = ServiceClient(sock)
        assert client.load_group(gid).info.group_id == gid
        assert client.verify(gid).ok
        client.disconnect()
    finally:
        service.stop()
    assert "een tweede start niet" not in (tmp_path / "service.log").read_text()
