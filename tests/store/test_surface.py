"""The Store hands each read to the object that holds it: every delegation answers (tests/contract checks they exist)."""

from __future__ import annotations

from .conftest import Folder


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
    assert store.verify(gid).ok and store.verify(None).ok and store.verify_folder().ok
    assert store.group_summary(gid).group_id == gid and store.audit(gid)[0].action == "group_created"
    assert "audit.jsonl" in store.archive_sources(gid)
