"""Who may read what over the socket: the record of a group is for its examinators and the examensecretaris.

The examensecretaris (and root, who can read the folder anyway) reads everything. An
examinator or tweede examinator reads their own groups, the correctiemodellen of those
groups with their meldingen and aanvullingen, and the normering. A member without a role
reads the settings, what they themselves may do, and the list of their groups: empty.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.store import Store, StoreError
from cspe_tui.store.errors import PermissionDenied

OPEN = frozenset({"settings", "may_in_folder", "group_ids", "group_summaries", "groups"})
"""Reads anyone may do; the lists among them are narrowed to the asker's groups."""
PER_GROUP = frozenset({
    "group", "group_at", "group_summary", "closed_check", "cursor", "changes", "exports", "archive_sources", "photo", "log", "verify",
})
PER_MODEL = frozenset({"model", "meldingen", "aanvullingen"})
WITH_A_ROLE = frozenset({"models", "normering", "normering_entries"})
SECRETARIS = frozenset({"removed_groups", "uitslagen", "archives"})
"""Also `log` and `verify` of the whole folder (no group_id)."""


@dataclass(frozen=True)
class Reader:
    """The asker's roles, found in the store when a read comes in."""

    login: str
    secretaris: bool
    groups: frozenset[str]
    models: frozenset[ModelKey]

    @classmethod
    def of(cls, store: Store, login: str, uid: int | None = None) -> Reader:
        secretaris = uid == 0 or login in store.settings.examensecretarissen
        groups: set[str] = set()
        models: set[ModelKey] = set()
        if not secretaris:
            summaries, _ = store.group_summaries()
            for summary in summaries:
                if summary.role_of(login) is not None:
                    groups.add(summary.group_id)
                    models.add(summary.model_key)
        return cls(login, secretaris, frozenset(groups), frozenset(models))

    def may_read_group(self, group_id: str) -> bool:
        return self.secretaris or group_id in self.groups

    def check_group(self, group_id: str) -> None:
        if not self.may_read_group(group_id):
            raise PermissionDenied(
                f"Je ({self.login}) bent geen examinator of tweede examinator van groep {group_id}; alleen zij en "
                "de examensecretaris kunnen die groep inzien."
            )

    def _refuse(self, what: str) -> PermissionDenied:
        return PermissionDenied(f"Dit ({what}) kan alleen de examensecretaris inzien.")

    def check(self, what: str, args: Any) -> None:
        """Refuse a read the asker has no role for (PermissionDenied, in Dutch)."""
        if self.secretaris or what in OPEN:
            return
        group_id = getattr(args, "group_id", None)
        if what in PER_GROUP:
            if group_id is None:
                raise self._refuse("het log of de controle van de hele gegevensmap")
            self.check_group(group_id)
        elif what in PER_MODEL:
            if args.key not in self.models:
                raise PermissionDenied(
                    f"Je ({self.login}) beoordeelt geen groep met correctiemodel {args.key.label()}; "
                    "alleen de examinatoren van zo'n groep en de examensecretaris kunnen het inzien."
                )
        elif what in WITH_A_ROLE:
            if not self.groups:
                raise PermissionDenied(
                    f"Je ({self.login}) bent in geen enkele groep examinator of tweede examinator, dus er is voor jou "
                    "niets in te zien. Vraag de examensecretaris je aan een groep toe te voegen."
                )
        elif what in SECRETARIS:
            raise self._refuse(what)
        else:
            raise self._refuse(what)

    def narrow(self, what: str, result: Any) -> Any:
        """Lists of groups or models cut to the asker's own."""
        if self.secretaris:
            return result
        if what == "group_ids":
            return [gid for gid in result if gid in self.groups]
        if what == "group_summaries":
            summaries, failed = result
            return [s for s in summaries if s.group_id in self.groups], {g: f for g, f in failed.items() if g in self.groups}
        if what == "groups":
            states, failed = result
            return [s for s in states if s.state.info.group_id in self.groups], {g: f for g, f in failed.items() if g in self.groups}
        if what == "models":
            return [m for m in result if m.key in self.models]
        return result


__all__ = ["Reader", "StoreError"]
