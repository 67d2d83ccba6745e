"""The school server with the cspe service: two examinators and an outsider over real SSH.

The administrator runs `cspe server init` (a system user gets the data folder) and starts
`cspe server run` as that user, as the printed instructions say where systemd does not
run. The examinators work only through the socket. The test tries what issue 11 names:
a member writing the other examinator's column, editing settings.json, appending a log
line, reopening a closed group by cutting the log; all are impossible, because a member
cannot even open the data files. A request that claims another login is executed as
the connection's own login. The service is killed while both apps are open and started
again; both screens say so, reconnect and keep working, and a score still reaches the
other screen by push.
"""

from __future__ import annotations

import os
import pwd
import shlex
import signal
import stat
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import Server
from .harness import tool, wait_until
from .test_ssh_e2e import GROUP_ID, LIVE, SLUG, START, as_admin, shows, write_inputs

pytestmark = pytest.mark.ssh


@dataclass
class Dienst:
    user: str
    uid: int
    socket: Path
    exports: Path
    units: Path
    args: list[str]
    log: Path
    proc: subprocess.Popen[bytes] | None = None

    def start(self, server: Server) -> None:
        entry = pwd.getpwnam(self.user)
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                self.args, user=entry.pw_uid, group=entry.pw_gid, extra_groups=[server.accounts.gid],
                cwd="/", env={"PATH": "/usr/bin:/bin"}, stdout=log, stderr=log, umask=0o077,
            )
        if not wait_until(lambda: self.socket.exists() and "beheert" in self.log.read_text(errors="replace"), START):
            raise AssertionError(f"the service did not start:\n{self.log.read_text(errors='replace')}")

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(15)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()


@pytest.fixture(scope="module")
def dienst(server: Server) -> Iterator[Dienst]:
    user = f"cspe-svc-{server.accounts.tag}"
    d = Dienst(
        user=user, uid=-1, socket=server.workdir / "run" / "cspe.sock", exports=server.workdir / "exports",
        units=server.workdir / "units", args=[], log=server.workdir / "dienst.log",
    )
    try:
        yield d
    finally:
        d.stop()
        subprocess.run([tool("userdel"), user], capture_output=True, timeout=30)


def remote(server: Server, dienst: Dienst, *args: str | Path) -> str:
    """A cspe command line as a user types it, with the socket the administrator configured."""
    return f"CSPE_SOCKET={shlex.quote(str(dienst.socket))} " + shlex.join(
        [str(server.cspe), "--data", str(server.data), *map(str, args)]
    )


def python_as(server: Server, account, script: str, *args: str) -> subprocess.CompletedProcess[str]:
    python = server.cspe.parent / "python"
    return server.sshd.ssh(account, shlex.join([str(python), "-c", script, *args]))


TRIES = """
import os, sys
from pathlib import Path
data, group, other = sys.argv[1:]
def attempt(name, action):
    try:
        action()
        print(name, 'GELUKT')
    except (PermissionError, OSError) as exc:
        print(name, 'onmogelijk', type(exc).__name__)
    except Exception as exc:
        print(name, 'onmogelijk', type(exc).__name__)
from cspe_tui.store import DataFolder, Store
attempt('kolom', lambda: Store(DataFolder(path=Path(data), writable=True), other).set_score(group, '1001', 'B1.3', 3))
attempt('instellingen', lambda: open(os.path.join(data, 'settings.json'), 'a').write('x'))
attempt('logregel', lambda: open(os.path.join(data, 'groups', group, 'audit.jsonl'), 'a').write('{}'))
attempt('heropenen', lambda: os.truncate(os.path.join(data, 'groups', group, 'audit.jsonl'), 10))
attempt('lezen', lambda: os.listdir(data))
"""

CLAIM = """
import json, socket, struct, sys
path, group, other = sys.argv[1:]
def frame(obj):
    body = json.dumps(obj).encode()
    return struct.pack('>I', len(body)) + body
def read(sock):
    n = struct.unpack('>I', sock.recv(4, socket.MSG_WAITALL))[0]
    return json.loads(sock.recv(n, socket.MSG_WAITALL))
s = socket.socket(socket.AF_UNIX)
s.connect(path)
s.sendall(frame({'id': 0, 'op': 'hello', 'version': 1, 'login': other}))
print('hallo als', read(s)['result']['login'])
cmd = {'type': 'score', 'examennummer': '1002', 'criterium': 'B1.1', 'value': 1}
s.sendall(frame({'id': 1, 'op': 'execute', 'login': other, 'actor': other,
                 'scope': {'kind': 'group', 'group_id': group}, 'commands': [cmd]}))
reply = read(s)
print('uitgevoerd als', [e['login'] + ' ' + e['event']['role'] for e in reply['result']['entries']] if reply['ok'] else reply['error'])
"""

LOG = """
import sys
from cspe_tui.service.client import ServiceClient
client = ServiceClient(sys.argv[1])
for entry in client.audit(sys.argv[2]):
    event = entry.event
    if event.type == 'score_set':
        print(entry.login, event.examennummer, event.criterium, event.role.value, event.new)
"""


def not_the_services(data: Path, owner: pwd.struct_passwd) -> list[str]:
    """Anything in the data folder not owned by the service user and its own group, or open to others.

    The folder itself is 0700, so nobody else reaches what is inside whatever its mode.
    """
    wrong = []
    if stat.S_IMODE(os.stat(data).st_mode) != 0o700:
        wrong.append(f"{data}: mode {stat.S_IMODE(os.stat(data).st_mode):o}")
    for root, dirs, files in os.walk(data):
        for path in [Path(root) / n for n in dirs + files]:
            st = os.lstat(path)
            if (st.st_uid, st.st_gid) != (owner.pw_uid, owner.pw_gid) or st.st_mode & 0o007:
                wrong.append(f"{path}: {st.st_uid}:{st.st_gid} mode {stat.S_IMODE(st.st_mode):o}")
    return wrong


def test_only_the_service_touches_the_record_and_knows_each_client_from_the_kernel(server: Server, dienst: Dienst) -> None:
    ex, tw, sshd, tmux = server.examinator, server.tweede, server.sshd, server.tmux

    # The administrator: init gives the folder to a system user; the service is started as it says.
    init = as_admin(
        "server", "init", "--data", str(server.data), "--groep", server.accounts.group, "--school", "Vmbo De Brug",
        "--secretaris", ex.name, "--socket", str(dienst.socket), "--exports", str(dienst.exports),
        "--dienstgebruiker", dienst.user, "--unit-map", str(dienst.units),
    )
    assert init.returncode == 0, init.stderr
    start_line = f"runuser -u {dienst.user} -g {dienst.user} -G {server.accounts.group} -- "
    assert start_line in init.stdout and f"install -d -m 0750 -o {dienst.user} -g {server.accounts.group}" in init.stdout
    unit = (dienst.units / "cspe.service").read_text()
    assert f"User={dienst.user}" in unit and f"SupplementaryGroups={server.accounts.group}" in unit
    dienst.args = [str(server.cspe), "server", "run", "--data", str(server.data), "--socket", str(dienst.socket),
                   "--exports", str(dienst.exports), "--groep", server.accounts.group]
    dienst.start(server)
    owner = pwd.getpwnam(dienst.user)
    assert not_the_services(server.data, owner) == []
    socket_dir = os.stat(dienst.socket.parent)
    assert (stat.S_IMODE(socket_dir.st_mode), socket_dir.st_gid) == (0o750, server.accounts.gid)
    exports_dir = os.stat(dienst.exports)
    assert (stat.S_IMODE(exports_dir.st_mode), exports_dir.st_gid) == (0o2750, server.accounts.gid)
    second = as_admin("server", "run", "--data", str(server.data), "--socket", str(server.workdir / "tweede.sock"))
    assert second.returncode == 1 and "Er draait al een cspe-dienst op de gegevensmap" in second.stderr

    # The examensecretaris prepares the group through the service.
    model, klas = write_inputs(server)
    prepare = sshd.ssh(
        ex,
        remote(server, dienst, "model", "import", model) + " && "
        + remote(server, dienst, "groep", "nieuw", "--model", SLUG, "--kandidaten", klas, "--examinator", ex.name,
                 "--tweede", tw.name, "--werkwijze", "achteraf", "--id", GROUP_ID),
    )
    assert prepare.returncode == 0, f"{prepare.stdout}\n{prepare.stderr}\n{dienst.log.read_text()}"
    assert f"Groep {GROUP_ID} aangemaakt" in prepare.stdout

    # The four tries of the issue (and reading): a member cannot even open the data files.
    tries = python_as(server, tw, TRIES, str(server.data), GROUP_ID, ex.name)
    assert tries.returncode == 0, tries.stderr
    outcome = {line.split()[0]: line.split()[1] for line in tries.stdout.splitlines()}
    assert outcome == dict.fromkeys(("kolom", "instellingen", "logregel", "heropenen", "lezen"), "onmogelijk"), tries.stdout

    # A client that claims to be the examinator is executed as itself: the tweede's column.
    claim = python_as(server, tw, CLAIM, str(dienst.socket), GROUP_ID, ex.name)
    assert claim.returncode == 0, claim.stderr
    assert claim.stdout.splitlines() == [f"hallo als {tw.name}", f"uitgevoerd als ['{tw.name} tweede']"]

    # Both examinators open the app; a score travels by push.
    for name, account in (("ex", ex), ("tw", tw)):
        tmux.open(name, [*sshd.ssh_args(account, tty=True), f"exec env {remote(server, dienst)}"])
        tmux.wait_for(name, lambda s, a=account: GROUP_ID in s and f"ingelogd als {a.name}" in s, START, "start screen")
        tmux.keys(name, "Enter")
    tmux.wait_for("ex", lambda s: f"1e {ex.name} (jij)" in s and shows("B1.1")(s), START, "scoring screen")
    tmux.wait_for("tw", lambda s: f"2e {tw.name} (jij)" in s and shows("B1.1")(s), START, "scoring screen")
    tmux.keys("ex", "1")
    tmux.wait_for("tw", shows("B1.1", first="1"), LIVE, "the examinator's score, pushed")

    # `cspe server status` names the service's folder and who is connected.
    status = sshd.ssh(ex, remote(server, dienst, "server", "status"))
    assert status.returncode == 0, status.stdout + status.stderr  # 1 with a "Let op:" line per set-up problem
    assert "Let op" not in status.stdout
    assert f"Gegevensmap: {server.data}" in status.stdout
    assert f"  {ex.name} (pid" in status.stdout and f"  {tw.name} (pid" in status.stdout

    # The service is killed while both work: both screens say so, and carry on once it is back.
    dienst.kill()
    for name in ("ex", "tw"):
        tmux.wait_for(name, lambda s: "cspe-dienst verbroken" in s, LIVE, "the reconnect line")
    dienst.start(server)
    for name in ("ex", "tw"):
        tmux.wait_for(name, lambda s: "cspe-dienst hersteld" in s, START, "reconnected")
    tmux.keys("ex", "2")  # the cursor moved on to B1.2 after B1.1 was scored
    tmux.wait_for("ex", shows("B1.2", first="2"), LIVE, "own score after the restart")
    tmux.wait_for("tw", shows("B1.2", first="2"), LIVE, "the score after the restart, pushed")

    # The record names each login with their own column only.
    log = python_as(server, tw, LOG, str(dienst.socket), GROUP_ID)
    assert log.returncode == 0, log.stderr
    assert log.stdout.splitlines() == [
        f"{tw.name} 1002 B1.1 tweede 1", f"{ex.name} 1001 B1.1 examinator 1", f"{ex.name} 1001 B1.2 examinator 2",
    ]
    for name in ("ex", "tw"):
        tmux.keys(name, "q")
    for name in ("ex", "tw"):
        tmux.wait_for(name, lambda _s, n=name: tmux.exit_status(n) is not None, 15, "ssh session ended")
        assert tmux.exit_status(name) == "0"

    # Outside the group: no way in, a Dutch message and no traceback.
    outsider = sshd.ssh(server.outsider, remote(server, dienst, "groep", "lijst"))
    assert outsider.returncode == 1, outsider.stdout
    assert "Traceback" not in outsider.stderr and "gegevensmap" in outsider.stderr

    # Through the service, the record checks out; on disk, everything is still the service's alone.
    verify = sshd.ssh(ex, remote(server, dienst, "verify", GROUP_ID))
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert not_the_services(server.data, owner) == []
