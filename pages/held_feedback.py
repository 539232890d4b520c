"""Feedback held for review: residents' messages past a limit (per network, compound or
overall), stored instead of refused. Staff read them, then release them into the triage queue
or mark them spam, in bulk, across every page of the filter (not only the page shown). The
same bulk spam marking works on messages already in the queue (choose their status)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._common import current_actor, get_engine, page_start
from pages._errors import show_refusal
from pages._widgets import flash, name_of, show_flashes
from planner.errors import Refused
from planner.i18n import t
from planner.markup import md_t
from planner.portal import actions
from planner.surveys import reads
from planner.surveys import suggestions as sg

ALL = 0
HELD = sg.SuggestionStatus.HELD.value
OPEN = [s.value for s in sg.OPEN]

lang = page_start("held_feedback")
st.title(t("held.title", lang))
st.caption(t("held.intro", lang))
show_flashes()
engine = get_engine()
actor = current_actor()  # the releases and spam marks are recorded under the logged-in user

sites = {s.id: s for s in reads.all_sites(engine)}
left, middle, right = st.columns([3, 2, 3])
site_id = left.selectbox(
    t("survey.triage.site", lang),
    [ALL, *sites],
    format_func=lambda i: (
        t("survey.triage.all_sites", lang) if i == ALL else name_of(sites[i], lang)
    ),
    key="held_site",
)
statuses = middle.multiselect(
    t("survey.triage.statuses", lang),
    OPEN,
    default=[HELD],
    format_func=lambda s: t(f"survey.status.{s}", lang),
    key="held_statuses",
)
contains = right.text_input(t("held.contains", lang), max_chars=100, key="held_contains")
query = sg.QueueFilter(site_id or None, tuple(statuses), None, contains.strip() or None)
queue = reads.triage_queue(
    engine,
    site_id=query.site_id,
    statuses=query.statuses,
    contains=query.contains,
    page=st.session_state.get("held_page", 1),
)
if not queue.total:
    st.info(t("held.empty", lang))
    st.stop()
st.subheader(md_t("held.count", lang, count=queue.total))
if queue.pages > 1:
    st.number_input(
        md_t("survey.triage.page", lang, pages=queue.pages),
        min_value=1,
        max_value=queue.pages,
        key="held_page",
    )
st.dataframe(pd.DataFrame(sg.queue_table(queue.rows, lang)), hide_index=True)

# Bulk actions act on every message of the filter, on every page (queue.total of them).
st.caption(md_t("held.bulk_help", lang, count=queue.total))
confirmed = st.checkbox(md_t("held.confirm", lang, count=queue.total), key="held_confirm")
release, spam = st.columns(2)
only_held = list(statuses) == [HELD]  # releasing applies to held messages only
try:
    if only_held and release.button(
        md_t("held.release", lang, count=queue.total), disabled=not confirmed, key="held_release"
    ):
        released = actions.release_held(engine, query, actor=actor)
        flash("success", md_t("held.released", lang, count=released))
        st.session_state.pop("held_confirm", None)
        st.rerun()
    if spam.button(
        md_t("held.spam", lang, count=queue.total), disabled=not confirmed, key="held_spam"
    ):
        marked = actions.mark_spam_matching(engine, query, actor=actor)
        flash("success", md_t("survey.triage.spam_done", lang, count=marked))
        st.session_state.pop("held_confirm", None)
        st.rerun()
except Refused as refused:  # a busy database: nothing was changed
    show_refusal(refused, lang)
