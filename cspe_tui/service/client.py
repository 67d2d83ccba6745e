"""The store as the app and the CLI see it when a cspe service owns the data folder.

Same reads and writes as the in-process `Store`, over the service's socket. The service
decides who you are (your Unix login, from the kernel); nothing here can claim another.
A group whose change cursor was asked for is followed: the service pushes every entry
appended to its log, and `changes_since` answers from that buffer without asking.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from cspe_tui.domain.access import Actor
from cspe_tui.domain.commands import CreateGroup
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.events import GroupCreated
from cspe_tui.domain.group import Aanvulling, GroupState, Melding
from cspe_tui.domain.folder import NormeringEntry
from cspe_tui.domain.retention import ArchiveRecord, Uitslag
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.domain.summary import GroupSummary
from cspe_tui.store import AuditEntry, DataFolder, Settings, StoreError, VerifyReport
from cspe_tui.store.commands_api import RecordCommands
from cspe_tui.store.journal import Committed
from cspe_tui.store.errors import PermissionDenied, TamperedGroup
from cspe_tui.store.scope import FolderScope, Scope

from . import protocol as p
from . import reads
from .client_feed import Feed
from .client_photos import PhotoClient
from .commands import scope_payload
from .connection import Connection

SETTINGS_FRESH = 5.0
"""Seconds the settings behind `actor()` are reused; who is examensecretaris changes rarely."""


def _failures(failed: dict[str, Any]) -> dict[str, StoreError]:
    """The service's FailedGroup answers as the StoreErrors the store would have raised."""
    failures: dict[str, StoreError] = {}
    for group_id, failure in failed.items():
        try:
            p.raise_error({"kind": failure.kind, "message": failure.message})
        except StoreError as exc:
            failures[group_id] = exc
    return failures


class ServiceClient(PhotoClient, RecordCommands):
    """Implements the store's RecordStore protocol over the service's socket.

    The writes are the shared RecordCommands, sent with `execute`. They return what the
    in-process store's return: a score's new cell comes from the pushed events (the service
    pushes a change to its followers before it acknowledges the write), so a keypress costs
    one request and no reload.
    """

    def __init__(self, socket_path: Path | str, on_status: Callable[[str], None] | None = None) -> None:
        self.socket_path = Path(socket_path)
        self._feeds: dict[str, Feed] = {}
        self._feeds_lock = threading.Lock()
        self._subscribing = threading.Lock()
        self._settings: tuple[float, Settings] | None = None
        self._may: dict[str, tuple[float, str | None]] = {}
        self._listeners: list[Callable[[str], None]] = []
        self._entries_listeners: list[Callable[[str, int, int, list[AuditEntry]], None]] = []
        self._status_listeners: list[Callable[[str], None]] = [on_status] if on_status else []
        self.status_text = ""
        self._conn = Connection(self.socket_path, self._pushed, self._status, self._resume)
        hello = self._conn.open()
        self.user: str = hello["login"]
        self.data = Path(hello["data"])
        self.official_exports_dir = Path(hello["exports"])
        self.folder = DataFolder(path=self.data, writable=True)

    def disconnect(self) -> None:
        """End the connection (`close(group_id)` closes a group, as in the store)."""
        self._conn.close()

    @property
    def wait_for_service(self) -> float:
        """How long a request waits for a broken connection to come back before it gives up."""
        return self._conn.wait_seconds

    @wait_for_service.setter
    def wait_for_service(self, seconds: float) -> None:
        self._conn.wait_seconds = seconds

    # --- listening ----------------------------------------------------------------

    def add_listener(self, callback: Callable[[str], None]) -> None:
        """`callback(group_id)` on the reader thread whenever entries of a followed group arrive."""
        self._listeners.append(callback)

    def add_entries_listener(self, told: Callable[[str, int, int, list[AuditEntry]], None]) -> None:
        """`told(group_id, start, end, entries)` on the reader thread with the pushed entries, parsed once here."""
        self._entries_listeners.append(told)

    def remove_entries_listener(self, told: Callable[[str, int, int, list[AuditEntry]], None]) -> None:
        if told in self._entries_listeners:
            self._entries_listeners.remove(told)

    def add_status_listener(self, told: Callable[[str], None], wait_seconds: float | None = None) -> None:
        """`told(text)` when the connection breaks or comes back (Dutch, for a status line).

        `wait_seconds`: from now on a request waits only so long for the connection to come back
        (a screen that shows the break need not hang as long as a command in a script)."""
        self._status_listeners.append(told)
        if wait_seconds is not None:
            self.wait_for_service = wait_seconds

    def _status(self, text: str) -> None:
        self.status_text = text
        for callback in list(self._status_listeners):
            callback(text)

    def _pushed(self, message: dict[str, Any]) -> None:
        group_id = str(message.get("group_id"))
        entries = reads.decode_entries(message.get("entries", []))
        with self._feeds_lock:
            feed = self._feeds.get(group_id)
            if feed is None:
                return
            start, end = int(message["from"]), int(message["to"])
            feed.add(start, end, entries)
        self._tell(group_id, start, end, entries)

    def _tell(self, group_id: str, start: int, end: int, entries: list[AuditEntry]) -> None:
        for callback in list(self._listeners):
            callback(group_id)
        for told in list(self._entries_listeners):
            told(group_id, start, end, entries)

    def _follow(self, group_id: str) -> Feed:
        with self._subscribing:
            with self._feeds_lock:
                feed = self._feeds.get(group_id)
            if feed is not None:
                return feed
            return self._subscribe(group_id, None)

    def _subscribe(self, group_id: str, cursor: int | None) -> Feed:
        with self._feeds_lock:
            # Registered before asking, so a push that overtakes the answer is kept.
            feed = self._feeds.setdefault(group_id, Feed(cursor or 0))
        reply = self._conn.call("subscribe", group_id=group_id, cursor=cursor)
        entries = reads.decode_entries(reply["entries"])
        with self._feeds_lock:
            if cursor is None:
                feed.start = feed.end = int(reply["from"])
                feed.chunks.clear()
            feed.add(int(reply["from"]), int(reply["to"]), entries)
        if entries:
            self._tell(group_id, int(reply["from"]), int(reply["to"]), entries)
        return feed

    def _resume(self) -> None:
        """After a reconnect: follow every group again from where its buffer ends."""
        with self._feeds_lock:
            ends = {gid: feed.end for gid, feed in self._feeds.items()}
        for group_id, end in ends.items():
            try:
                self._subscribe(group_id, end)
            except StoreError:
                continue

    # --- writes (the wrappers are the shared RecordCommands) -------------------

    def execute(self, scope: Scope, actor_login: str | None = None, *commands: Any) -> Committed:
        """The one write path. `actor_login` is not sent: the service knows who you are from the kernel.

        The answer carries the committed log lines, parsed here once: a followed group's buffer
        takes them (the service pushes them to the other followers only), and the caller folds them."""
        if actor_login is not None and actor_login != self.user:
            raise PermissionDenied(
                f"Werken als een andere gebruiker ({actor_login}) kan niet via de cspe-dienst; "
                f"je werkt altijd als jezelf ({self.user})."
            )
        payload = [command.model_dump(mode="json") for command in commands]
        result = self._conn.call("execute", scope=scope_payload(scope), commands=payload)
        return self._committed(result, getattr(scope, "group_id", None))

    def _committed(self, result: Any, group_id: str | None) -> Committed:
        """A write's answer: the committed log lines, parsed once, taken into the followed group's buffer."""
        try:
            start, end, entries = int(result["from"]), int(result["to"]), reads.decode_entries(result["entries"])
        except (TypeError, KeyError, ValueError):
            raise p.ProtocolError("Onverwacht antwoord van de cspe-dienst op een wijziging.") from None
        if group_id is not None and entries:
            with self._feeds_lock:
                feed = self._feeds.get(group_id)
                if feed is not None:
                    feed.add(start, end, entries)
        return Committed(tuple(entries), start, end)

    def _create_group(self, command: CreateGroup) -> GroupState:
        """The service builds the group folder; the examensecretaris was asked about overlap here."""
        created = next(e for e in self.execute(FolderScope(), None, command) if isinstance(e, GroupCreated))
        return self.load_group(created.info.group_id)

    # --- reads --------------------------------------------------------------------

    def _read(self, what: str, **args: Any) -> Any:
        return reads.decode(what, self._conn.call("read", what=what, args=args))

    @property
    def settings(self) -> Settings:
        """Asked afresh each time; while the service is away, the last answer at once (screens ask often)."""
        if self._settings is not None and not self._conn.connected:
            return self._settings[1]
        try:
            settings = self._read("settings")
        except p.ServiceError:
            if self._settings is None:
                raise
            return self._settings[1]
        self._settings = (time.monotonic(), settings)
        return settings

    def _recent_settings(self) -> Settings:
        """For `check_action`, which Textual calls on every repaint: at most one request per few seconds."""
        if self._settings is not None and time.monotonic() - self._settings[0] < SETTINGS_FRESH:
            return self._settings[1]
        return self.settings

    @property
    def is_secretaris(self) -> bool:
        return self.user in self.settings.examensecretarissen

    @property
    def read_only(self) -> bool:
        return False

    def actor(self) -> Actor:
        """This user as the domain sees them, for screens that ask `may` (the service decides again)."""
        settings = self._recent_settings()
        return Actor(login=self.user, secretaris=self.user in settings.examensecretarissen, demo=settings.demo)

    def may_in_folder(self, command_type: str) -> str | None:
        """Asked by `check_action` on every repaint: reused for a few seconds, and never raises."""
        cached = self._may.get(command_type)
        if cached is not None and (time.monotonic() - cached[0] < SETTINGS_FRESH or not self._conn.connected):
            return cached[1]
        try:
            reason = self._read("may_in_folder", command_type=command_type)
        except p.ServiceError as exc:
            return cached[1] if cached is not None else str(exc)
        self._may[command_type] = (time.monotonic(), reason)
        return reason

    def models(self) -> dict[ModelKey, Correctiemodel]:
        return {model.key: model for model in self._read("models")}

    def model(self, key: ModelKey) -> Correctiemodel:
        return self._read("model", key=key.model_dump(mode="json"))

    def meldingen(self, model_key: ModelKey) -> list[Melding]:
        return self._read("meldingen", key=model_key.model_dump(mode="json"))

    def aanvullingen(self, model_key: ModelKey) -> list[Aanvulling]:
        return self._read("aanvullingen", key=model_key.model_dump(mode="json"))

    def normering(self, key: NormeringKey) -> Normering | None:
        return self._read("normering", key=[*key])

    def normering_entries(self) -> list[NormeringEntry]:
        return self._read("normering_entries")

    def group_ids(self) -> list[str]:
        return self._read("group_ids")

    def removed_groups(self) -> list[str]:
        return self._read("removed_groups")

    def load_group(self, group_id: str) -> GroupState:
        return self.load_group_at(group_id)[1]

    def load_group_at(self, group_id: str) -> tuple[int, GroupState]:
        """A followed open group comes from the cached state and the pushed events: one change is one event."""
        cursor, state = self._state_at(group_id)
        if state.closed:
            return cursor, self._read("group", group_id=group_id).restore()  # checked against its seal by the service
        return cursor, state.model_copy(
            update={
                "cells": {nr: dict(row) for nr, row in state.cells.items()},
                "absent": list(state.absent),
                "remarks": list(state.remarks),
                "meldingen": self.meldingen(state.info.model_key),
            }
        )

    def export_state(self, group_id: str) -> GroupState:
        """The group for an export: refused, as in the store, when a closed group differs from its seal."""
        state = self.load_group(group_id)
        if state.tampered is not None:
            raise TamperedGroup(f"Groep {group_id} wordt niet geëxporteerd. {state.tampered}")
        return state

    def _group(self, group_id: str) -> None:
        """Raises UnknownGroup as the store's does (`cspe log` checks the group this way)."""
        self.change_cursor(group_id)

    def _state(self, group_id: str) -> GroupState:
        return self._state_at(group_id)[1]

    def _state_at(self, group_id: str) -> tuple[int, GroupState]:
        """The group as far as the pushes reach, and that log position; read whole only the first time (or after a gap)."""
        feed = self._follow(group_id)
        with self._feeds_lock:
            state = feed.fold()
            if state is not None:
                return feed.state_end, state
        cursor, read = self._read("group_at", group_id=group_id)
        with self._feeds_lock:
            if feed.since(cursor) is not None or cursor == feed.end:
                feed.state, feed.state_end = read.restore(), cursor
                state = feed.fold()
                if state is not None:
                    return feed.state_end, state
        return cursor, read.restore()

    def load_groups(self) -> tuple[list[GroupState], dict[str, StoreError]]:
        reads_, failed = self._read("groups")
        return [r.restore() for r in reads_], _failures(failed)

    def group_summaries(self) -> tuple[list[GroupSummary], dict[str, StoreError]]:
        """The service's summaries: a few hundred bytes per group, whatever its size."""
        summaries, failed = self._read("group_summaries")
        return summaries, _failures(failed)

    def group_summary(self, group_id: str) -> GroupSummary:
        """One group's start-screen row, as the service counts it (a few hundred bytes)."""
        return self._read("group_summary", group_id=group_id)

    def closed_check(self, group_id: str) -> str | None:
        return self._read("closed_check", group_id=group_id)

    def audit_iter(self, group_id: str | None = None) -> Iterator[AuditEntry]:
        """The log page by page: a long log never sits whole in memory or in one message."""
        start, done = 0, False
        while not done:
            start, entries, done = self._read("log", group_id=group_id, start=start)
            yield from entries

    def audit(self, group_id: str | None = None) -> list[AuditEntry]:
        return list(self.audit_iter(group_id))

    def verify(self, group_id: str | None = None) -> VerifyReport:
        return self._read("verify", group_id=group_id)

    def verify_folder(self) -> VerifyReport:
        return self.verify(None)

    def change_cursor(self, group_id: str) -> int:
        """Follows the group from now on: later changes arrive by push."""
        return self._follow(group_id).end

    def follow(self, group_id: str) -> None:
        """Be told (`add_entries_listener`) of every change of this group from now on: the service pushes them."""
        self._follow(group_id)

    def changes_since(self, group_id: str, cursor: int) -> tuple[int, list[AuditEntry]]:
        """From the pushed buffer; only a reader further behind than the buffer asks the service."""
        feed = self._follow(group_id)
        with self._feeds_lock:
            end, entries = feed.end, feed.since(cursor)
        if entries is not None:
            return end, entries
        return self._read("changes", group_id=group_id, cursor=cursor)

    # --- exports ------------------------------------------------------------------

    def official_exports(self, group_id: str) -> dict[str, bytes]:
        """The PDF and CSV the service wrote at closing, as bytes (the caller saves a copy as itself)."""
        return self._read("exports", group_id=group_id)

    def archive_sources(self, group_id: str) -> dict[str, bytes]:
        """The group's log and photo files, read by the service that owns them."""
        return self._read("archive_sources", group_id=group_id)

    def uitslagen(self) -> list[Uitslag]:
        return self._read("uitslagen")

    def archives(self) -> list[ArchiveRecord]:
        return self._read("archives")

    def lists_folder(self, name: str) -> Path:
        """Lists over several groups (cijferlijst, Wolf): the user's own copies, in the home like a group's."""
        from cspe_tui.store.fs import GROUP_ID

        if not GROUP_ID.fullmatch(name):
            raise p.ProtocolError(f"Ongeldige mapnaam: {name}.")
        return Path.home() / "cspe-export" / name

    def exports_folder(self, group_id: str) -> Path:
        """Where this user's own copies go: the data folder is the service's, so a folder in the home."""
        from cspe_tui.store.fs import GROUP_ID

        if not GROUP_ID.fullmatch(group_id):
            raise p.ProtocolError(f"Ongeldige groep: {group_id}.")
        folder = Path.home() / "cspe-export" / group_id
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def status(self) -> dict[str, Any]:
        return self._conn.call("status")
