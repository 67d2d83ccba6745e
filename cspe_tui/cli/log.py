"""`cspe log [GROEP]` prints a log (a group's, or without a group the folder's); `cspe verify [GROEP]` checks it.

Both stream the log: a log of 100,000 lines is read twice (widths, then rows) but
never held in memory.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

from cspe_tui.domain import wording
from cspe_tui.domain.clock import format_moment
from cspe_tui.domain.normering import format_cijfer
from cspe_tui.cli.common import add_als_argument, open_store_from_args, store_errors
from cspe_tui.store import AuditEntry

HEADS = ("nr", "tijd", "gebruiker", "actie", "kandidaat", "criterium", "kolom", "oud", "nieuw")
COLUMNS = {"examinator": "examinator", "tweede": "tweede examinator", "vastgesteld": "vastgesteld"}


def register(sub: argparse._SubParsersAction) -> None:
    log = sub.add_parser("log", help="toon het logboek van een groep, of zonder groep dat van de gegevensmap")
    log.add_argument("group", metavar="GROEP", nargs="?")
    log.add_argument("--kandidaat", metavar="EXAMENNUMMER", help="alleen de regels over deze kandidaat")
    add_als_argument(log)
    log.set_defaults(func=run_log)
    verify = sub.add_parser("verify", help="controleer logboek en gegevens van een groep, of zonder groep van alles")
    verify.add_argument("group", metavar="GROEP", nargs="?")
    add_als_argument(verify)
    verify.set_defaults(func=run_verify)


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


def row(entry: AuditEntry, in_folder: bool, zone: str) -> tuple[str, ...]:
    actie, nr, crit, kolom, oud, nieuw = describe(entry.event)
    if in_folder and entry.event.type == "group_created":
        nieuw = f"{entry.event.info.group_id}: {nieuw}"
    return (str(entry.seq), format_moment(entry.at, zone, "seconds"), entry.login, actie, nr, crit, kolom, oud, nieuw)


def _rows(
    entries: Callable[[], Iterator[AuditEntry]], kandidaat: str | None, in_folder: bool, zone: str
) -> Callable[[], Iterator[tuple[str, ...]]]:
    def produce() -> Iterator[tuple[str, ...]]:
        for entry in entries():
            if kandidaat is None or entry.examennummer == kandidaat:
                yield row(entry, in_folder, zone)

    return produce


def run_log(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        zone = store.settings.tijdzone
        if args.kandidaat and args.group is None:
            print("Geef bij --kandidaat ook de groep: cspe log GROEP --kandidaat NUMMER.", file=sys.stderr)
            return 1
        if args.kandidaat and not any(c.examennummer == args.kandidaat for c in store.load_group(args.group).candidates):
            print(f"Kandidaat {args.kandidaat} hoort niet bij groep {args.group}.", file=sys.stderr)
            return 1
        if args.group is not None:
            store.change_cursor(args.group)  # an unknown group is refused here, before the heading is printed
        rows = _rows(lambda: store.audit_iter(args.group), args.kandidaat, args.group is None, zone)
        count, widths = 0, [len(h) for h in HEADS]
        for r in rows():
            count += 1
            widths = [max(w, len(cell)) for w, cell in zip(widths, r)]
    title = f"groep {args.group}" if args.group is not None else "de gegevensmap"
    try:
        print(f"Logboek van {title}: {lines(count)}")
        print("  ".join(h.ljust(w) for h, w in zip(HEADS, widths)).rstrip())
        print("  ".join("-" * w for w in widths))
        with store_errors():
            for r in rows():
                print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
        print(f"Tijden in {zone} (de tijdzone van de school); het logboek bewaart ze met UTC-offset.")
        sys.stdout.flush()
    except BrokenPipeError:
        # `cspe log GROEP | head`: the reader has all it wanted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def run_verify(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        if args.group is not None:
            worst = _print_report(store.verify(args.group))
            sluiting = store.load_group(args.group).sluiting
            if sluiting is not None:
                print(f"Zegel: {sluiting.seal} (vergelijk met het zegel op het ondertekende beoordelingsmodel).")
            return worst
        worst = _print_report(store.verify_folder())
        for group_id in store.group_ids():
            worst = max(worst, _print_report(store.verify(group_id)))
    return worst


def _print_report(report: Any) -> int:
    what = f"groep {report.group_id}" if report.group_id is not None else "gegevensmap"
    if report.ok:
        seal = "" if report.group_id is None else ", " + {None: "groep is nog open", True: "zegel klopt"}[report.seal_ok]
        print(f"OK: {what}, {lines(report.entries)}, hashketen en gegevens kloppen{seal}.")
        return 0
    print(f"{what[0].upper()}{what[1:]}: {wording.count(len(report.problems), 'probleem', 'problemen')} gevonden:")
    for problem in report.problems:
        print(f"- {problem}")
    return 1
