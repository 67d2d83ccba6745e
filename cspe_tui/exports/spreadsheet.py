"""Reading and writing the correctiemodel table as .xlsx, .ods or .csv.

python-calamine reads every spreadsheet format alike (a formula gives its last computed
value); sheet_layout adds what calamine does not see (hidden rows and columns, merged
cells in .ods, formulas without a stored result); openpyxl writes .xlsx and odfpy writes .ods. What the cells mean is the
domain's business (domain/model_table.py).
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from pathlib import Path

import python_calamine
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import ParagraphProperties, Style, TableColumnProperties, TextProperties
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font

from cspe_tui.domain.wording import decimal
from cspe_tui.domain.candidates import decode_csv_bytes
from cspe_tui.domain.model_sheet import RULES, header_row_index
from cspe_tui.domain.model_table import COLUMNS, RULES_SHEET_NAME, SHEET_NAME, Cell, Sheet

from .formatting import write_atomic
from .sheet_layout import Layout, read_layouts

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
WRITE_SUFFIXES = (".xlsx", ".ods", ".csv")
MAX_TABLE_BYTES = 20_000_000
_WIDTHS = {"nummer": 10, "titel": 22, "soort": 12, "code": 9, "omschrijving": 50, "max": 6, "scorepunten": 14, "toelichting": 50}


class TableFileError(Exception):
    """A Dutch sentence saying why the file cannot be read or written."""


def _plain(value: object) -> Cell:
    if isinstance(value, datetime | date | time | timedelta):
        return str(value)
    return value  # type: ignore[return-value]


def _fill_merged(rows: list[list[Cell]], ranges: Sequence[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """A merged cell holds its value in its first cell only; every cell it covers shows it, so we read it there too."""
    for (r0, c0), (r1, c1) in ranges:
        if r0 >= len(rows) or c0 >= len(rows[r0]):
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, c1 + 1):
                while len(rows[r]) <= c:
                    rows[r].append(None)
                if (r, c) != (r0, c0):
                    rows[r][c] = value


def _read_workbook(path: Path) -> list[Sheet]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    except python_calamine.PasswordError:
        raise TableFileError("het bestand is met een wachtwoord beveiligd; bewaar het zonder wachtwoord") from None
    except Exception as exc:  # calamine raises several unrelated types for a damaged file
        raise TableFileError(f"geen leesbaar rekenblad ({type(exc).__name__}); bewaar het opnieuw als .xlsx, .ods of .csv") from None
    read = []
    for meta in workbook.sheets_metadata:
        sheet = workbook.get_sheet_by_name(meta.name)
        rows = [[_plain(v) for v in row] for row in sheet.to_python(skip_empty_area=False)]
        rows = [[None if v == "" else v for v in row] for row in rows]
        try:
            merged = sheet.merged_cell_ranges or []
        except Exception:  # not every format reports merged cells
            merged = []
        read.append((meta, rows, merged))
    layouts = read_layouts(path, max((len(rows) for _, rows, _ in read), default=0))
    sheets = []
    for meta, rows, merged in read:
        layout = layouts.get(meta.name, Layout())
        empty_formulas = frozenset(
            (r, c) for r, c in layout.formulas if r < len(rows) and (c >= len(rows[r]) or rows[r][c] is None)
        )
        _fill_merged(rows, merged or layout.merged)
        sheets.append(Sheet(
            meta.name,
            tuple(tuple(row) for row in rows),
            hidden=meta.visible != python_calamine.SheetVisibleEnum.Visible,
            hidden_rows=frozenset(layout.hidden_rows),
            hidden_columns=frozenset(layout.hidden_columns),
            empty_formulas=empty_formulas,
        ))
    return sheets


def _read_csv(data: bytes) -> list[Sheet]:
    try:
        text = decode_csv_bytes(data)
    except ValueError as exc:
        raise TableFileError(str(exc)) from None
    lines = text.splitlines()
    sample = next((line for line in lines if "omschrijving" in line.lower()), lines[0] if lines else "")
    delimiter = max((";", ",", "\t"), key=sample.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise TableFileError(f"geen geldige CSV ({exc})") from None
    return [Sheet(None, tuple(tuple(v if v != "" else None for v in row) for row in rows))]


def read_sheets(path: Path) -> list[Sheet]:
    """Every sheet of the file as cells; raises TableFileError with the reason in Dutch."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (*SPREADSHEET_SUFFIXES, ".csv"):
        raise TableFileError(f"onbekend soort bestand '{suffix or path.name}'; gebruik .xlsx, .ods of .csv")
    try:
        size = os.stat(path).st_size
        if size > MAX_TABLE_BYTES:
            raise TableFileError(f"bestand is te groot ({decimal(size / 1_000_000)} MB) voor een correctiemodel")
        if suffix == ".csv":
            return _read_csv(path.read_bytes())
    except FileNotFoundError:
        raise TableFileError("bestand niet gevonden") from None
    except IsADirectoryError:
        raise TableFileError("dit is een map, geen bestand") from None
    except PermissionError:
        raise TableFileError("geen leesrechten op dit bestand") from None
    return _read_workbook(path)


def _xlsx_bytes(rows: list[list[Cell]], rules: Sequence[str]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    header = header_row_index(rows)
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                sheet.cell(r, c, value)
    sheet["A1"].font = Font(bold=True, size=13)
    for c, (key, label) in enumerate(COLUMNS, start=1):
        letter = sheet.cell(header + 1, c).column_letter
        sheet.column_dimensions[letter].width = _WIDTHS[key]
        sheet.cell(header + 1, c).font = Font(bold=True)
    for r in range(1, header + 1):
        sheet.cell(r, 1).font = Font(bold=True)
    scorepunten_col = [k for k, _ in COLUMNS].index("scorepunten") + 1
    # Text cells: '0,2' typed here must stay the scores 0 and 2, not become the number 0.2.
    for r in range(header + 2, max(len(rows), header + 300) + 1):
        sheet.cell(r, scorepunten_col).number_format = "@"
        for c in (2, 5, 8):
            sheet.cell(r, c).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.cell(header + 1, scorepunten_col).comment = Comment(
        "Leeg: elke hele score van 0 t/m max. Anders bijvoorbeeld '0, 2', '0-3' of '0 t/m 3'.", "cspe"
    )
    sheet.freeze_panes = sheet.cell(header + 2, 1)
    notes = workbook.create_sheet(RULES_SHEET_NAME)
    notes.column_dimensions["A"].width = 110
    notes.cell(1, 1, "Zo vul je dit sjabloon in").font = Font(bold=True, size=13)
    for r, line in enumerate(rules, start=3):
        notes.cell(r, 1, line).alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods_cell(value: Cell, style: Style | None = None) -> odf_table.TableCell:
    attrs = {"stylename": style} if style is not None else {}
    if value is None:
        return odf_table.TableCell(**attrs)
    if isinstance(value, int | float) and not isinstance(value, bool):
        cell = odf_table.TableCell(valuetype="float", value=value, **attrs)
    else:
        cell = odf_table.TableCell(valuetype="string", **attrs)
    lines = str(value).split("\n")
    for line in lines:
        cell.addElement(odf_text.P(text=line))
    return cell


def _ods_bytes(rows: list[list[Cell]], rules: Sequence[str]) -> bytes:
    doc = OpenDocumentSpreadsheet()
    bold = Style(name="vet", family="table-cell")
    bold.addElement(TextProperties(fontweight="bold"))
    wrap = Style(name="terugloop", family="table-cell")
    wrap.addElement(ParagraphProperties(numberlines="false"))
    doc.automaticstyles.addElement(bold)
    doc.automaticstyles.addElement(wrap)
    header = header_row_index(rows)
    sheet = odf_table.Table(name=SHEET_NAME)
    for n, (key, _) in enumerate(COLUMNS):
        width = Style(name=f"kolom{n}", family="table-column")
        width.addElement(TableColumnProperties(columnwidth=f"{_WIDTHS[key] * 0.2:.1f}cm"))
        doc.automaticstyles.addElement(width)
        sheet.addElement(odf_table.TableColumn(stylename=width))
    for r, row in enumerate(rows):
        line = odf_table.TableRow()
        for c, value in enumerate(row):
            line.addElement(_ods_cell(value, bold if r == header or (r < header and c == 0) else None))
        sheet.addElement(line)
    doc.spreadsheet.addElement(sheet)
    notes = odf_table.Table(name=RULES_SHEET_NAME)
    for line in ("Zo vul je dit sjabloon in", "", *rules):
        row = odf_table.TableRow()
        row.addElement(_ods_cell(line or None))
        notes.addElement(row)
    doc.spreadsheet.addElement(notes)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


def _csv_bytes(rows: list[list[Cell]], rules: Sequence[str]) -> bytes:
    """Semicolons and a BOM: what Excel with Dutch settings opens as columns, in UTF-8."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for line in rules:
        writer.writerow([f"# {line}"])
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_sheets(path: Path, rows: list[list[Cell]], rules: Sequence[str] = RULES) -> Path:
    """The table in the format of the file's ending; written whole or not at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    writers = {".xlsx": _xlsx_bytes, ".ods": _ods_bytes, ".csv": _csv_bytes}
    if suffix not in writers:
        raise TableFileError(f"kan geen '{suffix or path.name}' schrijven; kies een naam op .xlsx, .ods of .csv")
    if not path.parent.is_dir():
        raise TableFileError(f"de map {path.parent} bestaat niet")
    data = writers[suffix](rows, rules)
    try:
        return write_atomic(path, data)
    except PermissionError:
        raise TableFileError(f"geen schrijfrechten in {path.parent}") from None
    except OSError as exc:
        raise TableFileError(f"kan niet schrijven ({exc.strerror})") from None
