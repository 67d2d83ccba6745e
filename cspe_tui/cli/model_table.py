"""`cspe model sjabloon|van-tabel|naar-tabel|pdf`: correctiemodellen without writing JSON by hand."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cspe_tui.domain.wording import count
from cspe_tui.cli.model import read_model_file
from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.model_sheet import example_model, model_json_text, model_rows
from cspe_tui.domain.model_table import read_model
from cspe_tui.domain.validation import check_model_bytes
from cspe_tui.exports.formatting import write_atomic


def add_subcommands(model_sub: argparse._SubParsersAction) -> None:
    """Subcommands of `cspe model` only: not named `register`, so the top level does not discover them."""
    sjabloon = model_sub.add_parser(
        "sjabloon",
        help="schrijf een invulsjabloon (.xlsx, .ods of .csv) voor een correctiemodel",
        description="Schrijf een sjabloon met een kort ingevuld voorbeeld en de regels (blad Uitleg of #-regels).",
    )
    sjabloon.add_argument("file", metavar="BESTAND", help="naam op .xlsx, .ods of .csv")
    sjabloon.set_defaults(func=run_sjabloon)
    van = model_sub.add_parser(
        "van-tabel",
        help="maak een correctiemodel (JSON) van een ingevuld sjabloon",
        description=(
            "Leest .xlsx, .xlsm, .xls, .ods of .csv, controleert alle regels van 'cspe model check' en noemt elk "
            "probleem met blad, rij en kolom. Schrijft het JSON-bestand alleen als alles klopt."
        ),
    )
    van.add_argument("file", metavar="BESTAND")
    van.add_argument("--uit", metavar="MODEL.json", help="waar het model komt (standaard: naast BESTAND, op .json)")
    van.set_defaults(func=run_van_tabel)
    naar = model_sub.add_parser("naar-tabel", help="zet een correctiemodel (JSON) om in een tabel om te bewerken")
    naar.add_argument("model", metavar="MODEL.json")
    naar.add_argument("file", metavar="BESTAND", help="naam op .xlsx, .ods of .csv")
    naar.set_defaults(func=run_naar_tabel)
    pdf = model_sub.add_parser(
        "pdf",
        help="het blanco beoordelingsmodel als PDF, om naast het correctievoorschrift te controleren",
    )
    pdf.add_argument("model", metavar="MODEL.json")
    pdf.add_argument("--uit", metavar="BESTAND.pdf", help="standaard: naast het model, op -blanco.pdf")
    pdf.set_defaults(func=run_pdf)


def criteria(model: Correctiemodel) -> str:
    return count(len(model.criteria), "criterium", "criteria")


def _load_json_model(name: str) -> Correctiemodel | None:
    content = read_model_file(Path(name))
    if isinstance(content, str):
        print(f"{name}: $: {content}", file=sys.stderr)
        return None
    result = check_model_bytes(content)
    if result.model is None:
        for problem in result.problems:
            print(problem.render(name), file=sys.stderr)
        return None
    return result.model


def _refuse_existing(name: str) -> bool:
    """A spreadsheet holds a teacher's work: never write over one."""
    if Path(name).exists():
        print(f"{name}: bestaat al; kies een andere naam (er is niets overschreven)", file=sys.stderr)
        return True
    return False


def run_sjabloon(args: argparse.Namespace) -> int:
    from cspe_tui.exports.spreadsheet import TableFileError, write_sheets  # openpyxl: only when a table is read or written

    if _refuse_existing(args.file):
        return 1
    try:
        write_sheets(Path(args.file), model_rows(example_model()))
    except TableFileError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.file}: sjabloon geschreven. Vervang het voorbeeld door het correctievoorschrift en zet het om met "
          f"'cspe model van-tabel {args.file}'.")
    return 0


def run_van_tabel(args: argparse.Namespace) -> int:
    from cspe_tui.exports.spreadsheet import TableFileError, read_sheets  # openpyxl: only when a table is read or written

    source = Path(args.file)
    try:
        sheets = read_sheets(source)
    except TableFileError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    result = read_model(sheets)
    if result.model is None:
        for problem in result.problems:
            print(problem.render(args.file))
        print(f"{count(len(result.problems), 'probleem', 'problemen')}; er is niets geschreven.", file=sys.stderr)
        return 1
    target = Path(args.uit) if args.uit else source.with_suffix(".json")
    if target.resolve() == source.resolve():
        print(f"{target}: dit is het bronbestand; kies met --uit een andere naam", file=sys.stderr)
        return 1
    try:
        write_atomic(target, model_json_text(result.model).encode("utf-8"))
    except OSError as exc:
        print(f"{target}: kan niet schrijven ({exc.strerror})", file=sys.stderr)
        return 1
    model = result.model
    print(f"{target}: OK {model.key.label()}, {criteria(model)}, maximumscore {model.max_score}")
    return 0


def run_naar_tabel(args: argparse.Namespace) -> int:
    from cspe_tui.exports.spreadsheet import TableFileError, write_sheets  # openpyxl: only when a table is read or written

    model = _load_json_model(args.model)
    if model is None or _refuse_existing(args.file):
        return 1
    try:
        write_sheets(Path(args.file), model_rows(model))
    except TableFileError as exc:
        print(f"{args.file}: {exc}", file=sys.stderr)
        return 1
    print(f"{args.file}: {model.key.label()} geschreven ({criteria(model)})")
    return 0


def run_pdf(args: argparse.Namespace) -> int:
    from cspe_tui.exports.blank_model_pdf import unprintable_places, write_blank_model_pdf  # fpdf: ~0.5 s

    model = _load_json_model(args.model)
    if model is None:
        return 1
    source = Path(args.model)
    target = Path(args.uit) if args.uit else source.with_name(f"{source.stem}-blanco.pdf")
    try:
        write_blank_model_pdf(model, target)
    except OSError as exc:
        print(f"{target}: kan niet schrijven ({exc.strerror or exc})", file=sys.stderr)
        return 1
    print(f"{target}: blanco beoordelingsmodel {model.key.label()} geschreven")
    places = unprintable_places(model)
    if places:
        print(
            f"Let op: {len(places)} {'tekst bevat' if len(places) == 1 else 'teksten bevatten'} tekens die het "
            "lettertype van de PDF niet heeft; de PDF toont ze als [U+...], het model zelf houdt ze:",
            file=sys.stderr,
        )
        for place in places:
            print(f"  {place}", file=sys.stderr)
    return 0
