"""The Wolf list read through the store: every group, the tampered ones left out and named."""

from __future__ import annotations

from cspe_tui.domain.wolf import WolfList, wolf_list

from .api import RecordStore
from .normering import parse_cspe


def load_wolf_list(
    store: RecordStore, profielvak: str, leerweg: str, jaar: str | int, per_criterium: bool
) -> tuple[WolfList, list[str]]:
    """The list and the groups left out because they cannot be read or differ from their log."""
    cspe = parse_cspe(profielvak, leerweg, jaar)
    states, failures = store.load_groups()
    unusable = sorted([*failures, *(s.info.group_id for s in states if s.tampered)])
    usable = [s for s in states if not s.tampered]
    lijst = wolf_list(usable, cspe, minimum=store.settings.wolf_minimum, per_criterium=per_criterium)
    return lijst, unusable
