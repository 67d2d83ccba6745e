"""One clock for people: every moment shown, printed or written for a reader is in the school's zone.

Stored moments keep their UTC offset (the machine logs say exactly when); only what
people read is converted, here, so the screen, `cspe log`, the PDF and the melding
files cannot disagree on a server that runs in UTC. The zone is the school's setting
`tijdzone`, never the server's TZ.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_ZONE = "Europe/Amsterdam"

Style = Literal["full", "short", "seconds"]
_FORMATS: dict[str, str] = {
    "full": "%d-%m-%Y %H:%M",  # records: PDF, melding files, lists
    "short": "%d-%m %H:%M",  # a row on screen
    "seconds": "%Y-%m-%d %H:%M:%S",  # the audit trail, sortable
}


class UnknownZone(ValueError):
    """A tijdzone setting that names no zone; the message is Dutch."""


@lru_cache(maxsize=16)
def zone(name: str) -> tzinfo:
    """The IANA zone (`Europe/Amsterdam`); refused in Dutch when it does not exist."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise UnknownZone(f"tijdzone '{name}' bestaat niet; gebruik een naam als {DEFAULT_ZONE}") from None


def local(moment: datetime, zone_name: str = DEFAULT_ZONE) -> datetime:
    """The moment on the school's clock; a moment without offset is taken to be on that clock already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone(zone_name))
    return moment.astimezone(zone(zone_name))


def format_moment(moment: datetime | None, zone_name: str = DEFAULT_ZONE, style: Style = "full") -> str:
    """Dutch day and time on the school's clock; `–` for no moment."""
    if moment is None:
        return "–"
    return local(moment, zone_name).strftime(_FORMATS[style])
