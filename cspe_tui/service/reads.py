"""The reads a client may ask of the service: arguments, how the service answers, how the client decodes.

One table, used on both ends, so a read cannot be encoded one way and decoded another.
Every read runs against the service's own store; none depends on who asks (the record
is the same for every examinator; what someone may change is decided on execute).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Base64Bytes, BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.group import Aanvulling, GroupState, Melding
from cspe_tui.domain.group_notes import SHA256_PATTERN
from cspe_tui.domain.folder import NormeringEntry
from cspe_tui.domain.normering import Normering, NormeringKey
from cspe_tui.domain.retention import ArchiveRecord, Uitslag
from cspe_tui.domain.summary import GroupSummary
from cspe_tui.store import AuditEntry, Settings, Store, StoreError, VerifyReport
from cspe_tui.store.errors import UnknownCandidate

from .dutch import first_problem
from .protocol import ProtocolError


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoArgs(_Args):
    pass


class GroupArgs(_Args):
    group_id: str


class MayArgs(_Args):
    command_type: str


class PhotoArgs(_Args):
    group_id: str
    sha256: str = Field(pattern=SHA256_PATTERN)
    examennummer: str


def _photo(ctx: Context, args: PhotoArgs) -> bytes:
    """A photo the group's log names (checked against its hash); a file not in the log is not handed out."""
    state = ctx.store.load_group(args.group_id)
    record = next(
        (r for r in state.photos if r.sha256 == args.sha256 and r.examennummer == args.examennummer), None
    )
    if record is None:
        raise UnknownCandidate(f"Kandidaat {args.examennummer} heeft in groep {args.group_id} geen foto {args.sha256[:12]}.")
    return ctx.store.photo_bytes(args.group_id, record)


def _may_in_folder(ctx: Context, args: MayArgs) -> str | None:
    from cspe_tui.domain.decide import may

    store = ctx.store
    with store._mutex:
        return may(store._folder_state(), store._actor(ctx.login), args.command_type)


class LogArgs(_Args):
    group_id: str | None = None
    """None: the folder log."""
    start: int = Field(default=0, ge=0)
    limit: int = Field(default=2000, ge=1, le=20_000)


class VerifyArgs(_Args):
    group_id: str | None = None


class CursorArgs(_Args):
    group_id: str
    cursor: int


class ModelArgs(_Args):
    key: ModelKey


class NormeringArgs(_Args):
    key: NormeringKey


class FailedGroup(BaseModel):
    kind: str
    message: str


@dataclass(frozen=True)
class Context:
    """What a read runs against: the service's store and its exports folder."""

    store: Store
    exports: Path
    login: str
    """The connection's login (from the kernel), for reads that answer what this user may do."""
    uid: int | None = None
    """The connection's uid: root reads everything, as it can read the folder anyway."""


@dataclass(frozen=True)
class ReadOp:
    args: type[_Args]
    result: TypeAdapter[Any]
    run: Callable[[Context, Any], Any]


class GroupRead(BaseModel):
    """A group's state and, for a closed group, what differs from its seal (not part of the state's JSON)."""

    state: GroupState
    tampered: str | None = None

    def restore(self) -> GroupState:
        return self.state.model_copy(update={"tampered": self.tampered}) if self.tampered else self.state


def _outside(ctx: Context, group_id: str, closed: bool, tampered: str | None) -> str | None:
    """A closed group that disagrees with the folder log or its official exports is shown as changed."""
    if not closed or tampered is not None:
        return tampered
    from .anchors import anchor_problems, tampered_note

    problems = anchor_problems(ctx.store, ctx.exports, group_id)
    return tampered_note(problems) if problems else None


def _group(ctx: Context, args: GroupArgs) -> GroupRead:
    state = ctx.store.load_group(args.group_id)
    return GroupRead(state=state, tampered=_outside(ctx, args.group_id, state.closed, state.tampered))


def _group_at(ctx: Context, args: GroupArgs) -> tuple[int, GroupRead]:
    """The state and the log position it is folded to (run on the writer thread, between writes)."""
    read = _group(ctx, args)  # first: opening may carry a missing aanvulling into the log
    return ctx.store.change_cursor(args.group_id), read


def _groups(ctx: Context, _: NoArgs) -> tuple[list[GroupRead], dict[str, FailedGroup]]:
    states, failures = ctx.store.load_groups()
    return [GroupRead(state=s, tampered=_outside(ctx, s.info.group_id, s.closed, s.tampered)) for s in states], {
        gid: FailedGroup(kind=type(exc).__name__, message=str(exc)) for gid, exc in failures.items()
    }


def _group_summaries(ctx: Context, _: NoArgs) -> tuple[list[GroupSummary], dict[str, FailedGroup]]:
    """Small summaries, not states: what a start screen lists (a closed group's `tampered` included)."""
    summaries, failures = ctx.store.group_summaries()
    summaries = [
        s.model_copy(update={"tampered": _outside(ctx, s.group_id, s.closed, s.tampered)}) if s.closed else s
        for s in summaries
    ]
    return summaries, {gid: FailedGroup(kind=type(exc).__name__, message=str(exc)) for gid, exc in failures.items()}


def _group_summary(ctx: Context, args: GroupArgs) -> GroupSummary:
    """One group's summary, for a start screen told that the group changed."""
    summary = ctx.store.group_summary(args.group_id)
    if not summary.closed:
        return summary
    return summary.model_copy(update={"tampered": _outside(ctx, summary.group_id, True, summary.tampered)})


def _log(ctx: Context, args: LogArgs) -> tuple[int, list[AuditEntry], bool]:
    """One page of a log from a byte offset: (offset of the next page, entries, whether this was the last)."""
    store = ctx.store
    log = store.folder_log if args.group_id is None else store._group(args.group_id).log
    entries: list[AuditEntry] = []
    end = args.start
    with store._mutex:
        for offset, line in log.iter_lines(args.start):
            end = offset
            try:
                entries.append(AuditEntry.model_validate_json(line))
            except ValueError:
                continue
            if len(entries) >= args.limit:
                return end, entries, False
    return end, entries, True


def _closed_check(ctx: Context, args: GroupArgs) -> str | None:
    found = ctx.store.closed_check(args.group_id)
    if found is not None:
        return found
    state = ctx.store.load_group(args.group_id)
    return _outside(ctx, args.group_id, state.closed, None)


def _verify(ctx: Context, args: VerifyArgs) -> VerifyReport:
    """The store's check, and what the store cannot see: the folder log's anchors, the exports, the clock."""
    from dataclasses import replace

    from .anchors import anchor_problems, time_problems

    store = ctx.store
    report = store.verify(args.group_id)
    if args.group_id is None:
        return replace(report, problems=[*report.problems, *time_problems(store.audit(None), "Logboek van de gegevensmap")])
    outside = anchor_problems(store, ctx.exports, args.group_id)
    clock = time_problems(store.audit(args.group_id), "Logboek")
    seal_ok = report.seal_ok if not outside or report.seal_ok is None else False
    return replace(report, problems=[*report.problems, *outside, *clock], seal_ok=seal_ok)


def _exports(ctx: Context, args: GroupArgs) -> dict[str, bytes]:
    """The official files the service wrote at closing (read by the service, which owns them)."""
    from .exports import official_files

    return official_files(ctx.store, ctx.exports, args.group_id)


READS: dict[str, ReadOp] = {
    "settings": ReadOp(NoArgs, TypeAdapter(Settings), lambda c, a: c.store.settings),
    "models": ReadOp(NoArgs, TypeAdapter(list[Correctiemodel]), lambda c, a: list(c.store.models().values())),
    "model": ReadOp(ModelArgs, TypeAdapter(Correctiemodel), lambda c, a: c.store.model(a.key)),
    "group": ReadOp(GroupArgs, TypeAdapter(GroupRead), _group),
    "group_at": ReadOp(GroupArgs, TypeAdapter(tuple[int, GroupRead]), _group_at),
    "groups": ReadOp(NoArgs, TypeAdapter(tuple[list[GroupRead], dict[str, FailedGroup]]), _groups),
    "group_summaries": ReadOp(
        NoArgs, TypeAdapter(tuple[list[GroupSummary], dict[str, FailedGroup]]), _group_summaries
    ),
    "group_summary": ReadOp(GroupArgs, TypeAdapter(GroupSummary), _group_summary),
    "closed_check": ReadOp(GroupArgs, TypeAdapter(str | None), _closed_check),
    "group_ids": ReadOp(NoArgs, TypeAdapter(list[str]), lambda c, a: c.store.group_ids()),
    "normering_entries": ReadOp(NoArgs, TypeAdapter(list[NormeringEntry]), lambda c, a: c.store.normering_entries()),
    "normering": ReadOp(NormeringArgs, TypeAdapter(Normering | None), lambda c, a: c.store.normering(a.key)),
    "removed_groups": ReadOp(NoArgs, TypeAdapter(list[str]), lambda c, a: c.store.removed_groups()),
    "meldingen": ReadOp(ModelArgs, TypeAdapter(list[Melding]), lambda c, a: c.store.meldingen(a.key)),
    "aanvullingen": ReadOp(ModelArgs, TypeAdapter(list[Aanvulling]), lambda c, a: c.store.aanvullingen(a.key)),
    "log": ReadOp(LogArgs, TypeAdapter(tuple[int, list[AuditEntry], bool]), _log),
    "cursor": ReadOp(GroupArgs, TypeAdapter(int), lambda c, a: c.store.change_cursor(a.group_id)),
    "changes": ReadOp(CursorArgs, TypeAdapter(tuple[int, list[AuditEntry]]), lambda c, a: c.store.changes_since(a.group_id, a.cursor)),
    "verify": ReadOp(VerifyArgs, TypeAdapter(VerifyReport), _verify),
    "may_in_folder": ReadOp(MayArgs, TypeAdapter(str | None), _may_in_folder),
    "exports": ReadOp(GroupArgs, TypeAdapter(dict[str, Base64Bytes]), _exports),
    "archive_sources": ReadOp(
        GroupArgs, TypeAdapter(dict[str, Base64Bytes]), lambda c, a: c.store.archive_sources(a.group_id)
    ),
    "uitslagen": ReadOp(NoArgs, TypeAdapter(list[Uitslag]), lambda c, a: c.store.uitslagen()),
    "archives": ReadOp(NoArgs, TypeAdapter(list[ArchiveRecord]), lambda c, a: c.store.archives()),
    "photo": ReadOp(PhotoArgs, TypeAdapter(Base64Bytes), _photo),
}


def parse_args(what: str, args: dict[str, Any]) -> tuple[ReadOp, _Args]:
    op = READS.get(what)
    if op is None:
        raise ProtocolError(f"Onbekende opvraging '{what}'.")
    try:
        return op, op.args.model_validate(args)
    except ValidationError as exc:
        raise ProtocolError(f"Ongeldige opvraging {what} ({first_problem(exc, 'args')}).") from None


def answer(ctx: Context, op: ReadOp, args: _Args) -> Any:
    """Run the read if the asker's role allows it, and make its result JSON; a StoreError becomes an error response."""
    from .read_access import Reader

    what = next(name for name, known in READS.items() if known is op)
    reader = Reader.of(ctx.store, ctx.login, ctx.uid)
    reader.check(what, args)
    return op.result.dump_python(reader.narrow(what, op.run(ctx, args)), mode="json")


ENTRIES: TypeAdapter[list[AuditEntry]] = TypeAdapter(list[AuditEntry])


def decode_entries(payload: Any) -> list[AuditEntry]:
    try:
        return ENTRIES.validate_python(payload)
    except ValidationError as exc:
        raise ProtocolError(f"Onverwachte logregels van de cspe-dienst: {first_problem(exc, 'logregels')}.") from None


def decode(what: str, payload: Any) -> Any:
    try:
        return READS[what].result.validate_python(payload)
    except ValidationError as exc:
        raise ProtocolError(f"Onverwacht antwoord van de cspe-dienst op {what}: {first_problem(exc, 'antwoord')}.") from None


__all__ = ["READS", "Context", "FailedGroup", "StoreError", "answer", "decode", "parse_args"]
