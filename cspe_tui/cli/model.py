"""`cspe model check|import|schema`: validate correctiemodel files, and read them into the data folder."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from cspe_tui.domain.wording import count, decimal
from cspe_tui.cli.common import EXIT_STORE_ERROR, add_als_argument, open_store_from_args, os_reason
from cspe_tui.domain.correctiemodel import FORMAAT, Correctiemodel
from cspe_tui.domain.validation import MAX_FILE_BYTES, check_model_bytes, identity_conflicts
from cspe_tui.store import ModelImportError, StoreError


def register(sub: argparse._SubParsersAction) -> None:
    model = sub.add_parser("model", help="correctiemodellen controleren")
    model_sub = model.add_subparsers(dest="model_command", metavar="OPDRACHT", required=True)
    check = model_sub.add_parser("check", help="controleer correctiemodel-bestanden (JSON)")
    check.add_argument("files", nargs="+", metavar="BESTAND")
    check.set_defaults(func=run_check)
    imp = model_sub.add_parser(
        "import",
        help="lees correctiemodellen in (JSON) zodat groepen ze kunnen gebruiken",
        description=(
            "Controleer correctiemodel-bestanden en zet ze in de gegevensmap. Een ingelezen model wordt nooit "
            "veranderd. Alleen de examensecretaris."
        ),
    )
    imp.add_argument("files", nargs="+", metavar="BESTAND")
    add_als_argument(imp)
    imp.set_defaults(func=run_import)
    schema = model_sub.add_parser("schema", help="druk het JSON Schema van het formaat af")
    schema.set_defaults(func=run_schema)
    from cspe_tui.cli import model_table  # imports this module: late, to avoid a cycle

    model_table.add_subcommands(model_sub)


def format_schema() -> str:
    """The JSON Schema shipped as correctiemodellen/schema.json, generated from the pydantic models."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": FORMAAT,
        **Correctiemodel.model_json_schema(),
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def run_schema(args: argparse.Namespace) -> int:
    sys.stdout.write(format_schema())
    return 0


def read_model_file(path: Path) -> bytes | str:
    """The file's bytes, or a Dutch reason why it cannot be read; never reads a huge file whole."""
    try:
        size = os.stat(path).st_size
        if size > MAX_FILE_BYTES:
            return (
                f"bestand is te groot ({decimal(size / 1_000_000)} MB); een correctiemodel is hooguit "
                f"{MAX_FILE_BYTES // 1_000_000} MB"
            )
        with open(path, "rb") as handle:
            return handle.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return "bestand niet gevonden"
    except IsADirectoryError:
        return "dit is een map, geen bestand"
    except PermissionError:
        return "geen leesrechten op dit bestand"
    except OSError as exc:
        return f"kan het bestand niet lezen ({os_reason(exc)})"


def is_format_schema(content: bytes) -> bool:
    """correctiemodellen/schema.json lives beside the models, so `check *.json` recognises it."""
    if b'"$schema"' not in content[:200]:
        return False
    try:
        return json.loads(content).get("$id") == FORMAAT
    except (ValueError, AttributeError):
        return False


def run_check(args: argparse.Namespace) -> int:
    ok: dict[str, Correctiemodel] = {}
    bad = 0
    for name in args.files:
        content = read_model_file(Path(name))
        if isinstance(content, str):
            print(f"{name}: $: {content}")
            bad += 1
            continue
        if is_format_schema(content):
            print(f"{name}: overgeslagen: dit is het JSON Schema van het formaat, geen correctiemodel")
            continue
        result = check_model_bytes(content)
        if result.model is None:
            for problem in result.problems:
                print(problem.render(name))
            bad += 1
            continue
        ok[name] = result.model
    conflicted: set[str] = set()
    for key, names in identity_conflicts(ok):
        conflicted.update(names)
        print(f"{', '.join(names)}: $.examen: deze bestanden hebben dezelfde identiteit ({key.label()}); houd er één")
    for name, model in ok.items():
        if name in conflicted:
            continue
        key = model.key
        print(
            f"{name}: OK {key.profielvak} {key.leerweg} {key.jaar} {key.versie} onderdeel {key.onderdeel}, "
            f"{count(len(model.criteria), 'criterium', 'criteria')}, maximumscore {model.max_score}"
        )
    failed = bad + len(conflicted)
    if failed:
        print(f"{failed} van {count(len(args.files), 'bestand', 'bestanden')} afgekeurd.", file=sys.stderr)
        return 1
    return 0


def run_import(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    failed = 0
    for name in args.files:
        content = read_model_file(Path(name))
        if isinstance(content, bytes) and is_format_schema(content):
            print(f"{name}: overgeslagen: dit is het JSON Schema van het formaat, geen correctiemodel")
            continue
        try:
            model = store.import_model(Path(name))
        except ModelImportError as exc:
            print(str(exc), file=sys.stderr)
            failed += 1
            continue
        except StoreError as exc:
            # Not the secretaris, a read-only folder: the same for every file, so stop here.
            print(str(exc), file=sys.stderr)
            return EXIT_STORE_ERROR
        print(
            f"{name}: ingelezen als {model.key.slug} ({model.key.label()}, "
            f"{count(len(model.criteria), 'criterium', 'criteria')}, "
            f"maximumscore {model.max_score})"
        )
    if failed:
        print(f"{failed} van {count(len(args.files), 'bestand', 'bestanden')} niet ingelezen.", file=sys.stderr)
        return 1
    return 0
