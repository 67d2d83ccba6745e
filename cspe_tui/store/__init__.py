"""Everything on disk: TinyDB with our own atomic, locked storage, and a hash-chained audit log."""

from .audit import AuditEntry
from .errors import (
    ClosedGroupError,
    ClosingBlocked,
    ConflictError,
    CorruptFile,
    DataFolderError,
    GroupBusy,
    InvalidInput,
    NeedsConfirmation,
    InvalidScore,
    ModelImportError,
    NotSavedError,
    PermissionDenied,
    StoreError,
    UnknownCandidate,
    UnknownCriterium,
    UnknownGroup,
    UnknownModel,
    UnknownRemark,
)
from .settings import Settings
from .storage import AtomicJSONStorage
from .datafolder import DataFolder
from .store import Store, VerifyReport, current_login, open_store

__all__ = [
    "AtomicJSONStorage",
    "AuditEntry",
    "ClosedGroupError",
    "ClosingBlocked",
    "ConflictError",
    "CorruptFile",
    "DataFolder",
    "DataFolderError",
    "GroupBusy",
    "InvalidInput",
    "NeedsConfirmation",
    "InvalidScore",
    "ModelImportError",
    "NotSavedError",
    "PermissionDenied",
    "Settings",
    "Store",
    "StoreError",
    "UnknownCandidate",
    "UnknownCriterium",
    "UnknownGroup",
    "UnknownModel",
    "UnknownRemark",
    "VerifyReport",
    "current_login",
    "open_store",
]
