"""Full disk and read-only disk: a Dutch message, no partial file, the old data intact and readable.

Tests run as root, where chmod does not stop writes, so the failures are injected
at the system calls the store uses.
"""

from __future__ import annotations

import errno
import os

import pytest

from cspe_tui.store import NotSavedError
from cspe_tui.store import log as audit_module

from cspe_tui.store.log import envelope

from .helpers import EX, TW, as_user


def tmp_files(data):
    return [os.path.join(r, n) for r, _d, files in os.walk(data) for n in files if ".tmp-" in n]


def snapshot(data):
    result = {}
    for root, _dirs, files in os.walk(data):
        for name in files:
            path = os.path.join(root, name)
            with open(path, "rb") as handle:
                result[path] = handle.read()
    return result


def fail_with(code):
    def fail(*_args, **_kwargs):
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("code", "reason"),
    [(errno.ENOSPC, "de schijf is vol"), (errno.EROFS, "alleen gelezen"), (errno.EACCES, "geen schrijfrechten")],
)
def test_failed_log_append_leaves_nothing_behind(folder, monkeypatch, code, reason):
    """The log line is the record: when its write or fsync fails, nothing is saved and nothing changes."""
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 1)
    folder.ex.add_remark(gid, "1000", None, "eerste")
    before = snapshot(folder.data)
    monkeypatch.setattr(os, "fsync", fail_with(code))
    with pytest.raises(NotSavedError, match=f"^De score is niet opgeslagen: .*{reason}"):
        folder.ex.set_score(gid, "1000", "B1.1", 3)
    with pytest.raises(NotSavedError, match=f"^De opmerking is niet opgeslagen: .*{reason}"):
        folder.tw.add_remark(gid, "1000", None, "tweede")
    with pytest.raises(NotSavedError, match="^De melding is niet opgeslagen"):
        folder.tw.add_melding(folder.key, "B1", None, "fout", "tijdens de afname")
    assert snapshot(folder.data) == before
    assert tmp_files(folder.data) == []
    state = folder.tw.load_group(gid)
    assert state.cell("1000", "B1.1").examinator == 1
    assert [r.text for r in state.remarks] == ["eerste"]
    monkeypatch.undo()
    assert folder.ex.set_score(gid, "1000", "B1.1", 3).examinator == 3
    report = folder.sec.verify(gid)
    assert report.ok, report.problems


def test_disk_full_during_the_audit_append_cuts_the_half_line_off(folder, monkeypatch):
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 1)
    audit_path = folder.data / "groups" / gid / "audit.jsonl"
    size = audit_path.stat().st_size
    real_write_all = audit_module.write_all

    def half_then_full(fd, data):
        real_write_all(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(audit_module, "write_all", half_then_full)
    with pytest.raises(NotSavedError, match="de schijf is vol"):
        folder.ex.set_score(gid, "1000", "B1.1", 2)
    assert audit_path.stat().st_size == size
    monkeypatch.undo()
    assert folder.tw.load_group(gid).cell("1000", "B1.1").examinator == 1
    folder.ex.set_score(gid, "1000", "B1.2", 2)
    assert folder.sec.verify(gid).ok


def test_read_only_disk_refuses_writes_but_reads_work(folder, monkeypatch):
    """EROFS on every open for writing, the lock file included."""
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 2)
    fresh = as_user(folder.data, TW)
    before = snapshot(folder.data)
    real_open = os.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC

    def read_only_open(path, flags, *args, **kwargs):
        if flags & writing:
            raise OSError(errno.EROFS, "Read-only file system")
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    with pytest.raises(NotSavedError, match="^De score is niet opgeslagen: de gegevensmap .* alleen gelezen"):
        fresh.set_score(gid, "1000", "B1.1", 3)
    with pytest.raises(NotSavedError, match="alleen gelezen"):
        fresh.declare(gid)
    state = fresh.load_group(gid)
    assert state.cell("1000", "B1.1") .examinator == 2
    assert len(fresh.audit(gid)) == 2
    assert fresh.changes_since(gid, 0)[1][-1].event.new == 2
    assert fresh.verify(gid).ok
    monkeypatch.undo()
    assert snapshot(folder.data) == before
    assert tmp_files(folder.data) == []


def test_interrupted_change_is_rolled_forward_on_next_open(folder):
    """Crash after the log append, before the checkpoint files: the next reader folds the line in."""
    gid = folder.group_id
    ex = folder.ex
    g = ex._group(gid)
    with ex._group_lock(g, "De score", write=True):
        event = {"type": "score_set", "examennummer": "1002", "criterium": "B3.1", "role": "examinator",
                 "old": None, "new": 3}
        g.log.append([envelope(g.pos.seq + 1, "2026-05-20T10:00:00+02:00", EX, event, False, g.pos.hash)])
    other = as_user(folder.data, TW)
    assert other.load_group(gid).cell("1002", "B3.1").examinator == 3
    assert other.verify(gid).ok


def test_transaction_cut_off_before_its_last_line_is_dropped_whole(folder):
    """A crash mid-append of several events: none of them was acknowledged, so none of them counts."""
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 2)
    g = folder.ex._group(gid)
    audit_path = g.log.path
    whole = audit_path.read_bytes()
    event = {"type": "score_set", "examennummer": "1001", "criterium": "B1.1", "role": "examinator", "old": None, "new": 3}
    g.log.append([envelope(g.pos.seq + 1, "2026-05-20T10:00:00+02:00", EX, event, True, g.pos.hash)])
    other = as_user(folder.data, TW)
    assert other.load_group(gid).cell("1001", "B1.1").examinator is None
    assert audit_path.read_bytes() == whole
    assert other.verify(gid).ok


def test_half_written_last_log_line_is_cut_off_on_next_open(folder):
    """A crash in the middle of the append: that change was never acknowledged and is dropped."""
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 2)
    audit_path = folder.data / "groups" / gid / "audit.jsonl"
    whole = audit_path.read_bytes()
    with open(audit_path, "ab") as handle:
        handle.write(b'{"action":"score","at":"2026-05-20T1')
    other = as_user(folder.data, TW)
    assert other.load_group(gid).cell("1000", "B1.1").examinator == 2
    assert audit_path.read_bytes() == whole
    other.set_score(gid, "1000", "B1.1", 1)
    report = other.verify(gid)
    assert report.ok and report.entries == 3


def test_broken_log_blocks_writes_until_repaired(folder):
    gid = folder.group_id
    folder.ex.set_score(gid, "1000", "B1.1", 2)
    audit_path = folder.data / "groups" / gid / "audit.jsonl"
    with open(audit_path, "ab") as handle:
        handle.write(b"dit is geen json\n")
    from cspe_tui.store import CorruptFile

    other = as_user(folder.data, TW)
    with pytest.raises(CorruptFile, match="logboek of een gegevensbestand .* is beschadigd"):
        other.set_score(gid, "1000", "B1.1", 1)
    assert other.load_group(gid).cell("1000", "B1.1").examinator == 2
    assert other.verify(gid).problems == ["Logboek regel 3: geen geldige logregel."]
