"""`cspe aanvulling`: record a CvTE aanvulling on a correctiemodel (examensecretaris).

The store applies it to every open group of that model; closed groups keep the
scores they were sealed with.
"""

from __future__ import annotations

import argparse
import sys

from cspe_tui.cli.common import EXIT_STORE_ERROR, add_als_argument, find_model_key, open_store_from_args
from cspe_tui.store import StoreError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("aanvulling", help="aanvullingen van het CvTE op een correctiemodel")
    commands = parser.add_subparsers(dest="aanvulling_command", metavar="OPDRACHT", required=True)
    zet = commands.add_parser(
        "zet",
        help="leg een aanvulling vast: iedere kandidaat krijgt de maximumscore voor het criterium",
    )
    zet.add_argument("model", metavar="MODEL", help="het correctiemodel, bijvoorbeeld HBR-kb-2026-rood-B")
    zet.add_argument("criterium", metavar="CRITERIUM", help="de criteriumcode, bijvoorbeeld B3.2")
    zet.add_argument("--tekst", required=True, help="de tekst van de aanvulling zoals het CvTE hem publiceerde")
    zet.add_argument("--datum", required=True, help="de datum van de aanvulling, bijvoorbeeld 2026-05-20")
    add_als_argument(zet)
    zet.set_defaults(func=run_zet)
    lijst = commands.add_parser("lijst", help="toon de aanvullingen op een correctiemodel")
    lijst.add_argument("model", metavar="MODEL")
    add_als_argument(lijst)
    lijst.set_defaults(func=run_lijst)


def run_zet(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    try:
        key = find_model_key(store, args.model)
        aanvulling = store.add_aanvulling(key, args.criterium, args.tekst, args.datum)
        max_score = store.model(key).criterium(aanvulling.criterium).max
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    print(
        f"Aanvulling op {key.label()}, {aanvulling.criterium}: iedere kandidaat krijgt {max_score} "
        "punten in de open groepen van dit model; gesloten groepen blijven zoals ze verzegeld zijn."
    )
    return 0


def run_lijst(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    try:
        key = find_model_key(store, args.model)
        aanvullingen = store.aanvullingen(key)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    if not aanvullingen:
        print(f"Geen aanvullingen op {key.label()}.")
    for a in aanvullingen:
        print(f"{a.criterium}  {a.datum}  {a.tekst}  (vastgelegd door {a.recorded_by})")
    return 0
