"""The administrator follows the README on a server without systemd, reboots, and the examinators can read the exports.

Real Unix users and the real printed start line (no sshd needed: the examinators' commands
run with runuser as them): `cspe server init` prints how to start the service; the socket
folder is removed as a reboot empties /run; the line makes it again and starts the service
with the examinators' group. A group is scored, declared and closed through the service;
`cspe sluit` exits 0 and names the official exports, which the examinator can read, and
`cspe server status` finds nothing to warn about.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, suppress
from pathlib import Path

import pytest

from tests.helpers import passable_dir

from .harness import Accounts, app_for, tool, wait_until

pytestmark = pytest.mark.skipif(
    os.geteuid() != 0 or tool("runuser") is None or tool("ssh-keygen") is None,
    reason="needs root (it makes Unix users), runuser and ssh-keygen",
)

SCORE = """
import sys
from cspe_tui.service.client import ServiceClient
client = ServiceClient(sys.argv[1])
gid, fix = sys.argv[2], sys.argv[3] == "vast"
state = client.load_group(gid)
for cand in state.candidates if sys.argv[3] != "verklaar" else []:
    for cr in state.model.criteria:
        if fix:
            client.set_vastgesteld(gid, cand.examennummer, cr.code, 0, client.load_group(gid).cell(cand.examennummer, cr.code))
        else:
            client.set_score(gid, cand.examennummer, cr.code, 0)
client.declare(gid)
print("verklaard", client.user)
"""


@pytest.fixture
def workdir() -> Iterator[Path]:
    with passable_dir("cspe-start-") as path:
        yield path


def stop_session(started: subprocess.Popen[bytes]) -> None:
    """The start line's session (bash, runuser, the service and its read workers), by its own id."""
    with suppress(ProcessLookupError):
        os.killpg(started.pid, signal.SIGTERM)
    with suppress(subprocess.TimeoutExpired):
        started.wait(15)
    if not wait_until(lambda: not pids_in_session(started.pid), 15):
        with suppress(ProcessLookupError):
            os.killpg(started.pid, signal.SIGKILL)


def pids_in_session(sid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with suppress(OSError, ValueError, IndexError):
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3]) == sid:
                    found.append(int(entry.name))
    return found


def remove_service_user(name: str) -> None:
    """After the service stopped (userdel refuses a user with processes); its own group goes with it."""
    subprocess.run([tool("userdel"), name], capture_output=True, timeout=30)
    subprocess.run([tool("groupdel"), name], capture_output=True, timeout=30)


def as_user(name: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    prefix = ["env", *(f"{k}={v}" for k, v in (env or {}).items())]
    return subprocess.run([tool("runuser"), "-u", name, "--", *prefix, *args], capture_output=True, text=True,
                          timeout=120, cwd="/")


def test_a_service_started_by_the_printed_line_after_a_reboot_writes_exports_the_examinators_can_read(workdir: Path) -> None:
    with ExitStack() as stack:
        accounts = Accounts(workdir)
        stack.callback(accounts.close)
        ex, tw = accounts.add("ex"), accounts.add("tw")
        cspe, _ = app_for(ex, workdir)
        service_user = f"cspe-svc-{accounts.tag}"
        stack.callback(remove_service_user, service_user)
        data, sock = workdir / "srv" / "cspe", workdir / "run" / "cspe" / "cspe.sock"
        init = subprocess.run(
            [str(cspe), "server", "init", "--data", str(data), "--groep", accounts.group, "--secretaris", ex.name,
             "--socket", str(sock), "--dienstgebruiker", service_user, "--unit-map", str(workdir / "units")],
            capture_output=True, text=True, timeout=120,
        )
        assert init.returncode == 0, init.stderr
        line = next(x.strip() for x in init.stdout.splitlines() if x.strip().startswith("install -d"))
        assert line.endswith(" &")

        shutil.rmtree(workdir / "run")  # a reboot: /run is empty
        log = workdir / "dienst.log"
        with open(log, "wb") as out:
            started = subprocess.Popen(["bash", "-c", line[:-2]], stdout=out, stderr=out, start_new_session=True)
        stack.callback(stop_session, started)
        assert wait_until(lambda: sock.exists() and "beheert" in log.read_text(errors="replace"), 60), log.read_text()

        env = {"CSPE_SOCKET": str(sock)}
        cli = [str(cspe), "--data", str(data)]
        model = next((Path(__file__).parents[2] / "correctiemodellen").glob("*-A.json"))
        klas = workdir / "klas.csv"
        klas.write_text("examennummer;naam\n3001;Anna de Vries\n")
        klas.chmod(0o644)
        imported = as_user(ex.name, *cli, "model", "import", str(model), env=env)
        assert imported.returncode == 0, imported.stdout + imported.stderr
        slug = model.stem.split("-")
        key = "-".join([slug[0].upper(), *slug[1:]])
        made = as_user(ex.name, *cli, "groep", "nieuw", "--model", key, "--kandidaten", str(klas), "--examinator",
                       ex.name, "--tweede", tw.name, "--werkwijze", "gelijktijdig", "--id", "klas-start", env=env)
        assert made.returncode == 0, made.stdout + made.stderr
        python = str(cspe.parent / "python")
        for account, how in ((tw, "score"), (ex, "score"), (ex, "vast"), (tw, "verklaar")):
            scored = as_user(account.name, python, "-c", SCORE, str(sock), "klas-start", how)
            assert scored.returncode == 0 or how == "score" and "ClosingBlocked" in scored.stderr, scored.stderr
        sluit = as_user(ex.name, *cli, "sluit", "klas-start", "--ja", env=env)
        assert sluit.returncode == 0, sluit.stdout + sluit.stderr
        exports = data.parent / "cspe-exports" / "klas-start"
        assert f"De officiële exports staan in {exports}:" in sluit.stdout
        pdf = as_user(ex.name, "head", "-c", "5", str(exports / "klas-start-beoordelingsmodel.pdf"))
        assert pdf.returncode == 0 and pdf.stdout == "%PDF-", pdf.stderr
        csv = as_user(tw.name, "cat", str(exports / "klas-start-scores.csv"))
        assert csv.returncode == 0 and "3001" in csv.stdout, csv.stderr
        status = as_user(ex.name, *cli, "server", "status", env=env)
        assert status.returncode == 0 and "Let op" not in status.stdout, status.stdout + status.stderr
        verify = as_user(ex.name, *cli, "verify", "klas-start", env=env)
        assert verify.returncode == 0 and "Zegel: " in verify.stdout, verify.stdout + verify.stderr
        assert shlex.split(line)[0] == "install"
