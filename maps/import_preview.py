"""The map of a GIS import's preview: every planned feature, coloured by what will happen to it.

A builder taking plain data (``planner.gis.plan.preview_features`` makes it from an import
plan): GeoJSON geometries in lon/lat, an action and a label each. Drawn on the offline base
map (Leaflet served by the app, the city outline). Labels come from the uploaded file, so they
are escaped before they go into the map's HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import shapely
from shapely.geometry import shape

from geodata.boundary import CITY_OUTLINE_ATTRIBUTION, load_city_outline
from maps.drawing import add_city_outline, offline_map

#: Colour of each action on the preview map.
ACTION_COLOURS: Mapping[str, str] = {
    "create": "#1a9641",
    "update": "#fdae61",
    "unchanged": "#808080",
    "unassigned": "#7b3294",
    "refused": "#d7191c",
}
#: Where the map looks when nothing can be drawn (the centre of Jiayuguan).
CITY_CENTRE = (98.29, 39.80)


@dataclass(frozen=True)
class PreviewFeature:
    """One feature to draw: its GeoJSON geometry (lon/lat), action and tooltip text."""

    geometry: Mapping[str, Any]
    action: str
    text: str


def preview_map(features: Sequence[PreviewFeature]) -> folium.Map:
    """A folium map of the features, coloured by action, with escaped tooltips."""
    if features:
        bounds = shapely.total_bounds([shape(dict(f.geometry)) for f in features])
        centre = ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
    else:
        centre = CITY_CENTRE
    m = offline_map(centre, 15)
    add_city_outline(m, load_city_outline(), CITY_OUTLINE_ATTRIBUTION)
    if not features:
        return m
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": i,
                "properties": {"action": f.action, "text": html.escape(f.text)},
                "geometry": dict(f.geometry),
            }
            for i, f in enumerate(features)
        ],
    }
    folium.GeoJson(
        collection,
        name="import_preview",
        style_function=lambda f: {
            "color": ACTION_COLOURS.get(f["properties"]["action"], "#000000"),
            "weight": 2,
            "fillColor": ACTION_COLOURS.get(f["properties"]["action"], "#000000"),
            "fillOpacity": 0.4,
        },
        tooltip=folium.GeoJsonTooltip(fields=["text"], labels=False, sticky=True),
        control=False,
    ).add_to(m)
    m.fit_bounds([[bounds[1], bounds[0]], [bounds[3], bounds[2]]])
    return m
