"""Every binding our screens and widgets define has an id (for the keymap) and a Dutch tooltip."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from textual.binding import Binding
from textual.dom import DOMNode

import cspe_tui.ui

ENGLISH = {"quit", "close", "cancel", "save", "open", "back", "search"}


def _our_classes() -> list[type[DOMNode]]:
    classes = []
    for info in pkgutil.walk_packages(cspe_tui.ui.__path__, prefix="cspe_tui.ui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, DOMNode) and cls.__module__ == module.__name__ and "BINDINGS" in cls.__dict__:
                classes.append(cls)
    return classes


def test_all_bindings_have_ids_tooltips_and_unique_ids_per_class():
    classes = _our_classes()
    assert len(classes) >= 15
    for cls in classes:
        ids: dict[str, str] = {}
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding), f"{cls.__name__}: {binding!r} is geen Binding"
            assert binding.id, f"{cls.__name__}: {binding.key} heeft geen id"
            assert binding.tooltip, f"{cls.__name__}: {binding.id} heeft geen tooltip"
            assert binding.description.lower() not in ENGLISH, f"{cls.__name__}: {binding.description}"
            assert ids.setdefault(binding.id, binding.action) == binding.action, f"{cls.__name__}: {binding.id} twee keer"
