"""Coordinate reference systems: lon/lat storage and metric (EPSG:4542) measurement.

Geometry is stored in lon/lat (EPSG:4326, WGS84; CGCS2000 is within about a metre of it).
Areas and lengths are never computed in degrees: they are computed after projecting to
EPSG:4542, CGCS2000 / 3-degree Gauss-Kruger zone with central meridian 99 E, the zone
that covers Jiayuguan (about 98.3 E). All transformers use ``always_xy=True``, so
coordinates are always (longitude, latitude) or (easting, northing), whatever axis order
the EPSG definition declares.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, TypeVar, overload

import numpy as np
import shapely
from numpy.typing import NDArray
from pyproj import Transformer
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

#: CRS of stored geometry: WGS84 longitude/latitude, degrees.
STORAGE_CRS = "EPSG:4326"

#: CRS for areas and distances: CGCS2000 / 3-degree Gauss-Kruger CM 99E, metres.
METRIC_CRS = "EPSG:4542"

#: A shapely geometry of any kind (a projection keeps the kind).
Geometry = TypeVar("Geometry", bound=BaseGeometry)


@lru_cache(maxsize=8)
def _transformer(src: str, dst: str) -> Transformer:
    """Return a cached (easting, northing)-ordered transformer between two CRSs."""
    # Building a Transformer costs milliseconds (a PROJ database lookup); reuse it.
    # pyproj >= 3.1 makes a Transformer safe to share between threads.
    return Transformer.from_crs(src, dst, always_xy=True)


def _reproject(geom: BaseGeometry, src: str, dst: str) -> BaseGeometry:
    """Return ``geom`` with every vertex transformed from ``src`` to ``dst`` (2D only)."""
    transformer = _transformer(src, dst)

    def _apply(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, _apply)


@overload
def to_metric(geom: Geometry) -> Geometry: ...
@overload
def to_metric(geom: NDArray[np.object_]) -> NDArray[np.object_]: ...
def to_metric(geom: Any) -> Any:
    """Project a lon/lat geometry (or an array of them, element by element) to metric
    coordinates.

    Parameters
    ----------
    geom : shapely geometry
        Geometry in ``STORAGE_CRS`` (EPSG:4326), coordinates (longitude, latitude) in
        degrees.

    Returns
    -------
    shapely geometry
        The same geometry in ``METRIC_CRS`` (EPSG:4542), coordinates (easting, northing)
        in metres. Z values are dropped.

    See Also
    --------
    to_lonlat : The inverse transformation.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> p = to_metric(Point(98.29, 39.80))
    >>> round(p.x, 3), round(p.y, 3)
    (439193.563, 4407563.657)
    """
    return _reproject(geom, STORAGE_CRS, METRIC_CRS)


def to_lonlat(geom: BaseGeometry) -> BaseGeometry:
    """Project a metric geometry back to lon/lat.

    Parameters
    ----------
    geom : shapely geometry
        Geometry in ``METRIC_CRS`` (EPSG:4542), coordinates (easting, northing) in metres.

    Returns
    -------
    shapely geometry
        The same geometry in ``STORAGE_CRS`` (EPSG:4326), coordinates (longitude,
        latitude) in degrees, not rounded. Z values are dropped.

    See Also
    --------
    to_metric : The inverse transformation.
    """
    return _reproject(geom, METRIC_CRS, STORAGE_CRS)


def area_m2(geom_lonlat: BaseGeometry) -> float:
    """Return the area of a lon/lat geometry in square metres.

    Parameters
    ----------
    geom_lonlat : shapely geometry
        Geometry in ``STORAGE_CRS`` (EPSG:4326), degrees. Points and lines have area 0.

    Returns
    -------
    float
        Planar area in ``METRIC_CRS`` (EPSG:4542), m². Within Jiayuguan the Gauss-Kruger
        scale error is below 0.03 % (at most about 100 km from the central meridian).

    Examples
    --------
    >>> from shapely.geometry import box
    >>> round(area_m2(box(98.28, 39.77, 98.29, 39.78)) / 1e4, 1)  # hectares
    95.1
    """
    return float(to_metric(geom_lonlat).area)


def length_m(geom_lonlat: BaseGeometry) -> float:
    """Return the length of a lon/lat geometry in metres.

    Parameters
    ----------
    geom_lonlat : shapely geometry
        Geometry in ``STORAGE_CRS`` (EPSG:4326), degrees. For a polygon this is the
        perimeter (all rings); points have length 0.

    Returns
    -------
    float
        Planar length in ``METRIC_CRS`` (EPSG:4542), metres.
    """
    return float(to_metric(geom_lonlat).length)


def bounds_lonlat(geom: BaseGeometry, crs: str = STORAGE_CRS) -> tuple[float, float, float, float]:
    """Return the lon/lat bounding box of a geometry.

    Parameters
    ----------
    geom : shapely geometry
        Geometry in ``crs``.
    crs : str, default ``STORAGE_CRS``
        Either ``STORAGE_CRS`` (the geometry is already lon/lat) or ``METRIC_CRS``
        (the geometry is projected to lon/lat first, vertex by vertex).

    Returns
    -------
    tuple of float
        ``(min_lon, min_lat, max_lon, max_lat)`` in degrees (EPSG:4326).

    Raises
    ------
    ValueError
        If ``crs`` is neither of the two supported CRSs, or ``geom`` is empty.
    """
    if geom.is_empty:
        raise ValueError("an empty geometry has no bounds")
    if crs == METRIC_CRS:
        geom = to_lonlat(geom)
    elif crs != STORAGE_CRS:
        raise ValueError(f"unsupported CRS {crs!r}: use {STORAGE_CRS} or {METRIC_CRS}")
    min_lon, min_lat, max_lon, max_lat = geom.bounds
    return (float(min_lon), float(min_lat), float(max_lon), float(max_lat))


def geometry_columns(geometry: dict[str, Any]) -> dict[str, Any]:
    """How a lon/lat GeoJSON geometry is stored: its text, bounding box and metric measures.

    ``text`` is compact GeoJSON; ``min_lon`` … ``max_lat`` its bounding box in degrees;
    ``area_m2`` and ``length_m`` are measured in EPSG:4542.
    """
    geom = shape(geometry)
    min_lon, min_lat, max_lon, max_lat = bounds_lonlat(geom)
    return {
        "text": json.dumps(geometry, ensure_ascii=False, separators=(",", ":")),
        "min_lon": min_lon,
        "min_lat": min_lat,
        "max_lon": max_lon,
        "max_lat": max_lat,
        "area_m2": area_m2(geom),
        "length_m": length_m(geom),
    }


def geometry_columns_many(geometries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """:func:`geometry_columns` of many geometries at once (the same values, vectorised)."""
    texts = [json.dumps(g, ensure_ascii=False, separators=(",", ":")) for g in geometries]
    shapes = shapely.from_geojson(texts)
    bounds = shapely.bounds(shapes)
    metric = to_metric(shapes)
    areas, lengths = shapely.area(metric), shapely.length(metric)
    return [
        {
            "text": text,
            "min_lon": float(b[0]),
            "min_lat": float(b[1]),
            "max_lon": float(b[2]),
            "max_lat": float(b[3]),
            "area_m2": float(area),
            "length_m": float(length),
        }
        for text, b, area, length in zip(texts, bounds, areas, lengths, strict=True)
    ]


def site_columns(geo: dict[str, Any], kind: str | None = None) -> dict[str, Any]:
    """A site's geometry columns from :func:`geometry_columns`: the text, its bounding box, and
    the area of a compound or the length of linear works (both when ``kind`` is not given)."""
    return {
        "geometry": geo["text"],
        "min_lon": geo["min_lon"],
        "min_lat": geo["min_lat"],
        "max_lon": geo["max_lon"],
        "max_lat": geo["max_lat"],
        "area_m2": geo["area_m2"] if kind in (None, "compound") else None,
        "length_m": geo["length_m"] if kind in (None, "linear") else None,
    }


def building_columns(geo: dict[str, Any]) -> dict[str, Any]:
    """A building's footprint columns from :func:`geometry_columns`: text, bounding box, area
    and perimeter (m², m, EPSG:4542)."""
    return {
        "footprint": geo["text"],
        "min_lon": geo["min_lon"],
        "min_lat": geo["min_lat"],
        "max_lon": geo["max_lon"],
        "max_lat": geo["max_lat"],
        "footprint_area_m2": geo["area_m2"],
        "perimeter_m": geo["length_m"],
    }
