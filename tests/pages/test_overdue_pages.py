"""Time on the staff pages: a "today" line on the Gantt, overdue works (逾期) flagged on the
schedule, the dashboard and as a colour mode of the planning map."""

from __future__ import annotations

import json
import os
from datetime import timedelta

from sqlmodel import Session, select

from db.models import Programme, Site, WorkItem
from db.session import make_engine
from maps.planning import data as map_data
from planner.works.overdue import city_today
from tests.pages.conftest import shown
from tests.pages.test_planning_map import _map_component, _payload, _widget

TODAY = city_today()


def _make_one_work_late() -> str:
    """Move a 2024 work to end two days ago, still in progress; its compound's name."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        p2024 = session.exec(select(Programme.id).where(Programme.key == "p2024")).one()
        item = session.exec(
            select(WorkItem).where(WorkItem.programme_id == p2024).order_by(WorkItem.id)
        ).first()
        item.planned_start, item.planned_end = TODAY - timedelta(days=30), TODAY - timedelta(2)
        item.actual_start, item.actual_end = TODAY - timedelta(days=28), None
        item.status = "in_progress"
        session.add(item)
        name = session.get(Site, item.site_id).name_zh
        session.commit()
    engine.dispose()
    return name


def test_the_gantt_draws_today_and_flags_overdue_works(app):
    name = _make_one_work_late()
    at = app.run()
    at.switch_page("pages/schedule.py").run()
    assert not at.exception
    [chart] = at.get("plotly_chart")
    layout = json.loads(chart.proto.spec)["layout"]
    [line] = [s for s in layout["shapes"] if s["type"] == "line"]
    assert line["x0"].startswith(TODAY.isoformat()) and line["line"]["dash"] == "dash"
    assert any(a["text"] == f"今天 {TODAY.isoformat()}" for a in layout["annotations"])
    ticks = layout["yaxis"]["ticktext"]
    assert any(name in tick and "逾期" in tick for tick in ticks)
    overdue = at.dataframe[-1].value
    assert list(overdue.columns) == ["工程", "计划完工", "逾期天数", "状态"]
    late = overdue[overdue["工程"].str.contains(name)]
    assert 2 in set(late["逾期天数"])
    assert any("逾期" in shown(w.value) for w in at.warning)


def test_the_dashboard_counts_overdue_works(app):
    _make_one_work_late()
    at = app.run()
    at.switch_page("pages/dashboard.py").run()
    assert not at.exception
    labels = [shown(e.label) for e in at.expander]
    assert any(label.startswith("逾期工程：") for label in labels)


def test_the_map_colours_places_with_an_overdue_work(app):
    map_data.clear_map_caches()
    _make_one_work_late()
    at = app.run()
    at.switch_page("pages/planning_map.py").run()
    _widget(at, "radio", "着色").set_value("overdue").run()
    assert not at.exception
    payload = _payload(_map_component(at))
    assert payload["legend"]["title"] == "逾期工程"
    assert [row[:2] for row in payload["legend"]["entries"][:2]] == [
        ["o", "有逾期工程"],
        ["t", "无逾期"],
    ]
    assert "o" in payload["sites"]
