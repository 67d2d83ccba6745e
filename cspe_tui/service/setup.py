"""`cspe server init`'s service half: a system user owns the data; examinators reach it only via the socket.

After this the data folder is the service user's alone (folders 0700, files 0600): a
member of the examinators' group cannot open, edit or delete a file in it. The group
may enter the socket folder (0750) to talk to the service, and read (not change) the
exports folder where the service puts the official records at closing.
"""

from __future__ import annotations

import grp
import os
import pwd
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from cspe_tui.domain.wording import count
from .exports import EXPORT_DIR_MODE, EXPORT_FILE_MODE

SERVICE_USER = "cspe"
SERVICE_DIR_MODE = 0o700
SERVICE_FILE_MODE = 0o600
SOCKET_DIR_MODE = 0o750
UNIT_DIR = Path("/etc/systemd/system")
SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


class SetupRefused(Exception):
    """Something the service set-up cannot do; the message says what to do instead."""


@dataclass(frozen=True)
class Plan:
    data: Path
    socket: Path
    exports: Path
    group: grp.struct_group
    user: str
    unit_dir: Path


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=SYSTEM_PATH)
    if found is None:
        raise SetupRefused(f"Het programma {name} ontbreekt op deze server; installeer het (pakket passwd of shadow-utils).")
    return found


def ensure_system_user(name: str, done: list[str]) -> pwd.struct_passwd:
    """The service's own account: a system user without a login shell or a home of its own."""
    try:
        return pwd.getpwnam(name)
    except KeyError:
        pass
    nologin = next((p for p in ("/usr/sbin/nologin", "/sbin/nologin") if os.path.exists(p)), "/bin/false")
    result = subprocess.run(
        [_tool("useradd"), "--system", "--user-group", "--no-create-home", "--home-dir", "/nonexistent",
         "--shell", nologin, "--comment", "cspe-dienst", name],
        capture_output=True, text=True, timeout=60,
    )
    if result.returncode != 0:
        raise SetupRefused(f"De systeemgebruiker {name} kon niet worden gemaakt: {result.stderr.strip()}")
    done.append(f"Systeemgebruiker {name} gemaakt (geen inlog, geen eigen map).")
    return pwd.getpwnam(name)


def take_folder(data: Path, owner: pwd.struct_passwd, done: list[str], warnings: list[str]) -> None:
    """Everything in the data folder becomes the service user's: folders 0700, files 0600.

    A folder made by the earlier group-shared init (2770/660) is migrated this way; running
    it again changes nothing that is already right.
    """
    changed = 0
    for root, dirs, files in os.walk(data):
        items = [(Path(root), SERVICE_DIR_MODE)] if root == str(data) else []
        items += [(Path(root) / d, SERVICE_DIR_MODE) for d in dirs] + [(Path(root) / f, SERVICE_FILE_MODE) for f in files]
        for path, mode in items:
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                continue
            if stat.S_ISLNK(st.st_mode):
                warnings.append(f"Let op: {path} is een symbolische koppeling; de cspe-dienst volgt die niet.")
                continue
            if (st.st_uid, st.st_gid, stat.S_IMODE(st.st_mode)) == (owner.pw_uid, owner.pw_gid, mode):
                continue
            os.chown(path, owner.pw_uid, owner.pw_gid, follow_symlinks=False)
            os.chmod(path, mode)
            changed += 1
    if changed:
        done.append(
            f"Gegevensmap {data} overgedragen aan {owner.pw_name}: "
            f"{count(changed, 'map of bestand', 'mappen en bestanden')} nu alleen voor "
            f"de dienst (mappen {SERVICE_DIR_MODE:o}, bestanden {SERVICE_FILE_MODE:o})."
        )


def make_shared_dir(path: Path, owner: pwd.struct_passwd, group: grp.struct_group, mode: int) -> None:
    """A folder of the service that the examinators' group may enter (and read), but not change."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_symlink() or (path.exists() and not path.is_dir()):
        raise SetupRefused(f"{path} bestaat al en is geen gewone map; kies een andere plek.")
    path.mkdir(exist_ok=True)
    os.chown(path, owner.pw_uid, group.gr_gid)
    os.chmod(path, mode)


def move_old_exports(data: Path, exports: Path, owner: pwd.struct_passwd, group: grp.struct_group, done: list[str]) -> None:
    """Records the earlier init left in <data>/exports go where the group can still read them."""
    old = data / "exports"
    if not old.is_dir() or old.is_symlink():
        return
    moved = 0
    for entry in sorted(old.iterdir()):
        target = exports / entry.name
        if target.exists() or entry.is_symlink():
            continue
        shutil.move(str(entry), str(target))
        moved += 1
        for root, dirs, files in os.walk(target):
            os.chown(root, owner.pw_uid, group.gr_gid)
            os.chmod(root, EXPORT_DIR_MODE)
            for name in files:
                os.chown(Path(root) / name, owner.pw_uid, group.gr_gid)
                os.chmod(Path(root) / name, EXPORT_FILE_MODE)
    if moved:
        done.append(
            f"{count(moved, 'eerder gemaakte export', 'eerder gemaakte exports')} verplaatst van {old} naar {exports} "
            "(groep mag lezen)."
        )


def cspe_command() -> str:
    """This installation's cspe program, for the unit and the start hint."""
    here = Path(sys.executable).parent / "cspe"
    return str(here if here.exists() else (shutil.which("cspe") or "cspe"))


def run_args(plan: Plan) -> list[str]:
    return [cspe_command(), "server", "run", "--data", str(plan.data), "--socket", str(plan.socket),
            "--exports", str(plan.exports), "--groep", plan.group.gr_name]


def unit_text(plan: Plan) -> str:
    runtime = plan.socket.parent
    lines = [
        "[Unit]",
        "Description=cspe-dienst: beheert de gegevensmap van het cspe en bedient de examinatoren",
        "After=local-fs.target",
        "",
        "[Service]",
        "Type=simple",
        f"User={plan.user}",
        f"Group={plan.user}",
        f"SupplementaryGroups={plan.group.gr_name}",
        f"ExecStart={shlex.join(run_args(plan))}",
        "Restart=always",
        "RestartSec=1",
        "UMask=0077",
        "NoNewPrivileges=yes",
        "ProtectSystem=full",
        "PrivateTmp=yes",
    ]
    if runtime.parent == Path("/run"):
        lines += [f"RuntimeDirectory={runtime.name}", f"RuntimeDirectoryMode={SOCKET_DIR_MODE:04o}",
                  "RuntimeDirectoryPreserve=restart"]
    lines += ["", "[Install]", "WantedBy=multi-user.target", ""]
    return "\n".join(lines)


def systemd_runs() -> bool:
    return Path("/run/systemd/system").is_dir()


def install_unit(plan: Plan, done: list[str]) -> list[str]:
    """Write the unit; start it where systemd runs, else return how to start the service by hand."""
    unit = plan.unit_dir / "cspe.service"
    plan.unit_dir.mkdir(parents=True, exist_ok=True)
    unit.write_text(unit_text(plan))
    os.chmod(unit, 0o644)
    done.append(f"Systemd-unit geschreven: {unit}.")
    if systemd_runs() and plan.unit_dir == UNIT_DIR:
        for args in (["daemon-reload"], ["enable", "--now", "cspe.service"]):
            result = subprocess.run([_tool("systemctl"), *args], capture_output=True, text=True, timeout=120)
            if result.returncode != 0:
                raise SetupRefused(f"systemctl {' '.join(args)} mislukte: {result.stderr.strip()}")
        done.append("De cspe-dienst is gestart en start voortaan mee met de server (systemctl status cspe).")
        return []
    return [
        "Deze server draait geen systemd; start de dienst zelf (en bij elke herstart van de server), als root:",
        f"  runuser -u {plan.user} -- {shlex.join(run_args(plan))} &",
        "Of gebruik de unit hierboven op een server met systemd: systemctl enable --now cspe.",
    ]


def set_up_service(plan: Plan) -> tuple[list[str], list[str], list[str]]:
    """(done, warnings, next steps) after giving the folder to the service."""
    if os.geteuid() != 0:
        raise SetupRefused(
            "Alleen root kan de cspe-dienst inrichten (systeemgebruiker maken, de gegevensmap overdragen). "
            "Voer dit commando uit als root, of gebruik --zonder-dienst voor een gedeelde map zonder dienst."
        )
    done: list[str] = []
    warnings: list[str] = []
    owner = ensure_system_user(plan.user, done)
    make_shared_dir(plan.exports, owner, plan.group, EXPORT_DIR_MODE)
    move_old_exports(plan.data, plan.exports, owner, plan.group, done)
    take_folder(plan.data, owner, done, warnings)
    make_shared_dir(plan.socket.parent, owner, plan.group, SOCKET_DIR_MODE)
    done.append(
        f"Socketmap {plan.socket.parent} (groep '{plan.group.gr_name}', {SOCKET_DIR_MODE:o}) en exportmap "
        f"{plan.exports} (groep mag lezen, niet veranderen) klaar."
    )
    steps = install_unit(plan, done)
    return done, warnings, steps
