"""The export formats of a group, declared as data; each format is one module in this package.

The CLI makes its options from them (`cspe export --pdf --csv --per-kandidaat`), and
closing (the app, `cspe sluit`, the service) writes the ones marked `at_closing`; the
app's export dialog names them. A new format is one module here that defines `FORMAT`.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from cspe_tui.domain.group import GroupState

from ..files import GroupExportFiles
from ..school import SchoolInfo

if TYPE_CHECKING:
    from ..pdf_photos import PhotoSource

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class GroupExport:
    """One group's export: what every format writes from, and where."""

    state: GroupState
    school: SchoolInfo
    files: GroupExportFiles
    progress: Progress | None = None
    photos: PhotoSource | None = None
    make_dir: Callable[[Path], None] = lambda path: path.mkdir(parents=True, exist_ok=True)
    """How a format makes a folder of its own (the CLI: shared-folder modes, store/fs.py)."""


@dataclass(frozen=True)
class GroupFormat:
    option: str
    """The CLI option without dashes: `cspe export --<option>`."""
    title: str
    """What it is, in a sentence: "beoordelingsmodel (PDF)"."""
    help: str
    """The CLI option's help (Dutch)."""
    order: int
    at_closing: bool
    """Written at closing (and by `cspe export` without a choice); the service's copy is then official."""
    uses_photos: bool
    write: Callable[[GroupExport], list[Path]]
    target: Callable[[GroupExportFiles], Path]
    """The file (or folder) it writes."""


@cache
def group_formats() -> tuple[GroupFormat, ...]:
    """Every module of this package that defines FORMAT, in their order."""
    found = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "FORMAT"):
            found.append(module.FORMAT)
    return tuple(sorted(found, key=lambda f: f.order))


def closing_formats() -> tuple[GroupFormat, ...]:
    return tuple(f for f in group_formats() if f.at_closing)


def titles(formats: tuple[GroupFormat, ...]) -> str:
    """"Beoordelingsmodel (PDF) en scorelijst (CSV)": the formats in one Dutch sentence part."""
    names = [f.title for f in formats]
    text = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " en " + names[-1]
    return text[:1].upper() + text[1:]
