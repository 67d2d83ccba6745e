"""A closed group whose candidate file was changed by hand: the app says so, and nothing exports it."""

from __future__ import annotations

import json

from cspe_tui.cli import main

from .conftest import ACHTERAF, EXAMINATOR, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import open_group, score_cells, screen_text

VALUES = [1, 3, 2, 10, 3, 2, 2, 1]


def closed_then_edited(data: Data) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    for nr in ("1001", "1002", "1003", "1004"):
        score_all(first, ACHTERAF, nr, VALUES)
        score_all(second, ACHTERAF, nr, VALUES)
    first.declare(ACHTERAF)
    second.declare(ACHTERAF)
    first.close(ACHTERAF)
    path = data.path / "groups" / ACHTERAF / "cand-1001.json"
    cells = json.loads(path.read_text(encoding="utf-8"))
    doc = next(d for d in cells["cells"].values() if d["code"] == "A1.1")
    doc["examinator"] = doc["tweede"] = 2
    path.write_text(json.dumps(cells), encoding="utf-8")


async def test_hand_edited_closed_group_opens_with_a_banner_and_the_logged_score(data: Data) -> None:
    closed_then_edited(data)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, ACHTERAF)
        text = screen_text(pilot)
        assert "LET OP" in text and "klopt niet met het logboek" in text
        assert "cspe verify" in text
        assert score_cells(pilot, "A1.1")[0] == "1"


def test_export_of_a_hand_edited_closed_group_is_refused(data: Data, tmp_path, capsys) -> None:
    closed_then_edited(data)
    code = main(["--data", str(data.path), "export", ACHTERAF, "--uit", str(tmp_path / "uit"), "--als", EXAMINATOR])
    err = capsys.readouterr().err
    assert code != 0
    assert f"Groep {ACHTERAF} wordt niet geëxporteerd" in err and "cspe verify" in err
    assert not (tmp_path / "uit").exists() or not any((tmp_path / "uit").iterdir())


async def test_lines_cut_from_an_open_groups_log_make_the_screen_read_the_log_again(data: Data) -> None:
    """The screen folds only what follows its cursor; a log cut below it is read again, whole."""
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        await pilot.press("1", "3")
        await pilot.pause()
        assert screen.state.cell("1001", "A1.2").examinator == 3
        log = data.path / "groups" / ACHTERAF / "audit.jsonl"
        lines = log.read_bytes().splitlines(keepends=True)
        log.write_bytes(b"".join(lines[:-1]))
        screen._poll()
        for _ in range(40):
            if screen.state.cell("1001", "A1.2").examinator is None:
                break
            await pilot.pause(0.05)
        assert screen.state.cell("1001", "A1.2").examinator is None
        assert screen.state.cell("1001", "A1.1").examinator == 1
        assert screen.state.cells == data.store(EXAMINATOR).load_group(ACHTERAF).cells
        assert score_cells(pilot, "A1.2")[0] == "-"
