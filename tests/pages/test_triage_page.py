"""AppTest of the triage page: categorise, answer, adopt and link a work item."""

from __future__ import annotations

import os

from sqlmodel import Session, select

from db.models import ScopeType, Site, Suggestion, WorkItem
from db.session import make_engine
from tests.pages.conftest import shown

TRIAGE_PAGE = "pages/suggestion_triage.py"


def _query(query, *, one=True):
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        result = session.exec(query)
        found = result.one() if one else result.all()
    engine.dispose()
    return found


def test_triage_page_adopts_a_suggestion_and_links_its_work_item(app):
    at = app.run()
    at.switch_page(TRIAGE_PAGE).run()
    assert not at.exception
    assert at.subheader[0].value == "待处理队列（256 条）"
    at.radio(key="tr_order").set_value("oldest").run()
    xinhua = _query(select(Site.id).where(Site.name_zh == "新华路"))
    at.selectbox(key="tr_site").set_value(xinhua).run()
    picked = at.selectbox(key="tr_pick").value
    key = f"tr_{picked}"
    assert at.selectbox(key=f"{key}_category").value == "bus_stop"
    at.selectbox(key=f"{key}_category").set_value("road").run()
    at.selectbox(key=f"{key}_status").set_value("adopted").run()
    at.text_area(key=f"{key}_answer").input("已采纳：纳入交通及附属设施。").run()
    at.radio(key=f"{key}_link").set_value("existing").run()
    traffic = _query(
        select(WorkItem.id)
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .where(WorkItem.site_id == xinhua, ScopeType.key == "traffic_facilities")
    )
    at.selectbox(key=f"{key}_item").set_value(traffic).run()
    at.button(key=f"{key}_save").click().run()
    assert not at.exception
    assert shown(at.success[0].value) == f"已保存建议 #{picked}。"
    saved = _query(select(Suggestion).where(Suggestion.id == picked))
    assert (saved.category, saved.status, saved.work_item_id) == ("road", "adopted", traffic)
    assert saved.public_answer == "已采纳：纳入交通及附属设施。"
    assert at.subheader[0].value == "待处理队列（255 条）"  # decided: out of the open queue


def test_triage_page_refuses_a_decision_without_an_answer(app):
    at = app.run()
    at.switch_page(TRIAGE_PAGE).run()
    picked = at.selectbox(key="tr_pick").value
    at.selectbox(key=f"tr_{picked}_status").set_value("not_adopted").run()
    at.button(key=f"tr_{picked}_save").click().run()
    assert not at.exception
    errors = [shown(e.value) for e in at.error]  # "not saved", then each reason on its own
    assert errors[0] == "未保存："
    assert "作出决定（采纳或不采纳）时须填写公开答复。" in errors[1:]
    assert _query(select(Suggestion.status).where(Suggestion.id == picked)) == "evaluating"


def test_triage_page_can_create_the_work_item(app):
    at = app.run()
    at.switch_page(TRIAGE_PAGE).run()
    at.radio(key="tr_order").set_value("oldest").run()
    picked = at.selectbox(key="tr_pick").value
    key = f"tr_{picked}"
    at.selectbox(key=f"{key}_status").set_value("adopted").run()
    at.text_area(key=f"{key}_answer").input("已采纳。").run()
    at.radio(key=f"{key}_link").set_value("new").run()
    at.number_input(key=f"{key}_qty").set_value(3.0).run()
    scope = at.selectbox(key=f"{key}_scope").value
    at.button(key=f"{key}_save").click().run()
    assert not at.exception, at.exception
    saved = _query(select(Suggestion).where(Suggestion.id == picked))
    item = _query(select(WorkItem).where(WorkItem.id == saved.work_item_id))
    assert item.planned_quantity == 3.0
    assert _query(select(ScopeType.key).where(ScopeType.id == item.scope_type_id)) == scope.key


def test_staff_filter_the_queue_by_the_work_a_report_is_about(app):
    from planner.portal.actions import submit_feedback
    from planner.portal.feedback import Feedback

    guanghui = _query(select(Site.id).where(Site.key == "c2023_01"))
    lights, roof = (
        _query(
            select(WorkItem.id)
            .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
            .where(WorkItem.site_id == guanghui, ScopeType.key == key)
            .order_by(WorkItem.id),
            one=False,
        )[0]
        for key in ("street_lights", "roof_waterproofing")
    )
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    for text, work in (("新装的路灯不亮了，请维修。", lights), ("屋顶又漏水了，请来看看。", roof)):
        submit_feedback(engine, Feedback(guanghui, text, work_item_id=work), client="192.0.2.5")
    submit_feedback(engine, Feedback(guanghui, "小区门口太暗，建议加灯。"), client="192.0.2.6")
    engine.dispose()

    at = app.run()
    at.switch_page(TRIAGE_PAGE).run()
    at.selectbox(key="tr_site").set_value(guanghui).run()
    assert at.subheader[0].value == "待处理队列（3 条）"
    at.selectbox(key="tr_wk").set_value(lights).run()
    assert not at.exception
    assert at.subheader[0].value == "待处理队列（1 条）"
    table = at.dataframe[0].value
    assert list(table["内容"]) == ["新装的路灯不亮了，请维修。"]
    assert list(table["反映的工程"]) == ["路灯"]
