"""Work that can wait runs between keys, not during one.

An examinator types in bursts; every frame that a key's own frame has to wait for is
latency they feel over SSH. Two things can wait for a pause in the typing:
- Python's cycle collector: with a group of 300 x 60 in memory a full collection took
  80 ms and a middle one 3-8 ms, on whichever key it fell. While the app runs automatic
  collection is off; a timer collects when the keys paused (or when garbage piles up
  regardless), and a freshly opened group's objects are frozen, so later collections do
  not walk them again. Reference counting still frees everything that is not a cycle.
- the live feed's look at the other examinator's changes (cspe_tui/ui/live.py), held
  while keys come in and at most `LiveFeed.MAX_HOLD` seconds.
"""

from __future__ import annotations

import gc
import time

FORCE_AFTER = 100_000
"""Collect (the young generations only) after this many allocations, even while typing."""
FULL_EVERY = 150
"""Every so many collections in a pause include the oldest generation (at most every 30 s)."""
WORTH_IT = 1_000
"""Fewer new objects than this since the last collection: nothing worth collecting yet."""


class KeyClock:
    """When the last key came."""

    def __init__(self) -> None:
        self.last = 0.0

    def pressed(self) -> None:
        self.last = time.monotonic()

    def quiet_for(self, seconds: float) -> bool:
        return time.monotonic() - self.last >= seconds


class IdleCollector:
    QUIET_SECONDS = 0.25

    def __init__(self, keys: KeyClock) -> None:
        self.keys = keys
        self._rounds = 0
        self._was_enabled = gc.isenabled()

    def start(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def stop(self) -> None:
        """Back to Python's own collection (the app ends; tests start many apps in one process)."""
        gc.unfreeze()
        if self._was_enabled:
            gc.enable()

    def tick(self) -> None:
        if gc.get_count()[0] < WORTH_IT:
            return
        if self.keys.quiet_for(self.QUIET_SECONDS):
            self._rounds += 1
            gc.collect(2 if self._rounds % FULL_EVERY == 0 else 1)
        elif gc.get_count()[0] >= FORCE_AFTER:
            gc.collect(1)

    def settle(self) -> None:
        """After loading a group: collect once, then leave its objects out of later collections."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
