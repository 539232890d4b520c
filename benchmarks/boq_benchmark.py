"""Bill-of-quantities export at city scale: 20,000 buildings × 8 scope types, the full form set.

    .venv/bin/python benchmarks/boq_benchmark.py                 # prints the figures
    .venv/bin/python benchmarks/boq_benchmark.py --write-readme  # also rewrites README.md
    .venv/bin/python benchmarks/boq_benchmark.py --buildings 2000 --runs 5

A temporary SQLite database is seeded with ``planner.runtime.seed.seed_synthetic`` (roof, wall and
facade items per building) plus five more items per building (elevator, water, drainage and heating
mains, street lights), 8 scope types × N buildings in all; seeding is not timed. Then, in the
same run, both including the database read:

- **planner**: ``planner.boq_workbook.workbook.export_bill`` (what the page's and the CLI's
  action ``planner.boq_workbook.actions.export_bill`` runs in its read session): grouped
  SQL queries, the rate set, generated lines, the price build-up, codes, and the whole
  招标控制价 form set (封面 … 表-13, one block per 单位工程, paginated, formulas with their values)
  written with xlsxwriter and the planner's ``planner.boq_workbook.fastsheet`` (a page of a
  form is one row template), to bytes;
- **planner, r on every cell**: the same, with ``FastWorkbook(every_cell_ref=True)`` (the cell
  reference written on every cell, as xlsxwriter and Excel do, instead of only where a cell does
  not follow its left neighbour): what that choice costs;
- **planner, plain writer**: the same, written by ``planner.boq_workbook.plainsheet`` (the
  fallback used outside the tested xlsxwriter versions: xlsxwriter's public API, ``write_*``
  per cell, ``merge_range``, ``set_row``);
- **naive**: every work item loaded as an ORM object and summed in Python, the same bill model,
  and the *same form set* written by that plain writer, to bytes;
- **naive openpyxl** (``--openpyxl-baseline``, small sizes only): the same forms cell by cell
  with openpyxl and a style object per cell.

The synthetic city has about one compound per ten buildings (2,000 at 20,000 buildings) and
three 单位工程 each (建筑与装饰, 安装, 市政 with the mains' groundworks): 6,000 单位工程, more
than a 3-digit sequence can number over one bill, so both number codes per 单位工程
(``Numbering.SITE``).
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import xlsxwriter  # noqa: E402
from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.worksheet.pagebreak import Break  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from db.migrate import upgrade_to_head  # noqa: E402
from db.models import Programme, ScopeType, WorkItem, utcnow  # noqa: E402
from db.session import make_engine, session_scope  # noqa: E402
from planner.boq.bill import BoqOptions, BoqSelection, Numbering, build_bill  # noqa: E402
from planner.boq_workbook.fastsheet import FastWorkbook  # noqa: E402
from planner.boq_workbook.plainsheet import PlainWorkbook  # noqa: E402
from planner.boq_workbook.workbook import export_bill, write_xlsx  # noqa: E402
from planner.catalogue_table import sync_scope_catalogue  # noqa: E402
from planner.runtime.seed import seed_synthetic  # noqa: E402

README = Path(__file__).with_name("README.md")
START, END = "<!-- boq-results:start -->", "<!-- boq-results:end -->"
EXTRA_SCOPES = {
    "elevator_retrofit": 1.0,
    "water_supply_main": 40.0,
    "drainage_main": 20.0,
    "heating_main": 90.0,
    "street_lights": 2.0,
}
TARGET_SECONDS = 8.0


def seed(url: str, buildings: int) -> int:
    """Seed the synthetic city plus the extra items; return the programme id."""
    engine = make_engine(url)
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        sync_scope_catalogue(session)
        seed_synthetic(session, buildings)
        programme = session.exec(
            select(Programme).where(Programme.key.startswith("synthetic"))
        ).one()  # type: ignore[attr-defined]
        scopes = {s.key: s.id for s in session.exec(select(ScopeType)).all()}
        base = session.exec(
            select(WorkItem.site_id, WorkItem.building_id).where(
                WorkItem.programme_id == programme.id,
                WorkItem.scope_type_id == scopes["roof_waterproofing"],
            )
        ).all()
        now = utcnow()
        rows = [
            {
                "programme_id": programme.id,
                "scope_type_id": scopes[key],
                "site_id": site_id,
                "building_id": building_id,
                "planned_quantity": quantity,
                "completed_quantity": 0.0,
                "status": "planned",
                "contractor": "",
                "note": "",
                "version": 1,
                "updated_at": now,
            }
            for site_id, building_id in base
            for key, quantity in EXTRA_SCOPES.items()
        ]
        for start in range(0, len(rows), 5000):
            session.execute(insert(WorkItem), rows[start : start + 5000])
        programme_id = programme.id
    engine.dispose()
    return programme_id  # type: ignore[return-value]


def planner_export(
    url: str, programme_id: int, every_cell_ref: bool = False, writer: type | None = None
) -> tuple[float, float, int, dict[str, int]]:
    """Time the planner's export (``writer``: another workbook class than export_bill's);
    return (seconds, CPU seconds, bytes, counts)."""
    engine = make_engine(url)
    selection, options = BoqSelection(programme_id), BoqOptions(numbering=Numbering.SITE)
    if every_cell_ref:
        writer = partial(FastWorkbook, every_cell_ref=True)
    start, cpu = time.perf_counter(), time.process_time()
    with Session(engine) as session:
        if writer is not None:  # export_bill's steps, with the other workbook
            collecting = gc.isenabled()
            gc.disable()
            try:
                bill = build_bill(session, selection, options)
                buffer = io.BytesIO()
                write_xlsx(bill, buffer, workbook_class=writer)
                data = buffer.getvalue()
            finally:
                if collecting:
                    gc.enable()
        else:
            bill, data = export_bill(session, selection, options)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    counts = {"projects": len(bill.projects), "units": len(bill.units), "lines": len(bill.lines)}
    return elapsed, cpu, len(data), counts


def _put_rows(sheet, row, template, heights, values, write) -> None:  # noqa: ANN001
    """A row template's cells written one by one through ``write(row, col, kind, value, fmt)``;
    ``sheet.height`` for each row's height."""
    values = list(values)
    for offset, (cells, fixed) in enumerate(template.spec):
        height = fixed if fixed is not None else heights[offset]
        if height is not None:
            sheet.height(row + offset, height)
        for col, kind, payload, fmt in cells:
            if kind in ("s", "b"):
                write(row + offset, col, kind, payload, fmt)
            elif kind == "f":
                formula, value = values.pop(0), values.pop(0)
                write(row + offset, col, kind, (formula, value), fmt)
            else:
                write(row + offset, col, kind, values.pop(0), fmt)


class _NaiveSheet:
    """The planner's worksheet calls, done cell by cell with openpyxl (a style per cell)."""

    def __init__(self, ws):  # noqa: ANN001
        self.ws, self.name = ws, ws.title

    def get_name(self):
        return self.name

    def prepare(self, _template):  # noqa: ANN001
        pass  # nothing to render: put_rows reads the template's spec

    def _put(self, row, col, value, fmt):  # noqa: ANN001
        cell = self.ws.cell(row + 1, col + 1)
        if value is not None:
            cell.value = value
        if fmt:
            size, bold = fmt.get("font_size", 10), fmt.get("bold", False)
            cell.font = Font(name="宋体", size=size, bold=bold)
            if fmt.get("border"):
                thin = Side(style="thin")
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
            cell.alignment = Alignment(
                horizontal=fmt.get("align"), vertical="center", wrap_text=fmt.get("text_wrap")
            )
            if fmt.get("num_format"):
                cell.number_format = fmt["num_format"]
            if fmt.get("bg_color"):
                cell.fill = PatternFill("solid", fgColor=fmt["bg_color"].lstrip("#"))

    def write_string(self, row, col, value, fmt=None):  # noqa: ANN001
        cell = self.ws.cell(row + 1, col + 1)
        cell.value = value
        cell.data_type = "s"  # text stays text
        self._put(row, col, None, fmt)

    def write_number(self, row, col, value, fmt=None):  # noqa: ANN001
        self._put(row, col, float(value), fmt)

    def write_blank(self, row, col, _value, fmt=None):  # noqa: ANN001
        self._put(row, col, None, fmt)

    def write_formula(self, row, col, formula, fmt=None, value=0):  # noqa: ANN001, ARG002
        self._put(row, col, formula, fmt)

    def write(self, row, col, value, fmt=None):  # noqa: ANN001
        if isinstance(value, str):
            self.write_string(row, col, value, fmt)
        else:
            self._put(row, col, value, fmt)

    def put(self, row, template, *values):  # noqa: ANN001
        self.put_rows(row, template, [None] * template.rows, values)

    def put_rows(self, row, template, heights, values):  # noqa: ANN001
        _put_rows(self, row, template, heights, values, self._write_kind)

    def _write_kind(self, row, col, kind, value, fmt):  # noqa: ANN001
        if kind in ("s", "t"):
            self.write_string(row, col, value, fmt)
        elif kind == "b":
            self._put(row, col, None, fmt)
        elif kind == "n":
            self._put(row, col, float(value), fmt)
        else:
            self._put(row, col, value[0], fmt)

    def merged_ranges(self, ranges):  # noqa: ANN001
        for r1, c1, r2, c2 in ranges:
            self.merged(r1, c1, r2, c2)

    def merged(self, r1, c1, r2, c2):  # noqa: ANN001
        self.ws.merge_cells(
            start_row=r1 + 1, start_column=c1 + 1, end_row=r2 + 1, end_column=c2 + 1
        )

    def height(self, row, points):  # noqa: ANN001
        self.ws.row_dimensions[row + 1].height = points

    def set_column(self, first, _last, width):  # noqa: ANN001
        self.ws.column_dimensions[get_column_letter(first + 1)].width = width

    def set_h_pagebreaks(self, rows):  # noqa: ANN001
        for row in rows:
            self.ws.row_breaks.append(Break(id=row))

    def print_area(self, r1, c1, r2, c2):  # noqa: ANN001
        self.ws.print_area = (
            f"{get_column_letter(c1 + 1)}{r1 + 1}:{get_column_letter(c2 + 1)}{r2 + 1}"
        )

    def set_landscape(self):
        self.ws.page_setup.orientation = "landscape"

    def set_portrait(self):
        self.ws.page_setup.orientation = "portrait"

    def set_paper(self, size):  # noqa: ANN001
        self.ws.page_setup.paperSize = size

    def set_footer(self, text, _options=None):  # noqa: ANN001
        self.ws.oddFooter.center.text = text.removeprefix("&C")

    def set_margins(self, **_margins):
        pass

    def set_header(self, *_args):
        pass

    def set_print_scale(self, _scale):  # noqa: ANN001
        pass

    def set_start_page(self, _page):  # noqa: ANN001
        self.ws.page_setup.useFirstPageNumber = True

    def activate(self):
        pass


class _NaiveWorkbook:
    """Enough of xlsxwriter's Workbook for planner.boq_workbook.workbook, on openpyxl."""

    def __init__(self, target):  # noqa: ANN001
        self.target, self.wb = target, Workbook()
        self.wb.remove(self.wb.active)

    def add_format(self, properties):  # noqa: ANN001
        return dict(properties)

    def add_worksheet(self, name):  # noqa: ANN001
        return _NaiveSheet(self.wb.create_sheet(name))

    def set_properties(self, _properties):  # noqa: ANN001
        pass

    def set_calc_mode(self, _mode):  # noqa: ANN001
        pass

    def close(self):
        self.wb.save(self.target)


def naive_export(
    url: str, programme_id: int, workbook_class: type = PlainWorkbook
) -> tuple[float, float, int]:
    """Time the naive path: every item as an ORM object, then the same bill and the same form
    set written cell by cell (xlsxwriter's ordinary API, or openpyxl); return (seconds, CPU
    seconds, bytes)."""
    engine = make_engine(url)
    start, cpu = time.perf_counter(), time.process_time()
    with Session(engine) as session:
        items = session.exec(select(WorkItem).where(WorkItem.programme_id == programme_id)).all()
        totals: dict[int, float] = defaultdict(float)
        for item in items:  # the naive read: every item as an object, summed in Python
            totals[item.scope_type_id] += item.planned_quantity
        bill = build_bill(session, BoqSelection(programme_id), BoqOptions(numbering=Numbering.SITE))
    buffer = io.BytesIO()
    write_xlsx(bill, buffer, workbook_class=workbook_class)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    engine.dispose()
    return elapsed, cpu, len(buffer.getvalue())


def run(buildings: int, runs: int, openpyxl_baseline: bool = False) -> str:
    """Seed, measure the writers and return the Markdown report."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/boq_benchmark.db"
        t0 = time.perf_counter()
        programme_id = seed(url, buildings)
        seeded = time.perf_counter() - t0
        print(f"seeded {buildings:,} buildings × 8 scope types in {seeded:.1f} s", flush=True)
        load_start = ", ".join(f"{x:.2f}" for x in os.getloadavg())
        planner: dict[bool, list[tuple[float, float, int]]] = {False: [], True: []}
        for _ in range(runs):
            for every in (False, True):  # interleaved: both see the same load
                seconds, cpu, size, counts = planner_export(url, programme_id, every)
                planner[every].append((seconds, cpu, size))
                label = "planner, r on every cell" if every else "planner"
                print(f"  {label} export {seconds:.2f} s (CPU {cpu:.2f} s)", flush=True)
        fallback = planner_export(url, programme_id, writer=PlainWorkbook)[:3]
        print(f"  planner, plain writer export {fallback[0]:.2f} s (CPU {fallback[1]:.2f} s)")
        naive = naive_export(url, programme_id)
        naive_seconds, naive_cpu, _ = naive
        print(
            f"  naive xlsxwriter export {naive_seconds:.2f} s (CPU {naive_cpu:.2f} s)", flush=True
        )
        openpyxl = None
        if openpyxl_baseline:
            openpyxl = naive_export(url, programme_id, _NaiveWorkbook)
            print(f"  naive openpyxl export {openpyxl[0]:.2f} s (CPU {openpyxl[1]:.2f} s)")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())

    def row(label: str, measured: list[tuple[float, float, int]], mark: bool = False) -> str:
        wall = statistics.median(m[0] for m in measured)
        cpu = statistics.median(m[1] for m in measured)
        ok = ""
        if mark:
            ok = " ✓" if wall < TARGET_SECONDS and wall < naive_seconds else " ✗"
        return (
            f"| {label} | {wall:.2f}{ok} | {cpu:.2f} | {wall / naive_seconds:.2f} | "
            f"{measured[0][2] / 1e6:.1f} MB |"
        )

    table = [
        "| writer | export incl. database read, wall (s) | CPU (s) | wall, ratio to naive "
        "| workbook size |",
        "|---|---:|---:|---:|---:|",
        row(
            "planner (`export_bill`: xlsxwriter + `planner.boq_workbook.fastsheet`)",
            planner[False],
            True,
        ),
        row("planner, `r` on every cell (`FastWorkbook(every_cell_ref=True)`)", planner[True]),
        row(
            "planner, plain writer (`PlainWorkbook`: the fallback outside the tested xlsxwriter)",
            [fallback],
        ),
        row("naive (ORM objects, same forms, `PlainWorkbook`: xlsxwriter cell by cell)", [naive]),
    ]
    if openpyxl is not None:
        table.append(row("naive openpyxl (same forms, a style per cell, merges)", [openpyxl]))
    default = planner[False]
    return "\n".join(
        [
            f"Measured {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, xlsxwriter {xlsxwriter.__version__}, SQLite, load "
            f"average at the start {load_start}, at the end {load} (2 cores shared).",
            "",
            f"{buildings:,} buildings × 8 scope types = {buildings * 8:,} work items → "
            f"{counts['projects']:,} 单项工程, {counts['units']:,} 单位工程, "
            f"{counts['lines']:,} bill lines, the full form set.",
            "",
            *table,
            "",
            f"Planner runs: {', '.join(f'{m[0]:.2f}' for m in default)} s wall, "
            f"{', '.join(f'{m[1]:.2f}' for m in default)} s CPU (medians shown; the two planner "
            f"variants run in turn). Target: under {TARGET_SECONDS:.0f} s wall and faster than "
            f"the naive writer (✓/✗). Seeding (not timed): {seeded:.1f} s.",
        ]
    )


def write_readme(report: str) -> None:
    """Replace the results between the boq markers of README.md."""
    text = README.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise SystemExit(f"{README} lacks the {START} … {END} markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    README.write_text(f"{head}{START}\n{report}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--buildings", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3, help="planner runs (median reported)")
    parser.add_argument("--write-readme", action="store_true", help="rewrite README.md results")
    parser.add_argument(
        "--openpyxl-baseline",
        action="store_true",
        help="also time the openpyxl cell-by-cell writer (small sizes only: it is quadratic)",
    )
    args = parser.parse_args()
    report = run(args.buildings, args.runs, args.openpyxl_baseline)
    print()
    print(report)
    if args.write_readme:
        write_readme(report)
        print(f"\nwrote {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
