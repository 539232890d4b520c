"""City-scale map layers: lean GeoJSON files fetched by a small canvas Leaflet layer.

Why: ``st_folium`` renders, scans, hashes and sends a map's whole script on every rerun, so
geometry embedded in the script costs seconds at 20,000 buildings. Here the geometry goes into a
static file instead (written once per data version under ``static/generated/map/``, served by
Streamlit at ``/app/static/``, with a gzip copy compressed once), and :class:`PlannerLayer` — a
folium ``MacroElement`` whose script is one call into our own JavaScript, itself a served file
(:data:`LAYER_JS`, :func:`install_layer_script`) — ``fetch()``es it. The JavaScript draws every
feature on one canvas (an ``L.Canvas`` renderer that draws the features itself, a few hundred
per path, instead of one Leaflet object per feature) and does its own hit-testing for tooltips
and clicks. What changes with every rerun (the colour code of each feature, what is hidden, the
legend, the selection) travels separately and small, as a *state payload*
(:class:`PlannerState`), which the page hands to ``st_folium(feature_group_to_add=...)``: the
component applies a changed feature group without reloading the map, so a click or a filter
change restyles the drawn features instead of fetching and drawing them again.

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
  :data:`geodata.maps.PROGRESS_PALETTE`),
* ``p``, ``i``, ``f``, ``s`` status planned / in progress / completed (finished) / suspended,
* ``x`` dimmed (the feature has no work of the chosen scope type),
* ``-`` hidden (filtered out; hidden sites hide their buildings).

:data:`CODE_COLOURS` maps each letter to its colour; the legend is built from the same mapping
(:func:`legend_entries`), so the legend always matches what is drawn.

Security: the JavaScript inserts every text (names, legend labels, tooltips) with
``textContent``, never ``innerHTML``, so user-typed names reach the page as text. The two
places Leaflet itself writes HTML — the attribution control and tile-layer attributions — get
``html.escape``d strings. Configuration and payloads are embedded with ``tojson``, which escapes
``<``, ``>``, ``&`` and quotes inside the script.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import folium
from branca.element import MacroElement
from folium.elements import JSCSSMixin
from jinja2 import Template

from geodata.gcj02 import transform_coordinates, wgs84_to_gcj02
from geodata.maps import PROGRESS_PALETTE, offline_map

__all__ = [
    "BASEMAPS",
    "CODE_COLOURS",
    "DIM_CODE",
    "GENERATED_DIR",
    "GENERATED_URL",
    "HIDDEN_CODE",
    "KIND_BUILDING",
    "KIND_COMPOUND",
    "KIND_LINEAR",
    "PROGRESS_CODES",
    "STATUS_CODES",
    "Basemap",
    "LAYER_JS",
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
# Codes and colours
# --------------------------------------------------------------------------------------------

#: One-letter kinds in the lean file.
KIND_COMPOUND, KIND_LINEAR, KIND_BUILDING = "c", "l", "b"

#: Progress step codes, lowest to highest (0–19 % ... 80–100 %).
PROGRESS_CODES = ("a", "b", "c", "d", "e")

#: Status codes by status value of ``db.models.WorkStatus``.
STATUS_CODES = {"planned": "p", "in_progress": "i", "completed": "f", "suspended": "s"}

#: A feature without work of the chosen scope type: drawn pale, still clickable.
DIM_CODE = "x"
#: A feature filtered out: not drawn, not clickable.
HIDDEN_CODE = "-"

_STATUS_COLOURS = {"p": "#6baed6", "i": "#fd8d3c", "f": "#31a354", "s": "#756bb1"}
_DIM_COLOUR = "#d9d9d9"

#: Colour of every code (the hidden code has none).
CODE_COLOURS: dict[str, str] = {
    **dict(zip(PROGRESS_CODES, PROGRESS_PALETTE, strict=True)),
    **_STATUS_COLOURS,
    DIM_CODE: _DIM_COLOUR,
}


def progress_code(progress: float) -> str:
    """Code of a progress value (0..1): the step :func:`geodata.maps.progress_color` colours.

    The step comes from the whole percent shown to users (clamped to 0..100), 20 points per
    step, like the colour. Raises ``ValueError`` for NaN.

    Examples
    --------
    >>> progress_code(0.0), progress_code(0.45), progress_code(1.0)
    ('a', 'c', 'e')
    """
    value = float(progress)
    if value != value:  # NaN
        raise ValueError("progress is NaN")
    percent = int(round(min(max(value, 0.0), 1.0) * 100))
    return PROGRESS_CODES[min(percent // 20, len(PROGRESS_CODES) - 1)]


def status_code(status: str) -> str:
    """Code of a status value; an unknown status is drawn like ``planned``."""
    return STATUS_CODES.get(status, STATUS_CODES["planned"])


def legend_entries(codes: Iterable[str], labels: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """Legend rows ``(code, label, colour)`` for the codes a map uses, in a stable order.

    Parameters
    ----------
    codes : iterable of str
        Codes to show (e.g. all progress codes, plus :data:`DIM_CODE` when some feature is
        dimmed). The hidden code and unknown codes are ignored.
    labels : mapping of str to str
        Label of each code, in the user's language (plain text; the browser inserts it as
        text).

    Returns
    -------
    list of (str, str, str)
        One row per code, colours from :data:`CODE_COLOURS`.
    """
    wanted = set(codes)
    order = [*PROGRESS_CODES, *STATUS_CODES.values(), DIM_CODE]
    return [(c, str(labels.get(c, c)), CODE_COLOURS[c]) for c in order if c in wanted]


# --------------------------------------------------------------------------------------------
# Lean GeoJSON
# --------------------------------------------------------------------------------------------

_COORD_DECIMALS = 6
_KINDS = (KIND_COMPOUND, KIND_LINEAR, KIND_BUILDING)


def _round_coords(coords: Any) -> Any:
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(coords[0]), _COORD_DECIMALS), round(float(coords[1]), _COORD_DECIMALS)]
    return [_round_coords(c) for c in coords]


def geometry_to_datum(geometry: Mapping[str, Any], datum: str) -> dict:
    """A copy of a lon/lat GeoJSON geometry in ``datum``, coordinates at 6 decimals, no bbox.

    Parameters
    ----------
    geometry : dict
        GeoJSON geometry in WGS84 (≈ CGCS2000) lon/lat. Not modified.
    datum : {"wgs84", "gcj02"}
        ``"gcj02"`` shifts every vertex with :func:`geodata.gcj02.wgs84_to_gcj02` (for drawing
        on a Gaode/AMap basemap; never store the result).

    Returns
    -------
    dict
        ``{"type": ..., "coordinates": ...}`` (or ``geometries`` for a collection).
    """
    gtype = geometry.get("type")
    if gtype == "GeometryCollection":
        return {
            "type": gtype,
            "geometries": [geometry_to_datum(g, datum) for g in geometry.get("geometries", [])],
        }
    if not isinstance(gtype, str) or "coordinates" not in geometry:
        raise ValueError(f"not a GeoJSON geometry: {gtype!r}")
    if datum == "wgs84":
        coords = _round_coords(geometry["coordinates"])
    elif datum == "gcj02":
        coords = transform_coordinates(
            geometry["coordinates"], wgs84_to_gcj02, decimals=_COORD_DECIMALS
        )
    else:
        raise ValueError(f"datum must be 'wgs84' or 'gcj02', got {datum!r}")
    return {"type": gtype, "coordinates": coords}


def _check_int(value: Any, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{what} must be an int, got {value!r}")
    return value


def lean_feature(
    feature_id: int,
    kind: str,
    geometry: Mapping[str, Any],
    *,
    site_id: int | None = None,
    number: str | None = None,
    datum: str = "wgs84",
) -> dict:
    """One feature of the lean file.

    Parameters
    ----------
    feature_id : int
        Site or building id (top-level GeoJSON ``id``).
    kind : {"c", "l", "b"}
        Compound, linear works or building.
    geometry : dict
        GeoJSON geometry in WGS84 lon/lat.
    site_id : int, optional
        For a building: its site (``properties.s``); required for buildings.
    number : str, optional
        For a building: its number, e.g. ``"3"`` (``properties.n``); a public label, not a name.
    datum : {"wgs84", "gcj02"}
        Datum of the written coordinates (see :func:`geometry_to_datum`).
    """
    if kind not in _KINDS:
        raise ValueError(f"kind must be one of {_KINDS}, got {kind!r}")
    properties: dict[str, Any] = {"k": kind}
    if kind == KIND_BUILDING:
        properties["s"] = _check_int(site_id, "building site_id")
        if number is not None:
            properties["n"] = str(number)
    return {
        "type": "Feature",
        "id": _check_int(feature_id, "feature id"),
        "properties": properties,
        "geometry": geometry_to_datum(geometry, datum),
    }


def lean_feature_collection(features: Sequence[dict]) -> dict:
    """Wrap lean features; checks ids are unique per kind group (sites, buildings)."""
    seen: dict[str, set[int]] = {"site": set(), "building": set()}
    for f in features:
        group = "building" if f["properties"]["k"] == KIND_BUILDING else "site"
        if f["id"] in seen[group]:
            raise ValueError(f"duplicate {group} id {f['id']}")
        seen[group].add(f["id"])
    return {"type": "FeatureCollection", "features": list(features)}


# --------------------------------------------------------------------------------------------
# Generated files
# --------------------------------------------------------------------------------------------

#: Folder of generated files, relative to the app's static folder (gitignored).
GENERATED_DIR = Path("generated") / "map"
#: URL of that folder as Streamlit serves it.
GENERATED_URL = "/app/static/generated/map"

_KEEP_PER_STEM = 3
_STEM = re.compile(r"^[a-z0-9][a-z0-9_-]{0,80}$")
_write_lock = threading.Lock()


@dataclass(frozen=True)
class GeneratedFile:
    """A file written under ``static/generated/map/``.

    Attributes
    ----------
    path : pathlib.Path
        Where it is on disk.
    url : str
        Where the browser fetches it, with ``?v=<version>``.
    version : str
        16 hex digits of the SHA-256 of the content (also part of the file name).
    size : int
        Bytes on disk (uncompressed; Streamlit gzips it on the way).
    gz_url : str or None
        URL of a gzip-compressed copy (``<name>.gz``), when one was written. Streamlit serves
        it as ``application/gzip`` without compressing it again; the layer script inflates it
        with the browser's ``DecompressionStream``. Large files get one: compressing 5 MB at
        level 9 for every request costs the server about half a second here.
    """

    path: Path
    url: str
    version: str
    size: int
    gz_url: str | None = None


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _prune(directory: Path, stem: str, suffix: str, keep: Path) -> None:
    """Keep the newest few files of a stem (sessions may still hold a recent URL)."""
    files = [p for p in directory.glob(f"{stem}-*{suffix}") if p != keep]
    files.sort(key=lambda p: p.stat().st_mtime if p.exists() else 0, reverse=True)
    for old in files[_KEEP_PER_STEM - 1 :]:
        old.unlink(missing_ok=True)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        os.chmod(tmp_name, 0o644)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def write_generated_file(
    static_dir: Path, stem: str, data: bytes, suffix: str = ".json", *, gzipped: bool = False
) -> GeneratedFile:
    """Write ``data`` to ``static_dir/generated/map/<stem>-<hash><suffix>``.

    Idempotent: the name carries the content hash, so an existing file is reused, not rewritten.
    A new file goes through a temporary file and ``os.replace`` (readers never see half a file);
    older files of the same stem beyond the newest few are removed.

    Parameters
    ----------
    static_dir : pathlib.Path
        The app's static folder (next to the main script; served at ``/app/static/``).
    stem : str
        Lower-case name prefix, e.g. ``"p3-wgs84"``.
    data : bytes
        The content.
    suffix : {".json", ".js"}
        File type (Streamlit picks the content type from it).
    gzipped : bool
        Also write ``<name>.gz``, compressed once here at the highest level.

    Returns
    -------
    GeneratedFile
    """
    if not _STEM.match(stem):
        raise ValueError(f"bad file stem {stem!r}")
    if suffix not in (".json", ".js"):
        raise ValueError(f"bad suffix {suffix!r}")
    version = hashlib.sha256(data).hexdigest()[:16]
    directory = Path(static_dir) / GENERATED_DIR
    path = directory / f"{stem}-{version}{suffix}"
    with _write_lock:
        if not path.is_file() or path.stat().st_size != len(data):
            _atomic_write(path, data)
            _prune(directory, stem, suffix, path)
        gz_path = path.with_name(path.name + ".gz")
        if gzipped and not gz_path.is_file():
            _atomic_write(gz_path, gzip.compress(data, compresslevel=9, mtime=0))
            _prune(directory, stem, suffix + ".gz", gz_path)
    return GeneratedFile(
        path=path,
        url=f"{GENERATED_URL}/{path.name}?v={version}",
        version=version,
        size=len(data),
        gz_url=f"{GENERATED_URL}/{gz_path.name}?v={version}" if gzipped else None,
    )


def write_json_file(
    static_dir: Path, stem: str, obj: Any, *, gzipped: bool = False
) -> GeneratedFile:
    """Write ``obj`` as compact UTF-8 JSON (see :func:`write_generated_file`)."""
    return write_generated_file(static_dir, stem, _dump(obj), ".json", gzipped=gzipped)


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
        A map from :func:`geodata.maps.offline_map`.
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
    layers = []
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

#: The layer's JavaScript, served by the app as a file (see :func:`install_layer_script`).
#: ``plannerLayer(map, cfg)`` draws the lean file on one canvas and returns ``window.plannerMap``.
LAYER_JS = r"""
(function () {
  "use strict";
  var CSS = ".planner-legend{background:rgba(255,255,255,.92);padding:4px 8px;" +
    "border-radius:4px;font:12px/18px sans-serif;box-shadow:0 1px 4px rgba(0,0,0,.3);" +
    "max-width:220px}.planner-legend b{display:block;margin-bottom:2px}" +
    ".planner-swatch{display:inline-block;width:12px;height:12px;margin-right:5px;" +
    "vertical-align:middle;border:1px solid #444}.planner-tooltip div{font-weight:normal}";
  var HIT_TOLERANCE = 3;  // pixels around lines and edges that still count as a hit
  var PATH_CHUNK = 256;  // features per canvas path

  function now() { return window.performance ? performance.now() : Date.now(); }

  function text(el, tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;  // text, never parsed as HTML: names are user-typed
    el.appendChild(node);
    return node;
  }

  function getJSON(url, gzUrl) {
    function get(u) {
      return fetch(u, {credentials: "same-origin"}).then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status + " " + u); }
        return r;
      });
    }
    if (gzUrl && window.DecompressionStream) {
      // Compressed once on the server; inflated here (no Content-Encoding on .gz files).
      return get(gzUrl).then(function (r) {
        return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).json();
      }).catch(function () {
        return get(url).then(function (r) { return r.json(); });
      });
    }
    return get(url).then(function (r) { return r.json(); });
  }

  // Rings (polygons) or parts (lines) of a GeoJSON geometry, as lists of [lon, lat].
  function partsOf(geometry) {
    var t = geometry.type, c = geometry.coordinates, out = [];
    if (t === "Polygon" || t === "MultiLineString") { return c; }
    if (t === "LineString") { return [c]; }
    if (t === "MultiPolygon") { c.forEach(function (poly) { out = out.concat(poly); }); }
    return out;
  }

  function pointInRings(u, v, rings) {
    var inside = false;
    for (var r = 0; r < rings.length; r++) {
      var a = rings[r], n = a.length;
      for (var i = 0, j = n - 2; i < n; j = i, i += 2) {
        var xi = a[i], yi = a[i + 1], xj = a[j], yj = a[j + 1];
        if ((yi > v) !== (yj > v) && u < (xj - xi) * (v - yi) / (yj - yi) + xi) {
          inside = !inside;
        }
      }
    }
    return inside;
  }

  function nearLine(u, v, parts, tol) {
    for (var r = 0; r < parts.length; r++) {
      var a = parts[r];
      for (var i = 2; i < a.length; i += 2) {
        var x1 = a[i - 2], y1 = a[i - 1], dx = a[i] - x1, dy = a[i + 1] - y1;
        var len = dx * dx + dy * dy;
        var t = len ? Math.max(0, Math.min(1, ((u - x1) * dx + (v - y1) * dy) / len)) : 0;
        var ex = x1 + t * dx - u, ey = y1 + t * dy - v;
        if (ex * ex + ey * ey <= tol * tol) { return true; }
      }
    }
    return false;
  }

  window.plannerLayer = function (map, cfg) {
    var timings = {start: now()};
    var container = map.getContainer();
    var crs = map.options.crs, proj = crs.projection, tr = crs.transformation;
    var outline = [], sites = [], buildings = [], siteById = {}, buildingById = {};
    var names = {}, namesUrl = null, state = null, loaded = false, applied = 0, drawnFor = -1;
    var legendDiv = null, legendLabels = {}, hovered = null, buildingSize = 0;

    var style = document.createElement("style");
    style.textContent = CSS;
    document.head.appendChild(style);
    if (cfg.attribution && map.attributionControl) {
      map.attributionControl.addAttribution(cfg.attribution);  // escaped by the server
    }
    if (cfg.bounds) { map.fitBounds(cfg.bounds, {padding: [12, 12], animate: false}); }

    // Coordinates in Leaflet's projected units at scale 1: a pixel at zoom z is this times
    // crs.scale(z), minus the map's pixel origin. Computed once; no Leaflet object per feature.
    var mercator = proj === L.Projection.SphericalMercator;
    var R = mercator ? proj.R : 0, D = Math.PI / 180, MAXLAT = mercator ? proj.MAX_LATITUDE : 0;
    function unitParts(geometry) {
      return partsOf(geometry).map(function (ring) {
        var a = new Float64Array(ring.length * 2), x, y;
        for (var i = 0; i < ring.length; i++) {
          if (mercator) {  // the formula of L.Projection.SphericalMercator, without objects
            var lat = Math.max(Math.min(MAXLAT, ring[i][1]), -MAXLAT), sin = Math.sin(lat * D);
            x = R * ring[i][0] * D;
            y = R * Math.log((1 + sin) / (1 - sin)) / 2;
          } else {
            var p = proj.project(L.latLng(ring[i][1], ring[i][0]));
            x = p.x;
            y = p.y;
          }
          a[2 * i] = tr._a * x + tr._b;
          a[2 * i + 1] = tr._c * y + tr._d;
        }
        return a;
      });
    }

    function makeItem(feature, index) {
      var parts = unitParts(feature.geometry);
      var box = [Infinity, Infinity, -Infinity, -Infinity];
      parts.forEach(function (a) {
        for (var i = 0; i < a.length; i += 2) {
          if (a[i] < box[0]) { box[0] = a[i]; }
          if (a[i + 1] < box[1]) { box[1] = a[i + 1]; }
          if (a[i] > box[2]) { box[2] = a[i]; }
          if (a[i + 1] > box[3]) { box[3] = a[i + 1]; }
        }
      });
      return {feature: feature, kind: feature.properties.k, index: index, parts: parts,
              box: box, code: "-", sel: 0};
    }

    function siteStyle(kind, code, selected) {
      var colour = cfg.palette[code] || cfg.palette.x, dim = code === "x";
      if (kind === "l") {
        return {stroke: colour, weight: selected ? 8 : 5, opacity: dim ? 0.6 : 0.95};
      }
      return {stroke: selected ? "#000000" : "#555555", weight: selected ? 3 : 1, opacity: 1,
              fill: colour, fillOpacity: dim ? 0.25 : 0.45};
    }

    function buildingStyle(code, sel) {
      var colour = cfg.palette[code] || cfg.palette.x, dim = code === "x";
      return {stroke: sel === 2 ? "#08306b" : (sel === 1 ? "#000000" : "#444444"),
              weight: sel === 2 ? 3 : (sel === 1 ? 1.2 : 0.6), opacity: 1,
              fill: colour, fillOpacity: sel === 2 ? 1 : (dim ? 0.35 : 0.85)};
    }

    // Draw order: outline, compounds, selected compound, lines, buildings, the selected
    // compound's buildings, the selected building. One path and one fill/stroke per style.
    function batches(box) {
      var groups = {}, order = [];
      function add(key, item, styleFn) {
        var g = groups[key];
        if (!g) { g = groups[key] = {style: styleFn(), items: []}; order.push(key); }
        g.items.push(item);
      }
      function visible(it) {
        var b = it.box;
        return b[2] >= box[0] && b[0] <= box[2] && b[3] >= box[1] && b[1] <= box[3];
      }
      outline.forEach(function (it) {
        if (visible(it)) {
          add("0o", it, function () { return {stroke: "#808080", weight: 1, opacity: 0.9}; });
        }
      });
      sites.forEach(function (it) {
        if (it.code === "-" || !visible(it)) { return; }
        var rank = it.kind === "l" ? 3 : (it.sel ? 2 : 1);
        add(rank + it.kind + it.code + it.sel, it, function () {
          return siteStyle(it.kind, it.code, it.sel);
        });
      });
      buildings.forEach(function (it) {
        if (it.code === "-" || !visible(it)) { return; }
        add((4 + it.sel) + "b" + it.code, it, function () {
          return buildingStyle(it.code, it.sel);
        });
      });
      order.sort();
      return order.map(function (key) { return groups[key]; });
    }

    var Renderer = L.Canvas.extend({
      _onZoomEnd: function () {},
      _updatePaths: function () {
        if (this._postponeUpdatePaths) { return; }
        this._redrawBounds = null;
        this._redraw();
      },
      _draw: function () {
        if (!this._map || !this._bounds) { return; }
        var t0 = now();
        var ctx = this._ctx, s = crs.scale(this._map.getZoom()), o = this._map.getPixelOrigin();
        var b = this._bounds, pad = 8 / s;
        var box = [(b.min.x + o.x) / s - pad, (b.min.y + o.y) / s - pad,
                   (b.max.x + o.x) / s + pad, (b.max.y + o.y) / s + pad];
        ctx.save();
        ctx.lineJoin = "round";
        ctx.lineCap = "round";
        // Below a few pixels a building's outline only costs time: fill it alone.
        var thinBuildings = buildingSize * s < 4;
        batches(box).forEach(function (g) {
          var st = g.style, closed = !!st.fill;
          var stroke = !(thinBuildings && g.items[0].kind === "b" && !g.items[0].sel);
          function paint() {
            if (st.fill) {
              ctx.globalAlpha = st.fillOpacity;
              ctx.fillStyle = st.fill;
              ctx.fill("evenodd");
            }
            if (stroke) {
              ctx.globalAlpha = st.opacity;
              ctx.lineWidth = st.weight;
              ctx.strokeStyle = st.stroke;
              ctx.stroke();
            }
          }
          // Paths of a few hundred features: one huge path is many times slower to fill in
          // Chromium's software rasteriser, one path per feature somewhat slower.
          for (var k = 0; k < g.items.length; k += PATH_CHUNK) {
            ctx.beginPath();
            var end = Math.min(k + PATH_CHUNK, g.items.length);
            for (var n = k; n < end; n++) {
              var it = g.items[n], closedItem = closed && it.kind !== "o" && it.kind !== "l";
              for (var r = 0; r < it.parts.length; r++) {
                var a = it.parts[r];
                for (var i = 0; i < a.length; i += 2) {
                  var x = a[i] * s - o.x, y = a[i + 1] * s - o.y;
                  if (i) { ctx.lineTo(x, y); } else { ctx.moveTo(x, y); }
                }
                if (closedItem) { ctx.closePath(); }
              }
            }
            paint();
          }
        });
        ctx.restore();
        timings.drawMs = now() - t0;
        if (loaded && state && drawnFor !== applied) {
          drawnFor = applied;
          timings.drawn = now();
          container.setAttribute("data-planner-drawn", String(applied));
        }
      },
      _hit: function (layerPoint) {
        var s = crs.scale(this._map.getZoom()), o = this._map.getPixelOrigin();
        var u = (layerPoint.x + o.x) / s, v = (layerPoint.y + o.y) / s, tol = HIT_TOLERANCE / s;
        function near(it) {
          var b = it.box;
          return it.code !== "-" && u >= b[0] - tol && u <= b[2] + tol &&
            v >= b[1] - tol && v <= b[3] + tol;
        }
        var i, it;
        for (i = buildings.length - 1; i >= 0; i--) {
          it = buildings[i];
          if (near(it) && pointInRings(u, v, it.parts)) { return it; }
        }
        for (i = sites.length - 1; i >= 0; i--) {
          it = sites[i];
          if (!near(it)) { continue; }
          if (it.kind === "l" ? nearLine(u, v, it.parts, tol * 2) : pointInRings(u, v, it.parts)) {
            return it;
          }
        }
        return null;
      },
      _onMouseMove: function (e) {
        if (!this._map || this._map.dragging.moving() || this._map._animatingZoom) { return; }
        var it = this._hit(this._map.mouseEventToLayerPoint(e));
        hover(it, this._map.mouseEventToLatLng(e), this._container);
      },
      _handleMouseOut: function () { hover(null, null, this._container); },
      _onClick: function (e) {
        var it = e.type === "click" ? this._hit(this._map.mouseEventToLayerPoint(e)) : null;
        if (it && !this._map._draggableMoved(this._map)) {
          var proxy = proxyOf(it);
          // st_folium listens to "click" on every layer of the map (this renderer among
          // them) and reports e.layer.toGeoJSON() as last_active_drawing.
          this.fire("click", {
            originalEvent: e,
            latlng: this._map.mouseEventToLatLng(e),
            layerPoint: this._map.mouseEventToLayerPoint(e),
            containerPoint: this._map.mouseEventToContainerPoint(e),
            layer: proxy,
            sourceTarget: proxy,
            propagatedFrom: proxy
          });
          return;
        }
        this._fireEvent(false, e);
      }
    });

    function proxyOf(it) {
      var f = it.feature;
      return {
        feature: f,
        toGeoJSON: function () {
          return {type: "Feature", id: f.id, properties: f.properties, geometry: f.geometry};
        }
      };
    }

    var renderer = new Renderer({padding: 0.1});
    map.addLayer(renderer);
    var tooltip = L.tooltip({sticky: true, className: "planner-tooltip", direction: "right",
                             offset: [12, 0]});

    function label(it) {
      var f = it.feature, p = f.properties, box = document.createElement("div");
      var code = it.code, value = null;
      if (p.k === "b") {
        text(box, "b", cfg.text.building.replace("{n}", p.n === undefined ? "" : p.n));
        if (names[p.s]) { text(box, "div", names[p.s]); }
      } else {
        text(box, "b", names[f.id] || ("#" + f.id));
        value = state && state.siteValues ? state.siteValues[it.index] : null;
      }
      if (state) {
        var line = legendLabels[code] || "";
        if (value !== null && value !== undefined && code !== "x") { line = value + "%"; }
        text(box, "div", state.valueLabel ? state.valueLabel + cfg.text.separator + line : line);
      }
      return box;
    }

    function hover(it, latlng, el) {
      if (it !== hovered) {
        hovered = it;
        if (it) { L.DomUtil.addClass(el, "leaflet-interactive"); }
        else { L.DomUtil.removeClass(el, "leaflet-interactive"); }
        if (it) { tooltip.setContent(label(it)); }
      }
      if (it && latlng) {
        tooltip.setLatLng(latlng);
        if (!map.hasLayer(tooltip)) { map.openTooltip(tooltip); }
      } else if (map.hasLayer(tooltip)) {
        map.closeTooltip(tooltip);
      }
    }

    function redraw() {
      renderer._redrawBounds = null;
      renderer._redrawRequest = renderer._redrawRequest ||
        L.Util.requestAnimFrame(renderer._redraw, renderer);
    }

    function drawLegend() {
      if (!legendDiv) { return; }
      while (legendDiv.firstChild) { legendDiv.removeChild(legendDiv.firstChild); }
      legendLabels = {};
      if (!state || !state.legend) { legendDiv.style.display = "none"; return; }
      legendDiv.style.display = "";
      text(legendDiv, "b", state.legend.title);
      state.legend.entries.forEach(function (row) {
        legendLabels[row[0]] = row[1];
        var line = document.createElement("div");
        line.setAttribute("data-code", row[0]);
        var swatch = document.createElement("span");
        swatch.className = "planner-swatch";
        swatch.style.background = row[2];
        line.appendChild(swatch);
        text(line, "span", row[1]);
        legendDiv.appendChild(line);
      });
    }

    function loadNames(url) {
      if (!url || url === namesUrl) { return; }
      namesUrl = url;
      getJSON(url).then(function (data) {
        if (namesUrl === url) { names = data.s || {}; }
      }).catch(function (err) {
        container.setAttribute("data-planner-names-error", String(err));
      });
    }

    function apply() {
      drawLegend();
      if (!state || !loaded) { return; }
      if (state.geo !== cfg.version) {
        container.setAttribute("data-planner-error", "state for another data version");
        return;
      }
      loadNames(state.names);
      var selSite = state.selectedSite, selBuilding = state.selectedBuilding;
      sites.forEach(function (it, i) {
        it.code = state.sites.charAt(i) || "-";
        it.sel = it.feature.id === selSite ? 1 : 0;
      });
      buildings.forEach(function (it, i) {
        it.code = state.buildings.charAt(i) || "-";
        it.sel = it.feature.id === selBuilding ? 2 : (it.feature.properties.s === selSite ? 1 : 0);
      });
      if (hovered && hovered.code === "-") { hover(null, null, renderer._container); }
      applied += 1;
      timings.applied = now();
      redraw();
    }

    var legend = L.control({position: "bottomright"});
    legend.onAdd = function () {
      legendDiv = L.DomUtil.create("div", "planner-legend");
      L.DomEvent.disableClickPropagation(legendDiv);
      L.DomEvent.disableScrollPropagation(legendDiv);
      drawLegend();
      return legendDiv;
    };
    legend.addTo(map);

    if (cfg.outline) {
      getJSON(cfg.outline).then(function (fc) {
        (fc.features || [fc]).forEach(function (f) {
          if (f.geometry) {
            var it = makeItem({id: 0, properties: {k: "o"}, geometry: f.geometry}, 0);
            it.code = "o";
            outline.push(it);
          }
        });
        redraw();
      }).catch(function (err) {
        container.setAttribute("data-planner-outline-error", String(err));
      });
    }

    function find(kind, id) {
      return kind === "b" ? buildingById[id] : siteById[id];
    }

    var api = {
      map: map,
      renderer: renderer,
      version: cfg.version,
      timings: timings,
      update: function (next) { state = next; apply(); },
      state: function () { return state; },
      counts: function () {
        function shown(list) {
          return list.filter(function (it) { return it.code !== "-"; }).length;
        }
        return {sites: sites.length, buildings: buildings.length,
                shownSites: shown(sites), shownBuildings: shown(buildings)};
      },
      // [[south, west], [north, east]] of a site ("c"/"l") or a building ("b").
      bounds: function (kind, id) {
        var it = find(kind, id);
        if (!it) { return null; }
        var lls = [];
        partsOf(it.feature.geometry).forEach(function (r) {
          r.forEach(function (c) { lls.push([c[1], c[0]]); });
        });
        var b = L.latLngBounds(lls);
        return [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]];
      },
      // A container point where a click hits exactly this feature (null when none in view).
      pointOf: function (kind, id) {
        var it = find(kind, id), size = map.getSize();
        if (!it) { return null; }
        var s = crs.scale(map.getZoom()), o = map.getPixelOrigin(), b = it.box;
        var steps = 24;
        for (var i = 1; i < steps; i++) {
          for (var j = 1; j < steps; j++) {
            var u = b[0] + (b[2] - b[0]) * ((i * 7) % steps) / steps;
            var v = b[1] + (b[3] - b[1]) * ((j * 11) % steps) / steps;
            var lp = L.point(u * s - o.x, v * s - o.y);
            var cp = map.layerPointToContainerPoint(lp);
            if (cp.x < 2 || cp.y < 2 || cp.x > size.x - 2 || cp.y > size.y - 2) { continue; }
            if (renderer._hit(lp) === it) { return [cp.x, cp.y]; }
          }
        }
        return null;
      },
      hitAt: function (x, y) {
        var it = renderer._hit(map.containerPointToLayerPoint(L.point(x, y)));
        return it ? {kind: it.kind, id: it.feature.id} : null;
      }
    };
    window.plannerMap = api;

    getJSON(cfg.url, cfg.urlGz).then(function (fc) {
      timings.fetched = now();
      fc.features.forEach(function (f) {
        var it;
        if (f.properties.k === "b") {
          it = makeItem(f, buildings.length);
          buildings.push(it);
          buildingById[f.id] = it;
        } else {
          it = makeItem(f, sites.length);
          sites.push(it);
          siteById[f.id] = it;
        }
      });
      buildings.forEach(function (it) {
        buildingSize += Math.max(it.box[2] - it.box[0], it.box[3] - it.box[1]);
      });
      buildingSize /= buildings.length || 1;
      loaded = true;
      timings.built = now();
      container.setAttribute("data-planner-features", String(sites.length + buildings.length));
      apply();
    }).catch(function (err) {
      container.setAttribute("data-planner-error", String(err));
    });
    if (cfg.state) { api.update(cfg.state); }
    return api;
  };
})();
"""


def install_layer_script(static_dir: Path) -> GeneratedFile:
    """Write :data:`LAYER_JS` under ``static_dir/generated/map/`` (content-hashed, idempotent).

    Served by the app like Leaflet itself, so the map needs nothing from outside and the
    browser caches the script between reruns.
    """
    return write_generated_file(static_dir, "planner-layer", LAYER_JS.encode("utf-8"), ".js")


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
    :func:`geodata.maps.clicked_site_id`). Buildings lie on top of their compound: a click on a
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
