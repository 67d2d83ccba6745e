"""Everything on disk: TinyDB with our own atomic, locked storage, and a hash-chained audit log."""

from .api import FolderScope, GroupScope, RecordStore, Scope
from .log import AuditEntry
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
    TamperedGroup,
    UnknownCandidate,
    UnknownCriterium,
    UnknownGroup,
    UnknownModel,
    UnknownRemark,
)
from .settings import Settings
from .storage import AtomicJSONStorage
from .datafolder import DataFolder
from .store import Store
from .opening import current_login, open_store
from .verify import VerifyReport

__all__ = [
    "AtomicJSONStorage",
    "AuditEntry",
    "FolderScope",
    "GroupScope",
    "RecordStore",
    "Scope",
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
    "TamperedGroup",
    "UnknownCandidate",
    "UnknownCriterium",
    "UnknownGroup",
    "UnknownModel",
    "UnknownRemark",
    "VerifyReport",
    "current_login",
    "open_store",
]
