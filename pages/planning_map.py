"""Planning map: a programme's compounds coloured by progress; click one to list its buildings."""

from __future__ import annotations

import pandas as pd
import streamlit as st
from sqlmodel import Session
from streamlit_folium import st_folium

from geodata.boundary import CITY_OUTLINE_ATTRIBUTION, load_city_outline
from geodata.maps import (
    add_buildings,
    add_city_outline,
    add_sites,
    clicked_site_id,
    offline_map,
)
from pages._common import get_engine, page_start, static_assets_installed
from planner.i18n import t
from planner.map_data import get_site, programme_map_data, site_buildings
from planner.programmes import list_programmes

JIAYUGUAN_CENTRE = (98.289, 39.772)
SELECTED_KEY = "map_selected_site"

lang = page_start()
static_assets_installed()
st.title(t("map.title", lang))
st.caption(t("sidebar.illustrative", lang))

with Session(get_engine()) as session:
    programmes = list_programmes(session)
    if not programmes:
        st.info(t("map.no_sites", lang))
        st.stop()
    programme = st.selectbox(
        t("map.programme", lang),
        programmes,
        format_func=lambda p: f"{p.year} · {p.name_zh if lang == 'zh' else p.name_en}",
        index=next((i for i, p in enumerate(programmes) if p.key == "p2023"), 0),
    )
    data = programme_map_data(session, programme.id, lang)

map_col, side_col = st.columns([3, 2])
with map_col:
    if not data.sites:
        st.info(t("map.no_sites", lang))
    selected = st.session_state.get(SELECTED_KEY)
    if selected not in data.site_centers:
        selected = None  # chosen under another programme
    if selected is not None:  # zoom in on the chosen compound
        m = offline_map(data.site_centers[selected], 16)
    else:
        m = offline_map(data.center_lonlat or JIAYUGUAN_CENTRE, 14 if data.sites else 11)
    # The full attribution is long: the map carries its short form, the caption below all of it.
    add_city_outline(m, load_city_outline(), CITY_OUTLINE_ATTRIBUTION.split(", geometry")[0])
    add_sites(m, data.sites, lang)
    add_buildings(m, data.buildings, highlight_site_id=selected)
    state = st_folium(
        m,
        key="planning_map",
        height=560,
        use_container_width=True,
        returned_objects=["last_active_drawing"],
    )
    st.caption(CITY_OUTLINE_ATTRIBUTION)
    # Footprints cover most of a compound: a click on one selects its compound.
    clicked = clicked_site_id(state, building_selects_site=True)
    if clicked is not None and clicked != st.session_state.get(SELECTED_KEY):
        st.session_state[SELECTED_KEY] = clicked
        st.rerun()

with side_col:
    with Session(get_engine()) as session:
        site = get_site(session, selected) if selected is not None else None
        rows = site_buildings(session, site.id, programme.id) if site else []
    if site is None:
        st.info(t("map.click_hint", lang))
    else:
        name = site.name_zh if lang == "zh" or not site.name_en else site.name_en
        st.subheader(t("map.buildings_of", lang, name=name))
        st.caption(f"{t('status.' + site.status, lang)} · {site.sub_district} {site.community}")
        if not rows:
            st.info(t("map.no_buildings", lang))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("map.col.number", lang): [r.number for r in rows],
                        t("map.col.floors", lang): [r.floors for r in rows],
                        t("map.col.units", lang): [r.units for r in rows],
                        t("map.col.households", lang): [r.households for r in rows],
                        t("map.col.year_built", lang): [r.year_built for r in rows],
                        t("map.col.area", lang): [round(r.footprint_area_m2) for r in rows],
                        t("map.col.progress", lang): [(r.progress or 0) * 100 for r in rows],
                    }
                ),
                hide_index=True,
                column_config={
                    t("map.col.progress", lang): st.column_config.ProgressColumn(
                        format="%.0f%%", min_value=0, max_value=100
                    )
                },
            )
