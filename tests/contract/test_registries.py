"""Adding a command or an event kind fails here until every place that must know it does."""

from __future__ import annotations

from typing import get_args

from cspe_tui.domain.commands import COMMANDS
from cspe_tui.domain.decide import DESCRIBED
from cspe_tui.domain.events import CHANGES_WORK, GROUP_EVENTS
from cspe_tui.store.refusals import WHAT
from cspe_tui.ui import group_log


def members(adapter) -> list[type]:
    return list(get_args(get_args(adapter._type)[0]))


def test_every_group_event_kind_has_one_place_in_the_fold() -> None:
    """fold_entries names the rows an event touches; a kind it does not know would redraw the whole group."""
    places = [
        group_log.CELL_EVENTS, group_log.CANDIDATE_EVENTS, group_log.REMARK_EVENTS, group_log.HEAD_EVENTS,
        group_log.WHOLE_EVENTS,
    ]
    for kind in members(GROUP_EVENTS):
        assert sum(kind in place for place in places) == 1, f"{kind.__name__}: zet het in één soort van ui/group_log.py"


def test_every_command_says_in_dutch_what_was_not_saved() -> None:
    kinds = {member.model_fields["type"].default for member in members(COMMANDS)}
    assert kinds - set(WHAT) == set(), "zet de opdracht in store/refusals.py WHAT"


def test_every_change_of_the_work_is_described_when_it_voids_the_declarations() -> None:
    assert set(CHANGES_WORK) == set(DESCRIBED), "beschrijf de gebeurtenis in domain/decide.py DESCRIBED"
