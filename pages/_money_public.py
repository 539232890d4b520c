"""The 公示 of a compound's funds on its public page: total investment and where it comes from
(sources and amounts only: no contractor, no person)."""

from __future__ import annotations

import streamlit as st

from planner.handles import Engine
from planner.i18n import t
from planner.markup import md
from planner.money import reads, wording


def render_public_funds(engine: Engine, site_id: int, lang: str) -> None:
    """The compound's total investment (newest stage) and its funds per source."""
    funds = reads.public_funds(engine, site_id)
    st.header(t("money.public.title", lang))
    if not funds.has_figures:
        st.caption(t("money.public.none", lang))
        return
    shown = wording.public_investment(funds, lang)
    if shown is not None:
        label, amount = shown
        st.metric(md(label), amount)
    rows = wording.public_rows(funds, lang)
    if rows:
        header = (
            f"| {t('money.col.source', lang)} | {t('money.public.allocated', lang)} "
            f"| {t('money.public.disbursed', lang)} |\n|---|---:|---:|\n"
        )
        st.markdown(header + "\n".join(f"| {md(s)} | {md(a)} | {md(d)} |" for s, a, d in rows))
    st.caption(t("money.public.note", lang))
