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

from cspe_tui.cli.common import add_als_argument, open_store_from_args, store_errors
from cspe_tui.domain import wording
from cspe_tui.exports.log_text import head_lines, lines, row, row_line, widths, zone_line
from cspe_tui.store import AuditEntry


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
        number, wide = widths(rows())
    title = f"groep {args.group}" if args.group is not None else "de gegevensmap"
    try:
        for line in head_lines(title, number, wide):
            print(line)
        with store_errors():
            for r in rows():
                print(row_line(r, wide))
        print(zone_line(zone))
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
