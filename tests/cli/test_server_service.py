"""`cspe server init` with the service (the default): a system user owns the data, the group reaches it by socket."""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from cspe_tui.cli import main
from cspe_tui.store import current_login, open_store
from tests.service.conftest import ServiceProcess, service_args
from tests.helpers import fresh_unix_group, passable_dir
from tests.store.helpers import write_model

from .test_server_init import Run, as_nobody, needs_root

pytestmark = needs_root


@pytest.fixture
def names() -> Iterator[tuple[str, grp.struct_group]]:
    """A service user name (removed afterwards if init made it) and a fresh examinators' group."""
    tag = secrets.token_hex(3)
    user = f"cspe-svc-{tag}"
    with fresh_unix_group(f"cspet{tag}") as group:
        try:
            yield user, group
        finally:
            subprocess.run(["userdel", user], capture_output=True)


@pytest.fixture
def base() -> Iterator[Path]:
    with passable_dir("cspe-svc-") as path:
        yield path


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def service_init(base: Path, user: str, group: grp.struct_group, *extra: str) -> list[str]:
    return [
        "server", "init", "--data", str(base / "cspe"), "--groep", group.gr_name, "--secretaris", current_login(),
        "--socket", str(base / "run" / "cspe.sock"), "--exports", str(base / "exports"), "--dienstgebruiker", user,
        "--unit-map", str(base / "units"), *extra,
    ]


def owner_and_mode(path: Path) -> tuple[str, str, int]:
    st = os.lstat(path)
    return pwd.getpwuid(st.st_uid).pw_name, grp.getgrgid(st.st_gid).gr_name, stat.S_IMODE(st.st_mode)


def test_init_gives_the_folder_to_a_system_user_and_prepares_socket_exports_and_unit(run: Run, base: Path, names) -> None:
    user, group = names
    code, out, err = run(*service_init(base, user, group, "--school", "De Brug"))
    assert code == 0, err
    account = pwd.getpwnam(user)
    assert account.pw_shell.endswith(("nologin", "false"))
    data = base / "cspe"
    assert owner_and_mode(data) == (user, user, 0o700)
    for root, dirs, files in os.walk(data):
        for name in dirs:
            assert owner_and_mode(Path(root) / name) == (user, user, 0o700)
        for name in files:
            assert owner_and_mode(Path(root) / name) == (user, user, 0o600)
    assert owner_and_mode(base / "run") == (user, group.gr_name, 0o750)
    assert owner_and_mode(base / "exports") == (user, group.gr_name, 0o2750)
    unit = (base / "units" / "cspe.service").read_text()
    assert f"User={user}" in unit and f"SupplementaryGroups={group.gr_name}" in unit
    assert f"--data {data} --socket {base / 'run' / 'cspe.sock'}" in unit
    assert f"runuser -u {user} -g {user} -G {group.gr_name} -- " in out
    assert f"alleen van de cspe-dienst ({user})" in out


def test_a_folder_made_by_the_shared_init_is_migrated_with_its_exports(run: Run, base: Path, names, tmp_path: Path) -> None:
    user, group = names
    data = base / "cspe"
    assert run("server", "init", "--data", str(data), "--groep", group.gr_name, "--secretaris", current_login(),
               "--zonder-dienst")[0] == 0
    open_store(data).import_model(write_model(tmp_path))
    old_exports = data / "exports" / "klas-4b"
    old_exports.mkdir(parents=True)
    (old_exports / "klas-4b-scores.csv").write_text("examennummer;score\n")
    assert owner_and_mode(data)[2] == 0o2770
    code, out, err = run(*service_init(base, user, group))
    assert code == 0, err
    assert "overgedragen aan" in out and "verplaatst" in out
    assert owner_and_mode(data) == (user, user, 0o700)
    leftovers = [p for p in data.rglob("*") if owner_and_mode(p)[0] != user or owner_and_mode(p)[2] & 0o077]
    assert leftovers == []
    moved = base / "exports" / "klas-4b" / "klas-4b-scores.csv"
    assert owner_and_mode(moved) == (user, group.gr_name, 0o640)
    assert not old_exports.exists()
    assert len(open_store(data).models()) == 1


def test_settings_are_not_changed_behind_a_running_service(run: Run, base: Path, names) -> None:
    user, group = names
    assert run(*service_init(base, user, group))[0] == 0
    service = ServiceProcess(service_args(base / "cspe", base / "run" / "cspe.sock", base / "exports"), base / "svc.log")
    service.start()
    try:
        code, _, err = run(*service_init(base, user, group, "--telefoon", "010-1"))
    finally:
        service.stop()
    assert code == 1
    assert "De cspe-dienst draait op deze gegevensmap; stop hem eerst" in err
    # The service ran as root here (the test's interpreter is root's); a rerun gives everything back.
    code, out, err = run(*service_init(base, user, group, "--telefoon", "010-1"))
    assert code == 0, err
    assert "Instellingen bijgewerkt (telefoon)" in out
    assert open_store(base / "cspe").settings.telefoon == "010-1"
    assert [p for p in (base / "cspe").rglob("*") if owner_and_mode(p)[0] != user] == []


def test_an_ordinary_user_is_told_only_root_can_set_up_the_service(base: Path, names) -> None:
    user, group = names
    code, err = as_nobody(*service_init(base, user, group))
    assert code == 1, err
    assert "Alleen root kan de cspe-dienst inrichten" in err
    assert "Traceback" not in err
    with pytest.raises(KeyError):
        pwd.getpwnam(user)


def test_the_printed_start_line_makes_the_socket_folder_and_gives_the_service_the_group(run: Run, base: Path, names) -> None:
    """After a reboot without systemd /run/cspe is gone: the printed line makes it before starting the service."""
    user, group = names
    code, out, err = run(*service_init(base, user, group))
    assert code == 0, err
    line = next(x.strip() for x in out.splitlines() if "runuser" in x and "install -d" in x)
    make, start = line.split(" && ")
    assert start.startswith(f"runuser -u {user} -g {user} -G {group.gr_name} -- ") and start.endswith(" &")
    assert f"--groep {group.gr_name}" in start
    shutil.rmtree(base / "run")
    subprocess.run(["bash", "-c", make], check=True)
    assert owner_and_mode(base / "run") == (user, group.gr_name, 0o750)


def test_rerunning_init_never_opens_the_folder_to_the_group(run: Run, base: Path, names, monkeypatch: pytest.MonkeyPatch) -> None:
    user, group = names
    assert run(*service_init(base, user, group))[0] == 0
    data = base / "cspe"
    opened: list[str] = []
    chmod = os.chmod

    def watched(path, mode, *args, **kwargs):
        if Path(path).absolute().is_relative_to(data) and mode & 0o077:
            opened.append(f"{path} {mode:o}")
        return chmod(path, mode, *args, **kwargs)

    monkeypatch.setattr(os, "chmod", watched)
    code, out, err = run(*service_init(base, user, group, "--telefoon", "010-2"))
    assert code == 0, err
    assert "Instellingen bijgewerkt (telefoon)" in out
    assert opened == []
    assert owner_and_mode(data) == (user, user, 0o700)
