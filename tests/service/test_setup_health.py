"""The service as set up without systemd: exports stay readable for the group, `cspe sluit` says where they are."""

from __future__ import annotations

import grp
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from cspe_tui.cli import main
from cspe_tui.domain import commands as c
from cspe_tui.service.exports import prepare_exports_dir
from cspe_tui.service.health import service_problems
from cspe_tui.store import GroupScope
from tests.helpers import fresh_unix_group

from .conftest import OTHER, Served, short_dir
from .test_live import _score_everything

needs_root = pytest.mark.skipif(os.geteuid() != 0, reason="needs root: another user and a real group")


def test_cspe_sluit_through_the_service_exits_0_and_says_where_the_official_exports_are(
    served: Served, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    gid = served.group_id
    _score_everything(served, served.service.store.user)
    _score_everything(served, OTHER)
    served.service.store.execute(GroupScope(group_id=gid), served.service.store.user, c.Declare())
    served.service.store.execute(GroupScope(group_id=gid), OTHER, c.Declare())
    monkeypatch.setenv("CSPE_SOCKET", str(served.socket))
    code = main(["--data", str(served.data), "sluit", gid, "--ja"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Gesloten. Zegel:" in out
    assert f"De officiële exports staan in {served.exports / gid}:" in out
    assert str(served.exports / gid / f"{gid}-scores.csv") in out
    assert "mislukte" not in err


def test_a_read_of_the_group_while_its_official_exports_are_written_waits_for_the_manifest(
    served: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Right after closing, the PDF may be there and the manifest not yet: a read then must not call the group
    changed (LET OP, exports refused); it waits for the service to finish writing them."""
    import time

    from cspe_tui.service import anchors

    real = anchors.write_manifest
    monkeypatch.setattr(anchors, "write_manifest", lambda *args: (time.sleep(1.5), real(*args))[1])
    gid = served.group_id
    _score_everything(served, served.service.store.user)
    _score_everything(served, OTHER)
    served.service.store.execute(GroupScope(group_id=gid), served.service.store.user, c.Declare())
    served.service.store.execute(GroupScope(group_id=gid), OTHER, c.Declare())
    client = served.client()
    try:
        client.close(gid)
        folder = served.exports / gid
        deadline = time.monotonic() + 30
        while not (folder.is_dir() and any(n.endswith(".pdf") for n in os.listdir(folder))):
            assert time.monotonic() < deadline, "geen PDF geschreven"
            time.sleep(0.01)
        assert not (folder / anchors.manifest_name(gid)).exists()
        assert client.load_group(gid).tampered is None
        assert (folder / anchors.manifest_name(gid)).exists()
    finally:
        client.disconnect()


@pytest.fixture
def examinators() -> Iterator[grp.struct_group]:
    with fresh_unix_group() as group:
        yield group


def in_child_as(uid: int, gid: int, groups: list[int], job) -> str:
    """Run `job()` in a forked child with these ids; its returned text comes back (or the error's)."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setgroups(groups)
            os.setgid(gid)
            os.setuid(uid)
            text = job()
        except BaseException as exc:  # noqa: BLE001
            text = f"{type(exc).__name__}: {exc}"
        os.write(write_end, text.encode())
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        data = pipe.read().decode()
    os.waitpid(pid, 0)
    return data


@needs_root
def test_a_service_outside_the_group_keeps_the_setgid_bit_and_status_names_the_problem(
    examinators: grp.struct_group,
) -> None:
    tmp_path = short_dir("cspe-health-")
    exports = tmp_path / "exports"
    exports.mkdir()
    service_uid = 65534
    os.chown(exports, service_uid, examinators.gr_gid)
    os.chmod(exports, 0o2750)
    os.chmod(tmp_path, 0o755)
    run = tmp_path / "run"
    run.mkdir(mode=0o750)
    os.chown(run, service_uid, examinators.gr_gid)

    def start_without_the_group() -> str:
        prepare_exports_dir(exports, examinators.gr_gid)
        return "\n".join(service_problems(run, exports, examinators.gr_gid))

    said = in_child_as(service_uid, 65534, [], start_without_the_group)
    assert stat.S_IMODE(os.stat(exports).st_mode) == 0o2750, "the kernel must not have dropped the setgid bit"
    assert f"De cspe-dienst draait zonder de groep '{examinators.gr_name}'" in said
    with_the_group = in_child_as(service_uid, 65534, [examinators.gr_gid], start_without_the_group)
    assert with_the_group == ""
    os.chmod(exports, 0o750)
    assert "heeft rechten 750 in plaats van 2750" in "\n".join(service_problems(run, exports, examinators.gr_gid))
    shutil.rmtree(tmp_path)
