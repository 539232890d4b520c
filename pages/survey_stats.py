"""Survey statistics per site or programme: responses, support, answers, suggestions.

Only aggregates are shown (no answer or suggestion texts, no personal data), so the page can
later be opened to the public.
"""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from pages._charts import answers_figure
from pages._common import get_engine, page_start
from pages._widgets import name_of, programme_label
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.surveys import reads

lang = page_start("survey_stats")
st.title(t("survey.stats.title", lang))


def pct(value) -> str:  # noqa: ANN001
    """A rate as "75.1%" (or "–")."""
    return "–" if value is None else f"{float(value) * 100:.1f}%"


engine = get_engine()
sites = reads.survey_sites(engine)
if not sites:
    st.info(t("survey.stats.none", lang))
    st.stop()
by_site = st.radio(
    t("survey.stats.scope", lang),
    [True, False],
    format_func=lambda b: t("survey.stats.by_site" if b else "survey.stats.by_programme", lang),
    horizontal=True,
    key="ss_scope",
)
if by_site:
    names = {s.id: name_of(s, lang) for s in sites}
    site_id = st.selectbox(
        t("survey.stats.site", lang), list(names), format_func=names.__getitem__, key="ss_site"
    )
    stats, site_ids = reads.site_stats(engine, site_id), [site_id]
else:
    programmes = {p.id: p for p in reads.survey_programmes(engine)}
    programme_id = st.selectbox(
        t("survey.stats.programme", lang),
        list(programmes),
        format_func=lambda i: programme_label(programmes[i], lang),
        key="ss_programme",
    )
    stats = reads.programme_stats(engine, programme_id)
    site_ids = [s.id for s in sites]
adopted = reads.adopted_links(engine, site_ids)

cols = st.columns(5)
cols[0].metric(t("survey.stats.responses", lang), f"{stats.responses:,}")
cols[1].metric(t("survey.stats.support_rate", lang), pct(stats.support_rate))
cols[2].metric(t("survey.stats.area_support_rate", lang), pct(stats.area_support_rate))
cols[3].metric(t("survey.stats.suggestions", lang), f"{stats.suggestions:,}")
cols[4].metric(t("survey.stats.adoption_rate", lang), pct(stats.adoption_rate))
st.caption(md_t("survey.stats.support_counts", lang, **stats.support))
st.caption(t("survey.stats.adoption_help", lang))

if stats.questions:
    st.subheader(t("survey.stats.answers", lang))
for question in stats.questions:
    if question.free_text:
        st.caption(
            md_t(
                "survey.stats.free_text", lang, question=question.question, count=question.answered
            )
        )
        continue
    st.plotly_chart(answers_figure(question.question, question.counts, lang), width="stretch")

if stats.suggestions:
    st.subheader(t("survey.stats.by_category", lang))
    counts = {k: v for k, v in stats.suggestions_by_category.items() if v}
    frame = pd.DataFrame(
        {
            t("survey.stats.col.category", lang): [t(f"survey.category.{k}", lang) for k in counts],
            t("survey.stats.col.count", lang): list(counts.values()),
        }
    )
    st.plotly_chart(
        px.bar(frame, x=frame.columns[0], y=frame.columns[1]), width="stretch", key="ss_cat"
    )
    st.subheader(t("survey.stats.by_status", lang))
    st.dataframe(
        pd.DataFrame(
            {
                t("survey.stats.col.status", lang): [
                    t(f"survey.status.{k}", lang) for k in stats.suggestions_by_status
                ],
                t("survey.stats.col.count", lang): list(stats.suggestions_by_status.values()),
            }
        ),
        hide_index=True,
    )
if adopted:
    st.subheader(t("survey.stats.adopted_links", lang))
    st.dataframe(
        pd.DataFrame(
            {
                t("survey.stats.col.category", lang): [
                    t(f"survey.category.{a.category}", lang) for a in adopted
                ],
                t("survey.stats.col.answer", lang): [a.public_answer for a in adopted],
                t("survey.stats.col.work_item", lang): [
                    (
                        f"{t('works.building_label', lang, number=a.building_number)} · "
                        if a.building_number
                        else ""
                    )
                    + scope_name(a.scope_key, lang)
                    for a in adopted
                ],
            }
        ),
        hide_index=True,
    )
st.caption(t("survey.stats.illustrative", lang))
