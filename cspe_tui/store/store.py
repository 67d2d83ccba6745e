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
from collections.abc import Iterable
from contextlib import suppress
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from pydantic import ValidationError

from cspe_tui.domain import commands as c
from cspe_tui.domain.decide import may
from cspe_tui.domain.cijfers import NormeringKey
from cspe_tui.domain.new_group import overlap_message, overlaps
from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.events import (
    AanvullingAdded,
    Declared,
    GroupClosed,
    GroupCreated,
    MeldingAdded,
    RemarkAdded,
)
from cspe_tui.domain.group import (
    Aanvulling,
    Candidate,
    Cell,
    GroupState,
    Melding,
    Remark,
    Sluiting,
    Verklaring,
    Werkwijze,
)
from cspe_tui.domain.normering import Normering
from cspe_tui.domain.validation import MAX_FILE_BYTES, check_model_bytes

from .api import FolderScope, GroupScope, Scope
from .datafolder import LOCK_TIMEOUT, DataFolder, file_lock, settings_bytes
from .errors import (
    CorruptFile,
    DataFolderError,
    GroupBusy,
    InvalidInput,
    InvalidScore,
    ModelImportError,
    NeedsConfirmation,
    NotSavedError,
    PermissionDenied,
    StoreError,
    UnknownRemark,
)
from .corrections import Corrections
from .folder import FolderRecords
from .follow import Position
from .fs import atomic_write, check_folder, ensure_dir, make_dir, not_saved, os_reason, reason_of, remove_tmp_files
from .groups import GroupHandle, GroupRecords
from .settings import Settings
from .verify import Verification, VerifyReport

STALE_BUILD_SECONDS = 600
"""A half-built group folder (.new-*) older than this belongs to a process that died."""


def current_login() -> str:
    """The OS account of this process; never an environment variable, which anyone can set."""
    return pwd.getpwuid(os.getuid()).pw_name


def now() -> datetime:
    return datetime.now().astimezone()


class Store(GroupRecords, FolderRecords, Verification, Corrections):
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

    def _as_user(self, group_id: str, *commands: Any) -> list[Any]:
        return self.execute(GroupScope(group_id=group_id), self.user, *commands)

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

    # --- group commands for self.user ---------------------------------------------------

    def set_score(self, group_id: str, examennummer: str, code: str, value: int | None) -> Cell:
        """Write the user's own column (examinator or tweede); None clears it."""
        self._as_user(group_id, _score_command(c.SetScore, examennummer=examennummer, criterium=code, value=value))
        return self._cell(group_id, examennummer, code)

    def set_vastgesteld(self, group_id: str, examennummer: str, code: str, value: int | None, expected: Cell) -> Cell:
        """Fix the agreed score; refused with ConflictError if the cell is no longer what the user saw."""
        command = _score_command(c.SetVastgesteld, examennummer=examennummer, criterium=code, value=value, expected=expected)
        self._as_user(group_id, command)
        return self._cell(group_id, examennummer, code)

    def accept_all(self, group_id: str, examennummer: str) -> dict[str, Cell]:
        """Achteraf, the tweede: examinator 1's open scores of one candidate become vastgesteld, in one transaction."""
        events = self._as_user(group_id, c.AcceptAll(examennummer=examennummer))
        codes = [e.criterium for e in events if hasattr(e, "criterium")]
        return {code: self._cell(group_id, examennummer, code) for code in codes}

    def set_absent(self, group_id: str, examennummer: str, absent: bool) -> None:
        self._as_user(group_id, c.SetAbsent(examennummer=examennummer, absent=absent))

    def add_remark(self, group_id: str, examennummer: str, criterium: str | None, text: str) -> Remark:
        events = self._as_user(group_id, c.AddRemark(examennummer=examennummer, criterium=criterium, text=text or ""))
        return next(e.remark for e in events if isinstance(e, RemarkAdded))

    def reply_remark(self, group_id: str, remark_id: str, text: str) -> Remark:
        self._as_user(group_id, c.ReplyRemark(remark_id=remark_id, text=text or ""))
        return self._remark(group_id, remark_id)

    def resolve_remark(self, group_id: str, remark_id: str) -> Remark:
        self._as_user(group_id, c.ResolveRemark(remark_id=remark_id))
        return self._remark(group_id, remark_id)

    def declare(self, group_id: str) -> Verklaring:
        """'I scored according to the correctievoorschrift', for the user's own role in the group."""
        events = self._as_user(group_id, c.Declare())
        found = next((e.verklaring for e in events if isinstance(e, Declared)), None)
        if found is not None:
            return found
        role = self._state(group_id).role_of(self.user)
        return next(v for v in self._state(group_id).verklaringen if v.role is role)

    def close(self, group_id: str) -> Sluiting:
        """Close for good, with a seal over the content; refused while anything blocks closing."""
        events = self._as_user(group_id, c.Close())
        return next(e.sluiting for e in events if isinstance(e, GroupClosed))

    def _state(self, group_id: str) -> GroupState:
        state = self._group(group_id).state
        assert state is not None
        return state

    def _cell(self, group_id: str, examennummer: str, code: str) -> Cell:
        return self._state(group_id).cell(examennummer, code)

    def _remark(self, group_id: str, remark_id: str) -> Remark:
        for remark in self._state(group_id).remarks:
            if remark.id == remark_id:
                return remark
        raise UnknownRemark(f"Opmerking {remark_id} bestaat niet in groep {group_id}.")

    # --- folder commands for self.user --------------------------------------------------

    def _as_user_folder(self, *commands: Any) -> list[Any]:
        return self.execute(FolderScope(), self.user, *commands)

    def save_settings(self, settings: Settings) -> None:
        self._as_user_folder(c.SaveSettings(settings=settings))

    def import_model(self, path: Path) -> Correctiemodel:
        path = Path(path)
        reason = may(self._folder_state(), self._actor(self.user), "import_model")
        if reason is not None:
            raise PermissionDenied(reason)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ModelImportError(f"{path}: kan het bestand niet lezen ({os_reason(exc)}).") from None
        result = check_model_bytes(data)
        if result.model is None:
            problems = [p.render(path.name) for p in result.problems]
            raise ModelImportError(f"Het correctiemodel {path.name} is afgekeurd:\n" + "\n".join(problems), problems)
        self._as_user_folder(c.ImportModel(model=result.model))
        return self.model(result.model.key)

    def add_melding(self, model_key: ModelKey, opdracht: str, criterium: str | None, omschrijving: str, moment: str) -> Melding:
        command = c.AddMelding(
            model_key=model_key, opdracht=opdracht, criterium=criterium, omschrijving=omschrijving or "", moment=moment
        )
        events = self._as_user_folder(command)
        return next(e.melding for e in events if isinstance(e, MeldingAdded))

    def add_aanvulling(self, model_key: ModelKey, criterium: str, tekst: str, datum: str) -> Aanvulling:
        """Record a CvTE aanvulling and carry it into every open group of the model; closed ones stay as sealed."""
        events = self._as_user_folder(c.AddAanvulling(model_key=model_key, criterium=criterium, tekst=tekst or "", datum=datum or ""))
        aanvulling = next(e.aanvulling for e in events if isinstance(e, AanvullingAdded))
        for group_id in self.group_ids():
            # A group we cannot reach now gets it when it is next opened (load_group).
            with suppress(StoreError):
                g = self._group(group_id)
                with self._group_lock(g, "De aanvulling", write=True):
                    state = g.state
                    if state is not None and state.info.model_key == model_key and not state.closed:
                        self._transact(g, self._actor(self.user), [c.ApplyAanvulling(aanvulling=aanvulling)])
        return aanvulling

    def set_normering(self, key: NormeringKey, normering: Normering) -> None:
        """N and L of one combination (first afname per versie, or a herkansing combination)."""
        self._as_user_folder(c.SetNormering(key=key, normering=normering))

    def create_group(
        self,
        model_key: ModelKey,
        candidates: Iterable[Candidate],
        examinator: str,
        tweede: str,
        werkwijze: Werkwijze | str,
        herkansing: bool = False,
        group_id: str | None = None,
        confirmed: bool = False,
    ) -> GroupState:
        """Decided and logged in the folder log; the new group's folder starts with the same event.

        `NeedsConfirmation` (nothing made) when candidates already have this onderdeel in another
        group of the same kind; `confirmed=True` makes it anyway (an inhaal, a split class)."""
        items = getattr(candidates, "candidates", candidates)
        try:
            cands = [x if isinstance(x, Candidate) else Candidate.model_validate(x) for x in items]
            command = c.CreateGroup(
                model_key=model_key, candidates=cands, examinator=examinator, tweede=tweede,
                werkwijze=Werkwijze(werkwijze), herkansing=herkansing, group_id=group_id,
            )
        except ValidationError:
            raise InvalidInput("Elke kandidaat heeft een examennummer en een naam.") from None
        except ValueError:
            raise InvalidInput("Kies als werkwijze: gelijktijdig of achteraf.") from None
        taken = {g.lower(): g for g in self._folder_state().groups}
        if group_id is not None and group_id.lower() in taken:
            raise InvalidInput(f"Groep {taken[group_id.lower()]} bestaat al; kies een andere naam.")
        if not confirmed:
            found = overlaps(model_key, herkansing, cands, self.load_groups()[0])
            if found:
                raise NeedsConfirmation(overlap_message(model_key, herkansing, found))
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


def _score_command(cls: type, **fields: Any) -> Any:
    """A score command; a value that is no whole number gets the same Dutch refusal as decide gives."""
    try:
        return cls(**fields)
    except ValidationError:
        raise InvalidScore(f"Een score is een geheel getal (gekregen: {fields.get('value')!r}).") from None


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
