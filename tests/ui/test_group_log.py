"""GroupLog without a screen: a write is folded from what `execute` returned, a stale look is dropped."""

from __future__ import annotations

from cspe_tui.domain.commands import SetScore
from cspe_tui.ui.group_log import GroupLog

from .conftest import ACHTERAF, EXAMINATOR, TWEEDE, Data


def test_a_write_is_folded_once_and_names_its_row_without_reading_the_log(data: Data, monkeypatch) -> None:
    store = data.store(EXAMINATOR)
    log = GroupLog(store, ACHTERAF)
    monkeypatch.setattr(store, "changes_since", lambda *a: (_ for _ in ()).throw(AssertionError("read back")))
    committed, fold = log.commit(SetScore(examennummer="1001", criterium="A1.1", value=1))
    assert fold is not None and fold.touched == {"1001": frozenset({"A1.1"})}
    assert log.state.cell("1001", "A1.1").examinator == 1
    assert log.cursor == committed.position
    assert log.fold_commits([committed]) == []  # already folded: passed over


def test_a_look_that_started_before_the_last_fold_is_dropped(data: Data) -> None:
    store = data.store(EXAMINATOR)
    log = GroupLog(store, ACHTERAF)
    start = log.cursor
    data.store(TWEEDE).set_score(ACHTERAF, "1001", "A1.1", 0)
    cursor, entries = store.changes_since(ACHTERAF, start)
    assert log.take(start, cursor, entries) is not None
    assert log.take(start, cursor, entries) is None
    assert log.state.cell("1001", "A1.1").tweede == 0
