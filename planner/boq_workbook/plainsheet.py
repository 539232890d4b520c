"""The bill's workbook written with xlsxwriter's public API only: the fallback of the fast writer.

``planner.boq_workbook.fastsheet`` renders a sheet's rows itself and so relies on xlsxwriter
internals (listed in ``planner.boq_workbook.xlsxwriter_compat``), tested on the versions of
``XLSXWRITER``. With any other xlsxwriter the bill is written here instead: the same calls
(``put``, ``put_rows``, ``height``, ``merged``, ``merged_ranges``, the ``write_*`` calls), each
cell through ``write_string``/``write_number``/``write_blank``/``write_formula``, heights
through ``set_row``, merges through ``merge_range``. The workbook is the same (cells, formulas
and their values, formats, row heights, merges; ``tests/planner/test_boq_fastsheet.py``
compares both on the sample bill); writing it takes several times longer at city scale
(``benchmarks/README.md``). xlsxwriter writes a cell reference on every cell, so
``every_cell_ref`` changes nothing here.

The fast writer refuses misuse (rows out of order …); this one does not check: the forms are
written and tested through the fast writer, which checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import xlsxwriter

from planner.boq_workbook.fastsheet import RowTemplate


class PlainSheet:
    """An xlsxwriter worksheet with the fast writer's calls, done with the public cell API.

    Wraps the worksheet xlsxwriter made; every other call (page set-up, columns, print area)
    goes to it unchanged.
    """

    every_cell_ref = True  # xlsxwriter writes every cell's reference

    def __init__(self, sheet: Any) -> None:
        self.sheet = sheet

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sheet, name)

    def write_string(self, row: int, col: int, string: str, cell_format: Any = None) -> int:
        """Text as text; an empty text is a blank, as the fast writer (and xlsxwriter's
        ``write``) has it."""
        if string == "":
            return self.sheet.write_blank(row, col, None, cell_format)
        return self.sheet.write_string(row, col, string, cell_format)

    def prepare(self, template: RowTemplate) -> None:
        """Nothing to render: ``put_rows`` reads the template's ``spec``."""

    def height(self, row: int, points: float) -> None:
        """Set the height of ``row`` (points)."""
        self.sheet.set_row(row, points)

    def merged(self, first_row: int, first_col: int, last_row: int, last_col: int) -> None:
        """Merge a range whose cells the caller writes (an empty, unformatted first value
        writes no cell)."""
        if first_row != last_row or first_col != last_col:
            self.sheet.merge_range(first_row, first_col, last_row, last_col, "", None)

    def merged_ranges(self, ranges: Iterable[tuple[int, int, int, int]]) -> None:
        """Merge many ranges (rows and columns 0-based, inclusive)."""
        for first_row, first_col, last_row, last_col in ranges:
            self.merged(first_row, first_col, last_row, last_col)

    def put(self, row: int, template: RowTemplate, *values: Any) -> None:
        """Write ``row`` (and the next ones of a stacked template) from ``template``."""
        self.put_rows(row, template, [None] * template.rows, values)

    def put_rows(
        self,
        row: int,
        template: RowTemplate,
        heights: Sequence[float | None],
        values: Sequence[Any],
    ) -> None:
        """Write the rows of ``template`` from ``row`` on, cell by cell: ``heights`` per row (a
        template's fixed height wins), ``values`` in row order."""
        if len(values) != template.values:
            raise ValueError(f"{template.values} values expected, {len(values)} given")
        given = iter(values)
        sheet = self.sheet
        for offset, (cells, fixed) in enumerate(template.spec):
            r = row + offset
            height = fixed if fixed is not None else heights[offset]
            if height is not None:
                sheet.set_row(r, height)
            for col, kind, payload, fmt in cells:
                if kind == "s":
                    sheet.write_string(r, col, payload, fmt)
                elif kind == "b":
                    sheet.write_blank(r, col, None, fmt)
                elif kind == "t":
                    sheet.write_string(r, col, next(given), fmt)
                elif kind == "n":
                    sheet.write_number(r, col, next(given), fmt)
                else:  # "f": the formula, then its computed value
                    formula = next(given)
                    sheet.write_formula(r, col, formula, fmt, next(given))


class PlainWorkbook(xlsxwriter.Workbook):
    """An xlsxwriter workbook of :class:`PlainSheet`, in memory, default font 宋体 10 (the same
    options as ``FastWorkbook``)."""

    def __init__(self, target: Any, *, every_cell_ref: bool = False) -> None:  # noqa: ARG002
        super().__init__(
            target,
            {
                "in_memory": True,
                "strings_to_numbers": False,
                "strings_to_formulas": False,
                "default_format_properties": {"font_name": "宋体", "font_size": 10},
            },
        )

    def add_worksheet(self, name: str | None = None) -> Any:
        return PlainSheet(super().add_worksheet(name))
