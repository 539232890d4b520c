"""What the planning map page reads: one named query per part of the page, each in its own
read-only session (``planner.transactions.reading``), returning plain values."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from sqlalchemy.engine import Engine

from maps.planning.data import ProgrammeMap, load_programme_map
from maps.planning.details import BuildingRow, site_buildings
from maps.planning.view import MapOptions, MapPhoto, PlanningMapView, planning_map_view
from planner import sites
from planner.sites import SiteRef
from planner.transactions import reading
from planner.works.items import WorkItemRow, list_work_items
from planner.works.overdue import city_today
from planner.works.queries import overdue_places


def programme_map(engine: Engine, programme_id: int) -> ProgrammeMap:
    """A programme's sites, feature order and progress (from the process cache when current)."""
    with reading(engine) as session:
        return load_programme_map(session, programme_id)


def map_view(
    engine: Engine,
    pm: ProgrammeMap,
    *,
    static_dir: Path,
    lang: str,
    options: MapOptions,
    datum: str,
    selected_site_id: int | None,
    selected_building_id: int | None,
    photos: Iterable[MapPhoto],
) -> PlanningMapView:
    """The map's files, state payload and legend for one rerun (a geometry file is written
    when the data changed)."""
    with reading(engine) as session:
        if options.colour == "overdue":  # read on each run: "today" moves, the cache does not
            late = overdue_places(session, pm.programme_id, today=city_today())
            options = replace(options, overdue_places=late)
        return planning_map_view(
            session,
            pm,
            static_dir=static_dir,
            lang=lang,
            options=options,
            datum=datum,
            selected_site_id=selected_site_id,
            selected_building_id=selected_building_id,
            photos=photos,
        )


@dataclass(frozen=True)
class SelectedPlace:
    """Beside the map: the selected site, its buildings and items, and the selected building
    (its number and items)."""

    site: SiteRef
    buildings: list[BuildingRow]
    site_items: list[WorkItemRow]
    building_id: int | None
    building_number: str | None
    building_items: list[WorkItemRow]


def selected_place(
    engine: Engine, programme_id: int, site_id: int, building_id: int | None
) -> SelectedPlace | None:
    """What the side panel shows of the selection (None: the site is gone)."""
    with reading(engine) as session:
        site = sites.get_site(session, site_id)
        if site is None:
            return None
        building = sites.get_building(session, building_id) if building_id else None
        return SelectedPlace(
            SiteRef.of(site),
            site_buildings(session, site_id, programme_id),
            list_work_items(session, site_id=site_id, programme_id=programme_id),
            building.id if building is not None else None,
            building.number if building is not None else None,
            list_work_items(
                session, site_id=site_id, building_id=building.id, programme_id=programme_id
            )
            if building is not None
            else [],
        )
