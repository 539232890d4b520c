"""City-scale map layers: lean GeoJSON files fetched by a small canvas Leaflet layer.

Why: ``st_folium`` renders, scans, hashes and sends a map's whole script on every rerun, so
geometry embedded in the script costs seconds at 20,000 buildings. Here the geometry goes into
a static file instead (written once per data version under ``static/generated/map/``, served by
Streamlit at ``/app/static/``, with a gzip copy compressed once), and :class:`PlannerLayer` — a
folium ``MacroElement`` whose script is one call into our own JavaScript, itself a served file
(``static/js/planner-layer.js``, :func:`install_layer_script`) — ``fetch()``es it. The
JavaScript draws every feature on one canvas (an ``L.Canvas`` renderer that draws the features
itself, a few hundred per path, instead of one Leaflet object per feature) and does its own
hit-testing for tooltips and clicks. What changes with every rerun (the colour code of each
feature, what is hidden, the legend, the selection) travels separately and small, as a *state
payload* (:class:`PlannerState`), which the page hands to
``st_folium(feature_group_to_add=...)``: the component applies a changed feature group without
reloading the map, so a click or a filter change restyles the drawn features instead of
fetching and drawing them again.

The lean file (see :func:`lean_feature`)::

    {"type":"FeatureCollection","features":[
      {"type":"Feature","id":12,"properties":{"k":"c"},"geometry":{...}},             # compound
      {"type":"Feature","id":13,"properties":{"k":"l"},"geometry":{...}},             # linear works
      {"type":"Feature","id":345,"properties":{"k":"b","s":12,"n":"3"},"geometry":{...}}  # building
    ]}

Integer ids, coordinates rounded to 6 decimals, a one-letter kind, for buildings their site id
and number. Nothing else: no names, no households, no status. Anyone who can reach the app can
fetch files under ``/app/static/``, so only public, non-personal facts may go in. Site names go
into a separate small labels file (:func:`write_json_file`), still public facts; everything
else is looked up on the server by id after a click.

The state payload gives one *code* letter per feature, aligned with the order of the file:

* ``a``..``e`` progress steps (the five steps and colours of
  :data:`maps.drawing.PROGRESS_PALETTE`),
* ``p``, ``i``, ``f``, ``s`` status planned / in progress / completed (finished) / suspended,
* ``x`` dimmed (the feature has no work of the chosen scope type),
* ``-`` hidden (filtered out; hidden sites hide their buildings).

:data:`CODE_COLOURS` maps each letter to its colour; the legend is built from the same mapping
(:func:`legend_entries`), so the legend always matches what is drawn.

Security: the JavaScript inserts every text (names, legend labels, tooltips) with
``textContent``, never ``innerHTML``, so user-typed names reach the page as text. The two
places Leaflet itself writes HTML — the attribution control and tile-layer attributions — get
``html.escape``d strings. Configuration and payloads are embedded with ``tojson``, which
escapes ``<``, ``>``, ``&`` and quotes inside the script."""

from __future__ import annotations

import hashlib
import html
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geodata.gcj02 import wgs84_to_gcj02
from maps.drawing import offline_map
from maps.generated_files import (
    GENERATED_DIR,
    GENERATED_URL,
    GeneratedFile,
    atomic_write,
    write_generated_file,
    write_json_file,
)
from maps.planning.features import (
    CODE_COLOURS,
    DIM_CODE,
    HIDDEN_CODE,
    KIND_BUILDING,
    KIND_COMPOUND,
    KIND_LINEAR,
    OVERDUE_CODES,
    PROGRESS_CODES,
    STATUS_CODES,
    geometry_to_datum,
    lean_feature,
    lean_feature_collection,
    legend_entries,
    progress_code,
    status_code,
)

__all__ = [
    "BASEMAPS",
    "CODE_COLOURS",
    "DIM_CODE",
    "GENERATED_DIR",
    "GENERATED_URL",
    "HIDDEN_CODE",
    "OVERDUE_CODES",
    "KIND_BUILDING",
    "KIND_COMPOUND",
    "KIND_LINEAR",
    "PROGRESS_CODES",
    "STATUS_CODES",
    "Basemap",
    "LAYER_SCRIPT",
    "GeneratedFile",
    "PlannerLayer",
    "PlannerState",
    "TileSpec",
    "add_basemap",
    "install_layer_script",
    "geometry_to_datum",
    "lean_feature",
    "lean_feature_collection",
    "legend_entries",
    "outline_to_datum",
    "planning_map",
    "progress_code",
    "state_feature_group",
    "status_code",
    "write_generated_file",
    "write_json_file",
    "write_outline_file",
]

# --------------------------------------------------------------------------------------------
# Basemaps
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TileSpec:
    """One tile layer: Leaflet URL template, subdomains, attribution (plain text)."""

    url: str
    subdomains: str
    attribution: str
    max_native_zoom: int = 18


@dataclass(frozen=True)
class Basemap:
    """A basemap choice: its tile layers (none for the offline map) and its datum."""

    key: str
    datum: str
    tiles: tuple[TileSpec, ...]
    needs_token: bool = False


_TIANDITU = (
    "https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile"
    "&VERSION=1.0.0&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={{token}}"
)

#: The basemaps a planning map offers. Only ``"none"`` draws with no internet.
BASEMAPS: dict[str, Basemap] = {
    "none": Basemap("none", "wgs84", ()),
    "osm": Basemap(
        "osm",
        "wgs84",
        (
            TileSpec(
                "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
                "",
                "© OpenStreetMap contributors",
                19,
            ),
        ),
    ),
    # CGCS2000 agrees with WGS84 to about a metre: no shift. Vector map plus its label layer.
    "tianditu": Basemap(
        "tianditu",
        "wgs84",
        (
            TileSpec(_TIANDITU.format(layer="vec"), "01234567", "天地图 Tianditu", 18),
            TileSpec(_TIANDITU.format(layer="cva"), "01234567", "", 18),
        ),
        needs_token=True,
    ),
    # GCJ-02: our WGS84 geometry is shifted before it is drawn on these tiles.
    "amap": Basemap(
        "amap",
        "gcj02",
        (
            TileSpec(
                "https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1"
                "&style=8&x={x}&y={y}&z={z}",
                "1234",
                "高德地图 AMap",
                18,
            ),
        ),
    ),
}


def add_basemap(m: folium.Map, key: str, *, tianditu_token: str = "") -> list[folium.TileLayer]:
    """Add the tile layers of basemap ``key`` to ``m`` (nothing for ``"none"``).

    Parameters
    ----------
    m : folium.Map
        A map from :func:`maps.drawing.offline_map`.
    key : str
        One of :data:`BASEMAPS`.
    tianditu_token : str
        The Tianditu key (``tk``); required for ``"tianditu"``. It ends up in the tile URLs the
        browser requests (as with every Tianditu web map), URL-encoded.

    Returns
    -------
    list of folium.TileLayer
    """
    basemap = BASEMAPS[key]
    if basemap.needs_token and not tianditu_token:
        raise ValueError(f"basemap {key!r} needs a token")
    layers: list[folium.TileLayer] = []
    for spec in basemap.tiles:
        url = spec.url.replace("{token}", quote(tianditu_token, safe=""))
        layer = folium.TileLayer(
            tiles=url,
            attr=html.escape(spec.attribution) or " ",
            subdomains=spec.subdomains or "abc",
            name=f"basemap_{key}_{len(layers)}",
            max_zoom=20,
            max_native_zoom=spec.max_native_zoom,
            control=False,
        )
        layer.add_to(m)
        layers.append(layer)
    return layers


# --------------------------------------------------------------------------------------------
# The Leaflet layer and its state
# --------------------------------------------------------------------------------------------

#: The layer's JavaScript: a file of its own in the app's static folder, served by the app like
#: Leaflet (the browser caches it; ``?v=`` changes with its content).
LAYER_SCRIPT = Path(__file__).resolve().parents[2] / "static" / "js" / "planner-layer.js"
LAYER_SCRIPT_URL = "/app/static/js/planner-layer.js"


def install_layer_script(static_dir: Path) -> GeneratedFile:
    """The layer script as the browser fetches it from ``static_dir`` (the app's static folder).

    The file is committed under ``static/js/``; a static folder elsewhere (a test app's) gets a
    copy. The URL carries the first 16 hex digits of the content's SHA-256, so a changed script
    is fetched anew while an unchanged one stays cached.
    """
    data = LAYER_SCRIPT.read_bytes()
    version = hashlib.sha256(data).hexdigest()[:16]
    target = Path(static_dir) / "js" / LAYER_SCRIPT.name
    if target.resolve() != LAYER_SCRIPT and (not target.is_file() or target.read_bytes() != data):
        atomic_write(target, data)
    return GeneratedFile(
        path=target, url=f"{LAYER_SCRIPT_URL}?v={version}", version=version, size=len(data)
    )


def write_outline_file(
    static_dir: Path, outline_geojson: Mapping[str, Any], datum: str
) -> GeneratedFile:
    """Write the city outline, in ``datum``, as a small lean file the layer fetches."""
    return write_json_file(static_dir, f"outline-{datum}", outline_to_datum(outline_geojson, datum))


class PlannerLayer(JSCSSMixin):
    """The canvas layer that fetches the lean GeoJSON file and draws sites and buildings.

    Its script in the map is one call, ``plannerLayer(map, cfg)``; the function comes from the
    layer script served by the app (:func:`install_layer_script`, listed in ``default_js`` so
    that ``st_folium`` loads it after Leaflet). It exposes ``window.plannerMap`` in the map's
    page: ``update(state)`` applies a state payload (see :class:`PlannerState`); ``counts()``,
    ``bounds(kind, id)``, ``pointOf(kind, id)`` and ``hitAt(x, y)`` serve tests and benchmarks;
    ``timings`` holds ``performance.now()`` marks (start, fetched, built, applied, drawn).

    Clicks reach ``st_folium`` the way clicks on its own GeoJSON layers do: the layer's canvas
    renderer is on the map when the map script ends, so ``st_folium`` hooks its ``click``; on a
    click over a feature the renderer fires ``click`` with ``e.layer`` standing for the feature,
    whose ``toGeoJSON()`` becomes ``last_active_drawing`` (``{"type": "Feature", "id": 12,
    "properties": {"k": "c"}, "geometry": ...}``; read it with
    :func:`maps.drawing.clicked_site_id`). Buildings lie on top of their compound: a click on a
    footprint is a building click. When everything is drawn the map container gets
    ``data-planner-drawn``; a failed fetch sets ``data-planner-error``.

    Parameters
    ----------
    script : GeneratedFile
        The layer script (:func:`install_layer_script`).
    geometry : GeneratedFile
        The lean GeoJSON file to draw.
    building_label : str
        Tooltip template of a building, ``{n}`` = its number, e.g. ``"{n}号楼"``.
    outline : GeneratedFile, optional
        The city outline file (:func:`write_outline_file`), drawn as a thin grey line.
    attribution : str
        Plain text for the attribution control (escaped here: Leaflet inserts it as HTML).
    bounds : tuple of float, optional
        ``(min_lon, min_lat, max_lon, max_lat)`` to fit the view to.
    state : dict, optional
        An initial state payload (for a map shown without ``st_folium``'s feature-group
        channel, e.g. a standalone HTML page).
    separator : str
        Between the value label and the value in tooltips (``"："`` in Chinese).
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "var {{ this.get_name() }} = window.plannerLayer("
        "{{ this._parent.get_name() }}, {{ this.config|tojson }});"
        "{% endmacro %}"
    )

    def __init__(
        self,
        script: GeneratedFile,
        geometry: GeneratedFile,
        building_label: str,
        *,
        outline: GeneratedFile | None = None,
        attribution: str = "",
        bounds: tuple[float, float, float, float] | None = None,
        state: Mapping[str, Any] | None = None,
        separator: str = ": ",
    ):
        super().__init__()
        self._name = "PlannerLayer"
        # Per instance: JSCSSMixin.add_js_link would change the class-level list.
        self.default_js = [("planner_layer", script.url)]
        self.default_css = []
        self.config = {
            "url": geometry.url,
            "urlGz": geometry.gz_url,
            "version": geometry.version,
            "outline": outline.url if outline is not None else None,
            "attribution": html.escape(attribution),
            "bounds": [[bounds[1], bounds[0]], [bounds[3], bounds[2]]] if bounds else None,
            "palette": dict(CODE_COLOURS),
            "text": {"building": building_label, "separator": separator},
            "state": dict(state) if state is not None else None,
        }


class PlannerState(MacroElement):
    """Script that hands a state payload to ``window.plannerMap.update``.

    The payload (all plain data, embedded with ``tojson``)::

        {"geo": <file version>, "sites": "<one code per site, file order>",
         "buildings": "<one code per building>", "siteValues": [<int percent or null>, ...],
         "valueLabel": "进度", "legend": {"title": ..., "entries": [[code, label, colour]...]},
         "names": <labels file URL or null>, "selectedSite": <id or null>,
         "selectedBuilding": <id or null>}
    """

    _template = Template(
        "{% macro script(this, kwargs) %}"
        "if (window.plannerMap) { window.plannerMap.update({{ this.payload|tojson }}); }"
        "{% endmacro %}"
    )

    def __init__(self, payload: Mapping[str, Any]):
        super().__init__()
        self._name = "PlannerState"
        self.payload = dict(payload)


def state_feature_group(payload: Mapping[str, Any]) -> folium.FeatureGroup:
    """A feature group carrying a :class:`PlannerState`, for ``st_folium(feature_group_to_add=)``.

    ``st_folium`` leaves the map's script (and so the drawn map) alone when only this group
    changes between reruns: it removes the previous group and runs the new one's script, which
    restyles the features already drawn.
    """
    group = folium.FeatureGroup(name="planner_state", control=False)
    PlannerState(payload).add_to(group)
    return group


def outline_to_datum(outline_geojson: Mapping[str, Any], datum: str) -> dict:
    """A copy of the city outline (FeatureCollection, Feature or geometry) in ``datum``."""
    gtype = outline_geojson.get("type")
    if gtype == "FeatureCollection":
        return {
            "type": gtype,
            "features": [outline_to_datum(f, datum) for f in outline_geojson.get("features", [])],
        }
    if gtype == "Feature":
        geometry = outline_geojson.get("geometry")
        return {
            "type": "Feature",
            "properties": {},
            "geometry": geometry_to_datum(geometry, datum) if geometry else None,
        }
    return geometry_to_datum(outline_geojson, datum)


def planning_map(
    *,
    script: GeneratedFile,
    geometry: GeneratedFile,
    bounds: tuple[float, float, float, float] | None,
    basemap: str,
    building_label: str,
    outline: GeneratedFile | None = None,
    attribution: str = "",
    tianditu_token: str = "",
    fallback_center: tuple[float, float] = (98.289, 39.772),
    state: Mapping[str, Any] | None = None,
    separator: str = ": ",
) -> folium.Map:
    """The planning map: offline Leaflet, optional basemap tiles and :class:`PlannerLayer`.

    Build a fresh one per rerun (never cache a ``folium.Map``: ``st_folium`` renames its
    elements in place). Its script holds no data, only file URLs and options (about 2 KB), so
    ``st_folium`` renders, hashes and sends it quickly.

    Parameters
    ----------
    script, geometry, outline : GeneratedFile
        The layer script, the lean GeoJSON and the city outline, the last two in the basemap's
        datum (see :class:`PlannerLayer`).
    bounds : tuple of float or None
        ``(min_lon, min_lat, max_lon, max_lat)`` to fit, in the basemap's datum.
    basemap : str
        A key of :data:`BASEMAPS`.
    building_label : str
        Tooltip template of a building (``{n}`` = number).
    attribution : str
        Plain text attribution of the outline (escaped before Leaflet inserts it).
    tianditu_token : str
        Needed for the Tianditu basemap.
    fallback_center : tuple of float
        ``(lon, lat)`` in WGS84 when there are no bounds.
    state : dict, optional
        Initial state payload (see :class:`PlannerLayer`).
    separator : str
        Tooltip separator (see :class:`PlannerLayer`).
    """
    datum = BASEMAPS[basemap].datum
    if bounds is not None:
        center = ((bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2)
        m = offline_map(center, 14)
    else:
        lon, lat = fallback_center
        if datum == "gcj02":
            lon, lat = wgs84_to_gcj02(lon, lat)
        m = offline_map((lon, lat), 11)
    add_basemap(m, basemap, tianditu_token=tianditu_token)
    PlannerLayer(
        script,
        geometry,
        building_label,
        outline=outline,
        attribution=attribution,
        bounds=bounds,
        state=state,
        separator=separator,
    ).add_to(m)
    return m
