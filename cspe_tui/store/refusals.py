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


WHAT = {
    "score": "De score",
    "vastgesteld": "De vastgestelde score",
    "accept_all": "Het overnemen van de scores",
    "accept": "Het akkoord",
    "ondersteuning": "De ondersteuning",
    "photo": "De foto",
    "withdraw": "Het vervallen van de groep",
    "remove_group": "Het verwijderen van de groep",
    "absent": "De afwezigheid",
    "remark": "De opmerking",
    "reply": "De reactie",
    "resolve": "Het afhandelen van de opmerking",
    "declare": "De verklaring",
    "close": "Het sluiten van de groep",
    "apply_aanvulling": "De aanvulling",
    "create_group": "De groep",
    "import_model": "Het correctiemodel",
    "melding": "De melding",
    "aanvulling": "De aanvulling",
    "normering": "De normering",
    "normering_withdraw": "Het intrekken van de normering",
    "settings": "De instellingen",
    "uitslag": "De datum van de uitslag",
    "archive": "Het archief",
    "anchor": "Het vastleggen van de kop van het logboek",
}


def what_of(commands: tuple[object, ...] | list[object]) -> str:
    """What a failed write did not save, in the words the user knows ("De score is niet opgeslagen")."""
    kinds = {getattr(command, "type", "") for command in commands}
    if len(kinds) == 1:
        return WHAT.get(kinds.pop(), "De wijziging")
    return f"De {len(commands)} wijzigingen"
