"""Folder records: the hash-chained folder log (<data>/folder.jsonl) and what is folded from it.

Settings, imported correctiemodellen, meldingen, aanvullingen, normering and the creation
of groups are events in this log, with the same guarantees as a group's (lock, one fsync
per transaction, a cut-off transaction removed). settings.json, correctiemodellen/*.json,
modellen.json and normering.json are checkpoints written from the folded state
(folder_files.py), rewritten when they are missing or differ. Reading needs no lock: only
whole transactions count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, Any

from filelock import FileLock, Timeout

from cspe_tui.domain.access import Actor
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.decide import decide, may
from cspe_tui.domain.evolve import evolve_folder
from cspe_tui.domain.folder import FolderState, NormeringEntry
from cspe_tui.domain.group import Aanvulling, GroupInfo, GroupState, Melding
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.domain.settings import Settings

from .datafolder import DataFolder
from .errors import CorruptFile, DataFolderError, PermissionDenied, UnknownGroup, UnknownModel
from .folder_files import adopt_files, write_folder_checkpoint
from .follow import Applied, Position, follow
from .fs import not_saved
from .journal import Committed, Journal
from .log import EventLog
from .refusals import what_of

if TYPE_CHECKING:
    from threading import RLock


class FolderRecords:
    """The folded folder log, its transactions and checkpoint files; held by the Store (`store.folder_records`).

    Needs the data folder and its lock, the store's `mutex`, and two things of the store that
    change after it is made: `user` (who adopts an older folder; root in `admin_save_settings`)
    and `clock` (the store's, so a test that moves the store's time moves this too).
    """

    def __init__(
        self, folder: DataFolder, mutex: RLock, lock: FileLock, user: Callable[[], str], clock: Callable[[], datetime]
    ) -> None:
        self.folder = folder
        self._mutex = mutex
        self._lock = lock
        self._user = user
        self._now = clock
        self._pos = Position()
        self._state: FolderState | None = None

    @property
    def log(self) -> EventLog:
        return EventLog(self.folder.log_file)

    # --- reading ---------------------------------------------------------------------

    def state(self) -> FolderState:
        """The folded folder log; one stat when nothing changed. Reads take no lock."""
        log = self.log
        sig = log.stat()
        if sig is None:
            return self._bootstrap()
        if self._state is not None and sig == self._pos.sig:
            return self._state
        self._catch_up(log, can_write=False)
        if self._state is None:
            raise CorruptFile(f"{log.path} kan niet worden gelezen: {self._pos.problem} Voer 'cspe verify' uit.")
        return self._state

    def _catch_up(self, log: EventLog, can_write: bool) -> None:
        sig = log.stat()
        if self._pos.sig is None or sig is None or sig[0] != self._pos.sig[0] or sig[1] < self._pos.end:
            self._pos, self._state = Position(), None
        follow(log, self._pos, self._fold, can_write)

    def _fold(self, txs: Applied) -> None:
        state = self._state if self._state is not None else FolderState()
        for _, event in txs:
            state = evolve_folder(state, event)
        self._state = state

    @property
    def settings(self) -> Settings:
        return self.state().settings

    def actor(self, login: str) -> Actor:
        """The role comes from the folded settings, never from the caller."""
        state = self.state()
        return Actor(login=login, secretaris=state.is_secretaris(login), demo=state.settings.demo)

    def may(self, login: str, command_type: str) -> str | None:
        """None when `login` may give this folder command, else the Dutch reason (domain rules)."""
        return may(self.state(), self.actor(login), command_type)

    def models(self) -> dict[ModelKey, Correctiemodel]:
        return {entry.key: entry.model for entry in self.state().models.values()}

    def model(self, key: ModelKey) -> Correctiemodel:
        model = self.state().model(key)
        if model is None:
            raise UnknownModel(f"Het correctiemodel {key.label()} is niet ingelezen.")
        return model

    def model_of(self, info: GroupInfo, folder: FolderState | None = None) -> Correctiemodel:
        """The model a group is scored with (from `folder` when given): refused when it changed since the group was made."""
        model = self.model(info.model_key) if folder is None else folder.model(info.model_key)
        if model is None:
            raise UnknownModel(f"Het correctiemodel {info.model_key.label()} is niet ingelezen.")
        if model.content_hash() != info.model_hash:
            raise CorruptFile(
                f"Het correctiemodel {info.model_key.label()} is veranderd nadat groep {info.group_id} werd aangemaakt."
            )
        return model

    def meldingen(self, model_key: ModelKey) -> list[Melding]:
        return sorted(self.state().meldingen_for(model_key), key=lambda m: (m.at, m.id))

    def aanvullingen(self, model_key: ModelKey) -> list[Aanvulling]:
        return sorted(self.state().aanvullingen_for(model_key), key=lambda a: (a.at, a.id))

    def normering(self, key: NormeringKey) -> Normering | None:
        return self.state().normering_for(key)

    def normering_entries(self) -> list[NormeringEntry]:
        """Every combination's N and L with who set it when, and its history (withdrawn ones too); sorted by key."""
        return sorted(self.state().normering, key=lambda e: e.key)

    def removed_groups(self) -> list[str]:
        return [info.group_id for info in self.state().removed]

    def check_not_removed(self, group_id: str) -> None:
        if any(info.group_id == group_id for info in self.state().removed):
            raise UnknownGroup(f"Groep {group_id} is verwijderd.")

    # --- writing ---------------------------------------------------------------------

    @contextmanager
    def _held(self, what: str) -> Iterator[None]:
        """The folder's lock, caught up with its log."""
        if not self.folder.writable:
            raise self.folder.read_only_error(what)
        with self._mutex:
            self.folder.acquire(self._lock, what, write=True)
            try:
                try:
                    self._catch_up(self.log, can_write=True)
                except OSError as exc:
                    raise not_saved(what, exc, self.folder.path) from exc
                yield
            finally:
                self._lock.release()

    @contextmanager
    def transaction(self, what: str) -> Iterator[FolderState]:
        """The folder's lock for a transaction; yields the state to decide against.

        Refused when the log is damaged: nothing is written until that is solved."""
        if not self.log.path.exists():
            self._bootstrap()
        with self._held(what):
            if self._pos.problem is not None or self._state is None:
                raise CorruptFile(
                    f"Het logboek van de gegevensmap is beschadigd ({self._pos.problem}); er wordt niets opgeslagen "
                    "tot dat is opgelost. Voer 'cspe verify' uit."
                )
            yield self._state

    def commit_folder(
        self,
        actor: Actor,
        commands: tuple[Any, ...] | list[Any],
        group: GroupState | None = None,
        check: Any = None,
    ) -> Committed:
        """Through the folder's journal, inside `transaction`; the checkpoint files the events touched are rewritten after it."""
        state = self._state
        assert state is not None
        journal = Journal(self.log, self._pos, self.folder.path)
        step = lambda s, command, at: decide(s, actor, command, at, group)  # noqa: E731
        state, committed = journal.commit(
            state, actor, commands, step, lambda s, e, _: evolve_folder(s, e), self._now(), what_of(commands), check
        )
        if committed:
            self._state = state
            write_folder_checkpoint(self.folder, state, committed.events)
        return committed

    def admin_save_settings(self, settings: Settings) -> None:
        """`cspe server init` run by root: the system administrator owns the folder and may set who
        the examensecretarissen are; logged in the folder log under root's own login."""
        import os

        from cspe_tui.domain.events import SettingsSaved

        if os.geteuid() != 0:
            raise PermissionDenied("Alleen root (de systeembeheerder) mag de instellingen zo inrichten.")
        with self._held("De instellingen"):
            state = self._state
            if state is None or self._pos.problem is not None or state.settings == settings:
                return
            user = self._user()
            event = SettingsSaved(settings=settings, by=user, at=self._now())
            Journal(self.log, self._pos, self.folder.path).append(user, event.at, [event], "De instellingen")
            self._state = evolve_folder(state, event)
            write_folder_checkpoint(self.folder, self._state, [event])

    # --- a folder without a log: set it up, or adopt what an older version wrote ----

    def _bootstrap(self) -> FolderState:
        """Start the folder log from settings.json and the files beside it (one transaction)."""
        user = self._user()
        events = adopt_files(self.folder, user, self._now())
        if not self.folder.writable:
            state = FolderState()
            for event in events:
                state = evolve_folder(state, event)
            self._state, self._pos = state, Position()
            return state
        try:
            with self._mutex:
                self.folder.acquire(self._lock, "De gegevensmap", write=True)
                try:
                    log = self.log
                    if not log.path.exists():
                        state = FolderState()
                        for event in events:
                            state = evolve_folder(state, event)
                        self._pos = Position()
                        Journal(log, self._pos, self.folder.path).append(user, self._now(), events, "De gegevensmap")
                        self._state = state
                        write_folder_checkpoint(self.folder, state)
                    self._catch_up(log, can_write=True)
                finally:
                    self._lock.release()
        except Timeout:
            raise DataFolderError("De gegevensmap is bezet door een ander proces; probeer het opnieuw.") from None
        if self._state is None:
            raise CorruptFile(f"{self.log.path} kan niet worden gelezen: {self._pos.problem}")
        return self._state
