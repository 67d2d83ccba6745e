"""The data folder itself: its layout, and settings.json."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout
from pydantic import ValidationError

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.validation import first_problem

from .errors import DataFolderError, GroupBusy, NotSavedError
from .fs import FILE_MODE, atomic_write, not_saved, os_reason
from .settings import Settings

LOCK_TIMEOUT = 10.0
LOCK_POLL = 0.001


def file_lock(path: Path) -> FileLock:
    """Inter-process lock; its file is made group-writable so every examinator can take it."""
    return FileLock(path, mode=FILE_MODE, timeout=LOCK_TIMEOUT, poll_interval=LOCK_POLL)


def parse_settings(data: bytes, path: Path) -> Settings:
    try:
        return Settings.model_validate_json(data)
    except ValidationError as exc:
        raise DataFolderError(f"{path} is ongeldig ({first_problem(exc)}).") from None


def settings_bytes(settings: Settings) -> bytes:
    return (settings.model_dump_json(indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class DataFolder:
    path: Path
    writable: bool

    @property
    def groups(self) -> Path:
        return self.path / "groups"

    @property
    def models(self) -> Path:
        return self.path / "correctiemodellen"

    @property
    def log_file(self) -> Path:
        """folder.jsonl: the folder's own log (settings, models, meldingen, aanvullingen, normering, groups)."""
        return self.path / "folder.jsonl"

    def model_file(self, key: ModelKey) -> Path:
        """The checkpoint of one imported correctiemodel."""
        return self.models / f"{key.slug}.json"

    @property
    def settings_file(self) -> Path:
        return self.path / "settings.json"

    @property
    def modellen_file(self) -> Path:
        return self.path / "modellen.json"

    @property
    def normering_file(self) -> Path:
        return self.path / "normering.json"

    @property
    def lock_file(self) -> Path:
        return self.path / ".lock"

    def acquire(self, lock: FileLock, what: str, write: bool) -> bool:
        """Take a lock of this folder; False for a read that may go on without it (a read-only disk)."""
        try:
            lock.acquire()
        except Timeout:
            raise GroupBusy(
                f"De gegevens zijn al langer dan {LOCK_TIMEOUT:.0f} seconden bezet door een ander proces; probeer het opnieuw."
            ) from None
        except OSError as exc:
            if write:
                raise not_saved(what or "De wijziging", exc, self.path) from exc
            return False
        return True

    def read_only_error(self, what: str) -> NotSavedError:
        return NotSavedError(
            f"{what} is niet opgeslagen: de gegevensmap {self.path} is voor jou alleen-lezen "
            "(geen schrijfrechten, of een schijf die alleen gelezen kan worden)."
        )

    def read_settings(self) -> Settings:
        try:
            return parse_settings(self.settings_file.read_bytes(), self.settings_file)
        except FileNotFoundError:
            raise DataFolderError(f"{self.settings_file} ontbreekt; de gegevensmap is niet ingericht.") from None
        except OSError as exc:
            raise DataFolderError(f"{self.settings_file} kan niet worden gelezen ({os_reason(exc)}).") from None

    def save_settings(self, settings: Settings) -> None:
        """No role check here (the file's permissions are the boundary); Store.save_settings checks the role."""
        try:
            with file_lock(self.lock_file):
                atomic_write(self.settings_file, settings_bytes(settings))
        except Timeout:
            raise GroupBusy("De gegevensmap is bezet door een ander proces; probeer het opnieuw.") from None
        except OSError as exc:
            raise not_saved("De instellingen", exc, self.path) from exc


__all__ = ["DataFolder", "Settings", "file_lock", "parse_settings", "settings_bytes"]
