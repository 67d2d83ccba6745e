"""`cspe` and `cspe start`: open the app for the user who is logged in."""

from __future__ import annotations

import argparse

from cspe_tui.cli.common import add_als_argument, open_store_from_args
from cspe_tui.store import RecordStore


def register(sub: argparse._SubParsersAction) -> None:
    start = sub.add_parser("start", help="open de app (hetzelfde als cspe zonder opdracht)")
    add_als_argument(start)
    start.set_defaults(func=run_app)


def run_app(args: argparse.Namespace) -> int:
    """The OS login (or --als in a demo folder; the store refuses it elsewhere, in Dutch, exit code 1)."""
    return launch(open_store_from_args(args))


def launch(store: RecordStore) -> int:
    from cspe_tui.ui.app import CspeApp

    CspeApp(store).run()
    return 0
