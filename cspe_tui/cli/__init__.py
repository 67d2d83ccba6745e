"""The `cspe` command. Each sibling module adds its own subcommands via `register`.

Modules are discovered, so a new command is one new file and no shared edit.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys

from cspe_tui import __version__
from cspe_tui.cli._dutch import install as install_dutch_messages


def build_parser() -> argparse.ArgumentParser:
    install_dutch_messages()
    parser = argparse.ArgumentParser(
        prog="cspe",
        description="Beoordeel het cspe van een vmbo-profielvak in de terminal.",
    )
    parser.add_argument("--version", action="version", version=f"cspe-tui {__version__}")
    parser.add_argument(
        "--data",
        metavar="MAP",
        help="de gegevensmap (standaard: $CSPE_DATA, anders /srv/cspe als die bestaat, anders een map per gebruiker)",
    )
    sub = parser.add_subparsers(dest="command", metavar="OPDRACHT")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_") or info.name == "common":
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    func = getattr(args, "func", None)
    if func is None:
        from cspe_tui.cli.start import run_app

        return run_app(args)
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `cspe log GROEP | head`: the reader stopped; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
