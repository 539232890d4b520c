"""Planning map, the staff's home: sites coloured, labelled and filtered; a search by name flies
to a compound; a click lists its work items below the map (read-only for engineers).

The browser fetches the map's data from files under static/generated/ (maps/planning/data.py,
maps/planning/layer.py): the map script stays small, and colours, filters and the selection
travel through st_folium's feature-group channel, so a click or a filter change restyles the
drawn map instead of reloading it. The widgets live in pages/_map_panel.py.
"""

from __future__ import annotations

import streamlit as st
from streamlit_folium import st_folium

from maps.planning.layer import BASEMAPS, planning_map, state_feature_group
from maps.planning.reads import map_view
from maps.planning.view import selection_in
from pages import _map_panel as panel
from pages._common import (
    STATIC_DIR,
    get_engine,
    get_settings,
    page_start,
    signed_in_user,
    static_assets_installed,
)
from planner.accounts.access import Role
from planner.i18n import t


def may_edit() -> bool:
    """Staff and admins edit the works; engineers read them (planner.accounts.access)."""
    user = signed_in_user()
    return user is not None and user.role in (Role.STAFF, Role.ADMIN)


lang = page_start("planning_map")
static_assets_installed()
settings = get_settings()
st.title(t("map.title", lang))
st.caption(t("sidebar.illustrative", lang))

engine = get_engine()
programme, basemap, options, pm = panel.filters(engine, lang, settings.tianditu_token)
panel.search(pm, lang)
selected_site, selected_building = selection_in(
    pm, st.session_state.get(panel.SELECTED_SITE), st.session_state.get(panel.SELECTED_BUILDING)
)
view = map_view(
    engine,
    pm,
    static_dir=STATIC_DIR,
    lang=lang,
    options=options,
    datum=BASEMAPS[basemap].datum,
    selected_site_id=selected_site,
    selected_building_id=selected_building,
    photos=panel.photo_dots(engine, programme.id),
)
if not pm.sites:
    st.info(t("map.no_sites", lang))
m = planning_map(
    script=view.script_file,
    geometry=view.geometry_file,
    outline=view.outline_file,
    bounds=view.bounds,
    basemap=basemap,
    building_label=t("map.building_label", lang),
    # The full attribution is long: the map carries its short form, the caption all of it.
    attribution=t("map.outline_source_short", lang),
    tianditu_token=settings.tianditu_token,
    separator="：" if lang == "zh" else ": ",
)
# The map takes the page's whole width (the details of a selection follow below it).
value = st_folium(
    m,
    key=panel.map_key(),
    height=560,
    use_container_width=True,
    returned_objects=["last_active_drawing"],
    feature_group_to_add=state_feature_group({**view.payload, "flyTo": panel.fly_target()}),
    on_change=panel.on_map_change,
)
panel.map_notes(view, basemap, options, lang)
if panel.take_click(value):  # a click the callback did not see (e.g. in an AppTest run)
    st.rerun()
if selected_site is None:
    st.info(t("map.click_hint", lang))
else:
    panel.side_panel(
        engine, pm, programme.id, selected_site, selected_building, lang, editable=may_edit()
    )
