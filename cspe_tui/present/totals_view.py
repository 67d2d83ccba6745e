"""The totals below the grid: per opdracht and for the onderdeel, in each column (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

from cspe_tui.domain.group import GroupState, Role

from . import signs
from .criteria_rows import opdracht_view
from .shown import Shown
from .viewer import Viewer


@dataclass(frozen=True)
class TotalsView:
    """Per opdracht and for the onderdeel: max, both columns and the vastgestelde total."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, tuple[Shown, ...]], ...]


def column_labels(viewer: Viewer) -> tuple[str, str, str]:
    first = "Exam." + (f" {signs.OWN}" if viewer.owns(Role.EXAMINATOR) else "")
    second = "Tweede" + (f" {signs.OWN}" if viewer.owns(Role.TWEEDE) else "")
    return first, second, "Vastgesteld"


def totals_view(state: GroupState, examennummer: str, viewer: Viewer) -> TotalsView:
    visible = viewer.sees_other(state, examennummer)
    opdrachten = [opdracht_view(state, examennummer, o, viewer, visible) for o in state.model.opdrachten]
    headers = tuple(o.nummer for o in opdrachten) + ("Onderdeel",)
    rows: list[tuple[str, tuple[Shown, ...]]] = [
        ("Max", tuple(Shown(o.max) for o in opdrachten) + (Shown(str(state.model.max_score), "total"),))
    ]
    first, second, final = column_labels(viewer)
    for label, attr, column in ((first, "first", Role.EXAMINATOR), (second, "second", Role.TWEEDE), (final, "final", None)):
        cells = tuple(getattr(o, attr) for o in opdrachten)
        shown = (column is not None and viewer.owns(column)) or visible
        if shown:
            total = _sum_of_totals(cells)
        else:
            label = f"{label} ({signs.HIDDEN})"
            cells = tuple(Shown("", "hidden") for _ in cells)
            total = Shown("", "total")
        rows.append((label, cells + (total,)))
    return TotalsView(headers=headers, rows=tuple(rows))


def _sum_of_totals(cells: tuple[Shown, ...]) -> Shown:
    """The onderdeel's total from the opdrachten's: partial when any of them is, `-` when none has a score."""
    texts = [c.text.strip() for c in cells]
    given = [t.removeprefix(signs.PARTIAL) for t in texts if t != signs.EMPTY]
    if not given:
        return Shown(signs.EMPTY, "total")
    partial = len(given) < len(texts) or any(t.startswith(signs.PARTIAL) for t in texts)
    return Shown(f"{signs.PARTIAL if partial else ''}{sum(int(t) for t in given)}", "total")
