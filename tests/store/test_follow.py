"""Following a group without reloading it: the state from `load_group_at`, with the entries of
`changes_since` folded on, is the group as `load_group` reads it, whoever wrote and whenever
the follower looked. The scoring screen relies on this for its own writes and the other's."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cspe_tui.domain.evolve import evolve
from cspe_tui.domain.group import GroupState
from cspe_tui.store import StoreError

from .helpers import EX, TW, as_user, make_folder

NUMBERS = ["1000", "1001"]
CODES = ["B1.1", "B1.2", "B2.1"]

step = st.one_of(
    st.tuples(st.just("score"), st.sampled_from([EX, TW]), st.sampled_from(NUMBERS), st.sampled_from(CODES),
              st.sampled_from([None, 0, 2])),
    st.tuples(st.just("vastgesteld"), st.sampled_from([EX, TW]), st.sampled_from(NUMBERS), st.sampled_from(CODES),
              st.sampled_from([0, 2])),
    st.tuples(st.just("remark"), st.sampled_from([EX, TW]), st.sampled_from(NUMBERS), st.none(), st.none()),
    st.tuples(st.just("reply"), st.sampled_from([EX, TW]), st.none(), st.none(), st.none()),
    st.tuples(st.just("absent"), st.just(EX), st.sampled_from(NUMBERS), st.none(), st.booleans()),
    st.tuples(st.just("look"), st.none(), st.none(), st.none(), st.none()),
)


def comparable(state: GroupState) -> tuple:
    return (
        {nr: dict(row) for nr, row in state.cells.items() if row},
        sorted(state.absent),
        [r.model_dump() for r in state.remarks],
        [v.model_dump() for v in state.verklaringen],
    )


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=14))
def test_folding_the_followed_entries_gives_the_stored_group(tmp_path_factory, steps) -> None:
    tmp: Path = tmp_path_factory.mktemp("follow")
    data = tmp / "data"
    group_id, _ = make_folder(data, tmp, candidates=2)
    stores = {EX: as_user(data, EX), TW: as_user(data, TW)}
    follower = as_user(data, EX)
    cursor, state = follower.load_group_at(group_id)
    for kind, who, nr, code, value in steps:
        store = stores[who] if who else None
        try:
            if kind == "score":
                store.set_score(group_id, nr, code, value)
            elif kind == "vastgesteld":
                store.set_vastgesteld(group_id, nr, code, value, expected=store.load_group(group_id).cell(nr, code))
            elif kind == "remark":
                store.add_remark(group_id, nr, None, "Even overleggen over deze kandidaat.")
            elif kind == "reply":
                remarks = store.load_group(group_id).remarks
                if remarks:
                    store.reply_remark(group_id, remarks[0].id, "Akkoord.")
            elif kind == "absent":
                store.set_absent(group_id, nr, value)
        except StoreError:
            pass  # refused by the rules: nothing was logged, and the follower must still agree
        if kind == "look":
            cursor, entries = follower.changes_since(group_id, cursor)
            for entry in entries:
                state = evolve(state, entry.event)
    cursor, entries = follower.changes_since(group_id, cursor)
    for entry in entries:
        state = evolve(state, entry.event)
    assert comparable(state) == comparable(as_user(data, TW).load_group(group_id))
    assert follower.changes_since(group_id, cursor) == (cursor, [])
