"""Province scale on PostgreSQL: seeding 100,000 buildings, and the reads EXPLAINed.

```bash
export PLANNER_TEST_POSTGRES_URL=postgresql+psycopg://postgres@127.0.0.1:5432/test
.venv/bin/python benchmarks/scale_benchmark.py                 # 20,000 and 100,000 buildings
.venv/bin/python benchmarks/scale_benchmark.py --write-readme  # and rewrites the results
.venv/bin/python benchmarks/scale_benchmark.py --sizes 20000 --skip-baseline
```

Each run works in schemas of its own (``planner_scale_<pid>_...``) on the server of
``PLANNER_TEST_POSTGRES_URL`` and drops them at the end.

1. **Seeding**: ``seed_synthetic`` (what ``planner seed --synthetic-buildings N`` runs) into an
   empty, migrated schema, beside the row-by-row baseline it replaced (geometry measured one
   feature at a time, rows sent with ``executemany``), in the same run.
2. **Reads**: on the 100,000-building schema (plus the sample programme), the real SQL of the
   bill of quantities of one compound, the programme dashboard, the map's drill-down into a
   compound, the public compound page and the public finder (listing, and a search by part of
   a name) is captured while the domain functions run and EXPLAIN ANALYZEd: which scans each
   uses on the tables that grow with the province, and the database time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, event, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

import db.bulk  # noqa: E402
from db.models import Programme, Site  # noqa: E402
from db.session import make_engine, session_scope  # noqa: E402
from geodata import crs  # noqa: E402
from maps.planning.details import site_buildings  # noqa: E402
from planner.boq.bill import BoqOptions, BoqSelection, build_bill  # noqa: E402
from planner.portal.finder import find_compounds  # noqa: E402
from planner.portal.view import public_site_view  # noqa: E402
from planner.runtime.seed import seed_synthetic  # noqa: E402
from planner.runtime.startup import ensure_database_ready  # noqa: E402
from planner.works import dashboard  # noqa: E402

README = ROOT / "benchmarks" / "README.md"
LARGE_TABLES = {"work_item", "building", "audit_entry", "programme_site", "site"}


@contextmanager
def schema(base_url: str, name: str):
    admin = create_engine(base_url)
    with admin.begin() as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {name}"))
    url = make_url(base_url).update_query_dict({"options": f"-csearch_path={name}"})
    engine = make_engine(url.render_as_string(hide_password=False))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
        admin.dispose()


@contextmanager
def row_by_row():
    """The seeding path before issue #14: per-feature geometry, executemany inserts."""
    batch, bulk = crs.geometry_columns_many, db.bulk.insert_rows

    def per_feature(geometries):  # noqa: ANN001
        return [crs.geometry_columns(g) for g in geometries]

    def executemany(session, model, rows):  # noqa: ANN001
        from sqlalchemy import insert

        for start in range(0, len(rows), 5000):
            session.execute(insert(model), rows[start : start + 5000])

    crs.geometry_columns_many, db.bulk.insert_rows = per_feature, executemany
    try:
        yield
    finally:
        crs.geometry_columns_many, db.bulk.insert_rows = batch, bulk


def timed_seed(engine: Engine, n: int) -> float:
    ensure_database_ready(engine)  # migrated, with the sample (not timed)
    started = time.perf_counter()
    with session_scope(engine) as session:
        seed_synthetic(session, n)
    return time.perf_counter() - started


def explain(engine: Engine, run: Callable[[Session], object]) -> tuple[list[str], float]:
    """Scans on the large tables and total execution time (ms) of what ``run`` sends."""
    sent: list[tuple[str, object]] = []

    def capture(_c, _cur, statement, parameters, _ctx, _many) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as session:
            run(session)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    scans: list[str] = []
    total = 0.0
    with engine.connect() as connection:
        for statement, parameters in sent:
            result = connection.exec_driver_sql(
                f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", parameters
            ).scalar_one()[0]
            total += result["Execution Time"]
            scans += list(_scans(result["Plan"]))
    return scans, total


def _scans(plan: dict):
    if plan.get("Relation Name") in LARGE_TABLES:
        index = plan.get("Index Name")
        yield f"{plan['Node Type']} on {plan['Relation Name']}" + (f" ({index})" if index else "")
    for child in plan.get("Plans", []):
        yield from _scans(child)


def reads(engine: Engine) -> list[tuple[str, list[str], float]]:
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    with Session(engine) as session:
        programme = session.exec(select(Programme.id).where(Programme.key == "p2023")).one()
        big = session.exec(select(Programme.id).where(Programme.key.like("synthetic_%"))).one()
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
        session.expunge(site)
        synthetic = session.exec(select(Site).where(Site.key.like("synthetic_%_c00042"))).one()
    cases: list[tuple[str, Callable[[Session], object]]] = [
        ("bill of quantities, one compound",
         lambda s: build_bill(s, BoqSelection(programme, site_ids=(site.id,)), BoqOptions())),
        ("bill of quantities, one synthetic compound",
         lambda s: build_bill(s, BoqSelection(big, site_ids=(synthetic.id,)), BoqOptions())),
        ("dashboard of the 2023 programme", lambda s: dashboard.load_dashboard(s, programme, "zh")),
        ("map drill-down into a compound", lambda s: site_buildings(s, site.id, programme)),
        ("public compound page", lambda s: public_site_view(s, site)),
        ("public finder, list", lambda s: find_compounds(s, "")),
        ("public finder, search '广汇'", lambda s: find_compounds(s, "广汇")),
        ("public finder, search '00042'", lambda s: find_compounds(s, "00042")),
    ]  # fmt: skip
    rows = []
    for label, run in cases:
        explain(engine, run)  # warm the cache: the second run is the one measured
        scans, ms = explain(engine, run)
        rows.append((label, sorted(set(scans)), ms))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--write-readme", action="store_true")
    args = parser.parse_args()
    base = os.environ.get("PLANNER_TEST_POSTGRES_URL")
    if not base:
        parser.error("set PLANNER_TEST_POSTGRES_URL (a PostgreSQL database to make schemas in)")
    started = dt.datetime.now()
    seeding: list[tuple[int, float, float | None]] = []
    read_rows: list[tuple[str, list[str], float]] = []
    prefix = f"planner_scale_{os.getpid()}"
    for n in args.sizes:
        baseline = None
        if not args.skip_baseline:
            with schema(base, f"{prefix}_base") as engine, row_by_row():
                baseline = timed_seed(engine, n)
        with schema(base, f"{prefix}_new") as engine:
            seconds = timed_seed(engine, n)
            if n == max(args.sizes):
                read_rows = reads(engine)
        seeding.append((n, seconds, baseline))
        print(f"{n:,} buildings: {seconds:.1f} s (row by row: {baseline})", flush=True)
    block = report(seeding, read_rows, max(args.sizes), started)
    print(block)
    if args.write_readme:
        content = README.read_text(encoding="utf-8")
        start, end = "<!-- scale-results:start -->", "<!-- scale-results:end -->"
        pattern = re.compile(re.escape(start) + ".*?" + re.escape(end), re.S)
        README.write_text(pattern.sub(lambda _m: f"{start}\n{block}\n{end}", content))
    return 0


def report(seeding, read_rows, n_reads, started) -> str:  # noqa: ANN001
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Measured {started:%Y-%m-%d %H:%M}, {os.cpu_count()} CPUs, Python "
        f"{platform.python_version()}, PostgreSQL (the test server); load average at the end "
        f"{load}.",
        "",
        "| buildings | `seed_synthetic` (s) | row by row, before (s) | speed-up |",
        "|---:|---:|---:|---:|",
    ]
    for n, seconds, baseline in seeding:
        ratio = f"{baseline / seconds:.1f} ×" if baseline else "—"
        before = f"{baseline:.1f}" if baseline else "—"
        lines.append(f"| {n:,} | {seconds:.1f} | {before} | {ratio} |")
    lines += [
        "",
        f"Reads at {n_reads:,} synthetic buildings plus the sample (EXPLAIN ANALYZE of every "
        "statement each one sends; scans of the tables that grow with the province):",
        "",
        "| read | scans | database time (ms) |",
        "|---|---|---:|",
    ]
    for label, scans, ms in read_rows:
        lines.append(f"| {label} | {'; '.join(scans) or '—'} | {ms:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
