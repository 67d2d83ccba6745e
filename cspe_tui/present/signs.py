"""The signs that mark a state next to its colour, so it reads in 256 colours, NO_COLOR and on a screen reader.

The ones that ask for action (verschil, opmerking, melding) are plain ASCII because
some SSH clients lack glyphs; the others only confirm what the numbers already say.
"""

from __future__ import annotations

DIFFERENCE = "!"
REMARK = "*"
MELDING = "M"
AANVULLING = "A"
COMPLETE = "✓"
ABSENT = "X"
WITHDRAWN = "V"
"""A vervallen group (start screen): kept, but it counts for nothing."""
CURSOR = ">"
EMPTY = "-"
HIDDEN = "verborgen"
HIDDEN_SHORT = "verb."
"""`verborgen` in a narrow column."""
OWN = "(jij)"
OWN_SHORT = "jij"
"""`(jij)` in a narrow column or header."""
PARTIAL = "≥"
"""Before a total that still misses scores: the total will be at least this."""
ONDERSTEUNING = "+"
AKKOORD = "akk"
AKKOORD_SHORT = "ak"
"""`akk` in a narrow column."""

LEGEND: tuple[tuple[str, str], ...] = (
    (DIFFERENCE, "verschil tussen de examinatoren, nog niet vastgesteld"),
    (REMARK, "open opmerking"),
    (MELDING, "fout gemeld aan het Examenloket (scoor gewoon door)"),
    (AANVULLING, "aanvulling van het CvTE toegepast"),
    (COMPLETE, "kandidaat helemaal vastgesteld"),
    (ABSENT, "kandidaat afwezig voor dit onderdeel"),
    (WITHDRAWN, "groep vervallen: bewaard, telt niet mee voor de cijferlijst"),
    (EMPTY, "nog geen score (bij een totaal: nog geen enkele score)"),
    (PARTIAL + "12", "totaal nog niet compleet: er ontbreken scores of er staan verschillen open; minstens 12"),
    (HIDDEN, "gelijktijdig: zichtbaar zodra je zelf alle criteria van de kandidaat hebt gescoord"),
    (HIDDEN_SHORT, "verborgen (in een smalle kolom)"),
    (OWN, "jouw kolom (in een smalle kolom: jij), of door jou vastgesteld"),
    (ONDERSTEUNING, "kandidaat met ondersteuning (extra faciliteiten, zie de details)"),
    (AKKOORD, "achteraf: de tweede examinator is akkoord met de score van de examinator"),
    (AKKOORD_SHORT, "akkoord (in een smalle kolom)"),
)
