"""Scoring one group: candidates on the left, the correctiemodel of the current candidate on the right.

The screen holds the group as the fold of its log up to a cursor. A keypress writes one
command to the store and folds the new log entries back (scoring_live.py); new row views go
to the widgets and only rows whose view changed are repainted, so a key costs the same at
300 candidates as at 3, in one frame. The other examinator's changes arrive the same way,
through the app's live feed (cspe_tui/ui/live.py). Typing is in scoring_entry.py, moving
in scoring_navigation.py, the other actions in scoring_actions.py.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from cspe_tui.domain.correctiemodel import Criterium
from cspe_tui.domain.decide import may
from cspe_tui.domain.group import Role
from cspe_tui.store import RecordStore
from cspe_tui.ui import navigation
from cspe_tui.ui.entry import TwoDigitEntry
from cspe_tui.ui.screens.base import BaseScreen
from cspe_tui.ui.screens.scoring_actions import ScoringActions
from cspe_tui.ui.screens.scoring_entry import ScoringEntry
from cspe_tui.ui.screens.scoring_live import ScoringLive
from cspe_tui.ui.screens.scoring_navigation import ScoringNavigation, cursor_bindings
from cspe_tui.ui.screens.per_opdracht import PER_OPDRACHT_BINDINGS, PerOpdrachtMode
from cspe_tui.ui.widgets.key_footer import KeyFooter
from cspe_tui.present.candidate_rows import candidate_line, candidate_view
from cspe_tui.present.criteria_rows import CriteriumView, criteria_rows, criterium_view, opdracht_view
from cspe_tui.present.detail_view import detail_view
from cspe_tui.present.remark_index import RemarkIndex
from cspe_tui.present.totals_view import column_labels, totals_view
from cspe_tui.present.viewer import Viewer
from cspe_tui.ui.widgets.candidate_list import CandidateList
from cspe_tui.ui.widgets.criteria_table import CriteriaTable
from cspe_tui.ui.widgets.opdracht_grid import OpdrachtGrid
from cspe_tui.ui.widgets.criterium_detail import CriteriumDetail
from cspe_tui.ui.widgets.status_line import StatusLine
from cspe_tui.ui.widgets.totals_bar import TotalsBar

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
    "photos": "photo",
}
"""Which kind of command a key gives: the domain's `may` decides whether the key is offered."""


def _digit_binding(digit: int) -> Binding:
    return Binding(
        str(digit), f"digit({digit})", "Score", id=f"cijfer-{digit}", show=False, group=SCORE,
        tooltip="Geef deze score voor het criterium en ga naar het volgende; bij max 10 of meer: twee cijfers",
    )


class ScoringScreen(ScoringEntry, ScoringActions, ScoringNavigation, ScoringLive, PerOpdrachtMode, BaseScreen):
    HELP_GROUP: ClassVar[str] = "Beoordelen"
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-medium"), (140, "-wide")]
    VERTICAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-short"), (28, "-low"), (36, "-tall")]
    AUTO_FOCUS = "#criteria"
    BINDINGS: ClassVar[list[BindingType]] = [
        *(_digit_binding(d) for d in range(10)),
        *PER_OPDRACHT_BINDINGS,
        Binding("enter", "enter", "Bevestig", id="bevestigen", show=False,
                tooltip="Bevestig één getypt cijfer bij een criterium met max 10 of meer"),
        Binding("backspace,delete", "clear_score", "Wis score", id="wissen", show=False,
                tooltip="Wis je eigen score van dit criterium"),
        Binding("a", "accept_other", "Overnemen", id="overnemen",
                tooltip="Stel de score van de andere examinator vast als vastgestelde score"),
        Binding("A", "accept_all", "Alles overnemen", id="alles-overnemen", show=False,
                tooltip="Neem alle nog open scores van de examinator over voor deze kandidaat (achteraf)"),
        Binding("v", "set_own", "Vastleggen", id="eigen-vastleggen",
                tooltip="Stel je eigen score vast als vastgestelde score (na overleg)"),
        Binding("n", "next_candidate", "Volgende kandidaat", id="volgende-kandidaat", group=CANDIDATE,
                tooltip="Naar de volgende kandidaat"),
        Binding("p", "previous_candidate", "Vorige kandidaat", id="vorige-kandidaat", group=CANDIDATE,
                tooltip="Naar de vorige kandidaat"),
        Binding("l", "next_unscored", "Leeg", id="volgende-leeg", show=False,
                tooltip="Naar het volgende criterium zonder je score; na de laatste kandidaat weer vooraan"),
        Binding("N", "next_unfinished", "Niet klaar", id="volgende-niet-klaar", show=False,
                tooltip="Naar de volgende kandidaat die nog niet klaar is: criteria zonder je score of open verschillen"),
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
        Binding("F", "photos", "Foto's", id="fotos", show=False,
                tooltip="Voeg foto's van de producten van deze kandidaat toe (een bestand of een map)"),
        Binding("u", "aanvulling", "Aanvulling", id="aanvulling",
                tooltip="Leg een aanvulling van het CvTE vast bij dit criterium (examensecretaris)"),
        Binding("m", "export_meldingen", "Meldingen", id="meldingen-exporteren", show=False,
                tooltip="Schrijf de meldingen over dit correctiemodel voor het Examenloket (tekst en PDF)"),
        Binding("e", "export", "Exporteren", id="exporteren", show=False,
                tooltip="Maak het beoordelingsmodel (PDF) en de scorelijst (CSV) van deze groep"),
        Binding("K", "toggle_candidates", "Kandidaten", id="kandidatenlijst", show=False,
                tooltip="Toon of verberg de lijst met kandidaten (in een smal venster is hij verborgen)"),
        Binding("escape", "back", "Terug", id="terug", show=False, tooltip="Terug naar de groepen (of wis getypte cijfers)"),
        *cursor_bindings(),
    ]

    def __init__(self, store: RecordStore, group_id: str) -> None:
        super().__init__()
        self.store = store
        self.group_id = group_id
        self._change_cursor, self.state = store.load_group_at(group_id)
        role = self.state.role_of(store.user)
        self.viewer = Viewer(store.user, role if role is not None else Role.SECRETARIS)
        self.remarks = RemarkIndex(self.state.remarks)
        self.current = self._first_candidate_to_do()
        self.entry = TwoDigitEntry()
        self.last_given: tuple[str, str, str | None] | None = None
        """(candidate, criterium, where the cursor went): backspace right after a score clears it."""
        self._closed_here = False
        """Closed in this screen's own dialog: the export dialog says so, no second notice."""
        self._meldingen_token = 0
        """Counts own meldingen: a look that started before one does not take the list back."""
        self._shown_totals: tuple[tuple[object, ...], object] = ((), None)
        self._shown_detail: tuple[tuple[object, ...], object] = ((), None)
        """What the panels show: (state, candidate[, criterium]) and the view made of them."""

    # --- state helpers -------------------------------------------------------------

    @property
    def readonly(self) -> bool:
        return self.viewer.role is Role.SECRETARIS or self.state.closed or self.state.withdrawn is not None

    def _first_candidate_to_do(self) -> str:
        return navigation.first_candidate_to_do(self.state, self.viewer.role)

    def _first_code_to_do(self, examennummer: str) -> str:
        return navigation.first_code_to_do(self.state, self.viewer.role, examennummer)

    def _is_open_for_me(self, examennummer: str, criterium: Criterium) -> bool:
        return navigation.is_open_for(self.state, self.viewer.role, examennummer, criterium.code)

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
        yield Static(id="candidate", markup=False)
        yield Static(self._banner_text(), id="banner", classes="" if self.readonly else "-hidden", markup=False)
        with Horizontal(id="main"):
            yield CandidateList(id="candidates")
            with Vertical(id="right"):
                yield CriteriaTable(id="criteria")
                yield OpdrachtGrid(id="grid")
                yield CriteriumDetail(id="detail")
                yield TotalsBar(id="totals")
        yield StatusLine(id="status")
        yield KeyFooter(show_command_palette=False)

    def _info_text(self, width: int = 0) -> str:
        """The group in one line; "onderdeel" goes when that line would not fit (a herkansing at 80 columns).

        Your part is marked (jij); the examensecretaris has the banner below that says so."""
        text = self._info_parts(long=True)
        if 0 < width < len(text) + 2:
            text = self._info_parts(long=False)
        return text

    def _info_parts(self, long: bool) -> str:
        info = self.state.info
        key = info.model_key

        def who(label: str, login: str, role: Role) -> str:
            return f"{label} {login}" + (" (jij)" if self.viewer.role is role else "")

        parts = [
            f"{key.profielvak} {key.leerweg} {key.jaar} {key.versie} {'onderdeel ' if long else ''}{key.onderdeel}"
            + (" herkansing" if info.herkansing else ""),
            info.werkwijze.value,
            who("1e", info.examinator, Role.EXAMINATOR),
            who("2e", info.tweede, Role.TWEEDE),
        ]
        return " · ".join(parts)

    def _banner_text(self) -> str:
        if self.state.tampered is not None:
            return f"LET OP · {self.state.tampered}"
        if self.state.withdrawn is not None:
            w = self.state.withdrawn
            return (
                f"VERVALLEN op {self.app.present.moment(w.at)} door {w.by} ({w.reden}): alleen lezen, "
                "telt niet mee in de cijferlijst."
            )
        if self.state.sluiting is not None:
            s = self.state.sluiting
            return f"AFGESLOTEN op {self.app.present.moment(s.at)} door {s.closed_by}: alleen lezen."
        if self.viewer.role is Role.SECRETARIS:
            return "Je bekijkt deze groep als examensecretaris: alleen lezen."
        return ""

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#info", Static).update(self._info_text(event.size.width))

    def on_mount(self) -> None:
        self.app.refresh_present()
        self.criteria.labels = column_labels(self.viewer)
        numbers = [c.examennummer for c in self.state.candidates]
        self.candidates.set_rows(
            [candidate_view(self.state, nr, self.viewer, self.remarks) for nr in numbers],
            cursor=numbers.index(self.current),
        )
        self._show_candidate(self.current, self._first_code_to_do(self.current))
        self.app.live.follow(self)
        self.call_after_refresh(self.app.memory.settle)

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
        """Repaint the two panels only when what they show changed: a key gives one frame, not two.

        A view is computed again only when the state, the candidate or the criterium is another object."""
        code = self.criteria.cursor_code
        key = (self.state, self.current)
        if not _same(self._shown_totals[0], key):
            self._show_candidate_line()
            totals = totals_view(self.state, self.current, self.viewer)
            if totals != self._shown_totals[1]:
                self.query_one(TotalsBar).show_totals(totals)
            self._shown_totals = (key, totals)
        if code is not None and not _same(self._shown_detail[0], (*key, code)):
            detail = detail_view(self.state, self.current, code, self.viewer, self.app.present)
            if detail != self._shown_detail[1]:
                self.query_one(CriteriumDetail).show_detail(detail)
            self._shown_detail = ((*key, code), detail)

    def _show_candidate_line(self) -> None:
        line = candidate_line(
            self.state, self.current, self.viewer, self.remarks,
            self.candidates.index_of(self.current) + 1, len(self.state.candidates),
        )
        shown = self.query_one("#candidate", Static)
        if str(shown.content) != line:
            shown.update(line, layout=False)

    def _refresh_rows(self, examennummer: str, codes: set[str] | None = None, panels: bool = True) -> None:
        """Recompute the views of one candidate; widgets repaint only rows that differ."""
        self.candidates.replace_row(
            self.candidates.index_of(examennummer),
            candidate_view(self.state, examennummer, self.viewer, self.remarks),
        )
        self.refresh_grid_row(examennummer)
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
        if panels:
            self._show_totals_and_detail()

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


def _same(shown: tuple[object, ...], key: tuple[object, ...]) -> bool:
    return len(shown) == len(key) and all(a is b for a, b in zip(shown, key))
