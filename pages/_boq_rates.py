"""The rate-library tab of the bill-of-quantities page: edit, import and export a programme's
综合单价 (planner.boq.rates does the work)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from pages._boq_quota import quota_section
from pages._common import current_actor, get_settings
from pages._errors import show_refusal
from pages._widgets import flash
from planner.boq import actions, rates, reads, view
from planner.errors import Refused
from planner.i18n import t
from planner.uploads import UploadLimits

RATES_NONCE = "boq_rates_nonce"


def rate_library(engine: Any, programme: Any, lang: str, *, result_key: str) -> None:
    """The tab: the rate table as an editor, save, import and the two exports."""
    programme_id = programme.id
    st.caption(t("boq.rates.intro", lang))
    table = reads.rate_table(engine, programme_id)
    if not table.stored:
        st.info(t("boq.rates.defaults_only", lang))
    entries = table.rows()
    frame = pd.DataFrame(view.rate_rows_shown(entries, lang))
    frame["indicative"] = frame["indicative"].astype(bool)
    nonce = st.session_state.get(RATES_NONCE, 0)
    money = {"min_value": 0.0, "format": "%.2f"}
    edited = st.data_editor(
        frame,
        key=f"boq_rates_{programme_id}_{nonce}",
        hide_index=True,
        disabled=["scope_name", "unit"],
        placeholder="—",
        column_config={
            "scope_name": st.column_config.TextColumn(t("boq.col.scope", lang)),
            "unit": st.column_config.TextColumn(t("boq.col.unit", lang)),
            "unit_rate": st.column_config.NumberColumn(t("boq.col.rate", lang), **money),
            "provisional_rate": st.column_config.NumberColumn(
                t("boq.rates.col.provisional", lang), **money
            ),
            "indicative": st.column_config.CheckboxColumn(t("boq.rates.col.indicative", lang)),
            "source": st.column_config.TextColumn(t("boq.col.source", lang), width="large"),
            "description": st.column_config.TextColumn(
                t("boq.rates.col.description", lang), width="large"
            ),
        },
    )
    actor = current_actor()  # the logged-in user, recorded in the audit entry

    def saved(key: str, count: int) -> None:
        flash("success", t(key, lang, count=count))
        st.session_state[RATES_NONCE] = nonce + 1
        st.session_state.pop(result_key, None)  # a bill made before used the old rates
        st.rerun()

    if st.button(t("boq.rates.save", lang), type="primary", key="boq_rates_save"):
        shown = edited.astype(object).where(edited.notna(), None).to_dict("records")
        records = view.rate_records(entries, shown, lang)
        try:
            count = actions.save_rates(engine, programme_id, records, actor=actor)
        except Refused as refused:  # every bad row, each with its reason
            show_refusal(refused, lang)
        else:
            saved("boq.rates.saved" if count else "boq.rates.unchanged", count)
    upload = st.file_uploader(
        t("boq.rates.import", lang), type=["xlsx", "csv"], key=f"boq_rates_upload_{nonce}"
    )
    if upload is not None and st.button(t("boq.rates.import_button", lang), key="boq_import"):
        try:
            count = actions.import_rates(
                engine,
                programme_id,
                upload.getvalue(),
                upload.name,
                actor=actor,
                limits=UploadLimits.from_settings(get_settings(), "rates"),  # as the CLI's
            )
        except Refused as refused:
            show_refusal(refused, lang)
        else:
            saved("boq.rates.imported", count)
    ex = st.columns(2)
    name = f"综合单价_{programme.key}"
    ex[0].download_button(
        t("boq.rates.export_xlsx", lang),
        rates.export_rates_xlsx(entries),
        file_name=f"{name}.xlsx",
        key="boq_rates_xlsx",
        icon=":material/download:",
    )
    ex[1].download_button(
        t("boq.rates.export_csv", lang),
        rates.export_rates_csv(entries),
        file_name=f"{name}.csv",
        mime="text/csv",
        key="boq_rates_csv",
        icon=":material/download:",
    )
    quota_section(engine, programme, lang, result_key=result_key)
