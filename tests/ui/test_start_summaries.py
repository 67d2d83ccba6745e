"""Back on the start screen: the new progress shows, only changed rows are redrawn, a changed closed group is marked."""

from __future__ import annotations

from textual.widgets import DataTable

from cspe_tui.domain.group import Candidate, Werkwijze

from .conftest import ACHTERAF, CANDIDATES, EXAMINATOR, GELIJK, SECRETARIS, SIZE, TWEEDE, Data, score_all
from .pilot_helpers import line_with, open_group, screen_text
from .test_tampered import closed_then_edited

KEYS = ["1", "3", "2", "5", "3", "2", "2", "1"]
"""One allowed score per criterium of the test model, each a single digit that needs no second one."""


async def test_escape_back_shows_the_progress_just_made(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "jansen (jij) 0/4" in line_with(pilot, GELIJK)
        await open_group(pilot, GELIJK)
        await pilot.press(*KEYS)
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert "ingelogd als jansen" in screen_text(pilot)
        assert "jansen (jij) 1/4" in line_with(pilot, GELIJK)
        assert "jansen (jij) 0/4" in line_with(pilot, ACHTERAF)
    assert data.store(EXAMINATOR).load_group(GELIJK).cell("1001", "A3.2").examinator == 1


async def test_back_from_a_group_redraws_only_the_rows_that_changed(data: Data) -> None:
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await open_group(pilot, GELIJK)
        # Meanwhile the other examinator finishes a candidate in the other group, from another process's store.
        score_all(data.store(TWEEDE), ACHTERAF, "1002", [1, 3, 2, 10, 3, 2, 2, 1])
        await pilot.press(*KEYS)
        await pilot.pause()
        updated: list[str] = []
        cleared: list[bool] = []
        start = app.screen_stack[-2]
        table = start.query_one("#groups", DataTable)
        original_update, original_clear = table.update_cell, table.clear
        table.update_cell = lambda row, column, value, **kw: (updated.append(str(row)), original_update(row, column, value, **kw))[1]
        table.clear = lambda *a, **kw: (cleared.append(True), original_clear(*a, **kw))[1]
        await pilot.press("escape")
        await pilot.pause()
        assert "jansen (jij) 1/4" in line_with(pilot, GELIJK)
        assert "de_vries 1/4" in line_with(pilot, ACHTERAF)
        assert cleared == []
        assert set(updated) == {GELIJK, ACHTERAF}
        updated.clear()
        await open_group(pilot, GELIJK)
        await pilot.press("escape")
        await pilot.pause()
        assert updated == [] and cleared == []


async def test_a_closed_group_changed_by_hand_is_marked_on_the_start_screen(data: Data) -> None:
    closed_then_edited(data)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = line_with(pilot, ACHTERAF)
        assert "! LET OP" in row
        assert "open" in line_with(pilot, GELIJK) and "LET OP" not in line_with(pilot, GELIJK)
        [told] = [n.message for n in app._notifications if n.title == "LET OP"]
        assert told.startswith(f"Groep {ACHTERAF}: Deze gesloten groep klopt niet met het logboek") and "cspe verify" in told


async def test_closed_groups_are_checked_only_once_the_keys_rest(data: Data, monkeypatch) -> None:
    """The check holds Python's lock for a while per group: the first keys after the start do not wait for it."""
    import time

    from cspe_tui.ui.screens.start import CHECK_WHEN_QUIET

    closed_then_edited(data)
    app = data.app(EXAMINATOR, poll_interval=60)
    checked: list[tuple[float, str]] = []
    real = app.store.closed_check
    monkeypatch.setattr(app.store, "closed_check", lambda gid: (checked.append((time.monotonic(), gid)), real(gid))[1])
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        for key in ("down", "up") * 4:
            await pilot.press(key)
            await pilot.pause(0.15)
        assert checked == []
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert [gid for _, gid in checked] == [ACHTERAF]
        assert checked[0][0] - app.keys.last >= CHECK_WHEN_QUIET
        assert "! LET OP" in line_with(pilot, ACHTERAF)


async def test_a_row_move_and_the_way_back_render_only_the_rows_that_changed(data: Data, monkeypatch) -> None:
    """DataTable rendered every visible cell again on any cell update (the cursor sign, one group's progress)."""
    rendered: list[int] = []
    real = DataTable._render_cell
    monkeypatch.setattr(
        DataTable, "_render_cell", lambda self, row, *args, **kw: (rendered.append(row), real(self, row, *args, **kw))[1]
    )
    for n in range(4):
        data.store(SECRETARIS).create_group(
            data.model_key, [Candidate(examennummer=f"20{n}0", naam=f"Kandidaat {n}")], EXAMINATOR, TWEEDE,
            Werkwijze.GELIJKTIJDIG, group_id=f"extra-{n}",
        )
    app = data.app(EXAMINATOR, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#groups", DataTable)
        assert len(table.rows) == 6
        rendered.clear()
        await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == 1 and "> " in line_with(pilot, str(table.ordered_rows[1].key.value))
        assert set(rendered) == {0, 1}
        await open_group(pilot, GELIJK)
        await pilot.press(*KEYS)
        rendered.clear()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        scored = table.get_row_index(GELIJK)
        assert "jansen (jij) 1/4" in line_with(pilot, GELIJK)
        assert set(rendered) == {scored}


async def test_an_untouched_closed_group_stays_gesloten(data: Data) -> None:
    first, second = data.store(EXAMINATOR), data.store(TWEEDE)
    for nr in ("1001", "1002", "1003", "1004"):
        score_all(first, ACHTERAF, nr, [1, 3, 2, 10, 3, 2, 2, 1])
        score_all(second, ACHTERAF, nr, [1, 3, 2, 10, 3, 2, 2, 1])
    first.declare(ACHTERAF)
    second.declare(ACHTERAF)
    first.close(ACHTERAF)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        row = line_with(pilot, ACHTERAF)
        assert "gesloten" in row and "LET OP" not in row
        assert "4/4" in row


async def test_the_examensecretaris_sees_own_groups_first(data: Data) -> None:
    own = "zz-eigen-groep"
    data.store(SECRETARIS).create_group(
        data.model_key, CANDIDATES, SECRETARIS, TWEEDE, Werkwijze.GELIJKTIJDIG, group_id=own, confirmed=True
    )
    app = data.app(SECRETARIS, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#groups", DataTable)
        assert [str(row.key.value) for row in table.ordered_rows] == [own, *sorted([GELIJK, ACHTERAF])]
        assert "bakker (jij) 0/4" in line_with(pilot, own)


async def test_the_start_screen_follows_what_another_process_writes_without_r(data: Data) -> None:
    """de_vries settles in another process; jansen's start screen shows it by itself, redrawing only that row."""
    import subprocess
    import sys
    import time

    app = data.app(EXAMINATOR, poll_interval=0.1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "de_vries 0/4" in line_with(pilot, ACHTERAF)
        table = app.screen.query_one("#groups", DataTable)
        updated: list[str] = []
        original_update = table.update_cell
        table.update_cell = lambda row, column, value, **kw: (updated.append(str(row)), original_update(row, column, value, **kw))[1]
        script = (
            "import sys; from cspe_tui.store import open_store; "
            "s = open_store(sys.argv[1], user='de_vries'); "
            "[s.set_score('hbr-a-achteraf', '1002', c, v) for c, v in zip(sys.argv[2].split(','), [1, 3, 2, 10, 3, 2, 2, 1])]"
        )
        codes = ",".join(app.store.load_group(ACHTERAF).model.criterium(c).code for c in
                         ["A1.1", "A1.2", "A1.3", "A2.1", "A2.2", "A2.3", "A3.1", "A3.2"])
        subprocess.run([sys.executable, "-c", script, str(data.path), codes], check=True, timeout=60)
        deadline = time.monotonic() + 10
        while "de_vries 1/4" not in line_with(pilot, ACHTERAF):
            assert time.monotonic() < deadline, screen_text(pilot)
            await pilot.pause(0.05)
        assert set(updated) == {ACHTERAF}


async def test_the_start_screen_is_told_by_the_entries_listener_not_by_polling(data: Data, monkeypatch) -> None:
    """A second store on the folder writes; with the poll at an hour only the told group's summary is read again."""
    import time

    app = data.app(EXAMINATOR, poll_interval=3600)
    other = data.store(TWEEDE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "de_vries 0/4" in line_with(pilot, ACHTERAF)
        await pilot.pause(0.3)
        full_reads: list[int] = []
        read_one: list[str] = []
        real_all, real_one = app.store.group_summaries, app.store.group_summary
        monkeypatch.setattr(app.store, "group_summaries", lambda: (full_reads.append(1), real_all())[1])
        monkeypatch.setattr(app.store, "group_summary", lambda gid: (read_one.append(gid), real_one(gid))[1])
        score_all(other, ACHTERAF, "1002", [1, 3, 2, 10, 3, 2, 2, 1])
        deadline = time.monotonic() + 10
        while "de_vries 1/4" not in line_with(pilot, ACHTERAF):
            assert time.monotonic() < deadline, screen_text(pilot)
            await pilot.pause(0.05)
        assert full_reads == []
        assert set(read_one) == {ACHTERAF}


async def test_back_from_a_group_the_footer_is_not_rebuilt_when_its_keys_stay_the_same(data: Data) -> None:
    """Textual rebuilds the footer on every bindings signal; back on the start screen nothing in it differs."""
    from textual.widgets._footer import FooterKey

    from cspe_tui.ui.widgets.key_footer import KeyFooter

    app = data.app(EXAMINATOR, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        start = app.screen
        footer = start.query_one(KeyFooter)
        keys = [(k.key, k.description, k.disabled) for k in footer.query(FooterKey)]
        rebuilt: list[int] = []
        real = footer.recompose
        footer.recompose = lambda: (rebuilt.append(1), real())[1]
        await open_group(pilot, ACHTERAF)
        await pilot.press("1", "escape")
        await pilot.pause()
        await pilot.pause()
        assert app.screen is start
        assert rebuilt == []
        assert [(k.key, k.description, k.disabled) for k in footer.query(FooterKey)] == keys
        footer._shown = ()  # as if a key had changed: then it is rebuilt
        start.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert rebuilt == [1]


async def test_the_footer_styles_each_key_once_when_it_is_built(data: Data, monkeypatch) -> None:
    """Textual's data binding of `compact` restyled every footer key twice after mounting it (its default, then
    the footer's value), on the start screen's first frame and on every rebuild of the footer."""
    from textual.widgets._footer import FooterKey

    from cspe_tui.ui.widgets.key_footer import KeyFooter

    restyled: list[FooterKey] = []
    real = FooterKey.update_node_styles
    monkeypatch.setattr(
        FooterKey, "update_node_styles", lambda self, *args, **kw: (restyled.append(self), real(self, *args, **kw))[1]
    )
    app = data.app(EXAMINATOR, poll_interval=3600)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.pause()
        keys = list(app.screen.query_one(KeyFooter).query(FooterKey))
        assert [k.description for k in keys][:2] == ["Help", "Stoppen"]
        assert restyled == []
        assert not any(k.compact or k.has_class("-compact") for k in keys)
        assert "? Help  q Stoppen" in screen_text(pilot)
