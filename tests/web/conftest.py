"""A school server set up with `cspe server init --web`: real Unix users with passwords, sudo, HTTPS.

Made once per module and taken down after it, also when it fails: the accounts (shared
with the SSH test: tests/ssh/harness.py), the service user, the gateway user, the sudoers
file, the PAM service file if the test wrote it, and every process, stopped by pid.
"""

from __future__ import annotations

import os
import pwd
import secrets
import shlex
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.ssh.harness import (
    Account, Accounts, app_for, free_port, pids_of_uid, shared_workdir, stop_pids, tool, wait_until,
)
from tests.ssh.test_ssh_e2e import GROUP_ID, SLUG, write_inputs
from tests.web.browser import browser_skip_reason, launch

START = 60.0
PAM_FILE = Path("/etc/pam.d/cspe-web")


def server_skip_reason() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root: it creates Unix accounts with passwords and a sudoers line (CI runs it as root via .ci/run)"
    missing = [name for name in ("sudo", "visudo", "useradd", "userdel", "chpasswd", "openssl", "ssh-keygen", "runuser")
               if tool(name) is None]
    if missing:
        return f"needs sudo, openssl, openssh-client and the account tools; missing: {', '.join(missing)}"
    return browser_skip_reason()


@dataclass
class User:
    account: Account
    password: str

    @property
    def name(self) -> str:
        return self.account.name


@dataclass
class WebServer:
    workdir: Path
    accounts: Accounts
    ex: User
    tw: User
    zr: User
    """In the examinators' Unix group, but no role in the exam group."""
    outsider: User
    cspe: Path
    socket: Path
    helper: Path
    web_user: str
    init_stdout: str
    gateways: list[subprocess.Popen[bytes]]

    @property
    def data(self) -> Path:
        return self.workdir / "data"

    def as_user(self, user: User, *args: str) -> subprocess.CompletedProcess[str]:
        """`cspe ARGS` as that user, through the service, as over SSH."""
        return subprocess.run(
            [tool("runuser"), "-u", user.name, "--", "env", f"CSPE_SOCKET={self.socket}", str(self.cspe),
             "--data", str(self.data), *args],
            capture_output=True, text=True, timeout=120, cwd="/",
        )

    def python_as(self, user: User, script: str, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [tool("runuser"), "-u", user.name, "--", str(self.cspe.parent / "python"), "-c", script, *args],
            capture_output=True, text=True, timeout=60, cwd="/",
        )

    def start_gateway(self, *extra: str) -> tuple[str, subprocess.Popen[bytes]]:
        """The gateway as init printed it (as root; it drops to its own user), on a fresh port."""
        port = free_port()
        command = next(line.strip().rstrip("&").strip() for line in self.init_stdout.splitlines() if " web --groep " in line)
        args = [*command.split(), "--adres", "127.0.0.1", "--poort", str(port), "--url", f"https://127.0.0.1:{port}",
                "--proxy", "127.0.0.1", *extra]
        log = open(self.workdir / f"gateway-{port}.log", "wb")
        proc = subprocess.Popen(args, stdout=log, stderr=log, cwd="/", start_new_session=True)
        self.gateways.append(proc)
        if not wait_until(lambda: "cspe web (pid" in self.gateway_log(port) or proc.poll() is not None, START):
            raise AssertionError(f"the gateway did not start:\n{self.gateway_log(port)}")
        assert proc.poll() is None, self.gateway_log(port)
        return f"https://127.0.0.1:{port}", proc

    def gateway_log(self, port: int | str) -> str:
        try:
            return (self.workdir / f"gateway-{str(port).rsplit(':', 1)[-1]}.log").read_text(errors="replace")
        except OSError:
            return ""

    def app_pids(self, user: User) -> list[int]:
        """The user's processes that are an app started by the helper."""
        found = []
        for pid in pids_of_uid(user.account.uid):
            try:
                cmd = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if str(self.helper) in cmd:
                found.append(pid)
        return found


def _self_signed(workdir: Path) -> tuple[Path, Path]:
    cert, key = workdir / "school.pem", workdir / "school.key"
    subprocess.run(
        [tool("openssl"), "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
         "-days", "2", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
        check=True, capture_output=True, timeout=60,
    )
    os.chmod(key, 0o600)  # root's alone, as a school's key is: the gateway reads it before it drops root
    return cert, key


def _user(accounts: Accounts, role: str, member: bool = True) -> User:
    account = accounts.add(role, member=member)
    password = f"Ww-{secrets.token_hex(6)}"
    subprocess.run([tool("chpasswd")], input=f"{account.name}:{password}\n", text=True, check=True, timeout=30)
    return User(account, password)


@pytest.fixture(scope="module")
def web_server() -> Iterator[WebServer]:
    reason = server_skip_reason()
    if reason:
        pytest.skip(reason)
    with ExitStack() as stack:
        workdir, keys, accounts = shared_workdir(stack, "cspe-web-")
        ex, tw, zr = _user(accounts, "ex"), _user(accounts, "tw"), _user(accounts, "zr")
        outsider = _user(accounts, "nl", member=False)
        cspe, _how = app_for(ex.account, workdir)
        tag = accounts.tag
        service_user, web_user = f"cspe-svc-{tag}", f"cspe-web-{tag}"
        sudoers = Path(f"/etc/sudoers.d/cspe-web-test-{tag}")
        stack.callback(sudoers.unlink, missing_ok=True)
        for user in (service_user, web_user):
            stack.callback(subprocess.run, [tool("userdel"), user], capture_output=True, timeout=30)
        if not PAM_FILE.exists():
            stack.callback(PAM_FILE.unlink, missing_ok=True)
        cert, key = _self_signed(workdir)
        socket = workdir / "run" / "cspe.sock"
        init = subprocess.run(
            [str(cspe.parent / "python"), "-m", "cspe_tui", "server", "init", "--data", str(workdir / "data"),
             "--groep", accounts.group, "--school", "Vmbo De Brug", "--secretaris", ex.name,
             "--socket", str(socket), "--exports", str(workdir / "exports"), "--dienstgebruiker", service_user,
             "--unit-map", str(workdir / "units"), "--web", "--cert", str(cert), "--key", str(key),
             "--webgebruiker", web_user, "--starthulp-map", str(workdir / "lib"), "--sudoers", str(sudoers)],
            capture_output=True, text=True, timeout=120,
        )
        assert init.returncode == 0, init.stdout + init.stderr
        start = next(line.strip() for line in init.stdout.splitlines() if line.strip().startswith("install -d"))
        make_socket_folder, run = start.removesuffix(" &").split(" && ")
        subprocess.run(shlex.split(make_socket_folder), check=True, timeout=30)
        runuser = shlex.split(run)
        service_args = runuser[runuser.index("--") + 1:]
        entry = pwd.getpwnam(service_user)
        service_log = open(workdir / "dienst.log", "wb")
        service = subprocess.Popen(
            service_args, user=entry.pw_uid, group=entry.pw_gid, extra_groups=[accounts.gid], cwd="/",
            env={"PATH": "/usr/bin:/bin"}, stdout=service_log, stderr=service_log, umask=0o077,
        )
        stack.callback(stop_pids, [service.pid])
        assert wait_until(lambda: socket.exists(), START), (workdir / "dienst.log").read_text()
        server = WebServer(workdir, accounts, ex, tw, zr, outsider, cspe, socket, workdir / "lib" / "cspe-web-start",
                           web_user, init.stdout, [])
        stack.callback(lambda: stop_pids([p.pid for p in server.gateways]))
        model, klas = write_inputs(server)
        for args in (("model", "import", str(model)),
                     ("groep", "nieuw", "--model", SLUG, "--kandidaten", str(klas), "--examinator", ex.name,
                      "--tweede", tw.name, "--werkwijze", "achteraf", "--id", GROUP_ID)):
            made = server.as_user(ex, *args)
            assert made.returncode == 0, made.stdout + made.stderr
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module (Debian's, never Playwright's own download)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()
