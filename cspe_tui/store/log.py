"""The hash-chained event logs: one per group (audit.jsonl) and one for the folder (folder.jsonl).

Each line is one typed event in an envelope (seq, at, login, more, prev_hash, hash).
A transaction appends all its lines with one write and one fsync; every line but its
last has `more: true`, so a transaction cut off by a crash (a half line, or lines
without their last) is recognised and removed as a whole by the next writer. Each
line's hash covers the previous hash, so removing or editing a line breaks the chain.
The log is the record; the TinyDB files are a checkpoint folded from it.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from cspe_tui.domain.events import Event, parse_event
from cspe_tui.domain.group_notes import Stamp

from .fs import FILE_MODE, sync, write_all

GENESIS = "0" * 64
FIELDS = frozenset(("seq", "at", "login", "event", "more", "prev_hash", "hash"))
READ_CHUNK = 1 << 20


class AuditEntry(BaseModel):
    """One logged event: who (OS login), when, and what happened."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seq: int
    at: datetime
    login: str
    event: Event
    more: bool = False
    prev_hash: str
    hash: str

    @property
    def action(self) -> str:
        return self.event.type

    @property
    def stamp(self) -> Stamp:
        return Stamp(self.login, self.at)

    @property
    def examennummer(self) -> str | None:
        """The candidate the event is about (None for the whole group)."""
        event: Any = self.event
        if hasattr(event, "examennummer"):
            return event.examennummer
        part = getattr(event, "remark", None) or getattr(event, "ondersteuning", None)
        return part.examennummer if part is not None else None


def canonical(obj: Any) -> str:
    return json.dumps(obj, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(raw: dict[str, Any]) -> str:
    body = {k: v for k, v in raw.items() if k != "hash"}
    return hashlib.sha256((str(raw.get("prev_hash")) + canonical(body)).encode("utf-8")).hexdigest()


def envelope(seq: int, at: str, login: str, event: dict[str, Any], more: bool, prev_hash: str) -> dict[str, Any]:
    raw = {"seq": seq, "at": at, "login": login, "event": event, "more": more, "prev_hash": prev_hash}
    raw["hash"] = entry_hash(raw)
    return raw


class LineError(ValueError):
    """A line that is not a well-formed, correctly chained envelope; the message is Dutch."""


def line_problems(raw: Any, number: int, prev_seq: int, prev_hash: str) -> list[str]:
    """Every envelope problem of one line: shape, chain, own hash, numbering."""
    if not isinstance(raw, dict) or set(raw) != FIELDS:
        return [f"Logboek regel {number}: geen geldige logregel."]
    problems = []
    if raw["prev_hash"] != prev_hash:
        problems.append(
            f"Logboek regel {number}: de hashketen is verbroken (past niet bij regel {number - 1}); "
            "er is een regel weggehaald, tussengevoegd of veranderd."
        )
    if entry_hash(raw) != raw["hash"]:
        problems.append(f"Logboek regel {number}: de inhoud past niet bij de hash; de regel is met de hand veranderd.")
    if raw["seq"] != prev_seq + 1:
        problems.append(f"Logboek regel {number}: volgnummer {raw['seq']}, verwacht {prev_seq + 1}.")
    return problems


def check_line(raw: Any, number: int, prev_seq: int, prev_hash: str) -> dict[str, Any]:
    """The envelope checks every reader makes; raises LineError with the first problem."""
    problems = line_problems(raw, number, prev_seq, prev_hash)
    if problems:
        raise LineError(problems[0])
    return raw


def parse_line(line: bytes, number: int, prev_seq: int, prev_hash: str) -> tuple[dict[str, Any], Event]:
    try:
        raw = json.loads(line)
    except ValueError:
        raise LineError(f"Logboek regel {number}: geen geldige logregel.") from None
    check_line(raw, number, prev_seq, prev_hash)
    try:
        return raw, parse_event(raw["event"])
    except ValueError as exc:
        raise LineError(f"Logboek regel {number}: onbekende of beschadigde gebeurtenis ({_first_error(exc)}).") from None


def stamp_of(raw: dict[str, Any]) -> Stamp | None:
    """The envelope's login and time, or None when they are not readable (the event then cannot need them)."""
    try:
        return Stamp(str(raw["login"]), datetime.fromisoformat(str(raw["at"])))
    except (KeyError, TypeError, ValueError):
        return None


def _first_error(exc: Exception) -> str:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        err = errors(include_url=False)[0]
        return f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}"
    return str(exc)


AuditSig = tuple[int, int, int]


class EventLog:
    def __init__(self, path: Path) -> None:
        self.path = path

    def stat(self) -> AuditSig | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def append(self, raws: list[dict[str, Any]]) -> tuple[int, int]:
        """Append a whole transaction with one write and one fsync; on failure cut the file back."""
        data = "".join(canonical(raw) + "\n" for raw in raws).encode("utf-8")
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
        try:
            st = os.fstat(fd)
            if st.st_uid == os.geteuid() and stat.S_IMODE(st.st_mode) != FILE_MODE:
                os.fchmod(fd, FILE_MODE)
            start = st.st_size
            try:
                write_all(fd, data)
                sync(fd)
            except BaseException:
                try:
                    os.ftruncate(fd, start)
                    os.fsync(fd)
                except OSError:
                    pass
                raise
            return start, start + len(data)
        finally:
            os.close(fd)

    def truncate(self, size: int) -> None:
        fd = os.open(self.path, os.O_WRONLY | os.O_CLOEXEC)
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        finally:
            os.close(fd)

    def iter_lines(self, start: int = 0) -> Iterator[tuple[int, bytes]]:
        """Complete lines from `start` (a line boundary) with the offset after each; memory stays flat."""
        try:
            handle = open(self.path, "rb")
        except FileNotFoundError:
            return
        with handle:
            handle.seek(start)
            offset = start
            rest = b""
            while chunk := handle.read(READ_CHUNK):
                rest += chunk
                begin = 0
                while (nl := rest.find(b"\n", begin)) != -1:
                    offset += nl + 1 - begin
                    yield offset, rest[begin:nl]
                    begin = nl + 1
                rest = rest[begin:]

    def read_lines(self, start: int = 0) -> tuple[int, list[bytes]]:
        """Complete lines from `start`; returns the offset after the last one (for small tails)."""
        end, lines = start, []
        for end, line in self.iter_lines(start):
            lines.append(line)
        return end, lines

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

    def hash_before(self, end: int) -> str | None:
        """The hash of the line that ends at byte `end`: has the log been rewritten below what we read?"""
        if end <= 0:
            return None
        try:
            with open(self.path, "rb") as handle:
                back = min(end, 1 << 12)
                while True:
                    handle.seek(end - back)
                    data = handle.read(back)
                    if len(data) < back or not data.endswith(b"\n"):
                        return None
                    nl = data.rfind(b"\n", 0, len(data) - 1)
                    if nl != -1 or back == end:
                        return str(json.loads(data[nl + 1 : -1]).get("hash"))
                    back = min(end, back * 4)
        except (OSError, ValueError, AttributeError):
            return None

    def last_line(self) -> dict[str, Any] | None:
        """The last complete line, parsed (None for an empty log); raises ValueError if it is not JSON."""
        try:
            fd = os.open(self.path, os.O_RDONLY | os.O_CLOEXEC)
        except FileNotFoundError:
            return None
        try:
            size = os.fstat(fd).st_size
            block = 1 << 16
            while True:
                start = max(0, size - block)
                data = os.pread(fd, size - start, start)
                last_nl = data.rfind(b"\n")
                if last_nl == -1:
                    if start == 0:
                        return None
                    block *= 4
                    continue
                prev_nl = data.rfind(b"\n", 0, last_nl)
                if prev_nl == -1 and start > 0:
                    block *= 4
                    continue
                raw = json.loads(data[prev_nl + 1 : last_nl])
                if not isinstance(raw, dict):
                    raise ValueError("geen object")
                return raw
        finally:
            os.close(fd)
