"""A group's seal and log anchored outside its own folder: in the folder log and in the official exports.

Everything about a closed group used to live in its own folder; someone with root could
change a score, recompute the seal and the hash chain, and nothing disagreed. Now, after
every declaration and at closing, the service writes the group log's head (the number
and hash of its last entry; every earlier line is fixed by it) into the folder's own
hash-chained log, with the seal at closing; the official exports carry a manifest with
the seal and the SHA-256 of each file. `verify` compares all of them, and a closed group
that disagrees is shown with the LET OP banner and refuses exports like any changed group.
What remains possible for root is written in docs/architecture.md.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import timedelta
from pathlib import Path
from typing import Any

from cspe_tui.domain.commands import AnchorGroup
from cspe_tui.domain.events import Declared, GroupClosed
from cspe_tui.domain.wording import count
from cspe_tui.store import AuditEntry, FolderScope, Store, StoreError

MANIFEST_SUFFIX = "-manifest.json"
CLOCK_SLACK = timedelta(minutes=1)
"""A log's times may step back this much (a clock set right by NTP) before verify names it."""


def manifest_name(group_id: str) -> str:
    return f"{group_id}{MANIFEST_SUFFIX}"


def log_head(store: Store, group_id: str) -> AuditEntry | None:
    """The group log's last entry, read from its end."""
    log = store._group(group_id).log
    sig = log.stat()
    if sig is None or sig[1] == 0:
        return None
    last = None
    for _, line in log.iter_lines(log.line_start(sig[1] - 1)):
        last = line
    return AuditEntry.model_validate_json(last) if last else None


def anchors_after(store: Store, login: str, group_id: str, events: list[Any]) -> None:
    """After a declaration or the closing: the log head (and seal) into the folder log, as that user.

    A second commit after the group's own: a service killed in between leaves that one step
    unanchored; a closing is anchored at the next start (`catch_up`).
    """
    closing = next((e for e in events if isinstance(e, GroupClosed)), None)
    if closing is None and not any(isinstance(e, Declared) for e in events):
        return
    head = log_head(store, group_id)
    if head is None:
        return
    seal = closing.sluiting.seal if closing is not None else None
    store.execute(FolderScope(), login, AnchorGroup(group_id=group_id, seq=head.seq, head=head.hash, seal=seal))


def catch_up(store: Store) -> list[str]:
    """At start: a closing the service made but could not anchor before it was killed is anchored now.

    Only for a group whose declarations are anchored (it was worked on through the service)
    and whose closing is not: a closing that is anchored can never be replaced this way.
    Returns the groups it anchored.
    """
    done = []
    folder = store._folder_state()
    for group_id in list(folder.groups):
        anchors = folder.anchors_for(group_id)
        if not anchors or any(a.seal for a in anchors):
            continue
        try:
            sluiting = store.load_group(group_id).sluiting
            head = log_head(store, group_id)
            if sluiting is None or head is None:
                continue
            store.execute(
                FolderScope(), sluiting.closed_by,
                AnchorGroup(group_id=group_id, seq=head.seq, head=head.hash, seal=sluiting.seal),
            )
        except StoreError:
            continue
        done.append(group_id)
    return done


def write_manifest(folder: Path, group_id: str, seal: str, files: list[Path]) -> Path:
    """The seal and the SHA-256 of each official file, beside them."""
    manifest = {
        "group_id": group_id,
        "seal": seal,
        "files": {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(files)},
    }
    path = folder / manifest_name(group_id)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def _entries(store: Store, group_id: str) -> list[AuditEntry]:
    return list(store.audit_iter(group_id))


_checked: dict[str, tuple[Any, list[str]]] = {}


def _signature(store: Store, exports: Path, group_id: str) -> Any:
    folder = exports / group_id
    try:
        listing = tuple(sorted((e.name, e.stat().st_mtime_ns, e.stat().st_size) for e in os.scandir(folder)))
    except OSError:
        listing = ()
    return store._group(group_id).log.stat(), store.folder_log.stat(), listing


def anchor_problems(store: Store, exports: Path, group_id: str) -> list[str]:
    """How the group disagrees with its anchors in the folder log and with the official exports' manifest.

    Redone only when the group's log, the folder log or the group's exports changed.
    """
    try:
        signature = _signature(store, exports, group_id)
    except StoreError as exc:
        return [str(exc)]
    known = _checked.get(group_id)
    if known is not None and known[0] == signature:
        return known[1]
    problems = _anchor_problems(store, exports, group_id)
    _checked[group_id] = (signature, problems)
    return problems


def _anchor_problems(store: Store, exports: Path, group_id: str) -> list[str]:
    try:
        anchors = store._folder_state().anchors_for(group_id)
        entries = _entries(store, group_id)
        state = store.load_group(group_id)
    except StoreError as exc:
        return [str(exc)]
    problems: list[str] = []
    by_seq = {e.seq: e for e in entries}
    for anchor in anchors:
        entry = by_seq.get(anchor.seq)
        if entry is None or entry.hash != anchor.head:
            problems.append(
                f"Regel {anchor.seq} van het logboek van de groep is niet meer wat het logboek van de gegevensmap "
                f"op {anchor.at.astimezone().strftime('%d-%m-%Y %H:%M')} vastlegde: het logboek van de groep is veranderd."
            )
    seal = state.sluiting.seal if state.sluiting is not None else None
    if seal is not None and anchors:
        sealed = [a.seal for a in anchors if a.seal]
        if not sealed:
            problems.append("Het sluiten van de groep staat niet in het logboek van de gegevensmap.")
        elif sealed[-1] != seal:
            problems.append(
                f"Het zegel van de groep ({seal[:16]}…) is niet het zegel dat het logboek van de gegevensmap bij het "
                f"sluiten vastlegde ({sealed[-1][:16]}…)."
            )
    if seal is not None:
        problems += _export_problems(exports / group_id, group_id, seal)
    return problems


def _export_problems(folder: Path, group_id: str, seal: str) -> list[str]:
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    manifest_path = folder / manifest_name(group_id)
    official = [n for n in names if n != manifest_path.name and not n.endswith(".tmp")]
    if not manifest_path.exists():
        return [f"De officiële exports in {folder} hebben geen manifest ({manifest_path.name})."] if official else []
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        listed: dict[str, str] = dict(manifest["files"])
    except (OSError, ValueError, KeyError, TypeError):
        return [f"Het manifest {manifest_path} is onleesbaar."]
    problems = []
    if manifest.get("seal") != seal:
        problems.append(f"Het zegel in {manifest_path.name} is niet het zegel van de groep.")
    for name, digest in listed.items():
        try:
            actual = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        except OSError:
            problems.append(f"De officiële export {name} ontbreekt in {folder}.")
            continue
        if actual != digest:
            problems.append(f"De officiële export {name} is veranderd na het sluiten (SHA-256 klopt niet met het manifest).")
    problems += [f"{name} in {folder} staat niet in het manifest." for name in official if name not in listed]
    return problems


def time_problems(entries: list[AuditEntry], what: str) -> list[str]:
    """Times that run backwards in a log: the server's clock was set back (or a line was changed)."""
    problems = []
    latest = None
    for entry in entries:
        if latest is not None and entry.at < latest.at - CLOCK_SLACK:
            problems.append(
                f"{what} regel {entry.seq}: de tijd loopt terug ({entry.at.astimezone().strftime('%d-%m-%Y %H:%M')} na "
                f"{latest.at.astimezone().strftime('%d-%m-%Y %H:%M')} in regel {latest.seq}); stond de klok van de "
                "server verkeerd?"
            )
        if latest is None or entry.at > latest.at:
            latest = entry
    return problems


def tampered_note(problems: list[str]) -> str:
    """The banner's text for a closed group that disagrees with its anchors (like the store's own check)."""
    return (
        f"Deze gesloten groep klopt niet met het logboek van de gegevensmap of de officiële exports "
        f"({count(len(problems), 'verschil', 'verschillen')}), bijvoorbeeld: {problems[0]} "
        "Exporteren kan niet. Vergelijk het zegel met het ondertekende beoordelingsmodel op papier."
    )
