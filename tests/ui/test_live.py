"""Two examinators in two terminals: one's score shows in the other's screen within a second."""

from __future__ import annotations

import time

from textual.pilot import Pilot

from .conftest import ACHTERAF, CODES, EXAMINATOR, GELIJK, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import candidate_row, count_log_reads, open_group, score_cells, screen_text, status

VALUES = [1, 3, 2, 10, 3, 2, 2, 1]


async def _wait_until(pilot: Pilot, condition, timeout: float = 10.0) -> float:
    """Seconds until `condition()` held; fails after `timeout`, a liveness bound and not a speed goal."""
    start = time.monotonic()
    while not condition():
        if time.monotonic() - start > timeout:
            raise AssertionError(f"niet binnen {timeout} s:\n{screen_text(pilot)}")
        await pilot.pause(0.05)
    return time.monotonic() - start


async def test_two_apps_see_each_others_scores(data: Data) -> None:
    first_app = data.app(EXAMINATOR)
    second_app = data.app(TWEEDE)
    async with first_app.run_test(size=SIZE) as first, second_app.run_test(size=SIZE) as second:
        await open_group(first, ACHTERAF)
        second_screen = await open_group(second, ACHTERAF)
        assert score_cells(second, "A1.1")[0] == "-"
        await first.press("1", "3")
        await _wait_until(second, lambda: score_cells(second, "A1.2")[0] == "3")
        assert score_cells(second, "A1.1") == ("1", "-", "-", "")
        assert "2/8" in candidate_row(second, "1001")
        await second.press("a")
        await _wait_until(first, lambda: score_cells(first, "A1.1")[2] == "1 de_vries")
        assert second_screen.criteria.cursor_code == "A1.2"


async def test_a_change_from_the_other_terminal_keeps_cursor_and_typing(data: Data) -> None:
    app = data.app(TWEEDE)
    examinator = data.store(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        screen._go("1001", "A2.1")
        await pilot.press("1")
        await pilot.pause()
        examinator.set_score(ACHTERAF, "1001", "A1.1", 1)
        examinator.set_score(ACHTERAF, "1002", "A1.1", 0)
        await _wait_until(pilot, lambda: score_cells(pilot, "A1.1")[0] == "1")
        assert screen.criteria.cursor_code == "A2.1"
        assert score_cells(pilot, "A2.1")[1] == "1_"
        assert "1/8" in candidate_row(pilot, "1002")
        await pilot.press("2")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A2.2"
    assert data.store(TWEEDE).load_group(ACHTERAF).cell("1001", "A2.1").tweede == 12


async def test_gelijktijdig_the_other_scores_stay_hidden_when_they_arrive(data: Data) -> None:
    app = data.app(EXAMINATOR)
    tweede = data.store(TWEEDE)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        tweede.set_score(GELIJK, "1001", "A1.1", 0)
        await _wait_until(pilot, lambda: "1/8" in candidate_row(pilot, "1001").split("│")[1])
        assert score_cells(pilot, "A1.1") == ("-", "verborgen", "verborgen", "")


async def test_closing_elsewhere_makes_the_screen_read_only_without_a_crash(data: Data) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        for nr in ("1001", "1002", "1003", "1004"):
            score_all(first, ACHTERAF, nr, VALUES)
            score_all(second, ACHTERAF, nr, VALUES)
        first.declare(ACHTERAF)
        second.declare(ACHTERAF)
        first.close(ACHTERAF)
        screen.criteria.move_to_code(CODES[0])
        await pilot.press("0")
        await pilot.pause()
        assert "gesloten" in status(pilot).lower()
        screen._poll()
        await _wait_until(pilot, lambda: "AFGESLOTEN" in screen_text(pilot))
        assert screen.readonly
        await _wait_until(pilot, lambda: "Overnemen" not in screen_text(pilot))
    assert data.store(EXAMINATOR).load_group(ACHTERAF).cell("1001", CODES[0]).examinator == 1


async def test_a_typed_score_is_folded_from_what_execute_returned_not_read_back(data: Data, monkeypatch) -> None:
    """One fold per process: the screen takes the committed entries; the log is not read for its own write."""
    app = data.app(EXAMINATOR, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        reads: list[int] = []
        real = app.store.changes_since
        monkeypatch.setattr(app.store, "changes_since", lambda gid, cursor: (reads.append(cursor), real(gid, cursor))[1])
        await pilot.press("1", "3")
        await pilot.pause()
        assert reads == []
        assert score_cells(pilot, "A1.1")[0] == "1" and score_cells(pilot, "A1.2")[0] == "3"
        assert screen.feed_cursor() == (data.path / "groups" / ACHTERAF / "audit.jsonl").stat().st_size
    cell = data.store(TWEEDE).load_group(ACHTERAF).cell("1001", "A1.1")
    assert cell.examinator == 1


async def test_without_a_service_the_other_score_arrives_without_polling(data: Data) -> None:
    """The in-process store follows the log by file notification; the poll is set to an hour."""
    app = data.app(TWEEDE, poll_interval=3600)
    examinator = data.store(EXAMINATOR)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, ACHTERAF)
        await pilot.pause(0.3)
        examinator.set_score(ACHTERAF, "1001", "A1.1", 1)
        await _wait_until(pilot, lambda: score_cells(pilot, "A1.1")[0] == "1")


async def test_a_remark_from_its_dialog_is_folded_without_changes_since(data: Data, monkeypatch) -> None:
    """The remarks dialog hands back what `execute` committed; the screen folds it like its own digit."""
    app = data.app(TWEEDE, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        reads = count_log_reads(app, monkeypatch)
        await pilot.press("o")
        await pilot.pause()
        app.screen.query_one("#kind-kandidaat").value = True
        app.screen.query_one("#remark-text").focus()
        await pilot.press(*"Was ziek", "enter", "escape")
        await pilot.pause()
        assert reads == []
        assert "*" in candidate_row(pilot, "1001").split("│")[1]
        assert [r.text for r in screen.state.remarks] == ["Was ziek"]
        assert screen.feed_cursor() == (data.path / "groups" / ACHTERAF / "audit.jsonl").stat().st_size


async def test_the_closing_declaration_and_close_are_folded_without_changes_since(data: Data, monkeypatch) -> None:
    """Declaring and closing in the closing dialog: the scoring screen folds the dialog's commits."""
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    for nr in ("1001", "1002", "1003", "1004"):
        score_all(first, ACHTERAF, nr, VALUES)
        score_all(second, ACHTERAF, nr, VALUES)
    second.declare(ACHTERAF)
    app = data.app(EXAMINATOR, poll_interval=3600)
    log = data.path / "groups" / ACHTERAF / "audit.jsonl"
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, ACHTERAF)
        reads = count_log_reads(app, monkeypatch)
        await pilot.press("c", "v", "j")
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert reads == []
        assert len(screen.state.verklaringen) == 2
        assert screen.feed_cursor() == log.stat().st_size
        await pilot.press("c", "s", "j")
        await _wait_until(pilot, lambda: screen.state.closed)
        assert reads == []
        assert screen.feed_cursor() == log.stat().st_size
        assert not screen.query_one("#banner").has_class("-hidden")


async def test_without_a_service_a_digit_is_parsed_once_and_folded_once_per_terminal(data: Data, monkeypatch) -> None:
    """Issue 21's "done when" for two terminals on one folder: the typist's journal folds the digit once and
    its screen takes that state; the other terminal parses the appended line once and its screen folds it once."""
    from collections import Counter

    from cspe_tui.store import AuditEntry, groups
    from cspe_tui.ui import group_log

    typist, watcher = data.app(EXAMINATOR, poll_interval=3600), data.app(TWEEDE, poll_interval=3600)
    async with typist.run_test(size=SIZE) as typing, watcher.run_test(size=SIZE) as watching:
        await open_group(typing, ACHTERAF)
        watching_screen = await open_group(watching, ACHTERAF)
        await watching.pause(0.3)
        counted: Counter[str] = Counter()

        def counting(name: str, real):
            return lambda *args: (counted.update([name]), real(*args))[1]

        parse = AuditEntry.model_validate_json
        monkeypatch.setattr(AuditEntry, "model_validate_json", counting("parsed", parse))
        monkeypatch.setattr(groups, "evolve", counting("store folds", groups.evolve))
        monkeypatch.setattr(group_log, "evolve", counting("screen folds", group_log.evolve))
        reads = count_log_reads(typist, monkeypatch) + count_log_reads(watcher, monkeypatch)
        await typing.press("1")
        await _wait_until(watching, lambda: watching_screen.state.cell("1001", "A1.1").examinator == 1)
        await _wait_until(watching, lambda: score_cells(watching, "A1.1")[0] == "1")
        await typing.pause(0.3)
        assert score_cells(typing, "A1.1")[0] == "1"
    assert counted == Counter({"parsed": 1, "store folds": 1, "screen folds": 1})
    assert reads == []
