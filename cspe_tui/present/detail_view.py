"""The current criterium in full, below the scoring grid: text, allowed scores and every note on it (no Textual)."""

from __future__ import annotations

from dataclasses import dataclass

from cspe_tui.domain.group import GroupState, Role, Werkwijze, is_difference

from . import signs
from .context import Context
from .viewer import Viewer


@dataclass(frozen=True)
class Note:
    sign: str
    text: str
    kind: str


@dataclass(frozen=True)
class DetailView:
    """The current criterium in full: text, allowed scores, toelichting and whatever is marked on it."""

    title: str
    scoring: str
    toelichting: str | None
    notes: tuple[Note, ...]


def detail_view(state: GroupState, examennummer: str, code: str, viewer: Viewer, context: Context) -> DetailView:
    """Moments on the school's clock from `context`: a detail view costs no read of the store."""
    format_moment = context.moment
    criterium = state.model.criterium(code)
    opdracht = state.model.opdracht_of(code)
    if criterium.scorepunten is None:
        allowed = f"0 t/m {criterium.max}"
    else:
        allowed = ", ".join(str(v) for v in criterium.allowed)
    notes: list[Note] = []
    cell = state.cell(examennummer, code)
    visible = viewer.sees_other(state, examennummer)
    if state.is_absent(examennummer):
        notes.append(Note(signs.ABSENT, "Kandidaat is afwezig voor dit onderdeel.", "absent"))
    ondersteuning = state.ondersteuning_for(examennummer)
    if ondersteuning is not None:
        notes.append(Note(signs.ONDERSTEUNING, f"Ondersteuning: {ondersteuning.summary()}.", "ondersteuning"))
    photos = sum(1 for p in state.photos if p.examennummer == examennummer)
    if photos:
        notes.append(Note(" ", f"Foto's van de producten: {photos}.", "set"))
    if not visible:
        other = Role.TWEEDE if viewer.role is Role.EXAMINATOR else Role.EXAMINATOR
        notes.append(
            Note(
                " ",
                f"De scores van de {other.label} blijven verborgen tot je alle criteria van deze kandidaat hebt gescoord.",
                "hidden",
            )
        )
    elif is_difference(state, examennummer, code):
        notes.append(
            Note(
                signs.DIFFERENCE,
                f"Verschil: examinator {cell.examinator}, tweede examinator {cell.tweede}. "
                "Stel in overleg de score vast.",
                "difference",
            )
        )
    if visible and cell.akkoord:
        notes.append(Note(" ", f"De tweede examinator is akkoord met de score van de examinator ({cell.tweede}).", "set"))
    elif visible and state.info.werkwijze is Werkwijze.ACHTERAF and cell.examinator is not None and cell.tweede is None:
        notes.append(Note(" ", "Nog niet beoordeeld door de tweede examinator.", "hidden"))
    if visible and cell.vastgesteld is not None and cell.vastgesteld_door:
        when = f", {format_moment(cell.vastgesteld_op)}" if cell.vastgesteld_op else ""
        who = "jou" if cell.vastgesteld_door == viewer.login else cell.vastgesteld_door
        notes.append(Note(" ", f"Vastgesteld op {cell.vastgesteld} door {who}{when}.", "set"))
    for remark in state.remarks:
        if remark.examennummer == examennummer and remark.criterium == code and remark.open:
            replies = f" ({len(remark.replies)} antwoord{'en' if len(remark.replies) != 1 else ''})" if remark.replies else ""
            notes.append(
                Note(signs.REMARK, f"Opmerking van {remark.author}, {format_moment(remark.at)}{replies}: {remark.text}", "remark")
            )
    for melding in state.meldingen_for(code):
        notes.append(
            Note(
                signs.MELDING,
                f"Fout gemeld door {melding.gevonden_door} ({melding.moment}, {format_moment(melding.at)}): "
                f"{melding.omschrijving}",
                "melding",
            )
        )
    aanvulling = state.aanvulling_for(code)
    if aanvulling is not None:
        notes.append(
            Note(
                signs.AANVULLING,
                f"Aanvulling CvTE ({aanvulling.datum}): {aanvulling.tekst} Iedereen krijgt de maximumscore.",
                "aanvulling",
            )
        )
    return DetailView(
        title=f"{code}  {criterium.omschrijving}",
        scoring=f"Opdracht {opdracht.nummer} {opdracht.titel} · max {criterium.max} · toegestaan: {allowed}",
        toelichting=criterium.toelichting,
        notes=tuple(notes),
    )
