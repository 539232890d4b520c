"""Input checked as typed, never lost, undoable (issue #20): the quantity rules of
planner.works.quantities through every door, reasons kept in the audit, withdrawn items out of
every total and back when restored, a form saved once, a field report keeping its good photos,
an MPO taken in a photo batch. On SQLite and PostgreSQL (``seeded_engine``)."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from sqlmodel import Session, col, select

from db.models import AuditEntry, Building, FieldReport, Site, SitePhoto, WorkItem
from planner.audit import Actor
from planner.fieldwork import actions as field_actions
from planner.fieldwork import imports as imp
from planner.fieldwork.field import FieldRefused
from planner.fieldwork.images import PhotoLimits
from planner.portal.view import public_site_view
from planner.works import actions, queries
from planner.works.items import (
    InvalidChangesError,
    NeedsReason,
    NewWorkItem,
    StaleWorkItemError,
    WorkItemChange,
    list_work_items,
)
from planner.works.quantities import QuantityError, check_planned, parse_quantity
from planner.works.submissions import AlreadySubmitted, new_token
from planner.works.withdrawal import WithdrawRefused, withdrawn_items
from tests.planner.fieldwork_images import gps_jpeg, mpo_jpeg, not_an_image

STAFF = Actor("王工", 7, "staff_wang")
LIMITS = PhotoLimits()


def _roof_of_building_10(engine) -> tuple[int, int, int, int]:
    """(site id, programme id, building id, roof item id) of 光辉 (c2023_01) 10号楼, whose
    roof the geometry puts at 761 m² (the issue met 99,999 m² on a roof of 787 m²)."""
    with Session(engine) as session:
        site = session.exec(select(Site).where(Site.key == "c2023_01")).one()
        building = session.exec(
            select(Building).where(Building.site_id == site.id, Building.number == "21")
        ).one()
        (row,) = [
            r
            for r in list_work_items(session, site_id=site.id, building_id=building.id)
            if r.scope_key == "roof_waterproofing"
        ]
        return site.id, row.programme_id, building.id, row.id


def _row(engine, item_id: int):
    with Session(engine) as session:
        item = session.get(WorkItem, item_id)
        rows = list_work_items(
            session,
            site_id=item.site_id,
            building_id=item.building_id,
            include_building_items=True,
        )
    return next(r for r in rows if r.id == item_id)


def _audit(engine, item_id: int) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(
            session.exec(
                select(AuditEntry)
                .where(AuditEntry.entity == "work_item", AuditEntry.entity_id == item_id)
                .order_by(col(AuditEntry.id))
            ).all()
        )


@pytest.mark.parametrize(
    ("typed", "unit", "key"),
    [
        ("-5", "m²", "works.error.negative"),
        ("−5", "m²", "works.error.negative"),
        ("0", "m²", "works.error.zero"),
        ("5 m", "m²", "works.error.wrong_unit"),
        ("2.5", "个", "works.error.whole"),
        ("12..5", "m²", "works.error.not_number"),
    ],
)
def test_a_planned_quantity_breaking_a_rule_is_refused_never_changed(typed, unit, key):
    with pytest.raises(QuantityError) as refused:
        number = parse_quantity(typed, unit)
        check_planned(number, unit)
    assert refused.value.key == key


def test_a_quantity_may_carry_the_items_own_unit():
    assert parse_quantity("787 m²", "m²") == 787
    assert parse_quantity("99,999平方米", "m²") == 99999
    assert parse_quantity("3 个", "个") == 3
    assert parse_quantity("", "m²") is None


def test_minus_five_in_the_editor_is_refused_and_nothing_saved(seeded_engine):
    _, _, _, item_id = _roof_of_building_10(seeded_engine)
    row = _row(seeded_engine, item_id)
    with pytest.raises(InvalidChangesError) as refused:
        actions.save_work_changes(
            seeded_engine, [WorkItemChange(row, {"planned_quantity": "-5"})], actor=STAFF
        )
    assert refused.value.keys == ["works.error.negative"]
    assert "不能为负数" in refused.value.messages("zh")[0]
    assert _row(seeded_engine, item_id).planned_quantity == row.planned_quantity


def test_a_roof_far_beyond_its_estimate_asks_for_a_reason_kept_in_the_audit(seeded_engine):
    _, _, _, item_id = _roof_of_building_10(seeded_engine)
    row = _row(seeded_engine, item_id)
    change = [WorkItemChange(row, {"planned_quantity": "99,999"})]
    with pytest.raises(NeedsReason) as asked:
        actions.save_work_changes(seeded_engine, change, actor=STAFF)
    (message,) = asked.value.messages("zh")
    assert "99,999" in message and "761" in message and "±25%" in message
    assert asked.value.field == "planned_quantity"
    assert _row(seeded_engine, item_id).planned_quantity == row.planned_quantity
    with pytest.raises(InvalidChangesError):  # a reason of one character says nothing
        actions.save_work_changes(seeded_engine, change, actor=STAFF, reason="嗯")
    actions.save_work_changes(seeded_engine, change, actor=STAFF, reason="含车库屋面，已复测")
    assert _row(seeded_engine, item_id).planned_quantity == 99999
    assert [e.note for e in _audit(seeded_engine, item_id)] == ["含车库屋面，已复测"]


def test_a_new_item_of_zero_is_refused(seeded_engine):
    site_id, programme_id, _, _ = _roof_of_building_10(seeded_engine)
    new = NewWorkItem(programme_id, site_id, None, "signs", planned_quantity=0)
    with pytest.raises(InvalidChangesError) as refused:
        actions.add_work_item(seeded_engine, new, actor=STAFF)
    assert refused.value.keys == ["works.error.zero"]


def test_a_completed_quantity_going_down_needs_a_reason_and_progress_shows_the_correction(
    seeded_engine,
):
    site_id, programme_id, _, item_id = _roof_of_building_10(seeded_engine)
    row = _row(seeded_engine, item_id)
    assert row.completed_quantity > 50
    with Session(seeded_engine) as session:
        before = queries.progress_by_site(session, [programme_id])[site_id]
    change = [WorkItemChange(row, {"completed_quantity": 50})]
    with pytest.raises(NeedsReason) as asked:
        actions.save_work_changes(seeded_engine, change, actor=STAFF)
    assert asked.value.keys == ["works.confirm.decrease"]
    actions.save_work_changes(seeded_engine, change, actor=STAFF, reason="误报，按实测更正")
    (entry,) = _audit(seeded_engine, item_id)
    assert entry.note == "误报，按实测更正"
    with Session(seeded_engine) as session:
        after = queries.progress_by_site(session, [programme_id])[site_id]
    assert after < before


def test_a_withdrawn_item_leaves_every_total_and_comes_back_restored(seeded_engine):
    site_id, programme_id, building_id, item_id = _roof_of_building_10(seeded_engine)
    row = _row(seeded_engine, item_id)

    def seen() -> tuple[bool, float, bool]:
        with Session(seeded_engine) as session:
            listed = item_id in [i.id for i in queries.items_with_scope(session, site_id=site_id)]
            total = queries.quantities_by_scope(session, [programme_id])["roof_waterproofing"]
            on_map = any(
                r[1] == building_id and r[2] == "roof_waterproofing"
                for r in queries.map_progress_rows(session, programme_id)
            )
            # What residents read: the compound's roof works, all buildings added up.
            site = session.get(Site, site_id)
            public = public_site_view(session, site, today=date(2023, 9, 1))
            (roof,) = [w for w in public.works if w.scope_key == "roof_waterproofing"]
            assert roof.buildings == (roof_buildings if listed else roof_buildings - 1)
        return listed, total.planned, on_map

    with Session(seeded_engine) as session:
        site = session.get(Site, site_id)
        public = public_site_view(session, site, today=date(2023, 9, 1))
        roof_buildings = next(
            w for w in public.works if w.scope_key == "roof_waterproofing"
        ).buildings
    listed, planned_total, on_map = seen()
    assert listed and on_map
    actions.withdraw_work_item(
        seeded_engine, item_id, actor=STAFF, reason="录入重复", version=row.version
    )
    listed, withdrawn_total, on_map = seen()
    assert not listed and not on_map
    assert withdrawn_total == pytest.approx(planned_total - row.planned_quantity)
    with Session(seeded_engine) as session:
        (gone,) = withdrawn_items(
            session, programme_id=programme_id, site_id=site_id, building_id=building_id
        )
    assert gone.id == item_id
    with pytest.raises(StaleWorkItemError):  # an editor still holding the old version
        actions.save_work_changes(
            seeded_engine, [WorkItemChange(row, {"contractor": "甲"})], actor=STAFF
        )
    with pytest.raises(WithdrawRefused):  # twice: refused
        actions.withdraw_work_item(seeded_engine, item_id, actor=STAFF)
    actions.restore_work_item(seeded_engine, item_id, actor=STAFF, version=gone.version)
    assert seen() == (True, pytest.approx(planned_total), True)
    entries = _audit(seeded_engine, item_id)
    assert [(e.action, e.note) for e in entries] == [("withdraw", "录入重复"), ("restore", "")]
    with pytest.raises(WithdrawRefused) as refused:
        actions.restore_work_item(seeded_engine, item_id, actor=STAFF)
    assert refused.value.keys == ["works.withdraw.not_withdrawn"]


def test_a_form_sent_twice_stores_once(seeded_engine):
    site_id, programme_id, _, _ = _roof_of_building_10(seeded_engine)
    new = NewWorkItem(programme_id, site_id, None, "signs", planned_quantity=4)
    token = new_token()
    actions.add_work_item(seeded_engine, new, actor=STAFF, token=token)
    with pytest.raises(AlreadySubmitted):
        actions.add_work_item(seeded_engine, new, actor=STAFF, token=token)
    with Session(seeded_engine) as session:
        signs = list(queries.items_with_scope(session, site_id=site_id, scope_keys=["signs"]))
    assert len(signs) == 1


def test_a_save_with_nothing_changed_leaves_the_form_free_for_its_real_save(seeded_engine):
    # 保存 clicked before any edit: nothing to save. The same form's save after an edit must
    # store the edit, not be refused as "sent twice" and reloaded away.
    _, _, _, item_id = _roof_of_building_10(seeded_engine)
    row = _row(seeded_engine, item_id)
    token = new_token()
    nothing = actions.save_work_changes(
        seeded_engine,
        [WorkItemChange(row, {"contractor": row.contractor})],
        actor=STAFF,
        token=token,
    )
    assert nothing.item_ids == []
    saved = actions.save_work_changes(
        seeded_engine,
        [WorkItemChange(row, {"contractor": "改过的施工单位"})],
        actor=STAFF,
        token=token,
    )
    assert saved.item_ids == [item_id]
    assert _row(seeded_engine, item_id).contractor == "改过的施工单位"
    with pytest.raises(AlreadySubmitted):  # and that save, sent again, is stored once
        actions.save_work_changes(
            seeded_engine, [WorkItemChange(row, {"contractor": "又一次"})], actor=STAFF, token=token
        )


def test_a_field_report_with_one_bad_photo_keeps_the_quantity_the_note_and_the_rest(
    seeded_engine,
):
    _, _, _, item_id = _roof_of_building_10(seeded_engine)
    row = _row(seeded_engine, item_id)
    uploads = [
        ("good.jpg", len(gps_jpeg(seed=3)), io.BytesIO(gps_jpeg(seed=3))),
        ("notes.jpg", len(not_an_image()), io.BytesIO(not_an_image())),
        ("twin.jpg", len(mpo_jpeg(seed=4)), io.BytesIO(mpo_jpeg(seed=4))),
    ]
    outcome = field_actions.save_field_report(
        seeded_engine,
        row,
        completed_quantity=row.completed_quantity + 5,
        note="东侧完成",
        uploads=uploads,
        reason="女儿墙翻边另计",  # 5 m² above the planned roof: asked for, given
        actor=STAFF,
        today=date(2023, 6, 1),
        limits=LIMITS,
        building_match_m=60,
    )
    assert [(f.name, f.key) for f in outcome.refused] == [("notes.jpg", "photo.error.not_image")]
    assert len(outcome.photo_ids) == 2
    assert _row(seeded_engine, item_id).completed_quantity == row.completed_quantity + 5
    with Session(seeded_engine) as session:
        report = session.get(FieldReport, outcome.report_id)
        assert report.note == "东侧完成"
    # Only a bad photo, nothing else: refused, naming it.
    fresh = _row(seeded_engine, item_id)
    with pytest.raises(FieldRefused) as refused:
        field_actions.save_field_report(
            seeded_engine,
            fresh,
            completed_quantity=fresh.completed_quantity,
            uploads=[("notes.jpg", len(not_an_image()), io.BytesIO(not_an_image()))],
            actor=STAFF,
            today=date(2023, 6, 1),
            limits=LIMITS,
            building_match_m=60,
        )
    assert "notes.jpg" in refused.value.messages("zh")[1]


def test_an_mpo_is_imported_with_the_others_of_its_batch(seeded_engine):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("a.jpg", gps_jpeg(seed=5))
        archive.writestr("phone/mpo.jpg", mpo_jpeg(seed=6))
        archive.writestr("c.jpg", gps_jpeg(seed=7))
    with Session(seeded_engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == "c2023_01")).one()
    sources, close = imp.zip_or_folder_sources(io.BytesIO(buffer.getvalue()))
    try:
        report = field_actions.import_photos(
            seeded_engine, site_id, sources, actor=STAFF, limits=LIMITS, max_files=10,
            building_match_m=60,
        )  # fmt: skip
    finally:
        close()
    assert [p.name for p in report.imported] == ["a.jpg", "phone/mpo.jpg", "c.jpg"]
    assert report.refused == []
    with Session(seeded_engine) as session:
        stored = session.exec(select(SitePhoto).where(SitePhoto.file_name == "phone/mpo.jpg")).one()
        assert stored.content_type == "image/jpeg"
