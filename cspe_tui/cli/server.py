"""`cspe server init`: set up the shared data folder on a school server in one command.

The system administrator (root) or a member of the exam group runs it. Running it again is
safe: it updates the settings and repairs modes. The folder's own set-up and checks are in
server_folder.py, the service's in service/setup.py; `cspe server run` and `status` in server_run.py.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import sys
from pathlib import Path

from cspe_tui.cli.common import DATA_ENV, EXIT_STORE_ERROR, SERVER_DATA_DIR
from cspe_tui.cli.server_folder import (
    SETTING_FIELDS,
    InitRefused,
    Report,
    apply_settings,
    check_parents,
    check_runner,
    ensure_folder,
    members,
    repair_modes,
    secretaris_logins,
    umask_warning,
    unix_group,
)
from cspe_tui.cli.server_run import register_service
from cspe_tui.service.exports import default_exports_dir
from cspe_tui.service.protocol import DEFAULT_SOCKET
from cspe_tui.service.setup import SERVICE_USER, UNIT_DIR, Plan, SetupRefused, set_up_service
from cspe_tui.store import DataFolder, Settings, StoreError
from cspe_tui.store.fs import DIR_MODE
from cspe_tui.web.setup import add_init_arguments as add_web_arguments, set_up_web, web_plan


def register(sub: argparse._SubParsersAction) -> None:
    server = sub.add_parser("server", help="de gedeelde gegevensmap op een schoolserver inrichten")
    server_sub = server.add_subparsers(dest="server_command", metavar="OPDRACHT", required=True)
    init = server_sub.add_parser(
        "init",
        help="richt de gegevensmap in (systeembeheerder)",
        description=(
            "Maak de gedeelde gegevensmap voor alle examinatoren: eigendom van de Unix-groep, setgid, "
            "geen toegang voor anderen, met de instellingen van de school. Voer uit als root of als lid "
            "van de groep. Nog een keer uitvoeren werkt de instellingen bij en herstelt de rechten."
        ),
    )
    # Own dest: a subparser's default would overwrite `cspe --data MAP server init`.
    init.add_argument("--data", dest="init_data", metavar="MAP", help=f"de gegevensmap (standaard ${DATA_ENV}, anders {SERVER_DATA_DIR})")
    init.add_argument("--groep", required=True, metavar="GROEP", help="de Unix-groep van de examinatoren, bijvoorbeeld cspe")
    init.add_argument("--school", help="naam van de school")
    init.add_argument("--brin", help="BRIN-nummer van de school")
    init.add_argument("--telefoon", help="telefoonnummer voor het Examenloket")
    init.add_argument("--contactpersoon", help="contactpersoon voor het Examenloket")
    init.add_argument(
        "--secretaris",
        action="append",
        metavar="LOGIN",
        help="login van een examensecretaris (herhaal voor meer); vervangt de lijst in de instellingen",
    )
    init.add_argument(
        "--zonder-dienst",
        action="store_true",
        help="geen cspe-dienst: een gedeelde groepsmap (2770) waarin elk lid zelf schrijft; minder veilig",
    )
    init.add_argument("--socket", dest="init_socket", metavar="PAD", help=f"socket van de dienst (standaard {DEFAULT_SOCKET})")
    init.add_argument("--exports", dest="init_exports", metavar="MAP", help="map voor de officiële exports (standaard MAP-exports naast de gegevensmap)")
    init.add_argument("--dienstgebruiker", default=SERVICE_USER, metavar="LOGIN", help=f"systeemgebruiker van de dienst (standaard {SERVICE_USER})")
    init.add_argument("--unit-map", default=str(UNIT_DIR), metavar="MAP", help=f"waar de systemd-unit komt (standaard {UNIT_DIR})")
    add_web_arguments(init)
    init.set_defaults(func=run_init)
    register_service(server_sub)


def init_dir(args: argparse.Namespace) -> Path:
    """--data (before or after `server init`), else $CSPE_DATA, else /srv/cspe; never a per-user folder."""
    given = getattr(args, "init_data", None) or getattr(args, "data", None) or os.environ.get(DATA_ENV)
    return Path(given).expanduser().absolute() if given else SERVER_DATA_DIR



def describe(path: Path, group: grp.struct_group, settings: Settings, fresh: bool, service: str | None) -> tuple[list[str], list[str]]:
    """The folder as it is now, and what to do next."""
    people = ", ".join(members(group)) or "nog niemand"
    secretarissen = ", ".join(settings.examensecretarissen) or "niemand"
    data_arg = "" if path == SERVER_DATA_DIR else f" --data {path}"
    how = (
        f"alleen van de cspe-dienst ({service}); de examinatoren werken via de dienst" if service else
        f"groep '{group.gr_name}', rechten {DIR_MODE:o} (groep lezen en schrijven, setgid, anderen niets)"
    )
    return [
        f"Gegevensmap {path} {'aangemaakt' if fresh else 'bestond al'}: {how}.",
        f"Leden van groep '{group.gr_name}': {people}.",
        f"School: {settings.school or '(leeg)'}, BRIN: {settings.brin or '(leeg)'}, telefoon: "
        f"{settings.telefoon or '(leeg)'}, contactpersoon: {settings.contactpersoon or '(leeg)'}.",
        f"{'Examensecretaris' if len(settings.examensecretarissen) == 1 else 'Examensecretarissen'}: {secretarissen}.",
    ], [
        "Volgende stappen voor de examensecretaris:",
        f"  cspe{data_arg} model import BESTAND.json ...",
        f"  cspe{data_arg} groep nieuw --model MODEL --kandidaten KANDIDATEN.csv --examinator LOGIN --tweede LOGIN",
        f"Examinatoren starten de app met: cspe{data_arg}",
    ]


def service_plan(args: argparse.Namespace, path: Path, group: grp.struct_group) -> Plan:
    return Plan(
        data=path,
        socket=Path(args.init_socket or DEFAULT_SOCKET).absolute(),
        exports=Path(args.init_exports).absolute() if args.init_exports else default_exports_dir(path),
        group=group,
        user=args.dienstgebruiker,
        unit_dir=Path(args.unit_map),
    )


def owned_by_service(path: Path, user: str) -> bool:
    try:
        return os.stat(path).st_uid == pwd.getpwnam(user).pw_uid
    except (OSError, KeyError):
        return False


def prepare_folder(args: argparse.Namespace, path: Path, group: grp.struct_group, report: Report) -> tuple[Settings, bool]:
    """Today's folder set-up (settings, modes); on a folder the service already owns only when it is stopped."""
    fresh_settings = not (path / "settings.json").exists()
    secretarissen = secretaris_logins(args, group, fresh_settings, report)
    if not args.zonder_dienst and owned_by_service(path, args.dienstgebruiker):
        given = secretarissen is not None or any(getattr(args, name) is not None for name in SETTING_FIELDS)
        if given and service_answers(Path(args.init_socket or DEFAULT_SOCKET)):
            raise InitRefused(
                "De cspe-dienst draait op deze gegevensmap; stop hem eerst (systemctl stop cspe) om de "
                "instellingen hier te veranderen, of laat de examensecretaris ze in de app wijzigen."
            )
        if not given:
            return DataFolder(path=path, writable=False).read_settings(), False
    fresh = ensure_folder(path, group, report, shared=args.zonder_dienst)
    settings = apply_settings(path, args, secretarissen, report)
    if args.zonder_dienst:
        repair_modes(path, group, report)
    return settings, fresh


def service_answers(path: Path) -> bool:
    import socket

    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as probe:
        probe.settimeout(2.0)
        try:
            probe.connect(str(path))
        except OSError:
            return False
    return True


def run_init(args: argparse.Namespace) -> int:
    path = init_dir(args)
    report = Report()
    service_steps: list[str] = []
    try:
        group = unix_group(args.groep)
        check_runner(group, args.zonder_dienst)
        if args.web and args.zonder_dienst:
            raise InitRefused("--web werkt alleen met de cspe-dienst: de browser-sessies gaan altijd via de dienst.")
        check_parents(path, group)
        settings, fresh = prepare_folder(args, path, group, report)
        if not args.zonder_dienst:
            plan = service_plan(args, path, group)
            web = web_plan(args, group.gr_name, plan.socket, plan.unit_dir) if args.web else None
            done, warnings, service_steps = set_up_service(plan)
            report.done += done
            report.warnings += warnings
            if web is not None:
                done, web_steps = set_up_web(web)
                report.done += done
                service_steps += web_steps
    except (InitRefused, SetupRefused, StoreError) as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    except OSError as exc:
        print(f"Inrichten mislukt: {exc.filename or path}: {exc.strerror or exc}.", file=sys.stderr)
        return EXIT_STORE_ERROR
    if args.zonder_dienst:
        report.warnings += [w for w in [umask_warning()] if w] + [
            "Let op: zonder dienst schrijft elk lid van de groep zelf in de gegevensmap; wie een shell op de "
            "server heeft, kan dan het dossier buiten de app om veranderen."
        ]
    summary, next_steps = describe(path, group, settings, fresh, None if args.zonder_dienst else args.dienstgebruiker)
    for line in summary + report.done + service_steps + next_steps:
        print(line)
    for line in report.warnings:
        print(line, file=sys.stderr)
    return 0
