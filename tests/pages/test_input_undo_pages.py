"""The works editor as a new user tries it (issue #20): 99,999 m² on 10号楼's 787 m² roof asks
for a reason, "-5" is refused as typed and stays in the form, a mistaken item is withdrawn and
restored from the page."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from db.models import AuditEntry, Building, Programme, ScopeType, Site, WorkItem
from db.session import make_engine
from tests.pages.conftest import shown

PAGE = "pages/work_items_editor.py"


@pytest.fixture
def db():
    """An engine on the app's database (the fixture ``app`` set its URL)."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    yield engine
    engine.dispose()


def _building_10(engine) -> tuple[int, int]:
    with Session(engine) as session:
        site_id = session.exec(select(Site.id).where(Site.key == "c2023_01")).one()
        building_id = session.exec(
            select(Building.id).where(Building.site_id == site_id, Building.number == "21")
        ).one()
    return site_id, building_id


def _open(app, **params):
    at = app.run()
    at.switch_page(PAGE)
    for name, value in params.items():
        at.query_params[name] = str(value)
    at.run()
    assert not at.exception
    return at


def _click(at, label):
    next(b for b in at.button if b.label == label).click().run()
    assert not at.exception
    return at


def _roof(db, building_id) -> WorkItem:
    with Session(db) as session:
        return session.exec(
            select(WorkItem)
            .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
            .join(Programme, Programme.id == WorkItem.programme_id)
            .where(
                WorkItem.building_id == building_id,
                ScopeType.key == "roof_waterproofing",
                Programme.key == "p2023",
            )
        ).one()


def test_99999_square_metres_on_a_787_roof_asks_for_a_reason(app, db):
    site_id, building_id = _building_10(db)
    at = _open(app, site=site_id, building=building_id)
    roof = _roof(db, building_id)
    edit = {"edited_rows": {0: {"planned_quantity": 99999}}, "added_rows": [], "deleted_rows": []}
    at.session_state[at.data_editor[0].key] = edit
    _click(at, "保存修改")
    warnings = [shown(w.value) for w in at.warning]
    assert any("99,999" in w and "761" in w and "±25%" in w for w in warnings), warnings
    assert _roof(db, building_id).version == roof.version  # nothing saved yet
    next(c for c in at.checkbox if c.label == "我已核实，确认保存").check()
    next(t for t in at.text_input if t.label.startswith("原因")).input("含地下车库顶板防水")
    at.session_state[at.data_editor[0].key] = edit
    _click(at, "确认并保存")
    assert at.success and _roof(db, building_id).planned_quantity == 99999
    with Session(db) as session:
        entry = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "work_item", AuditEntry.entity_id == roof.id
            )
        ).one()
    assert entry.note == "含地下车库顶板防水"


def test_minus_five_is_refused_beside_the_field_and_stays_typed(app, db):
    site_id, _ = _building_10(db)
    at = _open(app, site=site_id)
    next(s for s in at.selectbox if s.label == "改造内容").select("小区道路修复（m²）")
    next(t for t in at.text_input if t.label == "计划工程量").input("-5")
    _click(at, "添加")
    errors = [shown(e.value) for e in at.error]
    assert any("不能为负数（填写的是：-5）" in e for e in errors), errors
    assert next(t for t in at.text_input if t.label == "计划工程量").value == "-5"
    with Session(db) as session:
        assert session.exec(select(AuditEntry).where(AuditEntry.entity == "work_item")).all() == []


def test_a_mistaken_item_is_withdrawn_and_restored_from_the_page(app, db):
    site_id, building_id = _building_10(db)
    at = _open(app, site=site_id, building=building_id)
    assert list(at.data_editor[0].value["scope"])[0] == "屋面防水"
    withdraw = next(s for s in at.selectbox if s.label == "要撤回的项目")
    withdraw.select(withdraw.options[0])
    next(t for t in at.text_input if t.label.startswith("原因") and t.key is None).input("录错楼栋")
    _click(at, "撤回项目")
    assert "已撤回「屋面防水」" in at.success[0].value
    assert "屋面防水" not in list(at.data_editor[0].value["scope"])
    withdrawn_at = _roof(db, building_id).withdrawn_at  # stored in UTC
    assert withdrawn_at is not None
    # Shown in the city's time (UTC+8), as the audit log shows it, not the stored UTC.
    city = (withdrawn_at.replace(tzinfo=None) + timedelta(hours=8)).strftime("%Y-%m-%d %H:%M")
    assert any(f"撤回于 {city}" in shown(m.value) for m in at.markdown)
    _click(at, "恢复")
    assert "已恢复「屋面防水」" in at.success[0].value
    assert list(at.data_editor[0].value["scope"])[0] == "屋面防水"
    with Session(db) as session:
        actions = session.exec(
            select(AuditEntry.action, AuditEntry.note).where(AuditEntry.entity == "work_item")
        ).all()
    assert actions == [("withdraw", "录错楼栋"), ("restore", "")]
