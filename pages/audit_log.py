"""Audit log (admin): who changed what and when."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from pages._common import get_engine, page_start
from planner.audit import AuditFilter, audit_log, audit_log_choices
from planner.i18n import t

lang = page_start("audit_log")
engine = get_engine()
st.title(t("page.audit", lang))
st.caption(t("audit.intro", lang))

actors, entities = audit_log_choices(engine)
everyone = t("audit.all", lang)
left, right = st.columns(2)
actor = left.selectbox(t("audit.filter.actor", lang), [everyone, *actors], key="audit_actor")
entity = right.selectbox(t("audit.filter.entity", lang), [everyone, *entities], key="audit_entity")
where = AuditFilter(
    actor=None if actor == everyone else actor, entity=None if entity == everyone else entity
)
rows = audit_log(engine, where)

if not rows:
    st.info(t("audit.empty", lang))
else:
    table = pd.DataFrame(rows)
    table.columns = [t(f"audit.col.{c}", lang) for c in table.columns]
    st.dataframe(table, hide_index=True, width="stretch")
