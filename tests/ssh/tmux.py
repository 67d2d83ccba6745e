"""A private tmux server for the end-to-end tests: one window per examinator, read with capture-pane."""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from .harness import describe_pids, descendants, tool, wait_until


class Tmux:
    """A private tmux server (own socket, own config): one window per examinator, read with capture-pane."""

    def __init__(self, workdir: Path, size: tuple[int, int]) -> None:
        self.workdir = workdir
        self.socket = workdir / "tmux.sock"
        self.conf = workdir / "tmux.conf"
        self.size = size
        # As over a typical SSH client: TERM=xterm-256color; ssh sends no COLORTERM.
        self.conf.write_text(
            'set -g default-terminal "xterm-256color"\n'
            "set -g remain-on-exit on\n"
            "set -g status off\n"
            "set -g history-limit 100\n"
        )
        self.started = False

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {k: v for k, v in os.environ.items() if k not in ("TMUX", "COLORTERM", "NO_COLOR")}
        return subprocess.run(
            [tool("tmux"), "-u", "-S", str(self.socket), "-f", str(self.conf), *args],
            check=check, capture_output=True, text=True, timeout=15, env=env,
        )

    def open(self, name: str, command: list[str]) -> None:
        """A window running `command`; its exit code lands in <workdir>/<name>.exit (see `exit_status`)."""
        width, height = self.size
        status = self.workdir / f"{name}.exit"
        status.unlink(missing_ok=True)
        wrapped = ["/bin/sh", "-c", '"$@"; echo $? > "$STATUS_FILE.tmp" && mv "$STATUS_FILE.tmp" "$STATUS_FILE"', "sh", *command]
        self.tmux(
            "new-session", "-d", "-s", name, "-x", str(width), "-y", str(height), "-e", f"STATUS_FILE={status}",
            "--", *wrapped,
        )
        self.started = True

    def keys(self, name: str, *keys: str) -> None:
        self.tmux("send-keys", "-t", name, *keys)

    def screen(self, name: str) -> str:
        return self.tmux("capture-pane", "-p", "-t", name).stdout

    def exit_status(self, name: str) -> str | None:
        """The exit code of the window's program, None while it runs.

        Written by the wrapping shell rather than read from tmux: under load tmux 3.3a can leave
        an ended program unreaped (a zombie), and then never reports the pane as ended.
        """
        try:
            return (self.workdir / f"{name}.exit").read_text().strip() or None
        except FileNotFoundError:
            return None

    def pane_report(self, name: str) -> str:
        """The pane's state and its processes (with their kernel state), for failure messages."""
        info = self.tmux(
            "list-panes", "-t", name, "-F", "dead=#{pane_dead} pid=#{pane_pid} status=#{pane_dead_status} "
            "signal=#{pane_dead_signal}", check=False,
        ).stdout.strip()
        found = re.search(r"pid=(\d+)", info)
        pids = [int(found.group(1)), *descendants(int(found.group(1)))] if found else []
        states = []
        for pid in pids:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                wchan = Path(f"/proc/{pid}/wchan").read_text()
            except OSError:
                continue
            state = next((line for line in status.splitlines() if line.startswith("State:")), "")
            states.append(f"{describe_pids([pid])} [{state.strip()} wchan={wchan}]")
        return info + "\n" + "\n".join(states)

    def wait_for(
        self, name: str, check: Callable[[str], object], timeout: float, what: str,
        context: Callable[[], str] | None = None,
    ) -> str:
        """The screen as soon as `check(screen)` holds; fails with the screen as it was (and `context()`)."""
        last = [""]

        def probe() -> object:
            last[0] = self.screen(name)
            return check(last[0])

        if not wait_until(probe, timeout):
            extra = f"\n{context()}" if context is not None else ""
            raise AssertionError(f"{what}: not on {name}'s screen within {timeout:.0f} s. The screen:\n{last[0]}{extra}")
        return last[0]

    def close(self) -> None:
        if self.started:
            self.tmux("kill-server", check=False)
            self.started = False
        self.socket.unlink(missing_ok=True)
