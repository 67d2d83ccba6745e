"""The footer with the app's own keys (help, stoppen) first, so a narrow terminal never cuts them off."""

from __future__ import annotations

from itertools import groupby

from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer
from textual.widgets._footer import FooterKey, FooterLabel, KeyGroup


class KeyFooter(Footer):
    """Textual's footer lists the focused widget's keys first and the app's last; at 80 columns
    `? Help` and `q Stoppen` fell off the edge. Here they come first, then the screen's own.

    Textual rebuilds the footer on every change of the bindings (a screen coming back, a row
    moved); here it is rebuilt only when what it shows would differ."""

    _shown: tuple | None = None

    def _signature(self) -> tuple:
        """What the footer would show: every binding it lists, with its key, text and state."""
        return tuple(
            (b.binding.key, b.binding.action, b.binding.description, b.binding.group, b.enabled, b.tooltip,
             b.node is self.app)
            for b in self.screen.active_bindings.values() if b.binding.show
        )

    def bindings_changed(self, screen) -> None:
        if self._bindings_ready and screen is self.screen and self._shown is not None and self._signature() == self._shown:
            return
        super().bindings_changed(screen)

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        self._shown = self._signature()
        active = self.screen.active_bindings.values()
        shown = [b for b in active if b.binding.show]
        ordered = [b for b in shown if b.node is self.app] + [b for b in shown if b.node is not self.app]
        by_action: dict[str, object] = {}
        for active_binding in ordered:
            by_action.setdefault(active_binding.binding.action, active_binding)
        for group, members in groupby(by_action.values(), lambda b: b.binding.group):
            members = list(members)
            if group is not None and len(members) > 1:
                with KeyGroup(classes="-compact" if group.compact else ""):
                    for _, binding, enabled, tooltip in members:
                        yield self._key(binding, "", enabled, tooltip or binding.description, "-grouped")
                yield FooterLabel(group.description)
            else:
                for _, binding, enabled, tooltip in members:
                    yield self._key(binding, binding.description, enabled, tooltip)

    def _key(self, binding: Binding, description: str, enabled: bool, tooltip: str, classes: str = "") -> FooterKey:
        """Compact as the footer is, set before mounting: Textual's data binding restyled every key twice
        (its default, then the footer's value), on each rebuild of the footer (the footer's compactness never changes)."""
        key = FooterKey(
            binding.key,
            self.app.get_key_display(binding),
            description,
            binding.action,
            disabled=not enabled,
            tooltip=tooltip,
            classes=classes,
        )
        key.set_reactive(FooterKey.compact, self.compact)
        key.set_class(self.compact, "-compact", update=False)
        return key
