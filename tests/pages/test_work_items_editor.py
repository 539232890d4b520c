"""The work items editor page: 广汇小区's items in a table, saved together, refused when invalid
or when someone else saved first.

AppTest reads ``st.data_editor`` but does not type into it: edits are given the way the browser
sends them, as the editor's state ``{"edited_rows": {position: {column: value}}, ...}``
assigned to ``at.session_state[<editor key>]`` before the run that clicks "save".
"""

from __future__ import annotations

import json
import os
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry, Building, Programme, Site, WorkItem
from db.session import make_engine, session_scope
from planner.surveys import consent
from planner.works import items as wi
from planner.works.items import WorkItemChange, list_work_items, save_changes
from tests.pages.conftest import page_text, shown

PAGE = "pages/work_items_editor.py"
SAVE, SAVE_EN = "保存修改", "Save changes"


@pytest.fixture
def db():
    """An engine on the app's database (the fixture ``app`` set its URL)."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    yield engine
    engine.dispose()


def _guanghui(engine) -> tuple[int, list]:
    with Session(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.name_zh == "广汇小区")).one()
        programme_id = session.exec(select(Programme.id).where(Programme.key == "p2023")).one()
        rows = list_work_items(session, site_id=site_id, programme_id=programme_id)
    return site_id, rows


def _open(app, **params):
    at = app.run()
    at.switch_page(PAGE)
    for name, value in params.items():
        at.query_params[name] = str(value)
    at.run()
    assert not at.exception
    return at


def _edit_and_save(at, edited_rows, label=SAVE):
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": edited_rows,
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


def _item(engine, item_id) -> WorkItem:
    with Session(engine) as session:
        return session.get(WorkItem, item_id)


def _audit(engine) -> list[AuditEntry]:
    with Session(engine) as session:
        return list(session.exec(select(AuditEntry).where(AuditEntry.entity == "work_item")).all())


def test_the_editor_shows_guanghuis_items_with_chinese_headers(app, db):
    site_id, rows = _guanghui(db)
    at = _open(app, site=site_id)
    assert [s.value.name("zh") for s in at.selectbox if s.label == "小区 / 工程"] == ["广汇小区"]
    table = at.data_editor[0].value
    assert list(table["scope"]) == [row.scope_name_zh for row in rows]
    assert list(table["scope"]) == ["给水主管", "排水主管", "供热主管", "停车位", "路灯"]
    assert list(table["planned_quantity"]) == [row.planned_quantity for row in rows]
    columns = json.loads(at.data_editor[0].proto.columns)
    assert columns["planned_quantity"]["label"] == "计划工程量"
    assert columns["status"]["label"] == "状态"
    assert at.data_editor[0].editing_mode == "fixed"
    assert "工程项目编辑" in page_text(at)


def test_a_building_link_opens_that_buildings_items_in_english(app, db):
    site_id, _ = _guanghui(db)
    with Session(db) as session:
        building = session.exec(
            select(Building).where(Building.site_id == site_id, Building.number == "2")
        ).one()
    at = app.run()
    at.sidebar.radio[0].set_value("en").run()
    at.switch_page(PAGE)
    at.query_params["building"] = str(building.id)
    at.run()
    assert not at.exception
    assert {s.label: s.value for s in at.selectbox}["Building"].number == "2"
    table = at.data_editor[0].value
    assert list(table["scope"]) == [
        "Roof waterproofing",
        "External wall insulation",
        "Facade coating and paint",
    ]
    assert json.loads(at.data_editor[0].proto.columns)["planned_quantity"]["label"] == (
        "Planned quantity"
    )


def test_choosing_the_site_by_name(app, db):
    at = _open(app)
    programme = next(s for s in at.selectbox if s.label == "改造计划")
    programme.select(next(o for o in programme.options if "2023年老旧小区改造" in o)).run()
    site = next(s for s in at.selectbox if s.label == "小区 / 工程")
    site.select("广汇小区").run()
    assert not at.exception
    assert list(at.data_editor[0].value["scope"])[:2] == ["给水主管", "排水主管"]


def test_an_edit_is_saved_with_version_and_audit(app, db):
    site_id, rows = _guanghui(db)
    at = _open(app, site=site_id)
    assert "操作人：staff_wang" in page_text(at)  # the logged-in user, not a typed name
    water, lights = rows[0], rows[4]
    first_key = at.data_editor[0].key
    _edit_and_save(
        at,
        {0: {"planned_quantity": water.planned_quantity + 1}, 4: {"contractor": "乙公司"}},
    )
    assert at.success[0].value == "已保存 2 个项目的修改。"
    assert not at.error
    saved = _item(db, water.id)
    assert (saved.planned_quantity, saved.version) == (water.planned_quantity + 1, 2)
    assert (_item(db, lights.id).contractor, _item(db, lights.id).version) == ("乙公司", 2)
    assert {(e.actor, e.action, e.entity_id) for e in _audit(db)} == {
        ("staff_wang", "update", water.id),
        ("staff_wang", "update", lights.id),
    }
    # The table is reloaded from the database into a fresh editor, with the new versions.
    assert at.data_editor[0].key != first_key
    assert at.data_editor[0].value["planned_quantity"][0] == water.planned_quantity + 1
    _edit_and_save(at, {0: {"contractor": "丙公司"}})  # a second save from the same page
    assert _item(db, water.id).version == 3


def test_completed_above_planned_asks_for_a_reason_then_saves_it_in_the_audit(app, db):
    site_id, rows = _guanghui(db)
    at = _open(app, site=site_id)
    edit = {1: {"completed_quantity": rows[1].planned_quantity + 50}}
    _edit_and_save(at, edit)
    warnings = [shown(w.value) for w in at.warning]
    assert any("「排水主管」的已完成工程量" in w and "超过计划工程量" in w for w in warnings)
    assert not at.success and _item(db, rows[1].id).version == 1  # nothing saved yet
    assert at.data_editor[0].value is not None  # the table keeps the edit
    # Without the box ticked: refused again, still nothing saved.
    _edit_and_save(at, edit, label="确认并保存")
    assert any("请勾选确认" in shown(e.value) for e in at.error)
    next(c for c in at.checkbox if c.label == "我已核实，确认保存").check()
    next(t for t in at.text_input if t.label.startswith("原因")).input("增补雨水支管")
    _edit_and_save(at, edit, label="确认并保存")
    assert at.success
    assert _item(db, rows[1].id).completed_quantity == rows[1].planned_quantity + 50
    assert [e.note for e in _audit(db)] == ["增补雨水支管"]


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        ({"planned_quantity": -5}, "「给水主管」的计划工程量不能为负数"),
        ({"completed_quantity": "abc"}, "「给水主管」的已完成工程量必须是数字"),
        ({"planned_end": "2000-01-01"}, "「给水主管」的计划完工（2000-01-01）早于计划开工"),
        ({"status": "finished"}, "「给水主管」的状态「finished」无效"),
    ],
)
def test_an_invalid_edit_shows_the_error_and_changes_nothing(app, db, edit, expected):
    site_id, rows = _guanghui(db)
    at = _open(app, site=site_id)
    _edit_and_save(at, {0: edit, 2: {"contractor": "乙公司"}})  # one valid, one refused row
    errors = [shown(e.value) for e in at.error]
    assert errors[0] == "未保存任何修改，请先处理以下问题："
    assert any(error.startswith(expected) for error in errors), errors
    assert not at.success
    assert _item(db, rows[0].id).version == 1
    assert (_item(db, rows[2].id).contractor, _item(db, rows[2].id).version) == (
        rows[2].contractor,
        1,
    )
    assert _audit(db) == []


def test_errors_follow_the_language(app, db):
    site_id, rows = _guanghui(db)
    at = app.run()
    at.sidebar.radio[0].set_value("en").run()
    at.switch_page(PAGE)
    at.query_params["site"] = str(site_id)
    at.run()
    _edit_and_save(at, {0: {"planned_quantity": -5}}, label=SAVE_EN)
    assert "Water supply mains: Planned quantity cannot be negative (entered: -5)." in [
        shown(e.value) for e in at.error
    ]
    assert _item(db, rows[0].id).version == 1


def test_a_conflicting_save_is_refused_and_keeps_the_other_users_change(app, db):
    site_id, rows = _guanghui(db)
    at = _open(app, site=site_id)  # the page loads version 1 of every item
    with session_scope(db) as session:  # a colleague saves the heating main meanwhile
        save_changes(session, [WorkItemChange(rows[2], {"contractor": "李工的单位"})], actor="李工")
    _edit_and_save(at, {0: {"contractor": "乙公司"}, 2: {"contractor": "丁公司"}})
    errors = [shown(e.value) for e in at.error]
    assert any("「供热主管」在您载入后已被其他用户修改" in e for e in errors), errors
    assert not at.success
    heating = _item(db, rows[2].id)
    assert (heating.contractor, heating.version) == ("李工的单位", 2)
    assert _item(db, rows[0].id).contractor == rows[0].contractor  # nothing of this save
    assert [e.actor for e in _audit(db)] == ["李工"]
    # Reloading shows the colleague's value; saving again then works.
    next(b for b in at.button if b.label == "放弃修改并重新载入").click().run()
    assert at.data_editor[0].value["contractor"][2] == "李工的单位"
    _edit_and_save(at, {2: {"contractor": "丁公司"}})
    assert at.success and (
        _item(db, rows[2].id).contractor,
        _item(db, rows[2].id).version,
    ) == ("丁公司", 3)


def test_adding_an_item_from_the_catalogue(app, db):
    site_id, rows = _guanghui(db)
    at = _open(app, site=site_id)
    scope = next(s for s in at.selectbox if s.label == "改造内容")
    assert "屋面防水（m²）" not in scope.options  # building-level: not offered for the site
    assert "路灯（套）" not in scope.options  # already an item
    scope.select("小区道路修复（m²）")
    next(t for t in at.text_input if t.label == "计划工程量").input("1,200 m²")
    at.number_input[0].set_value(85.0)
    next(b for b in at.button if b.label == "添加").click().run()
    assert not at.exception
    assert at.success[0].value == "已添加「小区道路修复（m²）」。"
    assert list(at.data_editor[0].value["scope"])[-1] == "小区道路修复"
    with Session(db) as session:
        added = session.exec(
            select(WorkItem).where(WorkItem.site_id == site_id).order_by(WorkItem.id.desc())
        ).first()
    assert (added.planned_quantity, added.unit_rate, added.building_id) == (1200, 85, None)
    assert [(e.action, e.entity_id, e.actor) for e in _audit(db)] == [
        ("create", added.id, "staff_wang")
    ]


def test_adding_an_elevator_asks_for_its_unit(app, db):
    site_id, _ = _guanghui(db)
    with Session(db) as session:
        building = session.exec(
            select(Building).where(Building.site_id == site_id, Building.number == "2")
        ).one()
    at = _open(app, site=site_id, building=building.id)
    unit = next(t for t in at.text_input if t.label.startswith("单元"))
    next(s for s in at.selectbox if s.label == "改造内容").select("加装电梯（部）")
    next(t for t in at.text_input if t.label == "计划工程量").input("1")
    next(b for b in at.button if b.label == "添加").click().run()
    assert "请填写单元" in at.error[0].value  # refused: no 单元 named
    unit = next(t for t in at.text_input if t.label.startswith("单元"))
    unit.input("2")
    next(s for s in at.selectbox if s.label == "改造内容").select("加装电梯（部）")
    next(b for b in at.button if b.label == "添加").click().run()
    assert not at.exception and not at.error
    assert list(at.data_editor[0].value["scope"])[-1] == "加装电梯 · 2单元"
    with Session(db) as session:
        added = session.exec(select(WorkItem).order_by(WorkItem.id.desc())).first()
    assert (added.building_id, added.unit_number) == (building.id, "2")


def test_adding_waits_while_the_table_has_unsaved_edits(app, db):
    site_id, _ = _guanghui(db)
    at = _open(app, site=site_id)
    editor = at.data_editor[0]
    at.session_state[editor.key] = {
        "edited_rows": {0: {"contractor": "乙公司"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert "请先保存或放弃" in page_text(at)
    assert not [b for b in at.button if b.label == "添加"]


def _elevator_item(*, passed_vote: bool) -> tuple[int, int, int]:
    """An elevator retrofit (改建: needs the owners' vote) in 2024-A building 1, 单元 3."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        building = session.exec(
            select(Building)
            .join(Site, Site.id == Building.site_id)
            .where(Site.key == "c2024_01", Building.number == "1")
        ).one()
        programme = session.exec(select(Programme).where(Programme.key == "p2024")).one()
        # An elevator retrofit is one 单元's: its owners' vote clears it (issue #12).
        new = wi.NewWorkItem(
            programme.id, building.site_id, building.id, "elevator_retrofit", 1, unit_number="3"
        )
        item_id = wi.add_work_item(session, new, actor="tester").item_id
        if passed_vote:  # 12 of 14 owners took part, 10 of them agreed; by area likewise
            counts = consent.VoteCounts(
                Decimal("980.00"), 14, Decimal("840.00"), 12, Decimal("700.00"), 10
            )
            vote = consent.NewConsentVote(
                site_id=building.site_id,
                building_id=building.id,
                unit_number="3",
                matter="rebuild",
                title="3单元加装电梯",
                counts=counts,
                work_item_id=item_id,
            )
            consent.record_vote(session, vote, actor="tester")
        session.commit()
        ids = (item_id, building.site_id, building.id)
    engine.dispose()
    return ids


def test_elevator_retrofit_without_a_vote_shows_as_blocked(app):
    _item_id, site_id, building_id = _elevator_item(passed_vote=False)
    at = _open(app, site=site_id, building=building_id)
    blocked = [w.value for w in at.warning if w.value.startswith("加装电梯 · ")]
    assert len(blocked) == 1 and "须经业主表决" in blocked[0]


def test_elevator_retrofit_with_its_vote_passed_is_not_blocked(app):
    _item_id, site_id, building_id = _elevator_item(passed_vote=True)
    at = _open(app, site=site_id, building=building_id)
    assert not [w.value for w in at.warning if w.value.startswith("加装电梯 · ")]


def test_a_pipe_size_edited_in_the_table_and_a_second_size_added(app, db):
    """The DN column shows each pipe's size; a size from another pipe's list is refused with
    that pipe's sizes; a second heating main of another DN can be added (one per DN)."""
    site_id, rows = _guanghui(db)
    at = _open(app, site=site_id)
    heating = next(i for i, r in enumerate(rows) if r.scope_key == "heating_main")
    assert at.data_editor[0].value["pipe_dn"][heating] == f"DN{rows[heating].pipe_dn}"
    _edit_and_save(at, {heating: {"pipe_dn": "DN400"}})  # a drainage size
    errors = [shown(e.value) for e in at.error]
    assert any("「供热主管」的管径（DN）「DN400」不在可选管径中" in e for e in errors), errors
    assert _item(db, rows[heating].id).pipe_dn == rows[heating].pipe_dn
    _edit_and_save(at, {heating: {"pipe_dn": "DN150"}})
    assert _item(db, rows[heating].id).pipe_dn == 150
    scope = next(s for s in at.selectbox if s.label == "改造内容")
    scope.select("供热主管（m）")  # still offered: a pipe may have an item per size
    next(t for t in at.text_input if t.label == "计划工程量").input("300")
    next(t for t in at.text_input if t.label.startswith("管径")).input("DN80")
    next(b for b in at.button if b.label == "添加").click().run()
    assert not at.exception and at.success[0].value == "已添加「供热主管（m）」。"
    assert sorted(at.data_editor[0].value["pipe_dn"].dropna()).count("DN80") == 1


def test_another_building_drops_the_question_asked_about_the_first(app, db):
    site_id, _ = _guanghui(db)
    with Session(db) as session:
        buildings = {
            b.number: b
            for b in session.exec(select(Building).where(Building.site_id == site_id)).all()
        }
    at = _open(app, building=buildings["1"].id)
    _edit_and_save(at, {0: {"completed_quantity": 99999}})
    assert any("超过计划工程量" in shown(w.value) for w in at.warning)
    building = next(s for s in at.selectbox if s.label == "楼栋")
    building.select(next(o for o in building.options if o.startswith("3号楼"))).run()
    assert not at.exception
    assert not any("超过计划工程量" in shown(w.value) for w in at.warning)
    assert not any(c.label == "我已核实，确认保存" for c in at.checkbox)
    _edit_and_save(at, {0: {"contractor": "乙公司"}})  # a plain edit: saved at once
    assert at.success and not at.error
