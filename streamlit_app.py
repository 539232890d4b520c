"""Entry point and frame of the Renovation Planner: page config, engine, navigation, sidebar."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from pages._common import current_lang, get_engine, leave_legacy_pages_mode
from planner.access import Audience, pages_by_audience
from planner.i18n import LANGUAGES, t

st.set_page_config(
    page_title="老旧小区改造规划 · Renovation Planner",
    # A local image: a material-icon favicon would be fetched from Google's servers.
    page_icon=str(Path(__file__).resolve().parent / "static" / "favicon.png"),
    layout="wide",
)

leave_legacy_pages_mode()
get_engine()  # migrate, and seed a new database, before any page reads it

with st.sidebar:
    st.radio(
        t("sidebar.language", "zh"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="lang",
        horizontal=True,
    )
lang = current_lang()

# No logins yet: every audience is visible. Access control narrows this list by role.
groups = pages_by_audience(list(Audience))
navigation = st.navigation(
    {
        t(f"nav.{audience.value}", lang): [
            st.Page(
                spec.path,
                title=t(spec.title_key, lang),
                icon=spec.icon,
                url_path=spec.url_path,
                default=spec.default,
            )
            for spec in specs
        ]
        for audience, specs in groups.items()
    }
)

with st.sidebar:
    st.caption(t("sidebar.illustrative", lang))

navigation.run()
