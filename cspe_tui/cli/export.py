"""`cspe export GROEP` and `cspe meldingen MODEL`: the records and reports as files.

Loading goes through the store; the files themselves come from the pure functions in
`cspe_tui.exports`, the same ones the app uses (imported late: fpdf2 is slow to load
and `cspe --help` should not wait for it).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from cspe_tui.exports.formats import group_formats
from cspe_tui.cli.common import EXIT_STORE_ERROR, add_als_argument, find_model_key, open_store_from_args, os_reason
from cspe_tui.domain.group import GroupState
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.store.fs import make_dirs


def register(sub: argparse._SubParsersAction) -> None:
    export = sub.add_parser(
        "export",
        help="exporteer een groep: beoordelingsmodel (PDF) en scores (CSV)",
        description=(
            "Schrijf het ingevulde beoordelingsmodel van een groep als PDF (groepsoverzicht en per "
            "kandidaat) en/of de vastgestelde scores als CSV voor Excel. Zonder keuze: PDF en CSV."
        ),
    )
    export.add_argument("group_id", metavar="GROEP", help="de groep (zoals in het groepenoverzicht)")
    for fmt in group_formats():
        export.add_argument(f"--{fmt.option}", action="store_true", help=fmt.help)
    export.add_argument(
        "--fotos", action="store_true",
        help="neem de foto's van de producten op in de PDF: een pagina per kandidaat, na de scores",
    )
    export.add_argument("--uit", metavar="MAP", default=".", help="map voor de bestanden (standaard: hier)")
    add_als_argument(export)
    export.set_defaults(func=run_export)

    meldingen = sub.add_parser(
        "meldingen",
        help="meldingen aan het Examenloket over een correctiemodel",
        description=(
            "Alle meldingen over één correctiemodel, met de gegevens die het Examenloket vraagt. "
            "Zonder --pdf of --txt komt de tekst op het scherm (om te plakken in het webformulier); "
            "met alleen --uit worden beide bestanden geschreven."
        ),
    )
    meldingen.add_argument("model", metavar="MODEL", help="het correctiemodel, bijvoorbeeld HBR-kb-2026-rood-B")
    meldingen.add_argument("--pdf", action="store_true", help="schrijf een PDF")
    meldingen.add_argument("--txt", action="store_true", help="schrijf een tekstbestand")
    meldingen.add_argument("--uit", metavar="MAP", help="map voor de bestanden (standaard: hier)")
    add_als_argument(meldingen)
    meldingen.set_defaults(func=run_meldingen)


def _error(message: str) -> None:
    print(message, file=sys.stderr)


def _out_dir(value: str | None) -> Path:
    folder = Path(value or ".")
    make_dirs(folder)
    return folder


def _progress(label: str) -> Callable[[int, int], None]:
    """A one-line counter on a terminal; silent when stderr is a file or a pipe."""
    if not sys.stderr.isatty():
        return lambda done, total: None

    def show(done: int, total: int) -> None:
        end = "\n" if done >= total else ""
        print(f"\r{label}: {done}/{total}", end=end, file=sys.stderr, flush=True)

    return show


def _written_failed(exc: OSError, folder: Path) -> str:
    return f"Kan niet schrijven in {folder}: {os_reason(exc, folder)}."


def run_export(args: argparse.Namespace) -> int:
    from cspe_tui.exports.files import GroupExportFiles
    from cspe_tui.exports.formats import GroupExport
    from cspe_tui.exports.school import SchoolInfo
    from cspe_tui.store.photo_files import photo_source

    chosen = [f for f in group_formats() if getattr(args, f.option.replace("-", "_"))]
    chosen = chosen or [f for f in group_formats() if f.at_closing]
    try:
        store = open_store_from_args(args)
        state = store.export_state(args.group_id)
        school = SchoolInfo.from_settings(store.settings)
    except StoreError as exc:
        _error(str(exc))
        return EXIT_STORE_ERROR
    if not state.closed:
        _error(f"Let op: groep {state.info.group_id} is nog niet gesloten; dit is een tussenstand.")
    written: list[Path] = []
    try:
        folder = _out_dir(args.uit)
    except OSError as exc:
        _error(_written_failed(exc, Path(args.uit)))
        return 1
    files = GroupExportFiles.in_folder(folder, state.info.group_id)
    photos = photo_source(store, state.info.group_id) if args.fotos else None
    if args.fotos and not state.photos:
        _error(f"Groep {state.info.group_id} heeft nog geen foto's; de PDF is zonder foto's.")
    try:
        official = _official(store, state) if any(f.at_closing for f in chosen) else {}
        for fmt in chosen:
            # With --fotos drawn afresh: photos added after closing are not in the official copy.
            copied = None if (args.fotos and fmt.uses_photos) or not fmt.at_closing else _copy(official, fmt.target(files))
            if copied is not None:
                written.append(copied)
                continue
            job = GroupExport(state, school, files, _progress(fmt.title[:1].upper() + fmt.title[1:]), photos, make_dirs)
            written += fmt.write(job)
    except OSError as exc:
        _error(_written_failed(exc, folder))
        return 1
    for path in written:
        print(path)
    return 0


def _official(store: RecordStore, state: GroupState) -> dict[str, bytes]:
    """A closed group's records as the cspe service wrote them at closing (empty without a service)."""
    if not state.closed:
        return {}
    try:
        return store.official_exports(state.info.group_id)
    except StoreError:
        return {}


def _copy(official: dict[str, bytes], path: Path) -> Path | None:
    """Save the service's bytes as the user, where the user asked; None when there are none."""
    data = official.get(path.name)
    if data is None:
        return None
    path.write_bytes(data)
    return path


def run_meldingen(args: argparse.Namespace) -> int:
    from cspe_tui.exports.files import meldingen_files
    from cspe_tui.exports.meldingen import meldingen_text, write_meldingen_pdf, write_meldingen_txt
    from cspe_tui.exports.school import SchoolInfo

    try:
        store = open_store_from_args(args)
        key = find_model_key(store, args.model)
        model = store.model(key)
        meldingen = store.meldingen(key)
        school = SchoolInfo.from_settings(store.settings)
    except StoreError as exc:
        _error(str(exc))
        return EXIT_STORE_ERROR
    missing = [
        label
        for label, value in (
            ("school", school.school),
            ("BRIN", school.brin),
            ("telefoon", school.telefoon),
            ("contactpersoon", school.contactpersoon),
        )
        if not value
    ]
    if missing:
        _error(f"Let op: in de instellingen ontbreekt {', '.join(missing)}; het Examenloket vraagt daarnaar.")
    want_pdf, want_txt = args.pdf, args.txt
    if not (want_pdf or want_txt):
        if args.uit is None:
            sys.stdout.write(meldingen_text(key, meldingen, school, model))
            return 0
        want_pdf = want_txt = True
    try:
        folder = _out_dir(args.uit)
    except OSError as exc:
        _error(_written_failed(exc, Path(args.uit or ".")))
        return 1
    written: list[Path] = []
    txt_path, pdf_path = meldingen_files(folder, key)
    try:
        if want_txt:
            written.append(write_meldingen_txt(key, meldingen, school, txt_path, model))
        if want_pdf:
            written.append(write_meldingen_pdf(key, meldingen, school, pdf_path, model))
    except OSError as exc:
        _error(_written_failed(exc, folder))
        return 1
    for path in written:
        print(path)
    if not meldingen:
        _error(f"Er zijn geen meldingen over {key.label()}.")
    return 0
