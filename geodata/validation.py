"""Checks and safe repairs of imported geometry, one feature at a time.

:func:`check_geometry` takes a geometry as read from a file and returns it in lon/lat, ready to
store, with the issues found: some are notes (heights dropped, a self-intersection repaired),
others refuse the feature (no geometry, a point where a polygon is expected, a polygon whose
repair would change its shape, coordinates far outside Jiayuguan, an absurd size). Issues carry
a message key (``gis.issue.<code>`` in ``planner/messages/gis.py``) and its values.

A self-intersecting polygon is repaired with ``shapely.make_valid`` (the "structure" method:
rings are re-noded, holes stay holes). The repair is *safe*, and accepted, when after dropping
slivers (parts under :data:`SLIVER_SHARE` of the area) it has as many parts as the input had: a
small loop or spike goes away and the outline stays what the surveyor drew. A figure-of-eight
("bow tie") falls into two halves of similar size: no repair can tell which outline was meant,
so it is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geodata import crs
from geodata.boundary import city_outline_geometry

__all__ = [
    "CITY_MARGIN_KM",
    "EXPECTED_TYPES",
    "SIZE_LIMITS",
    "CheckedGeometry",
    "Issue",
    "check_geometry",
    "city_area",
    "round_coordinates",
]

#: How far outside the city outline coordinates may lie before they are refused (km).
CITY_MARGIN_KM = 10.0

#: Parts of a repaired polygon smaller than this share of its area are slivers, dropped.
SLIVER_SHARE = 0.01

#: Geometry types each kind of import accepts (a site polygon is a compound, a line is
#: linear works).
EXPECTED_TYPES: dict[str, tuple[str, ...]] = {
    "sites": ("Polygon", "MultiPolygon", "LineString", "MultiLineString"),
    "buildings": ("Polygon", "MultiPolygon"),
}

#: Plausible sizes, (min, max): m² for compounds and building footprints, m for linear works.
SIZE_LIMITS: dict[str, tuple[float, float]] = {
    "compound": (200.0, 5_000_000.0),
    "linear": (10.0, 50_000.0),
    "building": (10.0, 30_000.0),
}

#: Stored coordinates keep 7 decimals (about 1 cm).
COORD_DECIMALS = 7


@dataclass(frozen=True)
class Issue:
    """Something found in a feature: a message key suffix, whether it refuses, and values."""

    code: str
    refuses: bool
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> str:
        """The message key, ``gis.issue.<code>``."""
        return f"gis.issue.{self.code}"


@dataclass(frozen=True)
class CheckedGeometry:
    """A checked geometry in lon/lat (``None`` when refused before it could be read)."""

    geometry: BaseGeometry | None
    issues: tuple[Issue, ...]
    role: str = ""  # "compound", "linear" or "building"

    @property
    def refused(self) -> bool:
        """True when any issue refuses the feature."""
        return any(issue.refuses for issue in self.issues)


@lru_cache(maxsize=4)
def city_area(margin_km: float = CITY_MARGIN_KM) -> BaseGeometry:
    """The Jiayuguan city outline grown by ``margin_km``, in lon/lat (cached, simplified)."""
    metric = crs.to_metric(city_outline_geometry())
    grown = metric.buffer(margin_km * 1000.0).simplify(50.0)
    area = crs.to_lonlat(grown)
    shapely.prepare(area)
    return area


@lru_cache(maxsize=1)
def _city_metric() -> BaseGeometry:
    return crs.to_metric(city_outline_geometry())


def round_coordinates(geom: BaseGeometry, decimals: int = COORD_DECIMALS) -> BaseGeometry:
    """``geom`` with coordinates rounded; unchanged when rounding would make it invalid."""
    rounded = shapely.transform(geom, lambda c: np.round(c, decimals))
    return rounded if rounded.is_valid or not geom.is_valid else geom


def _polygon_parts(geom: BaseGeometry) -> list[Polygon]:
    if isinstance(geom, Polygon):
        return [geom] if not geom.is_empty else []
    if isinstance(geom, MultiPolygon):
        return [p for p in geom.geoms if not p.is_empty]
    if hasattr(geom, "geoms"):
        parts: list[Polygon] = []
        for g in geom.geoms:
            parts.extend(_polygon_parts(g))
        return parts
    return []


def _repair(geom: BaseGeometry) -> tuple[BaseGeometry | None, Issue]:
    """Repair an invalid polygon if that is safe; return (geometry or None, the issue)."""
    reason = shapely.is_valid_reason(geom)
    where = ""
    location = reason.rsplit("[", 1)
    if len(location) == 2:
        coords = location[1].rstrip("]").split()
        if len(coords) >= 2:
            where = f"{float(coords[0]):.6f}, {float(coords[1]):.6f}"
    repaired = shapely.make_valid(geom, method="structure", keep_collapsed=False)
    parts = _polygon_parts(repaired)
    total = sum(p.area for p in parts)
    kept = [p for p in parts if total > 0 and p.area >= SLIVER_SHARE * total]
    expected = len(_polygon_parts(geom)) or 1
    if not kept or len(kept) != expected:
        return None, Issue("invalid_unsafe", True, {"where": where, "parts": len(kept)})
    fixed: BaseGeometry = kept[0] if len(kept) == 1 else MultiPolygon(kept)
    dropped = crs.area_m2(repaired) - crs.area_m2(fixed)
    return fixed, Issue("repaired", False, {"where": where, "dropped_m2": round(dropped, 1)})


def _degenerate_ring(geom: BaseGeometry) -> int:
    """The point count of a polygon ring too short to enclose anything (closed rings need four
    points), or 0 when every ring is long enough."""
    for polygon in _polygon_parts(geom):
        for ring in (polygon.exterior, *polygon.interiors):
            points = len(ring.coords)
            if points < 4:
                return points
    return 0


def _role(kind: str, geom_type: str) -> str:
    if kind == "buildings":
        return "building"
    return "linear" if "LineString" in geom_type else "compound"


def check_geometry(
    geom: BaseGeometry | None,
    kind: str,
    to_lonlat: Callable[[BaseGeometry], BaseGeometry],
    *,
    margin_km: float = CITY_MARGIN_KM,
) -> CheckedGeometry:
    """Check one imported geometry and bring it to lon/lat.

    Parameters
    ----------
    geom : shapely geometry or None
        As read from the file, in the file's coordinates.
    kind : {"sites", "buildings"}
        What is imported; decides the accepted types (:data:`EXPECTED_TYPES`).
    to_lonlat : callable
        Transforms a 2D geometry from the file's coordinates to lon/lat WGS84.
    margin_km : float
        Geometry farther than this outside the city outline is refused.

    Returns
    -------
    CheckedGeometry
        The lon/lat geometry (coordinates rounded to 7 decimals), the issues, and the role
        (``compound``, ``linear`` or ``building``).
    """
    issues: list[Issue] = []
    if geom is None or geom.is_empty:
        return CheckedGeometry(None, (Issue("empty", True),))
    if not np.isfinite(shapely.get_coordinates(geom)).all():
        return CheckedGeometry(None, (Issue("not_finite", True),))
    degenerate = _degenerate_ring(geom)
    if degenerate:
        return CheckedGeometry(None, (Issue("degenerate", True, {"points": degenerate}),))
    geom_type = geom.geom_type
    expected = EXPECTED_TYPES[kind]
    if geom_type not in expected:
        code = "point" if "Point" in geom_type else "wrong_type"
        return CheckedGeometry(
            None, (Issue(code, True, {"type": geom_type, "expected": ", ".join(expected)}),)
        )
    if shapely.has_z(geom):
        geom = shapely.force_2d(geom)
        issues.append(Issue("z_dropped", False))
    role = _role(kind, geom_type)
    try:
        lonlat = to_lonlat(geom)
    except Exception as error:  # PROJ refuses coordinates out of its domain
        return CheckedGeometry(None, (Issue("transform_failed", True, {"reason": str(error)}),))
    coords = shapely.get_coordinates(lonlat)
    if not np.isfinite(coords).all():
        return CheckedGeometry(None, (*issues, Issue("transform_failed", True, {"reason": "inf"})))
    if not lonlat.is_valid:
        if role == "linear":
            return CheckedGeometry(
                None, (*issues, Issue("invalid_unsafe", True, {"where": "", "parts": 0})), role
            )
        fixed, issue = _repair(lonlat)
        issues.append(issue)
        if fixed is None:
            return CheckedGeometry(None, tuple(issues), role)
        lonlat = fixed
    if not city_area(margin_km).contains(lonlat):
        distance_km = crs.to_metric(lonlat).distance(_city_metric()) / 1000.0
        issues.append(
            Issue(
                "outside_city",
                True,
                {"km": round(distance_km, 1), "margin": margin_km},
            )
        )
        return CheckedGeometry(lonlat, tuple(issues), role)
    low, high = SIZE_LIMITS[role]
    size = crs.length_m(lonlat) if role == "linear" else crs.area_m2(lonlat)
    if not low <= size <= high:
        code = "too_small" if size < low else "too_large"
        unit = "m" if role == "linear" else "m²"
        issues.append(
            Issue(code, True, {"size": f"{size:,.1f}", "unit": unit, "low": low, "high": high})
        )
        return CheckedGeometry(lonlat, tuple(issues), role)
    return CheckedGeometry(round_coordinates(lonlat), tuple(issues), role)
