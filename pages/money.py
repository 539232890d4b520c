"""The programme's money (staff enter and approve, engineers read): the cost chain with its
flags, funding per source, contracts, monthly 计量 and payments awaiting a second person,
settlement, 审定价 and retention with its alerts."""

from __future__ import annotations

from datetime import date

import streamlit as st

from pages._common import current_actor, get_engine, page_start, signed_in_user
from pages._money_contracts import (
    change_form,
    contract_form,
    measurement_form,
    pending_lists,
    settlement_forms,
)
from pages._money_forms import budget_form, control_approval_form, funding_form, import_form
from pages._widgets import programme_picker, show_flashes
from planner.i18n import t
from planner.markup import md, md_t
from planner.money import reads
from planner.money import wording as words
from planner.money.checks import WRITERS
from planner.works import reads as works_reads

lang = page_start("money")
st.title(t("money.title", lang))
show_flashes()
engine = get_engine()
user = signed_in_user()
writer = user is not None and user.role in WRITERS
actor = current_actor() if writer else None
today = date.today()
if not writer:
    st.info(t("money.read_only", lang))

programmes = works_reads.programme_options(engine)
if not programmes:
    st.info(t("dashboard.no_programmes", lang))
    st.stop()
programme_id = programme_picker(
    programmes,
    lang=lang,
    label=t("money.programme", lang),
    key="money_programme",
    default_id=works_reads.programme_to_show(engine),
).id
chain = reads.programme_chain(engine, programme_id)
names = reads.compound_names(engine, programme_id)
free = reads.free_compounds(engine, programme_id)
funds = reads.programme_funds(engine, programme_id)
rows = reads.contract_rows(engine, programme_id)
payments, changes = reads.pending(engine, programme_id)
alerts = reads.retention_alerts(engine, today)

if reads.is_illustrative(engine, programme_id):
    st.caption(t("money.illustrative", lang))
contracts = {r.id: f"{r.section_code} {r.contractor}" for r in rows}
tabs = st.tabs(
    [t(f"money.tab.{k}", lang) for k in ("chain", "funding", "contracts", "payments", "settlement")]
)

with tabs[0]:
    metrics = words.chain_metrics(chain.total, lang)
    for row in (metrics[:4], metrics[4:]):
        for column, (label, value) in zip(st.columns(4), row, strict=False):
            column.metric(md(label), value)
    for kind, text in words.chain_notes(chain, lang):
        getattr(st, kind)(md(text))
    st.caption(t("money.chain.caption", lang))
    st.dataframe(words.chain_table(chain, names, lang), hide_index=True)
    if actor is not None:
        budget_form(engine, programme_id, names, actor, lang)
        control_approval_form(engine, chain, names, actor, lang)

with tabs[1]:
    st.dataframe(words.funds_table(funds, lang), hide_index=True)
    if actor is not None:
        funding_form(engine, programme_id, names, contracts, actor, lang)
        import_form(engine, programme_id, actor, lang)

with tabs[2]:
    if rows:
        st.dataframe(words.contracts_table(rows, lang), hide_index=True)
    else:
        st.info(t("money.contract.none", lang))
    if actor is not None and free:
        contract_form(engine, programme_id, free, actor, lang)

with tabs[3]:
    if actor is not None and contracts:
        measurement_form(engine, contracts, actor, lang, today)
    pending_lists(engine, payments, changes, actor, lang)
    if actor is not None:
        change_form(engine, rows, actor, lang)

with tabs[4]:
    st.subheader(t("money.alerts.title", lang))
    if not alerts:
        st.caption(md_t("money.alerts.none", lang, days=60))
    for alert in alerts:
        overdue, text = words.alert_line(alert, lang, today)
        (st.warning if overdue else st.info)(md(text))  # contractors' names as typed
    if actor is not None:
        settlement_forms(engine, rows, names, actor, lang)
