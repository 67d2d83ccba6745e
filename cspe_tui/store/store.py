"""The Store: the one way the app reads and changes the data folder.

Every change is a typed command run by `execute(scope, login, *commands)`: take the
scope's lock, catch up with its log, let the domain decide every command against the
evolving state (all or nothing), append all events to the hash-chained log with one
fsync, then update the TinyDB checkpoint. The wrappers (`set_score`, `declare`, ...) come
from RecordCommands and build one command for `self.user`. See docs/architecture.md.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import Timeout

from cspe_tui.domain import commands as c
from cspe_tui.domain.access import Actor
from cspe_tui.domain.commands import ApplyAanvulling, RemoveGroup
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.events import AanvullingAdded, GroupCreated, GroupRemoved
from cspe_tui.domain.folder import FolderState, NormeringEntry
from cspe_tui.domain.group import Aanvulling, GroupState, Melding
from cspe_tui.domain.group_notes import PhotoRecord
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.domain.retention import ArchiveRecord, Uitslag
from cspe_tui.domain.summary import GroupSummary

from .archive import ArchiveSources
from .commands_api import RecordCommands
from .datafolder import DataFolder, file_lock
from .errors import InvalidInput, PermissionDenied, StoreError
from .folder import FolderRecords
from .following import Following, Told
from .fs import GROUP_ID, ensure_dir, remove_tmp_files
from .group_folders import GroupFolders
from .group_handle import GroupHandle
from .groups import GroupRecords
from .journal import Committed
from .log import AuditEntry, EventLog
from .photo_image import KeptPhoto
from .photos import Photos
from .refusals import what_of
from .scope import FolderScope, GroupScope, Scope
from .settings import Settings
from .summaries import GroupSummaries
from .verify import Verification, VerifyReport

STALE_BUILD_SECONDS = 600
"""A half-built group folder (.new-*) older than this belongs to a process that died."""


def now() -> datetime:
    return datetime.now().astimezone()


class Store(RecordCommands):
    """The objects it holds, each in a file of its own: `folder_records` (folder.py),
    `group_records` (groups.py), `verification` (verify.py), `summaries`, `photos`, `archive`,
    `following` and `group_folders`. The Store runs `execute` (and what a folder command does to
    the groups) and hands each read the app calls to the object that holds it.

    RecordCommands stays a base class: it is the wrappers shared word for word with the service
    client, each building one command for `self.user` and sending it through `execute`.
    """

    def __init__(self, folder: DataFolder, user: str) -> None:
        self.user = user
        self.folder = folder
        self._mutex = threading.RLock()
        self._data_lock = file_lock(folder.lock_file)
        login, clock = (lambda: self.user), (lambda: self._now())  # read when called: both change after this
        self.folder_records = FolderRecords(folder, self._mutex, self._data_lock, login, clock)
        self.verification = Verification(folder, self.folder_records)
        self.group_records = GroupRecords(
            folder, self._mutex, self.folder_records, self.verification,
            lambda group_id, committed: self.following.committed(group_id, committed), login, clock,
        )
        self.following = Following(self.group_records, self._mutex, folder.groups)
        self.summaries = GroupSummaries(self.group_records, self.folder_records, self.verification, self._mutex)
        self.photos = Photos(folder, self.group_records, self.folder_records, clock)
        self.archive = ArchiveSources(self.group_records, self.folder_records, self._mutex)
        self.group_folders = GroupFolders(folder)

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
            return self.group_records.execute_group(scope.group_id, actor_login, commands)
        raise InvalidInput(f"Onbekend bereik {scope!r}.")

    def _execute_folder(self, login: str, commands: tuple[Any, ...]) -> Committed:
        """One folder transaction as `login`; what its events do to the groups runs after the commit.

        A new group's folder is built, a removed group's moved aside (both under the folder's
        lock); an aanvulling then goes into each open group of its model, as its own transaction.
        """
        what = what_of(commands)
        removing = [command for command in commands if isinstance(command, RemoveGroup)]
        with self.folder_records.transaction(what) as state:
            actor = self._actor(login)
            with self._removing(removing, what, state) as group:
                committed = self.folder_records.commit_folder(actor, commands, group, self.group_folders.refuse_existing)
                for event in committed:
                    if isinstance(event, GroupRemoved):
                        try:
                            self.group_folders.move_removed(event.group_id, event.at)
                        finally:
                            self.group_records.forget(event.group_id)
            for event in committed:
                if isinstance(event, GroupCreated):
                    self.group_folders.build(event, login)
        carried = [
            pair for event in committed if isinstance(event, AanvullingAdded)
            for pair in self._carry_aanvulling(actor, event.aanvulling)
        ]
        return replace(committed, carried=tuple(carried)) if carried else committed

    @contextmanager
    def _removing(self, removing: list[Any], what: str, folder: FolderState) -> Iterator[GroupState | None]:
        """Removing a group is decided with its own state in hand: its lock is held until it has moved."""
        if len(removing) != 1 or removing[0].group_id not in folder.groups:
            yield None
            return
        groups = self.group_records
        g = groups.handle(removing[0].group_id)
        with groups.locked(g, what, write=True):
            yield g.state

    def _carry_aanvulling(self, actor: Actor, aanvulling: Aanvulling) -> list[tuple[str, Committed]]:
        """Into every open group of the model; a group we cannot reach now gets it when it is next opened.

        What each group committed is returned, so a screen showing that group folds it."""
        carried = []
        groups = self.group_records
        for group_id in groups.group_ids():
            with suppress(StoreError):
                g = groups.handle(group_id)
                with groups.locked(g, "De aanvulling", write=True):
                    state = g.state
                    if state is not None and state.info.model_key == aanvulling.model_key and not state.closed:
                        carried.append((group_id, groups.transact(g, actor, [ApplyAanvulling(aanvulling=aanvulling)])))
        return carried

    # --- the groups (store/groups.py) -------------------------------------------------------

    def group_ids(self) -> list[str]:
        return self.group_records.group_ids()

    def load_group(self, group_id: str) -> GroupState:
        """The group as the log says; a closed group is checked against its checkpoint and seal first."""
        return self.group_records.load_group(group_id)

    def export_state(self, group_id: str) -> GroupState:
        """The group for an export: refused when a closed group's files differ from its log or seal."""
        return self.group_records.export_state(group_id)

    def load_groups(self) -> tuple[list[GroupState], dict[str, StoreError]]:
        return self.group_records.load_groups()

    def exports_folder(self, group_id: str) -> Path:
        return self.group_records.exports_folder(group_id)

    def _group(self, group_id: str) -> GroupHandle:
        """A group's handle (its log, lock and files), for the service's reads and `cspe log`."""
        return self.group_records.handle(group_id)

    def _group_lock(self, g: GroupHandle, what: str, write: bool) -> AbstractContextManager[bool]:
        return self.group_records.locked(g, what, write)

    # --- the folder log (store/folder.py) -------------------------------------------------

    @property
    def folder_log(self) -> EventLog:
        return self.folder_records.log

    def _folder_state(self) -> FolderState:
        """The folded folder log; one stat when nothing changed."""
        return self.folder_records.state()

    def _actor(self, login: str) -> Actor:
        """The store fills in the role from the folded settings, never from the caller."""
        return self.folder_records.actor(login)

    def actor(self) -> Actor:
        """This store's user as the domain sees them, for screens that ask `may`."""
        return self.folder_records.actor(self.user)

    def may_in_folder(self, command_type: str) -> str | None:
        return self.folder_records.may(self.user, command_type)

    @property
    def settings(self) -> Settings:
        return self.folder_records.settings

    @property
    def is_secretaris(self) -> bool:
        return self._folder_state().is_secretaris(self.user)

    def models(self) -> dict[ModelKey, Correctiemodel]:
        return self.folder_records.models()

    def model(self, key: ModelKey) -> Correctiemodel:
        return self.folder_records.model(key)

    def meldingen(self, model_key: ModelKey) -> list[Melding]:
        return self.folder_records.meldingen(model_key)

    def aanvullingen(self, model_key: ModelKey) -> list[Aanvulling]:
        return self.folder_records.aanvullingen(model_key)

    def normering(self, key: NormeringKey) -> Normering | None:
        return self.folder_records.normering(key)

    def normering_entries(self) -> list[NormeringEntry]:
        return self.folder_records.normering_entries()

    def removed_groups(self) -> list[str]:
        return self.folder_records.removed_groups()

    def admin_save_settings(self, settings: Settings) -> None:
        self.folder_records.admin_save_settings(settings)

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

    def add_status_listener(self, told: Callable[[str], None], wait_seconds: float | None = None) -> None:
        """The folder is read and written directly: there is no connection that can break or be waited for,
        so `told` is never called. Part of the contract so the app need not ask which store it has."""

    # --- what only a service does ----------------------------------------------------------

    official_exports_dir: Path | None = None
    """In-process nobody writes records for you at closing: the one who closes writes them."""

    def official_exports(self, group_id: str) -> dict[str, bytes]:
        """None were written by a service (see `official_exports_dir`): the caller makes its own."""
        return {}

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

    def add_photo(
        self, group_id: str, examennummer: str, data: bytes, original_name: str, commits: list[Any] | None = None
    ) -> PhotoRecord | None:
        """Strip, reduce, store and log one photo for this store's user; None when the candidate already has it."""
        return self.photos.add_photo_as(group_id, self.user, examennummer, data, original_name, commits)

    def add_kept_photo_as(
        self, group_id: str, login: str, examennummer: str, kept: KeptPhoto, name: str, commits: list[Any] | None = None
    ) -> PhotoRecord | None:
        """As `login` (the service passes the connection's login)."""
        return self.photos.add_kept_photo_as(group_id, login, examennummer, kept, name, commits)

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
        if group_id is None:
            return self.verification.verify_folder()
        g = self._group(group_id)
        with self._group_lock(g, "", write=False):
            return self.verification.verify_group(g)

    def verify_folder(self) -> VerifyReport:
        return self.verification.verify_folder()

    def audit_iter(self, group_id: str | None = None) -> Iterator[AuditEntry]:
        """The log's entries one by one (the folder log without a group); unreadable lines are left out."""
        yield from self.verification.entries(self.folder_log if group_id is None else self._group(group_id).log)

    def audit(self, group_id: str | None = None) -> list[AuditEntry]:
        return list(self.audit_iter(group_id))

    # --- locks ---------------------------------------------------------------------------

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
        return self.group_records.folded(group_id)

    def import_model(self, path: Path) -> Correctiemodel:
        """Refused before the file is read when the user may not import models."""
        reason = self.may_in_folder("import_model")
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
