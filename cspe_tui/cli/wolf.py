"""`cspe wolf PROFIELVAK LEERWEG JAAR`: the scores of the first afname, per versie, to type into Wolf."""

from __future__ import annotations

import argparse
import sys

from cspe_tui.cli.common import (
    EXIT_STORE_ERROR,
    add_als_argument,
    add_cspe_arguments,
    open_store_from_args,
    write_asked_files,
)
from cspe_tui.domain.wording import count
from cspe_tui.store import StoreError


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "wolf",
        help="de scores van de eerste afname per versie, om in Wolf over te typen",
        description=(
            "Per versie (rood, blauw) van de eerste afname, per kandidaat de vastgestelde scores per opdracht "
            "(of met --per-criterium per criterium) in de volgorde van het beoordelingsmodel. Alleen gesloten "
            "groepen; herkansingen en afwezige kandidaten staan er niet in en worden geteld. Wolf heeft geen "
            "importformaat: deze lijst is om met de hand over te typen."
        ),
    )
    add_cspe_arguments(parser)
    parser.add_argument("--per-criterium", action="store_true", help="een kolom per criterium in plaats van per opdracht")
    parser.add_argument("--csv", metavar="BESTAND", help="schrijf de lijst als CSV (Excel, puntkomma's)")
    parser.add_argument("--pdf", metavar="BESTAND", help="schrijf de lijst als PDF")
    add_als_argument(parser)
    parser.set_defaults(func=run_wolf)


def _table(rows: list[list[str]]) -> list[str]:
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    return ["  ".join(cell.rjust(w) if i > 1 else cell.ljust(w) for i, (cell, w) in enumerate(zip(r, widths))).rstrip()
            for r in rows]


def run_wolf(args: argparse.Namespace) -> int:
    from cspe_tui.exports.school import SchoolInfo
    from cspe_tui.exports.wolf import title, versie_rows, write_wolf_csv, write_wolf_pdf

    from cspe_tui.store.wolf import load_wolf_list

    try:
        store = open_store_from_args(args)
        lijst, unusable = load_wolf_list(store, args.profielvak, args.leerweg, args.jaar, args.per_criterium)
        school = SchoolInfo.from_settings(store.settings)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    print(title(lijst))
    for versie in lijst.versies:
        print()
        print(f"Versie {versie.versie} (onderdelen {', '.join(versie.onderdelen)}): "
              f"{count(len(versie.candidates), 'kandidaat', 'kandidaten')}")
        for line in _table(versie_rows(versie)):
            print(line)
    left_out = lijst.left_out()
    if left_out:
        print()
        print("Niet in de lijst: " + "; ".join(left_out) + ".")
    for warning in lijst.warnings():
        print(f"Let op: {warning}", file=sys.stderr)
    if unusable:
        print(f"Let op: niet te gebruiken (onleesbaar of anders dan het logboek): {', '.join(unusable)}; "
              "voer 'cspe verify' uit.", file=sys.stderr)
    return write_asked_files([
        (args.csv, lambda path: write_wolf_csv(lijst, path)),
        (args.pdf, lambda path: write_wolf_pdf(lijst, school, path)),
    ])
