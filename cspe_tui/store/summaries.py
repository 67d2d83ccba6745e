"""Group summaries: what the start screen lists, read without folding a group whose log has not moved.

Each group's summary is kept in memory beside its folded state (carried along by every
change) and in summary.json beside its checkpoint, with the log position it belongs to.
Listing a group costs one stat when nothing changed, one small file when another process
changed it and finished its write, and a fold of the new lines otherwise. A closed group's
full check (hash chain, fold against checkpoint, seal) is `closed_check`, which a screen
may run in a thread after its first frame; `load_group` and exports still make it first.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING, Any

from cspe_tui.domain.summary import GroupSummary, summarize

from .checkpoint import read_summary
from .errors import StoreError, UnknownGroup
from .group_handle import GroupHandle
from .verify import folder_signature

if TYPE_CHECKING:
    from threading import RLock

    from .folder import FolderRecords
    from .groups import GroupRecords
    from .verify import Verification


class GroupSummaries:
    """The start screen's rows, held by the Store (`store.summaries`).

    Reads the group records (handles, their lock, `load_group` to take in an aanvulling), the
    folder records (aanvullingen, the models), and the verification's closed-group report;
    `mutex` is the store's, held while a handle is read.
    """

    def __init__(
        self, groups: GroupRecords, folder_records: FolderRecords, verification: Verification, mutex: RLock
    ) -> None:
        self.groups = groups
        self.folder_records = folder_records
        self.verification = verification
        self._mutex = mutex

    def group_summaries(self) -> tuple[list[GroupSummary], dict[str, StoreError]]:
        """Every group's summary, and why a group cannot be read; one stat per unchanged group.

        A closed group is not checked here (see `closed_check`); one this process found
        changed is listed with the log's counts and `tampered` set.
        """
        summaries: list[GroupSummary] = []
        failures: dict[str, StoreError] = {}
        for group_id in self.groups.group_ids():
            try:
                summaries.append(self.group_summary(group_id))
            except StoreError as exc:
                failures[group_id] = exc
        return summaries, failures

    def group_summary(self, group_id: str) -> GroupSummary:
        g = self.groups.handle(group_id)
        with self._mutex:
            sig = g.log.stat()
            if sig is None:
                raise UnknownGroup(f"Groep {g.id} bestaat niet (meer).")
            if g.listed is not None and g.listed[0] == sig:
                summary = g.listed[1]
            else:
                summary = self._summary_now(g, sig)
                g.listed = (sig, summary)
            if g.check is not None and g.check[1] is not None:
                shown = g.check[2]
                counted = summarize(shown) if shown is not None else summary
                summary = counted.model_copy(update={"tampered": g.check[1]})
            return summary

    def _summary_now(self, g: GroupHandle, sig: Any) -> GroupSummary:
        """From memory when this process folded the log to its end; else summary.json when it matches
        the log's end (size and last line's hash); else from the folded group, stored again."""
        if g.state is not None and g.pos.sig == sig and g.pos.problem is None:
            return g.current_summary()
        summary = None
        if g.state is None:
            stored = read_summary(g.summary_db)
            if stored is not None:
                candidate, mark = stored
                with suppress(OSError, ValueError):
                    if sig[1] == mark.end and g.log.hash_before(mark.end) == mark.hash:
                        summary = candidate
        if summary is None or self._missing_aanvulling(summary):
            if summary is not None:
                self.groups.load_group(g.id)  # takes the aanvulling in, as opening the group would
            with self.groups.locked(g, "", write=False) as can_write:
                summary = g.current_summary()
                if can_write and g.pos.problem is None:
                    g.repair_summary()
        return summary

    def _missing_aanvulling(self, summary: GroupSummary) -> bool:
        if summary.closed or summary.withdrawn is not None:
            return False
        return summary.aanvullingen < len(self.folder_records.aanvullingen(summary.model_key))

    def closed_check(self, group_id: str) -> str | None:
        """What differs in a closed group (None when all is well): the check `load_group` makes.

        The long part (folding the whole log) runs without holding the store, so a screen can run
        it in a thread while keys go on; the answer is kept for `load_group` while no file changes.
        """
        g = self.groups.handle(group_id)
        with self._mutex:
            before = folder_signature(g)
            if g.check is not None and g.check[0] == before:
                return g.check[1]
            folder = self.folder_records.state()
        probe = GroupHandle(g.id, g.path)
        report, shown = self.verification.closed_report(probe, lambda info: self.folder_records.model_of(info, folder))
        with self._mutex:
            if folder_signature(g) == before:
                g.check = (before, report, shown)
        return report
