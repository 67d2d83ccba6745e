"""`cspe archief`: the archive a school keeps of a closed group, its check, and how long to keep it.

    cspe archief GROEP [--uit MAP]                     make the archive (a folder) of a closed group
    cspe archief controleer MAP                        check an archive with nothing but the archive
    cspe archief lijst                                 per group: archived? kept until when?
    cspe archief uitslag PROFIELVAK LEERWEG JAAR --datum DD-MM-JJJJ   (examensecretaris)
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path

from cspe_tui.cli.common import EXIT_REFUSED, add_als_argument, open_store_from_args, os_reason
from cspe_tui.domain.wording import count
from cspe_tui.store import StoreError

USAGE = (
    "cspe archief GROEP [--uit MAP]\n"
    "       cspe archief controleer MAP\n"
    "       cspe archief lijst\n"
    "       cspe archief uitslag PROFIELVAK LEERWEG JAAR --datum DD-MM-JJJJ"
)


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "archief",
        help="archief van een gesloten groep maken of controleren; bewaartermijnen",
        usage=USAGE,
        description=(
            "Maak van een gesloten groep een archief dat op zichzelf staat: het beoordelingsmodel (PDF/A), "
            "de scorelijst, het logboek, de controle, het correctiemodel, meldingen, aanvullingen, "
            "ondersteuning, de foto's en een manifest met de SHA-256 van elk bestand. "
            "'controleer MAP' controleert een archief met alleen het archief zelf. 'lijst' toont per groep of "
            "er een archief is en tot wanneer de stukken bewaard moeten worden (uitslag plus zes maanden). "
            "'uitslag' legt de datum van de uitslag van een cspe vast (examensecretaris). "
            "cspe verwijdert nooit zelf iets."
        ),
    )
    parser.add_argument("words", nargs="+", metavar="GROEP | controleer MAP | lijst | uitslag ...")
    parser.add_argument("--uit", metavar="MAP", default=".", help="waar de archiefmap komt (standaard: hier)")
    parser.add_argument("--datum", metavar="DD-MM-JJJJ", help="bij 'uitslag': de datum van de uitslag")
    add_als_argument(parser)
    parser.set_defaults(func=run_archief)


def _error(message: str) -> int:
    print(message, file=sys.stderr)
    return EXIT_REFUSED


def run_archief(args: argparse.Namespace) -> int:
    words = args.words
    if words[0] == "controleer":
        if len(words) != 2:
            return _error("Gebruik: cspe archief controleer MAP")
        return run_check(Path(words[1]))
    if words[0] == "lijst":
        if len(words) != 1:
            return _error("Gebruik: cspe archief lijst")
        from cspe_tui.cli._archief_lijst import run_list

        return run_list(args)
    if words[0] == "uitslag":
        from cspe_tui.cli._archief_lijst import run_uitslag

        return run_uitslag(args, words[1:])
    if len(words) != 1:
        return _error(f"Gebruik: {USAGE.splitlines()[0]}")
    return run_make(args, words[0])


def run_make(args: argparse.Namespace, group_id: str) -> int:
    out = Path(args.uit)
    from cspe_tui.archive.make import make_archive

    try:
        store = open_store_from_args(args)
        folder, digest = make_archive(store, group_id, out)
    except StoreError as exc:
        return _error(str(exc))
    except FileExistsError as exc:
        return _error(f"{exc.args[0]} bestaat al en is niet leeg; kies met --uit een andere map.")
    except OSError as exc:
        return _error(f"Kan het archief niet schrijven in {out}: {os_reason(exc, out)}.")
    print(folder)
    print(f"Manifest (SHA-256): {digest}")
    print(f"Controleer het met: cspe archief controleer {folder}")
    return 0


def run_check(folder: Path) -> int:
    from cspe_tui.archive.check import check_archive
    from cspe_tui.domain.clock import format_moment

    result = check_archive(folder)
    manifest, state = result.manifest, result.state
    if not result.ok:
        print(f"Het archief {folder} klopt niet ({count(len(result.problems), 'probleem', 'problemen')}):")
        for problem in result.problems:
            print(f"- {problem}")
        return EXIT_REFUSED
    assert manifest is not None and state is not None
    print(f"Het archief {folder} klopt.")
    print(f"Groep {manifest.groep} ({manifest.examen}), {count(result.files, 'bestand', 'bestanden')}: elke SHA-256 klopt.")
    print(f"Het logboek is een ongebroken hashketen en komt uit op het zegel {manifest.zegel}.")
    print("De scores in de scorelijst (CSV) en het beoordelingsmodel (PDF) zijn die van het logboek.")
    made = format_moment(manifest.gemaakt_op, manifest.tijdzone)
    print(f"Gemaakt door {manifest.gemaakt_door} op {made} met {manifest.programma}.")
    return 0


def parse_date(text: str) -> date | None:
    """DD-MM-JJJJ as the Netherlands writes it, or JJJJ-MM-DD."""
    for form in ("%d-%m-%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text.strip(), form).date()
        except ValueError:
            continue
    return None


__all__ = ["parse_date", "register"]
