"""The bindings in force on a screen, with the user's keymap applied.

Help and the command palette both read them from here, so neither can drift from
what the keys really do.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from textual.binding import Binding
from textual.dom import DOMNode
from textual.screen import Screen


@dataclass
class BoundAction:
    """One binding id with every key it is on."""

    id: str
    keys: list[str]
    description: str
    tooltip: str
    where: str
    action: str
    node: DOMNode
    shown: bool
    group: str | None = None
    bindings: list[Binding] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    """Every binding id behind this entry (several when a group merged them), for the keymap."""

    def __post_init__(self) -> None:
        if not self.ids:
            self.ids = [self.id]


def _ours(node: DOMNode) -> bool:
    return type(node).__module__.startswith("cspe_tui.")


def _nodes(screen: Screen) -> Iterator[DOMNode]:
    """The screen, our own widgets on it, then the app; Textual's widgets keep their own (English) help.

    A focused widget whose keys are the screen's main work (`HELP_FIRST`: the criteria table,
    where scores are typed) comes before the screen."""
    focused = screen.focused
    first = focused if focused is not None and _ours(focused) and getattr(focused, "HELP_FIRST", False) else None
    if first is not None:
        yield first
    yield screen
    for widget in screen.walk_children(with_self=False):
        if _ours(widget) and widget is not first:
            yield widget
    yield screen.app


def _enabled(node: DOMNode, binding: Binding) -> bool:
    action = binding.action.split(".", 1)[-1] if binding.action.startswith(("app.", "screen.")) else binding.action
    name, _, _ = action.partition("(")
    target = node.app if binding.action.startswith("app.") else node
    return target.check_action(name, ()) is not False


def bound_actions(screen: Screen) -> list[BoundAction]:
    """Every non-system binding with an id, in definition order, one entry per id."""
    app = screen.app
    keymap = getattr(app, "keymap", {})
    found: dict[str, BoundAction] = {}
    for node in _nodes(screen):
        bindings_map = node._bindings.copy()
        if keymap:
            bindings_map.apply_keymap(keymap)
        where = getattr(node, "HELP_GROUP", type(node).__name__)
        generic_last = sorted(bindings_map, key=lambda item: item[1].action.startswith(("app.", "screen.")))
        for key, binding in generic_last:
            if binding.system or binding.id is None or not _enabled(node, binding):
                continue
            entry = found.get(binding.id)
            display = app.get_key_display(binding.with_key(key))
            if entry is None:
                found[binding.id] = BoundAction(
                    id=binding.id,
                    keys=[display],
                    description=binding.description,
                    tooltip=binding.tooltip,
                    where=where,
                    action=binding.action,
                    node=node,
                    shown=binding.show,
                    group=binding.group.description if binding.group else None,
                    bindings=[binding],
                )
            elif display not in entry.keys:
                entry.keys.append(display)
    return list(found.values())


def grouped(actions: list[BoundAction]) -> list[BoundAction]:
    """Bindings in one Binding.Group (the digits) become one line."""
    result: list[BoundAction] = []
    groups: dict[str, BoundAction] = {}
    for action in actions:
        if action.group is None:
            result.append(action)
            continue
        merged = groups.get(action.group)
        if merged is None:
            merged = BoundAction(
                id=action.id,
                keys=list(action.keys),
                description=action.group,
                tooltip=action.tooltip,
                where=action.where,
                action=action.action,
                node=action.node,
                shown=action.shown,
                group=action.group,
            )
            groups[action.group] = merged
            result.append(merged)
        else:
            merged.keys.extend(action.keys)
            merged.ids.append(action.id)
            if action.tooltip not in merged.tooltip:
                merged.tooltip = f"{merged.tooltip}; {action.tooltip}"
    return result


def key_for(screen: Screen, binding_id: str) -> str:
    """The key a user presses for a binding id on this screen (after their keymap), for messages."""
    for action in bound_actions(screen):
        if action.id == binding_id:
            return action.keys[0]
    return binding_id
