"""`cspe server run` and `cspe server status`: the service itself, and what it is doing."""

from __future__ import annotations

import argparse
import asyncio
import grp
import os
import signal
import sys
from datetime import datetime
from pathlib import Path

from cspe_tui.cli.common import DATA_ENV, EXIT_STORE_ERROR, SERVER_DATA_DIR
from cspe_tui.service.protocol import DEFAULT_SOCKET
from cspe_tui.store import StoreError


def register_service(server_sub: argparse._SubParsersAction) -> None:
    run = server_sub.add_parser(
        "run",
        help="start de cspe-dienst (als de systeemgebruiker cspe; meestal via systemd)",
        description=(
            "De cspe-dienst beheert de gegevensmap: alleen hij leest en schrijft de bestanden. Examinatoren "
            "verbinden via de socket; wie ze zijn, weet de dienst van de kernel, niet uit hun verzoek."
        ),
    )
    run.add_argument("--data", dest="run_data", metavar="MAP", help=f"de gegevensmap (standaard ${DATA_ENV}, anders {SERVER_DATA_DIR})")
    run.add_argument("--socket", dest="run_socket", metavar="PAD", default=str(DEFAULT_SOCKET), help=f"standaard {DEFAULT_SOCKET}")
    run.add_argument("--exports", dest="run_exports", metavar="MAP", help="map voor de officiële exports (standaard MAP-exports)")
    run.add_argument("--groep", dest="run_groep", metavar="GROEP", help="Unix-groep van de examinatoren (voor de socketmap)")
    run.add_argument(
        "--verbindingen-per-gebruiker", dest="run_per_user", type=int, metavar="N",
        help="hoeveel verbindingen één Unix-gebruiker tegelijk open mag hebben (standaard 32)",
    )
    run.set_defaults(func=run_service)

    status = server_sub.add_parser(
        "status",
        help="draait de cspe-dienst, welke map, wie is verbonden",
        description="Vraag de cspe-dienst hoe het gaat: welke gegevensmap hij beheert en wie er verbonden is.",
    )
    status.add_argument("--socket", dest="status_socket", metavar="PAD", help=f"standaard $CSPE_SOCKET, anders {DEFAULT_SOCKET}")
    status.set_defaults(func=run_status)


def _data(args: argparse.Namespace) -> Path:
    given = getattr(args, "run_data", None) or getattr(args, "data", None) or os.environ.get(DATA_ENV)
    return Path(given).expanduser().absolute() if given else SERVER_DATA_DIR


def run_service(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from cspe_tui.service.exports import default_exports_dir
    from cspe_tui.service.limits import Limits
    from cspe_tui.service.server import Service, serve_forever

    data = _data(args)
    gid = None
    if args.run_groep:
        try:
            gid = grp.getgrnam(args.run_groep).gr_gid
        except KeyError:
            print(f"De Unix-groep '{args.run_groep}' bestaat niet op deze server.", file=sys.stderr)
            return EXIT_STORE_ERROR
    exports = Path(args.run_exports).absolute() if args.run_exports else default_exports_dir(data)
    limits = Limits() if not args.run_per_user else replace(Limits(), per_user=args.run_per_user)
    service = Service(data, Path(args.run_socket), exports, gid, limits)

    async def main() -> None:
        loop = asyncio.get_running_loop()
        ready = asyncio.Event()
        task = asyncio.create_task(serve_forever(service, ready))
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, task.cancel)
        waiter = asyncio.create_task(ready.wait())
        await asyncio.wait({task, waiter}, return_when=asyncio.FIRST_COMPLETED)
        if ready.is_set():
            print(f"cspe-dienst (pid {os.getpid()}) beheert {data}; socket {service.socket_path}; exports {exports}.", flush=True)
        else:
            waiter.cancel()
        try:
            await task
        except asyncio.CancelledError:
            pass

    try:
        asyncio.run(main())
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    except OSError as exc:
        print(f"De cspe-dienst kan niet starten: {exc.filename or ''} {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_STORE_ERROR
    return 0


def _when(stamp: float) -> str:
    return datetime.fromtimestamp(stamp).astimezone().strftime("%d-%m-%Y %H:%M:%S")


def run_status(args: argparse.Namespace) -> int:
    from cspe_tui.connect import socket_path
    from cspe_tui.service.client import ServiceClient

    path = socket_path(args.status_socket)
    try:
        client = ServiceClient(path)
        info = client.status()
        client.disconnect()
    except StoreError as exc:
        print(f"De cspe-dienst draait niet of is niet bereikbaar: {exc}", file=sys.stderr)
        if not path.parent.is_dir():
            from cspe_tui.service.health import no_socket_folder

            print(no_socket_folder(path.parent), file=sys.stderr)
        return 1
    print(f"De cspe-dienst draait (pid {info['pid']}, als {info['login']}, sinds {_when(info['since'])}).")
    print(f"Gegevensmap: {info['data']}")
    print(f"Socket: {info['socket']}")
    print(f"Exports: {info['exports']}")
    clients = [c for c in info["clients"] if c["pid"] != os.getpid()]
    if not clients:
        print("Niemand verbonden.")
    else:
        print(f"Verbonden ({len(clients)}):")
        for c in clients:
            groups = f", volgt {', '.join(c['groups'])}" if c["groups"] else ""
            print(f"  {c['login']} (pid {c['pid']}, sinds {_when(c['since'])}{groups})")
    problems = info.get("problems", [])
    for problem in problems:
        print(f"Let op: {problem}")
    return 1 if problems else 0
