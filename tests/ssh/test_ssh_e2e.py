"""Two examinators on one school server over real SSH: identity, permissions, shared folder, live refresh.

The administrator (root) sets the folder up with `cspe server init --zonder-dienst` (the
group-shared folder without a service; test_ssh_service.py covers the service); the first examinator,
also examensecretaris, reads in the model and makes the group over ssh with umask 077;
then both examinators run `cspe` through `ssh -tt` in tmux, at the same time, on the
same group. The test drives them with send-keys and reads their screens with
capture-pane, polling with a timeout.
"""

from __future__ import annotations

import json
import os
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from cspe_tui.store import open_store
from tests.helpers import model_dict

from .conftest import Server
from .harness import describe_pids, pids_of_uid

pytestmark = pytest.mark.ssh

GROUP_ID = "e2e-4b"
SLUG = "HBR-kb-2026-rood-B"
LIVE = 10.0
"""How long to wait for one examinator's score on the other's screen: a liveness bound, not a
speed goal (the app polls every 0.4 s; bench/keys.py and the notes carry the figures)."""
START = 30.0


def cells(screen: str, code: str) -> tuple[str, str, str, str] | None:
    """(examinator, tweede, vastgesteld, signs) of a criterium line, cut at the header's column positions."""
    lines = [line.split("││", 1)[-1] for line in screen.splitlines()]
    header = next((line for line in lines if "Vastg" in line and "Tkn" in line and "Code" in line), None)
    row = next((line for line in lines if line.lstrip("│ >").startswith(code + " ")), None)
    if header is None or row is None:
        return None
    full = "Exam." in header  # below 140 columns the table uses its compact labels: jij (own column), 1e or 2e, Vastg
    if full:
        first, second = header.index("Exam."), header.index("Tweede")
    else:  # the viewer's own column is headed "jij", the other "1e" or "2e"
        first = header.index(" 1e" if " 1e" in header else " jij") + 1
        second = header.index(" 2e" if " 2e" in header else " jij")
    second += 0 if full else 1
    final = header.index("Vastg")
    signs = header.index("Tkn")
    return (
        row[first:second].strip(),
        row[second:final].strip(),
        row[final:signs].strip(),
        row[signs : signs + 4].rstrip(" │"),
    )


def shows(code: str, *, first: str | None = None, second: str | None = None, sign: str | None = None):
    """A screen check: the criterium's line has these values (None: any)."""

    def check(screen: str) -> bool:
        found = cells(screen, code)
        if found is None:
            return False
        return (
            (first is None or found[0] == first)
            and (second is None or found[1] == second)
            and (sign is None or sign in found[3])
        )

    return check


def as_admin(*args: str) -> subprocess.CompletedProcess[str]:
    """`cspe ARGS` as root, the way the system administrator runs it."""
    return subprocess.run([sys.executable, "-m", "cspe_tui", *args], capture_output=True, text=True, timeout=60)


def remote(server: Server, *args: str | Path) -> str:
    return shlex.join([str(server.cspe), "--data", str(server.data), *map(str, args)])


def write_inputs(server: Server) -> tuple[Path, Path]:
    """The model and the class list, where the examensecretaris can read them."""
    inputs = server.workdir / "input"
    inputs.mkdir(mode=0o755)
    model = inputs / "hbr-b.json"
    model.write_text(json.dumps(model_dict(), ensure_ascii=False), encoding="utf-8")
    klas = inputs / "klas-4b.csv"
    klas.write_text("examennummer;naam\n1001;Şükrü Yılmaz\n1002;Emma de Boer\n", encoding="utf-8")
    for path in (model, klas):
        os.chmod(path, 0o644)
    return model, klas


def shared_modes(data: Path, gid: int) -> list[str]:
    """Everything in the data folder that is not group-owned with mode 2770 (folders) or 660 (files)."""
    wrong = []
    for root, dirs, files in os.walk(data):
        for path, want in [(Path(root), 0o2770)] + [(Path(root) / f, 0o660) for f in files]:
            st = os.lstat(path)
            if st.st_gid != gid or stat.S_IMODE(st.st_mode) != want:
                wrong.append(f"{path}: group {st.st_gid}, mode {stat.S_IMODE(st.st_mode):o}")
    return wrong


def test_two_examinators_score_one_group_over_ssh(server: Server) -> None:
    ex, tw, sshd, tmux = server.examinator, server.tweede, server.sshd, server.tmux

    # The administrator sets up the folder; the examinator is also examensecretaris here.
    init = as_admin(
        "server", "init", "--data", str(server.data), "--groep", server.accounts.group, "--school", "Vmbo De Brug",
        "--brin", "99ZZ", "--telefoon", "010-1234567", "--secretaris", ex.name, "--zonder-dienst",
    )
    assert init.returncode == 0, init.stderr
    model, klas = write_inputs(server)

    # Over ssh, with a umask that would shut the group out if the app trusted it.
    prepare = sshd.ssh(
        ex,
        "umask 077 && "
        + remote(server, "model", "import", model)
        + " && "
        + remote(server, "groep", "nieuw", "--model", SLUG, "--kandidaten", klas, "--examinator", ex.name,
                 "--tweede", tw.name, "--werkwijze", "achteraf", "--id", GROUP_ID),
    )
    assert prepare.returncode == 0, f"{server.cspe_how}\n{prepare.stdout}\n{prepare.stderr}\n{sshd.log_text()}"
    assert f"Groep {GROUP_ID} aangemaakt" in prepare.stdout

    # Both examinators open the app at the same time, each over their own ssh -tt.
    tmux.open("ex", [*sshd.ssh_args(ex, tty=True), f"umask 077; exec {remote(server)}"])
    tmux.open("tw", [*sshd.ssh_args(tw, tty=True), f"umask 022; exec {remote(server)}"])
    for name, account in (("ex", ex), ("tw", tw)):
        tmux.wait_for(name, lambda s, a=account: GROUP_ID in s and f"ingelogd als {a.name}" in s, START, "start screen")
        tmux.keys(name, "Enter")
    tmux.wait_for("ex", lambda s: f"1e {ex.name} (jij)" in s and shows("B1.1")(s), START, "scoring screen")
    tmux.wait_for("tw", lambda s: f"2e {tw.name} (jij)" in s and shows("B1.1")(s), START, "scoring screen")

    # The examinator scores B1.1; it appears on the tweede examinator's screen.
    tmux.keys("ex", "1")
    tmux.wait_for("ex", shows("B1.1", first="1", second="-"), LIVE, "own score")
    tmux.wait_for("tw", shows("B1.1", first="1", second="-"), LIVE, "the examinator's score, live")

    # The tweede examinator's keys write only their own column: 0 makes a difference, on both screens.
    tmux.keys("tw", "0")
    tmux.wait_for("tw", shows("B1.1", first="1", second="0", sign="!"), LIVE, "difference on the tweede's screen")
    tmux.wait_for("ex", shows("B1.1", first="1", second="0", sign="!"), LIVE, "difference on the examinator's screen")
    cell = open_store(server.data).load_group(GROUP_ID).cell("1001", "B1.1")
    assert (cell.examinator, cell.tweede, cell.vastgesteld) == (1, 0, None)

    # Not through the app either: the store knows the tweede only as their own login.
    als = sshd.ssh(tw, remote(server, "start", "--als", ex.name))
    assert als.returncode == 1, als.stdout + als.stderr
    assert f"Werken als een andere gebruiker ({ex.name}) kan alleen in een demomap" in als.stderr
    assert f"werk je altijd als jezelf ({tw.name})" in als.stderr
    probe = (
        "import sys\n"
        "from cspe_tui.store import PermissionDenied, open_store\n"
        "data, group, other = sys.argv[1:]\n"
        "try:\n"
        "    open_store(data, user=other)\n"
        "    print('opened as', other)\n"
        "except PermissionDenied:\n"
        "    print('refused')\n"
        "store = open_store(data)\n"
        "store.set_score(group, '1001', 'B1.2', 2)\n"
        "cell = store.load_group(group).cell('1001', 'B1.2')\n"
        "print(store.user, cell.examinator, cell.tweede)\n"
    )
    python = server.cspe.parent / "python"
    direct = sshd.ssh(tw, shlex.join([str(python), "-c", probe, str(server.data), GROUP_ID, ex.name]))
    assert direct.returncode == 0, direct.stderr
    assert direct.stdout.splitlines() == ["refused", f"{tw.name} None 2"]
    tmux.wait_for("ex", shows("B1.2", first="-", second="2"), LIVE, "the tweede's direct write, in their own column")

    # The audit trail names both logins, each with their own column.
    log = sshd.ssh(tw, remote(server, "log", GROUP_ID))
    assert log.returncode == 0, log.stderr
    # Columns: nr, date, time, login, action, kandidaat, criterium, kolom, oud, nieuw.
    rows = [line.split() for line in log.stdout.splitlines() if line.split() and line.split()[0].isdigit()]
    assert rows[0][3:6] == [ex.name, "groep", "aangemaakt"]
    scores = [(r[3], r[5], r[6], r[7:]) for r in rows if r[4] == "score"]
    assert (ex.name, "1001", "B1.1", ["examinator", "-", "1"]) in scores
    assert (tw.name, "1001", "B1.1", ["tweede", "examinator", "-", "0"]) in scores
    assert (tw.name, "1001", "B1.2", ["tweede", "examinator", "-", "2"]) in scores
    assert {r[0] for r in scores} == {ex.name, tw.name}

    # Both stop with q; the ssh sessions end cleanly.
    for name in ("ex", "tw"):
        tmux.keys(name, "q")
    for name, account in (("ex", ex), ("tw", tw)):
        screen = tmux.wait_for(
            name, lambda _s, n=name: tmux.exit_status(n) is not None, 15, "ssh session ended",
            context=lambda n=name, a=account: (
                f"{tmux.pane_report(n)}\n{a.name}'s processes:\n{describe_pids(pids_of_uid(a.uid))}\n{sshd.log_text()}"
            ),
        )
        assert tmux.exit_status(name) == "0", screen

    # What is left behind: group-owned, 660 and 2770, written by both logins despite umask 077.
    assert shared_modes(server.data, server.accounts.gid) == []
    owners = {os.lstat(Path(root) / f).st_uid for root, _, files in os.walk(server.data) for f in files}
    assert {ex.uid, tw.uid} <= owners <= {0, ex.uid, tw.uid}
    verify = as_admin("--data", str(server.data), "verify", GROUP_ID)
    assert verify.returncode == 0, verify.stdout

    # Someone outside the group gets a Dutch message, not a traceback.
    outsider = sshd.ssh(server.outsider, remote(server, "groep", "lijst"))
    assert outsider.returncode == 1
    assert "Traceback" not in outsider.stderr
    assert f"hoort niet bij de groep '{server.accounts.group}' van de gegevensmap {server.data}" in outsider.stderr

