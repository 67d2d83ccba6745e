"""The scoring screen's two lines about the group: what it is and who scores it, and why it is read-only."""

from __future__ import annotations

from cspe_tui.domain.group import GroupState, Role
from cspe_tui.present.context import Context
from cspe_tui.present.viewer import Viewer


def info_text(state: GroupState, viewer: Viewer, width: int = 0) -> str:
    """The group in one line; "onderdeel" goes when that line would not fit (a herkansing at 80 columns).

    Your part is marked (jij); the examensecretaris has the banner below that says so."""
    text = _info_parts(state, viewer, long=True)
    if 0 < width < len(text) + 2:
        text = _info_parts(state, viewer, long=False)
    return text


def _info_parts(state: GroupState, viewer: Viewer, long: bool) -> str:
    info = state.info
    key = info.model_key

    def who(label: str, login: str, role: Role) -> str:
        return f"{label} {login}" + (" (jij)" if viewer.role is role else "")

    parts = [
        f"{key.profielvak} {key.leerweg} {key.jaar} {key.versie} {'onderdeel ' if long else ''}{key.onderdeel}"
        + (" herkansing" if info.herkansing else ""),
        info.werkwijze.value,
        who("1e", info.examinator, Role.EXAMINATOR),
        who("2e", info.tweede, Role.TWEEDE),
    ]
    return " · ".join(parts)


def banner_text(state: GroupState, viewer: Viewer, context: Context) -> str:
    """Why the group is read-only, with its moments on the school's clock; empty when it is not."""
    if state.tampered is not None:
        return f"LET OP · {state.tampered}"
    if state.withdrawn is not None:
        w = state.withdrawn
        return (
            f"VERVALLEN op {context.moment(w.at)} door {w.by} ({w.reden}): alleen lezen, "
            "telt niet mee in de cijferlijst."
        )
    if state.sluiting is not None:
        s = state.sluiting
        return f"AFGESLOTEN op {context.moment(s.at)} door {s.closed_by}: alleen lezen."
    if viewer.role is Role.SECRETARIS:
        return "Je bekijkt deze groep als examensecretaris: alleen lezen."
    return ""
