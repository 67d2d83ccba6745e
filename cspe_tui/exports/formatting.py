"""Dutch formatting shared by the exports, and atomic file writes."""

from __future__ import annotations

import os
import stat
import re
import tempfile
import unicodedata
from datetime import date, datetime
from pathlib import Path

from cspe_tui.domain.clock import format_moment
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.group import GroupState
from cspe_tui.domain.wording import count, decimal

def when(moment: datetime | None, zone: str) -> str:
    """Dutch date and time on the school's clock (its `tijdzone` setting), whatever the server's zone."""
    return format_moment(moment, zone)


def date_nl(text: str) -> str:
    """An ISO date as dd-mm-jjjj; anything else (a date typed by hand) is shown as given."""
    try:
        return date.fromisoformat(text).strftime("%d-%m-%Y")
    except ValueError:
        return text


def exam_identity(key: ModelKey) -> str:
    return f"{key.profielvak} {key.leerweg} {key.jaar}, versie {key.versie}, onderdeel {key.onderdeel}"


def decimal_nl(value: float, digits: int = 1) -> str:
    return decimal(value, digits)


def max_score_text(model: Correctiemodel) -> str:
    """`71 scorepunten in 9 opdrachten, 37 criteria`, each in the singular where it is one."""
    return (
        f"{count(model.max_score, 'scorepunt', 'scorepunten')} in "
        f"{count(len(model.opdrachten), 'opdracht', 'opdrachten')}, {count(len(model.criteria), 'criterium', 'criteria')}"
    )


def nfc(text: str) -> str:
    """Precomposed letters: without text shaping, combining marks would print beside their letter."""
    return unicodedata.normalize("NFC", text)


def who(state: GroupState, login: str) -> str:
    """A login with its role in this group, so a record names both examinators unambiguously."""
    role = state.role_of(login)
    return f"{login} ({role.label})" if role is not None else login


_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9._-]+")


def safe_filename(text: str) -> str:
    cleaned = _UNSAFE_FILENAME.sub("_", text).strip("._")
    return cleaned or "bestand"


def write_atomic(path: Path, data: bytes) -> Path:
    """A reader (or a crash) never sees half a file: write beside it, then rename.

    Never world-readable: the files hold candidates' personal data. In a shared
    (setgid) data folder the group may also write, like every file the app keeps there.
    """
    path = Path(path)
    mode = 0o660 if path.parent.stat().st_mode & stat.S_ISGID else 0o640
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    return path
