"""One PDF per candidate, for the examendossier."""

from __future__ import annotations

from pathlib import Path

from . import GroupExport, GroupFormat


def _write(job: GroupExport) -> list[Path]:
    from ..pdf import write_kandidaat_pdfs

    job.make_dir(job.files.per_kandidaat)
    return write_kandidaat_pdfs(job.state, job.school, job.files.per_kandidaat, progress=job.progress, photos=job.photos)


FORMAT = GroupFormat(
    option="per-kandidaat", title="een PDF per kandidaat", help="één PDF per kandidaat (voor het examendossier)",
    order=30, at_closing=False, uses_photos=True, write=_write, target=lambda files: files.per_kandidaat,
)
