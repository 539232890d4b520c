"""The "fees and parameters" expander of the bill-of-quantities page: the default 取费 rates and
trench assumptions in an editor; the changed values become this export's overrides."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.boq import view
from planner.i18n import t


def export_settings(
    lang: str,
) -> tuple[tuple[tuple[str, float], ...], tuple[tuple[str, float], ...]]:
    """Show the editor; return (fee overrides, groundwork overrides) for BoqOptions."""
    rows = view.settings_rows(lang)
    with st.expander(t("boq.settings", lang)):
        st.caption(t("boq.settings.intro", lang))
        edited = st.data_editor(
            pd.DataFrame(view.shown_settings(rows)),
            key="boq_settings",
            hide_index=True,
            disabled=["profession", "name", "base", "status", "source"],
            column_config={
                "profession": st.column_config.TextColumn(t("boq.col.profession", lang)),
                "name": st.column_config.TextColumn(t("boq.col.fee", lang)),
                "value": st.column_config.NumberColumn(t("boq.col.value", lang), min_value=0.0),
                "base": st.column_config.TextColumn(t("boq.col.base", lang)),
                "status": st.column_config.TextColumn(t("boq.col.fee_status", lang)),
                "source": st.column_config.TextColumn(t("boq.col.source", lang), width="large"),
            },
        )
    return view.overrides(rows, edited.to_dict("records"))
