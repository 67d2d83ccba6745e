"""Errors the user can cause or fix; `str(exc)` is a Dutch message, shown as is."""

from __future__ import annotations

from cspe_tui.domain.group import Cell, ScoreError
from cspe_tui.domain.closing import Blocker


class StoreError(Exception):
    """Base of every error the store raises on purpose."""


class DataFolderError(StoreError):
    """The data folder is missing, unsafe, not ours, or a write did not reach it."""


class NotSavedError(DataFolderError):
    """A write failed (disk full, read-only, no rights); nothing partial was left behind."""


class CorruptFile(StoreError):
    """A file in the data folder cannot be read back (damaged or edited by hand)."""


class TamperedGroup(CorruptFile):
    """A closed group whose files no longer match its log and seal: shown with a banner, never exported."""


class GroupBusy(StoreError):
    """Another process held the group's lock for too long."""


class PermissionDenied(StoreError):
    """Not your column, not your group, or an examensecretaris-only action."""


class ClosedGroupError(StoreError):
    """Any write to a closed group: closing is final."""


class ConflictError(StoreError):
    """A vastgestelde score based on a cell the other examinator has changed since."""

    def __init__(self, message: str, current: Cell) -> None:
        super().__init__(message)
        self.current = current


class ClosingBlocked(StoreError):
    """`close()` while `closing_blockers()` is not empty."""

    def __init__(self, message: str, blockers: list[Blocker]) -> None:
        super().__init__(message)
        self.blockers = blockers


class UnknownGroup(StoreError):
    pass


class UnknownModel(StoreError):
    pass


class UnknownCandidate(StoreError):
    pass


class UnknownCriterium(StoreError):
    pass


class UnknownRemark(StoreError):
    pass


class InvalidScore(StoreError, ScoreError):
    """A score the correctiemodel does not allow; also a domain ScoreError, same message."""


class NeedsConfirmation(StoreError):
    """Allowed, but probably a mistake: nothing was done; the caller may ask and then insist."""


class InvalidInput(StoreError):
    """Empty text, a bad group id, duplicate candidates and the like."""


class ModelImportError(StoreError):
    """A correctiemodel file that does not pass validation, or clashes with one already read in."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []
