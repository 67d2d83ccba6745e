"""The Store hands each read to the object that holds it: none of the protocol's members may be left out."""

from __future__ import annotations

import pytest

from cspe_tui.service.client import ServiceClient
from cspe_tui.store import RecordStore, Store
from cspe_tui.store.api import RecordCommands

from .conftest import Folder


def protocol_members() -> list[str]:
    """What the screens and the CLI may call: RecordStore's reads, RecordCommands' writes and what they need."""
    names = set(vars(RecordStore)) | set(vars(RecordCommands))
    return sorted(n for n in names if not n.startswith("_") or n in ("_state", "_create_group"))


@pytest.mark.parametrize("backend", [Store, ServiceClient])
def test_every_member_of_the_record_store_protocol_is_there(backend: type) -> None:
    missing = [name for name in protocol_members() if not hasattr(backend, name)]
    assert missing == []


def test_every_read_of_the_protocol_answers_on_a_store(folder: Folder) -> None:
    """Called, not only present: a delegation to an attribute the Store no longer has fails here."""
    store, gid = folder.ex, folder.group_id
    assert store.settings is not None and store.is_secretaris is False and store.read_only is False
    assert store.actor().login == store.user and store.may_in_folder("import_model") is not None
    assert folder.key in store.models() and store.model(folder.key).key == folder.key
    assert store.group_ids() == [gid] and store.removed_groups() == []
    position, state = store.load_group_at(gid)
    assert state.info.group_id == gid and position == store.change_cursor(gid)
    assert store.export_state(gid).info.group_id == gid and store.load_groups()[0][0].info.group_id == gid
    assert [s.group_id for s in store.group_summaries()[0]] == [gid] and store.closed_check(gid) is None
    assert store.meldingen(folder.key) == [] and store.aanvullingen(folder.key) == []
    assert store.normering_entries() == [] and store.uitslagen() == [] and store.archives() == []
    assert store.exports_folder(gid).is_dir() and store.lists_folder("wolf").parent.is_dir()
    assert store.changes_since(gid, position) == (position, [])
    assert [e.action for e in store.audit_iter(gid)][:1] == ["group_created"]
    assert store.verify(gid).ok and store.verify(None).ok
    assert "audit.jsonl" in store.archive_sources(gid)
