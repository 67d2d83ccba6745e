"""What stands between the examinators and the service as set up: named in Dutch by `cspe server status`."""

from __future__ import annotations

import grp
import os
import stat
from pathlib import Path

from .exports import exports_problems


def _name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return str(gid)


def no_socket_folder(folder: Path) -> str:
    return (
        f"De socketmap {folder} bestaat niet en de cspe-dienst mag hem niet maken (na een herstart van een server "
        f"zonder systemd is /run leeg). Start de dienst zoals 'cspe server init' het zei: eerst als root "
        f"'install -d -m 0750 -o DIENSTGEBRUIKER -g GROEP {folder}', dan runuser."
    )


def service_problems(socket_folder: Path, exports: Path, gid: int | None) -> list[str]:
    """Problems of the running service's set-up, seen from inside the service."""
    problems: list[str] = []
    if gid is not None and gid != os.getegid() and gid not in os.getgroups():
        problems.append(
            f"De cspe-dienst draait zonder de groep '{_name(gid)}' van de examinatoren: nieuwe officiële exports "
            f"worden dan niet leesbaar voor hen. Start hem opnieuw met die groep erbij (runuser ... -G {_name(gid)}, "
            "zoals 'cspe server init' het zegt, of via systemd)."
        )
    problems += exports_problems(exports, gid)
    try:
        st = os.stat(socket_folder)
    except OSError:
        return problems
    if gid is not None and (st.st_gid != gid or not stat.S_IMODE(st.st_mode) & 0o050 == 0o050):
        problems.append(
            f"De socketmap {socket_folder} (groep '{_name(st.st_gid)}', rechten {stat.S_IMODE(st.st_mode):o}) laat de "
            f"groep '{_name(gid)}' niet binnen: examinatoren kunnen de dienst niet bereiken."
        )
    return problems
