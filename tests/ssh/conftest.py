"""The school server for the SSH test: made before the test, taken down after it, also when it fails."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pytest

from .harness import Account, Accounts, Sshd, app_for, missing_tools, shared_workdir
from .tmux import Tmux

SIZE = (120, 36)


def skip_reason() -> str | None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return "needs root: it creates Unix accounts and runs sshd (CI runs it as root via .ci/run)"
    missing = missing_tools()
    if missing:
        return f"needs openssh-server, openssh-client and tmux; missing: {', '.join(missing)}"
    return None


@dataclass
class Server:
    workdir: Path
    accounts: Accounts
    examinator: Account
    tweede: Account
    outsider: Account
    sshd: Sshd
    tmux: Tmux
    cspe: Path
    cspe_how: str

    @property
    def data(self) -> Path:
        return self.workdir / "data"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    reason = skip_reason()
    if reason:
        pytest.skip(reason)
    with ExitStack() as stack:
        workdir, keys, accounts = shared_workdir(stack, "cspe-ssh-")
        examinator = accounts.add("ex")
        tweede = accounts.add("tw")
        outsider = accounts.add("nl", member=False)
        cspe, how = app_for(examinator, workdir)
        sshd = Sshd(keys, allow=[a.name for a in (examinator, tweede, outsider)])
        stack.callback(sshd.close)
        sshd.start()
        tmux = Tmux(keys, SIZE)
        stack.callback(tmux.close)
        yield Server(workdir, accounts, examinator, tweede, outsider, sshd, tmux, cspe, how)
