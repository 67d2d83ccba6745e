"""The `cspe` command. Each sibling module adds its own subcommands via `register`.

Modules are discovered, so a new command is one new file and no shared edit.
Exit codes: 0 done, 1 refused (a Dutch message that names the place), 2 internal
error (one Dutch line and the file that holds the details; never a bare traceback).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from cspe_tui import __version__
from cspe_tui.cli._dutch import install as install_dutch_messages
from cspe_tui.cli.common import (
    EXIT_INTERNAL,
    EXIT_OK,
    EXIT_REFUSED,
    ArgumentRefused,
    decode_arguments,
    internal_error,
    safe_output_streams,
)


def build_parser() -> argparse.ArgumentParser:
    install_dutch_messages()
    parser = argparse.ArgumentParser(
        prog="cspe",
        description="Beoordeel het cspe van een vmbo-profielvak in de terminal.",
    )
    parser.add_argument(
        "--version", action="version", version=f"cspe-tui {__version__}", help="toon het versienummer en stop"
    )
    parser.add_argument(
        "--data",
        metavar="MAP",
        help="de gegevensmap (standaard: $CSPE_DATA, anders /srv/cspe als die bestaat, anders een map per gebruiker)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="gebruik de demomap van 'cspe demo' (bijvoorbeeld: cspe --demo log GROEP)",
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


def _exit_code(exc: SystemExit) -> int:
    """argparse stops with 2 on a bad argument; to a script that is a refusal (1), not a crash."""
    if exc.code is None or exc.code == 0:
        return EXIT_OK
    if isinstance(exc.code, int):
        return EXIT_REFUSED if exc.code in (EXIT_REFUSED, 2) else exc.code
    print(exc.code, file=sys.stderr)
    return EXIT_REFUSED


def main(argv: Sequence[str | bytes] | None = None) -> int:
    """Run one `cspe` command; returns the exit code and never lets an exception out."""
    safe_output_streams()
    raw = sys.argv[1:] if argv is None else list(argv)
    try:
        try:
            arguments = decode_arguments(raw)
        except ArgumentRefused as exc:
            print(f"cspe: {exc}", file=sys.stderr)
            return EXIT_REFUSED
        try:
            args = build_parser().parse_args(arguments)
        except SystemExit as exc:
            return _exit_code(exc)
        args.argv = arguments
        func = getattr(args, "func", None)
        if func is None:
            from cspe_tui.cli.start import run_app

            func = run_app
        try:
            return int(func(args) or 0)
        except SystemExit as exc:
            return _exit_code(exc)
    except KeyboardInterrupt:
        print("Afgebroken.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # `cspe log GROEP | head`: the reader stopped; that is not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception:
        return internal_error(raw)


__all__ = ["EXIT_INTERNAL", "EXIT_OK", "EXIT_REFUSED", "build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
