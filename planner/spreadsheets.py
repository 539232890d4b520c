"""Cells written from people's text, made inert for spreadsheet programs.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some programs,
a tab or carriage return before them) as a formula: a rate source typed as
``=HYPERLINK("http://…","点击")`` would become a live link, or worse, in whoever opens the export.
Every export of text a person typed goes through here.

- In **xlsx** files, text is written as text (``write_string``), never parsed: it stays inert
  whatever it starts with, and shows exactly as typed.
- In **CSV** files there is no cell type: text that a spreadsheet would run is prefixed with an
  apostrophe (the usual guard; Excel and LibreOffice show the rest as text).
"""

from __future__ import annotations

from typing import Any

#: First characters that make a spreadsheet treat a cell as a formula (or a DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_formula_like(text: str) -> bool:
    """Whether a spreadsheet could run this text as a formula (full-width signs included)."""
    return text.lstrip(" ").startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: text that could run as a formula gets an apostrophe first.

    Numbers stay numbers (a negative rate is a number, not a formula).
    """
    if isinstance(value, str) and is_formula_like(value):
        return "'" + value
    return value


def write_cell(sheet: Any, row: int, col: int, value: Any, cell_format: Any = None) -> None:
    """Write one value into an ``xlsxwriter`` sheet: text always as text, numbers as numbers,
    None as an empty cell."""
    if value is None:
        sheet.write_blank(row, col, None, cell_format)
    elif isinstance(value, str):
        sheet.write_string(row, col, value, cell_format)
    else:
        sheet.write(row, col, value, cell_format)
