"""Printing the forms: text measure, row heights, pages, and a fast xlsxwriter worksheet.

**Pages are laid out here, not by the spreadsheet program.** A GB 50500 form has its title,
工程名称/标段/第 X 页 共 Y 页 line and column header on every page and a 本页小计 at the foot of
each page, which no spreadsheet feature gives: so every page is written out with its own rows
and a manual page break, the height of each row is set from its wrapped text (``row_height``),
and a page is closed before its rows exceed the printable height. Column widths are chosen so
that a page is one A4 wide even where the default font is wider than Excel's (LibreOffice
without 宋体), and heights so that a row fits where columns are narrower (Excel with 宋体).

**Why a worksheet of our own.** At city scale (20,000 buildings, about 6,000 单位工程) the form
set has some two million cells; xlsxwriter's cell API costs several microseconds a cell (argument
checks, a tuple per cell, then attribute lists when the file is written), over the benchmark's
budget. ``FastWorksheet`` keeps xlsxwriter for everything else (package, styles, shared strings,
merges, page setup) and renders each row's cells once, as they are written, in row order. It
accepts the usual ``write_*`` calls (so ``planner.spreadsheets.write_cell`` writes typed text
through it, always as a shared string, never as a formula); it requires rows in increasing
order and, within a row, columns in increasing order.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

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
#: Column-width units a page can take (LibreOffice's widest case, see the module docstring).
PAGE_UNITS = {"portrait": 80, "landscape": 116}
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


def row_height(cells: Iterable[tuple[str, float]], minimum: float = ROW_PT) -> float:
    """The height (points) of a row whose wrapped cells are (text, column width)."""
    lines = max((lines_needed(text, width) for text, width in cells if text), default=1)
    return max(minimum, lines * LINE_PT + PAD_PT)


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
    return "'" + sheet.replace("'", "''") + "'!" + cell


def cell(row: int, col: int, absolute: bool = False) -> str:
    """A1 name of a 0-based cell."""
    if absolute:
        return f"${_COLS[col]}${row + 1}"
    return f"{_COLS[col]}{row + 1}"


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


class FastWorksheet(Worksheet):
    """An xlsxwriter worksheet whose cells are rendered as they are written (row order)."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: dict[int, list[str]] = {}
        self._row = -1
        self._cells: list[str] = []
        self._last = -1
        self._heights: dict[int, float] = {}
        self._style: dict[Any, str] = {}

    def _s(self, fmt: Any) -> str:
        found = self._style.get(fmt)
        if found is None:
            found = self._style[fmt] = "" if fmt is None else f' s="{fmt._get_xf_index()}"'
        return found

    def _at(self, row: int, col: int) -> str:
        """The cell's ``r`` attribute, left out when the cell follows the previous one (a
        reader then counts on from it; Excel, LibreOffice and openpyxl do)."""
        if (col == self._last + 1 and row == self._row) or (col == 0 and row != self._row):
            return ""
        return f' r="{_COLS[col]}{row + 1}"'

    def _add(self, row: int, col: int, xml: str) -> None:
        if row != self._row:
            if row < self._row:
                raise ValueError(f"row {row + 1} written after row {self._row + 1}")
            self._row, self._last = row, -1
            self._cells = self._rows[row] = []
            if self.dim_rowmin is None:
                self.dim_rowmin, self.dim_colmin, self.dim_colmax = row, 0, 0
            self.dim_rowmax = row
        if col <= self._last:
            raise ValueError(f"cell {cell(row, col)} written out of column order")
        self._last = col
        if col > self.dim_colmax:
            self.dim_colmax = col
        self._cells.append(xml)

    def fragment(self, cells: Iterable[tuple[int, str | None, Any]]) -> tuple[str, int, int, int]:
        """Prebuilt XML of fixed cells (column, label or None for a blank, format), to stamp on
        many rows with :meth:`write_fragment` (labels are ours, never typed text)."""
        parts, strings, cols = [], 0, []
        for col, text, fmt in cells:
            at = "\x01" if not cols else ("" if col == cols[-1] + 1 else f' r="{_COLS[col]}\x00"')
            cols.append(col)
            if text is None:
                parts.append(f"<c{at}{self._s(fmt)}/>")
            else:
                index = self.str_table._get_shared_string_index(text)
                strings += 1
                parts.append(f'<c{at}{self._s(fmt)} t="s"><v>{index}</v></c>')
        return "".join(parts), strings, min(cols), max(cols)

    def write_fragment(self, row: int, fragment: tuple[str, int, int, int]) -> None:
        """Stamp a :meth:`fragment` on ``row``."""
        xml, strings, first, last = fragment
        xml = xml.replace("\x01", self._at(row, first), 1)
        if "\x00" in xml:
            xml = xml.replace("\x00", str(row + 1))
        self._add(row, first, xml)
        self._last = last
        if last > self.dim_colmax:
            self.dim_colmax = last
        self.str_table.count += strings

    def template(self, cells: Iterable[tuple[int, str, Any, Any]]) -> RowTemplate:
        """A row of cells to stamp many times (see :class:`RowTemplate`)."""
        return RowTemplate(self, cells)

    def write_template(self, row: int, template: RowTemplate, *values: Any) -> None:
        """Stamp ``template`` on ``row`` with its placeholders' ``values`` in order: labels
        ("t") as text, numbers as int, float or Decimal, formulas as "=…" text built by the
        planner from cell references (no XML-special characters; typed text never goes
        into a formula)."""
        if len(values) != len(template.kinds):
            raise ValueError(f"{len(template.kinds)} values expected, {len(values)} given")
        if template.labels:
            values = list(values)  # type: ignore[assignment]
            sst = self.str_table._get_shared_string_index
            for i in template.labels:
                values[i] = sst(values[i])  # type: ignore[index]
        args = [
            v[1:] if v.__class__ is str else (repr(v) if v.__class__ is float else str(v))
            for v in values
        ]
        at = self._at(row, template.first)
        self._add(row, template.first, template.text.format(*args, r=row + 1, at=at))
        self._last = template.last
        if template.last > self.dim_colmax:
            self.dim_colmax = template.last
        self.str_table.count += template.strings

    # The calls planner.spreadsheets and the forms use (xlsxwriter's signatures).
    def write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        index = self.str_table._get_shared_string_index(string)
        self._add(
            row, col, f'<c{self._at(row, col)}{self._s(cell_format)} t="s"><v>{index}</v></c>'
        )
        return 0

    def write_number(self, row: int, col: int, number: Any, cell_format: Any = None) -> int:
        self._add(
            row,
            col,
            f"<c{self._at(row, col)}{self._s(cell_format)}><v>{float(number):.16G}</v></c>",
        )
        return 0

    def write_blank(self, row: int, col: int, blank: Any, cell_format: Any = None) -> int:  # noqa: ARG002
        if cell_format is not None:
            self._add(row, col, f"<c{self._at(row, col)}{self._s(cell_format)}/>")
        return 0

    def write_formula(
        self, row: int, col: int, formula: str, cell_format: Any = None, value: Any = 0
    ) -> int:
        text = _escape(formula.removeprefix("="))
        shown = f"{float(value):.16G}" if isinstance(value, int | float) else ""
        kind = "" if shown or value in ("", None) else ' t="str"'
        if kind:
            shown = _escape(str(value))
        self._add(
            row,
            col,
            f"<c{self._at(row, col)}{self._s(cell_format)}{kind}><f>{text}</f><v>{shown}</v></c>",
        )
        return 0

    def write(self, row: int, col: int, *args: Any) -> int:
        value, fmt = args[0], (args[1] if len(args) > 1 else None)
        if value is None:
            return self.write_blank(row, col, None, fmt)
        if isinstance(value, str):
            return self.write_string(row, col, value, fmt)
        return self.write_number(row, col, value, fmt)

    def height(self, row: int, points: float) -> None:
        """Set the height of ``row`` (points)."""
        self._heights[row] = points

    def merged(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Record a merged range (the caller writes its cells)."""
        if first_row == last_row and first_col == last_col:
            return  # a single cell is no range (Excel would repair the file)
        self.merge.append([first_row, first_col, last_row, last_col])

    def _write_rows(self) -> None:
        out: list[str] = []
        heights = self._heights
        for row in sorted(self._rows):
            height = heights.get(row)
            if height is None:
                out.append(f'<row r="{row + 1}">')
            else:
                out.append(f'<row r="{row + 1}" ht="{height:.16g}" customHeight="1">')
            out.extend(self._rows[row])
            out.append("</row>")
        self.fh.write("".join(out))


class Templates(dict):
    """Row templates of a form, made on first use (``get_or_make(ws, key, cells)``)."""

    def get_or_make(
        self, ws: FastWorksheet, key: Any, cells: Iterable[tuple[int, str, Any, Any]]
    ) -> RowTemplate:
        found = self.get(key)
        if found is None:
            found = self[key] = ws.template(cells)
        return found


class RowTemplate:
    """Cells of a row rendered from one format string: ``(col, kind, payload, format)`` with
    kind "s" a fixed label (payload), "b" a blank, "t" a label given per row, "n" a number
    given per row, "f" a formula and its value given per row (two values). Typed text never
    goes here: it is written with ``planner.spreadsheets.write_cell``."""

    def __init__(self, ws: FastWorksheet, cells: Iterable[tuple[int, str, Any, Any]]):
        parts: list[str] = []
        self.kinds: list[str] = []
        self.strings = 0
        cols = []
        for col, kind, payload, fmt in cells:
            if not cols:
                at = "{at}" + ws._s(fmt)  # the first cell's r: given when stamped
            elif col == cols[-1] + 1:
                at = ws._s(fmt)
            else:
                at = f' r="{_COLS[col]}{{r}}"{ws._s(fmt)}'
            cols.append(col)
            if kind == "s":
                index = ws.str_table._get_shared_string_index(payload)
                self.strings += 1
                parts.append(f'<c{at} t="s"><v>{index}</v></c>')
            elif kind == "b":
                parts.append(f"<c{at}/>")
            elif kind == "t":
                parts.append(f'<c{at} t="s"><v>{{}}</v></c>')
                self.kinds.append("t")
            elif kind == "n":
                parts.append(f"<c{at}><v>{{}}</v></c>")
                self.kinds.append("n")
            elif kind == "f":
                parts.append(f"<c{at}><f>{{}}</f><v>{{}}</v></c>")
                self.kinds += ["f", "n"]
            else:
                raise ValueError(f"unknown cell kind {kind!r}")
        self.text = "".join(parts)
        self.first, self.last = min(cols), max(cols)
        self.labels = [i for i, kind in enumerate(self.kinds) if kind == "t"]


class FastWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook of FastWorksheets, default font 宋体 10."""

    worksheet_class = FastWorksheet

    def __init__(self, target: Any) -> None:
        super().__init__(
            target,
            {
                "in_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "default_format_properties": {"font_name": "宋体", "font_size": 10},
            },
        )

    def _check_sheetname(self, sheetname: str, is_chartsheet: bool = False) -> str:  # noqa: ARG002
        # The same rules as xlsxwriter's, with a set for the uniqueness test (its own compares
        # each new name with every sheet: quadratic in the number of sheets).
        used: set[str] = self.__dict__.setdefault("_used_sheetnames", set())
        if not sheetname or len(sheetname) > 31 or _BAD_SHEET_CHARS.search(sheetname):
            raise ValueError(f"invalid sheet name {sheetname!r}")
        if sheetname.lower() in used:
            raise ValueError(f"sheet name {sheetname!r} is already in use")
        used.add(sheetname.lower())
        return sheetname


def page_setup(ws: FastWorksheet, orientation: str, label: str, pages: int) -> None:
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
        }
        self.money = fmt(num_format="#,##0.00")
        self.rate = fmt(num_format="0.00", bg_color="#FFF2CC")  # an input an engineer may change
        self.percent = fmt(num_format="0.00")
        self.division = fmt(bold=True)
        self.total_text = fmt(bold=True, align="center")
        self.total = fmt(bold=True, num_format="#,##0.00")
        yuan = '[DBNum2][$-804]General"元"'
        self.upper_yuan = plain(num_format=yuan, bold=True, align="right")
        self.upper_jiao = plain(num_format='[DBNum2][$-804]General"角";"零";"整"', bold=True)
        self.upper_fen = plain(num_format='[DBNum2][$-804]General"分";"";""', bold=True)
        self.money_plain = plain(num_format="#,##0.00", bold=True, align="left")
