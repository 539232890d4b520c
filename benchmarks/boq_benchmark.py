"""Bill-of-quantities export at city scale: 20,000 buildings × 8 scope types.

    .venv/bin/python benchmarks/boq_benchmark.py                 # prints the figures
    .venv/bin/python benchmarks/boq_benchmark.py --write-readme  # also rewrites README.md
    .venv/bin/python benchmarks/boq_benchmark.py --buildings 2000 --runs 5

A temporary SQLite database is seeded with ``db.seed.seed_synthetic`` (roof, wall and facade
items per building) plus five more items per building (elevator, water, drainage and heating
mains, street lights), 8 scope types × N buildings in all; seeding is not timed. Then, in the
same run:

- **planner**: ``planner.boq.bill.export_bill`` (the page's and the CLI's function): one grouped SQL
  query, the rate set, codes, and the workbook written with xlsxwriter (one sheet per
  compound, summary and notes sheets, formulas with their values, print set-up), to bytes;
- **naive**: every work item loaded as an ORM object, summed in Python, and a workbook of the
  same layout written cell by cell with openpyxl (a style object per cell), to bytes.

Both times include the database read. The synthetic city has about one compound per ten
buildings (2,000 at 20,000 buildings), more 单位工程 than a 3-digit sequence can number over
one bill, so both export with codes numbered per 单位工程 (``Numbering.SITE``).
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from openpyxl import Workbook  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, Side  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from db.migrate import upgrade_to_head  # noqa: E402
from db.models import Programme, ScopeType, Site, WorkItem, utcnow  # noqa: E402
from db.seed import seed_synthetic, sync_scope_catalogue  # noqa: E402
from db.session import make_engine, session_scope  # noqa: E402
from planner.boq.bill import BoqOptions, BoqSelection, Numbering  # noqa: E402
from planner.boq.catalogue import item_for  # noqa: E402
from planner.boq.rates import load_rates  # noqa: E402
from planner.boq.workbook import export_bill  # noqa: E402

README = Path(__file__).with_name("README.md")
START, END = "<!-- boq-results:start -->", "<!-- boq-results:end -->"
EXTRA_SCOPES = {
    "elevator_retrofit": 1.0,
    "water_supply_main": 40.0,
    "drainage_main": 20.0,
    "heating_main": 90.0,
    "street_lights": 2.0,
}
TARGET_SECONDS = 5.0


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


def planner_export(url: str, programme_id: int) -> tuple[float, int, int, int]:
    """Time the planner's export; return (seconds, bytes, sheets, lines)."""
    engine = make_engine(url)
    start = time.perf_counter()
    with Session(engine) as session:
        bill, data = export_bill(
            session, BoqSelection(programme_id), BoqOptions(numbering=Numbering.SITE)
        )
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed, len(data), len(bill.sheets), len(bill.lines)


def naive_export(url: str, programme_id: int) -> tuple[float, int]:
    """Time a straightforward openpyxl writer of the same layout; return (seconds, bytes)."""
    engine = make_engine(url)
    start = time.perf_counter()
    with Session(engine) as session:
        items = session.exec(select(WorkItem).where(WorkItem.programme_id == programme_id)).all()
        scope_keys = {s.id: s.key for s in session.exec(select(ScopeType)).all()}
        site_names = {s.id: s.name_zh for s in session.exec(select(Site)).all()}
        rates = load_rates(session, programme_id).entries
    totals: dict[int, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for item in items:
        totals[item.site_id][scope_keys[item.scope_type_id]] += item.planned_quantity
    wb = Workbook()
    summary = wb.active
    summary.title = "单位工程汇总表"
    thin = Side(style="thin")
    for s_index, site_id in enumerate(sorted(totals, key=lambda i: site_names[i]), start=1):
        ws = wb.create_sheet(f"{site_names[site_id][:24]}_{s_index}")
        ws.cell(1, 1, "分部分项工程和单价措施项目清单与计价表").font = Font(size=16, bold=True)
        ws.merge_cells("A1:I1")
        ws.cell(2, 1, f"工程名称：{site_names[site_id]}")
        heads = ("序号", "项目编码", "项目名称", "项目特征描述", "计量单位", "工程量")
        for col, text in enumerate(heads + ("综合单价", "合价", "其中：暂估价"), start=1):
            cell = ws.cell(4, col, text)
            cell.font = Font(bold=True)
            cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        row = 5
        for n, (key, quantity) in enumerate(sorted(totals[site_id].items()), start=1):
            item = item_for(key, "2013")
            values = (n, f"{item.base}{n:03d}", item.std_name, rates[key].effective_description)
            values += (item.unit, quantity, rates[key].unit_rate, f"=ROUND(F{row}*G{row},2)", None)
            for col, value in enumerate(values, start=1):
                cell = ws.cell(row, col, value)
                cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
                cell.font = Font(name="宋体", size=10)
            row += 1
        ws.cell(row, 3, "合计")
        ws.cell(row, 8, f"=SUM(H5:H{row - 1})")
        ws.print_title_rows = "1:4"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = 9
        summary.cell(s_index + 2, 2, site_names[site_id])
        summary.cell(s_index + 2, 3, f"='{ws.title}'!H{row}")
    buffer = io.BytesIO()
    wb.save(buffer)
    elapsed = time.perf_counter() - start
    engine.dispose()
    return elapsed, len(buffer.getvalue())


def run(buildings: int, runs: int) -> str:
    """Seed, measure both writers and return the Markdown report."""
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/boq_benchmark.db"
        t0 = time.perf_counter()
        programme_id = seed(url, buildings)
        seeded = time.perf_counter() - t0
        print(f"seeded {buildings:,} buildings × 8 scope types in {seeded:.1f} s", flush=True)
        planner_runs = []
        for _ in range(runs):
            seconds, size, sheets, lines = planner_export(url, programme_id)
            planner_runs.append(seconds)
            print(f"  planner export {seconds:.2f} s", flush=True)
        naive_seconds, naive_size = naive_export(url, programme_id)
        print(f"  naive openpyxl export {naive_seconds:.2f} s", flush=True)
    median = statistics.median(planner_runs)
    ok = "✓" if median < TARGET_SECONDS and median < naive_seconds else "✗"
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return "\n".join(
        [
            f"Measured {datetime.now():%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, Python "
            f"{platform.python_version()}, SQLite, load average at the end {load}.",
            "",
            f"{buildings:,} buildings × 8 scope types = {buildings * 8:,} work items → "
            f"{sheets:,} 单位工程 sheets, {lines:,} bill lines.",
            "",
            "| writer | export incl. database read (s) | workbook size |",
            "|---|---:|---:|",
            f"| planner (`export_bill`, xlsxwriter) | {median:.2f} {ok} | {size / 1e6:.1f} MB |",
            f"| naive (ORM objects, openpyxl cell by cell) | {naive_seconds:.2f} | "
            f"{naive_size / 1e6:.1f} MB |",
            "",
            f"Planner runs: {', '.join(f'{s:.2f}' for s in planner_runs)} s (median shown). "
            f"Target: under {TARGET_SECONDS:.0f} s and faster than the naive writer (✓/✗). "
            f"Seeding (not timed): {seeded:.1f} s.",
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
    args = parser.parse_args()
    report = run(args.buildings, args.runs)
    print()
    print(report)
    if args.write_readme:
        write_readme(report)
        print(f"\nwrote {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
