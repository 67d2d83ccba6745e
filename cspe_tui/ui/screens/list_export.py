"""Writing a list over several groups (the cijferlijst, the Wolf list) as PDF or CSV.

Both screens write in a thread (fpdf2 takes a moment, the screen keeps drawing), into the
store's folder for such lists (the data folder, or through the service a folder in the
user's home), name the file or the reason it failed, and offer it as a download when the
app runs in a browser.
"""

from __future__ import annotations

from pathlib import Path

from textual import work

from cspe_tui.store import StoreError
from cspe_tui.store.fs import make_dirs
from cspe_tui.ui.downloads import offer_downloads


class ListExport:
    """Mixed into a screen with `store`, `export_dir` and `written`; it supplies the three hooks."""

    LIST_FOLDER: str
    """The folder's name under the store's lists folder: `cijferlijsten`, `wolf`."""

    def _list_file(self, kind: str) -> str | None:
        """The file name for `kind` ("pdf" or "csv"), or None when there is nothing to write."""
        raise NotImplementedError

    def _write_list(self, kind: str, path: Path) -> None:
        raise NotImplementedError

    def _list_written(self, path: Path) -> None:
        raise NotImplementedError

    def action_export_pdf(self) -> None:
        self._export("pdf")

    def action_export_csv(self) -> None:
        self._export("csv")

    @work(thread=True, exclusive=True, group="list-export")
    def _export(self, kind: str) -> None:
        name = self._list_file(kind)
        if name is None:
            return
        folder = self.export_dir or self.store.lists_folder(self.LIST_FOLDER)
        path = folder / name
        try:
            make_dirs(folder)
            self._write_list(kind, path)
        except (OSError, StoreError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.app.call_from_thread(
                self.notify, f"Niet geschreven in {folder}: {reason}", severity="error", title="Export mislukt"
            )
            return
        self.app.call_from_thread(self._exported, path)

    def _exported(self, path: Path) -> None:
        self.written.append(path)
        offer_downloads(self.app, [path])
        self._list_written(path)
