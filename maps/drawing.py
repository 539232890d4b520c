"""Folium map builders for the planner: offline base map, city outline, sites, buildings, legend.

Pure functions, no streamlit. Input geometries are GeoJSON geometry dicts in lon/lat
(EPSG:4326, WGS84 ≈ CGCS2000), the CRS folium and Leaflet expect; GCJ-02 never reaches these
builders. Every map loads only the Leaflet served by the app itself (see ``maps.assets``), so
it draws with no internet; the builders add nothing that needs jQuery, Bootstrap or a CDN.

Security: every string that can reach the browser's HTML (site names, building labels,
attribution, legend text) is escaped with ``html.escape`` here, because Leaflet and folium insert
tooltips, attribution and controls with ``innerHTML``. The data is embedded with ``tojson``,
which also escapes ``<``, ``>`` and ``&`` inside the script.

Do not cache the returned ``folium.Map`` (``st_folium`` renames its elements in place); build a
fresh one per run, it is cheap.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import MacroElement
from jinja2 import Template

from maps.assets import LEAFLET_CSS_URL, LEAFLET_JS_URL
from maps.clicks import (  # the kinds of features, and reading clicks on them
    BUILDING_KIND,
    SITE_KINDS,
    clicked_building_id,
    clicked_site_id,
)

__all__ = [
    "BUILDING_CLASS",
    "BUILDING_HIGHLIGHT_CLASS",
    "PROGRESS_PALETTE",
    "SITE_CLASSES",
    "SITE_KINDS",
    "SiteMapFeature",
    "BuildingMapFeature",
    "ProgressLegend",
    "add_buildings",
    "add_city_outline",
    "add_sites",
    "clicked_building_id",
    "clicked_site_id",
    "offline_map",
    "progress_color",
    "progress_legend",
]


#: CSS class of each site's SVG path, by kind (Leaflet ``className``; SVG renderer only).
SITE_CLASSES = {"compound": "site-compound", "linear": "site-linear"}

#: CSS class of every building footprint path, and the extra class of highlighted ones.
BUILDING_CLASS = "building-footprint"
BUILDING_HIGHLIGHT_CLASS = "building-highlight"

#: Five progress steps, red (not started) to green (done): ColorBrewer RdYlGn, 5 classes.
PROGRESS_PALETTE = ("#d7191c", "#fdae61", "#ffffbf", "#a6d96a", "#1a9641")

_LANGS = ("zh", "en")
_TEXT = {
    "zh": {"name": "名称", "progress": "进度 (%)", "legend_title": "改造进度"},
    "en": {"name": "Name", "progress": "Progress (%)", "legend_title": "Renovation progress"},
}
# Coordinates are rounded to 6 decimals (about 0.1 m): it shrinks the map script by about a fifth
# and is far below the precision of any footprint we draw.
_COORD_DECIMALS = 6
_OUTLINE_COLOR = "#808080"


@dataclass(frozen=True, slots=True)
class SiteMapFeature:
    """A site as drawn on the map.

    Attributes
    ----------
    id : int
        Site id (database primary key); the only thing a click returns.
    name : str
        Display name, possibly user-typed: it is escaped before it reaches the map.
    kind : str
        ``"compound"`` (polygon geometry) or ``"linear"`` (line geometry).
    status : str
        Status code, e.g. ``"planned"``, ``"in_progress"``, ``"done"``.
    progress : float
        Completed share, 0..1.
    geometry : dict
        GeoJSON geometry in lon/lat (EPSG:4326).
    """

    id: int
    name: str
    kind: str
    status: str
    progress: float
    geometry: dict


@dataclass(frozen=True, slots=True)
class BuildingMapFeature:
    """A building footprint as drawn on the map.

    Attributes
    ----------
    id : int
        Building id.
    site_id : int
        Id of the site (compound) the building belongs to.
    label : str
        Short label for the tooltip (e.g. ``"3号楼"``); escaped before it reaches the map.
    geometry : dict
        GeoJSON polygon geometry in lon/lat (EPSG:4326).
    """

    id: int
    site_id: int
    label: str
    geometry: dict


# --------------------------------------------------------------------------------------------
# Pure helpers
# --------------------------------------------------------------------------------------------


def _check_lang(lang: str) -> str:
    if lang not in _LANGS:
        raise ValueError(f"lang must be one of {_LANGS}, got {lang!r}")
    return lang


def _progress_percent(progress: float) -> int:
    """Whole percent shown to users, clamped to 0..100 (the colour uses the same number)."""
    value = float(progress)
    if math.isnan(value):
        raise ValueError("progress is NaN")
    return int(round(min(max(value, 0.0), 1.0) * 100))


def progress_color(progress: float) -> str:
    """Colour of a progress value, one of five steps of :data:`PROGRESS_PALETTE`.

    Parameters
    ----------
    progress : float
        Completed share, 0..1 (values outside are clamped). The step is taken from the
        whole percent shown in tooltips, so a colour always matches its legend label.

    Returns
    -------
    str
        A ``#rrggbb`` colour: 0–19 % red ... 80–100 % green.

    Raises
    ------
    ValueError
        If ``progress`` is NaN.

    Examples
    --------
    >>> progress_color(0.0), progress_color(1.0)
    ('#d7191c', '#1a9641')
    """
    step = min(_progress_percent(progress) // 20, len(PROGRESS_PALETTE) - 1)
    return PROGRESS_PALETTE[step]


def progress_legend(lang: str) -> list[tuple[str, str]]:
    """Legend entries for the progress colours.

    Parameters
    ----------
    lang : {"zh", "en"}
        Language of the labels.

    Returns
    -------
    list of (str, str)
        ``(label, colour)`` pairs from the lowest to the highest step,
        e.g. ``("0–19%", "#d7191c")``.
    """
    _check_lang(lang)
    bounds = [(0, 19), (20, 39), (40, 59), (60, 79), (80, 100)]
    # The same numerals read naturally in both languages; only the legend title differs.
    return [
        (f"{lo}–{hi}%", colour) for (lo, hi), colour in zip(bounds, PROGRESS_PALETTE, strict=True)
    ]


def _round_coords(coords: Any) -> Any:
    if isinstance(coords, (int, float)):
        return round(float(coords), _COORD_DECIMALS)
    return [_round_coords(c) for c in coords]


def _lean_geometry(geometry: Mapping[str, Any]) -> dict:
    """Copy a GeoJSON geometry with rounded coordinates and nothing else (no bbox, no CRS)."""
    gtype = geometry.get("type")
    if gtype == "GeometryCollection":
        return {
            "type": gtype,
            "geometries": [_lean_geometry(g) for g in geometry.get("geometries", [])],
        }
    if not isinstance(gtype, str) or "coordinates" not in geometry:
        raise ValueError(f"not a GeoJSON geometry: {gtype!r}")
    return {"type": gtype, "coordinates": _round_coords(geometry["coordinates"])}


def _int_id(value: Any, what: str) -> int:
    # bool is an int subclass, and a float id would make folium's style switch miss.
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {value!r}")
    return value


def _feature_collection(features: list[dict]) -> dict:
    return {"type": "FeatureCollection", "features": features}


def _check_unique(ids: Iterable[int], what: str) -> None:
    seen: set[int] = set()
    for i in ids:
        if i in seen:
            raise ValueError(f"duplicate {what} id {i}")
        seen.add(i)


def _outline_geometries(outline_geojson: Mapping[str, Any]) -> list[dict]:
    """Geometries of a GeoJSON FeatureCollection, Feature or bare geometry."""
    gtype = outline_geojson.get("type")
    if gtype == "FeatureCollection":
        return [
            _lean_geometry(f["geometry"])
            for f in outline_geojson.get("features", [])
            if f.get("geometry")
        ]
    if gtype == "Feature":
        geometry = outline_geojson.get("geometry")
        return [_lean_geometry(geometry)] if geometry else []
    return [_lean_geometry(outline_geojson)]


# --------------------------------------------------------------------------------------------
# Map builders
# --------------------------------------------------------------------------------------------


def offline_map(center_lonlat: tuple[float, float], zoom: int) -> folium.Map:
    """Create a map with no basemap that loads only the locally served Leaflet.

    Parameters
    ----------
    center_lonlat : tuple of float
        Map centre as ``(longitude, latitude)`` in degrees, EPSG:4326.
    zoom : int
        Initial Leaflet zoom level (about 13 shows a city district).

    Returns
    -------
    folium.Map
        A map with ``tiles=None`` whose ``default_js`` / ``default_css`` are only
        :data:`maps.assets.LEAFLET_JS_URL` / :data:`maps.assets.LEAFLET_CSS_URL`
        (no jQuery, Bootstrap, Font Awesome or CDN URL). ``st_folium`` honours these per-instance
        overrides. Serve the files with :func:`maps.assets.install_static_assets`.

    Examples
    --------
    >>> m = offline_map((98.29, 39.80), 13)
    >>> m.default_js
    [('leaflet', '/app/static/vendor/leaflet/leaflet.js')]
    """
    lon, lat = center_lonlat
    m = folium.Map(
        location=[lat, lon],
        zoom_start=zoom,
        tiles=None,
        prefer_canvas=False,  # SVG: every path gets its CSS class (tests count them)
        # folium's scale bar shows feet and miles too; MetricScale shows metres only.
        control_scale=False,
        # With no tile layer Leaflet has no zoom limits; keep them sensible for a city.
        minZoom=3,
        maxZoom=20,
    )
    # Instance attributes shadow folium's class-level CDN lists.
    m.default_js = [("leaflet", LEAFLET_JS_URL)]
    m.default_css = [("leaflet_css", LEAFLET_CSS_URL)]
    PlainAttributionPrefix().add_to(m)
    MetricScale().add_to(m)
    return m


class MetricScale(MacroElement):
    """A scale bar in metres and kilometres only (China measures in metres, not feet)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        L.control.scale({imperial: false, metric: true}).addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MetricScale"


class PlainAttributionPrefix(MacroElement):
    """Credit Leaflet with its name only.

    Leaflet 1.9 puts a national flag and a link before its name in every map's attribution
    line; a government planning tool keeps that line to the credits that belong there (and the
    offline map holds no outside address).
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix("Leaflet");
        {% endmacro %}
        """
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "PlainAttributionPrefix"


def add_city_outline(
    m: folium.Map, outline_geojson: Mapping[str, Any], attribution: str
) -> folium.GeoJson:
    """Draw the city outline as a thin grey line that ignores the mouse.

    Parameters
    ----------
    m : folium.Map
        Map to draw on (e.g. from :func:`offline_map`).
    outline_geojson : dict
        GeoJSON FeatureCollection, Feature or geometry of the city boundary, lon/lat
        (EPSG:4326). Not modified; only its geometries are used.
    attribution : str
        Source of the outline, shown (escaped) in the map's attribution control.

    Returns
    -------
    folium.GeoJson
        The layer added to ``m``.
    """
    features = [
        {"type": "Feature", "id": i, "properties": {}, "geometry": g}
        for i, g in enumerate(_outline_geometries(outline_geojson))
    ]
    style = {"color": _OUTLINE_COLOR, "weight": 1, "opacity": 0.9, "fill": False}
    layer = folium.GeoJson(
        _feature_collection(features),
        name="city_outline",
        style_function=lambda _feature: dict(style),
        control=False,
        # Leaflet options, passed on to every path: no hover or click, and an attribution.
        interactive=False,
        attribution=html.escape(attribution),
    )
    layer.add_to(m)
    return layer


def _site_feature(site: SiteMapFeature) -> dict:
    if site.kind not in SITE_KINDS:
        raise ValueError(f"site {site.id}: kind must be one of {SITE_KINDS}, got {site.kind!r}")
    site_id = _int_id(site.id, "site id")
    return {
        "type": "Feature",
        # Top-level integer id: folium keys its style switch on it (integers draw fastest).
        "id": site_id,
        "properties": {
            "id": site_id,
            "kind": site.kind,
            "status": html.escape(str(site.status)),
            "progress_pct": _progress_percent(site.progress),
            "name": html.escape(str(site.name)),
        },
        "geometry": _lean_geometry(site.geometry),
    }


def _site_style(feature: dict) -> dict:
    props = feature["properties"]
    colour = progress_color(props["progress_pct"] / 100)
    if props["kind"] == "linear":
        return {
            "className": SITE_CLASSES["linear"],
            "color": colour,
            "weight": 5,
            "opacity": 0.9,
        }
    return {
        "className": SITE_CLASSES["compound"],
        "color": "#444444",
        "weight": 1.5,
        "opacity": 1,
        "fillColor": colour,
        "fillOpacity": 0.6,
    }


def _site_highlight(feature: dict) -> dict:
    if feature["properties"]["kind"] == "linear":
        return {"weight": 8, "opacity": 1}
    return {"weight": 3, "color": "#000000", "fillOpacity": 0.8}


def add_sites(m: folium.Map, sites: list[SiteMapFeature], lang: str) -> folium.GeoJson | None:
    """Draw all sites (compound polygons and linear works) as one GeoJSON layer, plus a legend.

    Each feature carries only its integer ``id``, ``kind``, escaped ``status``, ``progress_pct``
    (0..100) and escaped ``name``; details are looked up on the server after a click
    (:func:`clicked_site_id`). Compounds are filled with :func:`progress_color`, lines drawn in
    it. Paths get the CSS class ``site-compound`` or ``site-linear``.

    Parameters
    ----------
    m : folium.Map
        Map to draw on (SVG renderer, i.e. ``prefer_canvas=False``, for the CSS classes).
    sites : list of SiteMapFeature
        Sites with unique integer ids; geometries in lon/lat (EPSG:4326).
    lang : {"zh", "en"}
        Language of the tooltip and legend.

    Returns
    -------
    folium.GeoJson or None
        The layer added to ``m``, or None when ``sites`` is empty (the legend is still added).

    Raises
    ------
    ValueError
        Unknown ``lang`` or ``kind``, duplicate ids, NaN progress, malformed geometry.
    TypeError
        A non-integer id.
    """
    _check_lang(lang)
    features = [_site_feature(s) for s in sites]
    _check_unique((f["id"] for f in features), "site")
    ProgressLegend(lang).add_to(m)
    if not features:
        # folium's style mapping cannot handle an empty collection; nothing to draw anyway.
        return None
    text = _TEXT[lang]
    tooltip = folium.GeoJsonTooltip(
        fields=["name", "progress_pct"],
        aliases=[html.escape(text["name"]), html.escape(text["progress"])],
        sticky=True,
    )
    layer = folium.GeoJson(
        _feature_collection(features),
        name="sites",
        style_function=_site_style,
        highlight_function=_site_highlight,
        tooltip=tooltip,
        control=False,
    )
    layer.add_to(m)
    return layer


def _building_feature(building: BuildingMapFeature) -> dict:
    building_id = _int_id(building.id, "building id")
    site_id = _int_id(building.site_id, "building site_id")
    return {
        "type": "Feature",
        "id": building_id,
        "properties": {
            "id": building_id,
            "kind": BUILDING_KIND,
            "site_id": site_id,
            "label": html.escape(str(building.label)),
        },
        "geometry": _lean_geometry(building.geometry),
    }


def _building_style(feature: dict, highlight_site_id: int | None) -> dict:
    if highlight_site_id is not None and feature["properties"]["site_id"] == highlight_site_id:
        return {
            "className": f"{BUILDING_CLASS} {BUILDING_HIGHLIGHT_CLASS}",
            "color": "#000000",
            "weight": 2,
            "fillColor": "#1f4e79",
            "fillOpacity": 0.5,
        }
    return {
        "className": BUILDING_CLASS,
        "color": "#333333",
        "weight": 0.8,
        "fillColor": "#555555",
        "fillOpacity": 0.15,
    }


def add_buildings(
    m: folium.Map,
    buildings: list[BuildingMapFeature],
    highlight_site_id: int | None = None,
) -> folium.GeoJson | None:
    """Draw building footprints as one GeoJSON layer, emphasising one site's buildings.

    Add it after :func:`add_sites` so footprints lie on top. A click on a footprint is *not* a
    site click (:func:`clicked_site_id` returns None; see :func:`clicked_building_id`).

    Parameters
    ----------
    m : folium.Map
        Map to draw on.
    buildings : list of BuildingMapFeature
        Footprints with unique integer ids, lon/lat (EPSG:4326).
    highlight_site_id : int, optional
        Buildings of this site are drawn darker and get the extra CSS class
        ``building-highlight``.

    Returns
    -------
    folium.GeoJson or None
        The layer added to ``m``, or None when ``buildings`` is empty.
    """
    features = [_building_feature(b) for b in buildings]
    _check_unique((f["id"] for f in features), "building")
    if not features:
        return None
    layer = folium.GeoJson(
        _feature_collection(features),
        name="buildings",
        style_function=lambda feature: _building_style(feature, highlight_site_id),
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False, sticky=True),
        control=False,
    )
    layer.add_to(m)
    return layer


class ProgressLegend(MacroElement):
    """A small Leaflet control showing the progress colours (all text escaped).

    Parameters
    ----------
    lang : {"zh", "en"}
        Language of the title.
    position : str, default "bottomright"
        Leaflet control position.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        (function () {
            var legend = L.control({position: {{ this.position|tojson }}});
            legend.onAdd = function () {
                var div = L.DomUtil.create("div", "progress-legend");
                div.innerHTML = {{ this.legend_html|tojson }};
                L.DomEvent.disableClickPropagation(div);
                return div;
            };
            legend.addTo({{ this._parent.get_name() }});
        })();
        {% endmacro %}
        """
    )

    def __init__(self, lang: str, position: str = "bottomright"):
        super().__init__()
        self._name = "ProgressLegend"
        self.position = position
        self.legend_html = _legend_html(lang)


def _legend_html(lang: str) -> str:
    _check_lang(lang)
    rows = "".join(
        '<div><span style="display:inline-block;width:12px;height:12px;margin-right:4px;'
        f'vertical-align:middle;border:1px solid #444;background:{html.escape(colour)}"></span>'
        f"{html.escape(label)}</div>"
        for label, colour in progress_legend(lang)
    )
    return (
        '<div style="background:rgba(255,255,255,0.9);padding:4px 8px;border-radius:4px;'
        'font-size:12px;line-height:18px;box-shadow:0 1px 4px rgba(0,0,0,0.3)">'
        f"<b>{html.escape(_TEXT[lang]['legend_title'])}</b>{rows}</div>"
    )
