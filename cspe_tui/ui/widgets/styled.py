"""Component styles kept until the CSS changes.

Textual forgets a widget's component styles on every refresh; a widget that repaints on
each key looked them up again for every changed row or cell, which cost more than the
drawing itself. These are dropped only when the styles really change (a new theme, focus).
"""

from __future__ import annotations

from rich.style import Style
from textual.widget import Widget


class KeptStyles(Widget):
    """Mixed into a widget class before its Textual base."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._kept_styles: dict[tuple[str, bool], Style] = {}

    def component_style(self, component: str, partial: bool = False) -> Style:
        key = (component, partial)
        style = self._kept_styles.get(key)
        if style is None:
            style = self._kept_styles[key] = self.get_component_rich_style(component, partial=partial)
        return style

    @property
    def base_style(self) -> Style:
        style = self._kept_styles.get(("", False))
        if style is None:
            style = self._kept_styles[("", False)] = self.rich_style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._kept_styles.clear()
