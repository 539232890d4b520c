"""For the staff dashboard: warranties ending within 90 days and defects still open. The
dashboard calls::

    render_fieldwork_alerts(engine, lang, settings)
"""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import streamlit as st

from planner.fieldwork import reads
from planner.fieldwork.images import LOCAL_TIME
from planner.fieldwork.warranty import WarrantyPolicy
from planner.handles import Engine
from planner.i18n import scope_name, t
from planner.markup import md_t
from planner.settings import PlannerSettings

WITHIN_DAYS = 90


def render_fieldwork_alerts(engine: Engine, lang: str, settings: PlannerSettings) -> None:
    """Two tables (or a caption each when empty)."""
    today = datetime.now(LOCAL_TIME).date()
    policy = WarrantyPolicy.from_settings(settings)
    found = reads.alerts(engine, policy, today=today, within_days=WITHIN_DAYS)
    ending, defects = found.warranties_ending, found.open_defects
    st.subheader(md_t("alerts.warranty_title", lang, days=WITHIN_DAYS))
    if not ending:
        st.caption(t("alerts.none", lang))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("alerts.site", lang): [r.site_name_zh for r in ending],
                    t("alerts.building", lang): [r.building_number or "" for r in ending],
                    t("alerts.scope", lang): [scope_name(r.scope_key, lang) for r in ending],
                    t("alerts.accepted", lang): [r.accepted_on for r in ending],
                    t("alerts.ends", lang): [r.ends_on for r in ending],
                    t("alerts.days_left", lang): [r.days_left(today) for r in ending],
                }
            ),
            hide_index=True,
        )
    st.subheader(t("alerts.defects_title", lang))
    if not defects:
        st.caption(t("alerts.none", lang))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("alerts.site", lang): [d.site_name_zh for d in defects],
                    t("alerts.building", lang): [d.building_number or "" for d in defects],
                    t("alerts.scope", lang): [scope_name(d.scope_key, lang) for d in defects],
                    t("alerts.found", lang): [d.found_on for d in defects],
                    t("alerts.defect", lang): [d.description for d in defects],
                }
            ),
            hide_index=True,
        )
