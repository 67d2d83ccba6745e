"""Shared by the `cspe` subcommands: which data folder, which user, and Dutch errors with exit code 2."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import platformdirs

from cspe_tui.domain.correctiemodel import ModelKey
from cspe_tui.store import Store, StoreError, UnknownModel, current_login

SERVER_DATA_DIR = Path("/srv/cspe")
"""The documented default on a shared school server: one folder, group examens, mode 2770."""
DATA_ENV = "CSPE_DATA"
EXIT_STORE_ERROR = 2


def data_dir(args: argparse.Namespace) -> Path:
    """--data, else $CSPE_DATA, else /srv/cspe if it exists, else a folder per user."""
    given = getattr(args, "data", None)
    if given:
        return Path(given).expanduser()
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


def fail(exc: StoreError) -> NoReturn:
    print(str(exc), file=sys.stderr)
    raise SystemExit(EXIT_STORE_ERROR)


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn a StoreError into its Dutch message on stderr and exit code 2."""
    try:
        yield
    except StoreError as exc:
        fail(exc)


def find_model_key(store: Store, slug: str) -> ModelKey:
    """A model by its slug (HBR-kb-2026-rood-B), case-insensitive when that is unambiguous."""
    models = store.models()
    exact = [key for key in models if key.slug == slug]
    loose = [key for key in models if key.slug.lower() == slug.lower()]
    if exact or len(loose) == 1:
        return (exact or loose)[0]
    known = ", ".join(sorted(k.slug for k in models)) or "geen"
    raise UnknownModel(f"Onbekend correctiemodel: {slug}. Bekende modellen: {known}.")


def open_store_from_args(args: argparse.Namespace, create: bool = False) -> Store:
    """The user is the OS login; `--als` only works in a folder whose settings say demo.

    When a cspe service serves the folder, this is its client (same interface).
    """
    from cspe_tui.connect import open_store as open_served

    with store_errors():
        return open_served(data_dir(args), user=getattr(args, "als", None) or None, create=create)


__all__ = [
    "DATA_ENV",
    "EXIT_STORE_ERROR",
    "SERVER_DATA_DIR",
    "add_als_argument",
    "current_login",
    "data_dir",
    "fail",
    "find_model_key",
    "open_store_from_args",
    "store_errors",
]
