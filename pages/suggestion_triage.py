"""Triage residents' suggestions: newest first, a page at a time; categorise, answer, decide;
mark floods as spam in bulk; an adopted suggestion links a work item."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._common import current_actor, get_engine, page_start
from pages._errors import show_refusal
from pages._widgets import flash, name_of, show_flashes
from planner.errors import Refused
from planner.i18n import t
from planner.markup import md, md_t
from planner.portal import actions as portal_actions
from planner.portal import reads as portal_reads
from planner.surveys import actions, reads
from planner.surveys import suggestions as sg
from planner.works import items as wi
from planner.works import reads as works_reads

ALL = 0
STATUSES = [s.value for s in sg.SuggestionStatus]

lang = page_start("suggestion_triage")
st.title(t("survey.triage.title", lang))
show_flashes()
engine = get_engine()
actor = current_actor()  # changes are recorded under the logged-in user (id and username)

sites = {s.id: s for s in reads.survey_sites(engine)}
left, middle, right = st.columns([3, 3, 2])
site_id = left.selectbox(
    t("survey.triage.site", lang),
    [ALL, *sites],
    format_func=lambda i: (
        t("survey.triage.all_sites", lang) if i == ALL else name_of(sites[i], lang)
    ),
    key="tr_site",
)
statuses = middle.multiselect(
    t("survey.triage.statuses", lang),
    STATUSES,
    default=["received", "evaluating"],
    format_func=lambda s: t(f"survey.status.{s}", lang),
    key="tr_statuses",
)
order = right.radio(
    t("survey.triage.order", lang),
    sg.ORDERS,
    format_func=lambda o: t(f"survey.triage.order.{o}", lang),
    key="tr_order",
)
# Residents' reports about one work (sent from its "report a defect" link).
reported = {w.id: w.label(lang) for w in reads.reported_works(engine, site_id or None)}
reported[ALL] = t("survey.triage.reported_all", lang)
search_col, work_col = st.columns(2)
search = search_col.text_input(t("survey.triage.search", lang), max_chars=100, key="tr_search")
work_id = ALL
if len(reported) > 1:  # some reports name a work
    label = t("survey.triage.reported", lang)
    work_id = work_col.selectbox(label, sorted(reported), format_func=reported.get, key="tr_wk")
page_number = st.session_state.get("tr_page", 1)
queue = reads.triage_queue(
    engine,
    site_id=site_id or None,
    statuses=statuses,
    reported_work_item_id=work_id or None,
    order=order,
    page=page_number,
    contains=search.strip() or None,  # a piece of the residents' text
)
contacts = portal_reads.feedback_contacts(engine, [r.id for r in queue.rows])
if not queue.rows:
    st.info(t("survey.triage.empty", lang))
    st.stop()
st.subheader(md_t("survey.triage.queue", lang, count=queue.total))
if queue.pages > 1:
    st.number_input(
        md_t("survey.triage.page", lang, pages=queue.pages),
        min_value=1,
        max_value=queue.pages,
        key="tr_page",
    )
st.dataframe(pd.DataFrame(sg.queue_table(queue.rows, lang)), hide_index=True)
rows = {r.id: r for r in queue.rows}

with st.expander(t("survey.triage.spam", lang)):
    st.caption(t("survey.triage.spam_help", lang))
    open_ids = [i for i, r in rows.items() if r.status in sg.OPEN]  # held ones too
    chosen = st.multiselect(
        t("survey.triage.spam_pick", lang),
        open_ids,
        format_func=lambda i: t("survey.triage.option", lang, no=i, text=rows[i].text[:40]),
        key="tr_spam_ids",
    )
    if st.button(t("survey.triage.spam", lang), key="tr_spam", disabled=not chosen):
        count = portal_actions.mark_spam(engine, chosen, actor=actor)
        flash("success", t("survey.triage.spam_done", lang, count=count))
        st.rerun()

pick = st.selectbox(
    t("survey.triage.pick", lang),
    list(rows),
    format_func=lambda i: t("survey.triage.option", lang, no=i, text=rows[i].text[:40]),
    key="tr_pick",
)
picked = rows[pick]
items = reads.work_item_options(engine, picked.site_id)
programmes = reads.site_programme_options(engine, picked.site_id)
site_programme = reads.site_programme_id(engine, picked.site_id)
if st.session_state.get("tr_loaded", (None,))[0] != picked.id:  # its version as picked, kept
    st.session_state["tr_loaded"] = (picked.id, picked.version)  # across reruns until saved
key = f"tr_{picked.id}"
if picked.id in contacts:  # how to reach the resident, as typed (staff only, never public)
    st.info(md(contacts[picked.id].text(lang)))
hint = t(f"survey.category.{picked.suggested_category}", lang)
st.caption(md_t("survey.triage.keyword_hint", lang, category=hint))
category = st.selectbox(
    t("survey.triage.category", lang),
    sg.CATEGORIES,
    index=sg.CATEGORIES.index(picked.category),
    format_func=lambda c: t(f"survey.category.{c}", lang),
    key=f"{key}_category",
)
status = st.selectbox(
    t("survey.triage.status", lang),
    STATUSES,
    index=STATUSES.index(picked.status),
    format_func=lambda s: t(f"survey.status.{s}", lang),
    key=f"{key}_status",
)
answer = st.text_area(t("survey.triage.answer", lang), picked.public_answer, key=f"{key}_answer")
link_id, new_item = None, None
if status == sg.SuggestionStatus.ADOPTED:
    link = st.radio(
        t("survey.triage.link", lang),
        ["none", "existing", "new"],
        format_func=lambda k: t(f"survey.triage.link.{k}", lang),
        horizontal=True,
        key=f"{key}_link",
    )
    if link == "existing" and items:
        ids, labels = [o.id for o in items], {o.id: o.label(lang) for o in items}
        start = ids.index(picked.work_item_id) if picked.work_item_id in ids else 0
        link_id = st.selectbox(
            t("survey.triage.work_item", lang),
            ids,
            index=start,
            format_func=labels.get,
            key=f"{key}_item",
        )
    elif link == "new" and programmes:
        pids = [p.id for p in programmes]
        programme_id = st.selectbox(
            t("survey.triage.programme", lang),
            pids,
            index=pids.index(site_programme) if site_programme in pids else 0,
            format_func=lambda i: next(p.label(lang) for p in programmes if p.id == i),
            key=f"{key}_programme",
        )
        scopes = works_reads.addable_scope_types(
            engine, programme_id=programme_id, site_id=picked.site_id, building_id=None
        )
        keys = [s.key for s in scopes]
        first = next((keys.index(k) for k in sg.proposed_scope_keys(category) if k in keys), 0)
        if scopes:
            scope = st.selectbox(
                t("survey.triage.scope", lang),
                scopes,
                index=first,
                format_func=lambda s: s.label(lang),
                key=f"{key}_scope",
            )
            quantity = st.number_input(
                t("survey.triage.quantity", lang), min_value=0.0, step=1.0, key=f"{key}_qty"
            )
            new_item = wi.NewWorkItem(programme_id, picked.site_id, None, scope.key, quantity)
    elif link != "none":
        st.caption(t("survey.triage.no_items", lang))

if st.button(t("survey.triage.save", lang), type="primary", key=f"{key}_save"):
    change = sg.TriageChange(
        picked.id,
        category=category,
        status=status,
        public_answer=answer,
        work_item_id=link_id,
        new_work_item=new_item,
        version=st.session_state["tr_loaded"][1],  # over someone else's newer save: refused
    )
    try:
        actions.triage_suggestion(engine, change, actor=actor)
    except Refused as refused:
        show_refusal(refused, lang, headline="survey.triage.refused")
    else:
        st.session_state.pop("tr_loaded", None)  # the next run keeps the new version
        flash("success", t("survey.triage.saved", lang, id=picked.id))
        st.rerun()
