"""`cspe kandidaat ondersteuning` and `cspe kandidaat foto`: a candidate's faciliteiten and product photos.

Both examinators see the ondersteuning on the scoring screen and it is printed in the PDF.
Photos (domain rule 5) are stripped of personal metadata, stored by their hash and logged.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cspe_tui.cli.common import EXIT_OK, EXIT_REFUSED, add_als_argument, open_store_from_args, store_errors
from cspe_tui.store.photo_files import add_photo_files, describe


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("kandidaat", help="gegevens van een kandidaat in een groep: ondersteuning, foto's")
    commands = parser.add_subparsers(dest="kandidaat_command", metavar="OPDRACHT", required=True)
    ondersteuning = commands.add_parser(
        "ondersteuning",
        help="leg extra faciliteiten vast (verlengde tijd, aangepaste opdracht, toelichting)",
        description="Leg de ondersteuning van een kandidaat vast; zonder vlaggen en tekst wordt ze weggehaald. "
        "Kan ook nadat er is gescoord, niet meer na het sluiten.",
    )
    ondersteuning.add_argument("group_id", metavar="GROEP")
    ondersteuning.add_argument("examennummer", metavar="NR", help="het examennummer van de kandidaat")
    ondersteuning.add_argument("--verlengde-tijd", action="store_true", help="de kandidaat krijgt verlengde tijd")
    ondersteuning.add_argument(
        "--aangepaste-opdracht", action="store_true", help="de kandidaat maakt een aangepaste opdracht"
    )
    ondersteuning.add_argument("--tekst", default="", help="toelichting, bijvoorbeeld '30 minuten extra'")
    add_als_argument(ondersteuning)
    ondersteuning.set_defaults(func=run_ondersteuning)
    foto = commands.add_parser(
        "foto",
        help="voeg foto's van de producten van een kandidaat toe",
        description="Voeg foto's van de producten van een kandidaat toe: bestanden, of een map waarin de foto's "
        "met het examennummer beginnen (1004-taart.jpg). Locatie en andere persoonlijke gegevens worden uit de "
        "foto gehaald, grote foto's verkleind; elke foto komt met zijn SHA-256 in het logboek. Kan tot het "
        "sluiten; daarna alleen door de examensecretaris, als aanvulling.",
    )
    foto.add_argument("group_id", metavar="GROEP")
    foto.add_argument("examennummer", metavar="NR", help="het examennummer van de kandidaat")
    foto.add_argument("paths", metavar="FOTO", nargs="+", type=Path, help="een foto (JPEG, PNG, ...) of een map")
    add_als_argument(foto)
    foto.set_defaults(func=run_foto)


def run_ondersteuning(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        note = store.set_ondersteuning(
            args.group_id,
            args.examennummer,
            verlengde_tijd=args.verlengde_tijd,
            aangepaste_opdracht=args.aangepaste_opdracht,
            tekst=args.tekst,
        )
    if note is None:
        print(f"Kandidaat {args.examennummer} in groep {args.group_id} heeft geen ondersteuning (meer).")
    else:
        print(f"Ondersteuning van kandidaat {args.examennummer} in groep {args.group_id}: {note.summary()}.")
    return 0


def run_foto(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        outcomes = add_photo_files(store, args.group_id, args.examennummer, args.paths)
    for outcome in outcomes:
        print(describe(outcome), file=sys.stderr if outcome.problem else sys.stdout)
    added = sum(1 for o in outcomes if o.added)
    refused = sum(1 for o in outcomes if o.problem)
    with store_errors():
        total = len(store.load_group(args.group_id).photos_of(args.examennummer))
    print(
        f"Kandidaat {args.examennummer} in groep {args.group_id}: {_fotos(added)} toegevoegd"
        + (f", {_fotos(refused)} geweigerd" if refused else "")
        + f"; nu {_fotos(total)}."
    )
    return EXIT_REFUSED if refused else EXIT_OK


def _fotos(n: int) -> str:
    return f"{n} foto" if n == 1 else f"{n} foto's"
