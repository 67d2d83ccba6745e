"""Where a group's records go, named the same by the CLI and the app."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.group import GroupState

from .formatting import safe_filename
from .school import SchoolInfo

if TYPE_CHECKING:
    from .pdf_photos import PhotoSource


@dataclass(frozen=True)
class GroupExportFiles:
    pdf: Path
    csv: Path
    per_kandidaat: Path

    @classmethod
    def in_folder(cls, folder: Path, group_id: str) -> GroupExportFiles:
        base = safe_filename(group_id)
        return cls(
            pdf=folder / f"{base}-beoordelingsmodel.pdf",
            csv=folder / f"{base}-scores.csv",
            per_kandidaat=folder / f"{base}-kandidaten",
        )


def meldingen_files(folder: Path, key: ModelKey) -> tuple[Path, Path]:
    """(text, PDF) of the Examenloket report on one correctiemodel."""
    return folder / f"{key.slug}-meldingen.txt", folder / f"{key.slug}-meldingen.pdf"


def write_group_records(state: GroupState, school: SchoolInfo, folder: Path,
                        progress: Callable[[int, int], None] | None = None,
                        photos: PhotoSource | None = None) -> list[Path]:
    """The formats written at closing (exports/formats/: the beoordelingsmodel PDF and the scorelijst CSV).

    `photos`: where the stored photos come from; a group with photos then gets a page of them per candidate.
    """
    from .formats import GroupExport, closing_formats

    job = GroupExport(state, school, GroupExportFiles.in_folder(folder, state.info.group_id), progress,
                      photos if state.photos else None)
    return [path for fmt in closing_formats() for path in fmt.write(job)]
