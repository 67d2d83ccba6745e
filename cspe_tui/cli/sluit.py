"""`cspe verklaar GROEP` and `cspe sluit GROEP`: the same closing rules as the app, from a shell.

Closing is final, so `sluit` lists what blocks it and, when nothing does, asks the
user to type the group's name before it seals the group and writes the records.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cspe_tui.domain.wording import count
from cspe_tui.cli.common import EXIT_STORE_ERROR, add_als_argument, open_store_from_args, os_reason
from cspe_tui.domain.closing import closing_blockers
from cspe_tui.domain.group import GroupState
from cspe_tui.domain.text import visible
from cspe_tui.store import RecordStore, StoreError

DECLARATION = "Ik verklaar dat ik de kandidaten van deze groep volgens het correctievoorschrift heb beoordeeld."


def register(sub: argparse._SubParsersAction) -> None:
    verklaar = sub.add_parser("verklaar", help="verklaar dat je volgens het correctievoorschrift hebt beoordeeld")
    verklaar.add_argument("group_id", metavar="GROEP")
    verklaar.add_argument("--ja", action="store_true", help="niet vragen: ik verklaar het")
    add_als_argument(verklaar)
    verklaar.set_defaults(func=run_verklaar)

    sluit = sub.add_parser("sluit", help="sluit een groep definitief en maak PDF en CSV")
    sluit.add_argument("group_id", metavar="GROEP")
    sluit.add_argument("--ja", action="store_true", help="niet vragen: sluit definitief")
    add_als_argument(sluit)
    sluit.set_defaults(func=run_sluit)


def _confirmed(prompt: str, expected: str, assume_yes: bool) -> bool:
    if assume_yes:
        return True
    if not sys.stdin.isatty():
        print("Geen bevestiging mogelijk zonder terminal; gebruik --ja als je het zeker weet.", file=sys.stderr)
        return False
    answer = input(prompt).strip()
    return answer == expected


def run_verklaar(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    try:
        state = store.load_group(args.group_id)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    if state.closed:
        print(f"Groep {args.group_id} is gesloten; er valt niets meer te verklaren.", file=sys.stderr)
        return 1
    if state.role_of(store.user) is None:
        print(
            f"Je ({store.user}) bent geen examinator of tweede examinator in groep {args.group_id}; "
            "alleen zij leggen de verklaring af.",
            file=sys.stderr,
        )
        return 1
    print(DECLARATION)
    if not _confirmed("Typ ja om te verklaren: ", "ja", args.ja):
        print("Niet verklaard.", file=sys.stderr)
        return 1
    try:
        verklaring = store.declare(args.group_id)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    print(f"Verklaard als {verklaring.role.label} ({verklaring.login}).")
    return 0


def run_sluit(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    try:
        state = store.load_group(args.group_id)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    if state.closed:
        print(f"Groep {args.group_id} is al gesloten (zegel {state.sluiting.seal}).", file=sys.stderr)
        return 1
    blockers = closing_blockers(state)
    if blockers:
        print(f"Groep {args.group_id} kan nog niet sluiten ({count(len(blockers), 'punt', 'punten')}):")
        for blocker in blockers:
            print(f"- {visible(blocker.text, limit=None)}")
        return 1
    print("Sluiten kan niet ongedaan worden gemaakt: daarna verandert niemand nog iets aan deze groep.")
    if not _confirmed(f"Typ de naam van de groep ({args.group_id}) om definitief te sluiten: ", args.group_id, args.ja):
        print("Niet gesloten.", file=sys.stderr)
        return 1
    try:
        sluiting = store.close(args.group_id)
        state = store.export_state(args.group_id)
    except StoreError as exc:
        print(str(exc), file=sys.stderr)
        return EXIT_STORE_ERROR
    print(f"Gesloten. Zegel: {sluiting.seal}")
    return _write_records(store, state)


def _official_records(store: RecordStore, service_folder: Path, group_id: str) -> int:
    """Through the service: it wrote the official records where the group can read them; say where."""
    folder = service_folder / group_id
    try:
        names = sorted(store.official_exports(group_id))
    except StoreError as exc:
        print(f"De groep is gesloten, maar de officiële exports zijn niet te lezen: {exc}", file=sys.stderr)
        return EXIT_STORE_ERROR
    if not names:
        print(f"De groep is gesloten, maar de cspe-dienst heeft geen officiële exports in {folder} gemaakt; "
              f"vraag de systeembeheerder in het logboek van de dienst te kijken.", file=sys.stderr)
        return EXIT_STORE_ERROR
    print(f"De officiële exports staan in {folder}:")
    for name in names:
        print(folder / name)
    return 0


def _write_records(store: RecordStore, state: GroupState) -> int:
    if store.official_exports_dir is not None:
        return _official_records(store, store.official_exports_dir, state.info.group_id)
    from cspe_tui.exports.files import write_group_records
    from cspe_tui.exports.school import SchoolInfo
    from cspe_tui.store.photo_files import photo_source

    folder = store.folder.path / "exports" / state.info.group_id
    try:
        folder = store.exports_folder(state.info.group_id)
        written = write_group_records(
            state, SchoolInfo.from_settings(store.settings), folder, photos=photo_source(store, state.info.group_id)
        )
    except OSError as exc:
        print(f"De groep is gesloten, maar de export in {folder} mislukte: {os_reason(exc, folder)}. "
              f"Maak hem opnieuw met: cspe export {state.info.group_id}", file=sys.stderr)
        return 1
    for path in written:
        print(path)
    return 0
