"""One line of the start screen, from a group's summary (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

from cspe_tui.domain.group import Role, Werkwijze
from cspe_tui.domain.summary import GroupSummary

from . import signs


@dataclass(frozen=True)
class GroupRow:
    """One line of the start screen; frozen and comparable, so only a changed row is redrawn."""

    group_id: str
    label: str
    cspe: tuple[str, str, int]
    werkwijze: Werkwijze
    candidates: int
    first: str
    second: str
    final: str
    open_remarks: int
    closed: bool
    role: Role
    withdrawn: str | None = None
    """The reden when the group is vervallen."""
    tampered: str | None = None
    """What differs when a closed group's files do not match its log."""
    melding: bool = False
    """The group's correctiemodel has a melding for the Examenloket."""


def group_row(summary: GroupSummary, role: Role, melding: bool = False) -> GroupRow:
    """The store's summary (progress counted in candidates) as the start screen shows it to `role`."""
    key = summary.model_key
    total = summary.candidates

    def who(column: Role) -> str:
        login = summary.examinator if column is Role.EXAMINATOR else summary.tweede
        return f"{login} {signs.OWN}" if role is column else login

    return GroupRow(
        group_id=summary.group_id,
        label=f"{key.profielvak} {key.leerweg} {key.jaar} {key.versie} {key.onderdeel}",
        cspe=key.cspe,
        werkwijze=summary.werkwijze,
        candidates=total,
        first=f"{who(Role.EXAMINATOR)} {summary.first_done}/{total}",
        second=f"{who(Role.TWEEDE)} {summary.second_done}/{total}",
        final=f"{summary.final_done}/{total}",
        open_remarks=summary.open_remarks,
        closed=summary.closed,
        role=role,
        withdrawn=summary.withdrawn,
        tampered=summary.tampered,
        melding=melding,
    )
