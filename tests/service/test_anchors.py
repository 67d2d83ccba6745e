"""A closed group's seal and log anchored outside its folder: forged logs, changed exports and a clock set back are named.

Each forgery is made as root would: straight in the files, with the group's own hash chain
recomputed so that the group's folder is consistent in itself.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest

from cspe_tui.domain import commands as c
from cspe_tui.service.client import ServiceClient
from cspe_tui.store import GroupScope, open_store
from cspe_tui.store.errors import InvalidInput, TamperedGroup
from cspe_tui.store.log import entry_hash

from .conftest import ME, OTHER, Served
from .test_live import _score_everything
from .test_protocol import ask, raw


def scored_and_declared(served: Served, client: ServiceClient) -> None:
    """Both examinators scored every cell and declared; the examinator's declaration through the service (anchored)."""
    _score_everything(served, ME)
    _score_everything(served, OTHER)
    served.service.store.execute(GroupScope(group_id=served.group_id), OTHER, c.Declare())
    client.declare(served.group_id)


def close_through_the_service(served: Served) -> str:
    gid = served.group_id
    client = served.client()
    try:
        scored_and_declared(served, client)
        client.close(gid)
        client.official_exports(gid)  # waits until the service wrote them
    finally:
        client.disconnect()
    return gid


def rewrite_log(path: Path, change) -> None:
    """Change lines with `change(raw)` and recompute the hash chain after them, as a forger would."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    prev = lines[0]["prev_hash"]
    out = []
    for raw in lines:
        change(raw)
        raw["prev_hash"] = prev
        raw["hash"] = entry_hash(raw)
        prev = raw["hash"]
        out.append(json.dumps(raw, ensure_ascii=False, separators=(",", ":")))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")


def test_declaration_and_closing_write_the_log_head_and_seal_into_the_folder_log(served: Served) -> None:
    gid = close_through_the_service(served)
    store = open_store(served.data)
    anchors = store._folder_state().anchors_for(gid)
    entries = store.audit(gid)
    assert [a.by for a in anchors] == [ME, ME]
    assert anchors[-1].seal == store.load_group(gid).sluiting.seal
    assert anchors[-1].seq == entries[-1].seq and anchors[-1].head == entries[-1].hash
    manifest = json.loads((served.exports / gid / f"{gid}-manifest.json").read_text())
    assert manifest["seal"] == anchors[-1].seal
    assert sorted(manifest["files"]) == [f"{gid}-beoordelingsmodel.pdf", f"{gid}-scores.csv"]
    client = served.client()
    try:
        assert client.verify(gid).ok
    finally:
        client.disconnect()


def test_a_client_cannot_send_an_anchor_itself(served: Served) -> None:
    sock = raw(served)
    cmd = {"type": "anchor", "group_id": served.group_id, "seq": 1, "head": "0" * 64}
    reply = ask(sock, {"id": 1, "op": "execute", "scope": {"kind": "folder"}, "commands": [cmd]})
    assert reply["error"]["kind"] == InvalidInput.__name__
    assert "legt de cspe-dienst zelf vast" in reply["error"]["message"]


def test_a_log_line_changed_with_its_chain_recomputed_is_named_with_the_banner_and_no_export(served: Served) -> None:
    gid = close_through_the_service(served)
    log = served.data / "groups" / gid / "audit.jsonl"

    def other_login(raw: dict) -> None:
        if raw["seq"] == 3:
            raw["login"] = "iemand-anders"

    rewrite_log(log, other_login)
    assert open_store(served.data).verify(gid).ok, "the group's folder alone agrees with itself"
    client = served.client()
    try:
        report = client.verify(gid)
        assert not report.ok
        assert any("Regel" in p and "is niet meer wat het logboek van de gegevensmap" in p for p in report.problems)
        assert client.load_group(gid).tampered.startswith("Deze gesloten groep klopt niet met het logboek van de gegevensmap")
        summaries, _ = client.group_summaries()
        assert summaries[0].tampered is not None
        with pytest.raises(TamperedGroup):
            client.export_state(gid)
    finally:
        client.disconnect()


def test_an_official_export_changed_after_closing_is_named(served: Served) -> None:
    gid = close_through_the_service(served)
    csv = served.exports / gid / f"{gid}-scores.csv"
    csv.write_bytes(csv.read_bytes().replace(b"1000", b"1999", 1))
    client = served.client()
    try:
        report = client.verify(gid)
        assert f"De officiële export {csv.name} is veranderd na het sluiten (SHA-256 klopt niet met het manifest)." in report.problems
        assert client.closed_check(gid) is not None
    finally:
        client.disconnect()


def test_time_running_backwards_in_a_log_is_reported_by_verify(served: Served, monkeypatch: pytest.MonkeyPatch) -> None:
    client = served.client()
    gid = served.group_id
    try:
        code = client.load_group(gid).model.criteria[0].code
        client.set_score(gid, "1000", code, 1)
        store = served.service.store
        real = store._now
        monkeypatch.setattr(store, "_now", lambda: real() - timedelta(days=2))
        client.set_score(gid, "1001", code, 2)
        report = client.verify(gid)
        assert any("de tijd loopt terug" in p and "stond de klok van de server verkeerd?" in p for p in report.problems)
    finally:
        client.disconnect()


def test_cspe_verify_prints_the_seal_to_compare_with_the_signed_paper(
    served: Served, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from cspe_tui.cli import main

    gid = close_through_the_service(served)
    seal = open_store(served.data).load_group(gid).sluiting.seal
    monkeypatch.setenv("CSPE_SOCKET", str(served.socket))
    assert main(["--data", str(served.data), "verify", gid]) == 0
    out = capsys.readouterr().out
    assert f"Zegel: {seal} (vergelijk met het zegel op het ondertekende beoordelingsmodel)." in out


def test_a_closing_the_service_could_not_anchor_before_it_was_killed_is_anchored_at_start(served: Served) -> None:
    from cspe_tui.service.anchors import catch_up

    gid = served.group_id
    client = served.client()
    try:
        scored_and_declared(served, client)
        served.service.store.execute(GroupScope(group_id=gid), ME, c.Close())  # as if killed before the anchor
        assert "Het sluiten van de groep staat niet in het logboek van de gegevensmap." in client.verify(gid).problems
        assert catch_up(served.service.store) == [gid]
        assert catch_up(served.service.store) == []
        assert client.verify(gid).ok
    finally:
        client.disconnect()
