"""Site photos, acceptance and warranty in the database, on SQLite and PostgreSQL: copies
stored once, GPS matched to the nearest building, public copies only for residents, audited
deletion, imports all or nothing, warranties ending and open defects, migration 0009 down."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

import pytest
from alembic import command
from shapely.geometry import shape
from sqlalchemy import inspect
from sqlmodel import Session, select

from db.migrate import alembic_config, upgrade_to_head
from db.models import AuditEntry, Building, PhotoBlob, Site, SitePhoto
from db.session import session_scope
from planner.audit import Actor
from planner.fieldwork import acceptance as acc
from planner.fieldwork import imports as imp
from planner.fieldwork import photos as ph
from planner.fieldwork.actions import import_photos
from planner.fieldwork.images import PhotoLimits, PhotoRefused, metadata_left, process_photo
from planner.fieldwork.locate import BuildingLocator
from planner.fieldwork.public import defect_report_link, preselected_work, public_works
from planner.fieldwork.warranty import WarrantyPolicy
from planner.settings import PlannerSettings
from planner.works.queries import items_with_scope
from tests.planner.fieldwork_images import gps_jpeg, truncated_jpeg

LIMITS = PhotoLimits()
STAFF = Actor("王工", 7, "staff_wang")
POLICY = WarrantyPolicy.from_settings(PlannerSettings())


def _guanghui(session: Session) -> tuple[Site, Building]:
    site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
    building = session.exec(
        select(Building).where(Building.site_id == site.id, Building.number == "2")
    ).one()
    return site, building


def _inside(building: Building) -> tuple[float, float]:
    point = shape(json.loads(building.footprint)).representative_point()
    return point.x, point.y


def test_a_photo_is_stored_with_three_copies_and_matched_to_its_building(seeded_engine):
    with session_scope(seeded_engine) as session:
        site, building = _guanghui(session)
        lon, lat = _inside(building)
        photo = process_photo(gps_jpeg(lon=lon, lat=lat), LIMITS)
        locator = BuildingLocator.for_site(session, site.id, 60)
        row = ph.store_photo(
            session, photo, ph.PhotoTarget(site.id, "before"), actor=STAFF, locator=locator
        )
        photo_id, site_id, building_id = row.id, site.id, building.id
    with Session(seeded_engine) as session:
        stored = session.get(SitePhoto, photo_id)
        assert (stored.building_id, stored.located_by) == (building_id, "gps")
        assert ph.photo_bytes(session, photo_id, "original") == photo.original
        assert {b.variant for b in session.exec(select(PhotoBlob))} == {
            "original",
            "public",
            "thumb",
        }
        # Not public yet: residents get nothing, not even the public copy.
        assert ph.public_photo_bytes(session, photo_id, "public") is None
        entry = session.exec(select(AuditEntry).where(AuditEntry.entity == "site_photo")).one()
        assert (entry.action, entry.username, entry.user_id) == ("create", "staff_wang", 7)
        points = ph.photo_points(session, site_ids=[site_id])
        assert [(p.photo_id, p.located_by, p.stage) for p in points] == [
            (photo_id, "gps", "before")
        ]
        assert (points[0].lon, points[0].lat) == pytest.approx((lon, lat), abs=1e-6)
    with session_scope(seeded_engine) as session:  # the same file again is refused
        with pytest.raises(PhotoRefused, match="duplicate"):
            ph.store_photo(session, photo, ph.PhotoTarget(site_id), actor=STAFF)


def test_residents_get_only_public_copies_and_deletion_is_audited(seeded_engine):
    with session_scope(seeded_engine) as session:
        site, _ = _guanghui(session)
        row = ph.store_photo(
            session, process_photo(gps_jpeg(), LIMITS), ph.PhotoTarget(site.id), actor=STAFF
        )
        photo_id = row.id
    with session_scope(seeded_engine) as session:
        assert ph.set_public(session, photo_id, True, actor=STAFF) is True
        assert ph.set_public(session, photo_id, True, actor=STAFF) is False  # no change, no entry
    with Session(seeded_engine) as session:
        public = ph.public_photo_bytes(session, photo_id, "public")
        assert public is not None and metadata_left(public) == []
        assert ph.public_photo_bytes(session, photo_id, "original") is None
    with session_scope(seeded_engine) as session:
        ph.delete_photo(session, photo_id, actor=STAFF)
    with Session(seeded_engine) as session:
        assert session.get(SitePhoto, photo_id) is None
        assert session.exec(select(PhotoBlob)).all() == []
        entries = session.exec(
            select(AuditEntry).where(AuditEntry.entity == "site_photo").order_by(AuditEntry.id)
        ).all()
        assert [e.action for e in entries] == ["create", "update", "delete"]
        assert json.loads(entries[-1].before)["sha256"] == process_photo(gps_jpeg(), LIMITS).sha256
    with session_scope(seeded_engine) as session, pytest.raises(PhotoRefused, match="not_found"):
        ph.delete_photo(session, photo_id, actor=STAFF)


def test_an_import_writes_all_accepted_photos_or_none(seeded_engine):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("2号楼/roof_waterproofing/after/a.jpg", gps_jpeg(seed=1))
        z.writestr("b.jpg", gps_jpeg(seed=2))
        z.writestr("c.jpg", truncated_jpeg())
    with Session(seeded_engine) as session:
        site_id = _guanghui(session)[0].id

    def run():
        sources, close = imp.zip_or_folder_sources(io.BytesIO(buffer.getvalue()))
        try:
            return import_photos(
                seeded_engine, site_id, sources, actor=STAFF, limits=LIMITS, max_files=10,
                building_match_m=60,
            )  # fmt: skip
        finally:
            close()

    report = run()
    assert [p.name for p in report.imported] == ["2号楼/roof_waterproofing/after/a.jpg", "b.jpg"]
    assert [(r.name, r.key) for r in report.refused] == [("c.jpg", "photo.error.damaged")]
    first = report.imported[0]
    assert (first.stage, first.located_by, first.work_item_id is not None) == (
        "after",
        "work",
        True,
    )
    again = run()  # a second run stores nothing twice
    assert again.imported == [] and {r.key for r in again.refused} == {
        "photo.error.duplicate",
        "photo.error.damaged",
    }
    with Session(seeded_engine) as session:
        assert len(session.exec(select(SitePhoto.id)).all()) == 2


def test_too_many_files_are_refused_by_name():
    sources = [
        imp.SourceFile(f"{i}.jpg", 10, lambda i=i: io.BytesIO(gps_jpeg(seed=i))) for i in range(3)
    ]
    spool, refused = imp.check_files(sources, LIMITS, max_files=2)
    spool.close()
    assert [(r.name, r.key) for r in refused] == [("2.jpg", "photo.error.too_many_files")]


def test_acceptance_warranty_defects_and_what_residents_see(seeded_engine):
    with Session(seeded_engine) as session:
        site, building = _guanghui(session)
        roof = next(
            i
            for i in items_with_scope(session, site_id=site.id, scope_keys=["roof_waterproofing"])
            if i.item.building_id == building.id
        )
        site_id, site_key, roof_id = site.id, site.key, roof.id
        roofs = items_with_scope(session, site_id=site_id, scope_keys=["roof_waterproofing"])
    today = date(2029, 4, 1)
    with session_scope(seeded_engine) as session:
        with pytest.raises(acc.AcceptanceRefused, match="participants"):
            acc.record_acceptance(
                session, acc.NewAcceptance(roof_id, date(2024, 5, 1), "passed", " \n"),
                actor=STAFF, today=today,
            )  # fmt: skip
        acc.record_acceptance(
            session,
            acc.NewAcceptance(
                roof_id, date(2024, 5, 20), "passed", "市住建局 李工\n监理 张工", "檐口滴水线缺失\n"
            ),
            actor=STAFF,
            today=today,
            photos=[("accept.jpg", process_photo(gps_jpeg(seed=3), LIMITS))],
        )
        for stage, seed in (("before", 4), ("after", 5)):
            row = ph.store_photo(
                session, process_photo(gps_jpeg(seed=seed), LIMITS),
                ph.PhotoTarget(site_id, stage, work_item_id=roof_id), actor=STAFF,
            )  # fmt: skip
            ph.set_public(session, row.id, True, actor=STAFF)
    with Session(seeded_engine) as session:
        ending = acc.warranties_ending(session, POLICY, today=today)
        assert [(w.work_item_id, w.ends_on) for w in ending] == [(roof_id, date(2029, 5, 20))]
        assert acc.warranties_ending(session, POLICY, today=date(2028, 1, 1)) == []
        defects = acc.open_defects(session)
        assert [(d.work_item_id, d.description) for d in defects] == [(roof_id, "檐口滴水线缺失")]
        works = public_works(session, site_id, POLICY)
        (roof_work,) = works
        assert roof_work.scope_key == "roof_waterproofing"
        assert len(roof_work.pairs) == 1 and roof_work.pairs[0].building_number == "2"
        assert roof_work.pairs[0].before_id and roof_work.pairs[0].after_id
        # One building of several accepted: no date for the whole work yet.
        assert (roof_work.items_accepted, roof_work.items_total) == (1, len(roofs))
        assert roof_work.accepted_on is None and roof_work.warranty_until is None
        assert preselected_work(session, site_id, {"work": str(roof_id)}) == roof_id
        assert preselected_work(session, site_id + 1, {"work": str(roof_id)}) is None
        assert defect_report_link(site_key, roof_id) == f"compound?site={site_key}&work={roof_id}"
    with session_scope(seeded_engine) as session:
        acc.fix_defect(
            session, defects[0].id, version=defects[0].version, fixed_on=today, actor=STAFF
        )
    with session_scope(seeded_engine) as session, pytest.raises(acc.AcceptanceRefused):
        acc.fix_defect(
            session, defects[0].id, version=defects[0].version, fixed_on=today, actor=STAFF
        )
    with Session(seeded_engine) as session:
        assert acc.open_defects(session) == []


def test_migration_0009_downgrades_and_upgrades_again(engine):
    upgrade_to_head(engine)
    config = alembic_config(engine)
    new_tables = {
        "site_photo",
        "photo_blob",
        "field_report",
        "work_acceptance",
        "acceptance_defect",
    }
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0008")
    assert not new_tables & set(inspect(engine).get_table_names())
    upgrade_to_head(engine)
    assert new_tables <= set(inspect(engine).get_table_names())
