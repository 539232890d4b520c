"""The planning map's lean GeoJSON and its colour codes.

A lean feature carries an integer id, a one-letter kind (``c`` compound, ``l`` linear works,
``b`` building; buildings also their site id and number) and its geometry at 6 decimals:
nothing personal, since anyone who reaches the app can fetch the file. One code letter per
feature (:data:`PROGRESS_CODES`, :data:`STATUS_CODES`, :data:`DIM_CODE`, :data:`HIDDEN_CODE`)
says how to draw it; :data:`CODE_COLOURS` gives the colours and :func:`legend_entries` the
legend, from the same mapping.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from geodata.gcj02 import transform_coordinates, wgs84_to_gcj02
from maps.drawing import PROGRESS_PALETTE

# --------------------------------------------------------------------------------------------
# Codes and colours
# --------------------------------------------------------------------------------------------

#: One-letter kinds in the lean file.
KIND_COMPOUND, KIND_LINEAR, KIND_BUILDING = "c", "l", "b"

#: Progress step codes, lowest to highest (0–19 % ... 80–100 %).
PROGRESS_CODES = ("a", "b", "c", "d", "e")

#: Status codes by status value of ``db.models.WorkStatus``.
STATUS_CODES = {"planned": "p", "in_progress": "i", "completed": "f", "suspended": "s"}

#: Colour mode "overdue" (planner.works.overdue): a place with an overdue work, or none.
OVERDUE_CODES = {"overdue": "o", "on_time": "t"}

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
    OVERDUE_CODES["overdue"]: "#d62728",
    OVERDUE_CODES["on_time"]: "#74c476",
    DIM_CODE: _DIM_COLOUR,
}


def progress_code(progress: float) -> str:
    """Code of a progress value (0..1): the step :func:`maps.drawing.progress_color` colours.

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
    order = [*PROGRESS_CODES, *STATUS_CODES.values(), *OVERDUE_CODES.values(), DIM_CODE]
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
