"""How long a school keeps a cspe's records: from the date of the uitslag, six months.

The examensecretaris records the uitslag per cspe (logged in the folder log); every archive
made is logged too. Nothing is ever deleted automatically: this only says until when.
"""

from __future__ import annotations

import calendar
from datetime import date, datetime

from .group import Record

KEEP_MONTHS = 6

CspeId = tuple[str, str, int]
"""(profielvak, leerweg, jaar), as the cijferlijst and the normering name a cspe."""


class Uitslag(Record):
    """The date the uitslag of one cspe was made known; a later record replaces it (both stay in the log)."""

    profielvak: str
    leerweg: str
    jaar: int
    datum: date
    by: str
    at: datetime

    @property
    def cspe(self) -> CspeId:
        return (self.profielvak, self.leerweg, self.jaar)


class ArchiveRecord(Record):
    """An archive made of a closed group: who, when, and the SHA-256 of its manifest."""

    group_id: str
    manifest_sha256: str
    by: str
    at: datetime


def keep_until(uitslag: date, months: int = KEEP_MONTHS) -> date:
    """The uitslag plus six months; the 31st of August keeps until the last day of February."""
    month = uitslag.month - 1 + months
    year, month = uitslag.year + month // 12, month % 12 + 1
    return date(year, month, min(uitslag.day, calendar.monthrange(year, month)[1]))


def cspe_label(cspe: CspeId) -> str:
    return f"{cspe[0]} {cspe[1]} {cspe[2]}"
