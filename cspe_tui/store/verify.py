"""`cspe verify`: fold a log from its first line and compare the result with the checkpoint.

Streams the log (memory stays flat however long it is): the hash chain, the numbering,
every event's old value, the fold against the TinyDB files and the seal of a closed
group. A closed group runs the same check whenever it is shown or exported.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cspe_tui.domain.wording import count
from cspe_tui.domain.evolve import EventMismatch, evolve, evolve_folder, group_from
from cspe_tui.domain.events import (
    GroupClosed, GroupCreated, GroupWithdrawn, PhotoAdded, ScoreSet, VastgesteldSet, parse_event,
)
from cspe_tui.domain.folder import FolderState
from cspe_tui.domain.group import GroupInfo, GroupState
from cspe_tui.domain.group_notes import Stamp
from cspe_tui.domain.closing import seal_of
from cspe_tui.domain.validation import check_model_bytes

from .checkpoint import HEAD_FIELDS, head_docs, read_checkpoint, read_mark
from .datafolder import settings_bytes
from .errors import CorruptFile, StoreError
from .fs import candidate_file_name
from .group_handle import GroupHandle, changed_cells
from .log import FIELDS, GENESIS, AuditEntry, EventLog, line_problems, stamp_of
from .photo_checks import photo_problems

if TYPE_CHECKING:
    from cspe_tui.domain.correctiemodel import Correctiemodel

    from .datafolder import DataFolder
    from .folder import FolderRecords

ModelOf = Callable[[GroupInfo], "Correctiemodel"]

LABELS = {
    "info": "de gegevens van de groep (examinatoren, model, werkwijze)",
    "candidates": "de kandidatenlijst",
    "absent": "de afwezigen",
    "remarks": "de opmerkingen",
    "aanvullingen": "de aanvullingen",
    "verklaringen": "de verklaringen",
    "vervallen": "de vervallen verklaringen",
    "sluiting": "de sluiting",
    "ondersteuning": "de ondersteuning",
    "withdrawn": "het vervallen van de groep",
    "photos": "de foto's",
}


def _after_closing(event: object) -> bool:
    """What may follow closing: being marked vervallen, and photos the examensecretaris adds as an addition."""
    return isinstance(event, GroupWithdrawn) or (isinstance(event, PhotoAdded) and event.addition)


def fmt(value: Any) -> str:
    return "leeg" if value is None else str(value)


@dataclass(frozen=True)
class VerifyReport:
    group_id: str | None
    """None for the folder log."""
    problems: list[str] = field(default_factory=list)
    seal_ok: bool | None = None
    """None while the group is open (there is no seal yet), and for the folder log."""
    entries: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class _Fold:
    state: Any = None
    entries: int = 0
    problems: list[str] = field(default_factory=list)
    touched: dict[tuple[str, ...], int] = field(default_factory=dict)
    closed_line: int | None = None


def _lines(log: EventLog, fold: _Fold) -> Iterator[tuple[int, Any, Stamp | None]]:
    """Every line's event with its number and envelope stamp; a broken envelope is a problem, its event still counts."""
    seq, prev = 0, GENESIS
    for _, line in log.iter_lines(0):
        number = fold.entries + 1
        fold.entries = number
        try:
            raw = json.loads(line)
        except ValueError:
            raw = None
        problems = line_problems(raw, number, seq, prev)
        fold.problems.extend(problems)
        if not isinstance(raw, dict) or set(raw) != FIELDS:
            seq += 1
            continue
        seq = raw["seq"] if isinstance(raw["seq"], int) else seq + 1
        prev = str(raw["hash"])
        try:
            event = parse_event(raw["event"])
        except ValueError:
            fold.problems.append(f"Logboek regel {number}: onbekende of beschadigde gebeurtenis.")
            continue
        yield number, event, stamp_of(raw)


def fold_group_log(log: EventLog, model_of: ModelOf) -> _Fold:
    """A group's log folded from its first line, every problem named; also `cspe archief controleer`'s fold."""
    fold = _Fold()
    for number, event, stamp in _lines(log, fold):
        if fold.closed_line is not None and not _after_closing(event):
            fold.problems.append(f"Logboek regel {number}: wijziging na het sluiten van de groep (regel {fold.closed_line}).")
        try:
            if fold.state is None:
                if not isinstance(event, GroupCreated):
                    raise EventMismatch("het logboek begint niet met het aanmaken van de groep")
                fold.state = group_from(event, model_of(event.info))
                continue
            _old_value(fold, number, event)
            old, fold.state = fold.state, evolve(fold.state, event, stamp)
            _touch(fold, number, old, fold.state)
        except (EventMismatch, StoreError) as exc:
            fold.problems.append(f"Logboek regel {number}: kan niet worden nagespeeld ({exc}).")
        if isinstance(event, GroupClosed):
            fold.closed_line = number
    return fold


class Verification:
    """`cspe verify`, the closed-group check and the audit trail: reads of the logs and their checkpoints.

    Built from the data folder and the folder records (the folder log, the models); a group is
    verified from its handle, which the caller holds locked and caught up. It writes nothing but
    the cached check on a group's handle.
    """

    def __init__(self, folder: DataFolder, folder_records: FolderRecords) -> None:
        self.folder = folder
        self.folder_records = folder_records

    def check_group(self, g: GroupHandle, model_of: ModelOf | None = None) -> tuple[_Fold, bool | None]:
        """The log folded from its first line, compared with the checkpoint and (closed) the seal."""
        model_of = model_of or self.folder_records.model_of
        fold = fold_group_log(g.log, model_of)
        state: GroupState | None = fold.state
        if state is None:
            fold.problems.append(f"Het logboek van groep {g.id} bevat geen aanmaak van de groep.")
            return fold, None
        fold.problems.extend(_compare(g, state, fold))
        seal_ok = None
        if state.sluiting is not None:
            seal_ok = seal_of(state) == state.sluiting.seal
            shown = read_checkpoint(g.db, g.cand, lambda head: model_of(GroupInfo.model_validate(head["info"])), g.path)
            if shown is not None and seal_of(shown[0]) != state.sluiting.seal:
                seal_ok = False
            if not seal_ok:
                fold.problems.append("Het zegel van de gesloten groep klopt niet: de gegevens zijn na het sluiten veranderd.")
        return fold, seal_ok

    def verify_group(self, g: GroupHandle) -> VerifyReport:
        """Chain + fold equals checkpoint + seal, and every logged photo is there; hold the group's lock."""
        fold, seal_ok = self.check_group(g)
        if fold.state is not None:
            fold.problems.extend(photo_problems(g.path, fold.state))
        return VerifyReport(group_id=g.id, problems=fold.problems, seal_ok=seal_ok, entries=fold.entries)

    def verify_folder(self) -> VerifyReport:
        fold = _Fold(state=FolderState())
        log = self.folder_records.log
        for number, event, _ in _lines(log, fold):
            try:
                fold.state = evolve_folder(fold.state, event)
            except EventMismatch as exc:
                fold.problems.append(f"Logboek regel {number}: kan niet worden nagespeeld ({exc}).")
        if fold.entries == 0:
            fold.problems.append(f"{log.path} ontbreekt of is leeg.")
        elif not fold.problems and fold.state != self.folder_records.state():
            fold.problems.append("De gegevensmap wijkt af van het logboek.")
        if not fold.problems:
            fold.problems.extend(self._folder_checkpoint_problems(fold.state))
        return VerifyReport(group_id=None, problems=fold.problems, entries=fold.entries)

    def _folder_checkpoint_problems(self, state: FolderState) -> list[str]:
        problems = []
        path = self.folder.settings_file
        try:
            if path.read_bytes() != settings_bytes(state.settings):
                problems.append(f"{path} wijkt af van het logboek van de gegevensmap (de instellingen daar gelden).")
        except OSError:
            problems.append(f"{path} ontbreekt of kan niet worden gelezen.")
        for entry in state.models.values():
            model_file = self.folder.model_file(entry.key)
            try:
                result = check_model_bytes(model_file.read_bytes())
            except OSError:
                problems.append(f"{model_file} ontbreekt of kan niet worden gelezen.")
                continue
            if result.model is None or result.model.content_hash() != entry.content_hash:
                problems.append(f"{model_file} wijkt af van het ingelezen correctiemodel {entry.key.label()}.")
        return problems

    def closed_check(self, g: GroupHandle) -> tuple[str | None, GroupState | None]:
        """A closed group's check, redone only when one of its files changed (by inode, size, times).

        Returns what differs (None when all is well) and, if so, the state the log holds, to show instead.
        """
        signature = folder_signature(g)
        if g.check is not None and g.check[0] == signature:
            return g.check[1], g.check[2]
        report, shown = self.closed_report(g)
        g.check = (signature, report, shown)
        return report, shown

    def closed_report(self, g: GroupHandle, model_of: ModelOf | None = None) -> tuple[str | None, GroupState | None]:
        fold, _ = self.check_group(g, model_of)
        report = None
        if fold.problems:
            report = (
                f"Deze gesloten groep klopt niet met het logboek ({len(fold.problems)} verschil(len)), "
                f"bijvoorbeeld: {fold.problems[0]} Getoond wordt wat het logboek vastlegt; exporteren kan niet. "
                f"Voer 'cspe verify {g.id}' uit."
            )
        shown = fold.state if report is not None and isinstance(fold.state, GroupState) else None
        return report, shown

    def entries(self, log: EventLog) -> Iterator[AuditEntry]:
        """A log's entries one by one; unreadable lines are left out."""
        for _, line in log.iter_lines(0):
            try:
                yield AuditEntry.model_validate_json(line)
            except ValueError:
                continue


def _old_value(fold: _Fold, number: int, event: Any) -> None:
    """An event's old value must be what the earlier lines left: catches an edited value in the middle."""
    if isinstance(event, ScoreSet):
        current = fold.state.cell(event.examennummer, event.criterium).column(event.role)
        where = f"kandidaat {event.examennummer}, {event.criterium}, {event.role.value}"
    elif isinstance(event, VastgesteldSet):
        current = fold.state.cell(event.examennummer, event.criterium).vastgesteld
        where = f"kandidaat {event.examennummer}, {event.criterium}, vastgesteld"
    else:
        return
    if event.old != current:
        fold.problems.append(
            f"Logboek regel {number} ({where}): de oude waarde {fmt(event.old)} past niet bij "
            f"{fmt(current)} uit de eerdere regels."
        )


def _touch(fold: _Fold, number: int, old: GroupState, new: GroupState) -> None:
    for nr in changed_cells(old, new):
        before = old.cells.get(nr, {})
        for code, cell in new.cells[nr].items():
            was = before.get(code)
            if cell is was:
                continue
            for column in ("examinator", "tweede", "vastgesteld"):
                if getattr(cell, column) != (getattr(was, column) if was is not None else None):
                    fold.touched[("cell", nr, code, column)] = number
    for name in HEAD_FIELDS:
        if getattr(new, name) is not getattr(old, name):
            fold.touched[("head", name)] = number


def _since(fold: _Fold, key: tuple[str, ...]) -> str:
    line = fold.touched.get(key)
    if line is None and key[0] == "cell" and key[-1] in ("vastgesteld_door", "vastgesteld_op"):
        line = fold.touched.get((*key[:-1], "vastgesteld"))
    return f" (laatst gewijzigd in regel {line})" if line else ""


def _compare(g: GroupHandle, state: GroupState, fold: _Fold) -> list[str]:
    """Every place where the checkpoint on disk differs from the fold of the log."""
    problems: list[str] = []
    try:
        mark = read_mark(g.db)
        if mark is None:
            return [f"group.json van groep {g.id} ontbreekt of is onleesbaar; open de groep om het uit het logboek te herstellen."]
        if mark.seq > fold.entries and not fold.problems:
            problems.append(
                f"group.json hoort bij regel {mark.seq}, maar het logboek heeft maar "
                f"{count(fold.entries, 'regel', 'regels')}."
            )
        with g.db.storage.snapshot():
            disk = {name: [dict(d) for d in g.db.table(name, cache_size=0).all()] for name in HEAD_FIELDS}
    except CorruptFile as exc:
        return [str(exc)]
    for name, docs in head_docs(state).items():
        if name == "absent":
            on_disk = {d.get("examennummer") for d in disk.get(name, [])}
            logged = {d["examennummer"] for d in docs}
            for nr in sorted(on_disk - logged, key=str):
                problems.append(f"Kandidaat {nr}: staat afwezig in group.json, maar niet volgens het logboek.")
            for nr in sorted(logged - on_disk):
                problems.append(f"Kandidaat {nr}: is afwezig volgens het logboek, maar niet in group.json.")
        elif disk.get(name, []) != docs:
            problems.append(f"group.json: {LABELS.get(name, name)} wijkt af van het logboek{_since(fold, ('head', name))}.")
    numbers = set(state.cells) | set(mark.files)
    expected = {candidate_file_name(nr): nr for nr in numbers | {c.examennummer for c in state.candidates}}
    for name in sorted(os.listdir(g.path)):
        if (name.startswith("cand-") or name.startswith("cand=")) and name not in expected:
            problems.append(f"Bestand {name} hoort bij geen kandidaat van de groep.")
    for nr in sorted(numbers):
        name = candidate_file_name(nr)
        db = g.cand(nr)
        try:
            with db.storage.snapshot() as sig:
                on_disk = {} if sig is None else _cell_docs(db)
        except CorruptFile as exc:
            problems.append(str(exc))
            continue
        if nr in state.cells and not (g.path / name).exists():
            problems.append(f"Bestand {name} (kandidaat {nr}) ontbreekt.")
            continue
        logged = {code: cell.model_dump(mode="json", exclude_none=True) for code, cell in state.cells.get(nr, {}).items()}
        logged = {code: fields for code, fields in logged.items() if fields}
        for code in sorted(set(on_disk) | set(logged)):
            d, r = on_disk.get(code, {}), logged.get(code, {})
            for column in sorted(set(d) | set(r)):
                if d.get(column) != r.get(column):
                    problems.append(
                        f"Kandidaat {nr}, criterium {code}: {column} is {fmt(d.get(column))} in {name}, "
                        f"maar {fmt(r.get(column))} volgens het logboek{_since(fold, ('cell', nr, code, column))}."
                    )
    return problems


def _cell_docs(db: Any) -> dict[str, dict[str, Any]]:
    result = {}
    for doc in db.table("cells", cache_size=0).all():
        fields = {k: v for k, v in doc.items() if k != "code" and v is not None}
        if fields:
            result[str(doc.get("code"))] = fields
    return result


def folder_signature(g: GroupHandle) -> tuple[Any, ...]:
    items = []
    with os.scandir(g.path) as entries:
        for entry in entries:
            if entry.name == ".lock":
                continue
            st = entry.stat(follow_symlinks=False)
            items.append((entry.name, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns))
    return tuple(sorted(items))
