"""The groups you take part in, with everyone's progress; the examensecretaris also creates groups here.

The rows come from the store's small per-group summaries, not from the groups themselves;
back from a group only rows whose summary changed are redrawn. Closed groups are checked
(hash chain, checkpoint, seal) in a thread after the first frame; a group that fails is
marked in its row. The check waits until the keys have rested for a second (at least a
second after the start): it holds Python's lock for about 0.1 s per group, and the first
keys after the start were answered at half speed while it ran.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from typing import ClassVar

from textual import events, work
from textual.worker import get_current_worker
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Static

from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.decide_secretaris import work_done
from cspe_tui.domain.group import Role
from cspe_tui.domain.summary import GroupSummary
from cspe_tui.domain.group_notes import Withdrawal
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.ui.screens.base import BaseScreen
from cspe_tui.ui.screens.start_columns import Layout, choose_layout, group_cell, row_cells
from cspe_tui.ui.screens.start_live import Read, StartLive
from cspe_tui.ui.screens.start_table import GroupTable
from cspe_tui.ui.widgets.key_footer import KeyFooter
from cspe_tui.domain.wording import count
from cspe_tui.present.group_row import GroupRow, group_row

SCROLLBAR = 1
CHECK_WHEN_QUIET = 1.0
"""Seconds without a key (and since the start screen came) before the closed groups are checked."""
"""Kept free for the table's vertical scrollbar (styles/start.tcss), so a long list never pushes a column off."""


class StartScreen(StartLive, BaseScreen):
    HELP_GROUP: ClassVar[str] = "Groepen"
    AUTO_FOCUS = "#groups"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open_group", "Openen", id="groep-openen", priority=True,
                tooltip="Open de gekozen groep om te beoordelen of te bekijken"),
        Binding("n", "new_group", "Nieuwe groep", id="nieuwe-groep",
                tooltip="Maak een groep uit een correctiemodel en een kandidaten-CSV (examensecretaris)"),
        Binding("c", "cijferlijst", "Cijferlijst", id="cijferlijst",
                tooltip="De cijferlijst van het cspe van de gekozen groep (alle onderdelen, N-term en L)"),
        Binding("w", "wolf", "Wolf", id="wolf-lijst",
                tooltip="De scores van de eerste afname van het cspe van de gekozen groep, om in Wolf over te typen"),
        Binding("m", "model_editor", "Correctiemodel", id="correctiemodel-maken",
                tooltip="Maak een correctiemodel, nieuw of als kopie van een ingelezen model (examensecretaris)"),
        Binding("r", "reload", "Vernieuwen", id="vernieuwen", show=False,
                tooltip="Lees de groepen en hun voortgang opnieuw (het scherm volgt ze ook zelf)"),
        Binding("home", "first_group", "Eerste groep", id="eerste-groep", show=False, priority=True,
                tooltip="Naar de eerste groep van de lijst"),
        Binding("end", "last_group", "Laatste groep", id="laatste-groep", show=False, priority=True,
                tooltip="Naar de laatste groep van de lijst"),
        Binding("d", "remove_group", "Verwijderen", id="groep-verwijderen", show=False,
                tooltip="Verwijder de gekozen groep als er nog niets in is gedaan (examensecretaris)"),
        Binding("v", "withdraw_group", "Laten vervallen", id="groep-vervallen", show=False,
                tooltip="Laat de gekozen groep vervallen met een reden: hij blijft bewaard maar telt niet mee "
                "(examensecretaris)"),
    ]

    def __init__(self, store: RecordStore) -> None:
        super().__init__()
        self.store = store
        self.summaries: list[GroupRow] = []
        self.columns_layout: Layout | None = None
        self._failed: dict[str, str] = {}
        self._checked: set[str] = set()
        """Closed groups whose full check this screen has had made."""
        self._since = time.monotonic()

    def compose(self) -> ComposeResult:
        role = " · examensecretaris" if self.store.is_secretaris else ""
        school = self.store.settings.school
        yield Static(f"cspe · {school} · ingelogd als {self.store.user}{role}", id="info", markup=False)
        yield Static("", id="banner", classes="-hidden", markup=False)
        yield GroupTable(id="groups", cursor_type="row", zebra_stripes=False)
        yield Static("", id="start-empty", markup=False)
        yield KeyFooter()

    def on_mount(self) -> None:
        if self.store.settings.demo:
            banner = self.query_one("#banner", Static)
            banner.update("DEMO: voorbeeldgegevens, geen echte examens.")
            banner.remove_class("-hidden")
        self.action_reload()
        self.call_after_refresh(self._check_closed_groups)
        self.call_after_refresh(self._start_following)

    def _width(self) -> int:
        return (self.size.width or self.app.size.width) - SCROLLBAR

    def on_resize(self, event: events.Resize) -> None:
        if choose_layout(event.size.width - SCROLLBAR, self.summaries) != self.columns_layout:
            self._show(self.summaries)

    def on_screen_resume(self) -> None:
        if self.is_mounted:
            self._resume_following()
            self._show(self._load())
            self._check_closed_groups()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "new_group":
            return self.store.may_in_folder("create_group") is None
        if action == "model_editor":
            return self.store.is_secretaris
        if action in ("open_group", "cijferlijst"):
            return bool(self.summaries) or None
        if action in ("remove_group", "withdraw_group"):
            what = "remove_group" if action == "remove_group" else "withdraw"
            chosen = self._chosen()
            if self.store.may_in_folder("remove_group") is not None:
                return False
            return (chosen is not None and chosen.withdrawn is None and (what == "withdraw" or not chosen.closed)) or None
        return True

    def _load(self) -> list[GroupRow]:
        return self._rows(self._read())

    def _rows(self, read: Read) -> list[GroupRow]:
        """Your groups first (the examensecretaris sees the others after them), each in group order."""
        failed = {group_id: str(exc) for group_id, exc in read.failures.items()}
        for group_id, message in failed.items():
            if self._failed.get(group_id) != message:
                self.notify(f"Groep {group_id}: {message}", severity="error", title="Niet te lezen")
        self._failed = failed
        rows = []
        for summary in read.summaries:
            role = self._role(summary)
            if role is not None:
                rows.append(group_row(summary, role, summary.model_key in read.with_melding))
        return sorted(rows, key=lambda r: r.role is Role.SECRETARIS)

    def _role(self, summary: GroupSummary) -> Role | None:
        role = summary.role_of(self.store.user)
        if role is None and self.store.is_secretaris:
            role = Role.SECRETARIS
        return role

    def action_reload(self) -> None:
        """Read again, and name every group that cannot be read again (back from a group: only new ones)."""
        self._failed = {}
        self._show(self._load())

    def _show(self, rows: list[GroupRow]) -> None:
        """Redraw only rows that differ; the whole table when the groups or the columns changed."""
        table = self.query_one("#groups", DataTable)
        chosen = self._chosen_id()
        before, self.summaries = self.summaries, rows
        layout = choose_layout(self._width(), rows)
        if layout == self.columns_layout and [r.group_id for r in before] == [r.group_id for r in rows]:
            for old, new in zip(before, rows):
                if old != new:
                    cells, was = row_cells(new, layout.narrow), row_cells(old, layout.narrow)
                    for key in layout.keys[1:]:
                        if cells[key] != was[key]:
                            table.update_cell(new.group_id, key, cells[key])
            self.refresh_bindings()
            return
        if layout != self.columns_layout:
            self.columns_layout = layout
            table.clear(columns=True)
            for label, key, width in layout.columns:
                table.add_column(label, key=key, width=width)
        else:
            table.clear()
        ids = [r.group_id for r in rows]
        at = ids.index(chosen) if chosen in ids else 0
        for i, row in enumerate(rows):
            # The cursor sign is drawn now: setting it after the first frame would redraw every row again.
            cells = row_cells(row, layout.narrow, cursor=i == at, group_width=layout.group_width)
            table.add_row(*(cells[key] for key in layout.keys), key=row.group_id)
        if at:
            table.move_cursor(row=at)
        empty = self.query_one("#start-empty", Static)
        if rows:
            empty.update("")
        elif self.store.is_secretaris:
            empty.update("Er zijn nog geen groepen. Maak er een met 'Nieuwe groep' (n).")
        else:
            empty.update(
                f"Je ({self.store.user}) bent in geen enkele groep examinator of tweede examinator, dus je kunt "
                "geen groep inzien. Vraag de examensecretaris om je aan een groep toe te voegen."
            )
        table.display = bool(rows)
        self.refresh_bindings()

    def _check_closed_groups(self) -> None:
        waiting = [r.group_id for r in self.summaries if r.closed and r.group_id not in self._checked]
        if waiting:
            self._checked.update(waiting)
            self._run_checks(waiting)

    @work(thread=True, group="closed-check")
    def _run_checks(self, group_ids: list[str]) -> None:
        """The full check of each closed group, off the event loop; a group that fails is shown at once."""
        worker = get_current_worker()
        for group_id in group_ids:
            while not self._keys_rested() and not worker.is_cancelled:
                time.sleep(0.1)
            if worker.is_cancelled:
                return
            try:
                problem = self.store.closed_check(group_id)
            except (StoreError, OSError):
                continue  # the group's own screen names what cannot be read
            if problem is not None and not worker.is_cancelled:
                self.app.call_from_thread(self._found_tampered, group_id, problem)

    def _keys_rested(self) -> bool:
        keys = getattr(self.app, "keys", None)
        rested = keys is None or keys.quiet_for(CHECK_WHEN_QUIET)
        return rested and time.monotonic() - self._since >= CHECK_WHEN_QUIET

    def _found_tampered(self, group_id: str, problem: str) -> None:
        self._show(self._load())
        self.notify(f"Groep {group_id}: {problem}", severity="warning", title="LET OP", timeout=15)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        """A cursor sign beside the colour, for terminals without colour (NO_COLOR, some SSH clients)."""
        table = event.data_table
        width = self.columns_layout.group_width if self.columns_layout is not None else None
        for row_key in table.rows:
            text = group_cell(str(row_key.value), row_key == event.row_key, width)
            if table.get_cell(row_key, "group") != text:
                table.update_cell(row_key, "group", text)
        self.refresh_bindings()

    def action_first_group(self) -> None:
        if self.summaries:
            self.query_one("#groups", DataTable).move_cursor(row=0)

    def action_last_group(self) -> None:
        if self.summaries:
            self.query_one("#groups", DataTable).move_cursor(row=len(self.summaries) - 1)

    def _chosen(self) -> GroupRow | None:
        group_id = self._chosen_id()
        return next((s for s in self.summaries if s.group_id == group_id), None)

    def _chosen_id(self) -> str | None:
        table = self.query_one("#groups", DataTable)
        if not self.summaries or table.cursor_row is None or table.cursor_row >= len(self.summaries):
            return None
        return self.summaries[table.cursor_row].group_id

    def action_open_group(self, group_id: str | None = None) -> None:
        group_id = group_id or self._chosen_id()
        if group_id is None:
            return
        from cspe_tui.ui.screens.scoring import ScoringScreen  # here, not at start: ~0.1 s before the first frame

        try:
            screen = ScoringScreen(self.store, group_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", title="Openen mislukt")
            return
        self.app.push_screen(screen)

    def action_cijferlijst(self) -> None:
        group_id = self._chosen_id()
        if group_id is None:
            return
        from cspe_tui.ui.screens.cijferlijst import CijferlijstScreen

        cspe = next(s.cspe for s in self.summaries if s.group_id == group_id)
        self.app.push_screen(CijferlijstScreen(self.store, cspe))

    def action_wolf(self) -> None:
        group_id = self._chosen_id()
        if group_id is None:
            return
        from cspe_tui.ui.screens.wolf import WolfScreen

        cspe = next(s.cspe for s in self.summaries if s.group_id == group_id)
        self.app.push_screen(WolfScreen(self.store, cspe))

    def action_new_group(self) -> None:
        from cspe_tui.ui.screens.new_group import NewGroupScreen

        self.app.push_screen(NewGroupScreen(self.store), self._group_created)

    def action_remove_group(self) -> None:
        """Refused at once, with the reason, when something was done in the group: then only vervallen fits."""
        chosen = self._chosen()
        if chosen is None:
            return
        try:
            done = work_done(self.store.load_group(chosen.group_id))
        except StoreError as exc:
            self.notify(str(exc), severity="error", title="Niet verwijderd")
            return
        if done is not None:
            self.notify(
                f"Groep {chosen.group_id} kan niet worden verwijderd: {done}. Telt de groep niet mee, laat hem dan "
                "vervallen met v (met een reden); hij blijft bewaard.",
                severity="error", title="Niet verwijderd", timeout=10,
            )
            return
        from cspe_tui.ui.screens.confirm import ConfirmScreen

        question = (
            f"Groep {chosen.group_id} ({chosen.label}, {count(chosen.candidates, 'kandidaat', 'kandidaten')}) verwijderen? Dat kan alleen als "
            "er nog niets in is gedaan. De map gaat naar verwijderd/ en het aanmaken blijft in het logboek."
        )
        self.app.push_screen(ConfirmScreen(question, "Verwijderen"), partial(self._remove_confirmed, chosen.group_id))

    def _remove_confirmed(self, group_id: str, confirmed: bool | None) -> None:
        if not confirmed:
            return
        try:
            self.store.remove_group(group_id)
        except StoreError as exc:
            self.notify(str(exc), severity="error", title="Niet verwijderd")
            return
        self.action_reload()
        self.notify(f"Groep {group_id} is verwijderd.", title="Verwijderd")

    def action_withdraw_group(self) -> None:
        chosen = self._chosen()
        if chosen is None:
            return
        from cspe_tui.ui.screens.withdraw import WithdrawScreen

        label = f"{chosen.label}, {count(chosen.candidates, 'kandidaat', 'kandidaten')}, examinator {chosen.first}, tweede {chosen.second}"
        self.app.push_screen(WithdrawScreen(self.store, chosen.group_id, label), self._withdrawn)

    def _withdrawn(self, withdrawal: Withdrawal | None) -> None:
        if withdrawal is None:
            return
        self.action_reload()
        self.notify(f"De groep is vervallen ({withdrawal.reden}).", title="Vervallen")

    def _group_created(self, group_id: str | None) -> None:
        if group_id is None:
            return
        self.action_reload()
        ids = [s.group_id for s in self.summaries]
        if group_id in ids:
            self.query_one("#groups", DataTable).move_cursor(row=ids.index(group_id))
        self.notify(f"Groep {group_id} is aangemaakt.", title="Nieuwe groep")

    def action_model_editor(self) -> None:
        from cspe_tui.ui.screens.model_choice import ModelChoiceScreen

        users: dict = {}
        for summary in self.store.group_summaries()[0]:
            users.setdefault(summary.model_key, []).append(summary.group_id)
        self.app.push_screen(
            ModelChoiceScreen(self.store.models(), users),
            lambda base: self._open_model_editor(base, users),
        )

    def _open_model_editor(self, base: Correctiemodel | str | None, users: dict) -> None:
        if base is None:
            return
        from cspe_tui.ui.screens.model_editor import ModelEditorScreen

        model = base if isinstance(base, Correctiemodel) else None
        self.app.push_screen(ModelEditorScreen(self.store, model, users.get(model.key) if model else None))

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        return [
            (f"Open groep {s.group_id} ({s.label})", f"{s.werkwijze.value}, {count(s.candidates, 'kandidaat', 'kandidaten')}",
             partial(self.action_open_group, s.group_id))
            for s in self.summaries
        ]
