"""Both backends behind one fixture: the in-process store and the service client on a real socket.

`backend.store` is what the screens and the CLI get (RecordStore), as the test's own login
(examensecretaris and examinator of the group); `backend.other(...)` writes as the other
examinator behind it: through a second in-process store on the same folder (another
terminal), or through the service's own store (the service's writer).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from cspe_tui.domain.commands import Declare, SetScore
from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.store import GroupScope, RecordStore, open_store
from tests.service.conftest import ME, OTHER, make_served_folder

__all__ = ["ME", "OTHER", "Backend"]


@dataclass
class Backend:
    name: str
    store: RecordStore
    data: Path
    group_id: str
    key: ModelKey
    behind: Any
    """A Store that writes as anyone (the other terminal, or the service's own)."""

    def other(self, *commands: Any, group_id: str | None = None) -> Any:
        """Written as the other examinator; returns once this backend can know it (a push has arrived)."""
        gid = group_id or self.group_id
        committed = self.behind.execute(GroupScope(group_id=gid), OTHER, *commands)
        feed = getattr(self.store, "_feeds", {}).get(gid)
        deadline = time.monotonic() + 10
        while feed is not None and feed.end < committed.position:
            assert time.monotonic() < deadline, "the push did not arrive"
            time.sleep(0.002)
        return committed

    def all_scored(self, examennummer: str, value_of: Callable[[Any], int] = lambda crit: crit.max) -> None:
        """Both examinators give every criterium of one candidate (the other behind the backend)."""
        state = self.store.load_group(self.group_id)
        mine = [SetScore(examennummer=examennummer, criterium=k.code, value=value_of(k)) for k in state.model.criteria]
        self.store.execute(GroupScope(group_id=self.group_id), ME, *mine)
        self.other(*(SetScore(examennummer=examennummer, criterium=k.code, value=k.max) for k in state.model.criteria))

    def closed(self) -> Any:
        """Every candidate scored the same by both, both declared, closed by this backend's user: the sluiting."""
        for candidate in self.store.load_group(self.group_id).candidates:
            self.all_scored(candidate.examennummer)
        self.store.declare(self.group_id)
        self.other(Declare())
        return self.store.close(self.group_id)

    def behind_state(self, group_id: str | None = None) -> Any:
        """The group as the folder holds it, read past the backend."""
        return open_store(self.data).load_group(group_id or self.group_id)


class ServiceBehind:
    """The other examinator's write as the service runs one: on its writer thread, then pushed to the followers."""

    def __init__(self, service: Any) -> None:
        self.service = service

    def execute(self, scope: Any, login: str, *commands: Any) -> Any:
        def job() -> Any:
            committed = self.service.store.execute(scope, login, *commands)
            self.service._push_changes()
            return committed

        return self.service.writer_pool.submit(job).result(30)


@pytest.fixture(params=["store", "dienst"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    if request.param == "store":
        data = tmp_path / "data"
        group_id, key = make_served_folder(data, tmp_path)
        yield Backend("store", open_store(data), data, group_id, key, open_store(data))
        return
    running = request.getfixturevalue("served")
    client = running.client()
    try:
        yield Backend("dienst", client, running.data, running.group_id, running.key, ServiceBehind(running.service))
    finally:
        client.disconnect()


from tests.service.conftest import served  # noqa: E402,F401  (the service fixture, for the "dienst" backend)
