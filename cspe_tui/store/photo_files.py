"""Photo files a user names (the CLI's arguments, the app's dialog): a file, or a folder of a candidate's photos.

A folder holds the photos of many candidates, each file starting with the examennummer
(`1004-taart.jpg`, `1004.jpg`); a candidate gets the files that start with their number.
Each file is added on its own, so one broken file does not stop the rest.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cspe_tui.domain.decide import may, state_reason
from cspe_tui.domain.group_notes import PhotoRecord

from .errors import ClosedGroupError, InvalidInput, PermissionDenied, StoreError, UnknownCandidate
from .fs import os_reason
from .photo_image import MAX_INPUT_BYTES, check_size

if TYPE_CHECKING:
    from .api import RecordStore


@dataclass(frozen=True)
class PhotoOutcome:
    """One file: the record added, or None with `problem` (Dutch) when refused; neither: it was already there."""

    name: str
    record: PhotoRecord | None = None
    problem: str | None = None

    @property
    def added(self) -> bool:
        return self.record is not None


def starts_with_number(name: str, examennummer: str) -> bool:
    """'1004-taart.jpg' and '1004.jpg' start with 1004; '10045.jpg' does not."""
    if not name.startswith(examennummer):
        return False
    rest = name[len(examennummer):]
    return not rest or not rest[0].isalnum()


def photos_in_folder(folder: Path, examennummer: str) -> list[Path]:
    """The candidate's files in `folder` (not its subfolders, no hidden files), by name."""
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        raise InvalidInput(f"De map {folder} kan niet worden gelezen: {os_reason(exc, folder)}.") from None
    return [
        folder / name
        for name in names
        if not name.startswith(".") and starts_with_number(name, examennummer) and (folder / name).is_file()
    ]


def read_photo_file(path: Path) -> bytes:
    """The file's bytes; an empty, huge or unreadable file is refused before it is read whole."""
    try:
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise InvalidInput(f"{path.name} is geen gewoon bestand.")
            check_size(path.name, info.st_size)
            data = f.read(MAX_INPUT_BYTES + 1)
    except IsADirectoryError:
        raise InvalidInput(f"{path} is een map zonder foto's.") from None
    except OSError as exc:
        raise InvalidInput(f"{path} kan niet worden gelezen: {os_reason(exc, path.parent)}.") from None
    check_size(path.name, len(data))
    return data


def expand(paths: Iterable[Path], examennummer: str) -> tuple[list[Path], list[str]]:
    """Files as they are, folders as the candidate's files in them; a folder without any is a problem."""
    files: list[Path] = []
    problems: list[str] = []
    for path in paths:
        if path.is_dir():
            found = photos_in_folder(path, examennummer)
            if not found:
                problems.append(
                    f"In de map {path} begint geen bestand met examennummer {examennummer} "
                    f"(bijvoorbeeld {examennummer}-taart.jpg)."
                )
            files.extend(found)
        else:
            files.append(path)
    return files, problems


def check_may_add(store: RecordStore, group_id: str, examennummer: str) -> None:
    """Refused once, before any file is read, when no photo of this candidate can be added by this user."""
    state = store.load_group(group_id)
    if not any(c.examennummer == examennummer for c in state.candidates):
        raise UnknownCandidate(f"Kandidaat {examennummer} hoort niet bij groep {group_id}.")
    closed = state_reason(state, "photo")
    if closed is not None:
        raise ClosedGroupError(closed)
    reason = may(state, store.actor(), "photo")
    if reason is not None:
        raise PermissionDenied(reason)


def add_photo_files(
    store: RecordStore, group_id: str, examennummer: str, paths: Iterable[Path], commits: list[Any] | None = None
) -> list[PhotoOutcome]:
    """Each file (or the candidate's files in each folder) added as its own logged photo; `commits` gets each Committed."""
    check_may_add(store, group_id, examennummer)
    files, problems = expand(list(paths), examennummer)
    outcomes = [PhotoOutcome(name="", problem=problem) for problem in problems]
    for path in files:
        try:
            record = store.add_photo(group_id, examennummer, read_photo_file(path), path.name, commits=commits)
        except StoreError as exc:
            outcomes.append(PhotoOutcome(name=path.name, problem=str(exc)))
            continue
        outcomes.append(PhotoOutcome(name=path.name, record=record))
    return outcomes


def photo_source(store: RecordStore, group_id: str) -> Callable[[PhotoRecord], bytes | str]:
    """For the PDF: a photo's stored bytes, or the Dutch reason they cannot be read (it is named on the page)."""

    def load(record: PhotoRecord) -> bytes | str:
        try:
            return store.photo_bytes(group_id, record)
        except StoreError as exc:
            return str(exc)

    return load


def describe(outcome: PhotoOutcome) -> str:
    """One Dutch line per file, for the CLI and the app."""
    if outcome.problem is not None:
        return outcome.problem
    if outcome.record is None:
        return f"{outcome.name}: deze foto staat al bij de kandidaat."
    r = outcome.record
    extra = " (aanvulling na het sluiten)" if r.addition else ""
    return f"{outcome.name}: toegevoegd{extra}, {r.width} x {r.height} pixels, {_kilobytes(r.bytes)}."


def _kilobytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB".replace(".", ",")
    return f"{max(1, round(size / 1024))} kB"
