"""Open remarks counted once per group state, so every row finds its mark without a scan."""

from __future__ import annotations

from cspe_tui.domain.group import Remark


class RemarkIndex:
    """Open remarks by (examennummer, criterium) so a row looks up its mark in O(1)."""

    def __init__(self, remarks: list[Remark]) -> None:
        self.by_criterium: dict[tuple[str, str | None], int] = {}
        self.by_candidate: dict[str, int] = {}
        for remark in remarks:
            if remark.open:
                key = (remark.examennummer, remark.criterium)
                self.by_criterium[key] = self.by_criterium.get(key, 0) + 1
                self.by_candidate[remark.examennummer] = self.by_candidate.get(remark.examennummer, 0) + 1

    def on_criterium(self, examennummer: str, code: str) -> bool:
        return (examennummer, code) in self.by_criterium

    def on_candidate(self, examennummer: str) -> bool:
        return examennummer in self.by_candidate
