"""TinyDB storage that two examinators' processes can share safely.

Stock JSONStorage rewrites the file in place (a kill leaves half a file) and keeps
no lock (two processes overwrite each other's writes). This storage replaces the
file atomically, takes an inter-process lock around each read-modify-write
(`batch()`), and re-reads the file when another process replaced it. The files are
checkpoints of the logs (which are fsynced), so a write here does not fsync.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from .errors import CorruptFile
from .fs import replace_file

Signature = tuple[int, int, int, int]


def table(storage: Storage, name: str) -> Table:
    """A fresh Table: TinyDB's query cache and next-id cache know nothing of other processes."""
    return Table(storage, name, cache_size=0)


class AtomicJSONStorage(Storage):
    def __init__(self, path: str | os.PathLike[str], lock: AbstractContextManager | None = None) -> None:
        self.path = Path(path)
        self.lock = lock
        self._sig: Signature | None = None
        self._text: str | None = None
        self._batch: dict[str, dict[str, Any]] | None = None
        self._in_snapshot = False
        self._snapshot: dict[str, dict[str, Any]] | None = None
        self._dirty = False

    # -- reading ------------------------------------------------------------------

    def refresh(self) -> Signature | None:
        """Re-read the file if it was replaced since we read it (inode, size, mtime, ctime); None if missing."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            self._sig = None
            self._text = None
            return None
        try:
            st = os.fstat(fd)
            sig = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
            if sig != self._sig or self._text is None:
                chunks = []
                while chunk := os.read(fd, 1 << 20):
                    chunks.append(chunk)
                try:
                    self._text = b"".join(chunks).decode("utf-8")
                except UnicodeDecodeError:
                    self._sig = None
                    raise CorruptFile(f"Het bestand {self.path} is beschadigd (geen UTF-8-tekst).") from None
                self._sig = sig
        finally:
            os.close(fd)
        return self._sig

    def _parse(self) -> dict[str, dict[str, Any]] | None:
        if self._text is None or not self._text.strip():
            return None
        try:
            data = json.loads(self._text)
        except json.JSONDecodeError as exc:
            raise CorruptFile(
                f"Het bestand {self.path} is beschadigd (geen geldige JSON, regel {exc.lineno}). "
                "Voer 'cspe verify' uit voor deze groep of vraag de systeembeheerder om hulp."
            ) from None
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise CorruptFile(f"Het bestand {self.path} is beschadigd (geen TinyDB-tabellen).")
        return data

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._batch is not None:
            return self._batch
        if self._in_snapshot:
            if self._snapshot is None:
                self._snapshot = self._parse() or {}
            return self._snapshot
        self.refresh()
        return self._parse()

    @contextmanager
    def snapshot(self) -> Iterator[Signature | None]:
        """Read-only view, parsed at most once and only if a Table reads it. Yields the file's signature.

        Callers key caches of derived records on the signature, so an unchanged file costs one fstat.
        """
        if self._batch is not None or self._in_snapshot:
            yield self._sig
            return
        sig = self.refresh()
        self._in_snapshot = True
        try:
            yield sig
        finally:
            self._in_snapshot = False
            self._snapshot = None

    # -- writing ------------------------------------------------------------------

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if self._batch is not None:
            self._batch = data
            self._dirty = True
            return
        if self._in_snapshot:
            raise RuntimeError("schrijven binnen een snapshot")
        with self._locked():
            self._write_now(data)

    @contextmanager
    def batch(self) -> Iterator[None]:
        """One read-modify-write under the lock: fresh read first, one atomic write at the end, none on error."""
        if self._batch is not None:
            yield
            return
        if self._in_snapshot:
            raise RuntimeError("schrijven binnen een snapshot")
        with self._locked():
            self.refresh()
            self._batch = self._parse() or {}
            self._dirty = False
            try:
                yield
                if self._dirty:
                    self._write_now(self._batch)
            finally:
                self._batch = None
                self._dirty = False

    def _write_now(self, data: dict[str, dict[str, Any]]) -> None:
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        try:
            replace_file(self.path, text.encode("utf-8"))
        except BaseException:
            self.invalidate()
            raise
        try:
            st = os.stat(self.path)
        except OSError:
            self.invalidate()
            return
        self._sig = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
        self._text = text

    def invalidate(self) -> None:
        self._sig = None
        self._text = None

    def _locked(self) -> AbstractContextManager:
        return self.lock if self.lock is not None else nullcontext()


def open_db(path: Path, lock: AbstractContextManager | None = None) -> TinyDB:
    return TinyDB(path, storage=AtomicJSONStorage, lock=lock)
