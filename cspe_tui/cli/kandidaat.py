"""`cspe kandidaat ondersteuning`: the extra faciliteiten of a candidate in one group (examensecretaris).

Both examinators see the note on the scoring screen and it is printed in the PDF.
"""

from __future__ import annotations

import argparse

from cspe_tui.cli.common import add_als_argument, open_store_from_args, store_errors


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("kandidaat", help="gegevens van een kandidaat in een groep (examensecretaris)")
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
