"""The schedule page: a Gantt chart of the 2023 programme, a site's items, climate conflicts."""

from __future__ import annotations

import json
import os
from datetime import date

from sqlmodel import Session, select

from db.models import Programme, ScopeType, Site, WorkItem
from db.session import make_engine
from tests.pages.conftest import page_text

SCHEDULE_PAGE = "pages/schedule.py"


def _chart(at) -> dict:
    """The figure of the page's only plotly chart."""
    [chart] = at.get("plotly_chart")
    return json.loads(chart.proto.spec)


def _bars(figure: dict, name: str) -> dict:
    return next(trace for trace in figure["data"] if trace["name"] == name and trace.get("y"))


def _edit_copied_database(edit) -> None:
    """Run ``edit(session)`` on the test's copy of the database, then commit."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        edit(session)
        session.commit()
    engine.dispose()


def _id_of(query) -> int:
    """The one id ``query`` selects in the test's copy of the database."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        found = session.exec(query).one()
    engine.dispose()
    return found


def _move_guanghui_heating_main_to_november(session: Session) -> None:
    work = session.exec(
        select(WorkItem)
        .join(ScopeType, ScopeType.id == WorkItem.scope_type_id)
        .join(Site, Site.id == WorkItem.site_id)
        .where(ScopeType.key == "heating_main", Site.name_zh == "广汇小区")
    ).one()
    work.planned_start, work.planned_end = date(2023, 11, 1), date(2023, 11, 20)
    work.actual_start, work.actual_end = date(2023, 11, 2), date(2023, 11, 22)
    session.add(work)


def _open_2023(at):
    """Open the schedule and choose the 2023 compound programme (the page opens on the newest
    programme with works begun, which is 2024's in the sample)."""
    at.switch_page(SCHEDULE_PAGE).run()
    at.selectbox[0].set_value(_id_of(select(Programme.id).where(Programme.key == "p2023"))).run()
    return at


def test_the_page_opens_on_the_newest_programme_with_works_begun(app):
    at = app.run()
    at.switch_page(SCHEDULE_PAGE).run()
    assert not at.exception
    p2024 = _id_of(select(Programme.id).where(Programme.key == "p2024"))
    assert at.selectbox[0].value == p2024


def test_schedule_of_2023_shows_every_compound_and_no_conflict(app):
    at = app.run()
    _open_2023(at)
    assert not at.exception
    assert at.selectbox[0].value is not None
    assert "2023年老旧小区改造" in at.selectbox[0].format_func(at.selectbox[0].value)
    figure = _chart(at)
    assert "各小区计划与实际工期" in figure["layout"]["title"]["text"]
    planned, actual = _bars(figure, "计划"), _bars(figure, "实际")
    assert len(planned["y"]) == len(actual["y"]) == 19
    assert "广汇小区" in figure["layout"]["yaxis"]["ticktext"]
    assert not any(label.startswith("⚠") for label in figure["layout"]["yaxis"]["ticktext"])
    assert "未发现与气候规则冲突的工期" in [s.value for s in at.success][0]
    assert "供暖期（10月15日至次年4月15日）" in page_text(at)
    assert not at.dataframe


def test_choosing_a_site_shows_its_work_items(app):
    at = app.run()
    _open_2023(at)
    guanghui = _id_of(select(Site.id).where(Site.name_zh == "广汇小区"))
    assert at.selectbox[1].value is None  # all sites
    assert "广汇小区" in at.selectbox[1].options
    at.selectbox[1].set_value(guanghui).run()
    assert not at.exception
    figure = _chart(at)
    assert figure["layout"]["title"]["text"].startswith("广汇小区")
    labels = figure["layout"]["yaxis"]["ticktext"]
    assert "供热主管" in labels
    assert "1号楼 · 屋面防水" in labels
    assert len(_bars(figure, "计划")["y"]) == len(labels) > 19


def test_a_heating_main_moved_to_november_shows_in_the_conflict_table(app):
    _edit_copied_database(_move_guanghui_heating_main_to_november)
    at = app.run()
    _open_2023(at)
    assert not at.exception
    # Planned and actual dates, each in the heating season and in 冬期施工 (a trench in
    # frozen ground).
    assert "发现 4 处" in at.warning[0].value
    table = at.dataframe[0].value
    assert list(table["工程项目"]) == ["广汇小区 · 供热主管"] * 4
    assert list(table["日期类型"]) == ["计划", "计划", "实际", "实际"]
    assert list(table["冲突天数"]) == [20, 20, 21, 21]
    assert set(table["违反的规则"]) == {
        "供暖期内（供暖期：10月15日至次年4月15日）",
        "冬期施工（10月30日至次年3月21日）",
    }
    figure = _chart(at)
    assert "⚠ 广汇小区" in figure["layout"]["yaxis"]["ticktext"]
    outline = [t for t in figure["data"] if t["name"] == "与气候规则冲突" and t.get("y")]
    assert len(outline) == 2  # the planned and the actual bar


def test_conflicts_read_in_english(app):
    _edit_copied_database(_move_guanghui_heating_main_to_november)
    at = app.run()
    at.sidebar.radio[0].set_value("en").run()
    _open_2023(at)
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["Work item"])[0] == "Guanghui Compound · Heating mains"
    assert list(table["Rule broken"])[0] == "In the heating season (15 October to 15 April)"
    assert _chart(at)["layout"]["title"]["text"].startswith("2023 old-compound renovation")


def test_a_programme_without_dates_says_so(app):
    def undate_2024(session: Session) -> None:
        p2024 = session.exec(select(Programme.id).where(Programme.key == "p2024")).one()
        for work in session.exec(select(WorkItem).where(WorkItem.programme_id == p2024)).all():
            work.planned_start = work.planned_end = work.actual_start = work.actual_end = None
            session.add(work)

    _edit_copied_database(undate_2024)
    at = app.run()
    at.switch_page(SCHEDULE_PAGE).run()
    at.selectbox[0].set_value(_id_of(select(Programme.id).where(Programme.key == "p2024"))).run()
    assert not at.exception
    assert "该计划尚无带日期的工程" in page_text(at)
    assert not at.get("plotly_chart")


def test_the_chosen_site_survives_a_language_switch(app):
    at = app.run()
    _open_2023(at)
    guanghui = _id_of(select(Site.id).where(Site.name_zh == "广汇小区"))
    at.selectbox[1].set_value(guanghui).run()
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.selectbox[1].value == guanghui
    assert "Guanghui Compound" in at.selectbox[1].options
    assert _chart(at)["layout"]["title"]["text"].startswith("Guanghui Compound: planned")


def test_the_chosen_programme_survives_a_language_switch(app):
    at = app.run()
    at.switch_page(SCHEDULE_PAGE).run()
    p2023 = _id_of(select(Programme.id).where(Programme.key == "p2023"))
    at.selectbox[0].set_value(p2023).run()  # not the page's default
    at.sidebar.radio[0].set_value("en").run()
    assert not at.exception
    assert at.selectbox[0].value == p2023
    assert _chart(at)["layout"]["title"]["text"].startswith("2023 old-compound renovation")
