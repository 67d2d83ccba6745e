"""The writer's thread, where writes go before anything else that must be serialized with them.

A subscribe or a group read with its cursor must not straddle a write, so it runs on the
writer's one thread too; but a member flooding subscribes must not make an examinator's
score wait behind them. Writes are taken first; the rest runs when no write waits, so a
write waits at most for the one job already running.
"""

from __future__ import annotations

import itertools
import queue
import threading
from collections.abc import Callable
from concurrent.futures import Executor, Future
from typing import Any

WRITE = 0
LATER = 1
_STOP = 2


class WriterLane(Executor):
    def __init__(self, name: str = "cspe-writer") -> None:
        self._jobs: queue.PriorityQueue[tuple[int, int, Future[Any] | None, Callable[..., Any] | None, tuple, dict]] = (
            queue.PriorityQueue()
        )
        self._order = itertools.count()
        self._stopped = False
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """A write: before any waiting subscribe or cursor read."""
        return self._put(WRITE, fn, args, kwargs)

    def later(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        """Serialized with the writes, but after every write already waiting."""
        return self._put(LATER, fn, args, kwargs)

    def _put(self, rank: int, fn: Callable[..., Any], args: tuple, kwargs: dict) -> Future[Any]:
        if self._stopped:
            raise RuntimeError("de schrijver van de cspe-dienst is gestopt")
        future: Future[Any] = Future()
        self._jobs.put((rank, next(self._order), future, fn, args, kwargs))
        return future

    def _work(self) -> None:
        while True:
            rank, _, future, fn, args, kwargs = self._jobs.get()
            if rank == _STOP:
                return
            assert future is not None and fn is not None
            if not future.set_running_or_notify_cancel():
                continue
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: BLE001 - handed to the waiting caller
                future.set_exception(exc)
            else:
                future.set_result(result)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        """Finish what is queued (writes first), then stop the thread."""
        if not self._stopped:
            self._stopped = True
            self._jobs.put((_STOP, next(self._order), None, None, (), {}))
        if wait:
            self._thread.join()
