"""Province scale: synthetic seeding writes what the row-by-row path wrote, and the reads of the
bill of quantities, the dashboard, the map's drill-down and the public compound page are served
by indexes on PostgreSQL (their real SQL, captured while the domain functions run, EXPLAINed).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from db.models import AuditEntry, Building, Programme, Site, WorkItem
from db.session import make_engine, session_scope
from geodata import crs
from geodata.sample.synthetic_city import generate_synthetic_city
from maps.planning.details import site_buildings
from planner.boq.bill import BoqOptions, BoqSelection, build_bill
from planner.portal.finder import find_compounds
from planner.portal.view import public_site_view
from planner.runtime.seed import seed_synthetic
from planner.runtime.startup import ensure_database_ready
from planner.works import dashboard
from tests.conftest import clean_postgres_url

#: Tables that grow with the province; a read of one compound must not scan them whole.
LARGE_TABLES = {"work_item", "building", "audit_entry", "programme_site"}


def test_synthetic_seed_measures_geometry_as_the_row_by_row_path_does(engine: Engine) -> None:
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        report = seed_synthetic(session, 60, seed=7)
    assert (report.sites, report.buildings, report.work_items) == (6, 60, 180)
    city = generate_synthetic_city(60, seed=7)
    with Session(engine) as session:
        programme = session.exec(select(Programme).where(Programme.key == "synthetic_60_7")).one()
        buildings = session.exec(
            select(Building)
            .join(Site, Site.id == Building.site_id)
            .where(Site.key.startswith("synthetic_60_7_c"))  # type: ignore[attr-defined]
            .order_by(Site.key, Building.id)
        ).all()
        items = session.exec(select(WorkItem).where(WorkItem.programme_id == programme.id)).all()
    assert len(buildings) == 60 and len(items) == 180
    expected = [crs.geometry_columns(b.geometry) for b in city.buildings]
    for row, want in zip(buildings, expected, strict=True):
        assert row.footprint == want["text"]
        assert (row.min_lon, row.min_lat, row.max_lon, row.max_lat) == (
            want["min_lon"],
            want["min_lat"],
            want["max_lon"],
            want["max_lat"],
        )
        assert row.footprint_area_m2 == pytest.approx(want["area_m2"], rel=1e-9)
        assert row.perimeter_m == pytest.approx(want["length_m"], rel=1e-9)
    assert {i.building_id for i in items} == {b.id for b in buildings}


@pytest.fixture(scope="module")
def province() -> Iterator[Engine]:
    """PostgreSQL with the sample, a synthetic city of 5,000 buildings and a long audit log."""
    engine = make_engine(clean_postgres_url())
    ensure_database_ready(engine)
    with session_scope(engine) as session:
        seed_synthetic(session, 5000, seed=3)
        work_item_ids = session.exec(select(WorkItem.id)).all()
        # Two years of edits, about 40 a day, spread over all work items.
        start = datetime(2023, 1, 1, tzinfo=UTC)
        session.execute(
            AuditEntry.__table__.insert(),  # type: ignore[attr-defined]
            [
                {
                    "at": start + timedelta(minutes=35 * i),
                    "actor": "load",
                    "username": "",
                    "action": "update",
                    "entity": "work_item",
                    "entity_id": work_item_ids[i % len(work_item_ids)],
                    "after": json.dumps({"completed_quantity": i}),
                    "note": "",
                }
                for i in range(30_000)
            ],
        )
    with engine.connect() as connection:
        connection.execute(text("ANALYZE"))
        connection.commit()
    yield engine
    engine.dispose()


def _plans(engine: Engine, run: Callable[[Session], object]) -> list[tuple[str, dict]]:
    """Run ``run`` and EXPLAIN every statement it sent (with its parameters).

    EXPLAINed with ``enable_seqscan`` off: the fixture's 5,000 buildings are few enough that
    PostgreSQL may rightly prefer reading a table whole to 70 index probes, which it would not
    do at 100,000 (see benchmarks/scale_benchmark.py). With sequential scans priced out, a
    whole-table scan left in a plan means no index can serve that read at all.
    """
    sent: list[tuple[str, object]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _executemany) -> None:  # noqa: ANN001
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", capture)
    try:
        with Session(engine) as session:
            run(session)
    finally:
        event.remove(engine, "before_cursor_execute", capture)
    plans = []
    with engine.connect() as connection:
        connection.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in sent:
            explained = connection.exec_driver_sql(f"EXPLAIN (FORMAT JSON) {statement}", parameters)
            plans.append((statement, explained.scalar_one()[0]["Plan"]))
    return plans


def _scans(plan: dict) -> Iterator[tuple[str, str, str | None]]:
    """(node type, relation, index) of every scan in a plan tree."""
    if "Relation Name" in plan:
        yield plan["Node Type"], plan["Relation Name"], plan.get("Index Name")
    for child in plan.get("Plans", []):
        yield from _scans(child)


def _ids(engine: Engine) -> tuple[int, int, Site]:
    with Session(engine) as session:
        programme = session.exec(select(Programme.id).where(Programme.key == "p2023")).one()
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
        session.expunge(site)
    return programme, site.id, site  # type: ignore[return-value]


def _assert_indexed(plans: list[tuple[str, dict]], *expected_indexes: str) -> None:
    scans = [scan for _sql, plan in plans for scan in _scans(plan)]
    whole = [(node, rel) for node, rel, _ in scans if node == "Seq Scan" and rel in LARGE_TABLES]
    assert whole == [], f"whole-table scans: {whole}\n" + "\n".join(sql for sql, _ in plans)
    used = {index for _, _, index in scans if index}
    for index in expected_indexes:
        assert index in used, f"{index} not used; used: {sorted(used)}"


@pytest.mark.postgres
def test_a_read_no_index_serves_still_shows_its_whole_table_scan(province: Engine) -> None:
    plans = _plans(province, lambda s: s.exec(select(Building).where(Building.floors == 99)).all())
    assert [(node, rel) for node, rel, _ in _scans(plans[0][1])] == [("Seq Scan", "building")]


@pytest.mark.postgres
def test_bill_of_quantities_for_one_compound_reads_by_index(province: Engine) -> None:
    programme_id, site_id, _ = _ids(province)
    selection = BoqSelection(programme_id=programme_id, site_ids=(site_id,))
    plans = _plans(province, lambda s: build_bill(s, selection, BoqOptions()))
    _assert_indexed(plans, "ix_work_item_site_id")


@pytest.mark.postgres
def test_dashboard_of_a_programme_reads_by_index(province: Engine) -> None:
    programme_id, _, _ = _ids(province)
    plans = _plans(province, lambda s: dashboard.load_dashboard(s, programme_id, "zh"))
    _assert_indexed(plans, "ix_work_item_programme_id")


@pytest.mark.postgres
def test_map_drill_down_into_a_compound_reads_by_index(province: Engine) -> None:
    programme_id, site_id, _ = _ids(province)
    plans = _plans(province, lambda s: site_buildings(s, site_id, programme_id))
    _assert_indexed(plans, "ix_building_site_id", "ix_work_item_site_id")


@pytest.mark.postgres
def test_public_compound_page_and_finder_list_read_by_index(province: Engine) -> None:
    _, _, site = _ids(province)
    today = datetime(2024, 12, 31, tzinfo=UTC).date()
    plans = _plans(province, lambda s: public_site_view(s, site, today=today))
    _assert_indexed(plans, "ix_programme_site_site_id")
    listing = _plans(province, lambda s: find_compounds(s, "", 1, 20))
    _assert_indexed(listing)
