"""`cspe verify`: replay a group's audit log and compare it with the files on disk.

A hand-edited data file, a hand-edited or shortened log and a change after closing
each show up as a Dutch problem that names the line, or the candidate and criterium.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tinydb import Query, TinyDB

from .apply import apply_entry, cell_docs
from .audit import FIELDS, GENESIS, entry_hash
from .errors import CorruptFile
from .fs import candidate_file_name
from .storage import memory_db, table


def fmt(value: Any) -> str:
    return "leeg" if value is None else str(value)


@dataclass
class Replay:
    """What the log says the group holds, played line by line into memory."""

    problems: list[str] = field(default_factory=list)
    group: TinyDB = field(default_factory=memory_db)
    candidates: dict[str, TinyDB] = field(default_factory=dict)
    closed_line: int | None = None

    @property
    def closed(self) -> bool:
        return self.closed_line is not None


def replay_log(lines: list[bytes]) -> Replay:
    """Check the hash chain, the numbering and every old value while playing the lines."""
    replay = Replay()
    problems = replay.problems
    prev_hash, prev_seq = GENESIS, 0
    for number, line in enumerate(lines, 1):
        try:
            raw = json.loads(line)
            if not isinstance(raw, dict) or set(raw) != set(FIELDS):
                raise ValueError
        except ValueError:
            problems.append(f"Logboek regel {number}: geen geldige logregel.")
            continue
        if raw["prev_hash"] != prev_hash:
            problems.append(
                f"Logboek regel {number}: de hashketen is verbroken (past niet bij regel {number - 1}); "
                "er is een regel weggehaald, tussengevoegd of veranderd."
            )
        if entry_hash(raw) != raw["hash"]:
            problems.append(f"Logboek regel {number}: de inhoud past niet bij de hash; de regel is met de hand veranderd.")
        if raw["seq"] != prev_seq + 1:
            problems.append(f"Logboek regel {number}: volgnummer {raw['seq']}, verwacht {prev_seq + 1}.")
        if replay.closed_line is not None:
            problems.append(f"Logboek regel {number}: wijziging na het sluiten van de groep (regel {replay.closed_line}).")
        prev_hash = raw["hash"]
        prev_seq = raw["seq"] if isinstance(raw["seq"], int) else prev_seq + 1
        if raw["action"] == "score":
            nr = str(raw["examennummer"])
            db = replay.candidates.get(nr) or replay.candidates.setdefault(nr, memory_db())
        else:
            db = replay.group
        problems.extend(_old_value_problems(number, db, raw))
        try:
            apply_entry(db.storage, raw)
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"Logboek regel {number}: kan niet worden nagespeeld ({exc}).")
        if raw["action"] == "sluiting":
            replay.closed_line = number
    return replay


def compare_with_replay(
    group_path: Path, group_db: TinyDB, candidate_db: Callable[[str], TinyDB], replay: Replay
) -> list[str]:
    """Every place where the files on disk differ from what the log says."""
    problems: list[str] = []
    replayed = _group_tables(replay.group)
    try:
        disk = _group_tables(group_db)
    except CorruptFile as exc:
        problems.append(str(exc))
        disk = None
    if disk is not None:
        labels = {
            "info": "de gegevens van de groep (examinatoren, model, werkwijze)",
            "candidates": "de kandidatenlijst",
            "verklaringen": "de verklaringen",
            "sluiting": "de sluiting",
        }
        for key, label in labels.items():
            if disk[key] != replayed[key]:
                problems.append(f"group.json: {label} wijkt af van het logboek.")
        for nr in sorted(disk["absent"] - replayed["absent"]):
            problems.append(f"Kandidaat {nr}: staat afwezig in group.json, maar niet volgens het logboek.")
        for nr in sorted(replayed["absent"] - disk["absent"]):
            problems.append(f"Kandidaat {nr}: is afwezig volgens het logboek, maar niet in group.json.")
        for key, label in (("remarks", "Opmerking"), ("aanvullingen", "Aanvulling")):
            for item_id in sorted(set(disk[key]) | set(replayed[key])):
                if disk[key].get(item_id) != replayed[key].get(item_id):
                    problems.append(f"{label} {item_id}: group.json wijkt af van het logboek.")
    numbers = set(replay.candidates)
    if disk is not None:
        numbers |= {c.get("examennummer") for c in disk["candidates"] if isinstance(c.get("examennummer"), str)}
    numbers |= {c["examennummer"] for c in replayed["candidates"]}
    expected_files = {candidate_file_name(nr): nr for nr in numbers}
    for name in sorted(os.listdir(group_path)):
        if (name.startswith("cand-") or name.startswith("cand=")) and name not in expected_files:
            problems.append(f"Bestand {name} hoort bij geen kandidaat van de groep.")
    for name, nr in sorted(expected_files.items(), key=lambda item: item[1]):
        storage = candidate_db(nr).storage
        try:
            with storage.snapshot():
                on_disk = cell_docs(storage)
        except CorruptFile as exc:
            problems.append(str(exc))
            continue
        logged_db = replay.candidates.get(nr)
        logged = cell_docs(logged_db.storage) if logged_db is not None else {}
        for code in sorted(set(on_disk) | set(logged)):
            d, r = on_disk.get(code, {}), logged.get(code, {})
            for column in sorted(set(d) | set(r)):
                if d.get(column) != r.get(column):
                    problems.append(
                        f"Kandidaat {nr}, criterium {code}: {column} is {fmt(d.get(column))} in {name}, "
                        f"maar {fmt(r.get(column))} volgens het logboek."
                    )
    return problems


def _old_value_problems(number: int, db: TinyDB, raw: dict[str, Any]) -> list[str]:
    """A line's old value must be what the earlier lines left: catches an edited value in the middle."""
    action = raw.get("action")
    if action == "score":
        doc = table(db.storage, "cells").get(Query().code == raw.get("criterium")) or {}
        current = doc.get(raw.get("column"))
        where = f"kandidaat {raw.get('examennummer')}, {raw.get('criterium')}, {raw.get('column')}"
    elif action == "afwezig":
        current = table(db.storage, "absent").contains(Query().examennummer == raw.get("examennummer"))
        where = f"kandidaat {raw.get('examennummer')}, afwezig"
    else:
        return []
    if raw.get("old") != current:
        return [
            f"Logboek regel {number} ({where}): de oude waarde {fmt(raw.get('old'))} past niet bij "
            f"{fmt(current)} uit de eerdere regels."
        ]
    return []


def _group_tables(db: TinyDB) -> dict[str, Any]:
    storage = db.storage

    def docs(name: str) -> list[dict[str, Any]]:
        return [dict(d) for d in table(storage, name).all()]

    with storage.snapshot():
        info = table(storage, "info").get(doc_id=1)
        sluiting = table(storage, "sluiting").get(doc_id=1)
        return {
            "info": dict(info) if info else None,
            "candidates": docs("candidates"),
            "absent": {d.get("examennummer") for d in docs("absent")},
            "remarks": {d.get("id"): d for d in docs("remarks")},
            "verklaringen": sorted(docs("verklaringen"), key=lambda d: json.dumps(d, sort_keys=True)),
            "aanvullingen": {d.get("id"): d for d in docs("aanvullingen")},
            "sluiting": dict(sluiting) if sluiting else None,
        }
