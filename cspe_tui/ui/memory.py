"""Python's cycle collector runs between keys, not during one.

With a group of 300 x 60 in memory, a full collection took 80 ms and a middle one 3-8 ms:
whichever key it fell on waited that long for its frame. So while the app runs, automatic
collection is off; a timer collects when no key came for a moment (or when garbage piles
up regardless), and the objects of a freshly opened group are frozen, so later collections
do not walk them again. Reference counting still frees everything that is not a cycle.
"""

from __future__ import annotations

import gc
import time

QUIET_SECONDS = 0.25
"""Collect only when no key arrived for this long."""
FORCE_AFTER = 100_000
"""...or when this many objects were allocated since, keys or not."""
FULL_EVERY = 20
"""Every so many collections include the oldest generation."""


class IdleCollector:
    def __init__(self) -> None:
        self.last_key = 0.0
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

    def key_pressed(self) -> None:
        self.last_key = time.monotonic()

    def tick(self) -> None:
        idle = time.monotonic() - self.last_key >= QUIET_SECONDS
        if not idle and gc.get_count()[0] < FORCE_AFTER:
            return
        self._rounds += 1
        gc.collect(2 if self._rounds % FULL_EVERY == 0 else 1)

    def settle(self) -> None:
        """After loading a group: collect once, then leave its objects out of later collections."""
        gc.unfreeze()
        gc.collect()
        gc.freeze()
