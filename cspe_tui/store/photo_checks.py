"""A group's photo files against the log: `fotos/<sha256>.<jpg|png>`, each with the hash and size logged.

Checked before an AddPhoto is logged (whoever sent it) and by `cspe verify`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cspe_tui.domain import commands as c
from cspe_tui.domain.group import GroupState
from cspe_tui.domain.group_notes import PHOTO_EXTENSIONS

from .errors import InvalidInput

if TYPE_CHECKING:
    from .group_handle import GroupHandle

PHOTO_FOLDER = "fotos"


def photo_file_name(sha256: str, media_type: str) -> str:
    return f"{sha256}.{PHOTO_EXTENSIONS[media_type]}"


def matches(path: Path, sha256: str, size: int) -> bool:
    try:
        data = path.read_bytes()
    except OSError:
        return False
    return len(data) == size and hashlib.sha256(data).hexdigest() == sha256


def photo_problems(group_folder: Path, state: GroupState) -> list[str]:
    """For `cspe verify`: every logged photo is in the fotos folder with the hash the log names."""
    problems = []
    for record in state.photos:
        path = group_folder / PHOTO_FOLDER / record.filename
        if not path.is_file():
            problems.append(
                f"De foto {record.original_name} van kandidaat {record.examennummer} ontbreekt ({PHOTO_FOLDER}/{path.name})."
            )
        elif not matches(path, record.sha256, record.bytes):
            problems.append(
                f"De foto {record.original_name} van kandidaat {record.examennummer} is veranderd sinds hij is "
                f"toegevoegd ({PHOTO_FOLDER}/{path.name})."
            )
    return problems


def check_photo_files(g: GroupHandle, commands: tuple[Any, ...]) -> None:
    """Every photo to be logged is in the group's fotos folder with the hash and size it names."""
    for command in commands:
        if isinstance(command, c.AddPhoto):
            path = g.path / PHOTO_FOLDER / photo_file_name(command.sha256, command.media_type)
            if not matches(path, command.sha256, command.bytes):
                raise InvalidInput(
                    f"De foto {command.original_name} staat niet in de map van groep {g.id}; "
                    "een foto wordt eerst bewaard en dan pas in het logboek gezet."
                )
