"""Overview: a search box for residents, then the key figures of a year's renovation programme,
with a chart of quantities."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from pages._common import get_engine, page_start
from pages._widgets import quantities_columns
from planner.i18n import scope_name, t
from planner.markup import md, md_t
from planner.money import reads as money_reads
from planner.money.wording import chain_metrics
from planner.portal.finder import QUERY_MAX, clean_query
from planner.works import reads
from planner.works.summary import quantity_rows

lang = page_start("overview")
st.title(t("overview.title", lang))

# Residents come here first: a search box that opens the finder on the hits (``?q=``).
with st.form("overview_search", border=False, enter_to_submit=True):
    searched = st.text_input(
        t("portal.find.title", lang),
        placeholder=t("portal.find.search", lang),
        max_chars=QUERY_MAX,
        key="overview_query",
    )
    if st.form_submit_button(t("portal.find.go", lang), icon=":material/search:"):
        text = clean_query(searched)
        st.switch_page("pages/compound.py", query_params={"q": text} if text else None)

engine = get_engine()
years = reads.programme_years(engine)
default_year = reads.year_to_show(engine)
if default_year is None:
    st.info(md_t("overview.empty", lang, year="—"))
    st.stop()
year = st.selectbox(
    t("overview.year", lang), years, index=years.index(default_year), key="overview_year"
)
summary = reads.programme_summary(engine, year=year)
others = [
    p for p in reads.programmes_with_progress(engine, year=year) if p.key not in summary.programmes
]
# the money of each of the year's compound programmes: 估算 … 审定价
chains = money_reads.programme_chains(engine, summary.programmes)

if not summary.programmes:
    st.info(md_t("overview.empty", lang, year=year))
else:
    cols = st.columns(4)
    cols[0].metric(t("overview.compounds", lang), f"{summary.compounds:,}")
    cols[1].metric(t("overview.buildings", lang), f"{summary.buildings:,}")
    cols[2].metric(t("overview.households", lang), f"{summary.households:,}")
    cols[3].metric(t("overview.progress", lang), f"{(summary.progress or 0):.0%}")

    for key, chain in chains:
        st.subheader(t("overview.money", lang) + ("" if len(chains) == 1 else f" · {md(key)}"))
        stages = chain_metrics(chain, lang)
        for row in (stages[:4], stages[4:]):
            for column, (label, value) in zip(st.columns(4), row, strict=False):
                column.metric(md(label), value)

    rows = quantity_rows(summary)
    table = pd.DataFrame(
        {
            t("overview.col.scope", lang): [scope_name(r.scope_key, lang) for r in rows],
            t("overview.col.unit", lang): [r.unit for r in rows],
            t("overview.col.planned", lang): [r.planned for r in rows],
            t("overview.col.completed", lang): [r.completed for r in rows],
            t("overview.col.share", lang): [r.share * 100 for r in rows],
        }
    )
    st.subheader(t("overview.quantities", lang))
    st.dataframe(
        table,
        hide_index=True,
        column_config=quantities_columns(lang, "overview"),
    )
    long = table.melt(
        id_vars=[t("overview.col.scope", lang), t("overview.col.unit", lang)],
        value_vars=[t("overview.col.planned", lang), t("overview.col.completed", lang)],
        var_name=" ",
        value_name=t("overview.quantities", lang),
    )
    chart = px.bar(
        long,
        x=t("overview.quantities", lang),
        y=t("overview.col.scope", lang),
        color=" ",
        barmode="group",
        orientation="h",
        text_auto=",.0f",
        facet_row=t("overview.col.unit", lang),
        title=t("overview.chart_title", lang),
        height=200 + 70 * len(rows),
    )
    # Each unit (m², m, 个, ...) gets its own scale, with its own tick labels.
    chart.update_yaxes(matches=None, title=None)
    chart.update_xaxes(matches=None, showticklabels=True, title=None)
    chart.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    st.plotly_chart(chart, width="stretch")

if others:
    st.subheader(t("overview.other_programmes", lang))
    st.dataframe(
        pd.DataFrame(
            {
                t("overview.programmes", lang): [
                    p.name_zh if lang == "zh" else p.name_en for p in others
                ],
                t("map.progress", lang): [(p.progress or 0) * 100 for p in others],
            }
        ),
        hide_index=True,
        column_config={
            t("map.progress", lang): st.column_config.ProgressColumn(
                format="%.0f%%", min_value=0, max_value=100
            )
        },
    )
