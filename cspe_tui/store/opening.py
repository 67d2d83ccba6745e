"""Opening a data folder as a user: set it up when asked, refuse another name outside a demo."""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from filelock import Timeout

from .datafolder import DataFolder, file_lock, settings_bytes
from .errors import CorruptFile, DataFolderError, GroupBusy, InvalidInput, PermissionDenied
from .fs import atomic_write, check_folder, ensure_dir, make_dir, reason_of
from .settings import Settings
from .store import Store


def current_login() -> str:
    """The OS account of this process; never an environment variable, which anyone can set."""
    return pwd.getpwuid(os.getuid()).pw_name



def open_store(
    data_dir: Path | str,
    user: str | None = None,
    create: bool = False,
    settings: Settings | None = None,
) -> Store:
    """Open (or with `create`, set up) a data folder as `user`.

    `user` defaults to the OS login; another name is accepted only in a demo folder,
    or by the call that sets the folder up (there is nothing in it yet to protect).
    `settings` is used only when `create` sets up a new folder; by default the
    creating user becomes its examensecretaris.
    """
    login = current_login()
    path = Path(data_dir).expanduser().absolute()
    if create and not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            make_dir(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise DataFolderError(f"De gegevensmap {path} kan niet worden aangemaakt: {reason_of(exc, path.parent)}.") from None
    writable = check_folder(path, login)
    folder = DataFolder(path=path, writable=writable)
    fresh = False
    if not folder.settings_file.exists() and not folder.log_file.exists():
        if not create:
            raise DataFolderError(
                f"De gegevensmap {path} is nog niet ingericht (settings.json ontbreekt). "
                "Kies de juiste map met --data of CSPE_DATA."
            )
        if not writable:
            raise DataFolderError(f"De gegevensmap {path} kan niet worden ingericht: je hebt er geen schrijfrechten.")
        initial = settings or Settings(examensecretarissen=[user or login])
        try:
            with file_lock(folder.lock_file):
                if not folder.settings_file.exists():
                    atomic_write(folder.settings_file, settings_bytes(initial))
                    fresh = True
                ensure_dir(folder.groups)
                ensure_dir(folder.models)
        except Timeout:
            raise GroupBusy("De gegevensmap is bezet door een ander proces; probeer het opnieuw.") from None
        except OSError as exc:
            raise DataFolderError(f"De gegevensmap {path} kan niet worden ingericht: {reason_of(exc, path)}.") from None
    chosen = login if user is None else user.strip()
    if not chosen:
        raise InvalidInput("Geef een gebruikersnaam op.")
    store = Store(folder, chosen if fresh or chosen == login else login)
    try:
        demo = store.settings.demo
    except CorruptFile:
        demo = False  # an unreadable folder log: only the OS login, to run 'cspe verify'
    if chosen != login and not demo and not fresh:
        raise PermissionDenied(
            f"Werken als een andere gebruiker ({chosen}) kan alleen in een demomap; "
            f"in deze gegevensmap werk je altijd als jezelf ({login})."
        )
    store.user = chosen
    if writable:
        store._cleanup_on_start()
    return store
