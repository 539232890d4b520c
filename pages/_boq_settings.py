"""The "fees and parameters" expander of the bill-of-quantities page: the default 取费 rates and
trench assumptions in an editor; the changed values become this export's overrides. And the
choice of the outdoor pipes' 单位工程 (one 室外配套 unit with the 市政 fee set, or per
profession)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from planner.boq import view
from planner.boq.choices import OutdoorUnit
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


def outdoor_setting(lang: str) -> str:
    """The radio choosing where the outdoor pipes and their groundworks are billed (the
    value of ``BoqOptions.outdoor``), with the fee set that unit uses stated below."""
    choice = st.radio(
        t("boq.outdoor", lang),
        [o.value for o in OutdoorUnit],
        format_func=lambda o: t(f"boq.outdoor.{o}", lang),
        key="boq_outdoor",
        horizontal=True,
    )
    st.caption(t(f"boq.outdoor.{choice}.fees", lang))
    return str(choice)
