"""`cspe demo`: try the app on bundled demo data, as any of the demo users."""

from __future__ import annotations

import argparse
import shlex
import shutil
import sys
from pathlib import Path

from cspe_tui.cli.common import demo_data_dir
from cspe_tui.demo import DEMO_USERS, EXAMINATOR, create_demo
from cspe_tui.store import StoreError, open_store


def register(sub: argparse._SubParsersAction) -> None:
    demo = sub.add_parser("demo", help="open de app op voorbeeldgegevens")
    demo.add_argument(
        "--als",
        metavar="NAAM",
        default=EXAMINATOR,
        help=f"werk als deze demogebruiker: {', '.join(DEMO_USERS)} (standaard {EXAMINATOR})",
    )
    demo.add_argument("--opnieuw", action="store_true", help="gooi de demomap weg en maak hem opnieuw")
    demo.add_argument("--niet-starten", action="store_true", help="maak alleen de demomap, start de app niet")
    demo.add_argument("--web", action="store_true", help="open de demo in de browser (alleen op deze computer)")
    demo.add_argument("--adres", default="127.0.0.1", metavar="ADRES", help="alleen 127.0.0.1: de demo in de browser is voor deze computer")
    demo.add_argument("--poort", type=int, default=8080, metavar="POORT", help="poort voor --web (standaard 8080)")
    demo.set_defaults(func=run)


def demo_dir(args: argparse.Namespace) -> Path:
    if args.data:
        return Path(args.data)
    return demo_data_dir()


def other_commands_line(args: argparse.Namespace, folder: Path) -> str:
    """How `cspe log`, `cspe verify` and the rest reach this demo folder."""
    option = f"--data {shlex.quote(str(folder))}" if args.data else "--demo"
    return (
        f"Demomap: {folder}  (je werkt als {args.als})\n"
        f"Andere opdrachten op deze map: cspe {option} log GROEP, cspe {option} verify, "
        f"cspe {option} cijferlijst HBR kb 2026"
    )


def run(args: argparse.Namespace) -> int:
    if args.als not in DEMO_USERS:
        print(
            f"'{args.als}' is geen demogebruiker. Kies een van: {', '.join(DEMO_USERS)}.",
            file=sys.stderr,
        )
        return 2
    folder = demo_dir(args)
    if args.opnieuw and folder.exists():
        if not (folder / "settings.json").exists():
            print(f"{folder} is geen demomap; ik gooi hem niet weg.", file=sys.stderr)
            return 1
        shutil.rmtree(folder)
    try:
        if not (folder / "settings.json").exists():
            print(f"Demogegevens maken in {folder} (eenmalig, duurt ongeveer een halve minuut) ...", file=sys.stderr)
            create_demo(folder)
        store = open_store(folder, user=args.als)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return 1
    if args.web:
        from cspe_tui.web.demo import serve_demo

        if not store.settings.demo:
            print(f"{folder} is geen demomap; de demo in de browser opent alleen een demomap.", file=sys.stderr)
            return 1
        return serve_demo(folder, args.adres, args.poort)
    line = other_commands_line(args, folder)
    print(line, file=sys.stderr)
    if args.niet_starten:
        return 0
    from cspe_tui.cli.start import launch

    return launch(store)
