"""Actors, a folder with the test model and a way to run commands, shared by the decide tests."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from cspe_tui.domain.access import Actor
from cspe_tui.domain.commands import CreateGroup, ImportModel, SaveSettings
from cspe_tui.domain.decide import decide
from cspe_tui.domain.evolve import evolve, evolve_folder, group_from
from cspe_tui.domain.folder import FolderState
from cspe_tui.domain.group import Candidate, GroupState, Werkwijze
from cspe_tui.domain.group_notes import Stamp
from cspe_tui.domain.settings import Settings
from tests.helpers import make_model

NOW = datetime(2026, 5, 12, 10, 0, tzinfo=timezone.utc)
EXAMINATOR = Actor(login="jansen")
TWEEDE = Actor(login="devries")
SECRETARIS = Actor(login="bakker", secretaris=True)
OUTSIDER = Actor(login="piet")
ACTORS = (EXAMINATOR, TWEEDE, SECRETARIS, OUTSIDER)
NUMBERS = ("101", "102")


def folder_with_model() -> FolderState:
    state = FolderState()
    for command in (SaveSettings(settings=Settings(examensecretarissen=["bakker"])), ImportModel(model=make_model())):
        for event in decide(state, SECRETARIS, command, NOW):
            state = evolve_folder(state, event)
    return state


def create(werkwijze: Werkwijze = Werkwijze.GELIJKTIJDIG, folder: FolderState | None = None) -> tuple[Any, GroupState]:
    """The creation event and the new group's state, by the examensecretaris through decide."""
    folder = folder or folder_with_model()
    command = CreateGroup(
        model_key=make_model().key,
        candidates=[Candidate(examennummer=nr, naam=f"Kandidaat {nr}") for nr in NUMBERS],
        examinator=EXAMINATOR.login,
        tweede=TWEEDE.login,
        werkwijze=werkwijze,
    )
    [created] = decide(folder, SECRETARIS, command, NOW)
    return created, group_from(created, make_model())


class Group:
    """A group driven by commands, keeping every event so tests can fold them again."""

    def __init__(self, werkwijze: Werkwijze = Werkwijze.GELIJKTIJDIG) -> None:
        self.created, self.state = create(werkwijze)
        self.events: list[Any] = []
        self.stamps: list[Stamp] = []
        """Each event's log envelope (login, at), as the store would write it."""
        self.clock = NOW

    def run(self, actor: Actor, command: Any) -> list[Any]:
        self.clock += timedelta(seconds=1)
        events = decide(self.state, actor, command, self.clock)
        stamp = Stamp(actor.login, self.clock)
        for event in events:
            self.state = evolve(self.state, event, stamp)
        self.events.extend(events)
        self.stamps.extend(stamp for _ in events)
        return events
