"""Charts the pages draw (plotly): the schedule's Gantt chart and the dashboard's bars.

Built from the plain rows the domain returns (``planner.works.schedule``,
``planner.works.dashboard``); the domain itself never imports a drawing library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from planner.i18n import scope_name, t
from planner.markup import chart_text
from planner.works.dashboard import ScopeQuantity, SiteProgress, localised
from planner.works.schedule import (
    ClimateRules,
    DateKind,
    DateRange,
    GanttRow,
    rule_text,
    span_of,
)

_DAY = timedelta(days=1)

# --- The schedule's Gantt chart ----------------------------------------------------------

PLANNED_COLOUR = "#9ecae1"
ACTUAL_COLOUR = "#08519c"
CONFLICT_COLOUR = "#d62728"
HEATING_SHADE = "#fdd0a2"
OFF_SEASON_SHADE = "#d9d9d9"
TODAY_COLOUR = "#6a3d9a"
_MS_PER_DAY = 86_400_000


def gantt_figure(
    rows: Sequence[GanttRow],
    lang: str,
    *,
    rules: ClimateRules,
    title: str = "",
    today: date | None = None,
) -> go.Figure:
    """A Gantt chart of ``rows``: a planned and an actual bar per row, conflicts outlined red,
    overdue rows named so in red, and a line on ``today`` when it falls near the bars.

    The heating season and the days outside the building season are shaded behind the bars.

    Parameters
    ----------
    rows : sequence of GanttRow
        Rows to draw, top to bottom; rows with no dates are left out.
    lang : str
        Language of the labels ("zh" or "en").
    rules : ClimateRules
        The seasons to shade.
    title : str
        Figure title.
    today : date, optional
        The day the "today" line marks (drawn when within a month of the bars' span).

    Returns
    -------
    plotly.graph_objects.Figure
        Horizontal bars on a date axis; each bar covers its days whole (end day included).
    """
    dated = [r for r in rows if r.planned or r.actual]
    fig = go.Figure()
    conflict_name = t("schedule.legend.conflict", lang)
    for kind, colour in ((DateKind.PLANNED, PLANNED_COLOUR), (DateKind.ACTUAL, ACTUAL_COLOUR)):
        bars = [(r, r.planned if kind == DateKind.PLANNED else r.actual) for r in dated]
        bars = [(r, d) for r, d in bars if d is not None]
        fig.add_trace(
            go.Bar(
                name=t(f"schedule.{kind.value}", lang),
                legendrank=1 if kind == DateKind.PLANNED else 2,
                orientation="h",
                y=[r.key for r, _ in bars],
                base=[d.start.isoformat() for _, d in bars],
                x=[d.days * _MS_PER_DAY for _, d in bars],
                offsetgroup=kind.value,
                marker={
                    "color": colour,
                    # Hatched: started, not finished; drawn to the planned end.
                    "pattern": {
                        "shape": [
                            "/" if kind == DateKind.ACTUAL and r.actual_open else ""
                            for r, _ in bars
                        ],
                        "fgcolor": PLANNED_COLOUR,
                    },
                },
                customdata=[
                    [
                        chart_text(r.label(lang)),
                        chart_text(_bar_text(r, d, kind, lang)),
                        chart_text(_conflict_text(r, kind, rules, lang)),
                    ]
                    for r, d in bars
                ],
                hovertemplate="<b>%{customdata[0]}</b><br>%{fullData.name}: %{customdata[1]}"
                "<br>%{customdata[2]}<extra></extra>",
            )
        )
        # Conflicts: a red outline drawn over the same bars (same offset group).
        conflicted = [(r, d) for r, d in bars if r.has_conflict(kind)]
        fig.add_trace(
            go.Bar(
                name=conflict_name,
                legendgroup="conflict",
                legendrank=3,
                showlegend=kind == DateKind.PLANNED,
                orientation="h",
                y=[r.key for r, _ in conflicted],
                base=[d.start.isoformat() for _, d in conflicted],
                x=[d.days * _MS_PER_DAY for _, d in conflicted],
                offsetgroup=kind.value,
                marker={"color": "rgba(0,0,0,0)", "line": {"color": CONFLICT_COLOUR, "width": 3}},
                hoverinfo="skip",
            )
        )
    # Legend-only markers for the shaded seasons.
    legend = []
    if dated:
        span = span_of([r.planned for r in dated] + [r.actual for r in dated])
        assert span is not None  # every dated row has a range
        shades = [(rules.heating_season, HEATING_SHADE, "schedule.legend.heating")]
        if rules.outside_building_season is not None:
            shades.append((rules.outside_building_season, OFF_SEASON_SHADE, "schedule.legend.off"))
        for period, shade, key in shades:
            pieces = [
                common
                for year in range(span.start.year, span.end.year + 1)
                for piece in period.in_year(year)
                if (common := piece.intersection(span)) is not None
            ]
            for piece in pieces:
                fig.add_vrect(
                    x0=piece.start.isoformat(),
                    x1=(piece.end + _DAY).isoformat(),
                    fillcolor=shade,
                    opacity=0.45,
                    line_width=0,
                    layer="below",
                )
            if pieces:
                legend.append((t(key, lang), shade))
    if dated and today is not None and not _near(today, span):  # far off: named at the edge
        after = span is not None and today > span.end
        fig.add_annotation(
            x=1 if after else 0,
            xref="paper",
            xanchor="right" if after else "left",
            y=1,
            yref="paper",
            yanchor="bottom",
            text=f"{t('overdue.today', lang)} {today.isoformat()} " + ("→" if after else "←"),
            showarrow=False,
            font={"color": TODAY_COLOUR},
        )
    elif dated and today is not None:
        fig.add_shape(
            type="line",
            x0=today.isoformat(),
            x1=today.isoformat(),
            y0=0,
            y1=1,
            yref="paper",
            line={"color": TODAY_COLOUR, "width": 2, "dash": "dash"},
        )
        fig.add_annotation(
            x=today.isoformat(),
            y=1,
            yref="paper",
            yanchor="bottom",
            text=f"{t('overdue.today', lang)} {today.isoformat()}",
            showarrow=False,
            font={"color": TODAY_COLOUR},
        )
    for name, colour in legend:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                name=name,
                legendrank=4,
                marker={"symbol": "square", "size": 12, "color": colour},
                hoverinfo="skip",
            )
        )
    fig.update_layout(
        title=chart_text(title),
        barmode="group",
        bargap=0.25,
        height=160 + 34 * len(dated),
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0},
        margin={"l": 10, "r": 10, "t": 80 if title else 40, "b": 40},
    )
    fig.update_xaxes(type="date", tickformat="%Y-%m-%d", showgrid=True)
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=[r.key for r in dated],
        tickvals=[r.key for r in dated],
        ticktext=[chart_text(_tick_text(r, lang)) for r in dated],
        autorange="reversed",
        title=None,
    )
    return fig


def _near(day: date, span: DateRange | None) -> bool:
    """Whether ``day`` is within a month of ``span`` (a line farther off would squeeze it)."""
    margin = timedelta(days=31)
    return span is not None and span.start - margin <= day <= span.end + margin


def _tick_text(row: GanttRow, lang: str) -> str:
    """A row's label: a conflict warned, overdue works named ("· 逾期", with a count on a
    compound's row)."""
    text = ("⚠ " if row.conflicts else "") + row.label(lang)
    if row.overdue:
        late = t("overdue.label", lang) + (f" {row.overdue}" if row.item_id is None else "")
        text += f" · {late}"
    return text


def _bar_text(row: GanttRow, dates: DateRange, kind: DateKind, lang: str) -> str:
    text = f"{dates} · {t('schedule.n_days', lang, days=dates.days)}"
    if kind == DateKind.ACTUAL and row.actual_open:
        text += " · " + t("schedule.actual_open", lang)
    return text


def _conflict_text(row: GanttRow, kind: DateKind, rules: ClimateRules, lang: str) -> str:
    rules_broken = sorted({c.rule for c in row.conflicts if c.kind == kind})
    if not rules_broken:
        return ""
    return "⚠ " + "; ".join(rule_text(rules, rule, lang) for rule in rules_broken)


# --- The dashboard's bars ------------------------------------------------------------------


def progress_figure(rows: list[SiteProgress], lang: str) -> go.Figure:
    """Horizontal bars of progress per site (%), most advanced at the top."""
    site, progress = t("dashboard.col.site", lang), t("dashboard.progress", lang)
    frame = pd.DataFrame(
        {
            site: [chart_text(localised(r.name_zh, r.name_en, lang)) for r in rows],
            progress: [(r.progress or 0.0) * 100 for r in rows],
        }
    )
    figure = px.bar(
        frame,
        x=progress,
        y=site,
        orientation="h",
        range_x=[0, 100],
        text_auto=".0f",
        title=t("dashboard.progress_chart", lang),
        height=160 + 26 * len(rows),
    )
    figure.update_yaxes(autorange="reversed", title=None)
    figure.update_xaxes(ticksuffix="%")
    return figure


def quantities_figure(rows: list[ScopeQuantity], lang: str) -> go.Figure:
    """Planned and completed quantity per scope type, one scale per unit."""
    scope, unit = t("dashboard.col.scope", lang), t("dashboard.col.unit", lang)
    planned, completed = t("dashboard.col.planned", lang), t("dashboard.col.completed", lang)
    frame = pd.DataFrame(
        {
            scope: [scope_name(r.scope_key, lang) for r in rows],
            unit: [r.unit for r in rows],
            planned: [r.planned for r in rows],
            completed: [r.completed for r in rows],
        }
    ).melt(id_vars=[scope, unit], value_vars=[planned, completed], var_name=" ", value_name="q")
    figure = px.bar(
        frame,
        x="q",
        y=scope,
        color=" ",
        barmode="group",
        orientation="h",
        text_auto=",.0f",
        facet_row=unit,
        title=t("dashboard.quantities_chart", lang),
        height=200 + 70 * len(rows),
    )
    figure.update_yaxes(matches=None, title=None)
    figure.update_xaxes(matches=None, showticklabels=True, title=None)
    figure.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    # Plotly's default hover names the frame's columns ("q=…"): a reader sees scope and amount.
    figure.update_traces(hovertemplate="%{y}: %{x:,.2f}<extra>%{fullData.name}</extra>")
    return figure


# --- The survey statistics' answers ---------------------------------------------------------


def answers_figure(question: str, counts: Mapping[str, int], lang: str) -> go.Figure:
    """Horizontal bars of a question's answers (answer → responses). The question and its
    answers come from the survey's file, as someone typed them: drawn as text."""
    frame = pd.DataFrame(
        {"answer": [chart_text(answer) for answer in counts], "n": list(counts.values())}
    )
    figure = px.bar(frame, x="n", y="answer", orientation="h", title=chart_text(question))
    figure.update_layout(
        xaxis_title=t("survey.stats.count", lang), yaxis_title="", height=120 + 32 * len(frame)
    )
    return figure
