"""The one piece of the bill's workbook that xlsxwriter does not write: the rows of a sheet.

**Why.** At city scale (20,000 buildings: 6,000 单位工程) the form set has about 3.3 million
cells, 590,000 of them formulas. xlsxwriter's cell API costs about 6 µs a cell on the
project's machines (argument checks and a tuple per cell as it is written, then XML built
attribute by attribute when the file is closed) and about 25 µs more for each formula (some
30 regular expressions look for Excel 365 function names): some 35 s of CPU for the form set,
against a budget of 8 s for the whole export (measured, see ``docs/boq.md``). Its
``constant_memory`` mode saves memory, not time.

**What.** ``FastWorksheet`` is an xlsxwriter ``Worksheet`` (package, styles, shared strings,
column widths, merges, page set-up, print areas and page breaks all stay xlsxwriter's) whose
rows are rendered to XML as they are written, from a ``RowTemplate`` made once per kind of
row, or of page (formats, fixed labels and blanks baked in; the values filled in by one
printf-style formatting). It takes xlsxwriter's ``write_string``, ``write_number``,
``write_blank``, ``write_formula`` and ``write`` too, so ``planner.spreadsheets.write_cell``
writes typed text through it (always a shared string, never a formula).

**Cell references.** Every row carries its number; a cell carries its reference ``r`` only
where it does not follow its left neighbour (the first cell of a row, a cell after a gap), as
ECMA-376 allows: writing it on every cell makes a city-scale workbook about 1.8 times larger
and its export about a fifth slower. ``FastWorkbook(every_cell_ref=True)`` writes them all.

**Rules.** Rows are written in increasing order and cells within a row by increasing column
(anything else raises ``ValueError``); a row's height is given (``height``) before its cells,
or with the row (``put_rows``); merges are recorded with ``merged`` (the caller writes the
cells). xlsxwriter's other cell calls (``merge_range``, ``write_rich_string``, ``set_row`` …)
would write into a table this class does not render: closing a workbook with such cells raises
``RuntimeError``.

**What it relies on in xlsxwriter**: fifteen internals, listed in
``planner.boq_workbook.xlsxwriter_compat``, which uses this writer only inside the xlsxwriter
versions it was tested on (with every internal present) and the plain writer
(``planner.boq_workbook.plainsheet``, xlsxwriter's public API) otherwise.
``tests/planner/test_boq_fastsheet.py`` compares the two writers' workbooks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from functools import lru_cache
from operator import itemgetter
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name
from xlsxwriter.worksheet import Worksheet

_col = lru_cache(maxsize=None)(xl_col_to_name)  # column letters, e.g. 27 → "AB"
#: Excel's sheet size (xlsxwriter refuses cells beyond it too).
MAX_ROWS, MAX_COLS = 1_048_576, 16_384
#: Excel's limit on the characters of a cell (xlsxwriter truncates the same way).
MAX_STRING = 32767

Cell = tuple[int, str, Any, Any]  # (column, kind, fixed label or None, format)


def _escape(text: str) -> str:
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def _formula(text: str) -> str:
    return _escape(text[1:] if text.startswith("=") else text)


class RowTemplate:
    """Rows of cells rendered from one printf-style string, made once and written many times.

    ``cells`` are ``(col, kind, payload, format)`` in increasing column order, ``kind``:

    - ``"s"`` a fixed label (``payload``), ``"b"`` a blank with its format;
    - ``"t"`` text given per row: a shared string, shown as typed, never run as a formula
      (typed text may go here);
    - ``"n"`` a number given per row (int, float or Decimal);
    - ``"f"`` a formula and its computed value given per row (two values: ``"=…"`` text built
      by the planner from cell references, never from typed text, then a number).

    ``height`` fixes the row's height (points); without it the height is given when the row
    is written. ``RowTemplate.stack`` makes one template of consecutive rows, written by one
    call (a form's page: its head rows, its body rows, its 本页小计).

    The sheet a template is made for prepares it (``ws.prepare``): a :class:`FastWorksheet`
    renders it to XML once; the plain writer (``planner.boq_workbook.plainsheet``) keeps only
    ``spec`` and writes its cells one by one.
    """

    __slots__ = ("spec", "text", "order", "rows", "values", "texts", "formulas", "last", "strings")

    # What render() makes for a FastWorksheet; the plain writer uses ``spec`` alone.
    text: str
    order: Callable[[Sequence[Any]], Any] | None
    texts: tuple[int, ...]
    formulas: tuple[int, ...]

    def __init__(self, ws: Any, cells: Iterable[Cell], height: float | None = None):
        self._build(ws, [(cells, height)])

    @classmethod
    def stack(cls, ws: Any, rows: Sequence[tuple[Iterable[Cell], float | None]]) -> RowTemplate:
        """A template of consecutive rows, given as (cells, height or None), values in row
        order."""
        template = cls.__new__(cls)
        template._build(ws, rows)
        return template

    def _build(self, ws: Any, rows: Sequence[tuple[Iterable[Cell], float | None]]):
        self.spec = tuple((tuple(cells), height) for cells, height in rows)  # what was asked
        values = 0
        for cells, _height in self.spec:
            cols = [cell[0] for cell in cells]
            if not cols:
                raise ValueError("a template row needs at least one cell")
            for previous, col in zip([-1, *cols], cols, strict=False):
                if col <= previous:
                    raise ValueError(f"template columns out of order at column {col}")
                if not 0 <= col < MAX_COLS:
                    raise ValueError(f"column {col} is outside a sheet")
            for _col, kind, _payload, _fmt in cells:
                if kind not in _VALUES_OF_KIND:
                    raise ValueError(f"unknown cell kind {kind!r}")
                values += _VALUES_OF_KIND[kind]
        self.rows = len(self.spec)
        self.values = values
        self.text, self.order = "", None
        self.texts, self.formulas = (), ()
        self.strings = 0
        self.last = max(cells[-1][0] for cells, _height in self.spec)
        ws.prepare(self)

    def render(self, ws: FastWorksheet) -> None:
        """Render the template to one printf-style XML string for ``ws`` (FastWorksheet)."""
        # Written as ``text % order(args)`` with args = [row numbers …, height attributes …,
        # values …] (printf formatting is about twice as fast as str.format here). A cell
        # carries its reference r only where it does not follow its left neighbour (see
        # FastWorksheet): the first cell of a row and a cell after a gap.
        sst = ws.str_table
        count = len(self.spec)
        parts: list[str] = []
        slots: list[int] = []  # index into args of each %s, in order
        kinds: list[str] = []
        for k, (cells, height) in enumerate(self.spec):
            if height is None:
                parts.append('<row r="%s"%s>')
                slots += [k, count + k]
            else:
                parts.append('<row r="%s"' + _height_attr(height) + ">")
                slots.append(k)
            cols: list[int] = []
            for col, kind, payload, fmt in cells:
                if cols and col == cols[-1] + 1 and not ws.every_cell_ref:
                    head = f"<c{ws.style(fmt)}"
                else:
                    head = f'<c r="{_col(col)}%s"{ws.style(fmt)}'
                    slots.append(k)
                cols.append(col)
                value = 2 * count + len(kinds)
                if kind == "s":
                    index = _intern(sst, payload)  # counted each time the template is written
                    self.strings += 1
                    parts.append(f'{head} t="s"><v>{index}</v></c>')
                elif kind == "b":
                    parts.append(head + "/>")
                elif kind == "t":
                    parts.append(head + ' t="s"><v>%s</v></c>')
                    slots.append(value)
                    kinds.append("t")
                elif kind == "n":
                    parts.append(head + "><v>%s</v></c>")
                    slots.append(value)
                    kinds.append("n")
                else:  # "f"
                    parts.append(head + "><f>%s</f><v>%s</v></c>")
                    slots += [value, value + 1]
                    kinds += ["f", "n"]
            parts.append("</row>")
        self.text = "".join(parts)
        self.order = itemgetter(*slots)
        self.texts = tuple(2 * count + i for i, k in enumerate(kinds) if k == "t")
        self.formulas = tuple(2 * count + i for i, k in enumerate(kinds) if k == "f")


#: How many values a cell of each kind takes per row.
_VALUES_OF_KIND = {"s": 0, "b": 0, "t": 1, "n": 1, "f": 2}


def _intern(sst: Any, text: str) -> int:
    """Add ``text`` (cut to Excel's limit) to the shared strings; the caller counts it."""
    index = sst._get_shared_string_index(_text(text))
    sst.count -= 1
    return index


def _text(value: str) -> str:
    if len(value) > MAX_STRING:
        return value[:MAX_STRING]
    return value


def _number(value: Any) -> str:
    cls = value.__class__
    if cls is float:
        return repr(value)
    if cls is int or cls is Decimal:
        return str(value)
    return repr(float(value))


_HEIGHTS: dict[float | None, str] = {None: ""}


def _height_attr(points: float | None) -> str:
    """A row's height attributes (a row has one of few heights: cached)."""
    found = _HEIGHTS.get(points)
    if found is None:
        found = _HEIGHTS[points] = f' ht="{points:.16g}" customHeight="1"'
    return found


class Templates(dict):
    """The row templates of a form, made on first use."""

    def get_or_make(
        self,
        ws: Any,
        key: Any,
        cells: Iterable[Cell] | Callable[[], Iterable[Cell]],
        height: float | None = None,
    ) -> RowTemplate:
        """The template of ``key``, made from ``cells`` (or what the callable ``cells``
        returns: then nothing is built when the template exists)."""
        found = self.get(key)
        if found is None:
            found = self[key] = RowTemplate(ws, cells() if callable(cells) else cells, height)
        return found


class FastWorksheet(Worksheet):
    """An xlsxwriter worksheet whose rows are rendered as they are written (see the module)."""

    #: Write ``r`` on every cell too (xlsxwriter's and Excel's habit), not only where a cell
    #: does not follow its left neighbour: about 1.8 times the file and a fifth more time at
    #: city scale (docs/boq.md). Set per workbook (``FastWorkbook(every_cell_ref=True)``).
    every_cell_ref = False

    # The used range, kept by xlsxwriter's Worksheet (an untyped library): None until a cell.
    dim_rowmin: int | None
    dim_rowmax: int | None
    dim_colmin: int | None
    dim_colmax: int | None

    def __init__(self) -> None:
        super().__init__()
        self._xml: list[str] = []  # finished <row> elements, in row order
        self._row = -1  # the row being written (cell by cell), or the last one finished
        self._open = False  # whether ``_row`` still takes cells
        self._cells: list[str] = []
        self._last = -1  # the last column written in the open row
        self._heights: dict[int, float] = {}
        self._styles: dict[Any, str] = {}

    # --- rows and cells -----------------------------------------------------------------------

    def prepare(self, template: RowTemplate) -> None:
        """Render a template made for this sheet (see :class:`RowTemplate`)."""
        template.render(self)

    def style(self, fmt: Any) -> str:
        """The ``s`` attribute of a format (empty for none)."""
        found = self._styles.get(fmt)
        if found is None:
            found = self._styles[fmt] = "" if fmt is None else f' s="{fmt._get_xf_index()}"'
        return found

    def height(self, row: int, points: float) -> None:
        """Set the height of ``row`` (points), before any of its cells is written."""
        if row <= self._row:
            raise ValueError(f"height of row {row + 1} set after its cells")
        self._heights[row] = points

    def merged(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Record a merged range (the caller writes its cells)."""
        if first_row == last_row and first_col == last_col:
            return  # a single cell is no range (Excel would repair the file)
        self.merge.append([first_row, first_col, last_row, last_col])

    def merged_ranges(self, ranges: Iterable[tuple[int, int, int, int]]) -> None:
        """Record many merged ranges at once (rows and columns 0-based, inclusive)."""
        self.merge.extend([list(r) for r in ranges if r[0] != r[2] or r[1] != r[3]])

    def put(self, row: int, template: RowTemplate, *values: Any) -> None:
        """Write ``row`` (and the next ones, for a stacked template) whole from ``template``
        and its values (see :class:`RowTemplate`); a row without a fixed height takes the one
        given with :meth:`height`."""
        pending = self._heights
        if pending and (len(pending) > 1 or row not in pending):
            self._rows_without_cells(row)
        heights = [pending.pop(r, None) for r in range(row, row + template.rows)]
        self.put_rows(row, template, heights, values)

    def put_rows(
        self,
        row: int,
        template: RowTemplate,
        heights: Sequence[float | None],
        values: Sequence[Any],
    ) -> None:
        """Write the rows of ``template`` from ``row`` on: ``heights`` per row (points, or None;
        a template's fixed height wins), ``values`` in row order."""
        count = template.rows
        if len(values) != template.values:
            raise ValueError(f"{template.values} values expected, {len(values)} given")
        if len(heights) != count:
            raise ValueError(f"{count} heights expected, {len(heights)} given")
        if row <= self._row:
            raise ValueError(f"row {row + 1} written after row {self._row + 1}")
        last_row = row + count - 1
        if last_row >= MAX_ROWS:
            raise ValueError(f"row {last_row + 1} is beyond a sheet's {MAX_ROWS:,} rows")
        if self._open:
            self._finish()
        if self._heights:
            self._rows_without_cells(row)
            if any(r in self._heights for r in range(row, last_row + 1)):
                raise ValueError(f"rows {row + 1}–{last_row + 1}: heights given twice")
        if count == 1:  # row numbers as str: %s copies them into the cells' r
            args = [str(row + 1), _height_attr(heights[0]), *values]
        else:
            args = [*map(str, range(row + 1, last_row + 2)), *map(_height_attr, heights), *values]
        sst = self.str_table
        if template.texts:
            known = sst.string_table  # text → index (looked up here: most texts repeat)
            for i in template.texts:
                text = args[i]
                index = known.get(text)
                if index is None:
                    index = _intern(sst, text)
                args[i] = index
        for i in template.formulas:
            formula = args[i]
            if formula[0] != "=" or "&" in formula or "<" in formula or ">" in formula:
                args[i] = _formula(formula)
            else:
                args[i] = formula[1:]
        # prepared by this sheet (ws.prepare renders it), so render() has set its order:
        self._xml.append(template.text % template.order(args))  # type: ignore[misc]
        sst.count += template.strings + len(template.texts)
        self._row = last_row
        if self.dim_rowmin is None:
            self._extent(row, template.last)
        self.dim_rowmax = last_row
        # _extent set all four with the sheet's first row, above or before
        if template.last > self.dim_colmax:  # type: ignore[operator]
            self.dim_colmax = template.last

    def _extent(self, row: int, last_col: int | None) -> None:
        """Widen the sheet's used range (its ``dimension``) to ``row`` and ``last_col``."""
        if self.dim_rowmin is None:
            self.dim_rowmin = row
        self.dim_rowmax = row
        if last_col is not None:
            if self.dim_colmin is None:
                self.dim_colmin, self.dim_colmax = 0, last_col
            elif last_col > self.dim_colmax:  # type: ignore[operator]  # set with dim_colmin
                self.dim_colmax = last_col

    def _cell(self, row: int, col: int, xml: str) -> None:
        """Add a cell (``xml`` its attributes after ``r`` and its content) to an open row."""
        if not (0 <= row < MAX_ROWS and 0 <= col < MAX_COLS):
            raise ValueError(f"cell ({row}, {col}) is outside a sheet")
        if row != self._row or not self._open:
            if row <= self._row:
                raise ValueError(f"cell {_col(col)}{row + 1} written after row {self._row + 1}")
            if self._open:
                self._finish()
            heights = self._heights
            if heights and (len(heights) > 1 or row not in heights):
                self._rows_without_cells(row)
            self._row, self._open, self._cells, self._last = row, True, [], -1
        elif col <= self._last:
            raise ValueError(f"cell {_col(col)}{row + 1} written out of column order")
        follows = col == self._last + 1 and self._cells and not self.every_cell_ref
        self._last = col
        self._cells.append("<c" + xml if follows else f'<c r="{_col(col)}{row + 1}"{xml}')
        self._extent(row, col)

    def _finish(self) -> None:
        """Close the row being written cell by cell."""
        row = self._row
        ht = _height_attr(self._heights.pop(row, None))
        self._xml.append(f'<row r="{row + 1}"{ht}>{"".join(self._cells)}</row>')
        self._open, self._cells = False, []

    def _rows_without_cells(self, before: int | None) -> None:
        """Write the rows given a height but no cells (before row ``before``, or all)."""
        for row in sorted(r for r in self._heights if before is None or r < before):
            ht = _height_attr(self._heights.pop(row))
            self._xml.append(f'<row r="{row + 1}"{ht}/>')
            self._extent(row, None)
            self._row = row

    # --- xlsxwriter's cell calls (same signatures) ------------------------------------------------

    def write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        if string == "":  # as xlsxwriter: an empty string is a blank
            return self.write_blank(row, col, None, cell_format)
        index = self.str_table._get_shared_string_index(_text(string))
        self._cell(row, col, f'{self.style(cell_format)} t="s"><v>{index}</v></c>')
        return 0 if len(string) <= MAX_STRING else -2

    def write_number(self, row: int, col: int, number: Any, cell_format: Any = None) -> int:
        self._cell(row, col, f"{self.style(cell_format)}><v>{_number(number)}</v></c>")
        return 0

    def write_blank(self, row: int, col: int, blank: Any, cell_format: Any = None) -> int:  # noqa: ARG002
        if cell_format is not None:  # as xlsxwriter: a blank without a format is no cell
            self._cell(row, col, f"{self.style(cell_format)}/>")
        return 0

    def write_formula(
        self, row: int, col: int, formula: str, cell_format: Any = None, value: Any = 0
    ) -> int:
        if isinstance(value, str):
            kind, shown = (' t="str"', _escape(value)) if value else ("", "")
        else:
            kind, shown = "", _number(value if value is not None else 0)
        style = self.style(cell_format)
        self._cell(row, col, f"{style}{kind}><f>{_formula(formula)}</f><v>{shown}</v></c>")
        return 0

    def write(self, row: int, col: int, *args: Any) -> int:
        value, fmt = args[0], (args[1] if len(args) > 1 else None)
        if value is None:
            return self.write_blank(row, col, None, fmt)
        if isinstance(value, str):
            return self.write_string(row, col, value, fmt)
        return self.write_number(row, col, value, fmt)

    # --- xlsxwriter's hooks ---------------------------------------------------------------------

    def _write_rows(self) -> None:
        # ``row_info`` since xlsxwriter 3.3 (``set_rows`` before): rows set with set_row.
        if self.table or getattr(self, "row_info", None) or getattr(self, "set_rows", None):
            raise RuntimeError(
                f"sheet {self.name!r}: cells or rows written with xlsxwriter's own calls, "
                "which FastWorksheet does not render"
            )
        if self._open:
            self._finish()
        self._rows_without_cells(None)
        self.fh.write("".join(self._xml))

    def _write_merge_cells(self) -> None:
        # The same element as xlsxwriter's, in one string: a form has a merge or more per page.
        if self.merge:
            refs = "".join(
                f'<mergeCell ref="{_col(c1)}{r1 + 1}:{_col(c2)}{r2 + 1}"/>'
                for r1, c1, r2, c2 in self.merge
            )
            self.fh.write(f'<mergeCells count="{len(self.merge)}">{refs}</mergeCells>')


class FastWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook of FastWorksheets, in memory, default font 宋体 10."""

    worksheet_class = FastWorksheet

    def __init__(self, target: Any, *, every_cell_ref: bool = False) -> None:
        self.every_cell_ref = every_cell_ref
        super().__init__(
            target,
            {
                "in_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "default_format_properties": {"font_name": "宋体", "font_size": 10},
            },
        )

    def add_worksheet(self, name: str | None = None, worksheet_class: Any = None) -> Any:
        sheet = super().add_worksheet(name, worksheet_class)
        sheet.every_cell_ref = self.every_cell_ref
        return sheet
