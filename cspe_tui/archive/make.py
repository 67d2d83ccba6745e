"""Making the archive of a closed group: read it through the store, build it (exports/archive.py), write it, log it.

Shared by `cspe archief GROEP` and the app's closing screen. The readable log is the one
`cspe log GROEP` prints (exports/log_text.py).
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path
from typing import Any

from cspe_tui import __version__
from cspe_tui.store import RecordStore, StoreError


def readable_log(store: RecordStore, group_id: str, zone: str) -> str:
    """The log as `cspe log GROEP` prints it."""
    from cspe_tui.exports.log_text import log_text

    return log_text(store.audit_iter(group_id), f"groep {group_id}", zone)


def verify_text(report: Any, when: str) -> str:
    head = f"Controle van groep {report.group_id} bij het maken van het archief ({when}): {report.entries} regels in het logboek."
    if report.ok:
        return f"{head}\nHashketen, gegevens en zegel kloppen.\n"
    return head + "\n" + "".join(f"- {p}\n" for p in report.problems)


def make_archive(store: RecordStore, group_id: str, out: Path) -> tuple[Path, str]:
    """Write the archive of a closed group into `out/archief-GROEP` and log it; returns (folder, manifest hash).

    Shared by the CLI and the app. Raises StoreError (Dutch) for an open or changed group,
    FileExistsError when the folder is already there, OSError when writing fails. The files are
    written beside it and the folder renamed into place, so a broken-off run leaves no half archive.
    """
    from cspe_tui.exports import archive as a
    from cspe_tui.exports.formatting import write_atomic
    from cspe_tui.exports.school import SchoolInfo
    from cspe_tui.store.fs import make_dirs

    sources = store.archive_sources(group_id)  # before the state: a photo added in between is refused, not left out
    state = store.export_state(group_id)
    if state.sluiting is None:
        raise StoreError(f"Groep {group_id} is nog niet gesloten; een archief kan pas na het sluiten.")
    school = SchoolInfo.from_settings(store.settings)
    now = datetime.now().astimezone()
    try:
        files = a.build_archive(_input(store, state, school, sources, now))
    except FileNotFoundError as exc:
        raise StoreError(f"Het archief van groep {group_id} is niet gemaakt: {exc}; probeer het opnieuw.") from None
    folder = out / a.archive_folder_name(group_id)
    if folder.exists() and any(folder.iterdir()):
        raise FileExistsError(folder)
    building = out / f".{folder.name}.bezig"
    shutil.rmtree(building, ignore_errors=True)
    for name, data in files.items():
        path = building / name
        make_dirs(path.parent)
        write_atomic(path, data)
    if folder.exists():
        folder.rmdir()
    os.replace(building, folder)
    digest = a.sha256(files[a.MANIFEST])
    store.record_archive(group_id, digest)
    return folder, digest


def _input(store: RecordStore, state: Any, school: Any, sources: dict[str, bytes], now: datetime) -> Any:
    from cspe_tui.domain.clock import format_moment
    from cspe_tui.exports.archive import ArchiveInput
    from cspe_tui.store.archive import LOG_NAME, PHOTO_FOLDER

    group_id = state.info.group_id
    prefix = f"{PHOTO_FOLDER}/"
    return ArchiveInput(
        state=state,
        school=school,
        log=sources[LOG_NAME],
        readable_log=readable_log(store, group_id, school.tijdzone),
        verify_report=verify_text(store.verify(group_id), format_moment(now, school.tijdzone, "seconds")),
        program=f"cspe-tui {__version__}",
        made_by=store.user,
        made_at=now,
        photos={name[len(prefix):]: data for name, data in sources.items() if name.startswith(prefix)},
    )
