"""Entry point and frame of the Renovation Planner: page config, engine, navigation, sidebar.

Every page of the registry (``planner.accounts.access.PAGES``) is known to ``st.navigation``,
so a typed or bookmarked URL always reaches its page; the menu in the sidebar lists only the
pages the visitor's role may see, and a page the role may not see shows the login form instead
of running (checked here and again by the page itself, ``pages/_common.page_start``).
"""

from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from pages._auth import (
    current_user,
    log_out,
    require_access,
    write_pending_cookie,
)
from pages._common import (
    current_lang,
    freeze_long_lived_objects,
    get_engine,
    keep_lang_in_url,
    lang_from_url,
    use_engine_maker,
)
from pages._errors import show_failure
from pages._streamlit_compat import frame_running, leave_legacy_pages_mode, take_wanted_page
from planner.accounts.access import PAGES, audiences_for, pages_by_audience
from planner.i18n import LANGUAGES, t
from planner.markup import md_t
from planner.runtime.engine import Engine, engine_for

st.set_page_config(
    page_title="老旧小区改造规划 · Renovation Planner",
    # A local image: a material-icon favicon would be fetched from Google's servers.
    page_icon=str(Path(__file__).resolve().parent / "static" / "favicon.png"),
    layout="wide",
)


@st.cache_resource(show_spinner=False)
def _engine_for(url: str, sqlite_busy_timeout_ms: int) -> Engine:
    """The engine of a database, migrated and (a new one) seeded once per process, before any
    page reads it; the pages get it through pages/_common.get_engine."""
    return engine_for(url, sqlite_busy_timeout_ms=sqlite_busy_timeout_ms)


use_engine_maker(_engine_for)
leave_legacy_pages_mode()
engine = get_engine()
freeze_long_lived_objects()  # once per process: keeps Streamlit's post-run GC cheap

lang_from_url()  # a reload keeps the language: ?lang=en (pages/_common.py)
with st.sidebar:
    st.radio(
        t("sidebar.language", "zh"),
        options=list(LANGUAGES),
        format_func=LANGUAGES.__getitem__,
        key="lang",
        horizontal=True,
    )
lang = current_lang()
user = current_user(engine)

pages = {
    spec.url_path: st.Page(
        spec.path,
        title=t(spec.title_key, lang),
        icon=spec.icon,
        url_path=spec.url_path,
        default=spec.default,
    )
    for spec in PAGES
}
navigation = st.navigation(list(pages.values()), position="hidden")
running = next((spec for spec in PAGES if pages[spec.url_path] is navigation), None)
wanted = take_wanted_page()  # a page first run without the frame (pages/_streamlit_compat.py)
if wanted is not None and wanted[0] in pages:
    st.switch_page(pages[wanted[0]], query_params=wanted[1])

with st.sidebar:
    for audience, specs in pages_by_audience(audiences_for(user.role if user else None)).items():
        shown = [s for s in specs if not (user and s.url_path == "login")]
        if shown:
            st.caption(t(f"nav.{audience.value}", lang))
            for spec in shown:
                st.page_link(pages[spec.url_path])
    st.divider()
    if user is not None:
        role_name = t(f"role.{user.role}", lang)
        st.caption(md_t("login.signed_in_as", lang, name=user.label, role=role_name))
        if st.button(t("login.logout", lang), key="logout", icon=":material/logout:"):
            log_out(engine)
            st.rerun()
    st.caption(t("sidebar.illustrative", lang))
    write_pending_cookie()
keep_lang_in_url(lang)

require_access(engine, running, user, lang)  # the user the menu was drawn for
try:
    with frame_running():
        navigation.run()
except Exception as error:  # a sentence and an error number, never a trace (pages/_errors.py)
    show_failure(error, lang)
    if os.environ.get("PLANNER_RAISE_PAGE_ERRORS") == "1":  # tests see the error itself
        raise
