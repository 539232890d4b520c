"""Triage residents' suggestions: categorise, answer, decide; an adopted one links a work item."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from db.session import read_session, session_scope
from pages._common import current_actor, get_engine, page_start
from pages._widgets import flash, name_of, show_flashes
from planner.i18n import t
from planner.portal.feedback import feedback_contacts
from planner.surveys import statistics as surveys
from planner.surveys import suggestions as sg
from planner.works import items as wi

ALL = 0
STATUSES = [s.value for s in sg.SuggestionStatus]

lang = page_start()
st.title(t("survey.triage.title", lang))
show_flashes()

engine = get_engine()
with read_session(engine) as session:
    sites = {s.id: s for s in surveys.sites_with_surveys(session)}
    site_id = st.selectbox(
        t("survey.triage.site", lang),
        [ALL, *sites],
        format_func=lambda i: (
            t("survey.triage.all_sites", lang) if i == ALL else name_of(sites[i], lang)
        ),
        key="tr_site",
    )
    statuses = st.multiselect(
        t("survey.triage.statuses", lang),
        STATUSES,
        default=["received", "evaluating"],
        format_func=lambda s: t(f"survey.status.{s}", lang),
        key="tr_statuses",
    )
    queue = sg.triage_queue(session, site_id=site_id or None, statuses=statuses)
    if not queue:
        st.info(t("survey.triage.empty", lang))
        st.stop()
    st.subheader(t("survey.triage.queue", lang, count=len(queue)))
    col = {
        k: t(f"survey.triage.col.{k}", lang)
        for k in ("id", "site", "text", "category", "status", "answer", "work_item")
    }
    st.dataframe(
        pd.DataFrame(
            {
                col["id"]: [r.id for r in queue],
                col["site"]: [r.site_name(lang) for r in queue],
                col["text"]: [r.text for r in queue],
                col["category"]: [t(f"survey.category.{r.category}", lang) for r in queue],
                col["status"]: [t(f"survey.status.{r.status}", lang) for r in queue],
                col["answer"]: [r.public_answer for r in queue],
                col["work_item"]: [r.work_item_id for r in queue],
            }
        ),
        hide_index=True,
    )
    rows = {r.id: r for r in queue}
    picked = rows[
        st.selectbox(
            t("survey.triage.pick", lang),
            list(rows),
            format_func=lambda i: f"#{i} {rows[i].text[:40]}",
            key="tr_pick",
        )
    ]
    items = sg.site_work_item_options(session, picked.site_id)
    programmes = sg.site_programme_options(session, picked.site_id)
    site_programme = surveys.site_programme_id(session, picked.site_id)
    # Sent through the public page: how to reach the resident (staff only, never public).
    contact = feedback_contacts(session, [picked.id]).get(picked.id)

key = f"tr_{picked.id}"
if contact is not None:
    details = [
        f"{t('feedback.phone', lang)}: {contact.phone}" if contact.phone else "",
        f"{t('feedback.building', lang)}: {contact.building_number}"
        if contact.building_number
        else "",
        f"{t('feedback.unit', lang)}: {contact.unit_number}" if contact.unit_number else "",
    ]
    st.info(f"{t('feedback.contact', lang)} — " + "；".join(d for d in details if d))
st.caption(
    t(
        "survey.triage.keyword_hint",
        lang,
        category=t(f"survey.category.{picked.suggested_category}", lang),
    )
)
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
    if link == "existing":
        if not items:
            st.caption(t("survey.triage.no_items", lang))
        else:
            ids = [o.id for o in items]
            start = ids.index(picked.work_item_id) if picked.work_item_id in ids else 0
            labels = {o.id: o.label(lang) for o in items}
            link_id = st.selectbox(
                t("survey.triage.work_item", lang),
                ids,
                index=start,
                format_func=labels.__getitem__,
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
        proposed = sg.proposed_scope_keys(category)
        with read_session(engine) as session:
            scopes = wi.addable_scope_types(
                session, programme_id=programme_id, site_id=picked.site_id, building_id=None
            )
        if not scopes:
            st.caption(t("survey.triage.no_items", lang))
        else:
            keys = [s.key for s in scopes]
            first = next((keys.index(k) for k in proposed if k in keys), 0)
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
            new_item = wi.NewWorkItem(
                programme_id,
                scope_key=scope.key,
                planned_quantity=quantity,
                site_id=picked.site_id,
                building_id=None,
            )

actor = current_actor()  # changes are recorded under the logged-in user
if st.button(t("survey.triage.save", lang), type="primary", key=f"{key}_save"):
    change = sg.TriageChange(
        picked.id,
        category=category,
        status=status,
        public_answer=answer,
        work_item_id=link_id,
        new_work_item=new_item,
    )
    try:
        with session_scope(engine) as session:
            sg.apply_triage(session, change, actor=actor)
    except sg.TriageRefused as refused:
        st.error(" ".join([t("survey.triage.refused", lang), *refused.messages(lang)]))
    else:
        flash("success", t("survey.triage.saved", lang, id=picked.id))
        st.rerun()
