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
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from cspe_tui.domain import commands as c
from cspe_tui.domain.decide import may
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.events import GroupCreated
from cspe_tui.domain.group import Aanvulling, GroupState

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
from .fs import atomic_write, check_folder, ensure_dir, make_dir, not_saved, reason_of, remove_tmp_files
from .groups import GroupHandle, GroupRecords
from .photos import PhotoRecords
from .removal import GroupRemoval
from .settings import Settings
from .verify import Verification, VerifyReport

STALE_BUILD_SECONDS = 600
"""A half-built group folder (.new-*) older than this belongs to a process that died."""


def current_login() -> str:
    """The OS account of this process; never an environment variable, which anyone can set."""
    return pwd.getpwuid(os.getuid()).pw_name


def now() -> datetime:
    return datetime.now().astimezone()


class Store(GroupRecords, FolderRecords, Verification, GroupRemoval, ArchiveSources, PhotoRecords, RecordCommands):
    def __init__(self, folder: DataFolder, user: str) -> None:
        self.user = user
        self.folder = folder
        self._mutex = threading.RLock()
        self._groups: dict[str, GroupHandle] = {}
        self._data_lock = file_lock(folder.lock_file)
        self._fpos = Position()
        self._fstate = None

    @property
    def read_only(self) -> bool:
        return not self.folder.writable

    @staticmethod
    def _now() -> datetime:
        return now()

    # --- the one write path ------------------------------------------------------------

    def execute(self, scope: Scope, actor_login: str, *commands: Any) -> list[Any]:
        """Run the commands as one transaction in the scope: all their events are logged, or none."""
        if isinstance(scope, FolderScope):
            if len(commands) == 1 and isinstance(commands[0], c.RemoveGroup):
                return self._remove_group(actor_login, commands[0])
            return self._execute_folder(actor_login, commands)
        if isinstance(scope, GroupScope):
            return self._execute_group(scope.group_id, actor_login, commands)
        raise InvalidInput(f"Onbekend bereik {scope!r}.")

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

    def add_aanvulling(self, model_key: ModelKey, criterium: str, tekst: str, datum: str) -> Aanvulling:
        """Logged in the folder, then carried into every open group of the model as its own transaction."""
        aanvulling = super().add_aanvulling(model_key, criterium, tekst, datum)
        for group_id in self.group_ids():
            # A group we cannot reach now gets it when it is next opened (load_group).
            with suppress(StoreError):
                g = self._group(group_id)
                with self._group_lock(g, "De aanvulling", write=True):
                    state = g.state
                    if state is not None and state.info.model_key == model_key and not state.closed:
                        self._transact(g, self._actor(self.user), [c.ApplyAanvulling(aanvulling=aanvulling)])
        return aanvulling

    def _refuse_taken_group_id(self, group_id: str | None) -> None:
        taken = {g.lower(): g for g in self._folder_state().groups}
        if group_id is not None and group_id.lower() in taken:
            raise InvalidInput(f"Groep {taken[group_id.lower()]} bestaat al; kies een andere naam.")

    def _create_group(self, command: c.CreateGroup) -> GroupState:
        with self._folder_lock("De groep"):
            if self._fstate is None or self._fpos.problem is not None:
                raise DataFolderError("Het logboek van de gegevensmap is beschadigd. Voer 'cspe verify' uit.")
            state = self._fstate
            events = self._preview_folder(command, state)
            created = next(e for e in events if isinstance(e, GroupCreated))
            gid = created.info.group_id
            if (self.folder.groups / gid).exists():
                raise InvalidInput(f"Groep {gid} bestaat al; kies een andere naam.")
            self._append_folder(self._actor(self.user), [command], state)
            self._build_group(gid, created)
        return self.load_group(gid)

    def _preview_folder(self, command: Any, state: Any) -> list[Any]:
        from cspe_tui.domain.access import Refusal
        from cspe_tui.domain.decide import decide

        from .refusals import store_error

        try:
            return decide(state, self._actor(self.user), command, self._now())
        except Refusal as refusal:
            raise store_error(refusal) from None

    def _build_group(self, gid: str, created: GroupCreated) -> None:
        """Build the folder aside and rename it into place: others see a whole group or none."""
        import secrets

        from .fs import FILE_MODE, fsync_dir
        from .log import EventLog, envelope, GENESIS

        if not self.folder.writable:
            raise self._read_only_error("De groep")
        try:
            ensure_dir(self.folder.groups)
            building = self.folder.groups / f".new-{secrets.token_hex(6)}"
            make_dir(building)
            try:
                at = created.info.created_at.isoformat()
                EventLog(building / "audit.jsonl").append(
                    [envelope(1, at, self.user, created.model_dump(mode="json"), False, GENESIS)]
                )
                fd = os.open(building / ".lock", os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
                try:
                    os.fchmod(fd, FILE_MODE)
                finally:
                    os.close(fd)
                fsync_dir(building)
                os.rename(building, self.folder.groups / gid)
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
            with suppress(OSError):
                fsync_dir(self.folder.groups)
        except OSError as exc:
            if (self.folder.groups / gid).exists():
                raise InvalidInput(f"Groep {gid} bestaat al; kies een andere naam.") from None
            raise not_saved("De groep", exc, self.folder.path) from exc


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
    if not folder.settings_file.exists() and not (path / "folder.jsonl").exists():
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
