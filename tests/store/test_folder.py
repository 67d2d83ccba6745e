"""The data folder: modes whatever the umask, unsafe folders refused, leftovers cleaned up."""

from __future__ import annotations

import os
import stat
import time

import pytest

from cspe_tui.store import DataFolderError, open_store
from cspe_tui.store.fs import check_folder

from .helpers import EX, as_user, make_folder


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o000])
def test_everything_created_is_group_shared_and_closed_to_others(tmp_path, umask):
    old = os.umask(umask)
    try:
        data = tmp_path / "data"
        gid, key = make_folder(data, tmp_path)
        ex = as_user(data, EX)
        ex.set_score(gid, "1000", "B1.1", 1)
        ex.add_melding(key, "B1", None, "fout in de opgave", "tijdens de afname")
    finally:
        os.umask(old)
    seen = {"dir": 0, "file": 0}
    for root, dirs, files in os.walk(data):
        for name in dirs:
            assert stat.S_IMODE(os.stat(os.path.join(root, name)).st_mode) == 0o2770, name
            seen["dir"] += 1
        for name in files:
            assert stat.S_IMODE(os.stat(os.path.join(root, name)).st_mode) == 0o660, name
            seen["file"] += 1
    assert stat.S_IMODE(os.stat(data).st_mode) == 0o2770
    assert seen["dir"] >= 3 and seen["file"] >= 8


def test_world_writable_folder_is_refused_with_the_reason(tmp_path):
    data = tmp_path / "data"
    open_store(data, create=True)
    os.chmod(data, 0o777)
    with pytest.raises(DataFolderError, match="schrijfbaar voor iedereen.*chmod 2770"):
        open_store(data)


def test_missing_or_uninitialised_folder(tmp_path):
    with pytest.raises(DataFolderError, match="bestaat niet"):
        open_store(tmp_path / "nergens")
    (tmp_path / "leeg").mkdir(mode=0o770)
    with pytest.raises(DataFolderError, match="nog niet ingericht"):
        open_store(tmp_path / "leeg")
    (tmp_path / "bestand").write_text("x")
    with pytest.raises(DataFolderError, match="geen map"):
        open_store(tmp_path / "bestand")


def test_user_outside_the_folders_unix_group_is_refused(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    os.chmod(data, 0o2770)
    monkeypatch.setattr(os, "geteuid", lambda: 4321)
    monkeypatch.setattr(os, "getegid", lambda: 4321)
    monkeypatch.setattr(os, "getgroups", lambda: [4321])
    with pytest.raises(DataFolderError, match="hoort niet bij de groep"):
        check_folder(data, "pietje")


def test_leftovers_of_killed_writes_are_removed_on_start(tmp_path):
    data = tmp_path / "data"
    gid, _ = make_folder(data, tmp_path)
    group_dir = data / "groups" / gid
    leftovers = [group_dir / ".cand-1000.json.tmp-999-abcd", data / ".settings.json.tmp-999-abcd"]
    for path in leftovers:
        path.write_text('{"half')
    stale = data / "groups" / ".new-dead"
    stale.mkdir()
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    fresh = data / "groups" / ".new-busy"
    fresh.mkdir()
    ex = as_user(data, EX)
    assert not leftovers[1].exists() and not stale.exists() and fresh.exists()
    ex.load_group(gid)
    assert not leftovers[0].exists()
    assert ex.group_ids() == [gid]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes through any mode bits")
def test_real_read_only_folder_still_reads(tmp_path):
    data = tmp_path / "data"
    gid, _ = make_folder(data, tmp_path)
    ex = as_user(data, EX)
    ex.set_score(gid, "1000", "B1.1", 2)
    for root, dirs, _files in os.walk(data):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o2550)
    os.chmod(data, 0o2550)
    try:
        ro = as_user(data, EX)
        assert ro.read_only
        assert ro.load_group(gid).cell("1000", "B1.1").examinator == 2
        from cspe_tui.store import NotSavedError

        with pytest.raises(NotSavedError, match="De score is niet opgeslagen"):
            ro.set_score(gid, "1000", "B1.1", 3)
    finally:
        for root, dirs, _files in os.walk(data):
            for name in dirs:
                os.chmod(os.path.join(root, name), 0o2770)
        os.chmod(data, 0o2770)
