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

from pydantic import Base64Bytes, BaseModel, ConfigDict, TypeAdapter, ValidationError

from cspe_tui.domain.correctiemodel import Correctiemodel, ModelKey
from cspe_tui.domain.group import Aanvulling, GroupState, Melding
from cspe_tui.domain.normering import Normering
from cspe_tui.store import AuditEntry, Settings, Store, StoreError, VerifyReport

from .protocol import ProtocolError


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NoArgs(_Args):
    pass


class GroupArgs(_Args):
    group_id: str


class CursorArgs(_Args):
    group_id: str
    cursor: int


class ModelArgs(_Args):
    key: ModelKey


class NormeringArgs(_Args):
    cspe: tuple[str, str, int]
    versie: str


class FailedGroup(BaseModel):
    kind: str
    message: str


@dataclass(frozen=True)
class Context:
    """What a read runs against: the service's store and its exports folder."""

    store: Store
    exports: Path


@dataclass(frozen=True)
class ReadOp:
    args: type[_Args]
    result: TypeAdapter[Any]
    run: Callable[[Context, Any], Any]


def _groups(ctx: Context, _: NoArgs) -> tuple[list[GroupState], dict[str, FailedGroup]]:
    states, failures = ctx.store.load_groups()
    return states, {gid: FailedGroup(kind=type(exc).__name__, message=str(exc)) for gid, exc in failures.items()}


def _exports(ctx: Context, args: GroupArgs) -> dict[str, bytes]:
    """The official files the service wrote at closing (read by the service, which owns them)."""
    from .exports import official_files

    return official_files(ctx.store, ctx.exports, args.group_id)


READS: dict[str, ReadOp] = {
    "settings": ReadOp(NoArgs, TypeAdapter(Settings), lambda c, a: c.store.settings),
    "models": ReadOp(NoArgs, TypeAdapter(list[Correctiemodel]), lambda c, a: list(c.store.models().values())),
    "model": ReadOp(ModelArgs, TypeAdapter(Correctiemodel), lambda c, a: c.store.model(a.key)),
    "group": ReadOp(GroupArgs, TypeAdapter(GroupState), lambda c, a: c.store.load_group(a.group_id)),
    "groups": ReadOp(NoArgs, TypeAdapter(tuple[list[GroupState], dict[str, FailedGroup]]), _groups),
    "group_ids": ReadOp(NoArgs, TypeAdapter(list[str]), lambda c, a: c.store.group_ids()),
    "normering": ReadOp(NormeringArgs, TypeAdapter(Normering | None), lambda c, a: c.store.normering(a.cspe, a.versie)),
    "meldingen": ReadOp(ModelArgs, TypeAdapter(list[Melding]), lambda c, a: c.store.meldingen(a.key)),
    "aanvullingen": ReadOp(ModelArgs, TypeAdapter(list[Aanvulling]), lambda c, a: c.store.aanvullingen(a.key)),
    "log": ReadOp(GroupArgs, TypeAdapter(list[AuditEntry]), lambda c, a: c.store.audit(a.group_id)),
    "cursor": ReadOp(GroupArgs, TypeAdapter(int), lambda c, a: c.store.change_cursor(a.group_id)),
    "changes": ReadOp(CursorArgs, TypeAdapter(tuple[int, list[AuditEntry]]), lambda c, a: c.store.changes_since(a.group_id, a.cursor)),
    "verify": ReadOp(GroupArgs, TypeAdapter(VerifyReport), lambda c, a: c.store.verify(a.group_id)),
    "exports": ReadOp(GroupArgs, TypeAdapter(dict[str, Base64Bytes]), _exports),
}


def parse_args(what: str, args: dict[str, Any]) -> tuple[ReadOp, _Args]:
    op = READS.get(what)
    if op is None:
        raise ProtocolError(f"Onbekende opvraging '{what}'.")
    try:
        return op, op.args.model_validate(args)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"]) or "args"
        raise ProtocolError(f"Ongeldige opvraging {what} ({where}: {err['msg']}).") from None


def answer(ctx: Context, op: ReadOp, args: _Args) -> Any:
    """Run the read and make its result JSON; a StoreError passes through to become an error response."""
    return op.result.dump_python(op.run(ctx, args), mode="json")


def decode(what: str, payload: Any) -> Any:
    try:
        return READS[what].result.validate_python(payload)
    except ValidationError as exc:
        raise ProtocolError(f"Onverwacht antwoord van de cspe-dienst op {what}: {exc.errors(include_url=False)[0]['msg']}.") from None


__all__ = ["READS", "Context", "FailedGroup", "StoreError", "answer", "decode", "parse_args"]
