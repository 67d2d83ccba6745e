"""A keypress repaints the rows it changed, not the table: the guard for 300 x 60 staying within a frame."""

from __future__ import annotations

from collections import Counter

import pytest

from cspe_tui.domain.group import Candidate, Werkwijze
from cspe_tui.ui.widgets.candidate_list import CandidateList
from cspe_tui.ui.widgets.criteria_table import CriteriaTable

from .conftest import EXAMINATOR, SECRETARIS, SIZE, TWEEDE, Data
from .pilot_helpers import open_group

BIG = "groot"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> Counter:
    counts: Counter = Counter()
    for widget in (CandidateList, CriteriaTable):
        original = widget.row_segments

        def counting(self, row, width, base, cursor, _original=original, _name=widget.__name__):
            counts[_name] += 1
            return _original(self, row, width, base, cursor)

        monkeypatch.setattr(widget, "row_segments", counting)
    return counts


async def test_a_digit_repaints_a_few_rows_and_switching_candidate_keeps_the_list(data: Data, rendered: Counter) -> None:
    secretaris = data.store(SECRETARIS)
    people = [Candidate(examennummer=str(5000 + i), naam=f"Kandidaat {i}") for i in range(200)]
    secretaris.create_group(data.model_key, people, EXAMINATOR, TWEEDE, Werkwijze.GELIJKTIJDIG, group_id=BIG)
    app = data.app(EXAMINATOR, poll_interval=60)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_group(pilot, BIG)
        await pilot.pause()
        rendered.clear()
        await pilot.press("1")
        await pilot.pause()
        assert screen.criteria.cursor_code == "A1.2"
        assert rendered["CandidateList"] == 1
        assert rendered["CriteriaTable"] <= 3
        rendered.clear()
        await pilot.press("n")
        await pilot.pause()
        assert screen.current == "5001"
        assert rendered["CandidateList"] == 2
        assert rendered["CriteriaTable"] <= len(screen.criteria.rows)
        rendered.clear()
        await pilot.press("j")
        await pilot.pause()
        assert rendered == Counter({"CriteriaTable": 2})
