"""`cspe cijfer`, `cspe normering` and `cspe cijferlijst`: from scores to cijfers.

`cijfer` needs no data folder, so a school can check the omzettingsregel by hand.
Store refusals, bad input and files that cannot be written exit with 1.
"""

from __future__ import annotations

import argparse
import sys

from cspe_tui.domain.wording import count
from cspe_tui.cli.common import (
    EXIT_STORE_ERROR,
    add_als_argument,
    add_cspe_arguments,
    open_store_from_args,
    write_asked_files,
)
from cspe_tui.domain.normering import (
    Normering,
    NormeringError,
    NormeringKey,
    cijfer,
    format_cijfer,
    parse_lengte,
    parse_nterm,
    parse_score,
)
from cspe_tui.domain.cijfers import Cijferlijst
from cspe_tui.domain.clock import format_moment
from cspe_tui.store import StoreError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cijfer",
        help="reken een score om in een cijfer (omzettingsregel)",
        description="Reken de totaalscore S om in een cijfer met schaallengte L en N-term N.",
    )
    # Strings, not type=int: our own parsers give Dutch messages and accept "1,3".
    p.add_argument("--score", required=True, metavar="S", help="totaalscore over alle onderdelen")
    p.add_argument("--lengte", required=True, metavar="L", help="schaallengte L (geheel getal > 0)")
    p.add_argument("--nterm", required=True, metavar="N", help="N-term, 0,0 tot en met 2,0 (1,3 of 1.3)")
    p.set_defaults(func=run_cijfer)

    normering = sub.add_parser("normering", help="N-term en L per cspe en versie (examensecretaris)")
    normering_sub = normering.add_subparsers(dest="normering_command", metavar="OPDRACHT", required=True)
    zet = normering_sub.add_parser(
        "zet",
        help="leg N-term en L vast voor een cspe en versie, of een herkansingscombinatie",
        description=(
            "Leg de N-term en schaallengte L vast zoals de N-L-tool van het CvTE ze geeft: per cspe en "
            "versie van de 1e afname, en voor de herkansing per combinatie van herkanste onderdelen "
            "(--herkansing). L mag niet kleiner zijn dan de maximumscore van de combinatie of een "
            "behaalde totaalscore. Alleen de examensecretaris."
        ),
    )
    _add_normering_key(zet, "herkanste onderdelen, bv. B of B,C (in de andere versie; of B:blauw)")
    zet.add_argument("--nterm", required=True, metavar="N", help="N-term, 0,0 tot en met 2,0 (1,3 of 1.3)")
    zet.add_argument("--lengte", required=True, metavar="L", help="schaallengte L (geheel getal > 0)")
    add_als_argument(zet)
    zet.set_defaults(func=run_normering_zet)
    trek_in = normering_sub.add_parser(
        "trek-in",
        help="trek een per vergissing vastgelegde normering in (examensecretaris)",
        description=(
            "Trek de N-term en L van een cspe en versie, of van een herkansingscombinatie (--herkansing), in. "
            "Het intrekken komt met de reden in het logboek; de geschiedenis blijft bewaard "
            "(cspe normering lijst --geschiedenis). Alleen de examensecretaris."
        ),
    )
    _add_normering_key(trek_in, "herkanste onderdelen, zoals bij 'normering zet'")
    trek_in.add_argument("--reden", required=True, help="waarom, bijvoorbeeld 'verkeerde versie ingevuld'")
    add_als_argument(trek_in)
    trek_in.set_defaults(func=run_normering_trek_in)
    lijst = normering_sub.add_parser("lijst", help="toon alle vastgelegde N-termen en L")
    lijst.add_argument("--geschiedenis", action="store_true", help="toon ook elke wijziging (wie, wanneer, oud, nieuw)")
    add_als_argument(lijst)
    lijst.set_defaults(func=run_normering_lijst)

    cl = sub.add_parser(
        "cijferlijst",
        help="de cijfers van een cspe, met herkansing (scherm, PDF, CSV)",
        description=(
            "Toon de cijferlijst van een cspe: scores per onderdeel uit gesloten groepen, S, L, N en het "
            "cijfer; na een herkansing beide cijfers en het CE-cijfer. Kandidaten zonder cijfer staan er "
            "met de reden bij."
        ),
    )
    add_cspe_arguments(cl)
    cl.add_argument("--pdf", metavar="BESTAND", help="schrijf de cijferlijst als PDF")
    cl.add_argument("--csv", metavar="BESTAND", help="schrijf de cijferlijst als CSV (Excel, puntkomma's)")
    add_als_argument(cl)
    cl.set_defaults(func=run_cijferlijst)


def run_cijfer(args: argparse.Namespace) -> int:
    try:
        score = parse_score(args.score)
        lengte = parse_lengte(args.lengte)
        nterm = parse_nterm(args.nterm)
        result = cijfer(score, lengte, nterm)
    except NormeringError as exc:
        print(f"Fout: {exc}", file=sys.stderr)
        return 1
    print(f"Cijfer bij S = {score}, L = {lengte}, N = {format_cijfer(nterm)}:")
    print(format_cijfer(result))
    return 0


def run_normering_zet(args: argparse.Namespace) -> int:
    from cspe_tui.store.normering import set_normering

    try:
        store = open_store_from_args(args)
        key = _key_from(args)
        saved = set_normering(store, key, args.nterm, args.lengte)
        zone = store.settings.tijdzone
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    normering = saved.normering
    print(f"Normering vastgelegd voor {key.label()}: {nl_text(normering)}")
    old = saved.replaced
    if old is not None and old.normering != normering:
        print(f"Dit vervangt {nl_text(old.normering)} (vastgelegd door {old.by} op {format_moment(old.at, zone)}).")
    elif old is not None:
        print("Dit was al zo vastgelegd; er is niets veranderd.")
    if saved.warning:
        print(f"Let op: {saved.warning}.", file=sys.stderr)
    return 0


def nl_text(normering: Normering) -> str:
    return f"N = {format_cijfer(normering.nterm)}, L = {normering.lengte}"


def _add_normering_key(parser: argparse.ArgumentParser, herkansing_help: str) -> None:
    """A normering's key as the arguments _key_from reads: the cspe, the versie, and for a herkansing its onderdelen."""
    add_cspe_arguments(parser)
    parser.add_argument("versie", metavar="VERSIE", help="rood of blauw: de versie van de 1e afname")
    parser.add_argument("--herkansing", metavar="ONDERDELEN", help=herkansing_help)


def _key_from(args: argparse.Namespace) -> NormeringKey:
    from cspe_tui.store.normering import VERSIES, normering_key, parse_herkansing

    herkansing = parse_herkansing(args.herkansing, args.versie) if args.versie in VERSIES else ()
    return normering_key(args.profielvak, args.leerweg, args.jaar, args.versie, herkansing)


def run_normering_trek_in(args: argparse.Namespace) -> int:
    from cspe_tui.store.normering import withdraw_normering

    try:
        store = open_store_from_args(args)
        key = _key_from(args)
        old = withdraw_normering(store, key, args.reden)
        zone = store.settings.tijdzone
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    was = f" (was {nl_text(old.normering)}, vastgelegd door {old.by} op {format_moment(old.at, zone)})" if old else ""
    print(f"Normering ingetrokken voor {key.label()}{was}. {key.label()} heeft nu geen N-term en L.")
    return 0


def run_normering_lijst(args: argparse.Namespace) -> int:
    from cspe_tui.store.normering import normering_entries

    try:
        store = open_store_from_args(args)
        entries = normering_entries(store)
        zone = store.settings.tijdzone
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    if not any(args.geschiedenis or not e.withdrawn for e in entries):
        print("Er is nog geen normering vastgelegd.")
        return 0
    width = max(len(e.key.label()) for e in entries)
    for e in entries:
        if e.withdrawn and not args.geschiedenis:
            continue
        by = f"  ({e.by}, {format_moment(e.at, zone)})" if e.by and e.at else ""
        if e.withdrawn:
            print(f"{e.key.label():<{width}}  ingetrokken{by}")
        else:
            print(f"{e.key.label():<{width}}  N = {format_cijfer(e.normering.nterm)}  L = {e.normering.lengte}{by}")
        if args.geschiedenis:
            for h in e.history:
                old = nl_text(h.old) if h.old else "(niets)"
                new = nl_text(h.new) if h.new else f"ingetrokken: {h.reden}"
                print(f"    {format_moment(h.at, zone)}  {h.by}: {old} -> {new}")
    return 0


def needed_lines(lijst: Cijferlijst) -> list[str]:
    """Every combination the list needs, with its maximum; a missing one says how to enter it."""
    lines = []
    for n in lijst.needed:
        maximum = f"maximumscore {n.maximum}" if n.maximum is not None else "maximumscore onbekend"
        if n.normering is not None:
            lines.append(
                f"{n.key.label()}: N = {format_cijfer(n.normering.nterm)}, L = {n.normering.lengte} ({maximum})"
            )
            continue
        retaken = ",".join(letter for letter, _ in n.key.herkansing)
        option = f" --herkansing {retaken}" if retaken else ""
        lengte = str(n.maximum) if n.maximum is not None else "L"
        lines.append(
            f"{n.key.label()}: nog geen N-term en L ({maximum}); cspe normering zet "
            f"{n.key.profielvak} {n.key.leerweg} {n.key.jaar} {n.key.versie}{option} --nterm N --lengte {lengte}"
        )
    return lines


def _text_table(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...]) -> list[str]:
    """Aligned columns; the last one (Opmerking) is left to run on."""
    widths = [max(len(r[i]) for r in (header, *rows)) for i in range(len(header) - 1)]
    lines = []
    for row in (header, *rows):
        cells = [cell.ljust(width) for cell, width in zip(row, widths)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return lines


def run_cijferlijst(args: argparse.Namespace) -> int:
    from cspe_tui.exports.cijferlijst import cijferlijst_table, write_cijferlijst_csv, write_cijferlijst_pdf
    from cspe_tui.exports.school import SchoolInfo
    from cspe_tui.store.normering import load_cijferlijst, parse_cspe

    try:
        store = open_store_from_args(args)
        cspe = parse_cspe(args.profielvak, args.leerweg, args.jaar)
        lijst = load_cijferlijst(store, cspe)
        school = SchoolInfo.from_settings(store.settings)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    if not lijst.candidates:
        print(f"Er zijn geen groepen met kandidaten voor cspe {lijst.label}.", file=sys.stderr)
        return 1
    table = cijferlijst_table(lijst)
    print(f"Cijferlijst cspe {lijst.label}")
    for line in _text_table(table.header, table.rows):
        print(line)
    with_cijfer = sum(1 for c in lijst.candidates if c.definitive is not None)
    print(f"{count(len(lijst.candidates), 'kandidaat', 'kandidaten')}, {with_cijfer} met een cijfer.")
    print("Normering:")
    for line in needed_lines(lijst):
        print(f"  {line}")
    for warning in lijst.warnings:
        print(f"Let op: {warning}", file=sys.stderr)
    return write_asked_files([
        (args.csv, lambda path: write_cijferlijst_csv(lijst, path)),
        (args.pdf, lambda path: write_cijferlijst_pdf(lijst, school, path)),
    ])
