"""The correctiemodel editor (examensecretaris): identity, opdrachten and criteria, checked as you type.

The rows are the same table `cspe model van-tabel` reads (domain/model_editing.py), so the
app and a spreadsheet apply the same rules. Keyboard only: up/down walk the criteria
while the cursor stays in the same field. Saving writes a validated JSON file and
imports it; an imported model never changes, so this always makes a new file.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import ClassVar

from collections.abc import Callable

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Footer, Input, Static

from cspe_tui.domain.correctiemodel import Correctiemodel
from cspe_tui.domain.model_editing import (
    FIELDS,
    IDENTITY_KEYS,
    RowsCheck,
    check_rows,
    editor_rows,
    next_opdracht_nummer,
    opdracht_totals,
)
from cspe_tui.domain.model_sheet import model_json_text
from cspe_tui.exports.formatting import write_atomic
from cspe_tui.store import RecordStore, StoreError
from cspe_tui.present import signs
from cspe_tui.ui.screens.base import BaseScreen
from cspe_tui.ui.screens.confirm import ConfirmScreen, on_yes
from cspe_tui.ui.screens.model_editor_problems import FIELD_LABELS, IDENTITY_LABELS, path_problem, problem_list
from cspe_tui.ui.widgets.row_input import AfterKeys, RowInput

IDENTITY_LINES = (("profielvak", "leerweg", "jaar", "versie", "onderdeel"), ("titel", "richttijd_minuten"))
ROW_LINES = (("nummer", "titel", "soort"), ("code", "max", "scorepunten"), ("omschrijving",), ("toelichting",))
TABLE_COLUMNS = (("", "sign"), ("Opdr.", "nummer"), ("Code", "code"), ("Omschrijving", "omschrijving"),
                 ("Max", "max"), ("Scorepunten", "scorepunten"), ("Σ opdr.", "sum"))
WIDTHS = {"sign": 2, "nummer": 5, "code": 7, "omschrijving": 30, "max": 3, "scorepunten": 11, "sum": 7}


class ModelEditorScreen(BaseScreen):
    HELP_GROUP: ClassVar[str] = "Correctiemodel"
    AUTO_FOCUS = "#id-profielvak"
    # Priority: these act in the order the keys came, before the letters typed after them.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Opslaan en inlezen", id="model-opslaan", priority=True,
                tooltip="Schrijf het gecontroleerde model als JSON-bestand en lees het in"),
        Binding("escape", "leave", "Terug", id="model-terug", priority=True,
                tooltip="Terug naar de groepen (vraagt bij wijzigingen)"),
        Binding("down", "move(1)", "Volgende rij", id="model-volgende-rij", priority=True, show=False,
                tooltip="Naar het volgende criterium, in hetzelfde veld"),
        Binding("up", "move(-1)", "Vorige rij", id="model-vorige-rij", priority=True, show=False,
                tooltip="Naar het vorige criterium, in hetzelfde veld"),
        Binding("ctrl+n", "add_row", "Criterium erbij", id="model-criterium-erbij", priority=True,
                tooltip="Voeg onder deze rij een criterium toe bij dezelfde opdracht"),
        Binding("ctrl+o", "add_opdracht", "Opdracht erbij", id="model-opdracht-erbij", priority=True,
                tooltip="Voeg na deze opdracht een nieuwe opdracht toe"),
        Binding("ctrl+y", "delete_row", "Rij weg", id="model-rij-weg", priority=True,
                tooltip="Haal dit criterium weg"),
        Binding("tab", "app.focus_next", "Volgend veld", id="model-volgend-veld", show=False, priority=True,
                tooltip="Naar het volgende veld"),
        Binding("shift+tab", "app.focus_previous", "Vorig veld", id="model-vorig-veld", show=False, priority=True,
                tooltip="Naar het vorige veld"),
    ]

    def __init__(self, store: RecordStore, base: Correctiemodel | None = None, in_use_by: list[str] | None = None) -> None:
        super().__init__()
        self.store = store
        self.base = base
        self.in_use_by = in_use_by or []
        if base is not None:
            self.identity, self.rows = editor_rows(base)
        else:
            self.identity = {key: "" for key in IDENTITY_KEYS}
            self.rows = [[""] * len(FIELDS)]
        self.row_ids = list(range(len(self.rows)))
        self.current = 0
        self.dirty = False
        self.path_edited = False
        self.existing = store.models()
        self.check: RowsCheck = self._check()

    # --- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        if self.base is None:
            title = "Nieuw correctiemodel"
        else:
            use = "in gebruik, blijft" if self.in_use_by else "blijft"
            title = f"Kopie van {self.base.key.label()} (het origineel {use} zoals het is)"
        yield Static(title, id="ed-title", markup=False)
        for line in IDENTITY_LINES:
            with Horizontal(classes="ed-line"):
                for key in line:
                    yield Static(IDENTITY_LABELS[key], id=f"lbl-id-{key}", classes="ed-label", markup=False)
                    yield Input(self.identity[key], id=f"id-{key}", compact=True, classes="ed-input")
        yield DataTable(id="ed-table", cursor_type="row", zebra_stripes=False)
        yield Static("", id="ed-totals", markup=False)
        for line in ROW_LINES:
            with Horizontal(classes="ed-line"):
                for key in line:
                    yield Static(FIELD_LABELS[key], id=f"lbl-row-{key}", classes="ed-label", markup=False)
                    yield RowInput(key, self.row_ids[0], self._read_cell, self._write_cell, id=f"row-{key}",
                                   compact=True, classes="ed-input")
        # Last, below the rows: Tab goes from the identity straight to the criteria, and the name comes before saving.
        with Horizontal(classes="ed-line"):
            yield Static(" Bestand", id="lbl-ed-bestand", classes="ed-label", markup=False)
            yield Input(self._default_path(), id="ed-bestand", compact=True, classes="ed-input")
        yield Static("", id="ed-problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#ed-table", DataTable)
        table.can_focus = False
        widths = {**WIDTHS, "omschrijving": max(20, self.app.size.width - 50)}
        for label, key in TABLE_COLUMNS:
            table.add_column(label, key=key, width=widths[key])
        self._fill_table()
        self._show()

    # --- state ------------------------------------------------------------------

    def _check(self) -> RowsCheck:
        check = check_rows(self.identity, self.rows)
        model = check.model
        if model is not None and model.key in self.existing:
            if self.existing[model.key].content_hash() != model.content_hash():
                conflict = (f"er is al een ander correctiemodel ingelezen voor {model.key.label()}; een ingelezen "
                            "model verandert nooit: kies een ander jaar, een andere versie of een ander onderdeel")
                return RowsCheck(None, {**check.identity, "versie": conflict}, check.cells, check.general)
        return check

    def _default_path(self) -> str:
        """Named after the model's identity once that is right, like the files `cspe model import` reads."""
        check = getattr(self, "check", None)
        model = check.model if check is not None else self.base
        name = f"{model.key.slug}.json" if model is not None else "correctiemodel.json"
        return str(Path.cwd() / name)

    def _row_cells(self, i: int, owners: list[str], totals: dict[str, int]) -> list[str]:
        row = self.rows[i]
        bad = any((i, f) in self.check.cells for f in FIELDS)
        sign = (signs.CURSOR if i == self.current else " ") + (signs.DIFFERENCE if bad else " ")
        first = i == 0 or owners[i] != owners[i - 1]
        total = str(totals.get(owners[i], 0)) if first and owners[i] else ""
        return [sign, *(row[FIELDS.index(k)].replace("\n", " ") for _, k in TABLE_COLUMNS[1:-1]), total]

    def _fill_table(self) -> None:
        table = self.query_one("#ed-table", DataTable)
        table.clear()
        owners, totals, _ = opdracht_totals(self.rows)
        for i in range(len(self.rows)):
            table.add_row(*self._row_cells(i, owners, totals), key=str(i))
        table.move_cursor(row=self.current)

    def _refresh_table(self) -> None:
        """Only the cells that changed are repainted: typing in a long model stays quick over SSH."""
        table = self.query_one("#ed-table", DataTable)
        owners, totals, _ = opdracht_totals(self.rows)
        for i in range(len(self.rows)):
            for (_, column), text in zip(TABLE_COLUMNS, self._row_cells(i, owners, totals)):
                if table.get_cell(str(i), column) != text:
                    table.update_cell(str(i), column, text)

    def _show(self) -> None:
        """Labels, problem lines and totals for the current row; a sign beside every colour.

        The focused field's label carries `>`, a field with a problem `!`; the problem lines
        name the field (and row) and what is wrong.
        """
        check = self.check
        for key in IDENTITY_KEYS:
            self._mark(f"id-{key}", IDENTITY_LABELS[key], key in check.identity)
        for key in FIELDS:
            self._mark(f"row-{key}", FIELD_LABELS[key], (self.current, key) in check.cells)
        file_problem = self._path_problem()
        self._mark("ed-bestand", "Bestand", file_problem is not None)
        owners, totals, total = opdracht_totals(self.rows)
        onderdeel = self.identity.get("onderdeel", "").strip() or "?"
        opdracht = owners[self.current] or "?"
        self.query_one("#ed-totals", Static).update(
            f"Opdracht {opdracht}: {totals.get(opdracht, 0)} punten · onderdeel {onderdeel}: {total} punten · "
            f"{len(self.rows)} {'rij' if len(self.rows) == 1 else 'rijen'} · rij {self.current + 1}"
        )
        problems = self._problems(file_problem)
        focused = self.focused.id if self.focused is not None and self.focused.id else ""
        row = f"(rij {self.current + 1})"
        here = [p for p in problems if p[0] == self._field_label(focused)]
        here += [p for p in problems if p[0].endswith(row)]
        count = len(problems)
        if count == 0:
            lines = [f"{signs.COMPLETE} Geen problemen; Ctrl+S slaat op en leest in."]
        else:
            where, what = (here or problems)[0]
            names = ", ".join(name for name, _ in problems[:6]) + (" ..." if count > 6 else "")
            lines = [f"{signs.DIFFERENCE} {where}: {what}",
                     f"{signs.DIFFERENCE} {count} {'probleem' if count == 1 else 'problemen'}: {names}"]
        widget = self.query_one("#ed-problems", Static)
        widget.update("\n".join(lines))
        widget.set_class(count > 0, "-problems")

    def _field_label(self, widget_id: str) -> str | None:
        """How the problem list names the field with this id."""
        if widget_id.startswith("id-"):
            return IDENTITY_LABELS.get(widget_id[3:])
        if widget_id.startswith("row-"):
            return f"{FIELD_LABELS.get(widget_id[4:])} (rij {self.current + 1})"
        return "Bestand" if widget_id == "ed-bestand" else None

    def _problems(self, file_problem: str | None) -> list[tuple[str, str]]:
        return problem_list(self.check, file_problem)

    def _path(self) -> Path:
        text = self.query_one("#ed-bestand", Input).value.strip()
        path = Path(text).expanduser() if text else Path(self._default_path())
        return path if path.is_absolute() else Path.cwd() / path

    def _path_problem(self) -> str | None:
        return path_problem(self._path())

    def _mark(self, input_id: str, label: str, bad: bool) -> None:
        field = self.query_one(f"#{input_id}", Input)
        sign = signs.CURSOR if field.has_focus else " "
        self.query_one(f"#lbl-{input_id}", Static).update(f"{sign}{signs.DIFFERENCE if bad else ' '}{label}")
        field.set_class(bad, "-problem")

    def _load_row(self) -> None:
        for key in FIELDS:
            field = self.query_one(f"#row-{key}", RowInput)
            field.post_message(RowInput.Load(self.row_ids[self.current]))

    def _after_keys(self, then: Callable[[], None]) -> None:
        (self.focused or self).post_message(AfterKeys(then))

    def on_after_keys(self, message: AfterKeys) -> None:
        message.stop()
        message.then()

    # --- typing -----------------------------------------------------------------

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        name = event.input.id or ""
        if name == "ed-bestand":
            self.path_edited = event.value != self._default_path()
            self._show()
            return
        if name.startswith("id-"):
            key = name[3:]
            if self.identity[key] == event.value:
                return
            self.identity[key] = event.value
        else:
            return
        self._edited()

    def _read_cell(self, row_id: int, field: str) -> str:
        return self.rows[self.row_ids.index(row_id)][FIELDS.index(field)] if row_id in self.row_ids else ""

    def _write_cell(self, row_id: int, field: str, value: str) -> None:
        """Called by the field itself as each key is handled, so the rows never lag behind the keys."""
        if row_id not in self.row_ids:
            return
        row = self.rows[self.row_ids.index(row_id)]
        at = FIELDS.index(field)
        if row[at] == value:
            return
        row[at] = value
        if self.is_mounted:
            self._edited()

    def _edited(self) -> None:
        self.dirty = True
        self.check = self._check()
        if not self.path_edited and self.check.model is not None:
            path = self.query_one("#ed-bestand", Input)
            with path.prevent(Input.Changed):
                path.value = self._default_path()
        self._refresh_table()
        self._show()

    def on_descendant_focus(self) -> None:
        self._show()

    def action_move(self, delta: int) -> None:
        target = max(0, min(len(self.rows) - 1, self.current + delta))
        if target == self.current:
            return
        self.current = target
        self._load_row()
        self._refresh_table()
        self.query_one("#ed-table", DataTable).move_cursor(row=target)
        self._show()

    def _insert(self, at: int, row: list[str], focus: str) -> None:
        self.rows.insert(at, row)
        self.row_ids.insert(at, max(self.row_ids) + 1)
        self.current = at
        self.dirty = True
        self.check = self._check()
        self._fill_table()
        self._load_row()
        self._show()
        self.set_focus(self.query_one(f"#row-{focus}", Input))  # at once: the next keys are for this field

    def action_add_row(self) -> None:
        """An empty opdracht cell continues the opdracht above, as in the spreadsheet."""
        self._insert(self.current + 1, [""] * len(FIELDS), "code")

    def action_add_opdracht(self) -> None:
        owners, _, _ = opdracht_totals(self.rows)
        end = self.current
        while end + 1 < len(self.rows) and owners[end + 1] == owners[self.current]:
            end += 1
        nummer = next_opdracht_nummer(self.rows, self.identity.get("onderdeel", ""))
        self._insert(end + 1, [nummer, *[""] * (len(FIELDS) - 1)], "titel")

    def action_delete_row(self) -> None:
        if len(self.rows) == 1:
            self.rows[0] = [""] * len(FIELDS)
        else:
            del self.rows[self.current]
            del self.row_ids[self.current]
            self.current = min(self.current, len(self.rows) - 1)
        self.dirty = True
        self.check = self._check()
        self._fill_table()
        self._load_row()
        self._show()

    # --- saving -----------------------------------------------------------------

    def action_save(self) -> None:
        self._after_keys(self._save)

    def _save(self) -> None:
        self.check = self._check()
        self._show()
        model = self.check.model
        problems = self._problems(self._path_problem())
        if model is None or problems:
            count = len(problems)
            where, what = problems[0]
            self.notify(f"Nog {count} {'probleem' if count == 1 else 'problemen'}; er is niets opgeslagen. Elk staat "
                        f"bij zijn veld (teken !), het eerste: {where}: {what}.", severity="warning",
                        title="Niet opgeslagen")
            return
        path = self._path()
        data = model_json_text(model).encode("utf-8")
        if path.exists() and path.read_bytes() != data:
            question = f"{path} bestaat al met een andere inhoud. Overschrijven?"
            self.app.push_screen(ConfirmScreen(question, "Overschrijven"),
                                 on_yes(partial(self._write_and_import, path, data, model)))
            return
        self._write_and_import(path, data, model)

    def _write_and_import(self, path: Path, data: bytes, model: Correctiemodel) -> None:
        try:
            write_atomic(path, data)
        except OSError as exc:
            self.notify(f"{path}: kan niet schrijven ({exc.strerror or exc}).", severity="error", title="Niet opgeslagen")
            return
        try:
            imported = self.store.import_model(path)
        except StoreError as exc:
            self.notify(f"Opgeslagen in {path}, maar niet ingelezen: {exc}", severity="error", title="Niet ingelezen")
            return
        self.dirty = False
        self.notify(f"Opgeslagen in {path} en ingelezen: {imported.key.label()}, {len(model.criteria)} criteria, "
                    f"maximumscore {model.max_score}.", title="Correctiemodel ingelezen")
        self.app.pop_screen()

    def action_leave(self) -> None:
        self._after_keys(self._leave)

    def _leave(self) -> None:
        if not self.dirty:
            self.app.pop_screen()
            return
        self.app.push_screen(
            ConfirmScreen("De wijzigingen zijn niet opgeslagen. Toch terug (alles wat je typte vervalt)?", "Terug"),
            on_yes(self.app.pop_screen),
        )
