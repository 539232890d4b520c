"""The field progress page at work: a report with photos saved together, hostile images
refused with a message and nothing stored, the stale-edit refusal, a photo made public."""

from __future__ import annotations

import os

import pytest
from sqlmodel import Session, select
from streamlit.proto.WidgetStates_pb2 import WidgetState

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


def _half_done(db) -> None:
    """广汇小区's works half done (the seed has them all complete): room above and below."""
    with Session(db) as session:
        site_id = session.exec(select(Site.id).where(Site.name_zh == "广汇小区")).one()
        for item in session.exec(select(WorkItem).where(WorkItem.site_id == site_id)).all():
            item.completed_quantity = round(item.planned_quantity / 2)
            session.add(item)
        session.commit()


def _listed(at, db) -> list[WorkItem]:
    """The works listed, in order."""
    radio = at.radio(key="field_work")
    with Session(db) as session:
        by_label = {radio.format_func(i.id): i for i in session.exec(select(WorkItem)).all()}
    return [by_label[label] for label in radio.options]


def _asked(at) -> bool:
    """The form asks for a confirmation: its box and an "above the plan" warning."""
    above = any("超过计划工程量" in shown(w.value) for w in at.warning)
    return above or any(c.label == "我已核实，确认保存" for c in at.checkbox)


def _asked_above_plan(app, db):
    """The first work of a half-done 广汇小区 sent 1000 above its plan: the form asks why.
    Returns (the page, the work as it was)."""
    _half_done(db)
    at = _open(app, db)
    item = _listed(at, db)[0]
    at.radio(key="field_work").set_value(item.id).run()
    at.number_input[0].set_value(item.planned_quantity + 1000)
    _save(at)
    assert _asked(at) and _counts(db)[2] == 0
    return at, item


def test_a_value_no_longer_needing_a_reason_is_saved_without_confirming(app, db):
    at, item = _asked_above_plan(app, db)
    at.number_input[0].set_value(-5.0)  # refused for itself: the old question is gone
    _save(at)
    assert any("不能为负数" in shown(e.value) for e in at.error)
    assert not _asked(at)
    at.number_input[0].set_value(item.completed_quantity + 2)  # within the plan: no reason
    _save(at)
    assert not at.error and not _asked(at)
    assert [s.value for s in at.success] == ["已保存：工程量、说明和 0 张照片。"]
    with Session(db) as session:
        assert session.get(WorkItem, item.id).completed_quantity == item.completed_quantity + 2


def test_a_fixed_value_is_saved_while_the_question_is_still_shown(app, db):
    at, item = _asked_above_plan(app, db)
    at.number_input[0].set_value(item.completed_quantity + 2)  # box left unticked
    _save(at)
    assert not any("请勾选确认" in shown(e.value) for e in at.error)
    with Session(db) as session:
        assert session.get(WorkItem, item.id).completed_quantity == item.completed_quantity + 2


def test_a_question_stays_with_its_work(app, db):
    _half_done(db)
    at = _open(app, db)
    first, other = _listed(at, db)[:2]
    at.radio(key="field_work").set_value(first.id).run()
    at.number_input[0].set_value(first.planned_quantity + 1000)
    _save(at)
    assert _asked(at)
    at.radio(key="field_work").set_value(other.id).run()
    assert not _asked(at)
    at.number_input[0].set_value(other.completed_quantity + 2)
    _save(at)
    assert not at.error and at.success
    with Session(db) as session:
        assert session.get(WorkItem, other.id).completed_quantity == other.completed_quantity + 2
        assert session.get(WorkItem, first.id).completed_quantity == first.completed_quantity


def _order(at) -> list[tuple[str, str]]:
    """The page's elements in the order drawn: (type, value or label)."""
    out: list[tuple[str, str]] = []

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
            return
        text = getattr(node, "label", None) or getattr(node, "value", None)
        out.append((node.type, str(text)))

    walk(at.main)
    return out


def test_after_a_save_the_same_work_stays_chosen_and_the_result_is_beside_the_button(
    app, db, monkeypatch
):
    _half_done(db)
    at = _open(app, db)
    item = _listed(at, db)[1]  # not the first: a lost choice falls back to the first
    at.radio(key="field_work").set_value(item.id).run()
    label = at.radio(key="field_work").format_func(item.id)
    at.number_input[0].set_value(item.planned_quantity)  # its percentage changes
    _save(at)
    assert at.radio(key="field_work").format_func(item.id) != label
    assert at.radio(key="field_work").value == item.id
    order = _order(at)
    button = order.index(("button", SAVE))
    saved = next(i for i, (kind, _) in enumerate(order) if kind == "success")
    assert saved == button + 1, order[button - 1 : button + 3]
    # The browser sends back the label it showed ("… 50%"), no longer among the options
    # (AppTest would send the new one): the page still knows the work by its id.
    radio = at.radio(key="field_work")
    sent = WidgetState(id=radio.id, string_value=label)
    drawn = type(radio)._widget_state
    monkeypatch.setattr(
        type(radio),
        "_widget_state",
        property(lambda r: sent if r.id == sent.id else drawn.fget(r)),
    )
    at.run()
    monkeypatch.undo()
    assert at.radio(key="field_work").value == item.id
