"""The per-group audit log: hash-chained JSON lines, also the write-ahead log and the change feed.

Every change is appended (and fsynced) before the data file is written, so a crash
between the two is repaired by rolling the last line forward. Each line's hash
covers the previous hash, so removing or editing a line breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from .fs import FILE_MODE, sync, write_all

GENESIS = "0" * 64
FIELDS = ("seq", "at", "login", "action", "examennummer", "criterium", "column", "old", "new", "prev_hash", "hash")


class AuditEntry(BaseModel):
    """One change: who (OS login), when, which candidate/criterium/column, old and new value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seq: int
    at: datetime
    login: str
    action: str
    examennummer: str | None = None
    criterium: str | None = None
    column: str | None = None
    old: Any = None
    new: Any = None
    prev_hash: str
    hash: str


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(raw: dict[str, Any]) -> str:
    body = {k: v for k, v in raw.items() if k != "hash"}
    return hashlib.sha256((str(raw.get("prev_hash")) + canonical(body)).encode("utf-8")).hexdigest()


def seal_entry(raw: dict[str, Any]) -> dict[str, Any]:
    raw["hash"] = entry_hash(raw)
    return raw


AuditSig = tuple[int, int, int]


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def stat(self) -> AuditSig | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def append(self, raw: dict[str, Any]) -> tuple[int, int]:
        """Append one line durably; on failure cut the file back. Returns (start, end) offsets."""
        line = (canonical(raw) + "\n").encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        try:
            st = os.fstat(fd)
            if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != FILE_MODE:
                os.fchmod(fd, FILE_MODE)
            start = st.st_size
            try:
                write_all(fd, line)
                sync(fd)
            except BaseException:
                try:
                    os.ftruncate(fd, start)
                    os.fsync(fd)
                except OSError:
                    pass
                raise
            return start, start + len(line)
        finally:
            os.close(fd)

    def truncate(self, size: int) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CLOEXEC)
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        finally:
            os.close(fd)

    def tail(self) -> tuple[int, int, dict[str, Any] | None]:
        """(end of the last complete line, file size, that line parsed); raises ValueError if it is not JSON."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return 0, 0, None
        try:
            size = os.fstat(fd).st_size
            block = 1 << 16
            while True:
                start = max(0, size - block)
                data = os.pread(fd, size - start, start)
                last_nl = data.rfind(b"\n")
                if last_nl == -1:
                    if start == 0:
                        return 0, size, None
                    block *= 4
                    continue
                prev_nl = data.rfind(b"\n", 0, last_nl)
                if prev_nl == -1 and start > 0:
                    block *= 4
                    continue
                raw = json.loads(data[prev_nl + 1 : last_nl])
                if not isinstance(raw, dict):
                    raise ValueError("geen object")
                return start + last_nl + 1, size, raw
        finally:
            os.close(fd)

    def read_lines(self, start: int = 0) -> tuple[int, list[bytes]]:
        """Complete lines from `start` (a line boundary); returns the offset after the last one."""
        try:
            with open(self.path, "rb") as handle:
                handle.seek(start)
                data = handle.read()
        except FileNotFoundError:
            return start, []
        end = data.rfind(b"\n") + 1
        if end == 0:
            return start, []
        return start + end, data[:end].splitlines()

    def line_start(self, offset: int) -> int:
        """The start of the line containing `offset`: a cursor taken mid-append points into a line."""
        if offset <= 0:
            return 0
        try:
            with open(self.path, "rb") as handle:
                back = min(offset, 1 << 16)
                while True:
                    handle.seek(offset - back)
                    data = handle.read(back)
                    nl = data.rfind(b"\n")
                    if nl != -1:
                        return offset - back + nl + 1
                    if back == offset:
                        return 0
                    back = min(offset, back * 4)
        except FileNotFoundError:
            return 0
