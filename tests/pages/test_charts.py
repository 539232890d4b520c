"""The charts pages draw: the schedule's Gantt chart (plotly), built from plain rows."""

from __future__ import annotations

import json

from pages._charts import answers_figure, gantt_figure, progress_figure
from planner.works.dashboard import SiteProgress
from planner.works.schedule import ClimateRules, GanttRow, find_conflicts
from tests.planner.test_schedule import item

RULES = ClimateRules()


# --- The figure -----------------------------------------------------------------------------


def _rows_with_a_conflict() -> list[GanttRow]:
    """An ongoing roofing job that starts in March, and an undated item."""
    roof = item("roof_waterproofing", ("2023-03-20", "2023-05-10"), ("2023-04-02", None), id=7)
    conflicts = tuple(find_conflicts([roof], RULES))
    return [
        GanttRow(
            "item:7", "屋面防水", "Roof", 1, 7, 1, 1, roof.planned, roof.actual, True, conflicts
        ),
        GanttRow("item:8", "未排期", "Undated", 1, 8, 1, 0, None, None, False),
    ]


def test_gantt_figure_draws_planned_and_actual_with_conflicts_outlined():
    fig = gantt_figure(_rows_with_a_conflict(), "zh", rules=RULES, title="测试")
    bars = {trace.name: trace for trace in fig.data if trace.type == "bar" and trace.x}
    assert set(bars) == {"计划", "实际", "与气候规则冲突"}
    planned = bars["计划"]
    assert list(planned.y) == ["item:7"]  # the undated row is left out
    assert planned.base[0] == "2023-03-20"
    assert planned.x[0] == 52 * 86_400_000  # 20 March to 10 May, both days whole
    assert list(bars["实际"].marker.pattern.shape) == ["/"]  # still ongoing
    outline = bars["与气候规则冲突"]
    assert outline.offsetgroup == "planned" and outline.marker.line.color == "#d62728"
    assert list(fig.layout.yaxis.ticktext) == ["⚠ 屋面防水"]
    legend = {trace.name for trace in fig.data if trace.showlegend is not False}
    assert {"供暖期", "非施工季"} <= legend
    assert len(fig.layout.shapes) == 2  # 20–31 March off-season, 20 March – 15 April heating
    json.loads(fig.to_json())  # serialisable for the browser


def test_gantt_figure_speaks_english():
    fig = gantt_figure(_rows_with_a_conflict(), "en", rules=RULES)
    names = {trace.name for trace in fig.data}
    assert {"Planned", "Actual", "Breaks a climate rule", "Heating season"} <= names
    assert list(fig.layout.yaxis.ticktext) == ["⚠ Roof"]


def test_gantt_figure_of_nothing_is_empty():
    fig = gantt_figure([], "zh", rules=RULES)
    assert all(not trace.x for trace in fig.data if trace.type == "bar")
    assert not fig.layout.shapes


# --- Typed text stays text -------------------------------------------------------------------

#: A name as someone might type it: plotly would draw a link, a line break and a red word.
HOSTILE = "<a href='https://evil.example'>点此领奖</a><br><span style='color:red'>楼</span>"


def _no_markup(text: str) -> None:
    assert "<a" not in text and "<br" not in text and "<span" not in text, text
    assert "&lt;a href=" in text  # the characters are kept, as entities plotly draws as text


def test_a_typed_name_reaches_the_gantt_chart_as_text():
    roof = item("roof_waterproofing", ("2023-05-20", "2023-06-10"), ("2023-05-22", None), id=9)
    row = GanttRow("item:9", HOSTILE, HOSTILE, 1, 9, 1, 1, roof.planned, roof.actual, True)
    fig = gantt_figure([row], "zh", rules=RULES, title=f"{HOSTILE} 的工期")
    _no_markup(fig.layout.title.text)
    _no_markup(fig.layout.yaxis.ticktext[0])
    bars = [trace for trace in fig.data if trace.type == "bar" and trace.customdata is not None]
    assert bars
    for trace in bars:
        _no_markup(trace.customdata[0][0])  # the hover label's name


def test_a_typed_name_reaches_the_progress_chart_as_text():
    site = SiteProgress(1, "k", HOSTILE, HOSTILE, 0.5)
    fig = progress_figure([site], "zh")
    _no_markup(str(fig.data[0].y[0]))


def test_a_survey_files_question_and_answers_reach_the_chart_as_text():
    fig = answers_figure(f"{HOSTILE}？", {HOSTILE: 3, "不支持": 1}, "zh")
    _no_markup(fig.layout.title.text)
    _no_markup(str(fig.data[0].y[0]))
    assert list(fig.data[0].x) == [3, 1] and fig.data[0].y[1] == "不支持"
