"""Catching up with a log: read the lines after a known position and fold each whole transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from cspe_tui.domain.evolve import EventMismatch

from .log import GENESIS, AuditSig, EventLog, LineError, parse_line

Applied = list[tuple[dict[str, Any], Any]]


@dataclass
class Position:
    """How far this process has folded a log, and whether the log can be trusted from there."""

    seq: int = 0
    hash: str = GENESIS
    end: int = 0
    sig: AuditSig | None = None
    problem: str | None = None
    """Set when a line does not fit the chain or the state: nothing may be written on top of it."""


def follow(log: EventLog, pos: Position, apply: Callable[[Applied], None], can_write: bool) -> bool:
    """Fold complete transactions after `pos`; as a writer, cut off a transaction a crash left unfinished.

    Returns whether anything new was folded. Call with the log's lock held.
    """
    pending: Applied = []
    seq, prev = pos.seq, pos.hash
    folded = False
    if pos.problem is None:
        try:
            for end, line in log.iter_lines(pos.end):
                raw, event = parse_line(line, seq + 1, seq, prev)
                seq, prev = raw["seq"], raw["hash"]
                pending.append((raw, event))
                if not raw["more"]:
                    apply(pending)
                    pos.seq, pos.hash, pos.end = seq, prev, end
                    pending = []
                    folded = True
        except LineError as exc:
            pos.problem = str(exc)
        except EventMismatch as exc:
            pos.problem = f"Logboek regel {seq}: {exc}"
    sig = log.stat()
    if can_write and pos.problem is None and sig is not None and sig[1] > pos.end:
        # An unacknowledged transaction (half a line, or lines without their last): it goes as a whole.
        log.truncate(pos.end)
        sig = log.stat()
    pos.sig = sig
    return folded
