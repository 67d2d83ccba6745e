"""One demo data folder per fuzz module: cases add to it, and refused cases must leave it as it was."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.store.helpers import make_folder


@dataclass(frozen=True)
class DemoFolder:
    data: Path
    group_id: str
    slug: str


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory: pytest.TempPathFactory) -> DemoFolder:
    tmp = tmp_path_factory.mktemp("fuzz")
    group_id, key = make_folder(tmp / "data", tmp, candidates=3, opdrachten=2, per_opdracht=2)
    return DemoFolder(tmp / "data", group_id, key.slug)
