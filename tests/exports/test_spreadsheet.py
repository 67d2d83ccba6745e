"""Template -> filled in by a spreadsheet library -> read -> checked, for .xlsx, .ods and .csv alike."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path

import pytest
from odf import table as odf_table
from odf import text as odf_text
from odf.opendocument import OpenDocumentSpreadsheet
from openpyxl import load_workbook

from cspe_tui.domain.model_sheet import example_model, model_rows
from cspe_tui.domain.model_table import read_model
from cspe_tui.domain.validation import check_model_bytes
from cspe_tui.exports.spreadsheet import TableFileError, read_sheets, write_sheets

REPO = Path(__file__).resolve().parents[2]
SAMPLES = sorted((REPO / "correctiemodellen").glob("*-*.json"))
FORMATS = (".xlsx", ".ods", ".csv")

# The criteria a teacher types over the template's example: opdracht cells merged (or left empty)
# below their first row, numbers as text, spaces behind values, each scorepunten notation.
FILLED = [
    ["D1", "Mise en place ", "Praktisch", "D1.1", "Werkplek ingericht. ", "2", "0, 2", None],
    [None, None, None, "D1.2", "Snijtechniek", 3, "0 t/m 3", "3: alles goed; 0: niets goed."],
    [None, None, None, "D1.3", "Hygiëne", "4 ", "0-4", None],
    ["D2", "Bereiden", "praktisch", "D2.1", "Saus gebonden", 2, "0,1,2", None],
    ["D2", None, None, "D2.2", "Op tijd klaar", 1, None, None],
]
IDENTITY = {"profielvak": "hbr", "leerweg": "kb", "jaar": "2027", "versie": "Blauw", "onderdeel": "d",
            "titel": "Keuken  ", "richttijd (minuten)": 90}
EXPECTED = {
    "formaat": "cspe-correctiemodel/1",
    "examen": {"profielvak": "HBR", "leerweg": "kb", "jaar": 2027, "versie": "blauw", "onderdeel": "D",
               "titel": "Keuken", "richttijd_minuten": 90},
    "opdrachten": [
        {"nummer": "D1", "titel": "Mise en place", "soort": "praktisch", "criteria": [
            {"code": "D1.1", "omschrijving": "Werkplek ingericht.", "max": 2, "scorepunten": [0, 2]},
            {"code": "D1.2", "omschrijving": "Snijtechniek", "max": 3, "toelichting": "3: alles goed; 0: niets goed.",
             "scorepunten": [0, 1, 2, 3]},
            {"code": "D1.3", "omschrijving": "Hygiëne", "max": 4, "scorepunten": [0, 1, 2, 3, 4]},
        ]},
        {"nummer": "D2", "titel": "Bereiden", "soort": "praktisch", "criteria": [
            {"code": "D2.1", "omschrijving": "Saus gebonden", "max": 2, "scorepunten": [0, 1, 2]},
            {"code": "D2.2", "omschrijving": "Op tijd klaar", "max": 1},
        ]},
    ],
}


@pytest.mark.parametrize("suffix", FORMATS)
@pytest.mark.parametrize("sample", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_model_round_trips_losslessly(tmp_path, sample, suffix):
    model = check_model_bytes(sample.read_bytes()).model
    path = write_sheets(tmp_path / f"model{suffix}", model_rows(model))
    back = read_model(read_sheets(path))
    assert back.problems == ()
    assert back.model.content_hash() == model.content_hash()


def _identity_rows(rows: list[list]) -> dict[str, int]:
    return {str(row[0]): n for n, row in enumerate(rows) if row and row[0] in IDENTITY}


def _template_rows(tmp_path: Path, suffix: str) -> tuple[Path, list[list]]:
    """The template as written, then read as cells (0-based rows), so a fill test starts from the real file."""
    template = tmp_path / f"sjabloon{suffix}"
    write_sheets(template, model_rows(example_model()))
    sheet = next(s for s in read_sheets(template) if s.name in (None, "Correctiemodel"))
    return template, [list(r) for r in sheet.rows]


def _header_index(rows: list[list]) -> int:
    return next(n for n, row in enumerate(rows) if row and row[0] == "opdracht" and "omschrijving" in row)


def test_xlsx_filled_with_openpyxl_merged_hidden_formula(tmp_path):
    template, rows = _template_rows(tmp_path, ".xlsx")
    workbook = load_workbook(template)
    ws = workbook["Correctiemodel"]
    for label, n in _identity_rows(rows).items():
        ws.cell(n + 1, 2, IDENTITY[label])
    first = _header_index(rows) + 2
    for r in range(first, ws.max_row + 1):
        for c in range(1, 9):
            ws.cell(r, c).value = None
    for offset, row in enumerate(FILLED):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(first + offset, c, value)
    ws.merge_cells(start_row=first, start_column=1, end_row=first + 2, end_column=1)
    ws.merge_cells(start_row=first, start_column=2, end_row=first + 2, end_column=2)
    ws.cell(first + 1, 6, "=1+2")  # max of D1.2 as a formula; Excel stores its value beside it
    ws.cell(first - 1, 9, "hulpkolom")
    ws.cell(first, 9, "niet meetellen")
    ws.column_dimensions["I"].hidden = True
    path = tmp_path / "ingevuld.xlsx"
    workbook.save(path)
    _store_formula_value(path, f"F{first + 1}", "3")
    result = read_model(read_sheets(path))
    assert result.problems == ()
    assert result.model.model_dump(exclude_none=True) == EXPECTED


def _store_formula_value(path: Path, ref: str, value: str) -> None:
    """What a spreadsheet program does on save: keep the formula's computed value in the file."""
    with zipfile.ZipFile(path) as zin:
        parts = {name: zin.read(name) for name in zin.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    xml, count = re.subn(rf'(<c r="{ref}"[^>]*><f>[^<]*</f>)<v\s*/>', rf"\g<1><v>{value}</v>", xml)
    assert count == 1
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as zout:
        for name, data in parts.items():
            zout.writestr(name, data)


def _ods_cell(value, *, formula: str | None = None, rows_spanned: int = 1) -> odf_table.TableCell:
    attrs = {"numberrowsspanned": rows_spanned} if rows_spanned > 1 else {}
    if formula is not None:
        attrs["formula"] = formula
    if value is None:
        return odf_table.TableCell(**attrs)
    kind = {"valuetype": "float", "value": value} if isinstance(value, int) else {"valuetype": "string"}
    cell = odf_table.TableCell(**kind, **attrs)
    cell.addElement(odf_text.P(text=str(value)))
    return cell


def test_ods_filled_with_odfpy_merged_hidden_formula(tmp_path):
    _, rows = _template_rows(tmp_path, ".ods")
    for label, n in _identity_rows(rows).items():
        rows[n][1] = IDENTITY[label]
    header = _header_index(rows)
    rows = rows[: header + 1] + [list(r) for r in FILLED]
    doc = OpenDocumentSpreadsheet()
    sheet = odf_table.Table(name="Correctiemodel")
    for _ in range(8):
        sheet.addElement(odf_table.TableColumn())
    sheet.addElement(odf_table.TableColumn(visibility="collapse"))  # a hidden helper column I
    for n, row in enumerate(rows):
        line = odf_table.TableRow()
        for c, value in enumerate(row):
            first_filled = n == header + 1
            if c in (0, 1) and n in (header + 2, header + 3):
                line.addElement(odf_table.CoveredTableCell())
            elif c in (0, 1) and first_filled:
                line.addElement(_ods_cell(value, rows_spanned=3))
            elif c == 5 and n == header + 2:
                line.addElement(_ods_cell(3, formula="of:=1+2"))
            else:
                line.addElement(_ods_cell(value))
        line.addElement(_ods_cell("hulpkolom" if n == header else "x"))
        sheet.addElement(line)
    doc.spreadsheet.addElement(sheet)
    path = tmp_path / "ingevuld.ods"
    doc.save(str(path))
    result = read_model(read_sheets(path))
    assert result.problems == ()
    assert result.model.model_dump(exclude_none=True) == EXPECTED


@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_filled_with_the_csv_module(tmp_path, delimiter):
    _, rows = _template_rows(tmp_path, ".csv")
    for label, n in _identity_rows(rows).items():
        rows[n][1] = IDENTITY[label]
    rows = rows[: _header_index(rows) + 1] + [[*r, "extra"] for r in FILLED] + [[], ["# klaar"]]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows([["" if v is None else v for v in r] for r in rows])
    path = tmp_path / "ingevuld.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = read_model(read_sheets(path))
    assert result.problems == ()
    assert result.model.model_dump(exclude_none=True) == EXPECTED


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_problems_in_a_real_file_name_the_row_and_column_a_teacher_sees(tmp_path, suffix):
    """Rows and columns are counted like the spreadsheet program, also with empty rows and columns before the table."""
    rows = [[], [None, "profielvak", "HBR"], [None, "leerweg", "kb"], [None, "jaar", 2026], [None, "versie", "rood"],
            [None, "onderdeel", "B"], [None, "titel", "Bakkerij"], [],
            [None, "opdracht", "opdracht titel", "soort", "code", "omschrijving", "max", "scorepunten", "toelichting"],
            [None, "B1", "Werk", "praktisch", "B1.1", "Iets", 0.5, "0, 2", None]]
    path = tmp_path / f"fout{suffix}"
    write_plain(path, rows)
    result = read_model(read_sheets(path))
    assert [f"{p.place}: {p.message}" for p in result.problems] == [
        "blad Correctiemodel, rij 10, kolom G (max): moet een geheel getal zijn (gevonden: 0.5)",
    ]


def write_plain(path: Path, rows: list[list]) -> None:
    if path.suffix == ".xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        ws = workbook.active
        ws.title = "Correctiemodel"
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    ws.cell(r, c, value)
        workbook.save(path)
    else:
        doc = OpenDocumentSpreadsheet()
        sheet = odf_table.Table(name="Correctiemodel")
        for row in rows:
            line = odf_table.TableRow()
            for value in row:
                if isinstance(value, float):
                    cell = odf_table.TableCell(valuetype="float", value=value)
                    cell.addElement(odf_text.P(text=str(value)))
                    line.addElement(cell)
                else:
                    line.addElement(_ods_cell(value))
            sheet.addElement(line)
        doc.spreadsheet.addElement(sheet)
        doc.save(str(path))


def test_a_formula_without_a_stored_value_is_named_as_such_at_its_place(tmp_path):
    """Issue 20: it was told 'de cel is leeg; vul hem in'."""
    rows = [["profielvak", "HBR"], ["leerweg", "kb"], ["jaar", 2026], ["versie", "rood"], ["onderdeel", "B"],
            ["titel", "Bakkerij"], [], ["opdracht", "opdracht titel", "soort", "code", "omschrijving", "max"],
            ["B1", "Werk", "praktisch", "B1.1", "Iets", "=1+1"]]
    path = tmp_path / "formule.xlsx"
    write_plain(path, rows)
    result = read_model(read_sheets(path))
    assert [f"{p.place}: {p.message}" for p in result.problems] == [
        "blad Correctiemodel, rij 9, kolom F (max): hier staat een formule zonder opgeslagen uitkomst; open het "
        "bestand in Excel of LibreOffice en bewaar het opnieuw, of typ de waarde zelf",
    ]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("model.txt", b"x", "onbekend soort bestand '.txt'"),
        ("kapot.xlsx", b"geen zip", "geen leesbaar rekenblad"),
        ("latin.csv", "code;omschrijving;max\nB1.1;Hygiëne;1\n".encode("cp1252"), "het bestand is geen UTF-8"),
        ("weg.ods", None, "bestand niet gevonden"),
    ],
)
def test_unreadable_files_are_refused_in_dutch(tmp_path, name, content, reason):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(TableFileError) as caught:
        read_sheets(path)
    assert reason in str(caught.value)


def test_writing_an_unknown_ending_or_into_a_missing_folder_is_refused(tmp_path):
    with pytest.raises(TableFileError, match="kies een naam op .xlsx, .ods of .csv"):
        write_sheets(tmp_path / "model.xls", [])
    with pytest.raises(TableFileError, match="bestaat niet"):
        write_sheets(tmp_path / "nergens" / "model.csv", [])


@pytest.mark.parametrize("suffix", FORMATS)
def test_the_template_as_written_is_a_valid_example_with_the_rules(tmp_path, suffix):
    template, _ = _template_rows(tmp_path, suffix)
    sheets = read_sheets(template)
    result = read_model(sheets)
    assert result.problems == ()
    assert [c.code for c in result.model.criteria] == ["A1.1", "A1.2", "A2.1"]
    text = " ".join(str(v) for s in sheets for row in s.rows for v in row if v is not None)
    assert "'0 t/m 3'" in text and "uniek in het hele bestand" in text


# --- issue 20: what the author sees is what the model gets -------------------------------------------

PLAIN_IDENTITY = [["profielvak", "HBR"], ["leerweg", "kb"], ["jaar", 2026], ["versie", "rood"], ["onderdeel", "B"],
                  ["titel", "Bakkerij"], []]
PLAIN_HEADER = ["opdracht", "opdracht titel", "soort", "code", "omschrijving", "max", "scorepunten"]
PLAIN_CRITERIA = [
    ["B1", "Werk", "praktisch", "B1.1", "Afwegen", 2, "0, 2"],
    [None, None, None, "B1.2", "Kneden", 2, None],
    [None, None, None, "B1.3", "Vormen", 1, None],
]


def _xlsx(path: Path, rows: list[list], *, hidden_rows=(), hidden_columns=(), merged=()) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = "Correctiemodel"
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(r, c, value)
    for r in hidden_rows:
        ws.row_dimensions[r + 1].hidden = True
    for letter in hidden_columns:
        ws.column_dimensions[letter].hidden = True
    for ref in merged:
        ws.merge_cells(ref)
    workbook.save(path)
    return path


def _ods(path: Path, rows: list[list], *, hidden_rows=(), hidden_columns=(), spans=None) -> Path:
    """spans: {(row, column): rows spanned}; the cells below are covered, as LibreOffice writes them."""
    spans = spans or {}
    covered = {(r + k, c) for (r, c), n in spans.items() for k in range(1, n)}
    doc = OpenDocumentSpreadsheet()
    sheet = odf_table.Table(name="Correctiemodel")
    for c in range(8):
        sheet.addElement(odf_table.TableColumn(visibility="collapse") if c in hidden_columns else odf_table.TableColumn())
    for r, row in enumerate(rows):
        line = odf_table.TableRow(visibility="collapse") if r in hidden_rows else odf_table.TableRow()
        for c, value in enumerate(row):
            if (r, c) in covered:
                line.addElement(odf_table.CoveredTableCell())
            else:
                line.addElement(_ods_cell(value, rows_spanned=spans.get((r, c), 1)))
        sheet.addElement(line)
    doc.spreadsheet.addElement(sheet)
    doc.save(str(path))
    return path


def test_merged_cells_in_ods_give_the_same_model_as_in_xlsx(tmp_path):
    """Issue 20: calamine gives no merged ranges for .ods, so a merged scorepunten cell counted for one row only."""
    rows = [*PLAIN_IDENTITY, PLAIN_HEADER, *PLAIN_CRITERIA]
    first = len(PLAIN_IDENTITY) + 1
    xlsx = read_model(read_sheets(_xlsx(tmp_path / "m.xlsx", rows, merged=[f"G{first + 1}:G{first + 2}"])))
    ods = read_model(read_sheets(_ods(tmp_path / "m.ods", rows, spans={(first, 6): 2})))
    assert xlsx.problems == () and ods.problems == ()
    assert [c.scorepunten for c in ods.model.criteria] == [[0, 2], [0, 2], None]
    assert ods.model.content_hash() == xlsx.model.content_hash()


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_hidden_row_or_column_that_belongs_to_the_model_is_refused_by_its_place(tmp_path, suffix):
    """Issue 20: a hidden old criterium ended up in the model; now it is named and nothing is written."""
    old = [None, None, None, "B1.9", "Oud criterium", 3, None]
    rows = [*PLAIN_IDENTITY, PLAIN_HEADER, *PLAIN_CRITERIA[:2], old, PLAIN_CRITERIA[2]]
    hidden_row = len(PLAIN_IDENTITY) + 3
    path = tmp_path / f"verborgen{suffix}"
    if suffix == ".xlsx":
        _xlsx(path, rows, hidden_rows=[hidden_row], hidden_columns=["G"])
    else:
        _ods(path, rows, hidden_rows=[hidden_row], hidden_columns=[6])
    result = read_model(read_sheets(path))
    assert result.model is None
    assert [f"{p.place}: {p.message}" for p in result.problems] == [
        f"blad Correctiemodel, rij {len(PLAIN_IDENTITY) + 1}, kolom G: deze kolom is verborgen, maar hoort bij het "
        "model; maak hem zichtbaar of verwijder hem",
        f"blad Correctiemodel, rij {hidden_row + 1}: deze rij is verborgen, maar hoort bij het model; maak hem "
        "zichtbaar of verwijder hem",
    ]


@pytest.mark.parametrize("suffix", [".xlsx", ".ods"])
def test_a_hidden_column_outside_the_model_and_an_empty_hidden_row_do_not_count(tmp_path, suffix):
    rows = [*PLAIN_IDENTITY, [*PLAIN_HEADER, None, "hulp"], *([*c, None, "x"] for c in PLAIN_CRITERIA), []]
    path = tmp_path / f"hulp{suffix}"
    end = len(rows) - 1
    if suffix == ".xlsx":
        _xlsx(path, rows, hidden_rows=[end], hidden_columns=["I"])
    else:
        _ods(path, rows, hidden_rows=[end], hidden_columns=[8])
    assert read_model(read_sheets(path)).problems == ()


def test_criteria_on_a_second_sheet_are_named_not_dropped(tmp_path):
    """Issue 20: `van-tabel` said OK and left the second sheet's criteria out."""
    from openpyxl import Workbook

    workbook = Workbook()
    ws = workbook.active
    ws.title = "Correctiemodel"
    for r, row in enumerate([*PLAIN_IDENTITY, PLAIN_HEADER, *PLAIN_CRITERIA], start=1):
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value)
    more = workbook.create_sheet("Vervolg")
    for r, row in enumerate([["B2", "Bakken", "praktisch", "B2.1", "Oven", 2], [None, None, None, "B2.2", "Tijd", 1]], 1):
        for c, value in enumerate(row, start=1):
            more.cell(r, c, value)
    path = tmp_path / "twee-bladen.xlsx"
    workbook.save(path)
    result = read_model(read_sheets(path))
    assert result.model is None
    assert [f"{p.place}: {p.message}" for p in result.problems] == [
        "blad Vervolg, rij 1: hier staat criterium B2.1 (en nog 1 rij), maar alleen blad Correctiemodel (kopregel op "
        f"rij {len(PLAIN_IDENTITY) + 1}) wordt gelezen; zet alle criteria van dit onderdeel op dat blad, of verwijder dit blad",
    ]


def test_a_totals_row_with_a_sum_and_notes_below_the_table_are_no_criteria(tmp_path):
    """Issue 20: 'Totaal' with a SUM got 'code: de cel is leeg', a note 'criteria: moet minstens één element bevatten'."""
    first = len(PLAIN_IDENTITY) + 2
    rows = [
        *PLAIN_IDENTITY, PLAIN_HEADER, *PLAIN_CRITERIA,
        [None, None, None, None, "Totaal", f"=SUM(F{first}:F{first + 2})"],
        [],
        ["Let op: scoor volgens het correctievoorschrift van zending C."],
        ["* zie ook de toelichting"],
    ]
    result = read_model(read_sheets(_xlsx(tmp_path / "totaal.xlsx", rows)))
    assert result.problems == ()
    assert [c.code for c in result.model.criteria] == ["B1.1", "B1.2", "B1.3"]
    # An opdracht number below the table still starts an opdracht, so a forgotten criterium is not taken for a note.
    rows[-1] = ["B2", "Bakken", "praktisch"]
    problems = read_model(read_sheets(_xlsx(tmp_path / "vergeten.xlsx", rows))).problems
    assert any("criteria" in p.message for p in problems)
