"""A domain Refusal as the store's matching StoreError, so callers keep catching what they know."""

from __future__ import annotations

from cspe_tui.domain.access import Refusal, RefusalKind

from .errors import (
    ClosedGroupError,
    ClosingBlocked,
    ConflictError,
    InvalidInput,
    InvalidScore,
    ModelImportError,
    PermissionDenied,
    StoreError,
    UnknownCandidate,
    UnknownCriterium,
    UnknownModel,
    UnknownRemark,
)

_PLAIN: dict[RefusalKind, type[StoreError]] = {
    RefusalKind.PERMISSION: PermissionDenied,
    RefusalKind.CLOSED: ClosedGroupError,
    RefusalKind.INVALID_SCORE: InvalidScore,
    RefusalKind.INVALID_INPUT: InvalidInput,
    RefusalKind.UNKNOWN_CANDIDATE: UnknownCandidate,
    RefusalKind.UNKNOWN_CRITERIUM: UnknownCriterium,
    RefusalKind.UNKNOWN_REMARK: UnknownRemark,
    RefusalKind.UNKNOWN_MODEL: UnknownModel,
}


def store_error(refusal: Refusal) -> StoreError:
    if refusal.kind is RefusalKind.CONFLICT and refusal.current is not None:
        return ConflictError(refusal.message, current=refusal.current)
    if refusal.kind is RefusalKind.BLOCKED:
        return ClosingBlocked(refusal.message, refusal.blockers)
    if refusal.kind is RefusalKind.MODEL_IMPORT:
        return ModelImportError(refusal.message)
    return _PLAIN.get(refusal.kind, InvalidInput)(refusal.message)
