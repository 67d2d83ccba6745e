"""Any sequence of commands by any actors keeps the record's rules (hypothesis state machine).

Examinator, tweede, examensecretaris and an outsider send random commands; the machine
checks after every step: refusals change nothing, a closed group refuses everything,
nobody writes another's column, a change after a declaration voids it, declarations
carry the closing seal, and folding all events from the creation equals the state.
"""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import event as event_note
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from cspe_tui.domain.access import Refusal, RefusalKind
from cspe_tui.domain.commands import (
    Accept,
    AcceptAll,
    AddRemark,
    Close,
    Declare,
    ReplyRemark,
    ResolveRemark,
    SetAbsent,
    SetOndersteuning,
    SetScore,
    SetVastgesteld,
    WithdrawGroup,
)
from cspe_tui.domain.decide import decide
from cspe_tui.domain.events import (
    CHANGES_WORK,
    Accepted,
    Declared,
    DeclarationsVoided,
    GroupClosed,
    GroupWithdrawn,
    OndersteuningSet,
    ScoreSet,
    VastgesteldSet,
)
from cspe_tui.domain.evolve import evolve, fold_group
from cspe_tui.domain.group import Role, Werkwijze
from cspe_tui.domain.closing import seal_of
from tests.domain.decide_helpers import ACTORS, EXAMINATOR, NOW, NUMBERS, TWEEDE, create
from tests.helpers import make_model

MODEL = make_model()
CODES = [c.code for c in MODEL.criteria]
actors = st.sampled_from(ACTORS)
numbers = st.sampled_from(NUMBERS)
codes = st.sampled_from(CODES)
values = st.one_of(st.none(), st.integers(-1, 4))
texts = st.sampled_from(["", " ", "twijfel", "zie foto"])


class RecordMachine(RuleBasedStateMachine):
    @initialize(werkwijze=st.sampled_from(list(Werkwijze)))
    def start(self, werkwijze: Werkwijze) -> None:
        self.created, self.state = create(werkwijze)
        self.events: list[Any] = []
        self.tick = 0

    def send(self, actor, command) -> list[Any]:
        """Decide and apply one command, checking what must hold for every step."""
        self.tick += 1
        before, dumped = self.state, self.state.model_dump()
        role = before.role_of(actor.login)
        try:
            events = decide(before, actor, command, NOW.replace(second=self.tick % 60, minute=self.tick // 60 % 60))
        except Refusal as refusal:
            assert before.model_dump() == dumped
            if before.withdrawn is not None:
                event_note("vervallen groep weigert")
                assert refusal.kind is RefusalKind.CLOSED
            elif before.closed and not isinstance(command, WithdrawGroup):
                event_note("gesloten groep weigert")
                assert refusal.kind is RefusalKind.CLOSED
            return []
        assert before.withdrawn is None or not events, "a vervallen group accepted a command"
        assert not before.closed or all(isinstance(e, GroupWithdrawn) for e in events), "a closed group changed"
        for event in events:
            if isinstance(event, (OndersteuningSet, GroupWithdrawn)):
                assert actor.secretaris
            if isinstance(event, Accepted):
                assert role is Role.TWEEDE and before.info.werkwijze is Werkwijze.ACHTERAF
                assert event.new == before.cell(event.examennummer, event.criterium).examinator
            if isinstance(event, ScoreSet):
                assert event.role is role
            if isinstance(event, (ScoreSet, VastgesteldSet, Declared)):
                assert role in (Role.EXAMINATOR, Role.TWEEDE)
            self.state = evolve(self.state, event)
        assert before.model_dump() == dumped, "evolve changed the earlier state"
        changed = any(isinstance(e, CHANGES_WORK) for e in events)
        if changed and before.verklaringen:
            event_note("verklaringen vervallen")
            assert isinstance(events[-1], DeclarationsVoided)
            assert self.state.verklaringen == []
            assert len(self.state.vervallen) == len(before.vervallen) + len(before.verklaringen)
        if not changed:
            assert not any(isinstance(e, DeclarationsVoided) for e in events)
        for event in events:
            if isinstance(event, Declared):
                assert event.verklaring.seal == seal_of(before)
            if isinstance(event, GroupClosed):
                event_note("groep gesloten")
                assert event.sluiting.seal == seal_of(before)
                assert all(v.seal == event.sluiting.seal for v in before.verklaringen)
                assert {v.role for v in before.verklaringen} == {Role.EXAMINATOR, Role.TWEEDE}
        self.events.extend(events)
        return events

    @rule(actor=actors, nr=numbers, code=codes, value=values)
    def score(self, actor, nr, code, value) -> None:
        self.send(actor, SetScore(examennummer=nr, criterium=code, value=value))

    @rule(actor=actors, nr=numbers, code=codes, value=values, stale=st.booleans())
    def vastgesteld(self, actor, nr, code, value, stale) -> None:
        cell = self.state.cell(nr, code)
        expected = cell.model_copy(update={"tweede": (cell.tweede or 0) + 1}) if stale else cell
        self.send(actor, SetVastgesteld(examennummer=nr, criterium=code, value=value, expected=expected))

    @rule(actor=actors, nr=numbers)
    def accept_all(self, actor, nr) -> None:
        self.send(actor, AcceptAll(examennummer=nr))

    @rule(actor=actors, nr=numbers, code=codes)
    def accept(self, actor, nr, code) -> None:
        self.send(actor, Accept(examennummer=nr, criterium=code, expected=self.state.cell(nr, code)))

    @rule(actor=actors, nr=st.sampled_from([*NUMBERS, "999"]), tijd=st.booleans(), opdracht=st.booleans(), text=texts)
    def ondersteuning(self, actor, nr, tijd, opdracht, text) -> None:
        self.send(actor, SetOndersteuning(examennummer=nr, verlengde_tijd=tijd, aangepaste_opdracht=opdracht, tekst=text))

    @rule(actor=actors, text=texts)
    def withdraw(self, actor, text) -> None:
        self.send(actor, WithdrawGroup(reden=text))

    @rule(actor=actors, nr=numbers, absent=st.booleans())
    def absent(self, actor, nr, absent) -> None:
        self.send(actor, SetAbsent(examennummer=nr, absent=absent))

    @rule(actor=actors, nr=numbers, code=st.one_of(st.none(), codes), text=texts)
    def remark(self, actor, nr, code, text) -> None:
        self.send(actor, AddRemark(examennummer=nr, criterium=code, text=text))

    @rule(actor=actors, pick=st.integers(0, 5), text=texts)
    def reply(self, actor, pick, text) -> None:
        ids = [r.id for r in self.state.remarks] or ["onbekend"]
        self.send(actor, ReplyRemark(remark_id=ids[pick % len(ids)], text=text))

    @rule(actor=actors, pick=st.integers(0, 5))
    def resolve(self, actor, pick) -> None:
        ids = [r.id for r in self.state.remarks] or ["onbekend"]
        self.send(actor, ResolveRemark(remark_id=ids[pick % len(ids)]))

    @rule(actor=st.sampled_from([EXAMINATOR, TWEEDE]))
    def settle_everything(self, actor) -> None:
        """Fix every open score and resolve every remark, so that closing becomes reachable."""
        for nr in NUMBERS:
            for crit in MODEL.criteria:
                cell = self.state.cell(nr, crit.code)
                if cell.vastgesteld is None:
                    self.send(actor, SetVastgesteld(examennummer=nr, criterium=crit.code, value=crit.allowed[-1], expected=cell))
        for remark in list(self.state.remarks):
            self.send(actor, ResolveRemark(remark_id=remark.id))

    @rule(actor=actors)
    def declare(self, actor) -> None:
        self.send(actor, Declare())

    @rule(actor=actors)
    def close(self, actor) -> None:
        self.send(actor, Close())

    @invariant()
    def folding_the_log_gives_the_state(self) -> None:
        assert fold_group(self.created, MODEL, self.events) == self.state

    @invariant()
    def akkoord_is_the_tweedes_column_agreeing(self) -> None:
        """An akkoord cell holds a score in the tweede's column; no note is ever empty."""
        for row in self.state.cells.values():
            for cell in row.values():
                if cell.akkoord:
                    assert cell.tweede is not None
        assert all(not note.empty for note in self.state.ondersteuning)


RecordMachine.TestCase.settings = settings(
    max_examples=60, stateful_step_count=40, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
TestRecordMachine = RecordMachine.TestCase
