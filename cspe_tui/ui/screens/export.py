"""Write a group's records (the formats written at closing, exports/formats/) with visible progress.

Runs in a thread worker: a PDF of 300 candidates takes seconds, and the screen must
keep drawing (and show how far it is) meanwhile.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import ProgressBar, Static

from cspe_tui.domain.group import GroupState
from cspe_tui.exports.formats import closing_formats, titles
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.ui.downloads import offer_downloads
from cspe_tui.ui.screens.base import Dialog


class ExportScreen(Dialog[list[Path] | None]):
    """Dismisses with the written files once the user has read where they are."""

    PROGRESS_EVERY = 0.2
    """Seconds between progress updates: enough for the eye, never a brake on the writer."""

    class Progressed(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done = done
            self.total = total

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,enter", "done", "Sluiten", id="export-klaar", tooltip="Terug (de export loopt door als hij nog bezig is)"),
        Binding("a", "archive", "Archief maken", id="archief-maken",
                tooltip="Maak het archief van de gesloten groep: alle stukken, het logboek, de foto's en een manifest"),
    ]

    def __init__(self, store: RecordStore, group_id: str, closed: bool = False) -> None:
        """`closed`: just closed in the app; this dialog is then the one message that says so."""
        super().__init__()
        self.store = store
        self.group_id = group_id
        self.closed = closed
        self.written: list[Path] = []
        self.group_closed = False
        self.archive: Path | None = None
        self._last_progress = 0.0

    def compose(self) -> ComposeResult:
        with Vertical(id="export-dialog", classes="dialog"):
            title = f"Groep {self.group_id} is gesloten" if self.closed else f"Exporteren: {self.group_id}"
            yield Static(title, classes="dialog-title", markup=False)
            yield Static(f"{titles(closing_formats())} maken ...", id="export-status", markup=False)
            yield ProgressBar(id="export-progress", show_eta=False)
            yield Static("", id="export-files", markup=False)
            yield Static("", id="export-archive", markup=False)

    def on_mount(self) -> None:
        try:
            state = self.store.export_state(self.group_id)
        except StoreError as exc:
            self._failed(str(exc))
            return
        self._export(state)

    @work(thread=True, exclusive=True, description="export")
    def _export(self, state: GroupState) -> None:
        """The description is fixed: by default Textual writes out the repr of every argument,
        and the repr of a 300-candidate group cost a third of a second of the export."""
        from cspe_tui.exports.files import write_group_records
        from cspe_tui.exports.school import SchoolInfo
        from cspe_tui.store.photo_files import photo_source

        folder = self.store.folder.path / "exports" / state.info.group_id
        school = SchoolInfo.from_settings(self.store.settings)
        try:
            folder = self.store.exports_folder(state.info.group_id)
            written = write_group_records(
                state, school, folder, progress=self._progress_from_thread,
                photos=photo_source(self.store, state.info.group_id),
            )
        except OSError as exc:
            self.app.call_from_thread(self._failed, f"Export mislukt in {folder}: {exc.strerror or exc}")
            return
        self.app.call_from_thread(self._finished, written, state)

    def _progress_from_thread(self, done: int, total: int) -> None:
        """Posts without waiting (call_from_thread would block the writer on every candidate)."""
        now = time.monotonic()
        if 0 < done < total and now - self._last_progress < self.PROGRESS_EVERY:
            return
        self._last_progress = now
        self.post_message(self.Progressed(done, total))

    @on(Progressed)
    def _show_progress(self, message: Progressed) -> None:
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)

    def _finished(self, written: list[Path], state: GroupState) -> None:
        self.written = written
        self.group_closed = state.sluiting is not None
        self.refresh_bindings()
        seal = state.sluiting.seal if state.sluiting else "niet gesloten: dit is een tussenstand"
        self.query_one("#export-status", Static).update(f"Klaar. Zegel: {seal}")
        self.query_one("#export-files", Static).update("\n".join(str(p) for p in written))
        offer_downloads(self.app, written)

    def _failed(self, message: str) -> None:
        self.query_one("#export-status", Static).update(message)
        self.query_one("#export-status", Static).add_class("-error")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "archive":
            return self.group_closed and self.archive is None
        return True

    def action_archive(self) -> None:
        if self.group_closed and self.archive is None:
            self.query_one("#export-archive", Static).update("Archief maken ...")
            self._make_archive()

    @work(thread=True, exclusive=True, description="archief")
    def _make_archive(self) -> None:
        from cspe_tui.archive.make import make_archive

        try:
            folder, digest = make_archive(self.store, self.group_id, self.store.exports_folder(self.group_id))
        except StoreError as exc:
            self.app.call_from_thread(self._archive_failed, str(exc))
        except FileExistsError as exc:
            self.app.call_from_thread(self._archive_failed, f"{exc.args[0]} bestaat al; het archief is al gemaakt.")
        except OSError as exc:
            self.app.call_from_thread(self._archive_failed, f"Archief niet geschreven: {exc.strerror or exc}")
        else:
            self.app.call_from_thread(self._archived, folder, digest)

    def _archived(self, folder: Path, digest: str) -> None:
        self.archive = folder
        self.refresh_bindings()
        self.query_one("#export-archive", Static).update(
            f"Archief: {folder}\nManifest (SHA-256): {digest}\nControleer het met: cspe archief controleer en deze map."
        )

    def _archive_failed(self, message: str) -> None:
        box = self.query_one("#export-archive", Static)
        box.update(message)
        box.add_class("-error")

    def action_done(self) -> None:
        self.dismiss(self.written or None)
