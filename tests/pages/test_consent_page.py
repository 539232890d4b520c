"""AppTest of the consent page: the sample votes, a blocked elevator retrofit, recording a vote."""

from __future__ import annotations

import os
from decimal import Decimal

from sqlmodel import Session, select

from db.models import Building, ConsentVote, Programme, Site, WorkItem
from db.session import make_engine
from planner.surveys import consent
from planner.works import items as wi
from tests.pages.conftest import page_text

CONSENT_PAGE = "pages/consent_votes.py"


def _add_elevator_with_failed_vote() -> tuple[int, int, int]:
    """In the test's database: an elevator retrofit in 2024-A building 1 and a failed vote."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        building = session.exec(
            select(Building)
            .join(Site, Site.id == Building.site_id)
            .where(Site.key == "c2024_01", Building.number == "1")
        ).one()
        programme = session.exec(select(Programme).where(Programme.key == "p2024")).one()
        new = wi.NewWorkItem(
            programme.id, building.site_id, building.id, "elevator_retrofit", 1, unit_number="3"
        )
        item_id = wi.add_work_item(session, new, actor="tester").item_id
        consent.record_vote(
            session,
            consent.NewConsentVote(
                site_id=building.site_id,
                building_id=building.id,
                unit_number="3",
                matter="rebuild",
                title="3单元加装电梯",
                counts=consent.VoteCounts(
                    Decimal("980.00"), 14, Decimal("840.00"), 12, Decimal("560.00"), 8
                ),
                work_item_id=item_id,
            ),
            actor="tester",
        )
        session.commit()
        ids = (item_id, building.site_id, building.id)
    engine.dispose()
    return ids


def test_consent_page_lists_the_sample_votes_with_their_results(app):
    at = app.run()
    at.switch_page(CONSENT_PAGE).run()
    assert not at.exception
    assert "民法典 第二百七十八条" in page_text(at)
    assert "目前没有需要业主表决的工程项目" in page_text(at)
    votes = at.dataframe[0].value
    xiyu = votes[votes["小区"] == "西域花园"]
    assert list(xiyu["结果"]) == ["表决通过"]
    assert list(xiyu["同意（人数 / 面积，占全体）"]) == ["89% / 89%"]
    assert list(xiyu["征询轮次"]) == [3]
    unit1 = votes[votes["位置"] == "1号楼1单元"]
    assert list(unit1["结果"])[0].startswith("表决未通过：同意人数 66.7%（8 / 12 人）")


def test_consent_page_shows_a_blocked_elevator_retrofit(app):
    item_id, _, _ = _add_elevator_with_failed_vote()
    at = app.run()
    at.switch_page(CONSENT_PAGE).run()
    assert not at.exception
    assert at.warning[0].value == "1 个工程项目因未获业主表决通过而暂停。"
    items = at.dataframe[0].value
    assert list(items["工程项目"]) == ["加装电梯"]
    assert list(items["状态"]) == ["暂停"]
    detail = list(items["说明"])[0]
    assert detail.startswith("暂停：业主表决未通过（改建、重建建筑物及其附属设施）。")
    assert "3单元：" in detail and "同意人数 66.7%（8 / 12 人），需 ≥ 3/4：未通过" in detail


def test_recording_a_passing_vote_on_the_page_clears_the_item(app):
    item_id, site_id, building_id = _add_elevator_with_failed_vote()
    at = app.run()
    at.switch_page(CONSENT_PAGE).run()
    at.selectbox(key="cv_site").set_value(site_id).run()
    at.selectbox(key=f"cv_building_{site_id}").set_value(building_id).run()
    at.text_input(key="cv_unit").input("3").run()
    at.selectbox(key="cv_matter").set_value("rebuild").run()
    at.text_input(key="cv_title").input("3单元加装电梯（再次表决）").run()
    at.selectbox(key=f"cv_item_{site_id}").set_value(item_id).run()
    for name, value in (("owners", 980.0), ("participants", 910.0), ("consenting", 770.0)):
        at.number_input(key=f"cv_{name}_area").set_value(value).run()
    for name, value in (("owners", 14), ("participants", 13), ("consenting", 11)):
        at.number_input(key=f"cv_{name}_count").set_value(value).run()
    at.button(key="cv_submit").click().run()
    assert not at.exception
    assert at.success[0].value == "已保存：表决通过"
    assert "可以开工" in list(at.dataframe[0].value["状态"])
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        vote = session.exec(
            select(ConsentVote)
            .where(ConsentVote.unit_number == "3")
            .order_by(ConsentVote.id.desc())
        ).first()
        assert vote.work_item_id == item_id and vote.participants_area_m2 == Decimal("910.00")
        assert session.get(WorkItem, item_id) is not None
    engine.dispose()


def test_consent_page_refuses_an_impossible_vote(app):
    at = app.run()
    at.switch_page(CONSENT_PAGE).run()
    at.text_input(key="cv_title").input("测试").run()
    at.number_input(key="cv_owners_area").set_value(100.0).run()
    at.number_input(key="cv_owners_count").set_value(10).run()
    at.number_input(key="cv_participants_count").set_value(11).run()
    at.button(key="cv_submit").click().run()
    assert not at.exception
    errors = [e.value for e in at.error]  # "not saved", then each reason on its own
    assert errors[0] == "未保存："
    assert "参与表决的面积或人数不能超过业主总数。" in errors[1:]
