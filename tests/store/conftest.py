from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.store import Store

from .helpers import EX, SEC, TW, as_user, make_folder


@dataclass
class Folder:
    data: Path
    group_id: str
    key: ModelKey
    ex: Store
    tw: Store
    sec: Store


@pytest.fixture
def folder(tmp_path: Path) -> Folder:
    data = tmp_path / "data"
    group_id, key = make_folder(data, tmp_path)
    return Folder(data, group_id, key, as_user(data, EX), as_user(data, TW), as_user(data, SEC))
