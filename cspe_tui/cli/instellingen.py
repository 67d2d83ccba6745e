"""`cspe instellingen`: the folder's settings, changed through the folder log (examensecretaris).

settings.json is only a checkpoint of the folder log, so editing it by hand changes
nothing; this is how a school sets its details, its tijdzone and its own keys.
"""

from __future__ import annotations

import argparse
import sys

from pydantic import ValidationError

from cspe_tui.cli.common import EXIT_REFUSED, add_als_argument, open_store_from_args
from cspe_tui.domain.clock import UnknownZone, zone
from cspe_tui.domain.validation import first_problem
from cspe_tui.store import Settings, StoreError

TEXT_FIELDS = ("school", "brin", "telefoon", "contactpersoon", "tijdzone")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("instellingen", help="de instellingen van de gegevensmap: school, tijdzone, toetsen")
    commands = parser.add_subparsers(dest="instellingen_command", metavar="OPDRACHT", required=True)
    toon = commands.add_parser("toon", help="toon de instellingen")
    add_als_argument(toon)
    toon.set_defaults(func=run_toon)
    zet = commands.add_parser("zet", help="verander instellingen (examensecretaris); de rest blijft zoals hij is")
    for name in TEXT_FIELDS:
        zet.add_argument(f"--{name}", metavar="TEKST" if name != "tijdzone" else "ZONE")
    zet.add_argument(
        "--toets", action="append", default=[], metavar="ID=TOETSEN",
        help="een andere toets voor een binding, bijvoorbeeld overnemen=g (het id staat in de help, ?); ID= wist hem",
    )
    zet.add_argument(
        "--wolf-minimum", type=int, metavar="AANTAL",
        help="zoveel kandidaten per versie vraagt Wolf; de Wolf-lijst waarschuwt bij minder (standaard 6)",
    )
    add_als_argument(zet)
    zet.set_defaults(func=run_zet)


def _keymap(current: dict[str, str], changes: list[str]) -> dict[str, str] | str:
    keymap = dict(current)
    for change in changes:
        binding, sep, keys = change.partition("=")
        if not sep or not binding.strip():
            return f"--toets {change!r}: schrijf ID=TOETSEN, bijvoorbeeld overnemen=g."
        if keys.strip():
            keymap[binding.strip()] = keys.strip()
        else:
            keymap.pop(binding.strip(), None)
    return keymap


def run_zet(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    try:
        current = store.settings
        keymap = _keymap(current.keymap, args.toets)
        if isinstance(keymap, str):
            print(keymap, file=sys.stderr)
            return EXIT_REFUSED
        updates = {name: getattr(args, name) for name in (*TEXT_FIELDS, "wolf_minimum") if getattr(args, name) is not None}
        try:
            zone(updates.get("tijdzone", current.tijdzone))
        except UnknownZone as exc:
            print(f"Niet opgeslagen: {exc}.", file=sys.stderr)
            return EXIT_REFUSED
        try:
            settings = Settings.model_validate({**current.model_dump(), **updates, "keymap": keymap})
        except ValidationError as exc:
            print(f"Niet opgeslagen: {first_problem(exc)}", file=sys.stderr)
            return EXIT_REFUSED
        if settings == current:
            print("Er verandert niets.")
            return 0
        store.save_settings(settings)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    changed = [name for name in (*TEXT_FIELDS, "keymap", "wolf_minimum") if getattr(settings, name) != getattr(current, name)]
    print(f"Instellingen bijgewerkt ({', '.join(changed)}); vastgelegd in het logboek van de gegevensmap.")
    return 0


def run_toon(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    try:
        settings = store.settings
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_REFUSED
    for name in TEXT_FIELDS:
        print(f"{name}: {getattr(settings, name) or '(leeg)'}")
    print(f"examensecretarissen: {', '.join(settings.examensecretarissen) or '(niemand)'}")
    keys = ", ".join(f"{k}={v}" for k, v in sorted(settings.keymap.items()))
    print(f"toetsen: {keys or '(standaard)'}")
    print(f"wolf_minimum: {settings.wolf_minimum} kandidaten per versie")
    return 0
