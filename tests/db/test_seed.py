"""Seeding the sample programme and synthetic cities, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil

import pytest
from shapely.geometry import box, shape
from sqlalchemy import func
from sqlmodel import Session, select

from db.migrate import upgrade_to_head
from db.models import AuditEntry, Building, Programme, Site, WorkItem
from db.session import session_scope
from geodata.sample import SAMPLE_DIR
from planner.runtime.seed import seed_sample, seed_synthetic
from planner.runtime.startup import ensure_database_ready
from planner.works.summary import programme_summary
from tests.report_figures import REPORT_2023


def _count(session: Session, model) -> int:
    return session.exec(select(func.count()).select_from(model)).one()


def test_first_start_seeds_the_report_figures(seeded_engine):
    with Session(seeded_engine) as session:
        summary = programme_summary(session, year=2023)
    assert summary.compounds == REPORT_2023["compounds"]
    assert summary.buildings == REPORT_2023["buildings"]
    assert summary.households == REPORT_2023["households"]
    for key, value in REPORT_2023["completed"].items():
        assert summary.completed[key] == value, key
    assert summary.completed["street_lights"] > 0  # 广汇小区, at residents' request


def test_sample_has_named_compounds_and_other_programmes(seeded_engine):
    with Session(seeded_engine) as session:
        names = set(session.exec(select(Site.name_zh)).all())
        assert {"广汇小区", "安环南小区", "西域花园", "新华路"} <= names
        xinhua = session.exec(select(Site).where(Site.name_zh == "新华路")).one()
        assert xinhua.length_m == pytest.approx(14_540, abs=1)
        assert programme_summary(session, year=2024).buildings == 6
        statuses = set(session.exec(select(WorkItem.status)).all())
        assert {"planned", "in_progress", "completed"} <= statuses
        assert all(session.exec(select(Site.illustrative)).all())


def test_seeding_twice_changes_nothing(seeded_engine):
    with session_scope(seeded_engine) as session:
        before = (_count(session, Site), _count(session, Building), _count(session, WorkItem))
        assert seed_sample(session).skipped
    assert ensure_database_ready(seeded_engine).skipped
    with Session(seeded_engine) as session:
        after = (_count(session, Site), _count(session, Building), _count(session, WorkItem))
    assert after == before


def test_failed_seed_writes_nothing(engine, tmp_path):
    broken = tmp_path / "sample"
    shutil.copytree(SAMPLE_DIR, broken)
    rows = (broken / "work_items.csv").read_text(encoding="utf-8").splitlines()
    rows[-1] = rows[-1].replace(rows[-1].split(",")[3], "no_such_scope", 1)
    (broken / "work_items.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    upgrade_to_head(engine)
    with pytest.raises(KeyError):
        with session_scope(engine) as session:
            seed_sample(session, broken)
    with Session(engine) as session:
        assert _count(session, Programme) == 0
        assert _count(session, Building) == 0


def test_stored_geometry_has_bbox_and_metric_measures(seeded_engine):
    with Session(seeded_engine) as session:
        buildings = session.exec(select(Building)).all()
        audit = session.exec(select(AuditEntry).where(AuditEntry.action == "seed")).all()
    assert len(audit) >= 4
    for b in buildings:
        geom = shape(json.loads(b.footprint))
        assert box(b.min_lon, b.min_lat, b.max_lon, b.max_lat).covers(geom)
        # slabs of 2-5 单元 of 12-16 m by 11-13 m, measured in EPSG:4542, not in degrees
        assert 24 * 11 * 0.99 <= b.footprint_area_m2 <= 80 * 13 * 1.01
        assert 2 * (24 + 11) * 0.99 <= b.perimeter_m <= 2 * (80 + 13) * 1.01


def test_bbox_filter_finds_sites_in_a_window(seeded_engine):
    with Session(seeded_engine) as session:
        guanghui = session.exec(select(Site).where(Site.name_zh == "广汇小区")).one()
        hits = session.exec(
            select(Site.name_zh).where(
                Site.max_lon >= guanghui.min_lon,
                Site.min_lon <= guanghui.max_lon,
                Site.max_lat >= guanghui.min_lat,
                Site.min_lat <= guanghui.max_lat,
            )
        ).all()
    assert "广汇小区" in hits


def test_synthetic_city_fills_n_buildings(engine):
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        report = seed_synthetic(session, 25, seed=7)
    assert (report.buildings, report.sites, report.work_items) == (25, 3, 75)
    with Session(engine) as session:
        assert _count(session, Building) == 25
        summary = programme_summary(session, year=2025)
    assert summary.buildings == 25 and summary.compounds == 3
    assert 0.0 <= summary.progress <= 1.0


def test_synthetic_city_refuses_zero_buildings(engine):
    upgrade_to_head(engine)
    with pytest.raises(ValueError):
        with session_scope(engine) as session:
            seed_synthetic(session, 0)


def test_database_with_imported_sites_gets_no_sample(engine):
    """A bureau that imported its own compounds first must not find illustrative data mixed in."""
    upgrade_to_head(engine)
    ring = [[98.28, 39.80], [98.281, 39.80], [98.281, 39.801], [98.28, 39.80]]
    outline = {"type": "Polygon", "coordinates": [ring]}
    with session_scope(engine) as session:
        session.add(
            Site(key="own_1", kind="compound", name_zh="自有小区", geometry=json.dumps(outline),
                 min_lon=98.28, min_lat=39.80, max_lon=98.281, max_lat=39.801)
        )  # fmt: skip
    report = ensure_database_ready(engine)
    assert report.skipped
    with Session(engine) as session:
        assert session.exec(select(func.count()).select_from(Programme)).one() == 0
        assert session.exec(select(Site.key)).all() == ["own_1"]
