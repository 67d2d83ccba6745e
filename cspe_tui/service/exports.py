"""The official records of a closed group, written by the service where the group can read them.

The data folder is the service's alone (0700), so the closing PDF and CSV go to a
separate exports folder: owned by the service, the examinators' Unix group may read
and enter it (2750, files 0640) but not change or remove anything in it.
"""

from __future__ import annotations

import grp
import os
import stat
from contextlib import suppress
from pathlib import Path

from cspe_tui.store import Store, StoreError
from cspe_tui.store.errors import UnknownGroup
from cspe_tui.store.fs import GROUP_ID

EXPORT_DIR_MODE = 0o2750
EXPORT_FILE_MODE = 0o640


def default_exports_dir(data: Path) -> Path:
    """Beside the data folder: /srv/cspe -> /srv/cspe-exports."""
    return data.parent / f"{data.name}-exports"


def keep_mode(path: Path, mode: int) -> None:
    """Set a folder's mode only when it differs, and never so that the kernel drops its setgid bit.

    A process outside the folder's group that changes its mode loses the setgid bit (the
    kernel clears it); files made afterwards would no longer get the examinators' group.
    """
    with suppress(OSError):
        st = os.stat(path)
        if stat.S_IMODE(st.st_mode) == mode:
            return
        if mode & stat.S_ISGID and os.geteuid() != 0 and st.st_gid not in {os.getegid(), *os.getgroups()}:
            return  # `cspe server status` names it; only root (init) can put it right
        os.chmod(path, mode)


def prepare_exports_dir(folder: Path, gid: int | None) -> None:
    """Make the folder (and give it the examinators' group) if the service may; else leave it as set up."""
    with suppress(FileExistsError):
        os.mkdir(folder, 0o750)
    with suppress(OSError):
        if gid is not None and os.stat(folder).st_gid != gid:
            os.chown(folder, -1, gid)
    keep_mode(folder, EXPORT_DIR_MODE)


def exports_problems(folder: Path, gid: int | None) -> list[str]:
    """What keeps the examinators from reading the official exports, in Dutch (empty when all is well)."""
    try:
        st = os.stat(folder)
    except OSError as exc:
        return [f"De exportmap {folder} ontbreekt of is niet te lezen ({exc.strerror})."]
    problems = []
    name = _group_name(st.st_gid)
    if gid is not None and st.st_gid != gid:
        problems.append(
            f"De exportmap {folder} hoort bij groep '{name}' in plaats van '{_group_name(gid)}': de examinatoren "
            f"kunnen de officiële exports niet lezen. Herstel met: chgrp -R {_group_name(gid)} {folder}"
        )
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o2050 != 0o2050:
        problems.append(
            f"De exportmap {folder} heeft rechten {mode:o} in plaats van {EXPORT_DIR_MODE:o}: nieuwe exports krijgen "
            f"dan niet de groep van de examinatoren. Herstel als root met: chmod {EXPORT_DIR_MODE:o} {folder}"
        )
    return problems


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def group_folder(exports: Path, group_id: str) -> Path:
    if not GROUP_ID.fullmatch(group_id):
        raise UnknownGroup(f"Onbekende groep: {group_id}.")
    return exports / group_id


def write_official(store: Store, exports: Path, group_id: str) -> list[Path]:
    """The closing records (beoordelingsmodel PDF and scorelijst CSV), read-only for the group."""
    from cspe_tui.exports.files import write_group_records
    from cspe_tui.exports.school import SchoolInfo
    from cspe_tui.store.photo_files import photo_source

    state = store.load_group(group_id)
    folder = group_folder(exports, group_id)
    with suppress(FileExistsError):
        os.mkdir(folder, 0o750)  # takes the exports folder's group and setgid bit
    keep_mode(folder, EXPORT_DIR_MODE)
    written = write_group_records(
        state, SchoolInfo.from_settings(store.settings), folder, photos=photo_source(store, group_id)
    )
    if state.sluiting is not None:
        from .anchors import write_manifest

        written.append(write_manifest(folder, group_id, state.sluiting.seal, written))
    for path in written:
        os.chmod(path, EXPORT_FILE_MODE)
    return written


def official_files(store: Store, exports: Path, group_id: str) -> dict[str, bytes]:
    """Name -> bytes of the official records of a group; empty while it has none (not closed yet)."""
    folder = group_folder(exports, group_id)
    store.load_group(group_id)  # an unknown group is an error, not an empty answer
    try:
        names = sorted(os.listdir(folder))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise StoreError(f"De exportmap {folder} kan niet worden gelezen ({exc.strerror}).") from None
    return {name: (folder / name).read_bytes() for name in names if (folder / name).is_file()}
