"""File-system rules of the data folder: modes, atomic replace, safe names, Dutch OS errors."""

from __future__ import annotations

import errno
import grp
import hashlib
import os
import re
import secrets
import stat
from contextlib import suppress
from pathlib import Path

from .errors import DataFolderError, NotSavedError

FILE_MODE = 0o660
"""Group members share everything; others get nothing, whatever the umask says."""
DIR_MODE = 0o2770
"""setgid: files made inside keep the folder's Unix group, so the whole group can read them."""
TMP_MARK = ".tmp-"

_SAFE_NAME = re.compile(r"[A-Za-z0-9_-]{1,64}")
GROUP_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")


def make_dir(path: Path) -> None:
    os.mkdir(path, 0o770)
    os.chmod(path, DIR_MODE)


def make_dirs(path: Path) -> None:
    """mkdir -p for exports: a folder made inside a shared (setgid) folder gets its 2770, whatever the umask."""
    missing: list[Path] = []
    probe = path
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    for folder in reversed(missing):
        try:
            os.mkdir(folder, 0o770)
        except FileExistsError:
            continue
        if folder.parent.stat().st_mode & stat.S_ISGID:
            os.chmod(folder, DIR_MODE)
    if not path.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(path))


def ensure_dir(path: Path) -> None:
    if path.is_dir():
        return
    with suppress(FileExistsError):
        make_dir(path)


def sync(fd: int) -> None:
    os.fsync(fd)


def fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def tmp_path(path: Path) -> Path:
    return path.with_name(f".{path.name}{TMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def atomic_write(path: Path, data: bytes) -> None:
    """Readers see the old file or the new one, never a mix; a failure leaves no temp file."""
    _replace(path, data, durable=True)
    # The new content is visible now; a failing directory fsync only weakens durability.
    with suppress(OSError):
        fsync_dir(path.parent)


def write_checkpoint_file(path: Path, data: bytes) -> None:
    """Replace a checkpoint file only when its content differs (for the small folder files)."""
    try:
        if path.read_bytes() == data:
            return
    except OSError:
        pass
    replace_file(path, data)


def replace_file(path: Path, data: bytes) -> None:
    """Atomic replace without fsync, for files rebuilt from a log: the log line is already durable."""
    _replace(path, data, durable=False)


def _replace(path: Path, data: bytes, durable: bool) -> None:
    tmp = tmp_path(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            write_all(fd, data)
            if durable:
                sync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def remove_tmp_files(folder: Path) -> int:
    """Leftovers of writes killed half-way; call only while holding the lock that guards `folder`."""
    removed = 0
    try:
        names = os.listdir(folder)
    except OSError:
        return 0
    for name in names:
        if name.startswith(".") and TMP_MARK in name:
            with suppress(OSError):
                os.unlink(folder / name)
                removed += 1
    return removed


def candidate_file_name(examennummer: str) -> str:
    """`cand-<nr>.json` for plain numbers; anything else is hashed so no name can escape the folder."""
    if _SAFE_NAME.fullmatch(examennummer):
        return f"cand-{examennummer}.json"
    digest = hashlib.sha256(examennummer.encode("utf-8")).hexdigest()[:32]
    return f"cand={digest}.json"


def reason_of(exc: OSError, folder: Path) -> str:
    code = exc.errno
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "de schijf is vol. Maak ruimte vrij (of vraag de systeembeheerder) en probeer het opnieuw"
    if code == errno.EROFS:
        return f"de gegevensmap {folder} staat op een schijf die alleen gelezen kan worden"
    if code in (errno.EACCES, errno.EPERM):
        return f"je hebt geen schrijfrechten in de gegevensmap {folder}"
    if code == errno.EIO:
        return "de schijf meldt een schrijffout"
    return f"schrijffout ({os_reason(exc)})"


def os_reason(exc: OSError, folder: Path | None = None) -> str:
    """An OS error in Dutch; the English strerror stays out of what the user reads."""
    code = exc.errno
    if code in (errno.EACCES, errno.EPERM):
        return "geen schrijf- of leesrechten"
    if code == errno.ENOENT:
        if folder is not None and folder.is_dir():
            return "in deze map kunnen geen bestanden worden gemaakt"
        return "de map of het bestand bestaat niet"
    if code == errno.ENOTDIR:
        return "een deel van het pad is geen map"
    if code == errno.EISDIR:
        return "dit is een map, geen bestand"
    if code == errno.EROFS:
        return "de schijf kan alleen gelezen worden"
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "de schijf is vol"
    if code == errno.EEXIST:
        return "er staat al een bestand met die naam"
    if code == errno.ENAMETOOLONG:
        return "de naam is te lang"
    if code == errno.EIO:
        return "de schijf meldt een lees- of schrijffout"
    return f"systeemfout {errno.errorcode.get(code, code) if code is not None else type(exc).__name__}"


def not_saved(what: str, exc: OSError, folder: Path) -> NotSavedError:
    return NotSavedError(
        f"{what} is niet opgeslagen: {reason_of(exc, folder)}. Wat eerder was opgeslagen, is niet veranderd."
    )


def check_folder(path: Path, login: str) -> bool:
    """Refuse an unsafe or foreign data folder with a Dutch reason; returns whether we may write."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise DataFolderError(
            f"De gegevensmap {path} bestaat niet. Kies een andere met --data MAP of CSPE_DATA, "
            f"laat de systeembeheerder hem maken met 'cspe server init --data {path} --groep GROEP', "
            "of probeer de app met 'cspe demo'."
        ) from None
    except PermissionError:
        raise DataFolderError(f"Je ({login}) mag de gegevensmap {path} niet openen.") from None
    if not stat.S_ISDIR(st.st_mode):
        raise DataFolderError(f"{path} is geen map; geef een map op als gegevensmap.")
    if st.st_mode & stat.S_IWOTH:
        raise DataFolderError(
            f"De gegevensmap {path} is schrijfbaar voor iedereen (rechten {stat.S_IMODE(st.st_mode):o}). "
            "Dan kan elke gebruiker van de server scores veranderen. Geef alleen de examengroep toegang, "
            f"bijvoorbeeld met: chmod 2770 {path}"
        )
    euid = os.geteuid()
    if euid != 0 and st.st_uid != euid and st.st_gid not in {os.getegid(), *os.getgroups()}:
        try:
            group = grp.getgrgid(st.st_gid).gr_name
        except KeyError:
            group = str(st.st_gid)
        raise DataFolderError(
            f"Je ({login}) hoort niet bij de groep '{group}' van de gegevensmap {path}. "
            "Vraag de systeembeheerder je aan die groep toe te voegen (en log daarna opnieuw in)."
        )
    if not os.access(path, os.R_OK | os.X_OK):
        raise DataFolderError(f"Je ({login}) mag de gegevensmap {path} niet lezen.")
    return os.access(path, os.W_OK)
