"""`cspe groep nieuw|lijst|verwijder|vervalt`: what the examensecretaris prepares and puts right.

The same store calls as the app's screens, so a school can script its groups from the
administration's exports. The store decides who may do what (only the examensecretaris
reads in models and creates groups); bad input and store refusals exit with 1, and so
does a group whose candidates already have the onderdeel elsewhere unless `--toch`.
"""

from __future__ import annotations

import argparse
import pwd
import sys
from pathlib import Path

from cspe_tui.domain.wording import count
from cspe_tui.cli.common import EXIT_REFUSED, add_als_argument, find_model_key, open_store_from_args, store_errors
from cspe_tui.domain.group import Candidate, GroupState, Role, Werkwijze
from cspe_tui.store import NeedsConfirmation, RecordStore
from cspe_tui.store.candidates_file import read_candidates_file

EXIT_BAD_INPUT = EXIT_REFUSED


def register(sub: argparse._SubParsersAction) -> None:
    groep = sub.add_parser("groep", help="groepen aanmaken, bekijken, verwijderen of laten vervallen (examensecretaris)")
    groep_sub = groep.add_subparsers(dest="groep_command", metavar="OPDRACHT", required=True)

    nieuw = groep_sub.add_parser(
        "nieuw",
        help="maak een groep: correctiemodel, kandidaten en de twee examinatoren",
        description="Maak een groep uit een ingelezen correctiemodel en een kandidaten-CSV. Alleen de examensecretaris.",
    )
    nieuw.add_argument("--model", required=True, metavar="MODEL", help="het correctiemodel, bijvoorbeeld HBR-kb-2026-rood-A")
    nieuw.add_argument(
        "--kandidaten",
        required=True,
        metavar="CSV",
        help="CSV (UTF-8) met de kolommen examennummer en naam; gezocht hier, dan in de gegevensmap en haar map imports",
    )
    nieuw.add_argument("--examinator", required=True, metavar="LOGIN", help="login van de (eerste) examinator")
    nieuw.add_argument("--tweede", required=True, metavar="LOGIN", help="login van de tweede examinator")
    nieuw.add_argument(
        "--werkwijze",
        choices=[w.value for w in Werkwijze],
        default=Werkwijze.GELIJKTIJDIG.value,
        help="gelijktijdig: beiden scoren en stellen daarna vast; achteraf: de tweede beoordeelt de scores van de eerste",
    )
    nieuw.add_argument("--herkansing", action="store_true", help="de groep is een herkansing")
    nieuw.add_argument(
        "--id", dest="group_id", metavar="GROEP", help="naam van de groep (standaard het model in kleine letters, bv. hbr-kb-2026-rood-a)"
    )
    nieuw.add_argument(
        "--toch",
        action="store_true",
        help="maak de groep ook na een waarschuwing: kandidaten hebben dit onderdeel al in een andere groep "
        "(inhaal, gesplitste klas), of een herkansing komt vóór het afsluiten van de 1e afname",
    )
    add_als_argument(nieuw)
    nieuw.set_defaults(func=run_nieuw)

    lijst = groep_sub.add_parser("lijst", help="toon de groepen waarin je examinator of tweede examinator bent (examensecretaris: alle); andere groepen kun je niet inzien")
    add_als_argument(lijst)
    lijst.set_defaults(func=run_lijst)

    verwijder = groep_sub.add_parser(
        "verwijder",
        help="verwijder een groep waarin nog niets is gedaan (examensecretaris)",
        description="Verwijder een groep waarin nog niets is ingevuld. De groep gaat naar de map verwijderd/ en het "
        "aanmaken blijft in het logboek staan. Een groep met scores laat je vervallen.",
    )
    verwijder.add_argument("group_id", metavar="GROEP")
    add_als_argument(verwijder)
    verwijder.set_defaults(func=run_verwijder)

    vervalt = groep_sub.add_parser(
        "vervalt",
        help="laat een groep met scores vervallen, met een reden (examensecretaris)",
        description="Een vervallen groep blijft bewaard en in het logboek, maar er kan niets meer in worden "
        "veranderd en hij telt niet mee in de cijferlijst.",
    )
    vervalt.add_argument("group_id", metavar="GROEP")
    vervalt.add_argument("--reden", required=True, help="waarom de groep vervalt, bijvoorbeeld 'dubbel aangemaakt'")
    add_als_argument(vervalt)
    vervalt.set_defaults(func=run_vervalt)


def _bad_input(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_BAD_INPUT


def read_candidates(text: str, data: Path) -> list[Candidate] | str:
    """The candidates, or every problem at once in Dutch (line numbers included)."""
    found, result = read_candidates_file(text, data)
    if found is None:
        return result.problems[0]
    if not result.ok:
        return f"{found} is afgekeurd; er is niets aangemaakt:\n" + "\n".join(f"- {p}" for p in result.problems)
    return result.candidates


def unknown_logins(store: RecordStore, logins: list[str]) -> list[str]:
    """Logins with no account here: such an examinator could never open the group. Demo folders have made-up names."""
    if store.settings.demo:
        return []
    missing = []
    for login in logins:
        try:
            pwd.getpwnam(login.strip())
        except KeyError:
            missing.append(login.strip())
    return missing


def run_nieuw(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        key = find_model_key(store, args.model.strip())
        candidates = read_candidates(args.kandidaten, store.folder.path)
        if isinstance(candidates, str):
            return _bad_input(candidates)
        missing = unknown_logins(store, [args.examinator, args.tweede])
        if missing:
            return _bad_input(
                f"Er is geen gebruiker {' of '.join(repr(m) for m in missing)} op deze server; controleer "
                f"{'de login' if len(missing) == 1 else 'de logins'}. "
                "Examinatoren werken met hun eigen login."
            )
        try:
            state = store.create_group(
                key,
                candidates,
                args.examinator,
                args.tweede,
                args.werkwijze,
                herkansing=args.herkansing,
                group_id=args.group_id,
                confirmed=args.toch,
            )
        except NeedsConfirmation as exc:
            print(f"{exc}\nEr is niets aangemaakt. Is het toch de bedoeling (een inhaal, een gesplitste klas, "
                  "een 1e afname op papier)? Geef dan --toch mee.", file=sys.stderr)
            return EXIT_REFUSED
    info = state.info
    print(
        f"Groep {info.group_id} aangemaakt: {info.model_key.label()}, "
        f"{count(len(state.candidates), 'kandidaat', 'kandidaten')}, "
        f"examinator {info.examinator}, tweede examinator {info.tweede}, werkwijze {info.werkwijze.value}"
        + (", herkansing" if info.herkansing else "")
        + "."
    )
    return 0


def status_of(state: GroupState) -> str:
    if state.withdrawn is not None:
        return f"vervallen: {state.withdrawn.reden}"
    return "gesloten" if state.closed else "open"


def run_verwijder(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        store.remove_group(args.group_id)
    print(
        f"Groep {args.group_id} is verwijderd; de map staat in {store.folder.path / 'verwijderd'} en het aanmaken "
        "blijft in het logboek."
    )
    return 0


def run_vervalt(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        withdrawal = store.withdraw_group(args.group_id, args.reden)
    print(
        f"Groep {args.group_id} is vervallen ({withdrawal.reden}). Hij blijft bewaard, er kan niets meer in worden "
        "veranderd en hij telt niet mee in de cijferlijst."
    )
    return 0


def run_lijst(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    rows: list[tuple[str, ...]] = []
    problems: list[str] = []
    with store_errors():
        secretaris = store.is_secretaris
        states, failures = store.load_groups()
        problems += [f"Groep {group_id}: {exc}" for group_id, exc in failures.items()]
        for state in states:
            role = state.role_of(store.user)
            if role is None and not secretaris:
                continue
            info = state.info
            rows.append(
                (
                    info.group_id,
                    info.model_key.slug,
                    info.werkwijze.value + (" herkansing" if info.herkansing else ""),
                    str(len(state.candidates)),
                    info.examinator,
                    info.tweede,
                    role.label if role is not None else Role.SECRETARIS.label,
                    status_of(state),
                )
            )
    if not rows:
        print(
            "Er zijn nog geen groepen." if secretaris else
            f"Je ({store.user}) bent in geen enkele groep examinator of tweede examinator, dus je kunt geen groep inzien."
        )
    else:
        heads = ("groep", "correctiemodel", "werkwijze", "kand.", "examinator", "tweede", "jouw rol", "status")
        widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads)]
        for line in [heads, tuple("-" * w for w in widths), *rows]:
            print("  ".join(cell.ljust(w) for cell, w in zip(line, widths)).rstrip())
    for problem in problems:
        print(problem, file=sys.stderr)
    return EXIT_REFUSED if problems else 0
