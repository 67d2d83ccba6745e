"""Folder records: the hash-chained folder log (<data>/folder.jsonl) and what is folded from it.

Settings, imported correctiemodellen, meldingen, aanvullingen, normering and the creation
of groups are events in this log, with the same guarantees as a group's (lock, one fsync
per transaction, a cut-off transaction removed). settings.json, correctiemodellen/*.json,
modellen.json and normering.json are checkpoints written from the folded state, rewritten
when they are missing or differ. Reading needs no lock: only whole transactions count.
"""

from __future__ import annotations

import json
from decimal import Decimal
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from typing import TYPE_CHECKING, Any

from filelock import Timeout
from pydantic import ValidationError

from cspe_tui.domain.access import Actor
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.decide import decide
from cspe_tui.domain.commands import ApplyAanvulling, RemoveGroup
from cspe_tui.domain.events import (
    AanvullingAdded,
    GroupCreated,
    GroupRemoved,
    MeldingAdded,
    ModelImported,
    NormeringSet,
    NormeringWithdrawn,
    SettingsSaved,
)
from cspe_tui.domain.evolve import evolve_folder
from cspe_tui.domain.folder import FolderState, NormeringEntry
from cspe_tui.domain.group import Aanvulling, GroupState, Melding
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.domain.validation import check_model_bytes

from .datafolder import parse_settings, settings_bytes
from .errors import CorruptFile, DataFolderError, PermissionDenied, StoreError, UnknownGroup, UnknownModel
from .follow import Applied, Position, follow
from .fs import ensure_dir, not_saved, os_reason, write_checkpoint_file
from .journal import Committed, Journal
from .log import EventLog
from .refusals import what_of

if TYPE_CHECKING:
    from .store import Store


class FolderRecords:
    """The folder half of the Store (mixed into it)."""

    _fpos: Position
    _fstate: FolderState | None

    @property
    def folder_log(self: Store) -> EventLog:
        return EventLog(self.folder.log_file)

    # --- reading ---------------------------------------------------------------------

    def _folder_state(self: Store) -> FolderState:
        """The folded folder log; one stat when nothing changed. Reads take no lock."""
        log = self.folder_log
        sig = log.stat()
        if sig is None:
            return self._bootstrap()
        if self._fstate is not None and sig == self._fpos.sig:
            return self._fstate
        self._catch_up(log, can_write=False)
        if self._fstate is None:
            raise CorruptFile(f"{log.path} kan niet worden gelezen: {self._fpos.problem} Voer 'cspe verify' uit.")
        return self._fstate

    def _catch_up(self: Store, log: EventLog, can_write: bool) -> None:
        sig = log.stat()
        if self._fpos.sig is None or sig is None or sig[0] != self._fpos.sig[0] or sig[1] < self._fpos.end:
            self._fpos, self._fstate = Position(), None
        follow(log, self._fpos, self._fold_folder, can_write)

    def _fold_folder(self: Store, txs: Applied) -> None:
        state = self._fstate if self._fstate is not None else FolderState()
        for _, event in txs:
            state = evolve_folder(state, event)
        self._fstate = state

    @property
    def settings(self: Store):  # noqa: ANN201  (Settings)
        return self._folder_state().settings

    @property
    def is_secretaris(self: Store) -> bool:
        return self._folder_state().is_secretaris(self.user)

    def _actor(self: Store, login: str) -> Actor:
        """The store fills in the role from the folded settings, never from the caller."""
        state = self._folder_state()
        return Actor(login=login, secretaris=state.is_secretaris(login), demo=state.settings.demo)

    def actor(self: Store) -> Actor:
        """This store's user as the domain sees them, for screens that ask `may`."""
        return self._actor(self.user)

    def may_in_folder(self: Store, command_type: str) -> str | None:
        """None when the user may give this folder command, else the Dutch reason (domain rules)."""
        from cspe_tui.domain.decide import may

        return may(self._folder_state(), self._actor(self.user), command_type)

    def models(self: Store) -> dict[ModelKey, Correctiemodel]:
        return {entry.key: entry.model for entry in self._folder_state().models.values()}

    def model(self: Store, key: ModelKey) -> Correctiemodel:
        model = self._folder_state().model(key)
        if model is None:
            raise UnknownModel(f"Het correctiemodel {key.label()} is niet ingelezen.")
        return model

    def meldingen(self: Store, model_key: ModelKey) -> list[Melding]:
        return sorted(self._folder_state().meldingen_for(model_key), key=lambda m: (m.at, m.id))

    def aanvullingen(self: Store, model_key: ModelKey) -> list[Aanvulling]:
        return sorted(self._folder_state().aanvullingen_for(model_key), key=lambda a: (a.at, a.id))

    def normering(self: Store, key: NormeringKey) -> Normering | None:
        return self._folder_state().normering_for(key)

    def normering_entries(self: Store) -> list[NormeringEntry]:
        """Every combination's N and L with who set it when, and its history (withdrawn ones too); sorted by key."""
        return sorted(self._folder_state().normering, key=lambda e: e.key)

    # --- writing ---------------------------------------------------------------------

    @contextmanager
    def _folder_lock(self: Store, what: str) -> Iterator[None]:
        if not self.folder.writable:
            raise self._read_only_error(what)
        with self._mutex:
            self._acquire(self._data_lock, what, write=True)
            try:
                try:
                    self._catch_up(self.folder_log, can_write=True)
                except OSError as exc:
                    raise not_saved(what, exc, self.folder.path) from exc
                yield
            finally:
                self._data_lock.release()

    def _execute_folder(self: Store, login: str, commands: tuple[Any, ...]) -> Committed:
        """One folder transaction as `login`; what its events do beside the log runs after the commit.

        A new group's folder is built, a removed group's moved aside (both under the folder's
        lock); an aanvulling then goes into each open group of its model, as its own transaction.
        """
        if not self.folder_log.path.exists():
            self._bootstrap()
        what = what_of(commands)
        removing = [command for command in commands if isinstance(command, RemoveGroup)]
        with self._folder_lock(what):
            if self._fpos.problem is not None or self._fstate is None:
                raise CorruptFile(
                    f"Het logboek van de gegevensmap is beschadigd ({self._fpos.problem}); er wordt niets opgeslagen "
                    "tot dat is opgelost. Voer 'cspe verify' uit."
                )
            actor = self._actor(login)
            with self._removing(removing, what) as group:
                committed = self._append_folder(actor, commands, self._fstate, group, self.group_folders.refuse_existing)
                for event in committed:
                    if isinstance(event, GroupRemoved):
                        try:
                            self.group_folders.move_removed(event.group_id, event.at)
                        finally:
                            self._groups.pop(event.group_id, None)
            for event in committed:
                if isinstance(event, GroupCreated):
                    self.group_folders.build(event, login)
        for event in committed:
            if isinstance(event, AanvullingAdded):
                self._carry_aanvulling(actor, event.aanvulling)
        return committed

    @contextmanager
    def _removing(self: Store, removing: list[Any], what: str) -> Iterator[GroupState | None]:
        """Removing a group is decided with its own state in hand: its lock is held until it has moved."""
        if len(removing) != 1 or removing[0].group_id not in (self._fstate.groups if self._fstate else {}):
            yield None
            return
        g = self._group(removing[0].group_id)
        with self._group_lock(g, what, write=True):
            yield g.state

    def _carry_aanvulling(self: Store, actor: Actor, aanvulling: Aanvulling) -> None:
        """Into every open group of the model; a group we cannot reach now gets it when it is next opened."""
        for group_id in self.group_ids():
            with suppress(StoreError):
                g = self._group(group_id)
                with self._group_lock(g, "De aanvulling", write=True):
                    state = g.state
                    if state is not None and state.info.model_key == aanvulling.model_key and not state.closed:
                        self._transact(g, actor, [ApplyAanvulling(aanvulling=aanvulling)])

    def removed_groups(self: Store) -> list[str]:
        return [info.group_id for info in self._folder_state().removed]

    def _check_not_removed(self: Store, group_id: str) -> None:
        if any(info.group_id == group_id for info in self._folder_state().removed):
            raise UnknownGroup(f"Groep {group_id} is verwijderd.")

    def _append_folder(
        self: Store,
        actor: Actor,
        commands: tuple[Any, ...] | list[Any],
        state: FolderState,
        group: GroupState | None = None,
        check: Any = None,
    ) -> Committed:
        """Through the folder's journal; the checkpoint files the events touched are rewritten after it."""
        journal = Journal(self.folder_log, self._fpos, self.folder.path)
        step = lambda s, command, at: decide(s, actor, command, at, group)  # noqa: E731
        state, committed = journal.commit(
            state, actor, commands, step, lambda s, e, _: evolve_folder(s, e), self._now(), what_of(commands), check
        )
        if committed:
            self._fstate = state
            self._write_folder_checkpoint(committed.events)
        return committed

    def _append_events(
        self: Store, log: EventLog, pos: Position, login: str, at: datetime, events: list[Any], what: str
    ) -> None:
        Journal(log, pos, self.folder.path).append(login, at, events, what)

    def admin_save_settings(self: Store, settings: Any) -> None:
        """`cspe server init` run by root: the system administrator owns the folder and may set who
        the examensecretarissen are; logged in the folder log under root's own login."""
        import os

        from cspe_tui.domain.events import SettingsSaved as Saved

        if os.geteuid() != 0:
            raise PermissionDenied("Alleen root (de systeembeheerder) mag de instellingen zo inrichten.")
        with self._folder_lock("De instellingen"):
            state = self._fstate
            if state is None or self._fpos.problem is not None or state.settings == settings:
                return
            event = Saved(settings=settings, by=self.user, at=self._now())
            self._append_events(self.folder_log, self._fpos, self.user, event.at, [event], "De instellingen")
            self._fstate = evolve_folder(state, event)
            self._write_folder_checkpoint([event])

    # --- checkpoint files ------------------------------------------------------------

    def _write_folder_checkpoint(self: Store, events: list[Any] | None = None) -> None:
        """Rewrite the files the events touched (all when None); the log stays the record if this fails."""
        state = self._fstate
        if state is None:
            return
        kinds = None if events is None else {type(e) for e in events}
        with suppress(OSError):
            if kinds is None or SettingsSaved in kinds:
                write_checkpoint_file(self.folder.settings_file, settings_bytes(state.settings))
            if kinds is None or ModelImported in kinds:
                ensure_dir(self.folder.models)
                for entry in state.models.values():
                    write_checkpoint_file(self.folder.model_file(entry.key), model_bytes(entry.model))
            if kinds is None or kinds & {MeldingAdded, AanvullingAdded}:
                tables = {
                    "meldingen": [m.model_dump(mode="json") for m in state.meldingen],
                    "aanvullingen": [a.model_dump(mode="json") for a in state.aanvullingen],
                }
                write_checkpoint_file(self.folder.modellen_file, tinydb_bytes(tables))
            if kinds is None or kinds & {NormeringSet, NormeringWithdrawn}:
                docs = [
                    {
                        **entry.key._asdict(),
                        **_nl(entry.normering),
                        "door": entry.by,
                        "at": entry.at.isoformat(),
                        "ingetrokken": entry.withdrawn,
                        "geschiedenis": [
                            {
                                "door": h.by,
                                "at": h.at.isoformat(),
                                "old": _nl(h.old) if h.old else None,
                                "new": _nl(h.new) if h.new else None,
                                **({"reden": h.reden} if h.reden else {}),
                            }
                            for h in entry.history
                        ],
                    }
                    for entry in state.normering
                ]
                write_checkpoint_file(self.folder.normering_file, tinydb_bytes({"normering": docs}))

    # --- a folder without a log: set it up, or adopt what an older version wrote ----

    def _bootstrap(self: Store) -> FolderState:
        """Start the folder log from settings.json and the files beside it (one transaction)."""
        events = self._adopt_files()
        if not self.folder.writable:
            state = FolderState()
            for event in events:
                state = evolve_folder(state, event)
            self._fstate, self._fpos = state, Position()
            return state
        try:
            with self._mutex:
                self._acquire(self._data_lock, "De gegevensmap", write=True)
                try:
                    if not self.folder_log.path.exists():
                        state = FolderState()
                        for event in events:
                            state = evolve_folder(state, event)
                        self._fpos = Position()
                        self._append_events(self.folder_log, self._fpos, self.user, self._now(), events, "De gegevensmap")
                        self._fstate = state
                        self._write_folder_checkpoint()
                    self._catch_up(self.folder_log, can_write=True)
                finally:
                    self._data_lock.release()
        except Timeout:
            raise DataFolderError("De gegevensmap is bezet door een ander proces; probeer het opnieuw.") from None
        if self._fstate is None:
            raise CorruptFile(f"{self.folder_log.path} kan niet worden gelezen: {self._fpos.problem}")
        return self._fstate

    def _adopt_files(self: Store) -> list[Any]:
        at, by = self._now(), self.user
        path = self.folder.settings_file
        try:
            settings = parse_settings(path.read_bytes(), path)
        except FileNotFoundError:
            raise DataFolderError(f"{path} ontbreekt; de gegevensmap is niet (meer) ingericht.") from None
        except OSError as exc:
            raise DataFolderError(f"{path} kan niet worden gelezen ({os_reason(exc)}).") from None
        events: list[Any] = [SettingsSaved(settings=settings, by=by, at=at)]
        with suppress(OSError):
            for model_file in sorted(self.folder.models.glob("*.json")):
                result = check_model_bytes(model_file.read_bytes())
                if result.model is not None:
                    model = result.model
                    events.append(ModelImported(key=model.key, content_hash=model.content_hash(), model=model, by=by, at=at))
        try:
            tables = json.loads(self.folder.modellen_file.read_text("utf-8")) if self.folder.modellen_file.exists() else {}
            for doc in (tables.get("meldingen") or {}).values():
                events.append(MeldingAdded(melding=Melding.model_validate(doc)))
            for doc in (tables.get("aanvullingen") or {}).values():
                events.append(AanvullingAdded(aanvulling=Aanvulling.model_validate(doc)))
        except (OSError, ValueError, ValidationError, AttributeError):
            raise CorruptFile(f"{self.folder.modellen_file} is beschadigd of met de hand veranderd.") from None
        events.extend(self._adopt_normering(by, at))
        return events

    def _adopt_normering(self: Store, by: str, at: datetime) -> list[Any]:
        """N and L an older version kept in normering.json (per versie, before herkansing combinations)."""
        path = self.folder.normering_file
        try:
            tables = json.loads(path.read_text("utf-8")) if path.exists() else {}
            events = []
            for doc in (tables.get("normering") or {}).values():
                if doc.get("ingetrokken"):
                    continue
                herkansing = tuple((str(o), str(v)) for o, v in doc.get("herkansing") or ())
                key = NormeringKey(str(doc["profielvak"]), str(doc["leerweg"]), int(doc["jaar"]), str(doc["versie"]), herkansing)
                normering = Normering(nterm=Decimal(str(doc["nterm"])), lengte=doc["lengte"])
                when = datetime.fromisoformat(doc["at"]) if doc.get("at") else at
                events.append(NormeringSet(key=key, normering=normering, by=str(doc.get("door") or by), at=when))
        except (OSError, ValueError, TypeError, KeyError, ArithmeticError, ValidationError, AttributeError):
            raise CorruptFile(f"{path} is beschadigd of met de hand veranderd.") from None
        return events


def model_bytes(model: Correctiemodel) -> bytes:
    return (model.model_dump_json(indent=2, exclude_defaults=False) + "\n").encode("utf-8")


def tinydb_bytes(tables: dict[str, list[dict[str, Any]]]) -> bytes:
    """TinyDB's own file layout (table -> doc id -> document), written in one piece."""
    data = {name: {str(i): doc for i, doc in enumerate(docs, 1)} for name, docs in tables.items()}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _nl(normering: Normering) -> dict[str, Any]:
    return {"nterm": str(normering.nterm), "lengte": normering.lengte}
