"""`cspe log GROEP` prints a group's audit trail; `cspe verify GROEP` checks it against the data."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from cspe_tui.domain.clock import DEFAULT_ZONE, format_moment
from cspe_tui.cli.common import add_als_argument, open_store_from_args, store_errors
from cspe_tui.store import AuditEntry

ACTIONS = {
    "groep": "groep aangemaakt",
    "score": "score",
    "afwezig": "afwezig",
    "opmerking": "opmerking",
    "reactie": "reactie",
    "afgehandeld": "opmerking afgehandeld",
    "verklaring": "verklaring",
    "aanvulling": "aanvulling",
    "sluiting": "groep gesloten",
}
COLUMNS = {"examinator": "examinator", "tweede": "tweede examinator", "vastgesteld": "vastgesteld"}
HEADS = ("nr", "tijd", "gebruiker", "actie", "kandidaat", "criterium", "kolom", "oud", "nieuw")


def register(sub: argparse._SubParsersAction) -> None:
    log = sub.add_parser("log", help="toon het logboek (audit trail) van een groep")
    log.add_argument("group", metavar="GROEP")
    log.add_argument("--kandidaat", metavar="EXAMENNUMMER", help="alleen de regels over deze kandidaat")
    add_als_argument(log)
    log.set_defaults(func=run_log)
    verify = sub.add_parser("verify", help="controleer het logboek en de gegevens van een groep")
    verify.add_argument("group", metavar="GROEP")
    add_als_argument(verify)
    verify.set_defaults(func=run_verify)


def _short(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def value_text(entry: AuditEntry, value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if not isinstance(value, dict):
        return str(value)
    if entry.action == "groep":
        info = value.get("info", {})
        return (
            f"{len(value.get('candidates', []))} kandidaten, examinator {info.get('examinator')}, "
            f"tweede {info.get('tweede')}, {info.get('werkwijze')}"
        )
    if entry.action == "sluiting":
        return f"zegel {str(value.get('seal', ''))[:16]}…"
    if entry.action == "aanvulling":
        return _short(f"{value.get('datum', '')}: {value.get('tekst', '')}")
    if "text" in value:
        return _short(str(value["text"]))
    if entry.action == "afgehandeld":
        return "afgehandeld"
    return _short(str(value))


def rows(entries: list[AuditEntry], zone: str = DEFAULT_ZONE) -> list[tuple[str, ...]]:
    return [
        (
            str(e.seq),
            format_moment(e.at, zone, "seconds"),
            e.login,
            ACTIONS.get(e.action, e.action),
            e.examennummer or "-",
            e.criterium or "-",
            COLUMNS.get(e.column or "", e.column or "-"),
            value_text(e, e.old),
            value_text(e, e.new),
        )
        for e in entries
    ]


def render_table(table_rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(h), *(len(r[i]) for r in table_rows)) if table_rows else len(h) for i, h in enumerate(HEADS)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(HEADS, widths)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    for row in table_rows:
        lines.append("  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip())
    return "\n".join(lines)


def run_log(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        entries = store.audit(args.group)
        zone = store.settings.tijdzone
        if args.kandidaat and not any(c.examennummer == args.kandidaat for c in store.load_group(args.group).candidates):
            print(f"Kandidaat {args.kandidaat} hoort niet bij groep {args.group}.", file=sys.stderr)
            return 1
    if args.kandidaat:
        entries = [e for e in entries if e.examennummer == args.kandidaat]
    try:
        print(f"Logboek van groep {args.group}: {len(entries)} regel(s)")
        print(render_table(rows(entries, zone)))
        print(f"Tijden in {zone} (de tijdzone van de school); audit.jsonl bewaart ze met UTC-offset.")
        sys.stdout.flush()
    except BrokenPipeError:
        # `cspe log GROEP | head`: the reader has all it wanted.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


def run_verify(args: argparse.Namespace) -> int:
    store = open_store_from_args(args)
    with store_errors():
        report = store.verify(args.group)
    if report.ok:
        seal = {None: "groep is nog open", True: "zegel klopt"}[report.seal_ok]
        print(f"OK: groep {args.group}, {report.entries} regels, hashketen en gegevens kloppen, {seal}.")
        return 0
    print(f"Groep {args.group}: {len(report.problems)} probleem/problemen gevonden:")
    for problem in report.problems:
        print(f"- {problem}")
    return 1
