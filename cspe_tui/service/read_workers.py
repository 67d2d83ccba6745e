"""Reads in processes of their own, beside the service: a flood of reads never takes the writer's turn.

In threads, a member asking for group states or `verify` over and over would hold the
interpreter (and the store's lock) the writer needs, and every examinator's score would
wait. Each worker opens the data folder read-only with a store of its own (the store
is built for several processes on one folder: file locks, and a check of each log's size
before it trusts what it holds), answers reads for the service, and sends back JSON ready to
go on the wire. A worker never writes; whatever has to be written goes by the writer.
"""

from __future__ import annotations

import json
import multiprocessing
import sys
from collections.abc import Iterator
from contextlib import contextmanager
import pwd
import os
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from cspe_tui.store import Store, StoreError
from cspe_tui.store.datafolder import DataFolder

from . import protocol as p
from . import reads

WORKERS = 2

_store: Store | None = None
_exports: Path | None = None


CHECKS = frozenset({"verify"})
"""Reads that check whole logs under their locks: one at a time, paced together (limits.Limits.check_share)."""


def _start(data: str, exports: str) -> None:
    global _store, _exports
    os.nice(10)  # the service's own process (connections, the writer) goes first on a busy server
    login = pwd.getpwuid(os.geteuid()).pw_name
    _store = Store(DataFolder(path=Path(data), writable=False), login)
    _exports = Path(exports)


def backlog(store: Store, login: str, uid: int, group_id: str, start: int, end: int) -> Any:
    """The entries of a group's log between two positions the service pushed (for a subscribe), as JSON."""
    from cspe_tui.store import AuditEntry

    from .read_access import Reader

    Reader.of(store, login, uid).check_group(group_id)
    log = store._group(group_id).log
    entries: list[AuditEntry] = []
    if start >= end:
        return []
    with store._mutex:
        for offset, line in log.iter_lines(log.line_start(start)):
            if offset > end:
                break
            try:
                entries.append(AuditEntry.model_validate_json(line))
            except ValueError:
                continue
    return reads.ENTRIES.dump_python(entries, mode="json")


def answer(what: str, args: dict[str, Any], login: str, uid: int) -> tuple[bool, str, float]:
    """(ok, JSON, seconds of work): the read's result, or the error as the protocol carries it."""
    assert _store is not None and _exports is not None
    started = time.process_time()
    try:
        if what == "backlog":
            result = backlog(_store, login, uid, **args)
        else:
            op, parsed = reads.parse_args(what, args)
            result = reads.answer(reads.Context(_store, _exports, login, uid), op, parsed)
        ok, body = True, json.dumps(result, ensure_ascii=False, separators=(",", ":"), default=str)
    except StoreError as exc:
        ok, body = False, json.dumps(p.error(None, exc)["error"], ensure_ascii=False, default=str)
    except Exception as exc:  # noqa: BLE001 - one bad read must not stop the worker
        error = p.ServiceError(f"Interne fout in de cspe-dienst: {type(exc).__name__}: {exc}")
        ok, body = False, json.dumps(p.error(None, error)["error"], ensure_ascii=False)
    return ok, body, time.process_time() - started


def frame(request_id: int, ok: bool, body: str) -> bytes:
    """The answer's frame around the worker's JSON, without decoding and encoding it again."""
    text = f'{{"id":{request_id},"ok":{"true" if ok else "false"},"{"result" if ok else "error"}":{body}}}'
    data = text.encode("utf-8")
    if len(data) > p.MAX_RESPONSE_BYTES:
        return p.encode(p.error(request_id, p.ProtocolError(
            f"Het antwoord van {len(data)} bytes is groter dan de grens van {p.MAX_RESPONSE_BYTES} bytes."
        )))
    return p.HEADER.pack(len(data)) + data


@contextmanager
def _main_script_hidden() -> Iterator[None]:
    """While workers are spawned: they would run the parent's main script again, and a script
    without an `if __name__ == "__main__"` guard (a hand-made `cspe` wrapper) would start a
    second service in each of them. They need nothing from it; `python -m` is safe already."""
    main = sys.modules.get("__main__")
    path = None
    if main is not None and getattr(main, "__spec__", None) is None:
        path = main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        if path is not None:
            main.__file__ = path  # type: ignore[union-attr]


class ReadWorkers:
    def __init__(self, data: Path, exports: Path, workers: int = WORKERS) -> None:
        self._args = (str(data), str(exports))
        self._workers = workers
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        # spawn, not fork: the service has threads (the writer, the event loop) a fork would copy mid-step.
        return ProcessPoolExecutor(
            self._workers, mp_context=multiprocessing.get_context("spawn"), initializer=_start, initargs=self._args
        )

    def submit(self, what: str, args: dict[str, Any], login: str, uid: int) -> Future[tuple[bool, str, float]]:
        with _main_script_hidden():  # a submit may spawn a worker
            try:
                return self._pool.submit(answer, what, args, login, uid)
            except BrokenProcessPool:
                # A worker died (killed, out of memory): start fresh ones for this and later reads.
                self._pool.shutdown(wait=False, cancel_futures=True)
                self._pool = self._new_pool()
                return self._pool.submit(answer, what, args, login, uid)

    def shutdown(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
