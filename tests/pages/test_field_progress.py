"""The field progress page at work: a report with photos saved together, hostile images
refused with a message and nothing stored, the stale-edit refusal, a photo made public."""

from __future__ import annotations

import os

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry, FieldReport, PhotoBlob, Site, SitePhoto, WorkItem
from db.session import make_engine
from pages._common import get_settings
from planner.fieldwork.images import metadata_left
from tests.pages.conftest import shown
from tests.planner.fieldwork_images import (
    bomb_png,
    gps_jpeg,
    not_an_image,
    oversized_jpeg,
    truncated_jpeg,
)

PAGE = "pages/field_progress.py"
SAVE = "一次保存"


@pytest.fixture
def db():
    """An engine on the app's database (the fixture ``app`` set its URL)."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    yield engine
    engine.dispose()


def _open(app, db, show_all=True):
    with Session(db) as session:
        site_id = session.exec(select(Site.id).where(Site.name_zh == "广汇小区")).one()
    at = app.run()
    at.switch_page(PAGE)
    at.query_params["site"] = str(site_id)
    at.run()
    assert not at.exception
    if show_all:
        at.toggle(key="field_show_all").set_value(True).run()
        assert not at.exception
    return at


def _counts(db) -> tuple[int, int, int]:
    with Session(db) as session:
        return (
            len(session.exec(select(SitePhoto.id)).all()),
            len(session.exec(select(PhotoBlob.photo_id)).all()),
            len(session.exec(select(FieldReport.id)).all()),
        )


def _uploader(at):
    return next(u for u in at.file_uploader if u.label.startswith("照片"))


def _save(at):
    next(b for b in at.button if b.label == SAVE).click().run()
    assert not at.exception
    return at


def test_a_report_saves_quantity_note_and_photos_together(app, db):
    at = _open(app, db)
    work_id = at.radio(key="field_work").value
    at.number_input[0].set_value(12.0)  # the completed 834 m² corrected down: a reason first
    at.text_area[0].set_value("东侧管沟已回填")
    _uploader(at).set_value([("site.jpg", gps_jpeg(), "image/jpeg")])
    _save(at)
    assert any("更正已报完成量须填写原因" in shown(w.value) for w in at.warning)
    assert _counts(db) == (0, 0, 0)
    # Drawn again with what was typed: the quantity, the note, the photo.
    assert at.number_input[0].value == 12.0 and at.text_area[0].value == "东侧管沟已回填"
    next(c for c in at.checkbox if c.label == "我已核实，确认保存").check()
    next(t for t in at.text_input if t.label.startswith("原因")).input("按实测更正")
    _save(at)
    assert [s.value for s in at.success] == ["已保存：工程量、说明和 1 张照片。"]
    with Session(db) as session:
        item = session.get(WorkItem, work_id)
        report = session.exec(select(FieldReport)).one()
        photo = session.exec(select(SitePhoto)).one()
        entities = {e.entity for e in session.exec(select(AuditEntry)).all()}
    assert item.completed_quantity == 12.0
    assert (report.note, report.completed_after, report.work_item_id) == (
        "东侧管沟已回填",
        12.0,
        work_id,
    )
    assert (photo.field_report_id, photo.work_item_id, photo.public) == (report.id, work_id, False)
    assert {"work_item", "field_report", "site_photo"} <= entities


@pytest.mark.parametrize(
    ("name", "make", "reason"),
    [
        ("notes.jpg", not_an_image, "不是图片"),
        ("bomb.png", bomb_png, "解压炸弹"),
        ("huge.jpg", oversized_jpeg, "超过上限"),
        ("cut.jpg", truncated_jpeg, "不完整或已损坏"),
    ],
)
def test_hostile_images_are_named_and_left_out_while_the_rest_is_saved(
    app, db, monkeypatch, request, name, make, reason
):
    monkeypatch.setenv("PLANNER_PHOTO_MAX_BYTES", "2000000")
    get_settings.clear()  # read once per process: read the lower limit now, and drop it after
    request.addfinalizer(get_settings.clear)
    at = _open(app, db)
    work_id = at.radio(key="field_work").value
    with Session(db) as session:
        before = session.get(WorkItem, work_id).completed_quantity
    at.text_area[0].set_value("屋面完工")
    _uploader(at).set_value([(name, make(), "image/jpeg"), ("ok.jpg", gps_jpeg(), "image/jpeg")])
    _save(at)
    warnings = [shown(w.value) for w in at.warning]
    assert any("以下照片未保存" in w for w in warnings), warnings
    errors = [shown(e.value) for e in at.error]
    assert any(e.startswith(f"{name}: ") and reason in e for e in errors), errors
    assert _counts(db) == (1, 3, 1)  # the good photo (three copies) and the report
    with Session(db) as session:
        assert session.get(WorkItem, work_id).completed_quantity == before
        assert session.exec(select(SitePhoto.file_name)).one() == "ok.jpg"


def test_a_report_on_an_item_saved_by_someone_else_is_refused(app, db):
    at = _open(app, db)
    work_id = at.radio(key="field_work").value
    with Session(db) as session:  # someone saves the item from the editor meanwhile
        item = session.get(WorkItem, work_id)
        item.version += 1
        item.completed_quantity = 3.0
        session.add(item)
        session.commit()
    at.text_area[0].set_value("note")
    _save(at)
    errors = [shown(e.value) for e in at.error]
    assert errors[0] == "未保存："
    assert "在您载入后已被其他用户修改" in errors[1]
    assert _counts(db) == (0, 0, 0)
    with Session(db) as session:
        assert session.get(WorkItem, work_id).completed_quantity == 3.0


def test_a_photo_made_public_shows_its_stripped_copy(app, db):
    at = _open(app, db)
    _uploader(at).set_value([("site.jpg", gps_jpeg(), "image/jpeg")])
    at.text_area[0].set_value("照片")
    _save(at)
    with Session(db) as session:
        photo_id = session.exec(select(SitePhoto.id)).one()
    at.session_state["field_section"] = "photos"
    at.run()
    at.toggle(key=f"field_public_{photo_id}").set_value(True).run()
    assert not at.exception
    with Session(db) as session:
        assert session.get(SitePhoto, photo_id).public is True
        public = session.get(PhotoBlob, (photo_id, "public")).data
        actions = [
            e.action
            for e in session.exec(select(AuditEntry).where(AuditEntry.entity == "site_photo"))
        ]
    assert metadata_left(bytes(public)) == []
    assert actions == ["create", "update"]
    assert "居民看到的版本" in [e.label for e in at.expander]


def test_the_same_form_sent_twice_stores_one_report(app, db):
    at = _open(app, db)
    at.text_area[0].set_value("东侧完成")
    _save(at)
    assert _counts(db)[2] == 1
    # The browser sends the same form again (a double tap): same token, same values.
    at.session_state["field_form_nonce"] = 0
    at.run()
    at.text_area[0].set_value("东侧完成")
    _save(at)
    assert "已保存过" in " ".join(i.value for i in at.info)
    assert _counts(db)[2] == 1
