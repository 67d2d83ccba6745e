"""The scoring screen's own keys: they work wherever the focus is (typing is the tables', score_typing.py).

Every binding has an id (a keymap moves it) and a Dutch tooltip (help reads them from here).
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType

from cspe_tui.ui.widgets.line_table import LineTable

CANDIDATE = Binding.Group("Kandidaat")

WRITE_ACTIONS = {"accept_other", "accept_all", "set_own", "toggle_absent"}
COMMAND_OF_ACTION = {
    "accept_other": "vastgesteld",
    "set_own": "vastgesteld",
    "accept_all": "accept_all",
    "toggle_absent": "absent",
    "ondersteuning": "ondersteuning",
    "photos": "photo",
}
"""Which kind of command a key gives: the domain's `may` decides whether the key is offered."""


def cursor_bindings() -> list[BindingType]:
    """The criteria table's cursor keys (same ids, so a keymap moves them too), run by the screen."""
    return [replace(b, action=f"criteria_cursor('{b.action}')") for b in LineTable.BINDINGS if isinstance(b, Binding)]


SCORING_BINDINGS: list[BindingType] = [
    Binding("w", "toggle_view", "Per opdracht", id="per-opdracht",
            tooltip="Wissel tussen per kandidaat en per opdracht (één opdracht, alle kandidaten)"),
    Binding("right_square_bracket", "other_opdracht(1)", "Volgende opdracht", id="volgende-opdracht",
            show=False, tooltip="Per opdracht: naar de volgende opdracht"),
    Binding("left_square_bracket", "other_opdracht(-1)", "Vorige opdracht", id="vorige-opdracht",
            show=False, tooltip="Per opdracht: naar de vorige opdracht"),
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
