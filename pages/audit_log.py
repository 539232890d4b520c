"""Audit log (admin): who changed what and when, as sentences; filters, search, and reverting
one change of a work item (a new audited change; refused when the item changed since)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._common import current_actor, get_engine, page_start
from pages._errors import show_refusal
from pages._widgets import flash, show_flashes
from planner.errors import Refused
from planner.history import actions, reads
from planner.i18n import t
from planner.markup import md, md_t

REVERTED = "audit_reverted"  # a revert succeeded: choose afresh

lang = page_start("audit_log")
engine = get_engine()
st.title(t("page.audit", lang))
st.caption(t("audit.intro", lang))
show_flashes()

choices = reads.audit_filter_choices(engine, lang)
sites = dict(choices.sites)
actors = dict(choices.actors)
left, middle, right = st.columns(3)
day_from = left.date_input(t("audit.filter.from", lang), value=None, key="audit_from")
day_to = middle.date_input(t("audit.filter.to", lang), value=None, key="audit_to")
# "全部" is a real option ("" or 0), never None: Streamlit shows None as an empty box ("Choose
# an option") after the list is opened and closed with Esc.
actor = right.selectbox(
    t("audit.filter.actor", lang),
    ["", *actors],
    format_func=lambda a: actors[a] if a else t("audit.all", lang),
    key="audit_actor",
)
left, middle, right = st.columns(3)
site_id = left.selectbox(
    t("audit.filter.site", lang),
    [0, *sites],
    format_func=lambda i: sites[i] if i else t("audit.all", lang),
    key="audit_site",
)
kind = middle.selectbox(
    t("audit.filter.kind", lang),
    ["", *choices.kinds],
    format_func=lambda k: t(f"history.kind.{k}", lang) if k else t("audit.all", lang),
    key="audit_kind",
)
text = right.text_input(
    t("audit.filter.text", lang), key="audit_text", help=t("audit.filter.text_help", lang)
)
query = reads.HistoryQuery(
    day_from=day_from,
    day_to=day_to,
    actor=actor or None,
    site_id=site_id or None,
    kind=kind or None,
    text=text,
)
lines = reads.audit_lines(engine, query, lang)

if not lines:
    st.info(t("audit.empty", lang))
    st.stop()
table = pd.DataFrame(
    {
        t("audit.col.at", lang): [line.when for line in lines],
        t("audit.col.actor", lang): [line.who for line in lines],
        t("audit.col.what", lang): [line.sentence for line in lines],
    }
)
st.dataframe(table, hide_index=True, width="stretch")
st.caption(md_t("audit.shown", lang, count=len(lines), limit=query.limit))

st.subheader(t("audit.revert.title", lang))
st.caption(t("audit.revert.help", lang))
revertible = {line.entry_id: line for line in lines if line.revertible}
if not revertible:
    st.info(t("audit.revert.none", lang))
    st.stop()
if st.session_state.pop(REVERTED, False):
    # The list was read again; the change just reverted is stale now (a second click would be
    # refused), so it is no longer the one chosen: the choice starts at the newest.
    st.session_state["audit_revert_entry"] = next(iter(revertible))
chosen = st.selectbox(
    t("audit.revert.pick", lang),
    list(revertible),
    format_func=lambda i: f"{revertible[i].when} · {revertible[i].sentence}",
    key="audit_revert_entry",
)
st.markdown(md(revertible[chosen].sentence))
if st.button(t("audit.revert.button", lang), key="audit_revert", type="primary"):
    try:
        actions.revert_change(engine, chosen, actor=current_actor())
    except Refused as refused:
        show_refusal(refused, lang)
    else:
        flash("success", t("audit.revert.done", lang))
        st.session_state[REVERTED] = True
        st.rerun()
