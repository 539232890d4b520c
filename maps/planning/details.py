"""Beside the planning map: the clicked site's buildings and work items, as tables and links."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlmodel import Session, col, select

from db.models import Building
from planner.i18n import scope_name, t
from planner.progress import weighted_progress
from planner.works import queries

# --------------------------------------------------------------------------------------------
# Beside the map: a site's buildings, a building
# --------------------------------------------------------------------------------------------


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
        select(Building).where(col(Building.site_id) == site_id).order_by(col(Building.id))
    ).all()
    items = queries.building_progress_inputs(session, site_id, programme_id)
    return [
        BuildingRow(
            id=b.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            number=b.number,
            floors=b.floors,
            units=b.units,
            households=b.households,
            year_built=b.year_built,
            footprint_area_m2=b.footprint_area_m2,
            # stored rows: their ids are set:
            progress=weighted_progress(items.get(b.id, [])),  # type: ignore[arg-type]
        )
        for b in buildings
    ]


def editor_query(site_id: int, building_id: int | None = None) -> dict[str, str]:
    """Query parameters of the work-item editor page for a site or one of its buildings."""
    params = {"site": str(site_id)}
    if building_id is not None:
        params["building"] = str(building_id)
    return params


def scope_labels(keys: Iterable[str], lang: str) -> dict[str, str]:
    """Display names of scope keys in ``lang``."""
    return {key: scope_name(key, lang) for key in keys}


def work_items_table(rows: Iterable[Any], lang: str) -> pd.DataFrame:
    """Work items (``planner.works.items.WorkItemRow``) as the table beside the map shows them.

    Progress is in percent (0..100) under the column ``t("map.col.progress")``.
    """
    rows = list(rows)
    return pd.DataFrame(
        {
            t("map.col.scope", lang): [scope_name(r.scope_key, lang) for r in rows],
            t("map.col.unit", lang): [r.unit for r in rows],
            t("map.col.planned", lang): [r.planned_quantity for r in rows],
            t("map.col.completed", lang): [r.completed_quantity for r in rows],
            t("map.col.progress", lang): [r.progress * 100 for r in rows],
            t("map.col.status", lang): [t(f"status.{r.status}", lang) for r in rows],
            t("map.col.contractor", lang): [r.contractor for r in rows],
        }
    )


def buildings_table(rows: Iterable[BuildingRow], lang: str) -> pd.DataFrame:
    """A site's buildings (:func:`site_buildings`) as the table beside the map shows them."""
    rows = list(rows)
    return pd.DataFrame(
        {
            t("map.col.number", lang): [r.number for r in rows],
            t("map.col.floors", lang): [r.floors for r in rows],
            t("map.col.units", lang): [r.units for r in rows],
            t("map.col.households", lang): [r.households for r in rows],
            t("map.col.year_built", lang): [r.year_built for r in rows],
            t("map.col.area", lang): [round(r.footprint_area_m2) for r in rows],
            t("map.col.progress", lang): [(r.progress or 0) * 100 for r in rows],
        }
    )
