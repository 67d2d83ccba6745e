"""Scoring one group: candidates on the left, the correctiemodel of the current candidate on the right.

The screen owns the GroupState. A keypress writes one cell to the store and hands
new row views to the widgets; only rows whose view changed are repainted, so a key
costs the same at 300 candidates as at 3. Changes by the other examinator arrive by
polling the store's change feed in a thread.
"""

from __future__ import annotations

from typing import ClassVar, NamedTuple

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Footer, Static
from textual.worker import Worker, WorkerState

from cspe_tui.domain.correctiemodel import Criterium
from cspe_tui.domain.decide import accept_all_codes, may
from cspe_tui.domain.group import (
    Aanvulling,
    Cell,
    GroupState,
    Melding,
    Remark,
    Role,
    ScoreError,
    Werkwijze,
    check_score,
    final_score,
    is_difference,
)
from cspe_tui.store import ConflictError, Store, StoreError
from cspe_tui.ui.bindings import key_for
from cspe_tui.ui.screens.base import BaseScreen
from cspe_tui.ui.screens.aanvulling import AanvullingScreen
from cspe_tui.ui.screens.closing import ClosingScreen, Jump
from cspe_tui.ui.screens.export import ExportScreen
from cspe_tui.ui.screens.confirm import ConfirmScreen
from cspe_tui.ui.screens.melding import MeldingScreen
from cspe_tui.ui.screens.ondersteuning import OndersteuningScreen, Saved
from cspe_tui.ui.screens.remarks import RemarksScreen
from cspe_tui.ui.views import (
    CriteriumView,
    RemarkIndex,
    Viewer,
    candidate_view,
    column_labels,
    criteria_rows,
    criterium_view,
    detail_view,
    format_moment,
    opdracht_view,
    totals_view,
)
from cspe_tui.ui.widgets.candidate_list import CandidateList
from cspe_tui.ui.widgets.criteria_table import CriteriaTable
from cspe_tui.ui.widgets.criterium_detail import CriteriumDetail
from cspe_tui.ui.widgets.status_line import StatusLine
from cspe_tui.ui.widgets.totals_bar import TotalsBar

POLL_SECONDS = 0.4
SCORE = Binding.Group("Score geven", compact=True)
CANDIDATE = Binding.Group("Kandidaat")

WRITE_ACTIONS = {"digit", "enter", "clear_score", "accept_other", "accept_all", "set_own", "toggle_absent"}
COMMAND_OF_ACTION = {
    "digit": "score",
    "enter": "score",
    "clear_score": "score",
    "accept_other": "vastgesteld",
    "set_own": "vastgesteld",
    "accept_all": "accept_all",
    "toggle_absent": "absent",
    "ondersteuning": "ondersteuning",
}
"""Which kind of command a key gives: the domain's `may` decides whether the key is offered."""


class Changes(NamedTuple):
    """What one poll found: `writes` is our own write count when the poll started."""

    writes: int
    cursor: int
    state: GroupState | None
    meldingen: list[Melding]
    touched: frozenset[str] | None
    """Candidates the new audit entries name; None when an entry concerns the whole group."""


def _digit_binding(digit: int) -> Binding:
    return Binding(
        str(digit), f"digit({digit})", "Score", id=f"cijfer-{digit}", show=False, group=SCORE,
        tooltip="Geef deze score voor het criterium en ga naar het volgende; bij max 10 of meer: twee cijfers",
    )


class ScoringScreen(BaseScreen):
    HELP_GROUP: ClassVar[str] = "Beoordelen"
    AUTO_FOCUS = "#criteria"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(_digit_binding(d) for d in range(10)),
        Binding("enter", "enter", "Bevestig", id="bevestigen", show=False,
                tooltip="Bevestig één getypt cijfer bij een criterium met max 10 of meer"),
        Binding("backspace,delete", "clear_score", "Wis score", id="wissen", show=False,
                tooltip="Wis uw eigen score van dit criterium"),
        Binding("a", "accept_other", "Overnemen", id="overnemen",
                tooltip="Stel de score van de andere examinator vast als vastgestelde score"),
        Binding("A", "accept_all", "Alles overnemen", id="alles-overnemen", show=False,
                tooltip="Neem alle nog open scores van de examinator over voor deze kandidaat (achteraf)"),
        Binding("v", "set_own", "Vastleggen", id="eigen-vastleggen",
                tooltip="Stel uw eigen score vast als vastgestelde score (na overleg)"),
        Binding("n", "next_candidate", "Volgende kandidaat", id="volgende-kandidaat", group=CANDIDATE,
                tooltip="Naar de volgende kandidaat"),
        Binding("p", "previous_candidate", "Vorige kandidaat", id="vorige-kandidaat", group=CANDIDATE,
                tooltip="Naar de vorige kandidaat"),
        Binding("l", "next_unscored", "Leeg", id="volgende-leeg", show=False,
                tooltip="Naar het volgende criterium zonder uw score (ook bij volgende kandidaten)"),
        Binding("d", "next_difference", "Verschil", id="volgend-verschil",
                tooltip="Naar het volgende verschil tussen de examinatoren"),
        Binding("x", "toggle_absent", "Afwezig", id="afwezig",
                tooltip="Meld de kandidaat afwezig voor dit onderdeel, of zet dat terug"),
        Binding("o", "remarks", "Opmerking", id="opmerking",
                tooltip="Opmerkingen bij deze kandidaat: schrijven, beantwoorden, oplossen"),
        Binding("f", "melding", "Fout", id="fout-melden",
                tooltip="Meld een fout in het examen of het correctiemodel bij dit criterium (Examenloket)"),
        Binding("c", "closing", "Afsluiten", id="afsluiten",
                tooltip="Controlelijst, verklaring en het definitief sluiten van de groep"),
        Binding("s", "ondersteuning", "Ondersteuning", id="ondersteuning", group=CANDIDATE,
                tooltip="Leg de ondersteuning (extra faciliteiten) van deze kandidaat vast (examensecretaris)"),
        Binding("u", "aanvulling", "Aanvulling", id="aanvulling",
                tooltip="Leg een aanvulling van het CvTE vast bij dit criterium (examensecretaris)"),
        Binding("m", "export_meldingen", "Meldingen", id="meldingen-exporteren", show=False,
                tooltip="Schrijf de meldingen over dit correctiemodel voor het Examenloket (tekst en PDF)"),
        Binding("e", "export", "Exporteren", id="exporteren", show=False,
                tooltip="Maak het beoordelingsmodel (PDF) en de scorelijst (CSV) van deze groep"),
        Binding("escape", "back", "Terug", id="terug", show=False, tooltip="Terug naar de groepen (of wis getypte cijfers)"),
    ]

    def __init__(self, store: Store, group_id: str) -> None:
        super().__init__()
        self.store = store
        self.group_id = group_id
        self.state: GroupState = store.load_group(group_id)
        role = self.state.role_of(store.user)
        self.viewer = Viewer(store.user, role if role is not None else Role.SECRETARIS)
        self.remarks = RemarkIndex(self.state.remarks)
        self.current = self._first_candidate_to_do()
        self.typing: tuple[str, str] | None = None
        self._change_cursor = store.change_cursor(group_id)
        self._writes = 0
        self._polling = False

    # --- state helpers -------------------------------------------------------------

    @property
    def readonly(self) -> bool:
        return self.viewer.role is Role.SECRETARIS or self.state.closed or self.state.withdrawn is not None

    def _first_candidate_to_do(self) -> str:
        numbers = [c.examennummer for c in self.state.candidates]
        if self.viewer.role is Role.SECRETARIS:
            return numbers[0]
        for nr in numbers:
            if not self.state.is_absent(nr) and any(
                self.state.cell(nr, c.code).column(self.viewer.role) is None for c in self.state.model.criteria
            ):
                return nr
        return numbers[0]

    def _first_code_to_do(self, examennummer: str) -> str:
        criteria = self.state.model.criteria
        for criterium in criteria:
            if self._is_open_for_me(examennummer, criterium):
                return criterium.code
        return criteria[0].code

    def _is_open_for_me(self, examennummer: str, criterium: Criterium) -> bool:
        if self.viewer.role is Role.SECRETARIS:
            return final_score(self.state, examennummer, criterium.code) is None
        return self.state.cell(examennummer, criterium.code).column(self.viewer.role) is None

    @property
    def criteria(self) -> CriteriaTable:
        return self.query_one("#criteria", CriteriaTable)

    @property
    def candidates(self) -> CandidateList:
        return self.query_one("#candidates", CandidateList)

    @property
    def status(self) -> StatusLine:
        return self.query_one("#status", StatusLine)

    # --- layout --------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Static(self._info_text(), id="info", markup=False)
        yield Static(self._banner_text(), id="banner", classes="" if self.readonly else "-hidden", markup=False)
        with Horizontal(id="main"):
            yield CandidateList(id="candidates")
            with Vertical(id="right"):
                yield CriteriaTable(id="criteria")
                yield CriteriumDetail(id="detail")
                yield TotalsBar(id="totals")
        yield StatusLine(id="status")
        yield Footer(show_command_palette=False)

    def _info_text(self) -> str:
        info = self.state.info
        key = info.model_key
        who = f"{self.viewer.login} ({self.viewer.role.label})"
        return (
            f"{who} · {key.profielvak} {key.leerweg} {key.jaar} {key.versie} onderdeel {key.onderdeel} · "
            f"{info.werkwijze.value} · examinator {info.examinator}, tweede {info.tweede}"
            + (" · herkansing" if info.herkansing else "")
        )

    def _banner_text(self) -> str:
        if self.state.tampered is not None:
            return f"LET OP · {self.state.tampered}"
        if self.state.withdrawn is not None:
            w = self.state.withdrawn
            return (
                f"VERVALLEN op {format_moment(w.at)} door {w.by} ({w.reden}): alleen lezen, "
                "telt niet mee in de cijferlijst."
            )
        if self.state.sluiting is not None:
            s = self.state.sluiting
            return f"AFGESLOTEN op {format_moment(s.at)} door {s.closed_by}: alleen lezen."
        if self.viewer.role is Role.SECRETARIS:
            return "U bekijkt deze groep als examensecretaris: alleen lezen."
        return ""

    def on_mount(self) -> None:
        self.criteria.labels = column_labels(self.viewer)
        numbers = [c.examennummer for c in self.state.candidates]
        self.candidates.set_rows(
            [candidate_view(self.state, nr, self.viewer, self.remarks) for nr in numbers],
            cursor=numbers.index(self.current),
        )
        self._show_candidate(self.current, self._first_code_to_do(self.current))
        self.set_interval(getattr(self.app, "poll_interval", POLL_SECONDS), self._poll)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in WRITE_ACTIONS and self.readonly:
            return False
        if action in COMMAND_OF_ACTION:
            return may(self.state, self.store.actor(), COMMAND_OF_ACTION[action]) is None
        if action == "melding":
            return self.viewer.role is not Role.SECRETARIS
        if action == "aanvulling":
            return self.viewer.role is Role.SECRETARIS
        if action == "closing":
            return self.viewer.role is not Role.SECRETARIS or self.state.closed
        return True

    # --- showing -------------------------------------------------------------------

    def _show_candidate(self, examennummer: str, code: str | None = None) -> None:
        """Rebuild the criteria table for another candidate (about 60 rows); the candidate list stays."""
        self._cancel_typing()
        self.current = examennummer
        rows = criteria_rows(self.state, examennummer, self.viewer, self.remarks)
        cursor = None
        if code is not None:
            cursor = next(i for i, r in enumerate(rows) if isinstance(r, CriteriumView) and r.code == code)
        self.criteria.set_rows(rows, cursor=cursor if cursor is not None else self.criteria.cursor)
        self._show_totals_and_detail()

    def _show_totals_and_detail(self) -> None:
        self.query_one(TotalsBar).show_totals(totals_view(self.state, self.current, self.viewer))
        code = self.criteria.cursor_code
        if code is not None:
            self.query_one(CriteriumDetail).show_detail(detail_view(self.state, self.current, code, self.viewer))

    def _refresh_rows(self, examennummer: str, codes: set[str] | None = None) -> None:
        """Recompute the views of one candidate; widgets repaint only rows that differ."""
        self.candidates.replace_row(
            self.candidates.index_of(examennummer),
            candidate_view(self.state, examennummer, self.viewer, self.remarks),
        )
        if examennummer != self.current:
            return
        table = self.criteria
        model = self.state.model
        typing = self.typing
        if codes is None:
            for index, row in enumerate(criteria_rows(self.state, examennummer, self.viewer, self.remarks, typing)):
                table.replace_row(index, row)
        else:
            for code in codes:
                digits = typing[1] if typing and typing[0] == code else None
                view = criterium_view(self.state, examennummer, model.criterium(code), self.viewer, self.remarks, digits)
                table.replace_row(table.index_of(code), view)
                opdracht = model.opdracht_of(code)
                table.replace_row(
                    table.index_of_opdracht(opdracht.nummer),
                    opdracht_view(self.state, examennummer, opdracht, self.viewer),
                )
        self._show_totals_and_detail()

    def _store_cell(self, examennummer: str, code: str, cell: Cell) -> None:
        before = self.viewer.sees_other(self.state, examennummer)
        self.state.cells.setdefault(examennummer, {})[code] = cell
        self._writes += 1
        after = self.viewer.sees_other(self.state, examennummer)
        self._refresh_rows(examennummer, None if before != after else {code})

    def _fail(self, message: str) -> None:
        self.status.say(message, error=True)
        self.app.bell()

    # --- messages from the widgets -------------------------------------------------

    @on(CandidateList.Highlighted)
    def _candidate_highlighted(self, event: CandidateList.Highlighted) -> None:
        if event.examennummer != self.current:
            self._show_candidate(event.examennummer, self._first_code_to_do(event.examennummer))

    @on(CriteriaTable.Highlighted)
    def _criterium_highlighted(self, event: CriteriaTable.Highlighted) -> None:
        self._cancel_typing()
        self._show_totals_and_detail()

    # --- scoring -------------------------------------------------------------------

    def _cancel_typing(self) -> None:
        if self.typing is None:
            return
        code = self.typing[0]
        self.typing = None
        if self.is_mounted:
            self._refresh_rows(self.current, {code})
        self.status.clear()

    def action_digit(self, digit: int) -> None:
        code = self.criteria.cursor_code
        if code is None:
            return
        if self.state.is_absent(self.current):
            self._fail(f"{self.current} is afwezig voor dit onderdeel; zet dat eerst terug.")
            return
        criterium = self.state.model.criterium(code)
        digits = (self.typing[1] if self.typing and self.typing[0] == code else "") + str(digit)
        if len(digits) == 1 and any(v >= 10 and str(v).startswith(digits) for v in criterium.allowed):
            self.typing = (code, digits)
            self._refresh_rows(self.current, {code})
            self.status.say(
                f"{code}: {digits}_  typ het tweede cijfer, of {key_for(self, 'bevestigen')} voor {digits}"
            )
            return
        self.typing = None
        self._give_score(criterium, int(digits))

    def action_enter(self) -> None:
        if self.typing is None:
            self.criteria.action_cursor_down()
            return
        code, digits = self.typing
        self.typing = None
        self._give_score(self.state.model.criterium(code), int(digits))

    def _give_score(self, criterium: Criterium, value: int) -> None:
        try:
            check_score(criterium, value)
        except ScoreError as exc:
            self._refresh_rows(self.current, {criterium.code})
            self._fail(str(exc))
            return
        if self._write_own(criterium.code, value):
            self.status.clear()
            self._advance(criterium.code)

    def _write_own(self, code: str, value: int | None) -> bool:
        try:
            cell = self.store.set_score(self.group_id, self.current, code, value)
        except StoreError as exc:
            self._refresh_rows(self.current, {code})
            self._fail(str(exc))
            return False
        self._store_cell(self.current, code, cell)
        return True

    def _advance(self, code: str) -> None:
        criteria = self.state.model.criteria
        position = next(i for i, c in enumerate(criteria) if c.code == code)
        if position + 1 < len(criteria):
            self.criteria.move_to_code(criteria[position + 1].code)
        elif self.viewer.role is not Role.SECRETARIS and not any(
            self._is_open_for_me(self.current, c) for c in criteria
        ):
            self.status.say(
                f"Kandidaat {self.current} is klaar. Volgende kandidaat: {key_for(self, 'volgende-kandidaat')}."
            )

    def action_clear_score(self) -> None:
        self._cancel_typing()
        code = self.criteria.cursor_code
        if code is not None and self.state.cell(self.current, code).column(self.viewer.role) is not None:
            if self._write_own(code, None):
                self.status.say(f"Uw score bij {code} is gewist.")

    # --- agreeing ------------------------------------------------------------------

    def _set_final(self, code: str, value: int) -> bool:
        expected = self.state.cell(self.current, code)
        try:
            cell = self.store.set_vastgesteld(self.group_id, self.current, code, value, expected=expected)
        except ConflictError as exc:
            self._store_cell(self.current, code, exc.current)
            self._fail(str(exc))
            return False
        except StoreError as exc:
            self._fail(str(exc))
            return False
        self._store_cell(self.current, code, cell)
        return True

    def _other_score(self, code: str) -> int | None:
        """The other examinator's score if the viewer may see it; says why not otherwise."""
        other = self.viewer.role.other
        if not self.viewer.sees_other(self.state, self.current):
            self._fail(f"De score van de {other.label} is nog verborgen: scoor eerst alle criteria van deze kandidaat.")
            return None
        value = self.state.cell(self.current, code).column(other)
        if value is None:
            self._fail(f"De {other.label} heeft {code} nog niet gescoord.")
        return value

    def action_accept_other(self) -> None:
        self._cancel_typing()
        code = self.criteria.cursor_code
        if code is None:
            return
        value = self._other_score(code)
        if value is not None and self._accepts_as_tweede():
            if self._accept(code):
                self.status.say(f"{code}: akkoord met de score van de examinator ({value}).")
                self._advance(code)
            return
        if value is not None and self._set_final(code, value):
            self.status.say(f"{code} vastgesteld op {value} (score van de {self.viewer.role.other.label}).")
            self._advance(code)

    def action_set_own(self) -> None:
        self._cancel_typing()
        code = self.criteria.cursor_code
        if code is None:
            return
        own = self.state.cell(self.current, code).column(self.viewer.role)
        if own is None:
            self._fail(f"U hebt {code} nog niet gescoord.")
            return
        if not self.viewer.sees_other(self.state, self.current):
            self._fail("Scoor eerst alle criteria van deze kandidaat; daarna stelt u samen de scores vast.")
            return
        if self._set_final(code, own):
            self.status.say(f"{code} vastgesteld op {own} (uw score).")
            self._advance(code)

    def _accepts_as_tweede(self) -> bool:
        """Achteraf, the tweede's 'a' is their akkoord with the examinator, recorded as such."""
        return self.viewer.role is Role.TWEEDE and self.state.info.werkwijze is Werkwijze.ACHTERAF

    def _accept(self, code: str) -> bool:
        expected = self.state.cell(self.current, code)
        try:
            cell = self.store.accept(self.group_id, self.current, code, expected=expected)
        except ConflictError as exc:
            self._store_cell(self.current, code, exc.current)
            self._fail(str(exc))
            return False
        except StoreError as exc:
            self._fail(str(exc))
            return False
        self._store_cell(self.current, code, cell)
        return True

    def action_ondersteuning(self) -> None:
        self._cancel_typing()
        self.app.push_screen(OndersteuningScreen(self.store, self.state, self.current), self._ondersteuning_saved)

    def _ondersteuning_saved(self, saved: Saved | None) -> None:
        if saved is None:
            return
        rest = [o for o in self.state.ondersteuning if o.examennummer != saved.examennummer]
        self.state.ondersteuning = rest if saved.note is None else [*rest, saved.note]
        self._writes += 1
        self._refresh_rows(saved.examennummer)
        self.status.say(
            f"Ondersteuning van {saved.examennummer}: {saved.note.summary()}." if saved.note
            else f"{saved.examennummer} heeft geen ondersteuning (meer)."
        )

    def _open_for_accept_all(self) -> list[str]:
        return accept_all_codes(self.state, self.current)

    def action_accept_all(self) -> None:
        self._cancel_typing()
        codes = self._open_for_accept_all()
        if not codes:
            self.status.say("Er is niets meer over te nemen bij deze kandidaat.")
            return
        name = self.state.candidate(self.current).naam
        question = (
            f"Akkoord met de scores van examinator {self.state.info.examinator} (ze worden de vastgestelde score) "
            f"voor {len(codes)} open criteria van {self.current} {name}?"
        )
        self.app.push_screen(ConfirmScreen(question, "Overnemen"), self._accept_all_confirmed)

    def _accept_all_confirmed(self, confirmed: bool | None) -> None:
        """One transaction: all open scores are taken over, or (on any refusal) none."""
        if not confirmed:
            return
        try:
            cells = self.store.accept_all(self.group_id, self.current)
        except StoreError as exc:
            self._fail(str(exc))
            return
        for code, cell in cells.items():
            self._store_cell(self.current, code, cell)
        if cells:
            self.status.say(f"Akkoord met {len(cells)} scores van examinator {self.state.info.examinator}.")

    # --- navigation ----------------------------------------------------------------

    def _go(self, examennummer: str, code: str | None = None) -> None:
        if examennummer != self.current:
            self.candidates.move_cursor(self.candidates.index_of(examennummer))
            self._show_candidate(examennummer, code or self._first_code_to_do(examennummer))
        elif code is not None:
            self.criteria.move_to_code(code)

    def _step_candidate(self, step: int) -> None:
        numbers = [c.examennummer for c in self.state.candidates]
        index = numbers.index(self.current) + step
        if 0 <= index < len(numbers):
            self._go(numbers[index])
        else:
            self.status.say("Dit is de laatste kandidaat." if step > 0 else "Dit is de eerste kandidaat.")

    def action_next_candidate(self) -> None:
        self._step_candidate(1)

    def action_previous_candidate(self) -> None:
        self._step_candidate(-1)

    def _search(self, wanted, none_left: str) -> None:
        """Find the next (candidate, criterium) after the cursor, wrapping round the whole group."""
        numbers = [c.examennummer for c in self.state.candidates]
        codes = [c.code for c in self.state.model.criteria]
        start_nr = numbers.index(self.current)
        cursor_code = self.criteria.cursor_code
        start_code = codes.index(cursor_code) if cursor_code is not None else -1
        positions = [(numbers[(start_nr + i) % len(numbers)]) for i in range(len(numbers) + 1)]
        for turn, nr in enumerate(positions):
            if self.state.is_absent(nr):
                continue
            for index, code in enumerate(codes):
                if turn == 0 and index <= start_code:
                    continue
                if turn == len(numbers) and index > start_code:
                    break
                if wanted(nr, self.state.model.criterium(code)):
                    self._go(nr, code)
                    return
        self.status.say(none_left)

    def action_next_unscored(self) -> None:
        self._cancel_typing()
        self._search(self._is_open_for_me, "Alles is gescoord.")

    def action_next_difference(self) -> None:
        self._cancel_typing()

        def difference(nr: str, criterium: Criterium) -> bool:
            return self.viewer.sees_other(self.state, nr) and is_difference(self.state, nr, criterium.code)

        self._search(difference, "Er zijn geen open verschillen.")

    def action_back(self) -> None:
        if self.typing is not None:
            self._cancel_typing()
            return
        self.app.pop_screen()

    # --- absent, remarks, meldingen ------------------------------------------------

    def action_toggle_absent(self) -> None:
        self._cancel_typing()
        nr = self.current
        name = self.state.candidate(nr).naam
        onderdeel = self.state.info.model_key.onderdeel
        if self.state.is_absent(nr):
            self._write_absent(nr, False)
            return
        question = (
            f"{nr} {name} afwezig melden voor onderdeel {onderdeel}? "
            "Gegeven scores blijven bewaard; de kandidaat telt niet meer mee als open."
        )
        self.app.push_screen(
            ConfirmScreen(question, "Afwezig melden"),
            lambda confirmed: self._write_absent(nr, True) if confirmed else None,
        )

    def _write_absent(self, examennummer: str, absent: bool) -> None:
        try:
            self.store.set_absent(self.group_id, examennummer, absent)
        except StoreError as exc:
            self._fail(str(exc))
            return
        if absent and examennummer not in self.state.absent:
            self.state.absent.append(examennummer)
        elif not absent and examennummer in self.state.absent:
            self.state.absent.remove(examennummer)
        self._writes += 1
        self._refresh_rows(examennummer)
        self.status.say(
            f"{examennummer} is afwezig gemeld." if absent else f"{examennummer} is niet meer afwezig."
        )

    def action_remarks(self) -> None:
        self._cancel_typing()
        screen = RemarksScreen(
            self.store,
            self.state,
            self.current,
            self.criteria.cursor_code,
            readonly=self.readonly,
        )
        self.app.push_screen(screen, self._remarks_changed)

    def _remarks_changed(self, written: list[Remark] | None) -> None:
        """Merge by id: the other examinator's remarks that arrived meanwhile stay."""
        if written is None:
            return
        by_id = {r.id: r for r in self.state.remarks}
        by_id.update((r.id, r) for r in written)
        self.state.remarks = list(by_id.values())
        self.remarks = RemarkIndex(self.state.remarks)
        self._writes += 1
        self._refresh_rows(self.current)

    def action_melding(self) -> None:
        self._cancel_typing()
        code = self.criteria.cursor_code
        if code is None:
            return
        self.app.push_screen(MeldingScreen(self.store, self.state, code), self._melding_added)

    def _melding_added(self, melding: Melding | None) -> None:
        if melding is None:
            return
        self.state.meldingen.append(melding)
        self._writes += 1
        self._refresh_rows(self.current)
        self.status.say(
            f"Fout bij {melding.criterium or melding.opdracht} gemeld. Scoor gewoon door volgens het correctievoorschrift."
        )

    def action_aanvulling(self) -> None:
        code = self.criteria.cursor_code
        if code is None:
            return
        self.app.push_screen(AanvullingScreen(self.store, self.state, code), self._aanvulling_added)

    def _aanvulling_added(self, aanvulling: Aanvulling | None) -> None:
        if aanvulling is None:
            return
        self.status.say(
            f"Aanvulling bij {aanvulling.criterium} vastgelegd; open groepen van dit model geven iedereen de maximumscore."
        )
        self._poll()

    # --- closing --------------------------------------------------------------------

    def action_closing(self) -> None:
        self._cancel_typing()
        self.app.push_screen(ClosingScreen(self.store, self.group_id), self._closing_done)

    def action_export(self) -> None:
        self._cancel_typing()
        self.app.push_screen(ExportScreen(self.store, self.group_id))

    def action_export_meldingen(self) -> None:
        from cspe_tui.exports.files import meldingen_files
        from cspe_tui.exports.meldingen import write_meldingen_pdf, write_meldingen_txt
        from cspe_tui.exports.school import SchoolInfo

        key = self.state.info.model_key
        try:
            folder = self.store.exports_folder(self.group_id)
            meldingen = self.store.meldingen(key)
            school = SchoolInfo.from_settings(self.store.settings)
            txt, pdf = meldingen_files(folder, key)
            write_meldingen_txt(key, meldingen, school, txt, self.state.model)
            write_meldingen_pdf(key, meldingen, school, pdf, self.state.model)
        except StoreError as exc:
            self._fail(str(exc))
            return
        except OSError as exc:
            self._fail(f"De meldingen zijn niet geschreven: {exc.strerror or exc}")
            return
        self.status.say(f"{len(meldingen)} melding(en) voor het Examenloket: {txt} en {pdf.name}")

    def _closing_done(self, jump: Jump | None) -> None:
        """Closing may have changed the group; a chosen blocker says where to go next."""
        self._poll()
        if jump is not None:
            examennummer, code = jump
            self._go(examennummer, code)

    # --- live updates --------------------------------------------------------------

    def _poll(self) -> None:
        if not self._polling:
            self._polling = True
            self._fetch_changes(self._writes, self._change_cursor)

    @work(thread=True, exit_on_error=False, group="poll")
    def _fetch_changes(self, writes: int, cursor: int) -> Changes:
        """Runs in a thread, so reading the group never holds up a keypress; the result comes back as an event."""
        new_cursor, entries = self.store.changes_since(self.group_id, cursor)
        meldingen = self.store.meldingen(self.state.info.model_key)
        state = self.store.load_group(self.group_id) if entries else None
        numbers = [entry.examennummer for entry in entries]
        touched = None if None in numbers else frozenset(n for n in numbers if n is not None)
        return Changes(writes, new_cursor, state, meldingen, touched)

    @on(Worker.StateChanged)
    def _poll_done(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "poll" or not event.worker.is_finished:
            return
        self._polling = False
        if event.state is WorkerState.SUCCESS and isinstance(event.worker.result, Changes):
            self._apply_changes(event.worker.result)
        elif event.state is WorkerState.ERROR:
            error = event.worker.error
            message = str(error) if isinstance(error, StoreError) else f"{type(error).__name__}: {error}"
            self.status.say(f"Bijwerken mislukt: {message}", error=True)

    def _apply_changes(self, changes: Changes) -> None:
        """Take the other terminal's changes; rows whose view did not change are not repainted."""
        writes, cursor, state, meldingen, touched = changes
        if writes != self._writes:
            return
        if state is None:
            if meldingen != self.state.meldingen:
                self.state.meldingen = meldingen
                self._refresh_rows(self.current)
            return
        old, self.state = self.state, state
        state.meldingen = meldingen
        self._change_cursor = cursor
        self.remarks = RemarkIndex(state.remarks)
        self.criteria.labels = column_labels(self.viewer)
        numbers = [c.examennummer for c in state.candidates] if touched is None else sorted(touched)
        for nr in {*numbers, self.current}:
            self._refresh_rows(nr)
        closed_now = state.closed and not old.closed
        withdrawn_now = state.withdrawn is not None and old.withdrawn is None
        if closed_now or withdrawn_now:
            banner = self.query_one("#banner", Static)
            banner.update(self._banner_text())
            banner.remove_class("-hidden")
            self._cancel_typing()
            self.refresh_bindings()
            if withdrawn_now:
                self.notify("Deze groep is zojuist vervallen; u kunt niets meer wijzigen.", title="Vervallen")
            else:
                self.notify("Deze groep is zojuist afgesloten; u kunt niets meer wijzigen.", title="Afgesloten")
