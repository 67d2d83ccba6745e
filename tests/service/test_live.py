"""Writes through the service: as the kernel's login, all or nothing, pushed to the other screen, exports at closing."""

from __future__ import annotations

import os
import socket
import stat
import time
from pathlib import Path

import pytest

from cspe_tui.domain import commands as c
from cspe_tui.service import protocol as p
from cspe_tui.service.client import ServiceClient
from cspe_tui.store import GroupScope, PermissionDenied, UnknownCriterium
from cspe_tui.store.errors import StoreError

from .conftest import ME, OTHER, Served
from .test_protocol import ask, raw


def count_requests(client: ServiceClient) -> list[tuple[str, str | None]]:
    """Every request the client sends from now on, as (op, what)."""
    sent: list[tuple[str, str | None]] = []
    call = client._conn.call

    def counting(op: str, **fields):
        sent.append((op, fields.get("what")))
        return call(op, **fields)

    client._conn.call = counting  # type: ignore[method-assign]
    return sent


def first_code(client: ServiceClient, group_id: str) -> str:
    return client.load_group(group_id).model.criteria[0].code


def test_a_score_reaches_the_other_screen_by_push_without_reloading_the_group(served: Served) -> None:
    writer, watcher = served.client(), served.client()
    gid = served.group_id
    code = first_code(writer, gid)
    cursor = watcher.change_cursor(gid)
    before = watcher.load_group(gid)
    asked = count_requests(watcher)
    writer.set_score(gid, "1001", code, 2)
    deadline = time.monotonic() + 10
    while not (entries := watcher.changes_since(gid, cursor)[1]):
        assert time.monotonic() < deadline, "the push did not arrive"
        time.sleep(0.001)
    assert [(e.login, e.event.type) for e in entries] == [(ME, "score_set")]
    after = watcher.load_group(gid)
    assert after.cell("1001", code).examinator == 2
    assert before.cell("1001", code).examinator is None
    assert ("read", "group") not in asked and ("read", "group_at") not in asked
    assert ("read", "changes") not in asked
    writer.disconnect()
    watcher.disconnect()


def test_a_request_that_claims_another_login_is_executed_as_its_own(served: Served) -> None:
    client = served.client()
    code = first_code(client, served.group_id)
    sock = raw(served, login=OTHER)
    command = c.SetScore(examennummer="1002", criterium=code, value=1).model_dump(mode="json")
    reply = ask(sock, {
        "id": 1, "op": "execute", "login": OTHER, "actor": OTHER, "actor_login": OTHER,
        "scope": {"kind": "group", "group_id": served.group_id}, "commands": [command],
    })
    assert reply["ok"], reply
    last = client.audit(served.group_id)[-1]
    assert (last.login, last.event.role.value) == (ME, "examinator")
    assert client.load_group(served.group_id).cell("1002", code).tweede is None
    with pytest.raises(PermissionDenied, match="je werkt altijd als jezelf"):
        client.execute(GroupScope(group_id=served.group_id), OTHER, c.SetScore(examennummer="1002", criterium=code, value=0))
    client.disconnect()


def test_a_refused_command_in_a_batch_writes_none_of_the_batch(served: Served) -> None:
    client = served.client()
    gid = served.group_id
    code = first_code(client, gid)
    before = len(client.audit(gid))
    with pytest.raises(UnknownCriterium):
        client.execute(
            GroupScope(group_id=gid), None,
            c.SetScore(examennummer="1003", criterium=code, value=1),
            c.SetScore(examennummer="1003", criterium="Z9.9", value=1),
        )
    assert len(client.audit(gid)) == before
    assert client.load_group(gid).cell("1003", code).examinator is None
    client.disconnect()


def test_an_invalid_command_is_refused_in_dutch_before_anything_runs(served: Served) -> None:
    sock = raw(served)
    reply = ask(sock, {"id": 1, "op": "execute", "scope": {"kind": "group", "group_id": served.group_id},
                       "commands": [{"type": "score", "examennummer": "1000", "criterium": "B1.1", "value": "veel"}]})
    assert reply["error"]["kind"] == "InvalidInput"
    assert reply["error"]["message"].startswith("Opdracht 1 (score) is ongeldig: ")
    reply = ask(sock, {"id": 2, "op": "execute", "scope": {"kind": "group", "group_id": served.group_id},
                       "commands": [{"type": "wis_alles"}]})
    assert reply["error"]["message"].startswith("Opdracht 1 (wis_alles) is ongeldig")


def test_a_client_that_disconnects_mid_command_leaves_all_of_it_or_nothing(served: Served) -> None:
    client = served.client()
    gid = served.group_id
    codes = [cr.code for cr in client.load_group(gid).model.criteria]
    before = len(client.audit(gid))
    batch = [c.SetScore(examennummer="1004", criterium=code, value=0).model_dump(mode="json") for code in codes]
    frame = p.encode({"id": 1, "op": "execute", "scope": {"kind": "group", "group_id": gid}, "commands": batch})
    cut = raw(served)
    cut.sendall(frame[: len(frame) // 2])
    cut.close()
    gone = raw(served)
    gone.sendall(frame)
    gone.shutdown(socket.SHUT_RDWR)
    gone.close()
    deadline = time.monotonic() + 10
    while len(client.audit(gid)) == before and time.monotonic() < deadline:
        time.sleep(0.01)
    entries = client.audit(gid)[before:]
    assert [e.event.criterium for e in entries] in ([], codes), "only the whole second frame, never the cut one"
    state = client.load_group(gid)
    assert {state.cell("1004", code).examinator for code in codes} in ({None}, {0})
    assert client.verify(gid).ok
    client.disconnect()


def _score_everything(served: Served, login: str) -> None:
    """Through the service's own store (the test cannot log in as a second Unix user here)."""
    store = served.service.store
    state = store.load_group(served.group_id)
    for cand in state.candidates:
        store.execute(GroupScope(group_id=served.group_id), login, *[
            c.SetScore(examennummer=cand.examennummer, criterium=cr.code, value=0) for cr in state.model.criteria
        ])


def test_at_closing_the_service_writes_the_records_the_group_may_read_but_not_change(served: Served) -> None:
    client = served.client()
    gid = served.group_id
    assert client.official_exports(gid) == {}
    _score_everything(served, ME)
    _score_everything(served, OTHER)
    client.declare(gid)
    served.service.store.execute(GroupScope(group_id=gid), OTHER, c.Declare())
    sluiting = client.close(gid)
    files = client.official_exports(gid)
    assert sorted(files) == [f"{gid}-beoordelingsmodel.pdf", f"{gid}-manifest.json", f"{gid}-scores.csv"]
    folder = served.exports / gid
    for name, data in files.items():
        assert (folder / name).read_bytes() == data
        assert stat.S_IMODE(os.stat(folder / name).st_mode) == 0o640
    assert stat.S_IMODE(os.stat(folder).st_mode) == 0o2750
    assert files[f"{gid}-beoordelingsmodel.pdf"].startswith(b"%PDF")
    assert sluiting.seal
    assert "1000" in files[f"{gid}-scores.csv"].decode("utf-8-sig")
    with pytest.raises(StoreError):
        client.set_score(gid, "1000", first_code(client, gid), 1)
    client.disconnect()


def test_a_copy_is_saved_where_the_user_asks_from_the_bytes_the_service_sends(served: Served, tmp_path) -> None:
    client = served.client()
    folder = client.exports_folder(served.group_id)
    assert folder.is_dir() and os.access(folder, os.W_OK)
    assert folder.is_relative_to(os.path.expanduser("~"))
    client.disconnect()


def test_the_push_is_read_by_a_reader_thread_and_answers_still_match_their_requests(served: Served) -> None:
    writer, watcher = served.client(), served.client()
    gid = served.group_id
    code = first_code(writer, gid)
    watcher.change_cursor(gid)
    seen: list[str] = []
    watcher.add_listener(seen.append)
    for value in (1, 2, 3, 0):
        writer.set_score(gid, "1000", code, value)
        assert watcher.load_group(gid).cell("1000", code).examinator in (None, 0, 1, 2, 3)
    deadline = time.monotonic() + 10
    while watcher.load_group(gid).cell("1000", code).examinator != 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    assert watcher.load_group(gid).cell("1000", code).examinator == 0
    assert seen and set(seen) == {gid}
    writer.disconnect()
    watcher.disconnect()


def test_the_client_offers_everything_the_record_store_protocol_lists(served: Served) -> None:
    from cspe_tui.store.api import RecordStore

    listed = [name for name in dir(RecordStore) if not name.startswith("_")]
    client = served.client()
    missing = [name for name in listed if not hasattr(client, name)]
    assert missing == []
    assert client.actor().login == ME and client.actor().secretaris
    assert client.may_in_folder("create_group") is None
    assert client.export_state(served.group_id).info.group_id == served.group_id
    client.disconnect()


def test_cspe_export_saves_the_services_official_records_where_the_user_asks(
    served: Served, tmp_path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cspe_tui.cli import main

    client = served.client()
    gid = served.group_id
    _score_everything(served, ME)
    _score_everything(served, OTHER)
    client.declare(gid)
    served.service.store.execute(GroupScope(group_id=gid), OTHER, c.Declare())
    client.close(gid)
    official = {n: d for n, d in client.official_exports(gid).items() if not n.endswith("-manifest.json")}
    client.disconnect()
    monkeypatch.setenv("CSPE_SOCKET", str(served.socket))
    out = tmp_path / "mijn-kopie"
    assert main(["--data", str(served.data), "export", gid, "--uit", str(out)]) == 0
    printed = capsys.readouterr().out.split()
    assert sorted(Path(p).name for p in printed) == sorted(official)
    for name, data in official.items():
        assert (out / name).read_bytes() == data
