"""The official records of a closed group, written by the service where the group can read them.

The data folder is the service's alone (0700), so the closing PDF and CSV go to a
separate exports folder: owned by the service, the examinators' Unix group may read
and enter it (2750, files 0640) but not change or remove anything in it.
"""

from __future__ import annotations

import os
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


def prepare_exports_dir(folder: Path, gid: int | None) -> None:
    """Make the folder (and give it the examinators' group) if the service may; else leave it as set up."""
    with suppress(FileExistsError):
        os.mkdir(folder, 0o750)
    with suppress(OSError):
        if gid is not None:
            os.chown(folder, -1, gid)
        os.chmod(folder, EXPORT_DIR_MODE)


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
        os.mkdir(folder, 0o750)
    os.chmod(folder, EXPORT_DIR_MODE)
    written = write_group_records(
        state, SchoolInfo.from_settings(store.settings), folder, photos=photo_source(store, group_id)
    )
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
