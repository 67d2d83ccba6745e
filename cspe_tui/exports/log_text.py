"""A log in readable Dutch: one line per entry (actie, kandidaat, criterium, kolom, oud, nieuw).

`cspe log` prints this table and an archive keeps it as logboek.txt, so both read the same.
Pure: it takes the logged entries, never the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any, Protocol

from cspe_tui.domain import wording
from cspe_tui.domain.clock import format_moment
from cspe_tui.domain.normering import format_cijfer

HEADS = ("nr", "tijd", "gebruiker", "actie", "kandidaat", "criterium", "kolom", "oud", "nieuw")
COLUMNS = {"examinator": "examinator", "tweede": "tweede examinator", "vastgesteld": "vastgesteld"}


class Logged(Protocol):
    """What a line needs of a logged entry (the store's AuditEntry)."""

    @property
    def seq(self) -> int: ...

    @property
    def at(self) -> datetime: ...

    @property
    def login(self) -> str: ...

    @property
    def event(self) -> Any: ...


def _short(text: str, width: int = 50) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _value(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return _short(str(value))


def describe(event: Any) -> tuple[str, str, str, str, str, str]:
    """(actie, kandidaat, criterium, kolom, oud, nieuw) of one event, in Dutch."""
    kind = event.type
    if kind == "score_set":
        return "score", event.examennummer, event.criterium, COLUMNS[event.role.value], _value(event.old), _value(event.new)
    if kind == "vastgesteld_set":
        return "score", event.examennummer, event.criterium, "vastgesteld", _value(event.old), _value(event.new)
    if kind == "accepted":
        return "akkoord", event.examennummer, event.criterium, COLUMNS["tweede"], _value(event.old), _value(event.new)
    if kind == "ondersteuning_set":
        o = event.ondersteuning
        return "ondersteuning", o.examennummer, "-", "-", "-", _short(o.summary() or "geen")
    if kind == "photo_added":
        action = "foto (aanvulling)" if event.addition else "foto"
        return action, event.examennummer, "-", "-", "-", _short(f"{event.original_name} {event.sha256[:12]}")
    if kind == "group_withdrawn":
        return "groep vervallen", "-", "-", "-", "-", _short(event.withdrawal.reden)
    if kind == "group_removed":
        return "groep verwijderd", "-", "-", "-", "-", event.group_id
    if kind == "absent_set":
        return "afwezig", event.examennummer, "-", "-", _value(not event.absent), _value(event.absent)
    if kind == "remark_added":
        r = event.remark
        return "opmerking", r.examennummer, r.criterium or "-", "-", "-", _short(r.text)
    if kind == "reply_added":
        return "reactie", "-", "-", "-", event.remark_id, _short(event.reply.text)
    if kind == "remark_resolved":
        return "opmerking afgehandeld", "-", "-", "-", event.remark_id, "afgehandeld"
    if kind in ("aanvulling_applied", "aanvulling_added"):
        a = event.aanvulling
        return "aanvulling", "-", a.criterium, "-", "-", _short(f"{a.datum}: {a.tekst}")
    if kind == "declared":
        return "verklaring", "-", "-", COLUMNS[event.verklaring.role.value], "-", "ja"
    if kind == "declarations_voided":
        return "verklaringen vervallen", "-", "-", "-", "-", _short(event.reason)
    if kind == "group_closed":
        return "groep gesloten", "-", "-", "-", "-", f"zegel {event.sluiting.seal[:16]}…"
    if kind == "group_created":
        info = event.info
        text = (
            f"{wording.count(len(event.candidates), 'kandidaat', 'kandidaten')}, examinator {info.examinator}, "
            f"tweede {info.tweede}, "
            f"{info.werkwijze.value}"
        )
        return "groep aangemaakt", "-", "-", "-", "-", text
    if kind == "model_imported":
        return "correctiemodel ingelezen", "-", "-", "-", "-", event.key.label()
    if kind == "melding_added":
        m = event.melding
        return "melding", "-", m.criterium or m.opdracht, "-", "-", _short(m.omschrijving)
    if kind == "normering_set":
        n = event.normering
        return "normering", "-", "-", "-", "-", f"{event.key.label()}: N {format_cijfer(n.nterm)}, L {n.lengte}"
    if kind == "normering_withdrawn":
        return "normering ingetrokken", "-", "-", "-", "-", _short(f"{event.key.label()}: {event.reden}")
    if kind == "settings_saved":
        s = event.settings
        who = "examensecretaris" if len(s.examensecretarissen) == 1 else "examensecretarissen"
        return "instellingen", "-", "-", "-", "-", _short(f"{who}: {', '.join(s.examensecretarissen)}")
    if kind == "uitslag_set":
        u = event.uitslag
        return "uitslag", "-", "-", "-", "-", f"{u.profielvak} {u.leerweg} {u.jaar}: {u.datum.strftime('%d-%m-%Y')}"
    if kind == "group_anchored":
        a = event.anchor
        seal = f", zegel {a.seal}" if a.seal else ""
        return "vastgelegd in map-logboek", "-", "-", "-", "-", f"{a.group_id}: regel {a.seq}, kop {a.head[:16]}…{seal}"
    if kind == "group_archived":
        return "archief gemaakt", "-", "-", "-", "-", f"{event.archive.group_id}: manifest {event.archive.manifest_sha256[:16]}…"
    return kind, "-", "-", "-", "-", "-"


def lines(number: int) -> str:
    return wording.count(number, "regel", "regels")


def row(entry: Logged, in_folder: bool, zone: str) -> tuple[str, ...]:
    """One entry's cells under HEADS; in the folder's log a new group's line names the group."""
    actie, nr, crit, kolom, oud, nieuw = describe(entry.event)
    if in_folder and entry.event.type == "group_created":
        nieuw = f"{entry.event.info.group_id}: {nieuw}"
    return (str(entry.seq), format_moment(entry.at, zone, "seconds"), entry.login, actie, nr, crit, kolom, oud, nieuw)


def widths(rows: Iterable[tuple[str, ...]]) -> tuple[int, list[int]]:
    """How many rows there are and how wide each column must be (at least its head)."""
    number, wide = 0, [len(h) for h in HEADS]
    for r in rows:
        number += 1
        wide = [max(w, len(cell)) for w, cell in zip(wide, r)]
    return number, wide


def head_lines(title: str, number: int, wide: Sequence[int]) -> list[str]:
    """The title with the number of lines, the column heads and the rule under them."""
    return [
        f"Logboek van {title}: {lines(number)}",
        "  ".join(h.ljust(w) for h, w in zip(HEADS, wide)).rstrip(),
        "  ".join("-" * w for w in wide),
    ]


def row_line(cells: tuple[str, ...], wide: Sequence[int]) -> str:
    return "  ".join(cell.ljust(w) for cell, w in zip(cells, wide)).rstrip()


def zone_line(zone: str) -> str:
    return f"Tijden in {zone} (de tijdzone van de school); het logboek bewaart ze met UTC-offset."


def log_text(entries: Iterable[Logged], title: str, zone: str, in_folder: bool = False) -> str:
    """The whole table as one text (held in memory: for one group's log, as the archive keeps it)."""
    rows = [row(entry, in_folder, zone) for entry in entries]
    number, wide = widths(rows)
    return "\n".join([*head_lines(title, number, wide), *(row_line(r, wide) for r in rows), zone_line(zone)]) + "\n"
