"""The service as a real process, killed with SIGKILL: no acknowledged write is lost, clients come back by themselves."""

from __future__ import annotations

import random
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from cspe_tui.service.client import ServiceClient
from cspe_tui.service.connection import BACK, LOST
from cspe_tui.store import open_store
from cspe_tui.store.errors import StoreError

from .conftest import ServiceProcess, make_served_folder, service_args, short_dir


@dataclass
class Running:
    data: Path
    socket: Path
    group_id: str
    service: ServiceProcess


@pytest.fixture
def running(tmp_path: Path) -> Iterator[Running]:
    data = tmp_path / "data"
    group_id, _ = make_served_folder(data, tmp_path, candidates=40)
    run = short_dir("cspe-f-")
    sock = run / "cspe.sock"
    service = ServiceProcess(service_args(data, sock, tmp_path / "exports"), tmp_path / "service.log")
    service.start()
    try:
        yield Running(data, sock, group_id, service)
    finally:
        service.stop()
        shutil.rmtree(run, ignore_errors=True)


def wait_for(check, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


def test_sigkill_during_writes_loses_no_acknowledged_write(running: Running) -> None:
    client = ServiceClient(running.socket)
    state = client.load_group(running.group_id)
    codes = [cr.code for cr in state.model.criteria]
    acknowledged: dict[tuple[str, str], int] = {}
    stop = threading.Event()

    def write() -> None:
        rng = random.Random(7)
        while not stop.is_set():
            nr = f"{1000 + rng.randrange(40)}"
            code = rng.choice(codes)
            value = rng.choice([0, 1]) if code.endswith(".2") else rng.randrange(4)
            value = 2 if code.endswith(".2") and value == 1 else value
            try:
                client.set_score(running.group_id, nr, code, value)
            except StoreError:
                continue  # not acknowledged: the service was gone before it answered
            acknowledged[(nr, code)] = value

    writer = threading.Thread(target=write)
    writer.start()
    assert wait_for(lambda: len(acknowledged) >= 20)
    running.service.kill()
    stop.set()
    writer.join(60)
    client.disconnect()
    # Read back without the service, as the record on disk says.
    after = open_store(running.data).load_group(running.group_id)
    lost = {key: value for key, value in acknowledged.items() if after.cell(*key).examinator != value}
    assert not lost, f"acknowledged but not on disk: {lost}"
    assert open_store(running.data).verify(running.group_id).ok


def test_clients_say_the_connection_broke_and_resume_when_the_service_is_back(running: Running) -> None:
    said: list[str] = []
    watcher = ServiceClient(running.socket, on_status=said.append)
    writer = ServiceClient(running.socket)
    gid = running.group_id
    code = writer.load_group(gid).model.criteria[0].code
    cursor = watcher.change_cursor(gid)
    writer.set_score(gid, "1000", code, 1)
    assert wait_for(lambda: watcher.changes_since(gid, cursor)[1])
    settings = watcher.settings
    assert watcher.may_in_folder("create_group") is None
    watcher.add_status_listener(lambda text: 1 / 0)  # a failing listener must not stop the reconnecting
    running.service.kill()
    assert wait_for(lambda: LOST in said), said
    # What screens ask on every repaint is answered at once from the last answer, not after a wait.
    started = time.monotonic()
    assert watcher.settings == settings and watcher.actor().secretaris
    assert watcher.may_in_folder("create_group") is None
    assert time.monotonic() - started < 1.0
    watcher.wait_for_service = 0.2
    with pytest.raises(StoreError, match="verbinding met de cspe-dienst verbroken"):
        watcher.set_score(gid, "1001", code, 1)
    running.service.start()
    assert wait_for(lambda: said[-1] == BACK), said
    writer.set_score(gid, "1002", code, 3)  # waits for the connection to come back by itself
    assert wait_for(lambda: watcher.load_group(gid).cell("1002", code).examinator == 3)
    _, entries = watcher.changes_since(gid, cursor)
    assert [(e.event.examennummer, e.event.new) for e in entries] == [("1000", 1), ("1002", 3)]
    watcher.disconnect()
    writer.disconnect()


def test_a_second_service_process_on_the_same_folder_refuses_to_start(running: Running, tmp_path: Path) -> None:
    second = ServiceProcess(service_args(running.data, tmp_path / "s2.sock", tmp_path / "exp2"), tmp_path / "second.log")
    with pytest.raises(RuntimeError, match="Er draait al een cspe-dienst op de gegevensmap"):
        second.start()
    assert second.proc is not None and second.proc.returncode == 2
