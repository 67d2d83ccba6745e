"""The Store: the one way the app reads and changes the data folder.

Each group lives in its own folder: group.json (info, absent, remarks, ...), one
small file per candidate for the scores (so a write stays small), and audit.jsonl.
Every change takes the group's inter-process lock, appends a hash-chained line to
audit.jsonl (fsynced) and then replaces one data file atomically. See
docs/architecture.md for the contract.
"""

from __future__ import annotations

import json
import os
import pwd
import secrets
import shutil
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, get_args

from filelock import FileLock, Timeout
from pydantic import ValidationError
from tinydb import Query, TinyDB
from tinydb.table import Document

from cspe_tui.domain.correctiemodel import Correctiemodel, Criterium, ModelKey
from cspe_tui.domain.group import (
    Aanvulling,
    Candidate,
    Cell,
    GroupInfo,
    GroupState,
    Melding,
    MeldingMoment,
    Remark,
    Role,
    ScoreError,
    Sluiting,
    Verklaring,
    Werkwijze,
    check_score,
    closing_blockers,
    seal_of,
)
from cspe_tui.domain.new_group import group_id_for, overlap_message, overlaps
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.domain.text import AANVULLING, DATE, LOGIN, OMSCHRIJVING, REMARK, TextKind, TextRefused, check_text
from cspe_tui.domain.validation import MAX_FILE_BYTES, check_model_bytes

from .apply import GroupHead, apply_entry, cells_from, head_from
from .audit import GENESIS, AuditEntry, AuditLog, AuditSig, seal_entry
from .errors import (
    ClosedGroupError,
    ClosingBlocked,
    ConflictError,
    CorruptFile,
    DataFolderError,
    GroupBusy,
    InvalidInput,
    InvalidScore,
    NeedsConfirmation,
    ModelImportError,
    NotSavedError,
    PermissionDenied,
    StoreError,
    UnknownCandidate,
    UnknownCriterium,
    UnknownGroup,
    UnknownModel,
    UnknownRemark,
)
from .fs import (
    FILE_MODE,
    GROUP_ID,
    atomic_write,
    candidate_file_name,
    check_folder,
    ensure_dir,
    fsync_dir,
    make_dir,
    not_saved,
    os_reason,
    reason_of,
    remove_tmp_files,
)
from .datafolder import LOCK_TIMEOUT, DataFolder, file_lock, parse_settings, settings_bytes
from .settings import Settings
from .storage import Signature, open_db, table
from .verify import compare_with_replay, fmt, replay_log

STALE_BUILD_SECONDS = 600
"""A half-built group folder (.new-*) older than this belongs to a process that died."""


def current_login() -> str:
    """The OS account of this process; never an environment variable, which anyone can set."""
    return pwd.getpwuid(os.getuid()).pw_name


def now() -> datetime:
    return datetime.now().astimezone()


def _new_id() -> str:
    return secrets.token_hex(6)


@dataclass(frozen=True)
class VerifyReport:
    group_id: str
    problems: list[str] = field(default_factory=list)
    seal_ok: bool | None = None
    """None while the group is open (there is no seal yet)."""
    entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


class _Group:
    """This process's handle on one group folder, with caches keyed on file signatures."""

    def __init__(self, group_id: str, path: Path) -> None:
        self.id = group_id
        self.path = path
        self.lock = file_lock(path / ".lock")
        self.audit = AuditLog(path / "audit.jsonl")
        self.db = open_db(path / "group.json", self.lock)
        self._cands: dict[str, TinyDB] = {}
        self.audit_sig: AuditSig | None = None
        self.audit_end = 0
        self.last_seq = 0
        self.last_hash = GENESIS
        self.chain_ok = True
        self.cleaned = False
        self.head_cache: tuple[Signature, GroupHead] | None = None
        self.cells_cache: dict[str, tuple[Signature, dict[str, Cell]]] = {}

    def cand(self, examennummer: str) -> TinyDB:
        db = self._cands.get(examennummer)
        if db is None:
            db = open_db(self.path / candidate_file_name(examennummer), self.lock)
            self._cands[examennummer] = db
        return db

    def db_for(self, raw: dict[str, Any]) -> TinyDB:
        return self.cand(str(raw["examennummer"])) if raw.get("action") == "score" else self.db

    def invalidate_for(self, raw: dict[str, Any]) -> None:
        if raw.get("action") == "score" and isinstance(raw.get("examennummer"), str):
            self.cand(raw["examennummer"]).storage.invalidate()
            self.cells_cache.pop(raw["examennummer"], None)
        else:
            self.db.storage.invalidate()
            self.head_cache = None

    def invalidate_all(self) -> None:
        self.db.storage.invalidate()
        for db in self._cands.values():
            db.storage.invalidate()
        self.head_cache = None
        self.cells_cache.clear()


class _Tx:
    """One change: one audit line, then one data file. `commit` may be called once."""

    def __init__(self, store: Store, g: _Group, db: TinyDB) -> None:
        self.store = store
        self.g = g
        self.db = db
        self.start: int | None = None

    def commit(
        self,
        action: str,
        *,
        examennummer: str | None = None,
        criterium: str | None = None,
        column: str | None = None,
        old: Any = None,
        new: Any = None,
    ) -> dict[str, Any]:
        if self.start is not None:
            raise RuntimeError("één wijziging per transactie")
        g = self.g
        raw = seal_entry(
            {
                "seq": g.last_seq + 1,
                "at": now().isoformat(),
                "login": self.store.user,
                "action": action,
                "examennummer": examennummer,
                "criterium": criterium,
                "column": column,
                "old": old,
                "new": new,
                "prev_hash": g.last_hash,
            }
        )
        self.start, end = g.audit.append(raw)
        g.last_seq, g.last_hash, g.audit_end = raw["seq"], raw["hash"], end
        apply_entry(self.db.storage, raw)
        return raw


class Store:
    def __init__(self, folder: DataFolder, user: str) -> None:
        self.user = user
        self.folder = folder
        self._mutex = threading.RLock()
        self._groups: dict[str, _Group] = {}
        self._data_lock = file_lock(folder.lock_file)
        self._models_db = open_db(folder.modellen_file, self._data_lock)
        self._normering_db = open_db(folder.normering_file, self._data_lock)
        self._settings_cache: tuple[tuple[int, int, int], Settings] | None = None
        self._model_files: dict[Path, tuple[tuple[int, int, int], Correctiemodel]] = {}
        self._modellen_cache: tuple[Signature, list[Melding], list[Aanvulling]] | None = None

    # --- who ---------------------------------------------------------------------

    @property
    def settings(self) -> Settings:
        return self._read_settings()

    @property
    def is_secretaris(self) -> bool:
        return self.user in self.settings.examensecretarissen

    @property
    def read_only(self) -> bool:
        return not self.folder.writable

    def _read_settings(self) -> Settings:
        path = self.folder.settings_file
        try:
            st = os.stat(path)
            sig = (st.st_ino, st.st_size, st.st_mtime_ns)
            if self._settings_cache is not None and self._settings_cache[0] == sig:
                return self._settings_cache[1]
            settings = parse_settings(path.read_bytes(), path)
        except FileNotFoundError:
            raise DataFolderError(f"{path} ontbreekt; de gegevensmap is niet (meer) ingericht.") from None
        except OSError as exc:
            raise DataFolderError(f"{path} kan niet worden gelezen ({os_reason(exc)}).") from None
        self._settings_cache = (sig, settings)
        return settings

    def save_settings(self, settings: Settings) -> None:
        self._require_secretaris("de instellingen wijzigen")
        self.folder.save_settings(settings)

    def _require_secretaris(self, doing: str) -> None:
        if not self.is_secretaris:
            raise PermissionDenied(f"Alleen de examensecretaris mag {doing}; jij ({self.user}) staat niet in de instellingen als examensecretaris.")

    def _role(self, info: GroupInfo) -> Role | None:
        if self.user == info.examinator:
            return Role.EXAMINATOR
        if self.user == info.tweede:
            return Role.TWEEDE
        if self.is_secretaris:
            return Role.SECRETARIS
        return None

    def _exam_role(self, g: _Group, head: GroupHead, doing: str) -> Role:
        role = self._role(head.info)
        if role is Role.SECRETARIS:
            raise PermissionDenied(f"De examensecretaris {doing}; dat doen de examinatoren van groep {g.id}.")
        if role is None:
            raise PermissionDenied(f"Je ({self.user}) bent geen examinator van groep {g.id}.")
        return role

    def _participant(self, g: _Group, head: GroupHead) -> Role:
        role = self._role(head.info)
        if role is None:
            raise PermissionDenied(f"Je ({self.user}) bent geen examinator van groep {g.id} en geen examensecretaris.")
        return role

    # --- locks and recovery ------------------------------------------------------

    def _acquire(self, lock: FileLock, what: str, write: bool) -> bool:
        try:
            lock.acquire()
        except Timeout:
            raise GroupBusy(
                f"De gegevens zijn al langer dan {LOCK_TIMEOUT:.0f} seconden bezet door een ander proces; probeer het opnieuw."
            ) from None
        except OSError as exc:
            if write:
                raise not_saved(what, exc, self.folder.path) from exc
            return False
        return True

    def _read_only_error(self, what: str) -> NotSavedError:
        return NotSavedError(
            f"{what} is niet opgeslagen: de gegevensmap {self.folder.path} is voor jou alleen-lezen "
            "(geen schrijfrechten, of een schijf die alleen gelezen kan worden)."
        )

    @contextmanager
    def _write_lock(self, g: _Group, what: str) -> Iterator[None]:
        if not self.folder.writable:
            raise self._read_only_error(what)
        with self._mutex:
            self._acquire(g.lock, what, write=True)
            try:
                try:
                    self._sync(g, can_write=True)
                except OSError as exc:
                    raise not_saved(what, exc, self.folder.path) from exc
                if not g.chain_ok:
                    raise CorruptFile(
                        f"Het logboek of een gegevensbestand van groep {g.id} is beschadigd; er wordt niets opgeslagen "
                        f"tot dat is opgelost. Voer 'cspe verify {g.id}' uit."
                    )
                yield
            finally:
                g.lock.release()

    @contextmanager
    def _read_lock(self, g: _Group) -> Iterator[bool]:
        """Reads take the lock when they can; on a read-only or full disk they still work without it."""
        with self._mutex:
            locked = self._acquire(g.lock, "", write=False)
            try:
                can_write = locked and self.folder.writable
                try:
                    self._sync(g, can_write)
                except OSError:
                    can_write = False
                    with suppress(OSError):
                        self._sync(g, False)
                yield can_write
            finally:
                if locked:
                    g.lock.release()

    def _sync(self, g: _Group, can_write: bool) -> None:
        """Catch up with other processes: clean leftovers, finish an interrupted change, drop stale caches."""
        if can_write and not g.cleaned:
            remove_tmp_files(g.path)
            g.cleaned = True
        sig = g.audit.stat()
        if sig is not None and sig == g.audit_sig:
            return
        try:
            end, size, last = g.audit.tail()
            if last is not None:
                last_seq, last_hash = int(last["seq"]), str(last["hash"])
        except (ValueError, KeyError, TypeError):
            g.invalidate_all()
            g.audit_sig = None
            g.chain_ok = False
            return
        g.chain_ok = True
        if can_write and size > end:
            # A line cut off by a crash: its change was never acknowledged, so it goes.
            g.audit.truncate(end)
        if g.audit_sig is None or sig is None or sig[0] != g.audit_sig[0] or end < g.audit_end:
            g.invalidate_all()
        else:
            _, lines = g.audit.read_lines(g.audit_end)
            for line in lines:
                try:
                    g.invalidate_for(json.loads(line))
                except (ValueError, AttributeError):
                    g.invalidate_all()
                    break
        if last is None:
            g.last_seq, g.last_hash = 0, GENESIS
        else:
            g.last_seq, g.last_hash = last_seq, last_hash
            if can_write:
                db = g.db_for(last)
                try:
                    with db.storage.batch():
                        if apply_entry(db.storage, last):
                            g.invalidate_for(last)
                except (ValueError, KeyError, TypeError, CorruptFile):
                    # Not knowing whether the last change landed, nothing may be written on top of it.
                    g.chain_ok = False
                    return
        g.audit_end = end
        g.audit_sig = g.audit.stat()

    @contextmanager
    def _change(self, g: _Group, db: TinyDB, what: str) -> Iterator[_Tx]:
        """Append-then-apply, both or neither: on any failure the audit line is cut off again."""
        tx = _Tx(self, g, db)
        before = (g.last_seq, g.last_hash, g.audit_end)
        try:
            with db.storage.batch():
                yield tx
        except BaseException as exc:
            if tx.start is not None:
                with suppress(OSError):
                    g.audit.truncate(tx.start)
                g.last_seq, g.last_hash, g.audit_end = before
                g.audit_sig = None
            db.storage.invalidate()
            if isinstance(exc, OSError) and not isinstance(exc, Timeout):
                raise not_saved(what, exc, self.folder.path) from exc
            raise
        g.audit_sig = g.audit.stat()

    @contextmanager
    def _data_write(self, what: str) -> Iterator[None]:
        """Writes outside groups (settings, models, meldingen, normering) under the folder's lock."""
        if not self.folder.writable:
            raise self._read_only_error(what)
        with self._mutex:
            self._acquire(self._data_lock, what, write=True)
            try:
                yield
            except OSError as exc:
                if isinstance(exc, Timeout):
                    raise
                raise not_saved(what, exc, self.folder.path) from exc
            finally:
                self._data_lock.release()

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
                try:
                    names = os.listdir(self.folder.groups)
                except OSError:
                    names = []
                cutoff = time.time() - STALE_BUILD_SECONDS
                for name in names:
                    if name.startswith(".new-"):
                        path = self.folder.groups / name
                        with suppress(OSError):
                            if path.stat().st_mtime < cutoff:
                                shutil.rmtree(path)
            finally:
                self._data_lock.release()

    # --- correctiemodellen -------------------------------------------------------

    def _model_path(self, key: ModelKey) -> Path:
        return self.folder.models / f"{key.slug}.json"

    def _load_model_file(self, path: Path) -> Correctiemodel:
        try:
            st = os.stat(path)
            sig = (st.st_ino, st.st_size, st.st_mtime_ns)
            cached = self._model_files.get(path)
            if cached is not None and cached[0] == sig:
                return cached[1]
            data = path.read_bytes()
        except FileNotFoundError:
            raise UnknownModel(f"Het correctiemodel {path.stem} is niet ingelezen.") from None
        except OSError as exc:
            raise CorruptFile(f"{path} kan niet worden gelezen ({os_reason(exc)}).") from None
        result = check_model_bytes(data)
        if result.model is None:
            first = result.problems[0]
            raise CorruptFile(f"Het ingelezen correctiemodel {path} is beschadigd: {first.path}: {first.message}")
        self._model_files[path] = (sig, result.model)
        return result.model

    def import_model(self, path: Path) -> Correctiemodel:
        self._require_secretaris("correctiemodellen inlezen")
        path = Path(path)
        try:
            with open(path, "rb") as handle:
                data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise ModelImportError(f"{path}: kan het bestand niet lezen ({os_reason(exc)}).") from None
        result = check_model_bytes(data)
        if result.model is None:
            problems = [p.render(path.name) for p in result.problems]
            raise ModelImportError(f"Het correctiemodel {path.name} is afgekeurd:\n" + "\n".join(problems), problems)
        model = result.model
        target = self._model_path(model.key)
        with self._data_write("Het correctiemodel"):
            existing = self._existing_model(target, model.key)
            if existing is not None:
                if existing.content_hash() == model.content_hash():
                    return existing
                raise ModelImportError(
                    f"Er is al een ander correctiemodel voor {model.key.label()} ingelezen. "
                    "Een ingelezen correctiemodel wordt nooit veranderd: groepen die het gebruiken, zijn erop gebaseerd."
                )
            ensure_dir(self.folder.models)
            atomic_write(target, data)
        return self._load_model_file(target)

    def _existing_model(self, target: Path, key: ModelKey) -> Correctiemodel | None:
        """The model already read in for this key; a damaged one that no group uses may be replaced.

        Otherwise a file that passed an older, weaker check would block its own correction for good.
        """
        if not target.exists():
            return None
        try:
            return self._load_model_file(target)
        except CorruptFile:
            if any(self._group_may_use(group_id, key) for group_id in self.group_ids()):
                raise
            return None

    def _group_may_use(self, group_id: str, key: ModelKey) -> bool:
        """True when the group uses the model, or cannot be read to tell."""
        try:
            return self._head(self._group(group_id)).info.model_key == key
        except StoreError:
            return True

    def models(self) -> dict[ModelKey, Correctiemodel]:
        """Every readable model in the folder; a damaged file is left out (`model(key)` names the problem)."""
        result: dict[ModelKey, Correctiemodel] = {}
        try:
            names = sorted(os.listdir(self.folder.models))
        except FileNotFoundError:
            return result
        for name in names:
            if name.startswith(".") or not name.endswith(".json"):
                continue
            with suppress(StoreError):
                model = self._load_model_file(self.folder.models / name)
                result[model.key] = model
        return result

    def model(self, key: ModelKey) -> Correctiemodel:
        try:
            model = self._load_model_file(self._model_path(key))
        except UnknownModel:
            raise UnknownModel(f"Het correctiemodel {key.label()} is niet ingelezen.") from None
        if model.key != key:
            raise CorruptFile(f"{self._model_path(key)} bevat een ander correctiemodel ({model.key.label()}).")
        return model

    def _model_for(self, info: GroupInfo) -> Correctiemodel:
        model = self.model(info.model_key)
        if model.content_hash() != info.model_hash:
            raise CorruptFile(
                f"Het correctiemodel {info.model_key.label()} is veranderd nadat groep {info.group_id} werd aangemaakt."
            )
        return model

    @staticmethod
    def _criterium(model: Correctiemodel, code: str) -> Criterium:
        try:
            return model.criterium(code)
        except (KeyError, TypeError):
            raise UnknownCriterium(f"Criterium {code} staat niet in het correctiemodel {model.key.label()}.") from None

    # --- meldingen and aanvullingen (they belong to the model) -------------------

    def _modellen(self) -> tuple[list[Melding], list[Aanvulling]]:
        storage = self._models_db.storage
        with storage.snapshot() as sig:
            if sig is None:
                return [], []
            if self._modellen_cache is not None and self._modellen_cache[0] == sig:
                return self._modellen_cache[1], self._modellen_cache[2]
            try:
                meldingen = sorted((Melding.model_validate(dict(d)) for d in table(storage, "meldingen").all()), key=lambda m: (m.at, m.id))
                aanvullingen = sorted(
                    (Aanvulling.model_validate(dict(d)) for d in table(storage, "aanvullingen").all()), key=lambda a: (a.at, a.id)
                )
            except ValidationError:
                raise CorruptFile(f"{self.folder.modellen_file} is beschadigd of met de hand veranderd.") from None
        self._modellen_cache = (sig, meldingen, aanvullingen)
        return meldingen, aanvullingen

    def meldingen(self, model_key: ModelKey) -> list[Melding]:
        return [m for m in self._modellen()[0] if m.model_key == model_key]

    def aanvullingen(self, model_key: ModelKey) -> list[Aanvulling]:
        return [a for a in self._modellen()[1] if a.model_key == model_key]

    def add_melding(
        self, model_key: ModelKey, opdracht: str, criterium: str | None, omschrijving: str, moment: str
    ) -> Melding:
        model = self.model(model_key)
        found = next((o for o in model.opdrachten if o.nummer == opdracht), None)
        if found is None:
            raise InvalidInput(f"Opdracht {opdracht} staat niet in het correctiemodel {model_key.label()}.")
        if criterium is not None and criterium not in {c.code for c in found.criteria}:
            raise UnknownCriterium(f"Criterium {criterium} hoort niet bij opdracht {opdracht}.")
        omschrijving = _text(omschrijving, "Beschrijf wat er mis is; de omschrijving mag niet leeg zijn.", OMSCHRIJVING)
        if moment not in get_args(MeldingMoment):
            raise InvalidInput("Kies als moment: voor de afname, tijdens de afname of tijdens de correctie.")
        melding = Melding(
            id=_new_id(),
            model_key=model_key,
            opdracht=opdracht,
            criterium=criterium,
            omschrijving=omschrijving,
            moment=moment,
            gevonden_door=self.user,
            at=now(),
        )
        with self._data_write("De melding"):
            storage = self._models_db.storage
            with storage.batch():
                table(storage, "meldingen").insert(melding.model_dump(mode="json"))
        return melding

    def add_aanvulling(self, model_key: ModelKey, criterium: str, tekst: str, datum: str) -> Aanvulling:
        """Record a CvTE aanvulling and apply it to every open group of the model; closed ones stay as sealed."""
        self._require_secretaris("aanvullingen van het CvTE vastleggen")
        model = self.model(model_key)
        self._criterium(model, criterium)
        tekst = _text(tekst, "De tekst van de aanvulling mag niet leeg zijn.", AANVULLING)
        datum = _text(datum, "Vul de datum van de aanvulling in.", DATE)
        aanvulling = Aanvulling(
            id=_new_id(),
            model_key=model_key,
            criterium=criterium,
            tekst=tekst,
            datum=datum,
            recorded_by=self.user,
            at=now(),
        )
        with self._data_write("De aanvulling"):
            storage = self._models_db.storage
            with storage.batch():
                aanvullingen = table(storage, "aanvullingen")
                for doc in aanvullingen.all():
                    if doc.get("model_key") == model_key.model_dump(mode="json") and doc.get("criterium") == criterium:
                        raise InvalidInput(f"Voor {criterium} is al een aanvulling vastgelegd.")
                aanvullingen.insert(aanvulling.model_dump(mode="json"))
        for group_id in self.group_ids():
            # A group we cannot reach now gets it when it is next opened (load_group, close).
            with suppress(StoreError):
                g = self._group(group_id)
                with self._write_lock(g, "De aanvulling"):
                    head = self._head(g)
                    if head.info.model_key == model_key:
                        self._apply_missing_aanvullingen(g, head)
        return aanvulling

    def _apply_missing_aanvullingen(self, g: _Group, head: GroupHead) -> GroupHead:
        """An open group always carries every aanvulling of its model; call with the write lock held."""
        if head.closed:
            return head
        have = {a.id for a in head.aanvullingen}
        missing = [a for a in self.aanvullingen(head.info.model_key) if a.id not in have]
        for aanvulling in missing:
            with self._change(g, g.db, "De aanvulling") as tx:
                tx.commit("aanvulling", criterium=aanvulling.criterium, new=aanvulling.model_dump(mode="json"))
        return self._head(g) if missing else head

    # --- normering (N and L per cspe as taken: first afname or herkansing combination) ---

    def _normering_doc_id(self, docs: list[Document], key: NormeringKey) -> int | None:
        """Entries written before herkansing combinations have no `herkansing` field: first afname."""
        for doc in docs:
            try:
                combination = tuple(tuple(pair) for pair in doc.get("herkansing") or ())
            except TypeError:
                raise CorruptFile(f"{self.folder.normering_file} is beschadigd of met de hand veranderd.") from None
            if (doc.get("profielvak"), doc.get("leerweg"), doc.get("jaar"), doc.get("versie"), combination) == key:
                return doc.doc_id
        return None

    def set_normering(self, key: NormeringKey, normering: Normering) -> None:
        """N and L of one combination; the entry keeps who changed it when, from what to what."""
        self._require_secretaris("de normering (N-term en L) vastleggen")
        at = now().isoformat()
        new = {"nterm": str(normering.nterm), "lengte": normering.lengte}
        with self._data_write("De normering"):
            storage = self._normering_db.storage
            with storage.batch():
                tbl = table(storage, "normering")
                doc_id = self._normering_doc_id(tbl.all(), key)
                old_doc = tbl.get(doc_id=doc_id) if doc_id is not None else None
                old = {"nterm": old_doc.get("nterm"), "lengte": old_doc.get("lengte")} if old_doc else None
                history = list(old_doc.get("geschiedenis", [])) if old_doc else []
                history.append({"door": self.user, "at": at, "old": old, "new": new})
                doc = {
                    "profielvak": key.profielvak,
                    "leerweg": key.leerweg,
                    "jaar": key.jaar,
                    "versie": key.versie,
                    "herkansing": [list(pair) for pair in key.herkansing],
                    **new,
                    "door": self.user,
                    "at": at,
                    "geschiedenis": history,
                }
                if doc_id is None:
                    tbl.insert(doc)
                else:
                    tbl.update(doc, doc_ids=[doc_id])

    def normering(self, key: NormeringKey) -> Normering | None:
        storage = self._normering_db.storage
        with storage.snapshot():
            tbl = table(storage, "normering")
            doc_id = self._normering_doc_id(tbl.all(), key)
            doc = tbl.get(doc_id=doc_id) if doc_id is not None else None
        if doc is None:
            return None
        try:
            return Normering(nterm=doc["nterm"], lengte=doc["lengte"])
        except (ValidationError, KeyError):
            raise CorruptFile(f"{self.folder.normering_file} is beschadigd of met de hand veranderd.") from None

    # --- groups --------------------------------------------------------------------

    def group_ids(self) -> list[str]:
        try:
            names = os.listdir(self.folder.groups)
        except FileNotFoundError:
            return []
        return sorted(
            n
            for n in names
            if GROUP_ID.fullmatch(n)
            and not (self.folder.groups / n).is_symlink()
            and (self.folder.groups / n / "group.json").is_file()
        )

    def _group(self, group_id: str) -> _Group:
        g = self._groups.get(group_id)
        if g is not None:
            return g
        if not isinstance(group_id, str) or not GROUP_ID.fullmatch(group_id):
            raise UnknownGroup(f"Groep {group_id!r} bestaat niet.")
        path = self.folder.groups / group_id
        if path.is_symlink():
            # A link could point outside the data folder; writes must never leave it.
            raise UnknownGroup(f"Groep {group_id} is een koppeling (symlink) naar een andere plek; die wordt niet geopend.")
        if not (path / "group.json").is_file():
            raise UnknownGroup(f"Groep {group_id} bestaat niet.")
        g = _Group(group_id, path)
        self._groups[group_id] = g
        return g

    def _head(self, g: _Group) -> GroupHead:
        storage = g.db.storage
        with storage.snapshot() as sig:
            if sig is None:
                raise UnknownGroup(f"Groep {g.id} bestaat niet (meer).")
            if g.head_cache is not None and g.head_cache[0] == sig:
                return g.head_cache[1]
            head = head_from(storage, str(storage.path))
        g.head_cache = (sig, head)
        return head

    def _cells(self, g: _Group, examennummer: str) -> dict[str, Cell]:
        storage = g.cand(examennummer).storage
        with storage.snapshot() as sig:
            if sig is None:
                g.cells_cache.pop(examennummer, None)
                return {}
            cached = g.cells_cache.get(examennummer)
            if cached is not None and cached[0] == sig:
                return cached[1]
            cells = cells_from(storage, str(storage.path))
        g.cells_cache[examennummer] = (sig, cells)
        return cells

    def _state_locked(self, g: _Group, may_write: bool) -> GroupState:
        head = self._head(g)
        model = self._model_for(head.info)
        if may_write and not head.closed:
            with suppress(StoreError):
                head = self._apply_missing_aanvullingen(g, head)
        cells: dict[str, dict[str, Cell]] = {}
        for cand in head.candidates:
            found = self._cells(g, cand.examennummer)
            if found:
                cells[cand.examennummer] = dict(found)
        return GroupState.model_construct(
            info=head.info,
            model=model,
            candidates=list(head.candidates),
            cells=cells,
            absent=list(head.absent),
            remarks=list(head.remarks),
            aanvullingen=list(head.aanvullingen),
            meldingen=self.meldingen(head.info.model_key),
            verklaringen=list(head.verklaringen),
            sluiting=head.sluiting,
        )

    def load_group(self, group_id: str) -> GroupState:
        g = self._group(group_id)
        with self._read_lock(g) as can_write:
            return self._state_locked(g, may_write=can_write)

    def load_groups(self) -> tuple[list[GroupState], dict[str, StoreError]]:
        """Every group that can be read, and why the others cannot: one broken group hides no other."""
        states: list[GroupState] = []
        failures: dict[str, StoreError] = {}
        for group_id in self.group_ids():
            try:
                states.append(self.load_group(group_id))
            except StoreError as exc:
                failures[group_id] = exc
        return states, failures

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
        """`NeedsConfirmation` (nothing made) when candidates already have this onderdeel in another
        group of the same kind; `confirmed=True` makes it anyway (an inhaal, a split class)."""
        self._require_secretaris("groepen aanmaken")
        model = self.model(model_key)
        items = getattr(candidates, "candidates", candidates)
        try:
            cands = [c if isinstance(c, Candidate) else Candidate.model_validate(c) for c in items]
        except ValidationError:
            raise InvalidInput("Elke kandidaat heeft een examennummer en een naam.") from None
        if not cands:
            raise InvalidInput("Een groep heeft minstens één kandidaat.")
        seen: set[str] = set()
        for cand in cands:
            if cand.examennummer in seen:
                raise InvalidInput(f"Examennummer {cand.examennummer} staat twee keer in de lijst.")
            seen.add(cand.examennummer)
        examinator, tweede = examinator.strip(), tweede.strip()
        if not examinator or not tweede:
            raise InvalidInput("Vul de login van de examinator en van de tweede examinator in.")
        examinator = _text(examinator, "", LOGIN)
        tweede = _text(tweede, "", LOGIN)
        if examinator == tweede:
            raise InvalidInput("De examinator en de tweede examinator moeten twee verschillende personen zijn.")
        try:
            werkwijze = Werkwijze(werkwijze)
        except ValueError:
            raise InvalidInput("Kies als werkwijze: gelijktijdig of achteraf.") from None
        if group_id is not None and not GROUP_ID.fullmatch(group_id):
            raise InvalidInput(
                f"Groepsnaam {group_id!r} kan niet: gebruik alleen letters, cijfers, - en _ (hooguit 80 tekens)."
            )
        if not self.folder.writable:
            raise self._read_only_error("De groep")
        existing = {g.lower(): g for g in self.group_ids()}
        if group_id is not None and group_id.lower() in existing:
            raise InvalidInput(f"Groep {existing[group_id.lower()]} bestaat al; kies een andere naam.")
        if not confirmed:
            found = overlaps(model_key, herkansing, cands, self.load_groups()[0])
            if found:
                raise NeedsConfirmation(overlap_message(model_key, herkansing, found))
        aanvullingen = [a.model_dump(mode="json") for a in self.aanvullingen(model_key)]
        try:
            ensure_dir(self.folder.groups)
        except OSError as exc:
            raise not_saved("De groep", exc, self.folder.path) from exc
        while True:
            gid = group_id or group_id_for(model_key, herkansing, self.group_ids())
            at = now()
            info = GroupInfo(
                group_id=gid,
                model_key=model_key,
                model_hash=model.content_hash(),
                examinator=examinator,
                tweede=tweede,
                werkwijze=werkwijze,
                herkansing=herkansing,
                created_by=self.user,
                created_at=at,
            )
            raw = seal_entry(
                {
                    "seq": 1,
                    "at": at.isoformat(),
                    "login": self.user,
                    "action": "groep",
                    "examennummer": None,
                    "criterium": None,
                    "column": None,
                    "old": None,
                    "new": {
                        "info": info.model_dump(mode="json"),
                        "candidates": [c.model_dump(mode="json") for c in cands],
                        "aanvullingen": aanvullingen,
                    },
                    "prev_hash": GENESIS,
                }
            )
            if self._build_group(gid, raw):
                return self.load_group(gid)
            if group_id is not None:
                raise InvalidInput(f"Groep {group_id} bestaat al; kies een andere naam.")

    def _build_group(self, gid: str, raw: dict[str, Any]) -> bool:
        """Build the folder aside and rename it into place: others see a whole group or none."""
        building = self.folder.groups / f".new-{secrets.token_hex(6)}"
        try:
            make_dir(building)
            try:
                AuditLog(building / "audit.jsonl").append(raw)
                db = open_db(building / "group.json")
                with db.storage.batch():
                    apply_entry(db.storage, raw)
                fd = os.open(building / ".lock", os.O_WRONLY | os.O_CREAT | os.O_CLOEXEC, FILE_MODE)
                try:
                    os.fchmod(fd, FILE_MODE)
                finally:
                    os.close(fd)
                fsync_dir(building)
                target = self.folder.groups / gid
                try:
                    os.rename(building, target)
                except OSError as exc:
                    if target.exists():
                        return False
                    raise exc
            except BaseException:
                shutil.rmtree(building, ignore_errors=True)
                raise
            with suppress(OSError):
                fsync_dir(self.folder.groups)
            return True
        except OSError as exc:
            raise not_saved("De groep", exc, self.folder.path) from exc

    # --- checks shared by the writes -------------------------------------------

    @staticmethod
    def _check_open(g: _Group, head: GroupHead) -> None:
        if head.closed:
            raise ClosedGroupError(f"Groep {g.id} is gesloten; er kan niets meer worden veranderd.")

    @staticmethod
    def _check_candidate(g: _Group, head: GroupHead, examennummer: str) -> None:
        if examennummer not in head.numbers:
            raise UnknownCandidate(f"Kandidaat {examennummer} hoort niet bij groep {g.id}.")

    @staticmethod
    def _check_value(criterium: Criterium, value: int | None) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidScore(f"Een score is een geheel getal (gekregen: {value!r}).")
        try:
            return check_score(criterium, value)
        except ScoreError as exc:
            raise InvalidScore(str(exc)) from None

    @staticmethod
    def _cell_in(db: TinyDB, code: str) -> Cell:
        doc = table(db.storage, "cells").get(Query().code == code)
        if doc is None:
            return Cell()
        return Cell.model_validate({k: v for k, v in doc.items() if k != "code"})

    # --- scores ----------------------------------------------------------------------

    def set_score(self, group_id: str, examennummer: str, code: str, value: int | None) -> Cell:
        """Write the user's own column (examinator or tweede); None clears it."""
        g = self._group(group_id)
        with self._write_lock(g, "De score"):
            head = self._head(g)
            self._check_open(g, head)
            role = self._exam_role(g, head, "vult geen scores in")
            model = self._model_for(head.info)
            self._check_candidate(g, head, examennummer)
            value = self._check_value(self._criterium(model, code), value)
            db = g.cand(examennummer)
            with self._change(g, db, "De score") as tx:
                cell = self._cell_in(db, code)
                old = cell.column(role)
                if old == value:
                    return cell
                tx.commit("score", examennummer=examennummer, criterium=code, column=role.value, old=old, new=value)
                return self._cell_in(db, code)

    def set_vastgesteld(
        self, group_id: str, examennummer: str, code: str, value: int | None, expected: Cell
    ) -> Cell:
        """Fix the agreed score; refused with ConflictError if the cell is no longer what the user saw."""
        g = self._group(group_id)
        with self._write_lock(g, "De vastgestelde score"):
            head = self._head(g)
            self._check_open(g, head)
            self._exam_role(g, head, "stelt geen scores vast")
            model = self._model_for(head.info)
            self._check_candidate(g, head, examennummer)
            value = self._check_value(self._criterium(model, code), value)
            db = g.cand(examennummer)
            with self._change(g, db, "De vastgestelde score") as tx:
                cell = self._cell_in(db, code)
                seen = (expected.examinator, expected.tweede, expected.vastgesteld)
                if (cell.examinator, cell.tweede, cell.vastgesteld) != seen:
                    raise ConflictError(
                        f"De scores van {code} voor kandidaat {examennummer} zijn intussen veranderd: examinator "
                        f"{fmt(cell.examinator)}, tweede examinator {fmt(cell.tweede)}, vastgesteld "
                        f"{fmt(cell.vastgesteld)}. Bekijk ze en stel de score opnieuw vast.",
                        current=cell,
                    )
                if cell.vastgesteld == value:
                    return cell
                tx.commit(
                    "score", examennummer=examennummer, criterium=code, column="vastgesteld", old=cell.vastgesteld, new=value
                )
                return self._cell_in(db, code)

    def set_absent(self, group_id: str, examennummer: str, absent: bool) -> None:
        g = self._group(group_id)
        with self._write_lock(g, "De afwezigheid"):
            head = self._head(g)
            self._check_open(g, head)
            self._participant(g, head)
            self._check_candidate(g, head, examennummer)
            with self._change(g, g.db, "De afwezigheid") as tx:
                current = table(g.db.storage, "absent").contains(Query().examennummer == examennummer)
                if current != bool(absent):
                    tx.commit("afwezig", examennummer=examennummer, old=current, new=bool(absent))

    # --- remarks, verklaring, closing ------------------------------------------------

    def add_remark(self, group_id: str, examennummer: str, criterium: str | None, text: str) -> Remark:
        text = _text(text, "Een opmerking mag niet leeg zijn.", REMARK)
        g = self._group(group_id)
        with self._write_lock(g, "De opmerking"):
            head = self._head(g)
            self._check_open(g, head)
            self._participant(g, head)
            self._check_candidate(g, head, examennummer)
            if criterium is not None:
                self._criterium(self._model_for(head.info), criterium)
            remark_id = _new_id()
            with self._change(g, g.db, "De opmerking") as tx:
                tx.commit("opmerking", examennummer=examennummer, criterium=criterium, new={"id": remark_id, "text": text})
            return self._remark(g, remark_id)

    def _remark(self, g: _Group, remark_id: str) -> Remark:
        remark = self._head(g).remark(remark_id)
        if remark is None:
            raise UnknownRemark(f"Opmerking {remark_id} bestaat niet in groep {g.id}.")
        return remark

    def reply_remark(self, group_id: str, remark_id: str, text: str) -> Remark:
        text = _text(text, "Een reactie mag niet leeg zijn.", REMARK)
        g = self._group(group_id)
        with self._write_lock(g, "De reactie"):
            head = self._head(g)
            self._check_open(g, head)
            self._participant(g, head)
            remark = self._remark(g, remark_id)
            with self._change(g, g.db, "De reactie") as tx:
                tx.commit(
                    "reactie",
                    examennummer=remark.examennummer,
                    criterium=remark.criterium,
                    new={"id": remark_id, "text": text},
                )
            return self._remark(g, remark_id)

    def resolve_remark(self, group_id: str, remark_id: str) -> Remark:
        g = self._group(group_id)
        with self._write_lock(g, "Het afhandelen van de opmerking"):
            head = self._head(g)
            self._check_open(g, head)
            self._participant(g, head)
            remark = self._remark(g, remark_id)
            if not remark.open:
                return remark
            with self._change(g, g.db, "Het afhandelen van de opmerking") as tx:
                tx.commit(
                    "afgehandeld", examennummer=remark.examennummer, criterium=remark.criterium, new={"id": remark_id}
                )
            return self._remark(g, remark_id)

    def declare(self, group_id: str) -> Verklaring:
        """'I scored according to the correctievoorschrift', for the user's own role in the group."""
        g = self._group(group_id)
        with self._write_lock(g, "De verklaring"):
            head = self._head(g)
            self._check_open(g, head)
            role = self._exam_role(g, head, "legt geen verklaring af")
            for verklaring in head.verklaringen:
                if verklaring.role is role:
                    return verklaring
            with self._change(g, g.db, "De verklaring") as tx:
                tx.commit("verklaring", column=role.value, new=True)
            return next(v for v in self._head(g).verklaringen if v.role is role)

    def close(self, group_id: str) -> Sluiting:
        """Close for good, with a seal over the content; refused while anything blocks closing."""
        g = self._group(group_id)
        with self._write_lock(g, "Het sluiten van de groep"):
            head = self._head(g)
            self._check_open(g, head)
            self._participant(g, head)
            state = self._state_locked(g, may_write=True)
            blockers = closing_blockers(state)
            if blockers:
                raise ClosingBlocked(
                    f"Groep {g.id} kan nog niet worden gesloten; nog {len(blockers)} punt(en) open, "
                    f"bijvoorbeeld: {blockers[0].text}",
                    blockers,
                )
            with self._change(g, g.db, "Het sluiten van de groep") as tx:
                tx.commit("sluiting", new={"seal": seal_of(state)})
            sluiting = self._head(g).sluiting
            assert sluiting is not None
            return sluiting

    def exports_folder(self, group_id: str) -> Path:
        """<data>/exports/<group>: the records stay with the data, shared with the group like the rest."""
        g = self._group(group_id)
        folder = self.folder.path / "exports" / g.id
        ensure_dir(folder.parent)
        ensure_dir(folder)
        return folder

    # --- audit trail and change feed -----------------------------------------------

    def change_cursor(self, group_id: str) -> int:
        """The audit log's size: take it before `load_group`, then poll `changes_since` with it."""
        sig = self._group(group_id).audit.stat()
        return sig[1] if sig else 0

    def changes_since(self, group_id: str, cursor: int) -> tuple[int, list[AuditEntry]]:
        """Entries appended after `cursor` and the new cursor; costs one stat when nothing changed."""
        g = self._group(group_id)
        sig = g.audit.stat()
        if sig is None or sig[1] == cursor:
            return cursor, []
        with self._read_lock(g):
            now_sig = g.audit.stat()
            start = g.audit.line_start(min(max(cursor, 0), now_sig[1] if now_sig else 0))
            end, lines = g.audit.read_lines(start)
        return end, _entries(lines)

    def audit(self, group_id: str) -> list[AuditEntry]:
        g = self._group(group_id)
        with self._read_lock(g):
            _, lines = g.audit.read_lines(0)
        return _entries(lines)

    def verify(self, group_id: str) -> VerifyReport:
        """Check the hash chain, replay the log against the files, and check the seal of a closed group."""
        g = self._group(group_id)
        with self._read_lock(g):
            g.invalidate_all()
            _, lines = g.audit.read_lines(0)
            replay = replay_log(lines)
            problems = replay.problems + compare_with_replay(g.path, g.db, g.cand, replay)
            seal_ok = None
            try:
                sluiting = self._head(g).sluiting
                if sluiting is not None:
                    seal_ok = seal_of(self._state_locked(g, may_write=False)) == sluiting.seal
                    if not seal_ok:
                        problems.append(
                            "Het zegel van de gesloten groep klopt niet: de gegevens zijn na het sluiten veranderd."
                        )
            except StoreError as exc:
                seal_ok = False if replay.closed else None
                problems.append(str(exc))
            return VerifyReport(group_id=group_id, problems=problems, seal_ok=seal_ok, entries=len(lines))


# --- helpers ---------------------------------------------------------------------


def _text(value: str, empty_message: str, kind: TextKind) -> str:
    """Through the domain's text gate: a refused text is a Dutch InvalidInput naming the field."""
    text = (value or "").strip()
    if not text:
        raise InvalidInput(empty_message)
    try:
        return check_text(text, kind)
    except TextRefused as exc:
        raise InvalidInput(f"De {kind.label} kan zo niet worden opgeslagen: {exc.message}.") from None


def _entries(lines: list[bytes]) -> list[AuditEntry]:
    entries = []
    for line in lines:
        with suppress(ValueError, ValidationError):
            entries.append(AuditEntry.model_validate_json(line))
    return entries


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
    if not folder.settings_file.exists():
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
    current = folder.read_settings()
    chosen = login if user is None else user.strip()
    if not chosen:
        raise InvalidInput("Geef een gebruikersnaam op.")
    if chosen != login and not current.demo and not fresh:
        raise PermissionDenied(
            f"Werken als een andere gebruiker ({chosen}) kan alleen in een demomap; "
            f"in deze gegevensmap werk je altijd als jezelf ({login})."
        )
    store = Store(folder, chosen)
    if writable:
        store._cleanup_on_start()
    return store
