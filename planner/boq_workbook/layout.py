"""Printing the forms: text measure, row heights, page sizes, page set-up and cell formats.

**Pages are laid out here, not by the spreadsheet program.** A GB 50500 form has its title,
工程名称/标段/第 X 页 共 Y 页 line and column header on every page and a 本页小计 at the foot of
each page, which no spreadsheet feature gives: so every page is written out with its own rows
and a manual page break, the height of each row is set from its wrapped text (``row_height``),
and a page is closed before its rows exceed the printable height. Column widths are chosen so
that a page is one A4 wide even where the default font is wider than Excel's (LibreOffice
without 宋体), and heights so that a row fits where columns are narrower (Excel with 宋体).

The sheets themselves are written by ``planner.boq_workbook.fastsheet``.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from functools import lru_cache
from typing import Any

from xlsxwriter.utility import xl_col_to_name

_COLS = [xl_col_to_name(i) for i in range(64)]
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")

#: Points per line of 10-point text (宋体 in Excel, Noto CJK in LibreOffice: the taller one),
#: the padding of a row, and the height of a one-line row.
LINE_PT = 14.5
PAD_PT = 4.0
ROW_PT = 18.0
#: Printable body height (points) of an A4 page with the margins below, less a safety share.
MARGINS = {"left": 0.45, "right": 0.45, "top": 0.6, "bottom": 0.6}
BODY_PT = {"portrait": (11.69 - 1.2) * 72 * 0.92, "landscape": (8.27 - 1.2) * 72 * 0.92}
#: What LibreOffice (fonts substituted for 宋体) prints on one A4 width, in stored column
#: widths (each column's width plus its padding, ``COLUMN_PAD``): measured, a page 0.3 unit
#: wider spilled onto a second page; kept a little below.
PRINTABLE_UNITS = {"portrait": 83.0, "landscape": 121.6}
COLUMN_PAD = 0.72
#: Units the info line's "第 99 页 共 99 页" needs (it may run into its empty left neighbour).
PAGE_NUMBER_UNITS = 18
#: Excel and LibreOffice allow about 1,026 manual page breaks per sheet: a form needing more
#: pages continues on another sheet.
MAX_PAGES_PER_SHEET = 1000


def text_units(text: str) -> int:
    """Width of ``text`` in column-width units: 2 for a wide (CJK) character, 1 otherwise."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


@lru_cache(maxsize=65536)
def lines_needed(text: str, width: float) -> int:
    """Lines ``text`` wraps to in a column ``width`` units wide (a unit of margin kept)."""
    usable = max(int(width) - 1, 2)
    return sum(max(1, math.ceil(text_units(part) / usable)) for part in text.split("\n"))


def number_units(value: float | int | Decimal, places: int = 2, bold: bool = False) -> float:
    """Column-width units a number needs in a ``#,##0.00``-style format (``places`` decimals),
    with the cell's padding: digits and separators one unit each (an eighth more in bold, as
    LibreOffice's substitute fonts print them), so that no spreadsheet prints "###"."""
    shown = f"{value:,.{places}f}"
    return math.ceil(len(shown) * (1.12 if bold else 1.0) + 1.2)


def fit_widths(
    widths: Sequence[float],
    needs: Mapping[int, float],
    orientation: str,
    flexible: Sequence[int],
    floor: float = 10,
) -> tuple[float, ...]:
    """Column widths where every column in ``needs`` is at least as wide as its widest value;
    if the page then overflows, the ``flexible`` (text) columns give the
    excess back (the page: ``PRINTABLE_UNITS``), none below ``floor`` (their text wraps:
    rows grow, nothing is cut), then further down to 6."""
    out = [float(w) for w in widths]
    for col, need in needs.items():
        out[col] = max(out[col], float(need))
    # Each column costs its padding beyond its width (xlsxwriter stores width + 0.71).
    excess = sum(out) + COLUMN_PAD * len(out) - PRINTABLE_UNITS[orientation]
    for lowest in (floor, 6.0):  # first down to the floor, then further rather than overflow
        for col in flexible:
            if excess <= 0:
                break
            give = min(excess, max(0.0, out[col] - lowest))
            out[col] -= give
            excess -= give
    return tuple(out)


def row_height(cells: Iterable[tuple[str, float]], minimum: float = ROW_PT) -> float:
    """The height (points) of a row whose wrapped cells are (text, column width)."""
    lines = max((lines_needed(text, width) for text, width in cells if text), default=1)
    return max(minimum, lines * LINE_PT + PAD_PT)


def header_rows(
    widths: Sequence[float], rows: Iterable[Sequence[tuple[int, int, int, int, str]]]
) -> list:
    """A form's column header from its rows of cells (first column, last column, rows down,
    0, text: as ``planner.boq_workbook.paging`` writes them), each row as tall as its longest
    text wraps to in the columns the text spans."""
    out = []
    for cells in rows:
        texts = [(text, sum(widths[a : b + 1])) for a, b, _, _, text in cells]
        out.append((row_height(texts, ROW_PT + 2), cells))
    return out


def simple_header(widths: Sequence[float], names: list[str]) -> list:
    """A one-row column header of ``names``, as tall as its longest name wraps to."""
    return header_rows(widths, [[(c, c, 0, 0, name) for c, name in enumerate(names)]])


def sheet_name(base: str, used: set[str]) -> str:
    """A valid sheet name (≤ 31 characters) not yet in ``used`` (lower-cased); adds it."""
    clean = _BAD_SHEET_CHARS.sub("_", base).strip("'").strip() or "表"
    candidate, n = clean[:31], 1
    while candidate.lower() in used:
        n += 1
        suffix = f"({n})"
        candidate = clean[: 31 - len(suffix)] + suffix
    used.add(candidate.lower())
    return candidate


def ref(sheet: str, cell: str) -> str:
    """A reference to ``cell`` on ``sheet`` for a formula."""
    return _sheet_prefix(sheet) + cell


@lru_cache(maxsize=1024)
def _sheet_prefix(sheet: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!"


def cell(row: int, col: int, absolute: bool = False) -> str:
    """A1 name of a 0-based cell."""
    if absolute:
        return f"${_COLS[col]}${row + 1}"
    return f"{_COLS[col]}{row + 1}"


def page_setup(ws: Any, orientation: str, label: str, pages: int) -> None:
    """A4, the margins above, page breaks set by the caller; footer with the sheet's own page
    number and page count (LibreOffice's &N counts the whole workbook, so the count is written
    in), numbering from 1 on every sheet."""
    if orientation == "landscape":
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.set_paper(9)
    ws.set_margins(**MARGINS)
    ws.set_print_scale(100)
    ws.set_start_page(1)
    safe = label.replace("&", "&&")
    ws.set_footer(f"&C{safe}　第 &P 页 共 {pages} 页", {"margin": 0.25})
    ws.set_header("", {"margin": 0.25})


class Formats:
    """The cell formats of the forms (宋体 10, thin borders)."""

    def __init__(self, workbook: Any):
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        border = {**base, "border": 1}

        def fmt(**extra: Any) -> Any:
            return workbook.add_format({**border, **extra})

        def plain(**extra: Any) -> Any:
            return workbook.add_format({**base, **extra})

        self.title = plain(font_size=14, bold=True, align="center")
        self.cover = plain(font_size=20, bold=True, align="center")
        self.info = plain(align="left")
        self.info_wrap = plain(align="left", text_wrap=True)
        self.info_right = plain(align="right")
        self.note = plain(text_wrap=True, valign="top")
        self.warn = plain(text_wrap=True, valign="top", bold=True, font_color="#C00000")
        self.bold = plain(bold=True)
        self.header = fmt(bold=True, align="center", text_wrap=True, bg_color="#F2F2F2")
        self.text = fmt(text_wrap=True)
        self.center = fmt(align="center", text_wrap=True)
        self.code = fmt(align="center", num_format="@")
        self.code_unverified = fmt(align="center", num_format="@", bg_color="#FCE4D6")
        self.qty = {
            0: fmt(num_format="#,##0"),
            2: fmt(num_format="#,##0.00"),
            3: fmt(num_format="#,##0.000"),
            4: fmt(num_format="#,##0.0000"),  # 表-09's 定额 数量 (含量) and 材料 数量
        }
        self.money = fmt(num_format="#,##0.00")
        self.rate = fmt(num_format="0.00", bg_color="#FFF2CC")  # an input an engineer may change
        self.percent = fmt(num_format="0.00")
        self.weight = fmt(num_format="0.000")
        self.division = fmt(bold=True)
        self.total_text = fmt(bold=True, align="center")
        self.total = fmt(bold=True, num_format="#,##0.00")
        yuan = '[DBNum2][$-804]General"元"'
        self.upper_yuan = plain(num_format=yuan, bold=True, align="right")
        self.upper_jiao = plain(num_format='[DBNum2][$-804]General"角";"零";"整"', bold=True)
        self.upper_fen = plain(num_format='[DBNum2][$-804]General"分";"";""', bold=True)
        self.money_plain = plain(num_format="#,##0.00", bold=True, align="left")
