"""What keeps the service alone and honest: one per data folder, one per socket, peers known by the kernel."""

from __future__ import annotations

import fcntl
import os
import socket
import struct
from pathlib import Path

from cspe_tui.store.errors import DataFolderError

LOCK_NAME = ".service.lock"


class AlreadyServed(DataFolderError):
    """A second service on the same data folder, or a socket another service answers on."""


def peer_credentials(sock: socket.socket) -> tuple[int, int, int]:
    """(pid, uid, gid) of the process on the other end, as the kernel knows it."""
    raw = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    return struct.unpack("3i", raw)


def hold_folder_lock(data: Path) -> int:
    """An exclusive lock held for the service's life; a second service on this folder is refused."""
    path = data / LOCK_NAME
    fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        other = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise AlreadyServed(
            f"Er draait al een cspe-dienst op de gegevensmap {data} (pid {other}); een tweede start niet."
        ) from None
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    return fd


def claim_socket(path: Path) -> None:
    """Remove a socket left by a service that died; refuse one that still answers."""
    if not os.path.lexists(path):
        return
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(1.0)
        probe.connect(str(path))
    except OSError:
        path.unlink()
        return
    finally:
        probe.close()
    raise AlreadyServed(f"Op {path} luistert al een andere cspe-dienst; kies een ander --socket of stop die eerst.")
