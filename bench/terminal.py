"""A child process in a real pseudo-terminal, read with pyte: shared by the benchmarks that time keys.

`Terminal` starts a command in a pty of a given size (TERM=xterm-256color, no COLORTERM,
as over SSH), keeps the screen in pyte when asked to, and times a key from writing it to
the last byte of the answer. `p50_p95` turns samples in seconds into milliseconds.
`Load` reads the load average before, between and after the runs and says whether a
verdict was reached on a quiet machine; `verdict` words one goal the same way in every bench.
"""

from __future__ import annotations

import fcntl
import os
import select
import signal
import statistics
import struct
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUIET = 0.050
"""A key's answer is finished after this long without output (not counted)."""
DRAIN_QUIET = 0.030
KEY_TIMEOUT = 3.0
QUIET_LOAD_PER_CORE = 1.0
"""Above this 1-minute load average per core the machine is not quiet: goals are not judged then."""


class Terminal:
    """A child process in a pty of the given size; pyte keeps the screen when asked to."""

    def __init__(self, argv: list[str], size: tuple[int, int], env: dict[str, str] | None = None) -> None:
        import pyte

        self.columns, self.lines = size
        self.screen = pyte.Screen(*size)
        self.stream = pyte.ByteStream(self.screen)
        pid, fd = os.forkpty()
        if pid == 0:
            child = {k: v for k, v in os.environ.items() if k not in ("COLORTERM", "NO_COLOR", "TEXTUAL")}
            child.update(TERM="xterm-256color", COLUMNS=str(size[0]), LINES=str(size[1]), PYTHONPATH=str(ROOT))
            child.update(env or {})
            os.execvpe(argv[0], argv, child)
        self.pid, self.fd = pid, fd
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", size[1], size[0], 0, 0))

    def read(self, timeout: float) -> bytes:
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.fd, 65536)
        except OSError:
            return b""

    def text(self) -> str:
        return "\n".join(self.screen.display)

    def wait_for(self, needle: str, timeout: float = 60.0) -> float:
        """Feed output to pyte until `needle` shows; returns perf_counter() of the read that showed it."""
        deadline = time.monotonic() + timeout
        while needle not in self.text():
            if time.monotonic() > deadline:
                raise TimeoutError(f"'{needle}' verscheen niet binnen {timeout:.0f} s; scherm:\n{self.text()}")
            self.stream.feed(self.read(0.1))
        return time.perf_counter()

    def settle(self, quiet: float, limit: float, feed: bool = False) -> None:
        """Read until `quiet` seconds pass without output (at most `limit` seconds)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            data = self.read(quiet)
            if not data:
                return
            if feed:
                self.stream.feed(data)

    def key(self, key: bytes, feed: bool = False) -> float | None:
        """Seconds from writing `key` to the last byte of the answer (50 ms of silence end it); None if none came.

        With `feed`, pyte reads the answer after the timing, so parsing it costs the timed app nothing.
        """
        self.settle(DRAIN_QUIET, 1.0, feed)
        start = time.perf_counter()
        os.write(self.fd, key)
        last = None
        chunks = []
        deadline = start + KEY_TIMEOUT
        while True:
            wait = QUIET if last is not None else max(0.0, deadline - time.perf_counter())
            data = self.read(wait)
            if not data:
                break
            last = time.perf_counter()
            chunks.append(data)
            if last > deadline:
                break
        if feed:
            self.stream.feed(b"".join(chunks))
        return None if last is None else last - start

    def stop(self) -> None:
        try:
            os.kill(self.pid, signal.SIGTERM)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(self.fd)


def p50_p95(samples: list[float]) -> tuple[float, float]:
    """Median and p95 in milliseconds of samples in seconds."""
    ordered = sorted(samples)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered) * 1000, p95 * 1000


class Load:
    """The 1-minute load average, read before, between and after the runs of one bench.

    Goals are judged on a quiet machine. A shared machine often is not: then every figure
    stretches, the yardstick (measured interleaved with the app, so under the same load)
    stretches with it, and the output says that the verdict was not reached on a quiet machine.
    """

    def __init__(self) -> None:
        self.cores = os.cpu_count() or 1
        self.readings: list[tuple[str, tuple[float, float, float]]] = []

    def read(self, moment: str) -> str:
        averages = os.getloadavg()
        self.readings.append((moment, averages))
        return (f"belasting {moment}: {averages[0]:.2f} {averages[1]:.2f} {averages[2]:.2f} "
                f"(1, 5, 15 min; {self.cores} kernen)")

    @property
    def highest(self) -> float:
        """The highest 1-minute load average per core of the readings."""
        return max((averages[0] for _, averages in self.readings), default=0.0) / self.cores

    @property
    def quiet(self) -> bool:
        return self.highest <= QUIET_LOAD_PER_CORE

    def summary(self) -> str:
        per_core = f"hoogste 1-minuutsbelasting {self.highest:.2f} per kern"
        if self.quiet:
            return f"{per_core}: een rustige machine, de oordelen gelden."
        return (f"{per_core} (boven {QUIET_LOAD_PER_CORE:.1f}): GEEN rustige machine; de oordelen hieronder zijn "
                "niet op een rustige machine gegeven, kijk naar de verhouding met de maatstaf uit dezelfde run.")


def verdict(over: float, goal: float, unit: str, load: Load, strict: bool = False) -> str:
    """'gehaald' or 'niet gehaald' (with by how much) for `over` beside `goal`; marked when the machine was busy."""
    met = over < goal if strict else over <= goal
    digits = 1 if unit == "ms" else 3
    text = "gehaald" if met else f"niet gehaald ({over - goal:.{digits}f} {unit} te veel)"
    return text if load.quiet else f"{text}, niet op een rustige machine"
