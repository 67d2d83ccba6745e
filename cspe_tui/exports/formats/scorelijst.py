"""The vastgestelde scores as CSV for Excel (semicolons)."""

from __future__ import annotations

from pathlib import Path

from . import GroupExport, GroupFormat


def _write(job: GroupExport) -> list[Path]:
    from ..scoresheet import write_scoresheet

    return [write_scoresheet(job.state, job.files.csv)]


FORMAT = GroupFormat(
    option="csv", title="scorelijst (CSV)", help="de vastgestelde scores als CSV (Excel, puntkomma's)",
    order=20, at_closing=True, uses_photos=False, write=_write, target=lambda files: files.csv,
)
