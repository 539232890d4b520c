"""Tables of geodata imports: buildings kept unassigned until staff attach them to a compound.

An imported building footprint that lies in no known compound is not dropped and not forced
into the core ``building`` table (whose ``site_id`` is required): it waits here, with what the
file said about it, until a member of staff attaches it to a compound
(``planner.gis.apply.attach_unassigned_building``), which moves it into ``building``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, Index, String, Text
from sqlmodel import Field, SQLModel

__all__ = ["UnassignedBuilding", "UnassignedReason"]


class UnassignedReason:
    """Why a building is unassigned (short strings, stored in ``reason``)."""

    OUTSIDE_COMPOUNDS = "outside_compounds"  # in no compound polygon
    AMBIGUOUS = "ambiguous"  # straddles two compounds: no clear majority


class UnassignedBuilding(SQLModel, table=True):
    """An imported building footprint that lies in no known compound, waiting to be attached.

    Geometry is stored like ``building.footprint``: GeoJSON text in lon/lat (WGS84) with its
    bounding box and its area and perimeter measured in EPSG:4542.
    """

    __tablename__ = "unassigned_building"
    __table_args__ = (
        Index("ix_unassigned_building_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(default="", sa_type=String(32))
    floors: int | None = None
    units: int | None = None
    households: int | None = None
    year_built: int | None = None
    footprint: str = Field(sa_column=Column(Text, nullable=False))
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    footprint_area_m2: float
    perimeter_m: float
    reason: str = Field(default=UnassignedReason.OUTSIDE_COMPOUNDS, sa_type=String(32))
    source: str = Field(default="", sa_type=String(200), description="file and layer")
    imported_at: datetime = Field(sa_type=DateTime(timezone=True))
