"""Reading the screen as text and driving the app by its keys, shared by the UI tests."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import DataTable

from cspe_tui.ui.screens.scoring import ScoringScreen
from cspe_tui.ui.widgets.criteria_table import CriteriaTable, columns_for


def screen_text(pilot: Pilot) -> str:
    """What the terminal shows now, one line per row, without colours."""
    strips = pilot.app.screen._compositor.render_strips()
    return "\n".join(strip.text.rstrip() for strip in strips)


def line_with(pilot: Pilot, needle: str) -> str:
    """The first line on screen that contains `needle`."""
    for line in screen_text(pilot).splitlines():
        if needle in line:
            return line
    raise AssertionError(f"{needle!r} staat niet op het scherm:\n{screen_text(pilot)}")


def candidate_row(pilot: Pilot, examennummer: str) -> str:
    """The line of a table that starts with the candidate's number (not the line above that names them)."""
    for line in screen_text(pilot).splitlines():
        for part in line.split("│"):
            if part.lstrip(" >").startswith(examennummer + " "):
                return line
    raise AssertionError(f"geen rij van {examennummer} op het scherm:\n{screen_text(pilot)}")


def criterium_line(pilot: Pilot, code: str) -> str:
    """The criteria table's line of one criterium (the part right of the candidate list)."""
    for line in screen_text(pilot).splitlines():
        right = line.split("││", 1)[-1]
        if right.lstrip("│ >").startswith(code + " "):
            return right
    raise AssertionError(f"criterium {code} staat niet op het scherm:\n{screen_text(pilot)}")


def status(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#status").content)


async def open_group(pilot: Pilot, group_id: str) -> ScoringScreen:
    await pilot.pause()
    table = pilot.app.screen.query_one("#groups", DataTable)
    keys = [str(row.key.value) for row in table.ordered_rows]
    table.move_cursor(row=keys.index(group_id))
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ScoringScreen), type(screen)
    return screen


def score_cells(pilot: Pilot, code: str) -> tuple[str, str, str, str]:
    """(examinator, tweede, vastgesteld, signs) as shown on the criterium's line, read from the right."""
    table = pilot.app.screen.query_one("#criteria", CriteriaTable)
    _, score, final = columns_for(table.scrollable_content_region.width - 2)
    line = criterium_line(pilot, code).rstrip("│")
    if line and line[-1] not in " !*MA":
        line = line[:-1]
    flags_at = len(line) - 4
    final_at = flags_at - 1 - final
    second_at = final_at - 1 - score
    first_at = second_at - 1 - score
    return (
        line[first_at:first_at + score].strip(),
        line[second_at:second_at + score].strip(),
        line[final_at:final_at + final].strip(),
        line[flags_at:].rstrip(),
    )


def count_log_reads(app, monkeypatch) -> list[int]:
    """The cursors the app's store is asked to read a group's log from (`changes_since`)."""
    reads: list[int] = []
    real = app.store.changes_since
    monkeypatch.setattr(app.store, "changes_since", lambda gid, cursor: (reads.append(cursor), real(gid, cursor))[1])
    return reads
