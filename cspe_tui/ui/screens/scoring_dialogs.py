"""What the scoring screen's keys do besides typing and moving: agreeing, absence, and the dialogs.

Functions of the screen, kept apart so the screen file is its composition, keys and messages.
Every dialog answers with a typed result that carries the Committed values of its writes;
the screen folds those (`fold_commits`) and never reads its own writes back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cspe_tui.domain.commands import Accept, AcceptAll, SetAbsent, SetVastgesteld
from cspe_tui.domain.decide import accept_all_codes
from cspe_tui.domain.group import Melding, Role, Werkwijze
from cspe_tui.store import ConflictError, StoreError
from cspe_tui.ui import navigation
from cspe_tui.ui.navigation import Goal
from cspe_tui.ui.screens.aanvulling import AanvullingSaved, AanvullingScreen
from cspe_tui.ui.screens.closing import Closed, ClosingDone, ClosingScreen
from cspe_tui.ui.screens.confirm import ConfirmScreen
from cspe_tui.ui.screens.export import ExportScreen
from cspe_tui.ui.screens.melding import MeldingScreen
from cspe_tui.ui.screens.ondersteuning import OndersteuningScreen, Saved
from cspe_tui.ui.screens.photos import PhotosAdded, PhotoScreen, photo_count
from cspe_tui.ui.screens.remarks import RemarksScreen, RemarksWritten

if TYPE_CHECKING:
    from cspe_tui.ui.screens.scoring import ScoringScreen


# --- agreeing ----------------------------------------------------------------------


def _agree(screen: ScoringScreen, command: Any) -> bool:
    """A write on the vastgestelde score; on a conflict the screen first takes what the other did."""
    try:
        screen.commit(command)
    except ConflictError as exc:
        screen.catch_up()
        screen.fail(str(exc))
        return False
    except StoreError as exc:
        screen.fail(str(exc))
        return False
    return True


def _set_final(screen: ScoringScreen, code: str, value: int) -> bool:
    expected = screen.state.cell(screen.current, code)
    return _agree(screen, SetVastgesteld(examennummer=screen.current, criterium=code, value=value, expected=expected))


def _other_score(screen: ScoringScreen, code: str) -> int | None:
    """The other examinator's score if the viewer may see it; says why not otherwise."""
    other = screen.viewer.role.other
    if not screen.viewer.sees_other(screen.state, screen.current):
        screen.fail(f"De score van de {other.label} is nog verborgen: scoor eerst alle criteria van deze kandidaat.")
        return None
    value = screen.state.cell(screen.current, code).column(other)
    if value is None:
        screen.fail(f"De {other.label} heeft {code} nog niet gescoord.")
    return value


def accept_other(screen: ScoringScreen) -> None:
    screen.cancel_typing()
    code = screen.criteria.cursor_code
    if code is None:
        return
    value = _other_score(screen, code)
    if value is None:
        return
    if screen.viewer.role is Role.TWEEDE and screen.state.info.werkwijze is Werkwijze.ACHTERAF:
        # Achteraf, the tweede's 'a' is their akkoord with the examinator, recorded as such.
        expected = screen.state.cell(screen.current, code)
        if _agree(screen, Accept(examennummer=screen.current, criterium=code, expected=expected)):
            screen.status.say(f"{code}: akkoord met de score van de examinator ({value}).")
            screen.advance(code)
        return
    if _set_final(screen, code, value):
        screen.status.say(f"{code} vastgesteld op {value} (score van de {screen.viewer.role.other.label}).")
        screen.advance(code)


def set_own(screen: ScoringScreen) -> None:
    screen.cancel_typing()
    code = screen.criteria.cursor_code
    if code is None:
        return
    own = screen.state.cell(screen.current, code).column(screen.viewer.role)
    if own is None:
        screen.fail(f"Je hebt {code} nog niet gescoord.")
        return
    if not screen.viewer.sees_other(screen.state, screen.current):
        screen.fail("Scoor eerst alle criteria van deze kandidaat; daarna stel je samen de scores vast.")
        return
    if _set_final(screen, code, own):
        screen.status.say(f"{code} vastgesteld op {own} (je eigen score).")
        screen.advance(code)


def accept_all(screen: ScoringScreen) -> None:
    screen.cancel_typing()
    codes = accept_all_codes(screen.state, screen.current)
    if not codes:
        screen.status.say("Er is niets meer over te nemen bij deze kandidaat.")
        return
    nr = screen.current
    question = (
        f"Akkoord met de scores van examinator {screen.state.info.examinator} (ze worden de vastgestelde score) "
        f"voor {len(codes)} open criteria van {nr} {screen.state.candidate(nr).naam}?"
    )

    def confirmed(yes: bool | None) -> None:
        """One transaction: all open scores are taken over, or (on any refusal) none."""
        if not yes:
            return
        try:
            committed = screen.commit(AcceptAll(examennummer=nr))
        except StoreError as exc:
            screen.fail(str(exc))
            return
        cells = {e.criterium for e in committed if hasattr(e, "criterium")}
        if cells:
            screen.status.say(f"Akkoord met {len(cells)} scores van examinator {screen.state.info.examinator}.")

    screen.app.push_screen(ConfirmScreen(question, "Overnemen"), confirmed)


# --- absent --------------------------------------------------------------------------


def toggle_absent(screen: ScoringScreen) -> None:
    screen.cancel_typing()
    nr = screen.current
    if screen.state.is_absent(nr):
        _write_absent(screen, nr, False)
        return
    question = (
        f"{nr} {screen.state.candidate(nr).naam} afwezig melden voor onderdeel {screen.state.info.model_key.onderdeel}? "
        "Gegeven scores blijven bewaard; de kandidaat telt niet meer mee als open."
    )
    screen.app.push_screen(
        ConfirmScreen(question, "Afwezig melden"),
        lambda confirmed: _write_absent(screen, nr, True) if confirmed else None,
    )


def _write_absent(screen: ScoringScreen, examennummer: str, absent: bool) -> None:
    try:
        screen.commit(SetAbsent(examennummer=examennummer, absent=absent))
    except StoreError as exc:
        screen.fail(str(exc))
        return
    screen.status.say(f"{examennummer} is afwezig gemeld." if absent else f"{examennummer} is niet meer afwezig.")


# --- dialogs whose writes come back as commits ---------------------------------------


def ondersteuning(screen: ScoringScreen) -> None:
    screen.cancel_typing()

    def saved(result: Saved | None) -> None:
        if result is None:
            return
        screen.fold_commits(result.commits)
        screen.status.say(
            f"Ondersteuning van {result.examennummer}: {result.note.summary()}." if result.note
            else f"{result.examennummer} heeft geen ondersteuning (meer)."
        )

    screen.app.push_screen(OndersteuningScreen(screen.store, screen.state, screen.current), saved)


def photos(screen: ScoringScreen) -> None:
    screen.cancel_typing()

    def added(result: PhotosAdded | None) -> None:
        if result is None:
            return
        screen.fold_commits(result.commits)
        refused = f", {photo_count(result.refused)} geweigerd" if result.refused else ""
        screen.status.say(
            f"{photo_count(result.added).capitalize()} toegevoegd bij {result.examennummer}{refused}; "
            f"nu {photo_count(result.total)}.",
            error=bool(result.refused),
        )

    screen.app.push_screen(PhotoScreen(screen.store, screen.state, screen.current), added)


def remarks(screen: ScoringScreen) -> None:
    screen.cancel_typing()

    def written(result: RemarksWritten | None) -> None:
        if result is not None:
            screen.fold_commits(result.commits)

    dialog = RemarksScreen(screen.store, screen.state, screen.current, screen.criteria.cursor_code, readonly=screen.readonly)
    screen.app.push_screen(dialog, written)


def aanvulling(screen: ScoringScreen) -> None:
    code = screen.criteria.cursor_code
    if code is None:
        return

    def added(result: AanvullingSaved | None) -> None:
        if result is None:
            return
        screen.fold_commits(result.commits_for(screen.group_id))
        screen.status.say(
            f"Aanvulling bij {result.aanvulling.criterium} vastgelegd; "
            "open groepen van dit model geven iedereen de maximumscore."
        )

    screen.app.push_screen(AanvullingScreen(screen.store, screen.state, code), added)


def closing(screen: ScoringScreen) -> None:
    screen.cancel_typing()

    def done(result: ClosingDone) -> None:
        """Closing may have changed the group; a chosen blocker says where to go next.

        After a close here, one dialog shows the records being written over this screen; the
        notice meant for a close in the other terminal stays away."""
        ending = result.ending
        if isinstance(ending, Closed):
            screen.closed_here = True
            screen.fold_commits(result.commits)
            screen.app.push_screen(ExportScreen(screen.store, screen.group_id, closed=True))
            return
        screen.fold_commits(result.commits)
        if ending is not None:
            examennummer, code = ending
            screen.go(Goal(examennummer, code, _what_is_open(screen, examennummer, code)))

    screen.app.push_screen(ClosingScreen(screen.store, screen.group_id), done)


def _what_is_open(screen: ScoringScreen, examennummer: str, code: str | None) -> str:
    """Why the checklist sent the user here, in its words."""
    if screen.remarks.on_criterium(examennummer, code) if code else screen.remarks.on_candidate(examennummer):
        return f"open opmerking bij {code}" if code else "open opmerking"
    if code is None:
        return ""
    if code in navigation.open_differences(screen.state, screen.viewer.role, examennummer):
        return f"verschil bij {code}"
    return f"{code} heeft nog geen vastgestelde score"


# --- meldingen and exports -----------------------------------------------------------


def melding(screen: ScoringScreen) -> None:
    screen.cancel_typing()
    code = screen.criteria.cursor_code
    if code is None:
        return

    def added(result: Melding | None) -> None:
        """A melding is the folder's, not the group's: it joins the list the screen holds."""
        if result is None:
            return
        screen.state = screen.state.model_copy(update={"meldingen": [*screen.state.meldingen, result]})
        screen.meldingen_token += 1
        screen.refresh_rows(screen.current)
        screen.status.say(
            f"Fout bij {result.criterium or result.opdracht} gemeld. Scoor gewoon door volgens het correctievoorschrift."
        )

    screen.app.push_screen(MeldingScreen(screen.store, screen.state, code), added)


def export(screen: ScoringScreen) -> None:
    screen.cancel_typing()
    screen.app.push_screen(ExportScreen(screen.store, screen.group_id))


def export_meldingen(screen: ScoringScreen) -> None:
    from cspe_tui.exports.files import meldingen_files
    from cspe_tui.exports.meldingen import write_meldingen_pdf, write_meldingen_txt
    from cspe_tui.exports.school import SchoolInfo
    from cspe_tui.ui.screens.melding import meldingen_written

    state = screen.state
    key = state.info.model_key
    try:
        folder = screen.store.exports_folder(screen.group_id)
        meldingen = screen.store.meldingen(key)
        school = SchoolInfo.from_settings(screen.store.settings)
        txt, pdf = meldingen_files(folder, key)
        write_meldingen_txt(key, meldingen, school, txt, state.model)
        write_meldingen_pdf(key, meldingen, school, pdf, state.model)
    except StoreError as exc:
        screen.fail(str(exc))
        return
    except OSError as exc:
        screen.fail(f"De meldingen zijn niet geschreven: {exc.strerror or exc}")
        return
    written = meldingen_written(len(meldingen), [txt, pdf])
    screen.status.say(written.splitlines()[0].removesuffix(" in:"))
    screen.notify(written, title="Meldingen geschreven", timeout=15)
