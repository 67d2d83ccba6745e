"""The Store: the one way the app reads and changes the data folder.

Every change is a typed command run by `execute(scope, login, *commands)`: take the
scope's lock, catch up with its log, let the domain decide every command against the
evolving state (all or nothing), append all events to the hash-chained log with one
fsync, then update the TinyDB checkpoint. The methods below (`set_score`, `declare`,
...) are thin wrappers that build one command for `self.user`. See docs/architecture.md.
"""

from __future__ import annotations

import os
import pwd
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from cspe_tui.domain import commands as c
from cspe_tui.domain.decide import may
from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.events import GroupCreated
from cspe_tui.domain.group import GroupState
from cspe_tui.domain.group_notes import PhotoRecord
from cspe_tui.domain.retention import ArchiveRecord, Uitslag
from cspe_tui.domain.summary import GroupSummary

from .archive import ArchiveSources
from .commands_api import RecordCommands
from .datafolder import LOCK_TIMEOUT, DataFolder, file_lock, settings_bytes
from .errors import (
    CorruptFile,
    DataFolderError,
    GroupBusy,
    InvalidInput,
    NotSavedError,
    PermissionDenied,
    StoreError,
)
from .scope import FolderScope, GroupScope, Scope
from .folder import FolderRecords
from .follow import Position
from .fs import GROUP_ID, atomic_write, check_folder, ensure_dir, make_dir, not_saved, reason_of, remove_tmp_files
from .groups import GroupHandle, GroupRecords
from .photos import Photos
from .following import Following, Told
from .group_folders import GroupFolders
from .journal import Committed
from .log import AuditEntry
from .photo_image import KeptPhoto
from .settings import Settings
from .summaries import GroupSummaries
from .verify import Verification, VerifyReport

STALE_BUILD_SECONDS = 600
"""A half-built group folder (.new-*) older than this belongs to a process that died."""


def current_login() -> str:
    """The OS account of this process; never an environment variable, which anyone can set."""
    return pwd.getpwuid(os.getuid()).pw_name


def now() -> datetime:
    return datetime.now().astimezone()


class Store(GroupRecords, FolderRecords, RecordCommands):
    def __init__(self, folder: DataFolder, user: str) -> None:
        self.user = user
        self.folder = folder
        self._mutex = threading.RLock()
        self._groups: dict[str, GroupHandle] = {}
        self._data_lock = file_lock(folder.lock_file)
        self._fpos = Position()
        self._fstate = None
        self.group_folders = GroupFolders(folder)
        self.following = Following(self)
        self.verification = Verification(folder, self)
        self.summaries = GroupSummaries(self, self.verification, self._mutex)
        self.photos = Photos(folder, self)
        self.archive = ArchiveSources(self, self._mutex)

    @property
    def read_only(self) -> bool:
        return not self.folder.writable

    def lists_folder(self, name: str) -> Path:
        """<data>/exports/<name>: lists over several groups (cijferlijsten, wolf), beside the groups' exports."""
        if not GROUP_ID.fullmatch(name):
            raise InvalidInput(f"Ongeldige mapnaam: {name}.")
        folder = self.folder.path / "exports" / name
        ensure_dir(folder.parent)
        return folder

    @staticmethod
    def _now() -> datetime:
        return now()

    # --- the one write path ------------------------------------------------------------

    def execute(self, scope: Scope, actor_login: str, *commands: Any) -> Committed:
        """Run the commands as `actor_login` in one transaction of the scope: all their events are logged, or none.

        Returns what was committed: the entries as logged and the log's position after them."""
        if isinstance(scope, FolderScope):
            return self._execute_folder(actor_login, commands)
        if isinstance(scope, GroupScope):
            return self._execute_group(scope.group_id, actor_login, commands)
        raise InvalidInput(f"Onbekend bereik {scope!r}.")

    # --- following (store/following.py) ---------------------------------------------------

    def load_group_at(self, group_id: str) -> tuple[int, GroupState]:
        """The group and the log position it is folded to; the group is followed from there."""
        return self.following.load_group_at(group_id)

    def change_cursor(self, group_id: str) -> int:
        return self.following.change_cursor(group_id)

    def follow(self, group_id: str) -> None:
        """Be told (`add_entries_listener`) of what other processes append to this group from now on."""
        self.following.follow(group_id)

    def changes_since(self, group_id: str, cursor: int) -> tuple[int, list[AuditEntry]]:
        return self.following.changes_since(group_id, cursor)

    def add_entries_listener(self, told: Told) -> None:
        """`told(group_id, start, end, entries)` from a thread when another process appends to a followed group."""
        self.following.add_listener(told)

    def remove_entries_listener(self, told: Told) -> None:
        self.following.remove_listener(told)

    # --- the start screen's rows (store/summaries.py) ---------------------------------------

    def group_summaries(self) -> tuple[list[GroupSummary], dict[str, StoreError]]:
        """Every group's summary, and why a group cannot be read; one stat per unchanged group."""
        return self.summaries.group_summaries()

    def group_summary(self, group_id: str) -> GroupSummary:
        return self.summaries.group_summary(group_id)

    def closed_check(self, group_id: str) -> str | None:
        """What differs in a closed group (None when all is well), folded outside the store's mutex."""
        return self.summaries.closed_check(group_id)

    # --- photos (store/photos.py) -----------------------------------------------------------

    def add_photo(self, group_id: str, examennummer: str, data: bytes, original_name: str) -> PhotoRecord | None:
        """Strip, reduce, store and log one photo for this store's user; None when the candidate already has it."""
        return self.photos.add_photo_as(group_id, self.user, examennummer, data, original_name)

    def add_kept_photo_as(self, group_id: str, login: str, examennummer: str, kept: KeptPhoto, name: str) -> PhotoRecord | None:
        """As `login` (the service passes the connection's login)."""
        return self.photos.add_kept_photo_as(group_id, login, examennummer, kept, name)

    def photo_bytes(self, group_id: str, record: PhotoRecord) -> bytes:
        return self.photos.photo_bytes(group_id, record)

    # --- what an archive is made from (store/archive.py) -------------------------------------

    def archive_sources(self, group_id: str) -> dict[str, bytes]:
        return self.archive.archive_sources(group_id)

    def uitslagen(self) -> list[Uitslag]:
        return self.archive.uitslagen()

    def archives(self) -> list[ArchiveRecord]:
        return self.archive.archives()

    # --- verification and the audit trail (store/verify.py) -------------------------------

    def verify(self, group_id: str | None = None) -> VerifyReport:
        """Chain + fold equals checkpoint + seal; without a group, the folder log."""
        return self.verification.verify(group_id)

    def verify_folder(self) -> VerifyReport:
        return self.verification.verify_folder()

    def audit_iter(self, group_id: str | None = None) -> Iterator[AuditEntry]:
        """The log's entries one by one (the folder log without a group); unreadable lines are left out."""
        return self.verification.audit_iter(group_id)

    def audit(self, group_id: str | None = None) -> list[AuditEntry]:
        return self.verification.audit(group_id)

    # --- locks ---------------------------------------------------------------------------

    def _acquire(self, lock: FileLock, what: str, write: bool) -> bool:
        try:
            lock.acquire()
        except Timeout:
            raise GroupBusy(
                f"De gegevens zijn al langer dan {LOCK_TIMEOUT:.0f} seconden bezet door een ander proces; probeer het opnieuw."
            ) from None
        except OSError as exc:
            if write:
                raise not_saved(what or "De wijziging", exc, self.folder.path) from exc
            return False
        return True

    def _read_only_error(self, what: str) -> NotSavedError:
        return NotSavedError(
            f"{what} is niet opgeslagen: de gegevensmap {self.folder.path} is voor jou alleen-lezen "
            "(geen schrijfrechten, of een schijf die alleen gelezen kan worden)."
        )

    def _cleanup_on_start(self) -> None:
        """Temp files of killed writes and half-built group folders; skipped when we cannot lock."""
        with self._mutex:
            try:
                if not self._data_lock.acquire(timeout=0.5):
                    return
            except (Timeout, OSError):
                return
            try:
                for folder in (self.folder.path, self.folder.models, self.folder.groups):
                    remove_tmp_files(folder)
                cutoff = time.time() - STALE_BUILD_SECONDS
                with suppress(OSError):
                    for name in os.listdir(self.folder.groups):
                        path = self.folder.groups / name
                        with suppress(OSError):
                            if name.startswith(".new-") and path.stat().st_mtime < cutoff:
                                shutil.rmtree(path)
            finally:
                self._data_lock.release()

    # --- what the shared command wrappers (RecordCommands) need of the in-process store ---

    def _state(self, group_id: str) -> GroupState:
        state = self._group(group_id).state
        assert state is not None
        return state

    def import_model(self, path: Path) -> Correctiemodel:
        """Refused before the file is read when the user may not import models."""
        reason = may(self._folder_state(), self._actor(self.user), "import_model")
        if reason is not None:
            raise PermissionDenied(reason)
        return super().import_model(path)

    def _refuse_taken_group_id(self, group_id: str | None) -> None:
        taken = {g.lower(): g for g in self._folder_state().groups}
        if group_id is not None and group_id.lower() in taken:
            raise InvalidInput(f"Groep {taken[group_id.lower()]} bestaat al; kies een andere naam.")

    def _create_group(self, command: c.CreateGroup) -> GroupState:
        committed = self.execute(FolderScope(), self.user, command)
        created = next(e for e in committed if isinstance(e, GroupCreated))
        return self.load_group(created.info.group_id)


def open_store(
    data_dir: Path | str,
    user: str | None = None,
    create: bool = False,
    settings: Settings | None = None,
) -> Store:
    """Open (or with `create`, set up) a data folder as `user`.

    `user` defaults to the OS login; another name is accepted only in a demo folder,
    or by the call that sets the folder up (there is nothing in it yet to protect).
    `settings` is used only when `create` sets up a new folder; by default the
    creating user becomes its examensecretaris.
    """
    login = current_login()
    path = Path(data_dir).expanduser().absolute()
    if create and not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            make_dir(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DataFolderError(f"De gegevensmap {path} kan niet worden aangemaakt: {reason_of(exc, path.parent)}.") from None
    writable = check_folder(path, login)
    folder = DataFolder(path=path, writable=writable)
    fresh = False
    if not folder.settings_file.exists() and not folder.log_file.exists():
        if not create:
            raise DataFolderError(
                f"De gegevensmap {path} is nog niet ingericht (settings.json ontbreekt). "
                "Kies de juiste map met --data of CSPE_DATA."
            )
        if not writable:
            raise DataFolderError(f"De gegevensmap {path} kan niet worden ingericht: je hebt er geen schrijfrechten.")
        initial = settings or Settings(examensecretarissen=[user or login])
        try:
            with file_lock(folder.lock_file):
                if not folder.settings_file.exists():
                    atomic_write(folder.settings_file, settings_bytes(initial))
                    fresh = True
                ensure_dir(folder.groups)
                ensure_dir(folder.models)
        except Timeout:
            raise GroupBusy("De gegevensmap is bezet door een ander proces; probeer het opnieuw.") from None
        except OSError as exc:
            raise DataFolderError(f"De gegevensmap {path} kan niet worden ingericht: {reason_of(exc, path)}.") from None
    chosen = login if user is None else user.strip()
    if not chosen:
        raise InvalidInput("Geef een gebruikersnaam op.")
    store = Store(folder, chosen if fresh or chosen == login else login)
    try:
        demo = store.settings.demo
    except CorruptFile:
        demo = False  # an unreadable folder log: only the OS login, to run 'cspe verify'
    if chosen != login and not demo and not fresh:
        raise PermissionDenied(
            f"Werken als een andere gebruiker ({chosen}) kan alleen in een demomap; "
            f"in deze gegevensmap werk je altijd als jezelf ({login})."
        )
    store.user = chosen
    if writable:
        store._cleanup_on_start()
    return store
