"""What a click on a map names: the site or building ``st_folium`` reports.

``st_folium`` returns the clicked feature as ``last_active_drawing`` (or, for folium's own
layers, ``last_object_clicked_tooltip``); these pure functions read ids out of it, refusing
anything that is not a plain integer id of the expected kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: Site kinds drawn by :func:`add_sites` (polygons and lines).
SITE_KINDS = ("compound", "linear")
#: Kind of a building feature in the embedded-GeoJSON maps.
BUILDING_KIND = "building"

# --------------------------------------------------------------------------------------------
# Reading st_folium's answer
# --------------------------------------------------------------------------------------------


def _clicked_drawing(map_state: Any) -> Mapping[str, Any] | None:
    if not isinstance(map_state, Mapping):
        return None
    drawing = map_state.get("last_active_drawing")
    return drawing if isinstance(drawing, Mapping) else None


def _json_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return None


# One-letter kinds of the lean features of ``maps.planning.layer`` (top-level ``id``,
# ``properties.k``, a building's site in ``properties.s``).
_LEAN_SITE_KINDS = ("c", "l")
_LEANBUILDING_KIND = "b"


def _clicked(map_state: Any) -> tuple[str, int | None, int | None] | None:
    """``(what, id, site id)`` of the clicked feature: what is "site" or "building"."""
    drawing = _clicked_drawing(map_state)
    if drawing is None:
        return None
    props = drawing.get("properties")
    if not isinstance(props, Mapping):
        return None
    kind = props.get("kind")
    if kind in SITE_KINDS:
        return "site", _json_int(props.get("id")), None
    if kind == BUILDING_KIND:
        return "building", _json_int(props.get("id")), _json_int(props.get("site_id"))
    lean = props.get("k")
    if lean in _LEAN_SITE_KINDS:
        return "site", _json_int(drawing.get("id")), None
    if lean == _LEANBUILDING_KIND:
        return "building", _json_int(drawing.get("id")), _json_int(props.get("s"))
    return None


def clicked_site_id(map_state: dict | None, *, building_selects_site: bool = False) -> int | None:
    """Site id of the last clicked site feature, from the value ``st_folium`` returns.

    Call ``st_folium(m, key=..., returned_objects=["last_active_drawing"])``. After a click on a
    feature its value is Leaflet's ``layer.toGeoJSON()`` of the clicked path. Two shapes are
    understood:

    * features of :func:`add_sites` / :func:`add_buildings`: ``{"type": "Feature", "id": 2,
      "properties": {"id": 2, "kind": "compound", "status": ..., "progress_pct": ...,
      "name": ...}, "geometry": {...}}`` (a building: ``kind`` "building", ``site_id``);
    * lean features of :class:`maps.planning.layer.PlannerLayer`: ``{"type": "Feature",
      "id": 2, "properties": {"k": "c"}, ...}`` (``"l"`` linear works; a building:
      ``{"k": "b", "s": <site id>, "n": <number>}``).

    Before any click it is ``{"last_active_drawing": None}``. The value stays the last clicked
    feature until another feature is clicked (a click on empty map changes nothing).

    Parameters
    ----------
    map_state : dict or None
        What ``st_folium`` returned.
    building_selects_site : bool, default False
        If True, a click on a building footprint gives the id of the site the building belongs
        to (footprints can cover most of a compound).

    Returns
    -------
    int or None
        The site id, or None before any click, after a click on a building (unless
        ``building_selects_site``) or on anything that is not a site, or when the input is
        malformed.
    """
    clicked = _clicked(map_state)
    if clicked is None:
        return None
    what, feature_id, site_id = clicked
    if what == "site":
        return feature_id
    return site_id if building_selects_site else None


def clicked_building_id(map_state: dict | None) -> int | None:
    """Building id of the last clicked footprint, from the value ``st_folium`` returns.

    Parameters
    ----------
    map_state : dict or None
        What ``st_folium(..., returned_objects=["last_active_drawing"])`` returned (either
        feature shape of :func:`clicked_site_id`).

    Returns
    -------
    int or None
        The building id, or None when the last click was not on a building or the input is
        malformed.
    """
    clicked = _clicked(map_state)
    if clicked is None or clicked[0] != "building":
        return None
    return clicked[1]
