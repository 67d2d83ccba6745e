"""Shared by the `cspe` subcommands: which data folder, which user, exit codes and Dutch errors."""

from __future__ import annotations

import argparse
import io
import os
import shlex
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path
from typing import NoReturn

import platformdirs

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.domain.text import ARGUMENT, TextRefused, check_text, visible
from cspe_tui.store import DataFolderError, RecordStore, StoreError, UnknownModel, current_login
from cspe_tui.store.fs import os_reason

SERVER_DATA_DIR = Path("/srv/cspe")
"""The documented default on a shared school server: one folder, group examens, mode 2770."""
DATA_ENV = "CSPE_DATA"
EXIT_OK = 0
EXIT_REFUSED = 1
"""Bad input or a refusal, with a Dutch message that names the place."""
EXIT_INTERNAL = 2
"""A bug of ours: one Dutch line on stderr, the traceback in a file (`internal_error`)."""
EXIT_STORE_ERROR = EXIT_REFUSED
"""The store said no (not allowed, closed group, unknown model): a refusal like any other."""


class ArgumentRefused(ValueError):
    """An argument that cannot be used as text; the message is Dutch and names the argument."""


def _argument_place(arguments: Sequence[str], index: int) -> str:
    value = arguments[index]
    if value.startswith("--") and "=" in value:
        return f"argument {index + 1} ({value.split('=', 1)[0]})"
    if index > 0 and arguments[index - 1].startswith("-") and not value.startswith("-"):
        return f"argument {index + 1} (de waarde van {visible(arguments[index - 1], 40)})"
    return f"argument {index + 1}"


def decode_arguments(raw: Sequence[str | bytes]) -> list[str]:
    """Arguments as text, or ArgumentRefused naming the first bad one.

    Python hands undecodable bytes over as lone surrogates (surrogateescape); they
    would crash the first print or JSON write, so they are refused here, once, for
    every command. Control characters and bidi overrides are refused the same way.
    """
    arguments = [os.fsdecode(a) if isinstance(a, bytes) else a for a in raw]
    for index, value in enumerate(arguments):
        if any("\udc80" <= ch <= "\udcff" for ch in value):
            shown = value.encode("utf-8", "surrogateescape")
            raise ArgumentRefused(
                f"{_argument_place(arguments, index)}: bevat bytes die geen UTF-8 zijn ({visible(repr(shown)[2:-1], 60)}); "
                "stel de terminal in op UTF-8 (bijvoorbeeld LANG=nl_NL.UTF-8) en probeer het opnieuw"
            )
        try:
            check_text(value, ARGUMENT)
        except TextRefused as exc:
            raise ArgumentRefused(f"{_argument_place(arguments, index)}: {exc.message}") from None
    return arguments


def safe_output_streams() -> None:
    """Whatever a message contains, printing it never crashes on a strict (ASCII, Latin-1) terminal."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            with suppress(ValueError, io.UnsupportedOperation):
                stream.reconfigure(errors="backslashreplace")


def _log_folders() -> list[Path]:
    return [Path(platformdirs.user_log_dir("cspe", appauthor=False)), Path(tempfile.gettempdir())]


def internal_error(raw_arguments: Sequence[str | bytes]) -> int:
    """Call inside `except`: the traceback goes to a file, the user gets one Dutch line and where it is."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    report = (
        f"cspe {' '.join(visible(os.fsdecode(a) if isinstance(a, bytes) else a, 200) for a in raw_arguments)}\n"
        f"{datetime.now().isoformat()}\n\n{traceback.format_exc()}"
    )
    kind = type(sys.exc_info()[1]).__name__
    for folder in _log_folders():
        path = folder / f"cspe-fout-{stamp}-{os.getpid()}.txt"
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8", errors="backslashreplace") as handle:
                handle.write(report)
        except OSError:
            continue
        print(
            f"cspe: interne fout ({kind}); dit ligt niet aan je invoer. De details staan in {path}; "
            "stuur dat bestand naar de beheerder van cspe.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    print(
        f"cspe: interne fout ({kind}); dit ligt niet aan je invoer. De details konden niet worden bewaard.",
        file=sys.stderr,
    )
    return EXIT_INTERNAL


def demo_data_dir() -> Path:
    """Where `cspe demo` keeps its folder when no --data is given; `cspe --demo ...` finds it there."""
    return platformdirs.user_data_path("cspe-demo", appauthor=False)


def data_dir(args: argparse.Namespace) -> Path:
    """--data, else --demo's folder, else $CSPE_DATA, else /srv/cspe if it exists, else a folder per user."""
    given = getattr(args, "data", None)
    if given:
        return Path(given).expanduser()
    if getattr(args, "demo", False):
        return demo_data_dir()
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    if SERVER_DATA_DIR.is_dir():
        return SERVER_DATA_DIR
    return Path(platformdirs.user_data_dir("cspe", appauthor=False))


def add_als_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--als",
        metavar="LOGIN",
        help="werk als deze gebruiker (alleen in een demomap; anders altijd je eigen login)",
    )


def add_cspe_arguments(parser: argparse.ArgumentParser) -> None:
    """PROFIELVAK LEERWEG JAAR: how every command names one cspe."""
    parser.add_argument("profielvak", metavar="PROFIELVAK")
    parser.add_argument("leerweg", metavar="LEERWEG")
    parser.add_argument("jaar", metavar="JAAR")


def fail(exc: StoreError) -> NoReturn:
    print(str(exc), file=sys.stderr)
    raise SystemExit(EXIT_STORE_ERROR)


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn a StoreError into its Dutch message on stderr and exit code 1."""
    try:
        yield
    except StoreError as exc:
        fail(exc)


def find_model_key(store: RecordStore, slug: str) -> ModelKey:
    """A model by its slug (HBR-kb-2026-rood-B), case-insensitive when that is unambiguous."""
    models = store.models()
    exact = [key for key in models if key.slug == slug]
    loose = [key for key in models if key.slug.lower() == slug.lower()]
    if exact or len(loose) == 1:
        return (exact or loose)[0]
    known = ", ".join(sorted(k.slug for k in models)) or "geen"
    raise UnknownModel(f"Onbekend correctiemodel: {slug}. Bekende modellen: {known}.")


def open_store_from_args(args: argparse.Namespace, create: bool = False) -> RecordStore:
    """The user is the OS login; `--als` only works in a folder whose settings say demo.

    When a cspe service serves the folder, this is its client (same interface).
    """
    from cspe_tui.connect import open_store as open_served

    folder = data_dir(args)
    try:
        return open_served(folder, user=getattr(args, "als", None) or None, create=create)
    except DataFolderError as exc:
        if not folder.exists() and not getattr(args, "data", None) and (demo_data_dir() / "settings.json").exists():
            fail(DataFolderError(f"{exc} {demo_hint(getattr(args, 'argv', None))}"))
        fail(exc)
    except StoreError as exc:
        fail(exc)


def demo_hint(argv: Sequence[str] | None) -> str:
    """Exactly what to type to run the same command on the demo folder."""
    again = shlex.join(["cspe", "--demo", *(argv or ["log"])])
    return f"De demomap van 'cspe demo' staat in {demo_data_dir()}; typ voor die map: {again}"


__all__ = [
    "ArgumentRefused",
    "DATA_ENV",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_REFUSED",
    "EXIT_STORE_ERROR",
    "SERVER_DATA_DIR",
    "add_als_argument",
    "current_login",
    "data_dir",
    "demo_data_dir",
    "demo_hint",
    "fail",
    "decode_arguments",
    "find_model_key",
    "internal_error",
    "os_reason",
    "safe_output_streams",
    "open_store_from_args",
    "store_errors",
]


def write_asked_files(asked: Sequence[tuple[str | None, Callable[[Path], Path]]]) -> int:
    """Write each file the user named (`--csv F`, `--pdf F`) and name it; 1 with the reason when one fails."""
    written = []
    try:
        for name, write in asked:
            if name:
                written.append(write(Path(name)))
    except OSError as exc:
        print(f"Kan het bestand niet schrijven: {exc.strerror or exc}", file=sys.stderr)
        return 1
    for path in written:
        print(f"Geschreven: {path}")
    return 0
