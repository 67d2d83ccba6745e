"""Who may log in: the server's own accounts (PAM, via the start helper), slowed and throttled.

The password goes to the helper's stdin and is forgotten; the gateway keeps nothing of it.
"""

from __future__ import annotations

import asyncio
import grp
import pwd
import re
import time
from collections import defaultdict, deque
from dataclasses import dataclass

LOGIN_PATTERN = re.compile(r"^[a-z_][a-z0-9_.-]{0,31}$")
SUDO = "/usr/bin/sudo"
CHECK_TIMEOUT = 20.0


def group_members(group: str) -> set[str]:
    """Listed members plus accounts whose primary group it is."""
    try:
        entry = grp.getgrnam(group)
    except KeyError:
        return set()
    names = set(entry.gr_mem)
    names.update(p.pw_name for p in pwd.getpwall() if p.pw_gid == entry.gr_gid)
    return names


@dataclass
class PamChecker:
    """Runs `sudo -n -u LOGIN helper controleer` with the password on stdin."""

    helper: str
    group: str
    sudo: str = SUDO

    async def check(self, login: str, password: str) -> bool:
        if not LOGIN_PATTERN.match(login) or login not in group_members(self.group):
            await asyncio.sleep(2.0)  # about what PAM takes to refuse, so the answer says nothing
            return False
        proc = await asyncio.create_subprocess_exec(
            self.sudo, "-n", "-u", login, self.helper, "controleer",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
            env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
        )
        try:
            await asyncio.wait_for(proc.communicate(password.encode("utf-8")), CHECK_TIMEOUT)
        except asyncio.TimeoutError:
            proc.kill()
            await proc.wait()
            return False
        return proc.returncode == 0


@dataclass
class DemoChecker:
    """`cspe demo --web`: the demo logins need no password (as `--als` in the terminal)."""

    logins: tuple[str, ...]

    async def check(self, login: str, password: str) -> bool:
        return login in self.logins


class Throttle:
    """Failed logins per account and per address: each costs more time, too many lock out a while."""

    def __init__(self, limit: int = 5, window: float = 900.0, lockout: float = 900.0) -> None:
        self.limit = limit
        self.window = window
        self.lockout = lockout
        self._failures: dict[str, deque[float]] = defaultdict(deque)

    def _recent(self, key: str) -> deque[float]:
        times = self._failures[key]
        while times and time.monotonic() - times[0] > max(self.window, self.lockout):
            times.popleft()
        return times

    def blocked_for(self, *keys: str) -> float:
        """Seconds this login or address must still wait (0: may try)."""
        wait = 0.0
        for key in keys:
            times = self._recent(key)
            if len(times) >= self.limit:
                wait = max(wait, self.lockout - (time.monotonic() - times[-1]))
        return max(wait, 0.0)

    def failed(self, *keys: str) -> float:
        """Record a failure; returns the extra delay before answering."""
        now = time.monotonic()
        count = 0
        for key in keys:
            self._recent(key).append(now)
            count = max(count, len(self._failures[key]))
        return min(0.5 * count, 5.0)

    def succeeded(self, login_key: str) -> None:
        self._failures.pop(login_key, None)
