"""In the browser (`cspe web`), what the app writes is also offered as a download.

Textual's `deliver_binary` hands the file to the gateway, which serves it only to the
session whose app made it. In a terminal nothing changes: the files stay where they
were written (the message names them).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App

MIME_TYPES = {".pdf": "application/pdf", ".csv": "text/csv", ".txt": "text/plain"}


def offer_downloads(app: App[object], paths: Iterable[Path]) -> int:
    """Offers each file to the browser; returns how many (0 outside a browser)."""
    if not app.is_web:
        return 0
    offered = 0
    for path in paths:
        app.deliver_binary(path, save_filename=path.name, mime_type=MIME_TYPES.get(path.suffix.lower(), "application/octet-stream"))
        offered += 1
    return offered
