"""Exports are pure: importing them must not pull in the UI or the store."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

MODULES = [
    "pdf", "pdf_context", "pdf_overview", "pdf_candidate", "pdfdoc", "pdffonts", "pdfembed", "scoresheet", "meldingen", "school", "formatting", "files", "cijferlijst",
    "spreadsheet", "blank_model_pdf", "pdf_photos", "archive", "wolf", "log_text",
]


def test_exports_import_neither_textual_nor_the_store():
    code = (
        "import sys\n"
        + "".join(f"import cspe_tui.exports.{m}\n" for m in MODULES)
        + "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tinydb') or m.startswith('cspe_tui.store') or m.startswith('cspe_tui.ui'))\n"
        + "print(','.join(bad))\n"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=root)
    assert result.stdout.strip() == ""


def test_fonts_and_license_ship_with_the_package():
    from cspe_tui.exports.pdffonts import FONT_DIR

    for name in ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE-DejaVu.txt"):
        assert (FONT_DIR / name).is_file()
    license_text = (FONT_DIR / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")
    assert "Bitstream Vera" in license_text and "Permission is hereby granted" in license_text
