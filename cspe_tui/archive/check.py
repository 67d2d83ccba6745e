"""`cspe archief controleer MAP`: an archive checked on its own, years later, without a data folder.

Every file against the manifest's SHA-256 (a changed, missing or added file is named), the
log's hash chain, the log folded with the domain's own `evolve` to the seal the manifest and
the closing name, and the scores in the CSV and the PDF against that fold. The photos the log
records must lie in the archive with their own hash.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from cspe_tui.domain.closing import seal_of
from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.group import GroupState, final_score, opdracht_totals
from cspe_tui.domain.pydantic_dutch import explain
from cspe_tui.domain.validation import check_model_bytes
from cspe_tui.exports import archive as a
from cspe_tui.store.log import EventLog
from cspe_tui.store.verify import fold_group_log

from .pdf_scores import PdfScores, read_pdf_scores


@dataclass
class ArchiveCheck:
    folder: Path
    problems: list[str] = field(default_factory=list)
    manifest: a.Manifest | None = None
    state: GroupState | None = None
    files: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def check_archive(folder: Path) -> ArchiveCheck:
    """All problems of the archive in `folder`; empty when every check passes."""
    result = ArchiveCheck(folder=folder)
    manifest = _manifest(folder, result)
    if manifest is None:
        return result
    result.manifest = manifest
    _check_files(folder, manifest, result)
    model_data = _read(folder, a.MODEL_JSON)
    if model_data is None or not (folder / a.LOG).is_file():
        return result
    checked = check_model_bytes(model_data)
    if checked.model is None:
        result.problems.append(f"{a.MODEL_JSON}: geen geldig correctiemodel ({checked.problems[0].message}).")
        return result
    state = _fold(folder, checked.model, result)
    if state is None:
        return result
    result.state = state
    _check_seal(state, manifest, result)
    _check_csv(folder, state, result)
    _check_pdf(folder, state, result)
    _check_photos(folder, state, result)
    return result


def _read(folder: Path, name: str) -> bytes | None:
    try:
        return (folder / name).read_bytes()
    except OSError:
        return None


def _manifest(folder: Path, result: ArchiveCheck) -> a.Manifest | None:
    if not folder.is_dir():
        result.problems.append(f"{folder} is geen map.")
        return None
    data = _read(folder, a.MANIFEST)
    if data is None:
        result.problems.append(f"{a.MANIFEST} ontbreekt: dit is geen archief van cspe-tui, of het manifest is weggehaald.")
        return None
    try:
        return a.Manifest.model_validate_json(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"]) or "het bestand"
        result.problems.append(f"{a.MANIFEST} is beschadigd of veranderd ({where}: {explain(err)}).")
        return None


def archive_files(folder: Path) -> list[str]:
    """Every file under `folder`, as a manifest names it (forward slashes), sorted."""
    names = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in files:
            names.append((Path(root) / name).relative_to(folder).as_posix())
    return sorted(names)


def _check_files(folder: Path, manifest: a.Manifest, result: ArchiveCheck) -> None:
    present = set(archive_files(folder)) - {a.MANIFEST}
    result.files = len(present)
    for name, entry in sorted(manifest.bestanden.items()):
        if name not in present:
            result.problems.append(f"{name} ontbreekt (het staat wel in het manifest).")
            continue
        data = (folder / name).read_bytes()
        if a.sha256(data) != entry.sha256:
            result.problems.append(f"{name} is veranderd: de SHA-256 klopt niet met het manifest.")
    for name in sorted(present - set(manifest.bestanden)):
        result.problems.append(f"{name} is toegevoegd: het staat niet in het manifest.")


def _fold(folder: Path, model: Correctiemodel, result: ArchiveCheck) -> GroupState | None:
    """The archive's copy of the log, chain and fold, exactly as `cspe verify` folds a group's log."""
    fold = fold_group_log(EventLog(folder / a.LOG), lambda info: model)
    result.problems.extend(f"{a.LOG}: {problem}" for problem in fold.problems)
    if fold.state is None:
        result.problems.append(f"{a.LOG} bevat geen aanmaak van de groep.")
    return fold.state


def _check_seal(state: GroupState, manifest: a.Manifest, result: ArchiveCheck) -> None:
    if state.info.group_id != manifest.groep:
        result.problems.append(f"{a.LOG} is van groep {state.info.group_id}, het manifest noemt groep {manifest.groep}.")
    if state.sluiting is None:
        result.problems.append(f"{a.LOG}: de groep is volgens het logboek niet gesloten.")
        return
    if seal_of(state) != state.sluiting.seal:
        result.problems.append(f"{a.LOG}: het logboek komt niet uit op het zegel van de sluiting; de scores zijn veranderd.")
    if manifest.zegel != state.sluiting.seal:
        result.problems.append(f"{a.MANIFEST}: het zegel {manifest.zegel[:16]}… is niet het zegel uit het logboek.")


def _check_csv(folder: Path, state: GroupState, result: ArchiveCheck) -> None:
    data = _read(folder, a.CSV)
    if data is None:
        return
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    except (UnicodeDecodeError, csv.Error):
        result.problems.append(f"{a.CSV} is geen leesbare scorelijst.")
        return
    if not rows:
        result.problems.append(f"{a.CSV} is leeg.")
        return
    header, body = rows[0], rows[1:]
    codes = {c.code for c in state.model.criteria}
    columns = [(i, name) for i, name in enumerate(header) if name in codes]
    by_nr = {row[0].lstrip("'"): row for row in body if row}
    for cand in state.candidates:
        nr = cand.examennummer
        row = by_nr.get(nr)
        if row is None:
            result.problems.append(f"{a.CSV}: kandidaat {nr} ontbreekt.")
            continue
        for index, code in columns:
            score = final_score(state, nr, code)
            logged = "" if state.is_absent(nr) or score is None else str(score)
            shown = row[index] if index < len(row) else ""
            if shown != logged:
                result.problems.append(
                    f"{a.CSV}: kandidaat {nr}, {code} is {shown or 'leeg'}, volgens het logboek {logged or 'leeg'}."
                )
    for nr in sorted(set(by_nr) - {c.examennummer for c in state.candidates}):
        result.problems.append(f"{a.CSV}: kandidaat {nr} hoort niet bij de groep.")


def _check_pdf(folder: Path, state: GroupState, result: ArchiveCheck) -> None:
    path = folder / a.PDF
    if not path.is_file():
        return
    scores: PdfScores | None = read_pdf_scores(path, state)
    if scores is None:
        result.problems.append(f"{a.PDF} kan niet worden gelezen.")
        return
    for cand in state.candidates:
        nr = cand.examennummer
        if state.is_absent(nr):
            continue
        logged = opdracht_totals(state, nr)
        shown = scores.get(nr)
        if shown is None:
            result.problems.append(f"{a.PDF}: de scores van kandidaat {nr} staan niet in het groepsoverzicht.")
            continue
        for opdracht, total in logged.items():
            for where in (opdracht, f"{opdracht} (eigen pagina)"):
                value = shown.get(where, total) if where != opdracht else shown.get(opdracht)
                if value != total:
                    result.problems.append(
                        f"{a.PDF}: kandidaat {nr}, opdracht {where} is {'leeg' if value is None else value}, "
                        f"volgens het logboek {total}."
                    )


def _check_photos(folder: Path, state: GroupState, result: ArchiveCheck) -> None:
    for photo in state.photos:
        name = a.archived_photo_name(photo)
        data = _read(folder, name)
        if data is None:
            result.problems.append(f"{name} (foto van kandidaat {photo.examennummer}) ontbreekt.")
        elif a.sha256(data) != photo.sha256:
            result.problems.append(f"{name}: de foto is niet de foto die het logboek vastlegt.")
