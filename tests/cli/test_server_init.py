"""`cspe server init --zonder-dienst` as a system administrator runs it: a real Unix group, real modes, Dutch refusals.

As root (CI) every test uses a group made for it with groupadd, so the chown is real;
as an ordinary user the tests that need root are skipped and the rest use the user's
own primary group.
"""

from __future__ import annotations

import grp
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from cspe_tui.cli import main
from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.store import DataFolder, current_login, open_store
from tests.helpers import fresh_unix_group, model_dict, passable_dir

ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="needs root: changes group ownership and switches users")

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def unix_group() -> Iterator[grp.struct_group]:
    """As root a fresh group (removed afterwards); otherwise the user's own primary group."""
    if not ROOT:
        yield grp.getgrgid(os.getgid())
        return
    with fresh_unix_group() as group:
        yield group


@pytest.fixture
def base() -> Iterator[Path]:
    with passable_dir("cspe-init-") as path:
        yield path


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process umask for one test and put the old one back."""
    old = os.umask(0o022)
    os.umask(old)
    yield os.umask
    os.umask(old)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    """`cspe ...` in this process; `server init` here makes the shared folder without a service
    (tests/cli/test_server_service.py covers the service set-up)."""

    def run(*args: str) -> tuple[int, str, str]:
        argv = list(args)
        if "init" in argv:
            argv.append("--zonder-dienst")
        code = main(argv)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def init_args(data: Path, group: grp.struct_group, *extra: str) -> list[str]:
    return ["server", "init", "--data", str(data), "--groep", group.gr_name, "--secretaris", current_login(), *extra]


def mode_and_group(path: Path) -> tuple[int, int]:
    st = os.lstat(path)
    return stat.S_IMODE(st.st_mode), st.st_gid


def assert_shared(data: Path, group: grp.struct_group) -> int:
    """Every folder 2770 and every file 660, all owned by the group; returns how many entries were checked."""
    checked = 0
    for root, dirs, files in os.walk(data):
        assert mode_and_group(Path(root)) == (0o2770, group.gr_gid), root
        for name in files:
            assert mode_and_group(Path(root) / name) == (0o660, group.gr_gid), Path(root) / name
            checked += 1
    return checked


def test_creates_a_group_owned_setgid_folder_with_the_settings(run: Run, base: Path, unix_group) -> None:
    data = base / "srv" / "cspe"
    code, out, err = run(
        *init_args(data, unix_group, "--school", "Vmbo De Brug", "--brin", "99ZZ", "--telefoon", "010-1234567",
                   "--contactpersoon", "A. de Wit"),
    )
    assert code == 0, err
    assert f"Gegevensmap {data} aangemaakt: groep '{unix_group.gr_name}', rechten 2770" in out
    assert mode_and_group(data) == (0o2770, unix_group.gr_gid)
    assert mode_and_group(data.parent)[0] == 0o755  # made by init: passable for the group, whatever the umask
    settings = DataFolder(data, writable=True).read_settings()
    assert (settings.school, settings.brin, settings.telefoon, settings.contactpersoon) == (
        "Vmbo De Brug", "99ZZ", "010-1234567", "A. de Wit",
    )
    assert settings.examensecretarissen == [current_login()]
    assert not settings.demo
    assert {p.name for p in data.iterdir()} >= {"settings.json", "groups", "correctiemodellen"}
    assert assert_shared(data, unix_group) >= 1


def test_a_second_run_updates_the_settings_and_says_so(run: Run, base: Path, unix_group) -> None:
    data = base / "cspe"
    assert run(*init_args(data, unix_group, "--school", "De Brug", "--telefoon", "010-1"))[0] == 0
    code, out, err = run("server", "init", "--data", str(data), "--groep", unix_group.gr_name, "--telefoon", "010-2")
    assert code == 0, err
    assert f"Gegevensmap {data} bestond al" in out
    assert "Instellingen bijgewerkt (telefoon)" in out
    settings = DataFolder(data, writable=True).read_settings()
    assert (settings.school, settings.telefoon, settings.examensecretarissen) == ("De Brug", "010-2", [current_login()])
    code, out, _ = run("server", "init", "--data", str(data), "--groep", unix_group.gr_name, "--telefoon", "010-2")
    assert code == 0
    assert "Instellingen ongewijzigd" in out


def test_the_data_folder_may_also_come_before_the_subcommand(run: Run, base: Path, unix_group) -> None:
    data = base / "cspe"
    code, out, err = run("--data", str(data), "server", "init", "--groep", unix_group.gr_name, "--secretaris", current_login())
    assert code == 0, err
    assert mode_and_group(data) == (0o2770, unix_group.gr_gid)


def test_an_unknown_unix_group_is_refused_in_dutch_and_nothing_is_made(run: Run, base: Path) -> None:
    data = base / "cspe"
    code, out, err = run("server", "init", "--data", str(data), "--groep", "geen-groep-xyz", "--secretaris", current_login())
    assert code == 1
    assert out == ""
    assert "De Unix-groep 'geen-groep-xyz' bestaat niet" in err
    assert "groupadd geen-groep-xyz" in err
    assert not data.exists()


def test_a_world_writable_parent_without_sticky_bit_is_refused(run: Run, base: Path, unix_group) -> None:
    parent = base / "open"
    parent.mkdir()
    os.chmod(parent, 0o777)
    code, _, err = run(*init_args(parent / "cspe", unix_group))
    assert code == 1
    assert f"De map {parent} boven de gegevensmap is schrijfbaar voor iedereen (rechten 777)" in err
    assert f"chmod o-w {parent}" in err
    assert not (parent / "cspe").exists()
    os.chmod(parent, 0o1777)  # like /tmp: only the owner may rename what is in it
    code, _, err = run(*init_args(parent / "cspe", unix_group))
    assert code == 0, err


def test_a_parent_the_group_cannot_pass_is_refused(run: Run, base: Path, unix_group) -> None:
    closed = base / "dicht"
    closed.mkdir()
    os.chmod(closed, 0o700)
    code, _, err = run(*init_args(closed / "cspe", unix_group))
    assert code == 1
    assert f"De leden van groep '{unix_group.gr_name}' kunnen de map {closed} niet in (rechten 700)" in err
    assert not (closed / "cspe").exists()


def test_an_existing_folder_open_to_everyone_is_closed(run: Run, base: Path, unix_group) -> None:
    data = base / "cspe"
    data.mkdir()
    os.chmod(data, 0o777)
    code, out, err = run(*init_args(data, unix_group))
    assert code == 0, err
    assert f"Rechten van {data} gezet op 2770 (was 777)." in out
    assert mode_and_group(data) == (0o2770, unix_group.gr_gid)


def test_a_rerun_repairs_files_put_in_by_hand(run: Run, base: Path, unix_group, umask) -> None:
    data = base / "cspe"
    assert run(*init_args(data, unix_group))[0] == 0
    umask(0o022)
    by_hand = data / "correctiemodellen" / "kopie.txt"
    by_hand.write_text("met de hand neergezet\n")
    os.chmod(by_hand, 0o644)
    if ROOT:
        os.chown(by_hand, -1, 0)
    code, out, err = run(*init_args(data, unix_group))
    assert code == 0, err
    assert "Rechten hersteld van 1 bestand of map" in out
    assert mode_and_group(by_hand) == (0o660, unix_group.gr_gid)


def test_files_the_app_writes_later_are_group_rw_whatever_the_umask(run: Run, base: Path, unix_group, umask) -> None:
    data = base / "cspe"
    assert run(*init_args(data, unix_group))[0] == 0
    umask(0o077)
    store = open_store(data)
    model_file = base / "model.json"
    model_file.write_text(json.dumps(model_dict()), encoding="utf-8")
    key = store.import_model(model_file).key
    store.create_group(key, [Candidate(examennummer="1001", naam="Emma de Boer")], current_login(), "tweede",
                       Werkwijze.ACHTERAF, group_id="g1")
    store.set_score("g1", "1001", "B1.1", 1)
    assert (data / "groups" / "g1" / "cand-1001.json").exists()
    assert assert_shared(data, unix_group) >= 6


def test_the_umask_is_named_when_it_would_spoil_files_put_in_by_hand(run: Run, base: Path, unix_group, umask) -> None:
    umask(0o022)
    code, _, err = run(*init_args(base / "a", unix_group))
    assert code == 0
    assert "Let op: je umask is 0022" in err
    umask(0o007)
    code, _, err = run(*init_args(base / "b", unix_group))
    assert code == 0
    assert "umask" not in err


def test_an_unknown_secretaris_login_is_refused(run: Run, base: Path, unix_group) -> None:
    data = base / "cspe"
    code, _, err = run("server", "init", "--data", str(data), "--groep", unix_group.gr_name, "--secretaris", "niemand-xyz")
    assert code == 1
    assert "Er is geen gebruiker 'niemand-xyz' op deze server" in err
    assert not data.exists()


@needs_root
def test_root_must_name_the_examensecretaris(run: Run, base: Path, unix_group) -> None:
    data = base / "cspe"
    code, _, err = run("server", "init", "--data", str(data), "--groep", unix_group.gr_name)
    assert code == 1
    assert "Geef met --secretaris de login van de examensecretaris op" in err
    assert not data.exists()


@needs_root
def test_a_secretaris_outside_the_group_is_named(run: Run, base: Path, unix_group) -> None:
    code, _, err = run("server", "init", "--data", str(base / "cspe"), "--groep", unix_group.gr_name, "--secretaris", "nobody")
    assert code == 0
    assert f"examensecretaris nobody is (nog) geen lid van groep '{unix_group.gr_name}'" in err
    assert f"usermod -aG {unix_group.gr_name} nobody" in err


def as_nobody(*args: str) -> tuple[int, str]:
    """Run `cspe ARGS` in a forked child that has become nobody, outside every group; returns (code, stderr)."""
    nobody = 65534
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        code = 70
        try:
            os.close(read_end)
            # pytest's capture replaced sys.stderr; the child writes straight into the pipe.
            sys.stderr = open(write_end, "w", encoding="utf-8")  # noqa: SIM115 - closed by os._exit
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
            os.setgroups([])
            os.setgid(nobody)
            os.setuid(nobody)
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as pipe:
        err = pipe.read().decode("utf-8", "replace")
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status), err


@needs_root
def test_a_user_outside_the_group_gets_a_dutch_message_not_a_traceback(run: Run, base: Path, unix_group) -> None:
    data = base / "cspe"
    assert run(*init_args(data, unix_group))[0] == 0
    code, err = as_nobody("--data", str(data), "groep", "lijst")
    assert code == 1, err
    assert "Traceback" not in err
    assert f"hoort niet bij de groep '{unix_group.gr_name}' van de gegevensmap {data}" in err
    code, err = as_nobody("server", "init", "--data", str(data), "--groep", unix_group.gr_name)
    assert code == 1, err
    assert "Alleen root kan de cspe-dienst inrichten" in err
    code, err = as_nobody("server", "init", "--data", str(data), "--groep", unix_group.gr_name, "--zonder-dienst")
    assert code == 1, err
    assert f"Alleen root of een lid van de groep '{unix_group.gr_name}' kan de gegevensmap inrichten" in err
    assert "Traceback" not in err
