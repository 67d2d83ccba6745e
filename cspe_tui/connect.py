"""Which store a command or the app gets: the cspe service's client when it serves the folder, else in-process.

On a school server set up with `cspe server init` only the service may touch the data
folder, so every examinator goes through its socket. A single user's own folder and the
demo need no service: they get the in-process store, as before.
"""

from __future__ import annotations

import os
import socket
from pathlib import Path

from cspe_tui.service.client import ServiceClient
from cspe_tui.service.protocol import DEFAULT_SOCKET, ServiceError, ServiceUnavailable
from cspe_tui.store import RecordStore, Settings, open_store as open_local
from cspe_tui.store.errors import PermissionDenied

SOCKET_ENV = "CSPE_SOCKET"


def socket_path(given: Path | str | None = None) -> Path:
    """--socket, else $CSPE_SOCKET, else /run/cspe/cspe.sock."""
    if given:
        return Path(given)
    env = os.environ.get(SOCKET_ENV)
    return Path(env) if env else DEFAULT_SOCKET


def _same_folder(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.expanduser().absolute() == b.expanduser().absolute()


def _answers(path: Path) -> bool:
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(2.0)
        probe.connect(str(path))
        return True
    except OSError:
        return False
    finally:
        probe.close()


def _closed_to_us(data: Path) -> bool:
    try:
        os.listdir(data)
    except PermissionError:
        return True
    except OSError:
        return False
    return False


def open_store(
    data_dir: Path | str,
    user: str | None = None,
    create: bool = False,
    settings: Settings | None = None,
    socket: Path | str | None = None,
) -> RecordStore:
    """The service's client when its socket answers for this data folder; otherwise the in-process store.

    With the service, `user` other than your own login is refused: the service knows you from
    the kernel. Setting a folder up (`create`) is always in-process: no service serves it yet.
    """
    data = Path(data_dir).expanduser().absolute()
    path = socket_path(socket)
    if not create and _answers(path):
        client = ServiceClient(path)
        if _same_folder(client.data, data):
            if user and user.strip() != client.user:
                client.disconnect()
                raise PermissionDenied(
                    f"Werken als een andere gebruiker ({user}) kan alleen in een demomap; "
                    f"in deze gegevensmap werk je altijd als jezelf ({client.user})."
                )
            return client
        client.disconnect()
    elif not create and os.path.lexists(path) and _closed_to_us(data):
        raise ServiceUnavailable(
            f"De cspe-dienst beheert de gegevensmap {data}, maar antwoordt niet op {path}. Vraag de "
            "systeembeheerder de dienst te starten (systemctl start cspe); 'cspe server status' zegt meer."
        )
    return open_local(data, user=user, create=create, settings=settings)


__all__ = ["DEFAULT_SOCKET", "SOCKET_ENV", "ServiceError", "open_store", "socket_path"]
