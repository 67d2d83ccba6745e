"""The filled-in beoordelingsmodel of the whole group as one PDF (group overview and per candidate)."""

from __future__ import annotations

from pathlib import Path

from . import GroupExport, GroupFormat


def _write(job: GroupExport) -> list[Path]:
    from ..pdf import write_beoordelingsmodel_pdf

    return [write_beoordelingsmodel_pdf(job.state, job.school, job.files.pdf, progress=job.progress, photos=job.photos)]


FORMAT = GroupFormat(
    option="pdf", title="beoordelingsmodel (PDF)", help="het beoordelingsmodel van de hele groep als één PDF",
    order=10, at_closing=True, uses_photos=True, write=_write, target=lambda files: files.pdf,
)
