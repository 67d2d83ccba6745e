"""The blank beoordelingsmodel of one correctiemodel, to proofread beside the official correctievoorschrift.

Same page furniture as the closing PDF (pdfdoc.Document); every criterium shows its max,
the scores allowed and its toelichting, with the maximum per opdracht and onderdeel, so a
typing error in a model is found before the exam instead of during scoring.
"""

from __future__ import annotations

from pathlib import Path

from cspe_tui.domain.correctiemodel import Correctiemodel, Criterium

from .formatting import exam_identity, max_score_text, nfc, write_atomic
from .pdffonts import missing_glyphs, printable, shown_missing
from .pdfdoc import CONTENT_W, DARK_FILL, Column, Document
from .pdfsign import signature_block

_COLUMNS = [
    Column(16),
    Column(CONTENT_W - 16 - 11 - 32 - 15),
    Column(11, "R"),
    Column(32),
    Column(15, "R"),
]
_TITLES = ["Code", "Criterium en toelichting", "Max", "Toegestane scores", "Score"]
_SUMMARY = [Column(20), Column(CONTENT_W - 20 - 25 - 25), Column(25, "R"), Column(25, "R")]


def allowed_text(criterium: Criterium) -> str:
    """The scores an examinator may give, in words a proofreader compares at a glance."""
    if criterium.scorepunten is None:
        return f"0 t/m {criterium.max}"
    return ", ".join(str(p) for p in criterium.scorepunten) + " (alleen deze)"


def _criterium_text(criterium: Criterium) -> str:
    if criterium.toelichting:
        return printable(nfc(f"{criterium.omschrijving}\nToelichting: {criterium.toelichting}"))
    return printable(nfc(criterium.omschrijving))


def unprintable_places(model: Correctiemodel) -> list[str]:
    """Where the model holds characters the PDF's font cannot print (an emoji, say), and which ones.

    The PDF writes them as their code point ([U+1F600]); the proofreader is told where.
    """
    e = model.examen
    texts = [("titel van het examen", nfc(e.titel))]
    for opdracht in model.opdrachten:
        texts.append((f"opdracht {opdracht.nummer} titel", nfc(opdracht.titel)))
        for criterium in opdracht.criteria:
            texts.append((f"{criterium.code} omschrijving", nfc(criterium.omschrijving)))
            if criterium.toelichting:
                texts.append((f"{criterium.code} toelichting", nfc(criterium.toelichting)))
    places = []
    for where, text in texts:
        missing = missing_glyphs(text) or missing_glyphs(text, "B")
        if missing:
            places.append(f"{where}: {shown_missing(missing)}")
    return places


def blank_model_pdf_bytes(model: Correctiemodel) -> bytes:
    key = model.key
    e = model.examen
    doc = Document(title=f"Blanco beoordelingsmodel cspe {exam_identity(key)}")
    doc.header_rows = [
        ("Beoordelingsmodel cspe (blanco)", "Ter controle vóór het examen"),
        (f"{exam_identity(key)}: {printable(nfc(e.titel), 'B')}", f"maximumscore {model.max_score}"),
    ]
    doc.footer_note = f"Inhoud correctiemodel (SHA-256): {model.content_hash()}"
    doc.add_page()
    doc.paragraph("Blanco beoordelingsmodel", size=13, style="B", after=2)
    doc.fields([
        ("Correctiemodel", exam_identity(key)),
        ("Titel", printable(nfc(e.titel))),
        ("Richttijd", f"{e.richttijd_minuten} minuten" if e.richttijd_minuten else "niet opgegeven"),
        ("Maximumscore", max_score_text(model)),
    ])
    doc.y += 1
    doc.paragraph(
        "Leg dit naast het correctievoorschrift van het CvTE en controleer per criterium de code, de "
        "omschrijving, het maximum en de toegestane scores. Een fout? Maak een verbeterd model en lees dat "
        "opnieuw in; een ingelezen model verandert nooit.",
        size=7.5,
    )
    doc.heading("Maximum per opdracht", size=9.5)
    doc.row(_SUMMARY, ["Opdracht", "Titel (soort)", "Criteria", "Maximum"], style="B", size=7.5, fill=DARK_FILL)
    for opdracht in model.opdrachten:
        titel = f"{printable(nfc(opdracht.titel))} ({opdracht.soort})"
        doc.row(_SUMMARY, [opdracht.nummer, titel, str(len(opdracht.criteria)),
                           str(opdracht.max_score)])
    doc.row(_SUMMARY, ["", f"Totaal onderdeel {key.onderdeel}", str(len(model.criteria)), str(model.max_score)],
            style="B", fill=DARK_FILL)

    def title_row() -> None:
        doc.row(_COLUMNS, _TITLES, style="B", size=7.5, fill=DARK_FILL)

    doc.heading("Criteria", size=9.5)
    doc.need(25)
    title_row()
    doc.repeat_on_new_page = title_row
    for opdracht in model.opdrachten:
        doc.need(15)
        doc.spanning_row(f"{opdracht.nummer}  {printable(nfc(opdracht.titel), 'B')} ({opdracht.soort})")
        for criterium in opdracht.criteria:
            doc.row(_COLUMNS, [criterium.code, _criterium_text(criterium), str(criterium.max),
                               allowed_text(criterium), ""])
        doc.row(_COLUMNS, ["", f"Totaal opdracht {opdracht.nummer}", str(opdracht.max_score), "", ""], style="B")
    doc.row(_COLUMNS, ["", f"Totaal onderdeel {key.onderdeel}", str(model.max_score), "", ""], style="B",
            fill=DARK_FILL)
    doc.repeat_on_new_page = None
    signature_block(doc, [("Examinator", ""), ("Tweede examinator", "")])
    return bytes(doc.output())


def write_blank_model_pdf(model: Correctiemodel, path: Path) -> Path:
    return write_atomic(Path(path), blank_model_pdf_bytes(model))
