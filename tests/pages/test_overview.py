"""The overview page shows the programme's key figures from the database."""

from __future__ import annotations

from tests.pages.conftest import page_text
from tests.report_figures import REPORT_2023


def test_overview_opens_on_the_newest_year_with_works_begun(app):
    at = app.run()
    assert not at.exception
    assert at.selectbox[0].value == 2024  # the sample's 2024 programme has begun


def test_overview_shows_the_2023_report_figures(app):
    at = app.run()
    at.selectbox[0].set_value(2023).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["小区"] == "19"
    assert metrics["住宅楼栋"] == "179"
    assert metrics["涉及居民（户）"] == "6,757"
    table = at.dataframe[0].value
    completed = dict(zip(table["改造内容"], table["已完成"], strict=True))
    assert completed["屋面防水"] == REPORT_2023["completed"]["roof_waterproofing"]
    assert completed["停车位"] == REPORT_2023["completed"]["parking_spaces"]
    assert "示例数据" in page_text(at)


def test_overview_shows_the_years_money_stage_by_stage(app):
    at = app.run()
    at.selectbox[0].set_value(2023).run()
    metrics = {m.label: m.value for m in at.metric}
    assert "投资（元）" in page_text(at)
    # The Σ quantity × rate figure is there only as the 估算, beside the bill's 招标控制价.
    assert metrics["估算（工程量×单价）"].endswith(" 元")
    assert metrics["招标控制价"].endswith(" 元")
    assert metrics["估算（工程量×单价）"] != metrics["招标控制价"]
    assert not [label for label in metrics if "计划投资" in label]


def test_sidebar_offers_chinese_first_then_english(app):
    at = app.run()
    switch = at.sidebar.radio[0]
    assert switch.options == ["中文", "English"]
    assert switch.value == "zh"


def test_overview_switches_to_english(app):
    at = app.run()
    at.selectbox[0].set_value(2023).run()
    at.sidebar.radio[0].set_value("en").run()
    assert at.sidebar.radio[0].value == "en"  # the frame still runs after a rerun
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Compounds"] == "19"
    assert metrics["Households"] == "6,757"
    assert "Roof waterproofing" in list(at.dataframe[0].value["Scope"])
    assert "Sample data" in page_text(at)


def test_overview_of_2024_shows_the_six_buildings_still_to_do(app):
    at = app.run()
    at.selectbox[0].set_value(2023).run()
    at.selectbox[0].set_value(2024).run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["住宅楼栋"] == "6"
    assert metrics["总体进度（按造价加权）"] != "100%"


def test_overview_lists_the_other_2023_works_with_progress(app):
    at = app.run()
    at.selectbox[0].set_value(2023).run()
    others = at.dataframe[1].value
    names = list(others.iloc[:, 0])
    assert any("新华路" in n for n in names)
    assert any("西域花园" in n for n in names)
