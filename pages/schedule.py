"""Schedule: a Gantt chart of planned and actual dates, with the works that break a climate rule."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._charts import gantt_figure
from pages._common import get_engine, get_settings, page_start
from pages._widgets import name_of, programme_picker
from planner.i18n import t
from planner.markup import md, md_t
from planner.works import reads
from planner.works.overdue import city_today, overdue_table
from planner.works.schedule import ClimateRules, conflict_table, rules_text

PROGRAMME, SITE = "schedule_programme_id", "schedule_site_id"

lang = page_start("schedule")
st.title(t("schedule.title", lang))
rules = ClimateRules.from_settings(get_settings())

engine = get_engine()
programmes = reads.programme_options(engine)
if not programmes:
    st.info(t("schedule.no_programmes", lang))
    st.stop()
# Widgets are keyed per language (their labels change with it); the chosen ids outlive
# a language switch in PROGRAMME and SITE.
programme = programme_picker(
    programmes,
    lang=lang,
    label=t("schedule.programme", lang),
    key=PROGRAMME,
    default_id=reads.programme_to_show(engine),
)
programme_id = programme.id
today = city_today()
site_rows = reads.programme_schedule(engine, programme_id, rules=rules, today=today)
site_names = {r.site_id: r.label(lang) for r in sorted(site_rows, key=lambda r: r.label(lang))}
site_options = [None, *site_names]
chosen_site = st.session_state.get(SITE)
site_id = st.selectbox(
    t("schedule.site", lang),
    site_options,
    format_func=lambda i: t("schedule.all_sites", lang) if i is None else site_names[i],
    index=site_options.index(chosen_site) if chosen_site in site_options else 0,
    key=f"schedule_site_{programme_id}_{lang}",
)
st.session_state[SITE] = site_id
if site_id is None:
    rows = site_rows
else:
    rows = reads.site_schedule(engine, site_id, programme_id, rules=rules, today=today)

programme_name = name_of(programme, lang)
st.caption(md(rules_text(rules, lang)))

if not any(r.dated_items for r in rows):
    st.info(
        t("schedule.no_dated_works" if site_id is None else "schedule.no_dated_works_site", lang)
    )
    st.stop()

if site_id is None:
    title = t("schedule.chart_title_programme", lang, name=programme_name)
else:
    title = t("schedule.chart_title_site", lang, name=site_names[site_id])
st.plotly_chart(gantt_figure(rows, lang, rules=rules, title=title, today=today), width="stretch")
undated = sum(r.items - r.dated_items for r in rows)
if undated:
    st.caption(md_t("schedule.undated", lang, count=undated))

st.subheader(t("schedule.conflicts", lang))
conflicts = [c for r in rows for c in r.conflicts]
if not conflicts:
    st.success(t("schedule.no_conflicts", lang))
else:
    st.warning(md_t("schedule.conflicts_found", lang, count=len(conflicts)))
    st.dataframe(pd.DataFrame(conflict_table(conflicts, rules, lang)), hide_index=True)

st.subheader(t("overdue.title", lang))
late = reads.overdue_works(engine, programme_id, today=today, site_id=site_id)
if not late:
    st.success(t("overdue.none", lang))
else:
    st.warning(md_t("overdue.schedule_count", lang, count=len(late)))
    st.dataframe(pd.DataFrame(overdue_table(late, lang)), hide_index=True)
