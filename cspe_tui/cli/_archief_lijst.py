"""`cspe archief lijst` and `cspe archief uitslag`: how long each group's records are kept."""

from __future__ import annotations

import argparse
import sys

from cspe_tui.cli.archief import parse_date
from cspe_tui.cli.common import EXIT_REFUSED, open_store_from_args, store_errors
from cspe_tui.domain.clock import format_moment
from cspe_tui.domain.retention import cspe_label, keep_until
from cspe_tui.store import StoreError

HEADS = ("groep", "cspe", "status", "archief", "uitslag", "bewaren tot")


def _day(value) -> str:  # type: ignore[no-untyped-def]
    return value.strftime("%d-%m-%Y")


def run_list(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        zone = store.settings.tijdzone
        summaries, failures = store.group_summaries()
        uitslagen = {u.cspe: u for u in store.uitslagen()}
        archives: dict[str, list] = {}
        for record in store.archives():
            archives.setdefault(record.group_id, []).append(record)
    rows = []
    for s in sorted(summaries, key=lambda s: s.group_id):
        cspe = (s.model_key.profielvak, s.model_key.leerweg, s.model_key.jaar)
        status = "vervallen" if s.withdrawn else "gesloten" if s.closed else "open"
        made = archives.get(s.group_id, [])
        archief = f"ja, {format_moment(made[-1].at, zone)} door {made[-1].by}" if made else "nee"
        uitslag = uitslagen.get(cspe)
        rows.append((
            s.group_id, cspe_label(cspe), status, archief,
            _day(uitslag.datum) if uitslag else "nog niet vastgelegd",
            _day(keep_until(uitslag.datum)) if uitslag else "-",
        ))
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(HEADS)]
    print("  ".join(h.ljust(w) for h, w in zip(HEADS, widths)).rstrip())
    print("  ".join("-" * w for w in widths))
    for r in rows:
        print("  ".join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip())
    for group_id, exc in sorted(failures.items()):
        print(f"{group_id}: kan niet worden gelezen ({exc})")
    print("Bewaren: tot zes maanden na de uitslag. cspe verwijdert nooit zelf iets.")
    return 0


def run_uitslag(args: argparse.Namespace, words: list[str]) -> int:
    if len(words) != 3 or not args.datum:
        print("Gebruik: cspe archief uitslag PROFIELVAK LEERWEG JAAR --datum DD-MM-JJJJ", file=sys.stderr)
        return EXIT_REFUSED
    from cspe_tui.store.normering import parse_cspe

    try:
        profielvak, leerweg, jaar = parse_cspe(*words)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    datum = parse_date(args.datum)
    if datum is None:
        print(f"De datum '{args.datum}' kan niet: schrijf hem als DD-MM-JJJJ, bijvoorbeeld 10-07-2026.", file=sys.stderr)
        return EXIT_REFUSED
    store = open_store_from_args(args)
    with store_errors():
        store.set_uitslag(profielvak, leerweg, jaar, datum)
    print(
        f"Uitslag van {profielvak} {leerweg} {jaar} vastgelegd: {_day(datum)}. "
        f"De stukken worden bewaard tot en met {_day(keep_until(datum))}."
    )
    return 0
