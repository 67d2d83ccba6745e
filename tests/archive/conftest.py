"""The demo with group D closed (as the README walks a user through it), archived once per module."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspe_tui.cli import main
from cspe_tui.demo import create_demo
from tests.helpers import close_demo_group_d

CLOSED = ("hbr-kb-2026-rood-a", "hbr-kb-2026-rood-b", "hbr-kb-2026-rood-c", "hbr-kb-2026-rood-d")


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    create_demo(folder)
    close_demo_group_d(folder)
    return folder


@pytest.fixture(scope="module")
def archives(demo, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("archief")
    made = {}
    for group_id in CLOSED:
        assert main(["--data", str(demo), "archief", group_id, "--uit", str(out), "--als", "jansen"]) == 0
        made[group_id] = out / f"archief-{group_id}"
    return made
