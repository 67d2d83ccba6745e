"""The archive a school keeps of a closed group: every record as a file, and a manifest of their hashes.

Pure: from the group's state, its log's bytes and its photos to a mapping of file names to
bytes. The archive must be checkable years later without the data folder (see
`cspe_tui.archive.check`), so it holds the log itself, the correctiemodel it folds with,
and the manifest names the seal and the SHA-256 of every other file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, field_validator

from cspe_tui.domain.clock import zone
from cspe_tui.domain.group import GroupState
from cspe_tui.domain.group_notes import PhotoRecord

from .formatting import exam_identity, safe_filename, when
from .school import SchoolInfo

FORMAT = "cspe-archief"
MANIFEST = "manifest.json"
PDF = "beoordelingsmodel.pdf"
CSV = "scorelijst.csv"
LOG = "logboek.jsonl"
LOG_TEXT = "logboek.txt"
VERIFY = "controle.txt"
MODEL_JSON = "correctiemodel.json"
MODEL_PDF = "correctiemodel-blanco.pdf"
MELDINGEN = "meldingen.json"
MELDINGEN_TEXT = "meldingen.txt"
AANVULLINGEN = "aanvullingen.json"
ONDERSTEUNING = "ondersteuning.json"
PHOTOS = "fotos"
PHOTO_INDEX = "fotos.txt"
README = "LEESMIJ.txt"


class ManifestFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    sha256: str
    bytes: int


class Manifest(BaseModel):
    """What `cspe archief controleer` holds the files to; its own hash is what the folder log records."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    formaat: Literal["cspe-archief"] = FORMAT
    versie: Literal[1] = 1
    groep: str
    examen: str
    herkansing: bool
    school: str
    tijdzone: str
    """The school's zone: the times people read from this archive are on its clock."""
    zegel: str
    programma: str
    gemaakt_op: datetime
    gemaakt_door: str
    bestanden: dict[str, ManifestFile]

    @field_validator("tijdzone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        zone(value)
        return value


@dataclass(frozen=True)
class ArchiveInput:
    """Everything an archive is made of; `photos` by their stored name (`PhotoRecord.filename`)."""

    state: GroupState
    school: SchoolInfo
    log: bytes
    readable_log: str
    verify_report: str
    program: str
    made_by: str
    made_at: datetime
    photos: Mapping[str, bytes]


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def archived_photo_name(photo: PhotoRecord) -> str:
    """In the archive each photo lies in a folder per candidate, so it is found with the candidate."""
    return f"{PHOTOS}/{safe_filename(photo.examennummer)}/{photo.filename}"


def _json(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")


def _dump(records: Iterable[BaseModel]) -> bytes:
    return _json([r.model_dump(mode="json") for r in records])


def model_json(state: GroupState) -> bytes:
    return (state.model.model_dump_json(indent=2, exclude_defaults=False) + "\n").encode("utf-8")


def _photos_text(count: int) -> str:
    return "1 foto" if count == 1 else f"{count} foto's"


def _readme(inp: ArchiveInput, photos: int) -> bytes:
    state = inp.state
    assert state.sluiting is not None
    lines = [
        f"Archief van groep {state.info.group_id}: cspe {exam_identity(state.info.model_key)}"
        + (" (herkansing)" if state.info.herkansing else ""),
        f"School: {inp.school.name}",
        f"Gesloten door {state.sluiting.closed_by} op {when(state.sluiting.at, inp.school.tijdzone)}",
        f"Zegel (SHA-256): {state.sluiting.seal}",
        f"Gemaakt door {inp.made_by} op {when(inp.made_at, inp.school.tijdzone)} met {inp.program}",
        "",
        f"{PDF:28} het ingevulde beoordelingsmodel (PDF/A)",
        f"{CSV:28} de vastgestelde scores (Excel, puntkomma's)",
        f"{LOG:28} het logboek: elke wijziging, in een hashketen (het eigenlijke verslag)",
        f"{LOG_TEXT:28} hetzelfde logboek, leesbaar",
        f"{VERIFY:28} de controle van het logboek en het zegel bij het maken van dit archief",
        f"{MODEL_JSON:28} het correctiemodel waarmee is beoordeeld",
        f"{MODEL_PDF:28} het blanco beoordelingsmodel",
        f"{MELDINGEN:28} meldingen aan het Examenloket (ook als {MELDINGEN_TEXT})",
        f"{AANVULLINGEN:28} aanvullingen van het CvTE",
        f"{ONDERSTEUNING:28} ondersteuning per kandidaat",
        f"{PHOTOS + '/':28} {_photos_text(photos)}, per kandidaat een map (examennummer; welke foto van wie: {PHOTO_INDEX})",
        f"{MANIFEST:28} de SHA-256 van elk bestand, het zegel, wie en wanneer",
        "",
        "Controleer het archief met: cspe archief controleer MAP",
        "Daarvoor is alleen dit archief nodig, geen gegevensmap.",
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _photo_index(state: GroupState, photos: tuple[PhotoRecord, ...]) -> bytes:
    """Which photo is of whom: the files are named by their hash, the candidate by the folder."""
    names = {c.examennummer: c.naam for c in state.candidates}
    lines = [
        f"{p.examennummer} {names.get(p.examennummer, '')}: {archived_photo_name(p)} (origineel: {p.original_name})"
        for p in sorted(photos, key=lambda p: p.examennummer)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


def build_archive(inp: ArchiveInput) -> dict[str, bytes]:
    """Every file of the archive by its name in the archive folder, the manifest last."""
    from .blank_model_pdf import blank_model_pdf_bytes
    from .meldingen import meldingen_text
    from .pdf import beoordelingsmodel_pdf_bytes
    from .scoresheet import scoresheet_bytes

    state = inp.state
    if state.sluiting is None:
        raise ValueError(f"groep {state.info.group_id} is niet gesloten")
    key = state.info.model_key
    photos = state.photos
    for photo in photos:
        if photo.filename not in inp.photos:
            raise FileNotFoundError(f"de foto {photo.filename} van kandidaat {photo.examennummer} ontbreekt")
    files: dict[str, bytes] = {
        PDF: beoordelingsmodel_pdf_bytes(
            state, inp.school, now=inp.made_at, pdfa=True,
            photos=(lambda record: inp.photos[record.filename]) if photos else None,
        ),
        CSV: scoresheet_bytes(state),
        LOG: inp.log,
        LOG_TEXT: inp.readable_log.encode("utf-8"),
        VERIFY: inp.verify_report.encode("utf-8"),
        MODEL_JSON: model_json(state),
        MODEL_PDF: blank_model_pdf_bytes(state.model),
        MELDINGEN: _dump(state.meldingen),
        MELDINGEN_TEXT: meldingen_text(key, state.meldingen, inp.school, state.model, now=inp.made_at).encode("utf-8"),
        AANVULLINGEN: _dump(state.aanvullingen),
        ONDERSTEUNING: _dump(state.ondersteuning),
    }
    for photo in photos:
        files[archived_photo_name(photo)] = inp.photos[photo.filename]
    if photos:
        files[PHOTO_INDEX] = _photo_index(state, photos)
    files[README] = _readme(inp, len(photos))
    manifest = Manifest(
        groep=state.info.group_id,
        examen=exam_identity(key),
        herkansing=state.info.herkansing,
        school=inp.school.name,
        tijdzone=inp.school.tijdzone,
        zegel=state.sluiting.seal,
        programma=inp.program,
        gemaakt_op=inp.made_at,
        gemaakt_door=inp.made_by,
        bestanden={name: ManifestFile(sha256=sha256(data), bytes=len(data)) for name, data in sorted(files.items())},
    )
    files[MANIFEST] = manifest_bytes(manifest)
    return files


def manifest_bytes(manifest: Manifest) -> bytes:
    return _json(manifest.model_dump(mode="json"))


def archive_folder_name(group_id: str) -> str:
    return f"archief-{safe_filename(group_id)}"
