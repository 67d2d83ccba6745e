"""What the scoring screen does besides typing scores: agreeing, absence, ondersteuning, remarks, meldingen,
closing, exports.

Mixed into ScoringScreen (same state, same status line), kept apart so each part is easy to find.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cspe_tui.domain.commands import Accept, AcceptAll, SetAbsent, SetVastgesteld
from cspe_tui.domain.decide import accept_all_codes
from cspe_tui.domain.group import Aanvulling, Melding, Role, Werkwijze
from cspe_tui.store import ConflictError, StoreError
from cspe_tui.ui import navigation
from cspe_tui.ui.screens.aanvulling import AanvullingScreen
from cspe_tui.ui.screens.closing import Closed, ClosingDone, ClosingScreen
from cspe_tui.ui.screens.confirm import ConfirmScreen
from cspe_tui.ui.screens.export import ExportScreen
from cspe_tui.ui.screens.melding import MeldingScreen
from cspe_tui.ui.screens.ondersteuning import OndersteuningScreen, Saved
from cspe_tui.ui.screens.photos import PhotosAdded, PhotoScreen, photo_count
from cspe_tui.ui.screens.remarks import RemarksScreen, RemarksWritten

if TYPE_CHECKING:
    from cspe_tui.ui.screens.scoring import ScoringScreen


class ScoringActions:
    # --- agreeing ------------------------------------------------------------------

    def _set_final(self: ScoringScreen, code: str, value: int) -> bool:
        expected = self.state.cell(self.current, code)
        return self._agree(SetVastgesteld(examennummer=self.current, criterium=code, value=value, expected=expected))

    def _agree(self: ScoringScreen, command: object) -> bool:
        """A write on the vastgestelde score; on a conflict the screen first takes what the other did."""
        try:
            self._commit(command)
        except ConflictError as exc:
            self._catch_up()
            self._fail(str(exc))
            return False
        except StoreError as exc:
            self._fail(str(exc))
            return False
        return True

    def _other_score(self: ScoringScreen, code: str) -> int | None:
        """The other examinator's score if the viewer may see it; says why not otherwise."""
        other = self.viewer.role.other
        if not self.viewer.sees_other(self.state, self.current):
            self._fail(f"De score van de {other.label} is nog verborgen: scoor eerst alle criteria van deze kandidaat.")
            return None
        value = self.state.cell(self.current, code).column(other)
        if value is None:
            self._fail(f"De {other.label} heeft {code} nog niet gescoord.")
        return value

    def action_accept_other(self: ScoringScreen) -> None:
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

    def action_set_own(self: ScoringScreen) -> None:
        self._cancel_typing()
        code = self.criteria.cursor_code
        if code is None:
            return
        own = self.state.cell(self.current, code).column(self.viewer.role)
        if own is None:
            self._fail(f"Je hebt {code} nog niet gescoord.")
            return
        if not self.viewer.sees_other(self.state, self.current):
            self._fail("Scoor eerst alle criteria van deze kandidaat; daarna stel je samen de scores vast.")
            return
        if self._set_final(code, own):
            self.status.say(f"{code} vastgesteld op {own} (je eigen score).")
            self._advance(code)

    def _accepts_as_tweede(self: ScoringScreen) -> bool:
        """Achteraf, the tweede's 'a' is their akkoord with the examinator, recorded as such."""
        return self.viewer.role is Role.TWEEDE and self.state.info.werkwijze is Werkwijze.ACHTERAF

    def _accept(self: ScoringScreen, code: str) -> bool:
        expected = self.state.cell(self.current, code)
        return self._agree(Accept(examennummer=self.current, criterium=code, expected=expected))

    def _open_for_accept_all(self: ScoringScreen) -> list[str]:
        return accept_all_codes(self.state, self.current)

    def action_accept_all(self: ScoringScreen) -> None:
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

    def _accept_all_confirmed(self: ScoringScreen, confirmed: bool | None) -> None:
        """One transaction: all open scores are taken over, or (on any refusal) none."""
        if not confirmed:
            return
        try:
            committed = self._commit(AcceptAll(examennummer=self.current))
        except StoreError as exc:
            self._fail(str(exc))
            return
        cells = {e.criterium for e in committed if hasattr(e, "criterium")}
        if cells:
            self.status.say(f"Akkoord met {len(cells)} scores van examinator {self.state.info.examinator}.")

    # --- ondersteuning -------------------------------------------------------------

    def action_ondersteuning(self: ScoringScreen) -> None:
        self._cancel_typing()
        self.app.push_screen(OndersteuningScreen(self.store, self.state, self.current), self._ondersteuning_saved)

    def _ondersteuning_saved(self: ScoringScreen, saved: Saved | None) -> None:
        if saved is None:
            return
        self._fold_commits(saved.commits)
        self.status.say(
            f"Ondersteuning van {saved.examennummer}: {saved.note.summary()}." if saved.note
            else f"{saved.examennummer} heeft geen ondersteuning (meer)."
        )

    # --- photos of the products ----------------------------------------------------

    def action_photos(self: ScoringScreen) -> None:
        self._cancel_typing()
        self.app.push_screen(PhotoScreen(self.store, self.state, self.current), self._photos_added)

    def _photos_added(self: ScoringScreen, result: PhotosAdded | None) -> None:
        if result is None:
            return
        self._catch_up()
        refused = f", {photo_count(result.refused)} geweigerd" if result.refused else ""
        self.status.say(
            f"{photo_count(result.added).capitalize()} toegevoegd bij {result.examennummer}{refused}; "
            f"nu {photo_count(result.total)}.",
            error=bool(result.refused),
        )

    # --- absent, remarks, meldingen ------------------------------------------------

    def action_toggle_absent(self: ScoringScreen) -> None:
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

    def _write_absent(self: ScoringScreen, examennummer: str, absent: bool) -> None:
        try:
            self._commit(SetAbsent(examennummer=examennummer, absent=absent))
        except StoreError as exc:
            self._fail(str(exc))
            return
        self.status.say(
            f"{examennummer} is afwezig gemeld." if absent else f"{examennummer} is niet meer afwezig."
        )

    def action_remarks(self: ScoringScreen) -> None:
        self._cancel_typing()
        screen = RemarksScreen(
            self.store,
            self.state,
            self.current,
            self.criteria.cursor_code,
            readonly=self.readonly,
        )
        self.app.push_screen(screen, self._remarks_changed)

    def _remarks_changed(self: ScoringScreen, written: RemarksWritten | None) -> None:
        if written is not None:
            self._fold_commits(written.commits)

    def action_melding(self: ScoringScreen) -> None:
        self._cancel_typing()
        code = self.criteria.cursor_code
        if code is None:
            return
        self.app.push_screen(MeldingScreen(self.store, self.state, code), self._melding_added)

    def _melding_added(self: ScoringScreen, melding: Melding | None) -> None:
        if melding is None:
            return
        self.state = self.state.model_copy(update={"meldingen": [*self.state.meldingen, melding]})
        self._meldingen_token += 1
        self._refresh_rows(self.current)
        self.status.say(
            f"Fout bij {melding.criterium or melding.opdracht} gemeld. Scoor gewoon door volgens het correctievoorschrift."
        )

    def action_aanvulling(self: ScoringScreen) -> None:
        code = self.criteria.cursor_code
        if code is None:
            return
        self.app.push_screen(AanvullingScreen(self.store, self.state, code), self._aanvulling_added)

    def _aanvulling_added(self: ScoringScreen, aanvulling: Aanvulling | None) -> None:
        if aanvulling is None:
            return
        self.status.say(
            f"Aanvulling bij {aanvulling.criterium} vastgelegd; open groepen van dit model geven iedereen de maximumscore."
        )
        self._catch_up()

    # --- closing --------------------------------------------------------------------

    def action_closing(self: ScoringScreen) -> None:
        self._cancel_typing()
        self.app.push_screen(ClosingScreen(self.store, self.group_id), self._closing_done)

    def action_export(self: ScoringScreen) -> None:
        self._cancel_typing()
        self.app.push_screen(ExportScreen(self.store, self.group_id))

    def action_export_meldingen(self: ScoringScreen) -> None:
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
        from cspe_tui.ui.screens.melding import meldingen_written

        written = meldingen_written(len(meldingen), [txt, pdf])
        self.status.say(written.splitlines()[0].removesuffix(" in:"))
        self.notify(written, title="Meldingen geschreven", timeout=15)

    def _closing_done(self: ScoringScreen, done: ClosingDone) -> None:
        """Closing may have changed the group; a chosen blocker says where to go next.

        After a close here, one dialog shows the records being written over this screen; the
        notice meant for a close in the other terminal stays away."""
        result = done.ending
        if isinstance(result, Closed):
            self._closed_here = True
            self._fold_commits(done.commits)
            self.app.push_screen(ExportScreen(self.store, self.group_id, closed=True))
            return
        self._fold_commits(done.commits)
        if result is not None:
            examennummer, code = result
            self._go(examennummer, code, why=self._what_is_open(examennummer, code))

    def _what_is_open(self: ScoringScreen, examennummer: str, code: str | None) -> str:
        """Why the checklist sent the user here, in its words."""
        if self.remarks.on_criterium(examennummer, code) if code else self.remarks.on_candidate(examennummer):
            return f"open opmerking bij {code}" if code else "open opmerking"
        if code is None:
            return ""
        if code in navigation.open_differences(self.state, self.viewer.role, examennummer):
            return f"verschil bij {code}"
        return f"{code} heeft nog geen vastgestelde score"
