"""The real `cspe demo` in an 80x24 tmux terminal: score a whole candidate by keys and read the totals.

Keys go in with one `send-keys` per criterium, as fast as tmux takes them, so they also
arrive in bursts; the totals on the screen must be exactly what was typed.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cspe_tui.demo import EXAMINATOR
from cspe_tui.store import open_store
from tests.ssh.harness import tool
from tests.ssh.tmux import Tmux

pytestmark = pytest.mark.skipif(tool("tmux") is None, reason="tmux is niet geïnstalleerd")

GROUP = "pie-gl-2026-rood-a"


def _keys_for(allowed: list[int]) -> tuple[int, list[str]]:
    """The highest one-digit score, and Enter when a two-digit score could start with it."""
    value = max(a for a in allowed if a <= 9)
    waits = any(a >= 10 and str(a).startswith(str(value)) for a in allowed)
    return value, [str(value), *(["Enter"] if waits else [])]


def test_scoring_a_whole_candidate_at_80x24(tmp_path: Path) -> None:
    folder = tmp_path / "demo"
    cspe = [str(Path(sys.executable).parent / "cspe")]
    made = subprocess.run([*cspe, "--data", str(folder), "demo", "--niet-starten"], capture_output=True, text=True,
                          timeout=600)
    assert made.returncode == 0, made.stderr
    state = open_store(folder, user=EXAMINATOR).load_group(GROUP)
    candidate = next(
        c.examennummer for c in state.candidates if state.cell(c.examennummer, state.model.criteria[0].code).examinator is None
    )
    tmux = Tmux(tmp_path, (80, 24))
    try:
        tmux.open("x", [*cspe, "--data", str(folder), "demo", "--als", EXAMINATOR])
        tmux.wait_for("x", lambda s: "Groep" in s and "Status" in s, 60, "the start screen")
        for _ in range(12):
            if "> pie-gl" in tmux.screen("x"):
                break
            tmux.keys("x", "Down")
            tmux.wait_for("x", lambda s: True, 1, "")
        tmux.keys("x", "Enter")
        tmux.wait_for("x", lambda s: "Criterium" in s and "? Help" in s and "q Stoppen" in s, 60, "the scoring screen")
        sums: dict[str, int] = {}
        for criterium in state.model.criteria:
            value, keys = _keys_for(list(criterium.allowed))
            nummer = state.model.opdracht_of(criterium.code).nummer
            sums[nummer] = sums.get(nummer, 0) + value
            tmux.keys("x", *keys)
        expected = [str(sums[o.nummer]) for o in state.model.opdrachten] + [str(sum(sums.values()))]
        screen = tmux.wait_for(
            "x", lambda s: any(line.split()[2:] == expected for line in s.splitlines() if "Exam. (jij)" in line),
            60, f"the totals {expected}",
        )
        assert "Kandidaat" in screen
        tmux.keys("x", "q")
        tmux.wait_for("x", lambda s: tmux.exit_status("x") is not None, 30, "the end of cspe")
    finally:
        tmux.close()
    stored = open_store(folder, user=EXAMINATOR).load_group(GROUP)
    assert all(stored.cell(candidate, c.code).examinator is not None for c in stored.model.criteria)
