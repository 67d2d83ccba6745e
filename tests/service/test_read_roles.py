"""Reads by role over the socket: a member sees only the groups they examine, a member without a role nothing.

The test's own login (root) is examensecretaris; `daemon` examines a second group;
`nobody` is a member without any role. Their requests go over the socket from a forked
child with their own uid, so the service knows them from the kernel.
"""

from __future__ import annotations

import os
import pwd

import pytest

from cspe_tui.domain.group import Candidate, Werkwijze

from .conftest import Served, as_user

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="other Unix users' processes need root")


def read(what: str, **args) -> dict:
    return {"id": 1, "op": "read", "what": what, "args": args}


@pytest.fixture
def second(served: Served) -> str:
    client = served.client()
    try:
        state = client.create_group(
            served.key, [Candidate(examennummer="2001", naam="Kandidaat Twee")], "daemon", "bin", Werkwijze.GELIJKTIJDIG,
        )
    finally:
        client.disconnect()
    os.chmod(served.socket.parent, 0o755)
    return state.info.group_id


@needs_root
def test_a_member_without_a_role_reads_nothing_but_their_empty_list(served: Served, second: str) -> None:
    replies = as_user(pwd.getpwnam("nobody"), served.socket, [
        read("group_summaries"),
        read("group_ids"),
        read("group", group_id=served.group_id),
        read("log", group_id=second),
        read("verify"),
        read("models"),
        read("meldingen", key=served.key.model_dump(mode="json")),
        {"id": 1, "op": "subscribe", "group_id": served.group_id},
        {"id": 1, "op": "status"},
    ])
    hello, summaries, ids, group, log, verify, models, meldingen, subscribe, status = replies
    assert summaries["result"] == [[], {}]
    assert ids["result"] == []
    for refused in (group, log, subscribe):
        assert refused["error"]["kind"] == "PermissionDenied"
        assert "bent geen examinator of tweede examinator van groep" in refused["error"]["message"]
    assert verify["error"]["message"].startswith("Dit (het log of de controle van de hele gegevensmap)")
    assert "in geen enkele groep examinator" in models["error"]["message"]
    assert meldingen["error"]["kind"] == "PermissionDenied"
    assert [c["login"] for c in status["result"]["clients"]] == ["nobody"]


@needs_root
def test_an_examinator_reads_their_own_group_and_its_model_only(served: Served, second: str) -> None:
    replies = as_user(pwd.getpwnam("daemon"), served.socket, [
        read("group_summaries"),
        read("group", group_id=second),
        read("group", group_id=served.group_id),
        read("meldingen", key=served.key.model_dump(mode="json")),
        read("models"),
        read("removed_groups"),
        {"id": 1, "op": "subscribe", "group_id": second},
    ])
    hello, summaries, own, other, meldingen, models, removed, subscribe = replies
    assert [s["group_id"] for s in summaries["result"][0]] == [second]
    assert own["ok"] and own["result"]["state"]["info"]["examinator"] == "daemon"
    assert other["error"]["kind"] == "PermissionDenied"
    assert meldingen["ok"] and models["ok"] and len(models["result"]) == 1
    assert removed["error"]["kind"] == "PermissionDenied"
    assert subscribe["ok"]


@needs_root
def test_the_examensecretaris_reads_every_group(served: Served, second: str) -> None:
    client = served.client()
    try:
        summaries, _ = client.group_summaries()
        assert {s.group_id for s in summaries} == {served.group_id, second}
        assert client.load_group(second).info.examinator == "daemon"
    finally:
        client.disconnect()


def test_the_last_examensecretaris_cannot_remove_themselves_over_the_socket(served: Served) -> None:
    from cspe_tui.store import InvalidInput

    client = served.client()
    try:
        settings = client.settings
        with pytest.raises(InvalidInput, match="Er moet altijd een examensecretaris zijn"):
            client.save_settings(settings.model_copy(update={"examensecretarissen": []}))
        assert served.service.store.settings.examensecretarissen == settings.examensecretarissen
    finally:
        client.disconnect()
