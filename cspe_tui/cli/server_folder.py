"""The shared data folder on the server, for `cspe server init`: who may set it up, the folders above it,
its group, modes and settings.

It does what it can itself (folder, Unix group, setgid, modes, settings.json) and names, in Dutch,
what it cannot fix: a folder above it that anyone may write in, a group that does not exist, a
umask that would spoil files copied in by hand.
"""

from __future__ import annotations

import argparse
import grp
import os
import pwd
import stat
from dataclasses import dataclass, field
from pathlib import Path

from cspe_tui.domain.text import SETTING, TextRefused, check_text
from cspe_tui.domain.wording import count
from cspe_tui.store import DataFolder, Settings, current_login, open_store
from cspe_tui.store.fs import DIR_MODE, FILE_MODE, ensure_dir

PARENT_MODE = 0o755
"""Folders init makes above the data folder: everyone may pass through, only the owner writes."""

SETTING_FIELDS = ("school", "brin", "telefoon", "contactpersoon")


class InitRefused(Exception):
    """Something init must not or cannot do; the message says what to do instead."""


@dataclass
class Report:
    """What init did and what it wants the administrator to know, printed at the end."""

    done: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def unix_group(name: str) -> grp.struct_group:
    try:
        return grp.getgrnam(name)
    except KeyError:
        raise InitRefused(
            f"De Unix-groep '{name}' bestaat niet op deze server. Maak hem eerst aan en zet de examinatoren "
            f"erin, bijvoorbeeld: groupadd {name} && usermod -aG {name} LOGIN"
        ) from None


def members(group: grp.struct_group) -> list[str]:
    """Listed members plus accounts whose primary group it is."""
    names = set(group.gr_mem)
    names.update(p.pw_name for p in pwd.getpwall() if p.pw_gid == group.gr_gid)
    return sorted(names)


def check_runner(group: grp.struct_group, shared: bool) -> None:
    if os.geteuid() == 0:
        return
    if not shared:
        raise InitRefused(
            "Alleen root kan de cspe-dienst inrichten (een systeemgebruiker maken en die de gegevensmap geven). "
            "Voer dit commando uit als root; een gedeelde map zonder dienst maak je met --zonder-dienst."
        )
    if group.gr_gid == os.getegid() or group.gr_gid in os.getgroups():
        return
    raise InitRefused(
        f"Alleen root of een lid van de groep '{group.gr_name}' kan de gegevensmap inrichten; jij "
        f"({current_login()}) bent geen lid. Vraag de systeembeheerder, of log opnieuw in als je net aan de "
        "groep bent toegevoegd."
    )


def check_parents(path: Path, group: grp.struct_group) -> None:
    """Refuse what only the administrator can fix: a folder above anyone may change, or no one may pass."""
    problems = []
    real = path.resolve()
    for parent in real.parents:
        try:
            st = os.stat(parent)
        except FileNotFoundError:
            continue  # made by init itself, with PARENT_MODE
        mode = stat.S_IMODE(st.st_mode)
        if mode & stat.S_IWOTH and not mode & stat.S_ISVTX:
            problems.append(
                f"De map {parent} boven de gegevensmap is schrijfbaar voor iedereen (rechten {mode:o}) zonder "
                "sticky bit: elke gebruiker kan de gegevensmap dan hernoemen en een eigen map neerzetten. "
                f"Los dat op met chmod o-w {parent} (of chmod +t {parent}), of kies een andere plek."
            )
        passable = mode & stat.S_IXOTH or (st.st_gid == group.gr_gid and mode & stat.S_IXGRP)
        if not passable:
            problems.append(
                f"De leden van groep '{group.gr_name}' kunnen de map {parent} niet in (rechten {mode:o}), dus ook "
                f"de gegevensmap niet. Geef ze toegang (bijvoorbeeld chmod o+x {parent}) of kies een andere plek."
            )
    if problems:
        raise InitRefused("\n".join(problems))


def umask_warning() -> str | None:
    """The app sets its own modes; only files put in by hand (cp, an editor) follow the umask."""
    mask = os.umask(0o077)
    os.umask(mask)
    if not mask & 0o060:
        return None
    return (
        f"Let op: je umask is {mask:04o}. cspe geeft zijn eigen bestanden altijd rechten {FILE_MODE:o} (groep lezen "
        "en schrijven, anderen niets), maar een bestand dat je met de hand in de gegevensmap zet, krijgt rechten "
        "volgens de umask en is dan niet schrijfbaar voor de groep. Zet daarvoor eerst umask 007, of voer dit "
        "commando daarna nog eens uit: het herstelt de rechten."
    )


def secretaris_logins(args: argparse.Namespace, group: grp.struct_group, fresh: bool, report: Report) -> list[str] | None:
    """The --secretaris logins, checked against the server's accounts; None keeps what settings.json says."""
    logins = [login.strip() for login in args.secretaris or [] if login.strip()]
    if not logins:
        if not fresh:
            return None
        if os.geteuid() == 0:
            raise InitRefused(
                "Geef met --secretaris de login van de examensecretaris op (herhaal voor meer): alleen "
                "die mag correctiemodellen inlezen en groepen aanmaken."
            )
        logins = [current_login()]
    known = members(group)
    for login in dict.fromkeys(logins):
        try:
            account = pwd.getpwnam(login)
        except KeyError:
            raise InitRefused(f"Er is geen gebruiker '{login}' op deze server; controleer de login bij --secretaris.") from None
        if login not in known and account.pw_uid != 0:
            report.warnings.append(
                f"Let op: examensecretaris {login} is (nog) geen lid van groep '{group.gr_name}' en kan de "
                f"gegevensmap dus niet openen. Voeg toe met: usermod -aG {group.gr_name} {login}"
            )
    return list(dict.fromkeys(logins))


def make_parents(path: Path) -> None:
    missing = [p for p in reversed(path.parents) if not p.exists()]
    for parent in missing:
        os.mkdir(parent, PARENT_MODE)
        os.chmod(parent, PARENT_MODE)


def ensure_folder(path: Path, group: grp.struct_group, report: Report, shared: bool = True) -> bool:
    """The data folder itself: group, setgid and 2770 when shared. Returns whether it had to be made.

    For the service (`shared` False) it is made 0700 and its mode left alone: the service set-up
    gives it to the service user, and it is never open to the group, not even for a moment.
    """
    fresh = not os.path.lexists(path)
    try:
        if fresh:
            make_parents(path)
            os.mkdir(path, 0o700)
        elif path.is_symlink() or not path.is_dir():
            raise InitRefused(f"{path} bestaat al en is geen gewone map; kies een andere plek voor de gegevensmap.")
        if not shared:
            return fresh
        st = os.stat(path)
        if st.st_gid != group.gr_gid:
            os.chown(path, -1, group.gr_gid)
            if not fresh:
                report.done.append(f"Groep van {path} veranderd in '{group.gr_name}'.")
        if stat.S_IMODE(st.st_mode) != DIR_MODE or st.st_gid != group.gr_gid:
            os.chmod(path, DIR_MODE)
            if not fresh:
                report.done.append(f"Rechten van {path} gezet op {DIR_MODE:o} (was {stat.S_IMODE(st.st_mode):o}).")
    except PermissionError as exc:
        raise InitRefused(
            f"{exc.filename or path}: dat mag jij ({current_login()}) niet aanmaken of veranderen. "
            "Voer dit commando uit als root."
        ) from None
    except OSError as exc:
        raise InitRefused(f"De gegevensmap {path} kan niet worden ingericht: {exc.strerror}.") from None
    mode = stat.S_IMODE(os.stat(path).st_mode)
    if mode != DIR_MODE:
        raise InitRefused(
            f"De rechten van {path} blijven {mode:o} in plaats van {DIR_MODE:o}; het bestandssysteem ondersteunt "
            "waarschijnlijk geen setgid. Kies een map op een gewone Linux-schijf."
        )
    return fresh


def _setting(name: str, value: str) -> str:
    """Through the domain's text gate, so settings.json never holds what a report could not print."""
    try:
        return check_text(value.strip(), SETTING)
    except TextRefused as exc:
        raise InitRefused(f"--{name}: {exc.message}.") from None


def apply_settings(path: Path, args: argparse.Namespace, secretarissen: list[str] | None, report: Report) -> Settings:
    """Create settings.json through the store, or update the given fields of the existing one."""
    given = {name: _setting(name, getattr(args, name)) for name in SETTING_FIELDS if getattr(args, name) is not None}
    if secretarissen is not None:
        given["examensecretarissen"] = secretarissen
    folder = DataFolder(path=path, writable=True)
    if not folder.settings_file.exists():
        store = open_store(path, create=True, settings=Settings(**given))
        report.done.append(f"Instellingen opgeslagen in {folder.settings_file}.")
        return store.settings
    store = open_store(path)  # the same checks every examinator's app does: folder safe, settings readable
    current = store.settings
    updated = current.model_copy(update=given)
    changed = [name for name in given if getattr(current, name) != getattr(updated, name)]
    if changed:
        store.admin_save_settings(updated)
        report.done.append(f"Instellingen bijgewerkt ({', '.join(changed)}) in {folder.settings_file}.")
    else:
        report.done.append(f"Instellingen ongewijzigd ({folder.settings_file}).")
    for sub in (folder.groups, folder.models):
        ensure_dir(sub)
    return updated


def repair_modes(path: Path, group: grp.struct_group, report: Report) -> None:
    """Everything inside: group-owned, files 660, folders 2770; symbolic links are left alone and named."""
    repaired = 0
    failed: list[str] = []
    for root, dirs, files in os.walk(path):
        for name, want in [(d, DIR_MODE) for d in dirs] + [(f, FILE_MODE) for f in files]:
            item = Path(root) / name
            try:
                st = os.lstat(item)
                if stat.S_ISLNK(st.st_mode):
                    report.warnings.append(f"Let op: {item} is een symbolische koppeling; cspe hoort die niet in de gegevensmap.")
                    continue
                if not (stat.S_ISDIR(st.st_mode) or stat.S_ISREG(st.st_mode)):
                    continue
                if st.st_gid == group.gr_gid and stat.S_IMODE(st.st_mode) == want:
                    continue
                if st.st_gid != group.gr_gid:
                    os.chown(item, -1, group.gr_gid, follow_symlinks=False)
                os.chmod(item, want)
                repaired += 1
            except FileNotFoundError:
                continue  # removed meanwhile (a temp file of a running app)
            except OSError:
                failed.append(str(item))
    if repaired:
        report.done.append(
            f"Rechten hersteld van {count(repaired, 'bestand of map', 'bestanden of mappen')} in {path}."
        )
    if failed:
        shown = ", ".join(failed[:5]) + (f" en nog {len(failed) - 5}" if len(failed) > 5 else "")
        report.warnings.append(
            f"Let op: de rechten van {shown} kon ik niet herstellen (niet van jou). Voer dit commando uit als root."
        )
