"""Both backends are the RecordStore protocol, member for member: a member added to the protocol and one
backend only fails here. And the screens and the CLI take the protocol, never the in-process Store."""

from __future__ import annotations

import ast
import inspect
import typing
from pathlib import Path

import pytest

import cspe_tui
from cspe_tui.service.client import ServiceClient
from cspe_tui.store import RecordStore, Store

from .conftest import Backend

MISSING = object()
PACKAGE = Path(cspe_tui.__file__).parent

IN_PROCESS_ONLY = {
    "cli/demo.py": "a demo folder is never served; its demo users are played with --als",
    "cli/server.py": "sets the folder up (settings, owner) before a service serves it",
    "cli/server_folder.py": "the folder's checks, modes and settings for `cspe server init`, before any service",
    "demo.py": "builds the demo folder, writing as each demo user in turn",
    "connect.py": "chooses between the two backends",
}
"""Modules of the UI side that may open or name the in-process Store, and why."""


def protocol_members() -> dict[str, object]:
    members: dict[str, object] = {}
    for cls in reversed(RecordStore.__mro__):
        if cls in (object, typing.Protocol, typing.Generic):
            continue
        for name in getattr(cls, "__annotations__", {}):
            members[name] = MISSING
        for name, value in vars(cls).items():
            if not name.startswith("__") and not name.startswith("_abc") and name not in ("_is_protocol", "_is_runtime_protocol"):
                members[name] = value
    return members


def _parameters(function: object) -> list[inspect.Parameter]:
    return list(inspect.signature(function).parameters.values())  # type: ignore[arg-type]


def test_the_protocol_names_what_the_screens_call() -> None:
    """A sanity check on the walk below: it sees the commands, the reads and the attributes."""
    members = protocol_members()
    assert {"set_score", "load_group_at", "add_status_listener", "official_exports", "user", "folder"} <= set(members)


@pytest.mark.parametrize("backend_class", [Store, ServiceClient], ids=["store", "dienst"])
def test_every_protocol_method_is_there_with_the_same_parameters(backend_class: type) -> None:
    problems = []
    for name, declared in protocol_members().items():
        if declared is MISSING:
            continue  # a data attribute: checked on a live instance below
        found = inspect.getattr_static(backend_class, name, MISSING)
        if found is MISSING:
            problems.append(f"{name}: ontbreekt")
        elif isinstance(declared, property) != isinstance(found, property):
            problems.append(f"{name}: in het protocol {type(declared).__name__}, hier {type(found).__name__}")
        elif inspect.isfunction(declared):
            if not inspect.isfunction(found):
                problems.append(f"{name}: geen methode")
                continue
            want, have = _parameters(declared), _parameters(found)
            same = [(p.name, p.kind) for p in want] == [(p.name, p.kind) for p in have]
            defaults = all(h.default is not inspect.Parameter.empty for w, h in zip(want, have) if w.default is not w.empty)
            if not (same and defaults):
                problems.append(f"{name}{inspect.signature(found)} is niet {name}{inspect.signature(declared)}")
    assert problems == [], f"{backend_class.__name__} volgt RecordStore niet: " + "; ".join(problems)


def test_every_protocol_attribute_is_set_on_both_backends(backend: Backend) -> None:
    attributes = [name for name, declared in protocol_members().items() if declared is MISSING]
    assert attributes, "the protocol declares its data attributes"
    assert [name for name in attributes if not hasattr(backend.store, name)] == []
    assert (backend.store.official_exports_dir is None) == (backend.name == "store")


def _names_the_store(tree: ast.AST) -> list[str]:
    """`Store` or the in-process `open_store` imported from the store package."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cspe_tui.store"):
            found += [alias.name for alias in node.names if alias.name in ("Store", "open_store")]
    return found


def _protocol_users() -> list[tuple[str, ast.AST]]:
    """The modules of the UI side (and the store helpers they call), parsed; IN_PROCESS_ONLY left out."""
    paths = [*PACKAGE.glob("ui/**/*.py"), *PACKAGE.glob("present/**/*.py"), *PACKAGE.glob("cli/*.py"),
             *PACKAGE.glob("archive/*.py"), PACKAGE / "demo.py", PACKAGE / "connect.py",
             *(PACKAGE / "store" / f"{helper}.py" for helper in ("normering", "wolf", "photo_files"))]
    return [
        (name, ast.parse(path.read_text(encoding="utf-8")))
        for path in sorted(paths)
        if (name := path.relative_to(PACKAGE).as_posix()) not in IN_PROCESS_ONLY
    ]


def test_the_screens_and_the_cli_take_the_protocol() -> None:
    """The in-process Store only where a module says why (IN_PROCESS_ONLY); everything else works on both."""
    offenders = [f"{name}: {', '.join(found)}" for name, tree in _protocol_users() if (found := _names_the_store(tree))]
    assert offenders == []


def test_what_the_screens_and_the_cli_call_on_a_store_is_in_the_protocol() -> None:
    """`store.x`, `self.store.x`, `app.store.x`: a call past the protocol would work on one backend only."""
    members = set(protocol_members())
    outside = [
        f"{name}:{node.lineno} {node.attr}"
        for name, tree in _protocol_users()
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and (
            (isinstance(node.value, ast.Name) and node.value.id == "store")
            or (isinstance(node.value, ast.Attribute) and node.value.attr == "store")
        )
        and node.attr not in members
    ]
    assert outside == [], "zet het in RecordStore (store/api.py) en in beide backends"
