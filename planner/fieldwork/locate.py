"""Which building a photo shows: the nearest footprint of the compound to its GPS fix.

Distances are measured in EPSG:4542 (metres), as everywhere in the planner. A fix further
than the setting ``photo_building_match_m`` from every footprint names no building (a photo
of the yard, or of the street outside). Phones write EXIF GPS in WGS84, the CRS the planner
stores; a position from a Chinese map app (GCJ-02) would be some hundreds of metres off and
simply match no building.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import shapely
from shapely.geometry import Point, shape
from shapely.geometry.base import BaseGeometry
from sqlmodel import Session, select

from db.models import Building
from geodata.crs import to_metric


@dataclass(frozen=True)
class BuildingMatch:
    """The nearest building and its distance (metres; 0 inside the footprint)."""

    building_id: int
    distance_m: float


class BuildingLocator:
    """The buildings of one site, projected once, to match many photos against."""

    def __init__(self, footprints: dict[int, BaseGeometry], max_distance_m: float) -> None:
        self.ids = list(footprints)
        self.geometries = [footprints[i] for i in self.ids]
        self.tree = shapely.STRtree(self.geometries) if self.geometries else None
        self.max_distance_m = max_distance_m

    @classmethod
    def for_site(cls, session: Session, site_id: int, max_distance_m: float) -> BuildingLocator:
        """The locator of a site's buildings."""
        rows = session.exec(
            select(Building.id, Building.footprint).where(Building.site_id == site_id)
        ).all()
        footprints = {bid: to_metric(shape(json.loads(text))) for bid, text in rows}
        # stored rows: their ids are set:
        return cls(footprints, max_distance_m)  # type: ignore[arg-type]

    def nearest(self, lon: float | None, lat: float | None) -> BuildingMatch | None:
        """The nearest building within the distance limit of a WGS84 point, or None."""
        if lon is None or lat is None or self.tree is None:
            return None
        point = to_metric(Point(lon, lat))
        index = self.tree.nearest(point)
        if index is None:
            return None
        distance = float(self.geometries[int(index)].distance(point))
        if distance > self.max_distance_m:
            return None
        return BuildingMatch(self.ids[int(index)], round(distance, 1))
