"""The compound finder of the public pages: a search box, the hits a page at a time with
their total (newest programme first), and the map of all sites. ``?q=`` carries the search,
so the home page's search box and a shared link open it."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit_folium import st_folium

from geodata.boundary import CITY_OUTLINE_ATTRIBUTION, load_city_outline
from maps.drawing import SiteMapFeature, add_city_outline, add_sites, clicked_site_id, offline_map
from pages._common import static_assets_installed
from pages._widgets import name_of
from planner.handles import Engine
from planner.i18n import t
from planner.markup import md_t
from planner.portal import reads
from planner.portal.finder import QUERY_MAX
from planner.portal.view import markdown_text

PAGE_KEY = "portal_page"


def _new_query() -> None:
    """A new search starts on its first page; the link keeps it (``?q=``)."""
    st.session_state[PAGE_KEY] = 1
    text = st.session_state.get("portal_query", "")
    if text:
        st.query_params["q"] = text
    elif "q" in st.query_params:
        del st.query_params["q"]


def _turn(step: int) -> None:
    st.session_state[PAGE_KEY] = st.session_state.get(PAGE_KEY, 1) + step


def finder(engine: Engine, lang: str, open_site: Callable[[str], None]) -> None:
    """The search and its hits, then the map; ``open_site(key)`` opens a compound."""
    st.title(t("portal.find.title", lang))
    st.caption(t("portal.find.intro", lang))
    query = st.text_input(
        t("portal.find.search", lang),
        value=st.query_params.get("q", ""),
        placeholder=t("portal.find.placeholder", lang),
        max_chars=QUERY_MAX,
        key="portal_query",
        on_change=_new_query,
    )
    found = reads.find_compounds(engine, query, st.session_state.get(PAGE_KEY, 1))
    st.session_state[PAGE_KEY] = found.page  # a page past the end is the last one
    if found.query and not found.hits:
        st.info(markdown_text(t("portal.find.none", lang, query=found.query)))
    elif found.hits:
        key = "portal.find.count" if found.query else "portal.find.all"
        where = {"first": found.first, "last": found.last, "page": found.page}
        st.caption(md_t(key, lang, total=found.total, pages=found.pages, **where))
    for hit in found.hits:
        parts = [hit.name(lang), hit.sub_district, str(hit.programme_year or "")]
        label = markdown_text("　".join(p for p in parts if p))
        st.button(
            label, key=f"open_{hit.key}", on_click=open_site, args=(hit.key,), width="stretch"
        )
    if found.pages > 1:
        back, forward = st.columns(2)
        back.button(
            t("portal.find.prev", lang), key="portal_prev", on_click=_turn, args=(-1,),
            disabled=found.page <= 1, width="stretch",
        )  # fmt: skip
        forward.button(
            t("portal.find.next", lang), key="portal_next", on_click=_turn, args=(1,),
            disabled=found.page >= found.pages, width="stretch",
        )  # fmt: skip

    with st.expander(t("portal.find.map", lang)):
        static_assets_installed()
        sites = reads.public_map_sites(engine)
        features = [
            SiteMapFeature(s.id, name_of(s, lang), s.kind, s.status, s.progress, s.geometry)
            for s in sites
        ]
        m = offline_map((98.29, 39.80), 12)
        add_city_outline(m, load_city_outline(), CITY_OUTLINE_ATTRIBUTION)
        add_sites(m, features, lang)
        state = st_folium(m, key="portal_map", height=360, returned_objects=["last_active_drawing"])
        picked = clicked_site_id(state)
        if picked is not None:
            key = next((s.key for s in sites if s.id == picked), None)
            if key:
                open_site(key)
                st.rerun()
