"""Which writer makes the bill's workbook: the fast one inside the tested xlsxwriter versions,
the plain one outside them. Every xlsxwriter internal the fast writer relies on is listed here.

``planner.boq_workbook.fastsheet.FastWorksheet`` renders a sheet's rows to XML itself (about
six times faster than xlsxwriter's cell API at city scale, ``docs/boq.md``). For that it relies
on these internals of xlsxwriter (names that xlsxwriter's documentation does not promise):

1. ``Workbook.worksheet_class``: the class a workbook makes its sheets from (set to
   ``FastWorksheet`` by ``FastWorkbook``);
2. ``Workbook.add_worksheet(name, worksheet_class)``: the class passed per sheet;
3. ``Worksheet.__init__()`` taking no arguments (``FastWorksheet`` subclasses it);
4. ``Worksheet._write_rows()``: the hook that writes the rows inside ``<sheetData>``, called
   by ``_write_sheet_data`` when ``dim_rowmin`` is set (overridden);
5. ``Worksheet._write_merge_cells()``: the hook that writes ``<mergeCells>`` (overridden);
6. ``Worksheet.fh``: the XML file handle both hooks write to;
7. ``Worksheet.dim_rowmin``, ``dim_rowmax``, ``dim_colmin``, ``dim_colmax``: the used range,
   written as ``<dimension>``;
8. ``Worksheet.merge``: the list of merged ranges;
9. ``Worksheet.table``: xlsxwriter's own cell table (must stay empty);
10. ``Worksheet.row_info`` (``set_rows`` before 3.3): rows set with ``set_row`` (must stay
    empty);
11. ``Worksheet.str_table``: the workbook's shared string table, given to each sheet;
12. ``SharedStringTable._get_shared_string_index(text)``: a string's index, added if new;
13. ``SharedStringTable.string_table``: the dict text → index;
14. ``SharedStringTable.count``: how many times shared strings are used (the file says it);
15. ``Format._get_xf_index()``: a format's style index (the ``s`` of a cell).

Inside :data:`XLSXWRITER` (the range of ``xlsxwriter`` in ``pyproject.toml``; the lock pins
one version inside it) with every name above present, :func:`workbook_class` is
``FastWorkbook``; otherwise it is ``PlainWorkbook`` (``planner.boq_workbook.plainsheet``):
the same workbook through xlsxwriter's public API, slower. ``tests/planner/test_boq_fastsheet.py``
compares the two writers' workbooks and checks the choice both ways.
"""

from __future__ import annotations

import inspect
import io
import logging
from functools import lru_cache
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.sharedstrings import SharedStringTable
from xlsxwriter.worksheet import Worksheet

from planner.boq_workbook.fastsheet import FastWorkbook
from planner.boq_workbook.plainsheet import PlainWorkbook
from planner.versions import TestedRange

log = logging.getLogger(__name__)

#: The xlsxwriter versions the fast writer was tested on (pyproject.toml says the same).
XLSXWRITER = TestedRange("xlsxwriter", (3, 2), (3, 4))

#: Attributes of a new worksheet the fast writer reads or writes (items 7–10 above).
SHEET_ATTRIBUTES = ("dim_rowmin", "dim_rowmax", "dim_colmin", "dim_colmax", "merge", "table")


def missing_internals() -> list[str]:
    """The internals listed above that the installed xlsxwriter lacks (none when it has all).

    Looked up on the classes and on a sheet of an empty in-memory workbook; nothing is written.
    """
    missing = []
    if not hasattr(xlsxwriter.Workbook, "worksheet_class"):
        missing.append("Workbook.worksheet_class")
    if "worksheet_class" not in inspect.signature(xlsxwriter.Workbook.add_worksheet).parameters:
        missing.append("Workbook.add_worksheet(worksheet_class)")
    for hook in ("_write_rows", "_write_merge_cells", "_write_sheet_data"):
        if not callable(getattr(Worksheet, hook, None)):
            missing.append(f"Worksheet.{hook}")
    if not callable(getattr(SharedStringTable, "_get_shared_string_index", None)):
        missing.append("SharedStringTable._get_shared_string_index")
    if not callable(getattr(Format, "_get_xf_index", None)):
        missing.append("Format._get_xf_index")
    try:
        workbook = xlsxwriter.Workbook(io.BytesIO(), {"in_memory": True})
        sheet = workbook.add_worksheet()
    except Exception as error:  # noqa: BLE001  (an xlsxwriter that works otherwise)
        return [*missing, f"an empty workbook ({error})"]
    missing += [f"Worksheet.{a}" for a in SHEET_ATTRIBUTES if not hasattr(sheet, a)]
    if not (hasattr(sheet, "row_info") or hasattr(sheet, "set_rows")):
        missing.append("Worksheet.row_info")
    if not hasattr(sheet, "fh"):
        missing.append("Worksheet.fh")
    table = getattr(sheet, "str_table", None)
    for name in ("string_table", "count"):
        if not hasattr(table, name):
            missing.append(f"SharedStringTable.{name}")
    return missing


@lru_cache(maxsize=1)
def fast_writer_usable() -> bool:
    """Whether the installed xlsxwriter is one the fast writer was tested on, with every
    internal it relies on (checked once per process)."""
    if not XLSXWRITER.holds():
        log.info(
            "xlsxwriter %s is outside %s: the bill is written with the plain writer",
            XLSXWRITER.installed(),
            XLSXWRITER.specifier(),
        )
        return False
    missing = missing_internals()
    if missing:
        log.warning("xlsxwriter lacks %s: the bill is written with the plain writer", missing)
        return False
    return True


def workbook_class() -> type[Any]:
    """The workbook class to write the bill with: ``FastWorkbook`` or ``PlainWorkbook``."""
    return FastWorkbook if fast_writer_usable() else PlainWorkbook
