"""What the planning map shows: the sites and buildings of a programme, with their progress."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from sqlmodel import Session, select

from db.models import Building, ProgrammeSite, Site, WorkItem
from geodata.maps import BuildingMapFeature, SiteMapFeature
from planner.progress import ProgressInput, progress_by_site, weighted_progress


@dataclass(frozen=True)
class MapData:
    """Sites and buildings to draw, the lon/lat centre of their extent and of each site."""

    sites: list[SiteMapFeature]
    buildings: list[BuildingMapFeature]
    center_lonlat: tuple[float, float] | None
    site_centers: dict[int, tuple[float, float]] = field(default_factory=dict)


def programme_map_data(session: Session, programme_id: int, lang: str) -> MapData:
    """Sites of a programme with progress in that programme, and the buildings of its compounds."""
    sites = session.exec(
        select(Site)
        .join(ProgrammeSite, ProgrammeSite.site_id == Site.id)
        .where(ProgrammeSite.programme_id == programme_id)
        .order_by(Site.id)
    ).all()
    progress = progress_by_site(session, [programme_id])
    site_features = [
        SiteMapFeature(
            id=site.id,  # type: ignore[arg-type]
            name=site.name_zh if lang == "zh" or not site.name_en else site.name_en,
            kind=site.kind,
            status=site.status,
            progress=progress.get(site.id, 0.0),  # type: ignore[arg-type]
            geometry=json.loads(site.geometry),
        )
        for site in sites
    ]
    site_ids = [site.id for site in sites]
    building_rows = session.exec(
        select(Building.id, Building.site_id, Building.number, Building.footprint)
        .where(Building.site_id.in_(site_ids))  # type: ignore[attr-defined]
        .order_by(Building.site_id, Building.id)
    ).all()
    label = "{}号楼" if lang == "zh" else "Building {}"
    buildings = [
        BuildingMapFeature(id=bid, site_id=sid, label=label.format(number), geometry=json.loads(fp))
        for bid, sid, number, fp in building_rows
    ]
    center = None
    if sites:
        min_lon = min(s.min_lon for s in sites)
        max_lon = max(s.max_lon for s in sites)
        min_lat = min(s.min_lat for s in sites)
        max_lat = max(s.max_lat for s in sites)
        center = ((min_lon + max_lon) / 2, (min_lat + max_lat) / 2)
    site_centers = {
        site.id: ((site.min_lon + site.max_lon) / 2, (site.min_lat + site.max_lat) / 2)
        for site in sites
    }
    return MapData(
        sites=site_features,
        buildings=buildings,
        center_lonlat=center,
        site_centers=site_centers,  # type: ignore[arg-type]
    )


@dataclass(frozen=True)
class BuildingRow:
    """A building of a compound as listed beside the map."""

    id: int
    number: str
    floors: int
    units: int
    households: int
    year_built: int | None
    footprint_area_m2: float
    progress: float | None


def site_buildings(
    session: Session, site_id: int, programme_id: int | None = None
) -> list[BuildingRow]:
    """The buildings of a site with their cost-weighted progress (in one programme if given)."""
    buildings = session.exec(
        select(Building).where(Building.site_id == site_id).order_by(Building.id)
    ).all()
    query = select(
        WorkItem.building_id,
        WorkItem.planned_quantity,
        WorkItem.completed_quantity,
        WorkItem.unit_rate,
    ).where(WorkItem.site_id == site_id, WorkItem.building_id.is_not(None))  # type: ignore[union-attr]
    if programme_id is not None:
        query = query.where(WorkItem.programme_id == programme_id)
    items: dict[int, list[ProgressInput]] = defaultdict(list)
    for building_id, planned, completed, rate in session.exec(query).all():
        items[building_id].append(ProgressInput(planned, completed, rate))
    return [
        BuildingRow(
            id=b.id,  # type: ignore[arg-type]
            number=b.number,
            floors=b.floors,
            units=b.units,
            households=b.households,
            year_built=b.year_built,
            footprint_area_m2=b.footprint_area_m2,
            progress=weighted_progress(items.get(b.id, [])),  # type: ignore[arg-type]
        )
        for b in buildings
    ]


def get_site(session: Session, site_id: int) -> Site | None:
    """One site by id, or None."""
    return session.get(Site, site_id)
