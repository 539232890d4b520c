"""Programme dashboard: figures, progress, quantities, budget, estimate checks; next year's plan."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pages import _charts as charts
from pages._common import current_actor, get_engine, get_settings, page_start
from pages._errors import show_refusal
from pages._fieldwork_dashboard import render_fieldwork_alerts
from pages._widgets import programme_picker, quantities_columns
from planner.errors import Refused
from planner.i18n import t
from planner.markup import md, md_t
from planner.money import reads as money_reads
from planner.money import wording as money_words
from planner.works import actions, reads
from planner.works import dashboard as dash
from planner.works import templates as tpl
from planner.works.estimates import EstimateParameters
from planner.works.overdue import overdue_table

lang = page_start("dashboard")
st.title(t("dashboard.title", lang))
engine = get_engine()
params = EstimateParameters.from_settings(get_settings())
on_map = st.session_state.get("map_selected_site")  # set by the planning map on a click


def show_metrics(pairs: list[tuple[str, str]]) -> None:
    """One row of metrics."""
    for col, (label, value) in zip(st.columns(len(pairs)), pairs, strict=True):
        col.metric(md(label), value)


def choose(message_key: str, labels: dict, default: list, key: str) -> tuple:
    """A multiselect over the keys of ``labels``, shown by their labels."""
    options = list(labels)
    return tuple(st.multiselect(t(message_key, lang), options, default, labels.get, key=key))


def request_save() -> None:
    """Remember a click on Save: the frame may rerun the script first, which drops a click."""
    st.session_state["ny_save_requested"] = True


def fill_defaults() -> None:
    """Suggest a free programme key and names for the chosen year."""
    defaults = reads.draft_defaults(engine, st.session_state["ny_year"])
    st.session_state.update({f"ny_{field}": value for field, value in defaults.items()})


status_tab, next_tab = st.tabs([t(f"dashboard.tab.{k}", lang) for k in ("programme", "next_year")])

with status_tab:
    programmes = reads.programme_options(engine)
    programme_id = (
        programme_picker(
            programmes,
            lang=lang,
            label=t("dashboard.programme", lang),
            key="dash_programme",
            default_id=reads.programme_to_show(engine),
        ).id
        if programmes
        else None
    )
    view = reads.dashboard(engine, programme_id, lang) if programme_id is not None else None
    if view is None or view.figures.work_items == 0:
        st.info(t("dashboard.no_programmes" if view is None else "dashboard.no_items", lang))
    else:
        metrics = dash.key_metrics(view.figures, lang)
        show_metrics(metrics[:4])
        chain = money_reads.programme_chain(engine, programme_id)  # 估算 … 审定价
        stages = money_words.chain_metrics(chain.total, lang)
        show_metrics(stages[:4])
        show_metrics(stages[4:] + metrics[4:])
        for kind, text in money_words.chain_notes(chain, lang):
            getattr(st, kind)(md(text))
        if view.figures.budget.unrated_items:
            st.caption(md_t("dashboard.unrated", lang, n=view.figures.budget.unrated_items))
        late = reads.overdue_works(engine, programme_id)  # past the planned end, not complete
        if late:
            with st.expander(
                md_t("overdue.dashboard", lang, count=len(late)), icon=":material/alarm:"
            ):
                st.dataframe(overdue_table(late, lang), hide_index=True)
        st.plotly_chart(charts.progress_figure(view.sites, lang), width="stretch")
        st.subheader(t("dashboard.quantities", lang))
        st.plotly_chart(charts.quantities_figure(view.quantities, lang), width="stretch")
        st.dataframe(
            dash.quantities_table(view.quantities, lang),
            hide_index=True,
            column_config=quantities_columns(lang, "dashboard"),
        )

        st.subheader(t("dashboard.estimates", lang))
        if not view.compounds:
            st.info(t("dashboard.no_compounds", lang))
        else:
            ids = list(view.compounds)
            index = ids.index(on_map) if on_map in ids else 0
            site_id = st.selectbox(
                t("dashboard.estimate_site", lang), ids, index, view.compounds.get
            )
            rows = reads.building_estimates(
                engine, params=params, site_id=site_id, programme_id=programme_id
            )
            flagged, summary = dash.flag_summary(rows, lang)
            (st.warning if flagged else st.success)(md(summary))
            st.dataframe(dash.estimate_table(rows, lang), hide_index=True)
            st.caption(md(dash.estimate_caption(params, lang)))
    render_fieldwork_alerts(engine, lang, get_settings())  # warranties ending, open defects
    due = money_reads.retention_alerts(engine, date.today())  # 质保金 to release
    if due:
        st.warning(md_t("money.alerts.dashboard", lang, n=len(due)))

if "ny_year" not in st.session_state:
    st.session_state["ny_year"] = date.today().year + 1
    fill_defaults()

with next_tab:
    st.caption(t("dashboard.next.intro", lang))
    year_col, kind_col, key_col = st.columns(3)
    year = year_col.number_input(
        t("dashboard.next.year", lang), 2000, 2100, key="ny_year", on_change=fill_defaults
    )
    kinds = dash.kind_labels(lang)
    kind = kind_col.selectbox(t("dashboard.next.kind", lang), list(kinds), format_func=kinds.get)
    key = key_col.text_input(t("dashboard.next.key", lang), key="ny_key")
    name_zh = st.text_input(t("dashboard.next.name_zh", lang), key="ny_name_zh")
    name_en = st.text_input(t("dashboard.next.name_en", lang), key="ny_name_en")
    compounds = dash.compound_labels(reads.planning_compounds(engine), lang)
    if on_map in compounds:
        st.caption(md_t("dashboard.next.map_prefill", lang, name=compounds[on_map]))
    preselected = [on_map] if on_map in compounds else []
    site_ids = choose("dashboard.next.sites", compounds, preselected, "ny_sites")
    buildings = dash.building_labels(reads.planning_buildings(engine, site_ids), lang)
    # Keyed by the compounds: another choice of compounds starts with all their buildings.
    buildings_key = "ny_buildings_" + "_".join(map(str, sorted(site_ids)))
    building_ids = choose("dashboard.next.buildings", buildings, list(buildings), buildings_key)
    templates = dash.template_labels(lang)
    template_keys = choose("dashboard.next.templates", templates, ["envelope"], "ny_templates")
    budget = st.number_input(
        t("dashboard.next.budget", lang), min_value=0.0, value=None, step=1e4, key="ny_budget"
    )
    actor = current_actor()  # the programme is recorded under the logged-in user
    draft = tpl.ProgrammeDraft(
        key, year, name_zh, name_en, kind, site_ids, building_ids, template_keys, budget
    )
    preview = reads.plan_preview(engine, draft, params=params)
    show_metrics(dash.preview_metrics(preview, lang))
    st.dataframe(dash.preview_table(preview, lang), hide_index=True)
    st.caption(t("dashboard.next.rates_note", lang))
    st.button(t("dashboard.next.save", lang), type="primary", key="ny_save", on_click=request_save)
    if st.session_state.pop("ny_save_requested", False):
        try:
            created = actions.save_planned_programme(engine, draft, actor=actor, params=params)
        except Refused as refused:
            show_refusal(refused, lang)
        else:
            st.success(md(dash.saved_message(created, lang)))
