"""AppTests of the survey pages: import (upload, preview, confirm), statistics."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from db.models import Site, Suggestion, Survey, SurveyResponse
from db.session import make_engine
from tests.pages.conftest import page_text

IMPORT_PAGE, STATS_PAGE = "pages/survey_import.py", "pages/survey_stats.py"
DATA = Path(__file__).resolve().parents[1] / "data" / "surveys"


def _query(query):
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    with Session(engine) as session:
        found = session.exec(query).one()
    engine.dispose()
    return found


def _survey_id(title: str) -> int:
    return _query(select(Survey.id).where(Survey.title == title))


def _button(at, label):
    return next(b for b in at.button if b.label == label)


def _open_import(app, file_name: str):
    at = app.run()
    at.switch_page(IMPORT_PAGE).run()
    guanghui = _query(select(Site.id).where(Site.name_zh == "广汇小区"))
    at.selectbox(key="si_site").set_value(guanghui).run()
    at.file_uploader(key="si_file").upload(file_name, (DATA / file_name).read_bytes(), "text/csv")
    return at.run()


def test_import_page_previews_and_imports_a_gbk_wenjuanxing_file(app):
    at = _open_import(app, "wjx_gbk.csv")
    assert not at.exception
    assert "6 份答卷" in page_text(at) and "gb18030" in page_text(at)
    assert at.success[0].value == "全部 6 份答卷有效。"
    assert at.selectbox(key=[k for k in at.session_state if str(k).startswith("si_role_")][0])
    preview = at.dataframe[0].value
    assert "来自IP" not in preview.columns and "1、您是否支持本小区改造？" in preview.columns
    assert at.text_input(key="si_title").value == "wjx_gbk"
    _button(at, "确认导入").click().run()
    assert not at.exception
    assert "已导入 6 份答卷（4 条建议）" in at.success[0].value
    assert _query(select(func.count()).select_from(SurveyResponse)) == 730 + 6
    # The same file again, into the survey it created: the page says nothing is new.
    box = at.selectbox(key=next(k for k in at.session_state if str(k).startswith("si_survey_")))
    box.set_value(box.options[0] and _survey_id("wjx_gbk")).run()
    assert "其中 6 份已在数据库中，不会重复导入。" in page_text(at)


def test_import_page_lists_errors_and_imports_only_valid_rows_when_asked(app):
    at = _open_import(app, "bad_values.csv")
    assert not at.exception
    assert at.error[0].value == "发现 4 处问题，整份文件未导入："
    messages = list(at.dataframe[1].value.iloc[:, 1])
    assert (
        messages[0] == "第 3 行，列「是否支持」：无法识别的值「也许吧」（应为支持 / 不支持 / 弃权）"
    )
    assert _button(at, "确认导入").disabled
    at.checkbox(key="si_only_valid").check().run()
    _button(at, "确认导入").click().run()
    assert not at.exception
    assert "已导入 1 份答卷" in at.success[0].value
    assert "跳过的行：3, 4, 5, 6" in at.warning[0].value
    assert _query(select(func.count()).select_from(SurveyResponse)) == 731


def test_import_page_refuses_an_empty_file(app):
    at = _open_import(app, "empty.csv")
    assert not at.exception
    assert at.error[0].value == "文件为空。"
    assert not [b for b in at.button if b.label == "确认导入"]


def test_stats_page_shows_xinhua_road_figures(app):
    at = app.run()
    at.switch_page(STATS_PAGE).run()
    xinhua = _query(select(Site.id).where(Site.name_zh == "新华路"))
    at.selectbox(key="ss_site").set_value(xinhua).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["答卷"] == "730"
    assert metrics["支持率"] == "75.1%"
    assert metrics["意见建议"] == "256"
    assert metrics["采纳率"] == "–"
    assert len(at.get("plotly_chart")) == 3  # two questions and the categories


def test_stats_page_shows_the_adopted_street_lights_of_guanghui(app):
    at = app.run()
    at.switch_page(STATS_PAGE).run()
    guanghui = _query(select(Site.id).where(Site.name_zh == "广汇小区"))
    at.selectbox(key="ss_site").set_value(guanghui).run()
    assert not at.exception
    assert {m.label: m.value for m in at.metric}["采纳率"] == "100.0%"
    links = at.dataframe[-1].value
    assert list(links["工程项目"]) == ["路灯"] and list(links["分类"]) == ["照明"]
    assert (
        _query(select(func.count()).select_from(Suggestion).where(Suggestion.site_id == guanghui))
        == 1
    )


def test_stats_page_by_programme_in_english(app):
    at = app.run()
    at.sidebar.radio[0].set_value("en").run()
    at.switch_page(STATS_PAGE).run()
    at.radio(key="ss_scope").set_value(False).run()
    assert not at.exception
    assert "Responses" in {m.label for m in at.metric}
