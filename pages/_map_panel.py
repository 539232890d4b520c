"""The planning map page's widgets: the filters above the map, clicks, the side panel.

Kept out of the page script itself: Streamlit compiles an imported module once, while a page
script is recompiled whenever every session has disconnected.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from maps.drawing import clicked_building_id, clicked_site_id
from maps.planning import reads as map_reads
from maps.planning.data import ProgrammeMap
from maps.planning.details import buildings_table, editor_query, work_items_table
from maps.planning.layer import BASEMAPS
from maps.planning.view import (
    COLOUR_MODES,
    MapOptions,
    MapPhoto,
    PlanningMapView,
    map_filter_choices,
)
from pages._widgets import name_of, programme_picker
from planner.fieldwork import reads as field_reads
from planner.handles import Engine
from planner.i18n import scope_name, t
from planner.ids import parse_id
from planner.markup import md, md_t
from planner.works import reads as works_reads

MAP_KEY = "planning_map"
MAP_EPOCH = "map_epoch"  # part of the map's key: a new value gives a fresh map (see _clear)
SELECTED_SITE = "map_selected_site"
SELECTED_BUILDING = "map_selected_building"
LAST_CLICK = "map_last_click"
FLY_TO = "map_fly_to"  # {"site": id, "seq": n}: the compound a search chose, once per search
EDITOR_PAGE = "pages/work_items_editor.py"
BOQ_PAGE = "pages/boq_export.py"


def take_click(value: object) -> bool:
    """Select what a map click names (once per click); True when the selection changed."""
    drawing = value.get("last_active_drawing") if isinstance(value, dict) else None
    ident = (drawing.get("id"), str(drawing.get("properties"))) if drawing else None
    if ident == st.session_state.get(LAST_CLICK):
        return False
    st.session_state[LAST_CLICK] = ident
    site_id = clicked_site_id(value, building_selects_site=True)  # type: ignore[arg-type]
    if site_id is None:
        return False
    st.session_state[SELECTED_SITE] = site_id
    st.session_state[SELECTED_BUILDING] = clicked_building_id(value)  # type: ignore[arg-type]
    return True


def _on_search(key: str) -> None:
    site_id = st.session_state.get(key)
    if site_id is None:
        return
    st.session_state[SELECTED_SITE] = site_id
    st.session_state[SELECTED_BUILDING] = None
    seq = (st.session_state.get(FLY_TO) or {}).get("seq", 0) + 1
    st.session_state[FLY_TO] = {"site": site_id, "seq": seq}
    st.session_state[key] = None  # ready for the next search (the same name flies again)


def search(pm: ProgrammeMap, lang: str) -> None:
    """Find a compound by name (typing filters the list): it is selected and the map flies to
    it."""
    names = {s.id: s.name(lang) for s in pm.sites}
    key = _key("search", lang, pm.programme_id)
    st.selectbox(
        t("map.search", lang),
        sorted(names, key=names.__getitem__),
        index=None,
        format_func=names.__getitem__,
        placeholder=t("map.search_placeholder", lang),
        key=key,
        on_change=_on_search,
        args=(key,),
    )


def fly_target() -> dict | None:
    """What the map flies to (the last search), for the map's state payload."""
    return st.session_state.get(FLY_TO)


def map_key() -> str:
    return f"{MAP_KEY}-{st.session_state.get(MAP_EPOCH, 0)}"


def on_map_change() -> None:
    # Runs before the rerun a click causes, so that rerun already draws the new selection.
    take_click(st.session_state.get(map_key()))


def _key(name: str, lang: str, *parts: object) -> str:
    """Widget key per language (and per option set): a keyed widget whose option labels change
    keeps showing the old label, so each language gets its own widget. The chosen value is
    kept language-neutral under ``map_<name>`` and carried over (see _index)."""
    return "-".join(["map", name, lang, *map(str, parts)])


def _index(options: list, name: str, default: int = 0) -> int:
    value = st.session_state.get(f"map_{name}")
    return options.index(value) if value in options else default


def _keep(name: str, value: object) -> object:
    st.session_state[f"map_{name}"] = value
    return value


def _on_colour_change(colour_key: str, scope_key: str, first_scope: str | None) -> None:
    # Colouring by one scope with no scope chosen: choose the programme's first one.
    if st.session_state.get(colour_key) == "scope" and not st.session_state.get(scope_key):
        st.session_state["map_scope"] = first_scope
        st.session_state.pop(scope_key, None)  # recreated with the new index


def _clear_selection() -> None:
    st.session_state[SELECTED_SITE] = None
    st.session_state[SELECTED_BUILDING] = None
    # st_folium reports a click only when its value changes: without a fresh map, clicking the
    # same feature again would not select it again.
    st.session_state[MAP_EPOCH] = st.session_state.get(MAP_EPOCH, 0) + 1
    st.session_state[LAST_CLICK] = None
    st.session_state[FLY_TO] = None  # the fresh map does not fly back to the last search


def _editor_link(label: str, site_id: int, building_id: int | None = None) -> None:
    params = editor_query(site_id, building_id)
    st.page_link(EDITOR_PAGE, label=md(label), icon=":material/edit_note:", query_params=params)


def _boq_link(label: str, programme_id: int, site_id: int, building_id: int | None = None) -> None:
    """A link to the bill of quantities of the selected compound or building."""
    params = {"programme": str(programme_id), "site": str(site_id)}
    if building_id is not None:
        params["buildings"] = str(building_id)
    st.page_link(BOQ_PAGE, label=md(label), icon=":material/request_quote:", query_params=params)


def _table_or_note(frame: pd.DataFrame, empty_key: str, lang: str) -> None:
    """A table with its progress column as bars, or a note when it has no rows."""
    if frame.empty:
        st.info(t(empty_key, lang))
        return
    progress = st.column_config.ProgressColumn(format="%.0f%%", min_value=0, max_value=100)
    st.dataframe(frame, hide_index=True, column_config={t("map.col.progress", lang): progress})


def filters(
    engine: Engine, lang: str, tianditu_token: str
) -> tuple[Any, str, MapOptions, ProgrammeMap]:
    """The choices above the map; returns (programme, basemap, options, programme map)."""
    programmes = works_reads.programme_options(engine)
    if not programmes:
        st.info(t("map.no_sites", lang))
        st.stop()
    top = st.columns([3, 2])
    programme = programme_picker(
        programmes,
        lang=lang,
        label=t("map.programme", lang),
        key="map_programme",
        # A link may name the programme (``?programme=<id>``); else the one people follow now.
        default_id=parse_id(st.query_params.get("programme"))
        or works_reads.programme_to_show(engine),
        container=top[0],
    )
    basemaps = [k for k, b in BASEMAPS.items() if not b.needs_token or tianditu_token]
    basemap = _keep(
        "basemap",
        top[1].selectbox(
            t("map.filter.basemap", lang),
            basemaps,
            format_func=lambda k: t(f"map.basemap.{k}", lang),
            index=_index(basemaps, "basemap"),
            key=_key("basemap", lang, len(basemaps)),
        ),
    )
    pm = map_reads.programme_map(engine, programme.id)
    choices = map_filter_choices(pm)
    scopes = ["", *choices.scope_keys]  # "" = all (a None option would make the box clearable)
    scope_key = _key("scope", lang, programme.id)
    row = st.columns([3, 2, 2, 2])
    colour = _keep(
        "colour",
        row[0].radio(
            t("map.filter.colour", lang),
            COLOUR_MODES,
            format_func=lambda c: t(f"map.colour.{c}", lang),
            index=_index(list(COLOUR_MODES), "colour"),
            horizontal=True,
            key=_key("colour", lang),
            on_change=_on_colour_change,
            args=(_key("colour", lang), scope_key, choices.scope_keys[0] if scopes[1:] else None),
        ),
    )
    scope = _keep(
        "scope",
        row[1].selectbox(
            t("map.filter.scope", lang),
            scopes,
            format_func=lambda k: scope_name(k, lang) if k else t("map.filter.scope_all", lang),
            index=_index(scopes, "scope"),
            key=scope_key,
        ),
    )
    kept = st.session_state.get("map_sub_districts", [])
    sub_districts = _keep(
        "sub_districts",
        row[2].multiselect(
            t("map.filter.sub_district", lang),
            choices.sub_districts,
            default=[d for d in kept if d in choices.sub_districts],
            placeholder=t("map.filter.all", lang),
            key=_key("sub_districts", lang, programme.id),
        ),
    )
    statuses = _keep(
        "statuses",
        row[3].multiselect(
            t("map.filter.status", lang),
            choices.statuses,
            default=st.session_state.get("map_statuses", []),
            format_func=lambda s: t(f"status.{s}", lang),
            placeholder=t("map.filter.all", lang),
            key=_key("statuses", lang),
        ),
    )
    options = MapOptions(colour, scope or None, frozenset(sub_districts), frozenset(statuses))
    return programme, basemap, options, pm


def map_notes(view: PlanningMapView, basemap: str, options: MapOptions, lang: str) -> None:
    counts = {"shown": view.shown_sites, "dimmed": view.dimmed_sites, "hidden": view.hidden_sites}
    notes = [md_t("map.summary", lang, **counts)]
    if options.colour == "scope" and options.scope_key is None and view.scope_key:
        notes.append(md_t("map.scope_defaulted", lang, scope=scope_name(view.scope_key, lang)))
    if basemap != "none":
        notes.append(t("map.basemap.online_note", lang))
    if BASEMAPS[basemap].datum == "gcj02":
        notes.append(t("map.basemap.gcj_note", lang))
    notes.append(t("map.outline_source", lang))
    st.caption("  \n".join(notes))


def side_panel(
    engine: Engine,
    pm: ProgrammeMap,
    programme_id: int,
    site_id: int,
    building_id: int | None,
    lang: str,
    *,
    editable: bool = True,
) -> None:
    """The selected site (its buildings and site-level items) and building (its items); links
    to edit them when ``editable`` (staff), a note that they are read-only otherwise."""
    place = map_reads.selected_place(engine, programme_id, site_id, building_id)
    if place is None:
        return
    site = place.site
    name = name_of(site, lang)
    st.subheader(md_t("map.buildings_of", lang, name=name))
    progress = pm.stats.site_progress.get(site.id)
    facts = [t(f"status.{site.status}", lang), f"{site.sub_district} {site.community}".strip()]
    facts += [f"{t('map.progress', lang)} {round(progress * 100)}%"] if progress is not None else []
    st.caption(" · ".join(md(fact) for fact in facts if fact))  # names from a GIS file
    st.button(t("map.clear_selection", lang), on_click=_clear_selection, key="map_clear")
    if place.building_id is not None:
        st.markdown(f"**{md_t('map.building_items', lang, number=place.building_number)}**")
        _table_or_note(work_items_table(place.building_items, lang), "map.no_items", lang)
        if editable:
            _editor_link(t("map.edit_building", lang), site.id, place.building_id)
        _boq_link(t("map.boq_building", lang), programme_id, site.id, place.building_id)
    elif place.buildings:
        st.caption(t("map.building_hint", lang))
    _table_or_note(buildings_table(place.buildings, lang), "map.no_buildings", lang)
    st.markdown(f"**{t('map.site_items', lang)}**")
    _table_or_note(work_items_table(place.site_items, lang), "map.no_items", lang)
    if editable:
        _editor_link(t("map.edit_site", lang), site.id)
    else:
        st.caption(t("map.read_only", lang))
    _boq_link(t("map.boq_site", lang), programme_id, site.id)
    _photos(engine, site.id, building_id, lang)


def photo_dots(engine: Engine, programme_id: int) -> list[MapPhoto]:
    """The programme's site photos as dots (at their GPS fix, else their building's centre)."""
    return [
        MapPhoto(p.photo_id, p.lon, p.lat, p.stage)
        for p in field_reads.photo_points(engine, programme_id=programme_id)
    ]


def _photos(engine: Engine, site_id: int, building_id: int | None, lang: str) -> None:
    """Thumbnails of the selected building's photos (or the site's), newest first."""
    rows = [
        p
        for p in field_reads.site_photos(engine, site_id=site_id, limit=60)
        if building_id is None or p.building_id == building_id
    ][:12]
    st.markdown(f"**{t('map.photos', lang)}**")
    if not rows:
        st.caption(t("map.no_photos", lang))
        return
    thumbs = field_reads.thumbnails(engine, [p.id for p in rows])
    columns = st.columns(3)
    for i, photo in enumerate(rows):
        thumb = thumbs.get(photo.id)
        if thumb is not None:
            columns[i % 3].image(thumb, caption=t(f"photo.stage.{photo.stage}", lang))
