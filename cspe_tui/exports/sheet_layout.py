"""What a spreadsheet shows beyond its values: hidden rows and columns, merged cells, formulas.

python-calamine reads the values of every format alike, but knows nothing of hidden rows
or columns, gives no merged ranges for .ods and gives a formula without a stored result
as an empty cell. An author expects the model to be what they see, so these are read
here: openpyxl for .xlsx/.xlsm, odfpy for .ods (an .xls file has none of this). All
positions are 0-based, as calamine gives the cells.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

MergedRange = tuple[tuple[int, int], tuple[int, int]]


@dataclass
class Layout:
    hidden_rows: set[int] = field(default_factory=set)
    hidden_columns: set[int] = field(default_factory=set)
    merged: list[MergedRange] = field(default_factory=list)
    formulas: set[tuple[int, int]] = field(default_factory=set)
    """Cells that hold a formula (with or without a stored result)."""


def read_layouts(path: Path, max_rows: int) -> dict[str, Layout]:
    """Per sheet name its layout, up to `max_rows` rows; empty for a format without one or a file it cannot read."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _xlsx_layouts(path, max_rows)
        if suffix == ".ods":
            return _ods_layouts(path, max_rows)
    except Exception:  # the values were readable; a layout we cannot read only loses these checks
        return {}
    return {}


def _xlsx_layouts(path: Path, max_rows: int) -> dict[str, Layout]:
    from openpyxl import load_workbook

    workbook = load_workbook(path, data_only=False, keep_links=False)
    layouts = {}
    for sheet in workbook.worksheets:
        layout = Layout()
        for number, dimension in sheet.row_dimensions.items():
            if dimension.hidden and number <= max_rows:
                layout.hidden_rows.add(number - 1)
        for dimension in sheet.column_dimensions.values():
            if dimension.hidden and dimension.min:
                layout.hidden_columns.update(range(dimension.min - 1, min(dimension.max or dimension.min, 16384)))
        for row in sheet.iter_rows(max_row=max_rows):
            for cell in row:
                if cell.data_type == "f":
                    layout.formulas.add((cell.row - 1, cell.column - 1))
        layouts[sheet.title] = layout
    return layouts


def _attr(element, name: str, default: str | None = None) -> str | None:  # type: ignore[no-untyped-def]
    from odf.namespaces import TABLENS

    return element.attributes.get((TABLENS, name), default)


def _count(element, name: str) -> int:  # type: ignore[no-untyped-def]
    try:
        return max(1, int(_attr(element, name, "1") or 1))
    except ValueError:
        return 1


def _ods_layouts(path: Path, max_rows: int) -> dict[str, Layout]:
    from odf.opendocument import load

    document = load(str(path))
    layouts = {}
    for sheet in document.spreadsheet.childNodes:
        if sheet.qname[1] != "table":
            continue
        layout = Layout()
        _ods_columns(sheet, layout)
        _ods_rows(sheet, layout, max_rows)
        layouts[_attr(sheet, "name") or ""] = layout
    return layouts


def _walk(element, wanted: str):  # type: ignore[no-untyped-def]
    """Elements named `wanted` in document order, also inside header and group wrappers."""
    for child in element.childNodes:
        name = getattr(child, "qname", (None, None))[1]
        if name == wanted:
            yield child
        elif name in ("table-header-rows", "table-row-group", "table-rows", "table-header-columns",
                      "table-column-group", "table-columns"):
            yield from _walk(child, wanted)


def _ods_columns(sheet, layout: Layout) -> None:  # type: ignore[no-untyped-def]
    c = 0
    for column in _walk(sheet, "table-column"):
        repeat = _count(column, "number-columns-repeated")
        if _attr(column, "visibility", "visible") != "visible":
            layout.hidden_columns.update(range(c, min(c + repeat, 16384)))
        c += repeat
        if c >= 16384:
            break


def _ods_rows(sheet, layout: Layout, max_rows: int) -> None:  # type: ignore[no-untyped-def]
    r = 0
    for row in _walk(sheet, "table-row"):
        repeat = _count(row, "number-rows-repeated")
        if r >= max_rows:
            break
        if _attr(row, "visibility", "visible") != "visible":
            layout.hidden_rows.update(range(r, min(r + repeat, max_rows)))
        c = 0
        for cell in row.childNodes:
            if getattr(cell, "qname", (None, None))[1] not in ("table-cell", "covered-table-cell"):
                continue
            across = _count(cell, "number-columns-repeated")
            if cell.qname[1] == "table-cell":
                spans = (_count(cell, "number-rows-spanned"), _count(cell, "number-columns-spanned"))
                if spans != (1, 1):
                    for k in range(min(repeat, max_rows - r)):
                        layout.merged.append(((r + k, c), (r + k + spans[0] - 1, c + spans[1] - 1)))
                if _attr(cell, "formula") is not None:
                    rows = range(r, r + min(repeat, max_rows - r))
                    layout.formulas.update((row_, c + j) for row_ in rows for j in range(across))
            c += across
        r += repeat
