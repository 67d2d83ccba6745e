"""A throwaway school server on this machine: Unix accounts, an sshd on 127.0.0.1 (its tmux terminals: tmux.py).

Everything here is made for one test run and taken down by the same object that made
it: the fixture registers each `close()` on an ExitStack as soon as the thing exists, so
a failing test or a failing set-up still cleans up. Processes are stopped by their own
pid (and the pids of their children), never by name.
"""

from __future__ import annotations

import grp
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import sysconfig
import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

from tests.helpers import passable_dir

SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
TOOLS = ("sshd", "ssh", "ssh-keygen", "tmux", "useradd", "userdel", "groupadd", "groupdel")


def tool(name: str) -> str | None:
    """A system tool, also when the test runs with a PATH (a venv, pyenv) that lacks /usr/sbin."""
    return shutil.which(name) or shutil.which(name, path=SYSTEM_PATH)


def missing_tools() -> list[str]:
    return [name for name in TOOLS if tool(name) is None]


def run(*args: str | Path, timeout: float = 30, **kwargs) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(a) for a in args], check=True, capture_output=True, text=True, timeout=timeout, **kwargs)


def wait_until(check: Callable[[], object], timeout: float, interval: float = 0.05) -> object:
    """Poll `check` until it returns something truthy; None when the time is up."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            return None
        time.sleep(interval)


# --- processes ---------------------------------------------------------------------


def _proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, uid) of a live process, from /proc."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        uid = os.stat(f"/proc/{pid}").st_uid
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return int(fields[1]), uid


def _all_pids() -> list[int]:
    return [int(name) for name in os.listdir("/proc") if name.isdigit()]


def descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for other in _all_pids():
        info = _proc_stat(other)
        if info is not None:
            children.setdefault(info[0], []).append(other)
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def describe_pids(pids: list[int]) -> str:
    """`pid: command line` per process, for failure messages."""
    lines = []
    for pid in pids:
        try:
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        lines.append(f"{pid}: {cmd}")
    return "\n".join(lines)


def pids_of_uid(uid: int) -> list[int]:
    return [pid for pid in _all_pids() if (info := _proc_stat(pid)) is not None and info[1] == uid]


def stop_pids(pids: list[int], grace: float = 3.0) -> None:
    """SIGTERM each pid, then SIGKILL whatever is still there after `grace` seconds."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    wait_until(lambda: not any(_proc_stat(pid) for pid in pids), grace)
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


# --- accounts ----------------------------------------------------------------------


@dataclass
class Account:
    name: str
    uid: int
    home: Path
    key: Path
    """The private key the test's ssh client uses to log in as this account."""


class Accounts:
    """One Unix group and the accounts the test makes; `close()` removes them, their homes and processes."""

    MARK = "cspe ssh e2e test"

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.tag = secrets.token_hex(3)
        self.group = f"cspe-e2e-{self.tag}"
        self.users: list[Account] = []
        self._group_made = False
        run(tool("groupadd"), self.group)
        self._group_made = True
        self.gid = grp.getgrnam(self.group).gr_gid

    def add(self, role: str, member: bool = True) -> Account:
        """A login like cspe-ex-1a2b3c, with a locked-free but unusable password ('*'): only keys log in."""
        name = f"cspe-{role}-{self.tag}"
        args = [tool("useradd"), "--create-home", "--shell", "/bin/sh", "--password", "*", "--comment", self.MARK]
        if member:
            args += ["--groups", self.group]
        run(*args, name)
        entry = pwd.getpwnam(name)
        account = Account(name, entry.pw_uid, Path(entry.pw_dir), self.workdir / f"id_{role}")
        self.users.append(account)
        run(tool("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", account.key)
        ssh_dir = account.home / ".ssh"
        ssh_dir.mkdir(mode=0o700, exist_ok=True)
        authorized = ssh_dir / "authorized_keys"
        authorized.write_text(account.key.with_suffix(".pub").read_text())
        for path, mode in ((ssh_dir, 0o700), (authorized, 0o600)):
            os.chown(path, entry.pw_uid, entry.pw_gid)
            os.chmod(path, mode)
        return account

    def close(self) -> None:
        for account in self.users:
            # Sessions end when sshd and tmux stop; a process that lingers is still this test's own.
            if not wait_until(lambda: not pids_of_uid(account.uid), 5):
                stop_pids(pids_of_uid(account.uid))
            subprocess.run([tool("userdel"), "--remove", account.name], capture_output=True, timeout=30)
        self.users.clear()
        if self._group_made:
            subprocess.run([tool("groupdel"), self.group], capture_output=True, timeout=30)
            self._group_made = False


# --- sshd --------------------------------------------------------------------------


def shared_workdir(stack: ExitStack, prefix: str) -> tuple[Path, Path, Accounts]:
    """(workdir, keys, accounts) removed when the stack closes. Not pytest's tmp_path: that lives under a
    0700 folder the test users could not enter."""
    workdir = stack.enter_context(passable_dir(prefix))
    keys = workdir / "keys"
    keys.mkdir(mode=0o700)
    accounts = Accounts(keys)
    stack.callback(accounts.close)
    return workdir, keys, accounts


def other_sshd_running() -> bool:
    sshd = os.path.realpath(tool("sshd") or "/usr/sbin/sshd")
    for pid in _all_pids():
        try:
            if os.path.realpath(f"/proc/{pid}/exe") == sshd:
                return True
        except OSError:
            continue
    return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Sshd:
    """sshd in the foreground on 127.0.0.1 with its own host key and config; keys only, no PAM."""

    def __init__(self, workdir: Path, allow: list[str]) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.host_key = workdir / "ssh_host_ed25519_key"
        self.config = workdir / "sshd_config"
        self.log = workdir / "sshd.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._made_privsep = False
        run(tool("ssh-keygen"), "-q", "-t", "ed25519", "-N", "", "-C", "cspe-test-host", "-f", self.host_key)
        self.known_hosts = workdir / "known_hosts"
        self.known_hosts.write_text(f"[127.0.0.1]:{self.port} {self.host_key.with_suffix('.pub').read_text()}")
        self.config.write_text(
            "\n".join(
                [
                    f"Port {self.port}",
                    "ListenAddress 127.0.0.1",
                    f"HostKey {self.host_key}",
                    f"PidFile {workdir / 'sshd.pid'}",
                    "AuthorizedKeysFile .ssh/authorized_keys",
                    "PubkeyAuthentication yes",
                    "PasswordAuthentication no",
                    "KbdInteractiveAuthentication no",
                    # Without PAM sshd still sets the supplementary groups (initgroups) and refuses locked accounts.
                    "UsePAM no",
                    "PermitRootLogin no",
                    f"AllowUsers {' '.join(allow)}",
                    "StrictModes yes",
                    "PrintMotd no",
                    "PrintLastLog no",
                    "X11Forwarding no",
                    "AllowTcpForwarding no",
                    "AllowAgentForwarding no",
                    "PermitUserEnvironment no",
                    "LogLevel VERBOSE",
                    "",
                ]
            )
        )

    def start(self) -> None:
        privsep = Path("/run/sshd")  # Debian's sshd insists on it; made here only if the system has none
        if not privsep.exists():
            privsep.mkdir(mode=0o755)
            self._made_privsep = True
        sshd = tool("sshd")
        run(sshd, "-t", "-f", self.config)
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen([sshd, "-D", "-e", "-f", str(self.config)], stdout=log, stderr=log)
        if not wait_until(self._ready, 15):
            raise RuntimeError(f"sshd did not come up on port {self.port}:\n{self.log_text()}")

    def _ready(self) -> bool:
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"sshd stopped with code {self.proc.returncode}:\n{self.log_text()}")
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                return sock.recv(64).startswith(b"SSH-2.0")
        except OSError:
            return False

    def log_text(self) -> str:
        try:
            return self.log.read_text(errors="replace")[-4000:]
        except OSError:
            return ""

    def ssh_args(self, account: Account, *, tty: bool) -> list[str]:
        """The client side: only our key and host key, no user or system ssh config."""
        return [
            tool("ssh"),
            "-F", "/dev/null",
            "-tt" if tty else "-T",
            "-p", str(self.port),
            "-i", str(account.key),
            "-o", "IdentitiesOnly=yes",
            "-o", "BatchMode=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", f"UserKnownHostsFile={self.known_hosts}",
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "UpdateHostKeys=no",
            "-o", "LogLevel=ERROR",
            f"{account.name}@127.0.0.1",
        ]

    def ssh(self, account: Account, command: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        """Run `command` as `account` over ssh without a terminal; does not raise on a non-zero exit."""
        return subprocess.run(
            [*self.ssh_args(account, tty=False), command],
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL,
        )

    def close(self) -> None:
        if self.proc is not None:
            # The per-connection sshd processes first (they outlive the listener), then the listener.
            stop_pids(descendants(self.proc.pid))
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
            self.proc = None
        if self._made_privsep and not other_sshd_running():
            # Another sshd (a parallel test run, the system's own) may still need it; then it stays.
            shutil.rmtree("/run/sshd", ignore_errors=True)
        self._made_privsep = False


# --- the app, as the test users start it -------------------------------------------


def can_run_as(account: Account, args: list[str]) -> subprocess.CompletedProcess[str]:
    """Run a program as the account (no shell); an exec that fails, e.g. an unreadable interpreter, is a result too."""
    try:
        return subprocess.run(
            args, user=account.uid, group=pwd.getpwuid(account.uid).pw_gid, extra_groups=[],
            cwd="/", env={"PATH": SYSTEM_PATH, "HOME": str(account.home)},
            capture_output=True, text=True, timeout=60,
        )
    except OSError as exc:
        return subprocess.CompletedProcess(args, 126, "", str(exc))


def same_version_interpreters() -> list[Path]:
    """System interpreters of this Python's minor version (the ABI of the installed packages)."""
    name = f"python{sys.version_info.major}.{sys.version_info.minor}"
    return [Path(d) / name for d in ("/usr/bin", "/usr/local/bin") if (Path(d) / name).is_file()]


def app_for(account: Account, workdir: Path) -> tuple[Path, str]:
    """The `cspe` the test users run, and how it was found (for the failure message and the report).

    First choice: this venv's own `cspe` (`Path(sys.executable).parent / "cspe"`). It works when
    the interpreter behind the venv is readable for other users. A pyenv interpreter lives under
    /root (mode 0700), so there the users get a bridge: a venv made from the system interpreter
    of the same minor version, whose .pth adds this venv's site-packages (the installed
    dependencies and the editable cspe_tui). Same minor version means the same ABI, so the
    compiled wheels load; nothing is copied or downloaded, and no permission outside the
    test's own folder changes.
    """
    direct = Path(sys.executable).parent / "cspe"
    probe = can_run_as(account, [str(direct), "--version"])
    if probe.returncode == 0:
        return direct, "the test's own venv"
    tried = [f"{direct}: {probe.stderr.strip()[-300:]}"]
    site_packages = sysconfig.get_paths()["purelib"]
    for base in same_version_interpreters():
        bridge = workdir / "bridge"
        shutil.rmtree(bridge, ignore_errors=True)
        made = subprocess.run(
            [str(base), "-m", "venv", "--without-pip", str(bridge)],
            capture_output=True, text=True, timeout=60, umask=0o022,
        )
        if made.returncode != 0:
            tried.append(f"{base} -m venv: {made.stderr.strip()[-300:]}")
            continue
        ver = f"python{sys.version_info.major}.{sys.version_info.minor}"
        pth = bridge / "lib" / ver / "site-packages" / "cspe_test_bridge.pth"
        pth.write_text(f"import site; site.addsitedir({site_packages!r})\n")
        cspe = bridge / "bin" / "cspe"
        cspe.write_text(f"#!{bridge / 'bin' / 'python'}\nimport sys\nfrom cspe_tui.cli import main\nsys.exit(main())\n")
        for path in (pth, cspe):
            os.chmod(path, 0o755 if path == cspe else 0o644)
        probe = can_run_as(account, [str(cspe), "--version"])
        if probe.returncode == 0:
            return cspe, f"a bridge venv on {base} with {site_packages}"
        tried.append(f"{cspe}: {probe.stderr.strip()[-300:]}")
    raise RuntimeError(
        "The test users cannot run cspe. Tried:\n" + "\n".join(tried) + "\nThe repo and the venv's site-packages must be "
        f"readable for other users, and either {sys.executable} or a system python{sys.version_info.major}."
        f"{sys.version_info.minor} executable."
    )
