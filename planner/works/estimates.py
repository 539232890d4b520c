"""Quantities estimated from building geometry, and entered quantities checked against them.

A building's envelope quantities follow from its footprint and floors:

- roof waterproofing (m²) = footprint area × (1 + roof upturn allowance);
- gross facade (m²) = perimeter × floors × storey height: the whole outer wall;
- net facade (m²) = gross facade × (1 − window ratio): the wall without openings, which is
  what external insulation (外墙保温) covers;
- paint (m²) = net facade + reveals: GB 50854 measures 墙面喷刷涂料 on the painted surface,
  openings deducted, reveals (门窗洞口侧壁) added. Reveals = opening area × edge length per m²
  of opening × reveal depth; with the defaults (30 % openings of 1.5 × 1.5 m, 8/3 m of edge
  per m², 0.2 m deep) paint is 0.86 of the gross facade, not all of it (which made the
  estimates 16 % high, 25-30 % on buildings with more or larger windows).

Footprints are stored in lon/lat (EPSG:4326); areas and lengths are measured after projecting
to EPSG:4542 (``geodata.crs``), never in degrees. The estimates are a plausibility check, not
a bill of quantities: an entered quantity far from its estimate is flagged for a second look.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import dataclass

from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry
from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import Building, ProgrammeSite, ScopeType, Site, WorkItem
from geodata.crs import to_metric
from planner.settings import PlannerSettings
from planner.works.queries import scoped_select

#: The scope types estimated from geometry, in display order.
ESTIMATED_SCOPE_KEYS: tuple[str, ...] = ("roof_waterproofing", "wall_insulation", "facade_paint")


@dataclass(frozen=True)
class EstimateParameters:
    """Assumptions of the geometry estimates (built from ``PlannerSettings``).

    Attributes
    ----------
    storey_height_m : float
        Floor-to-floor height, metres (> 0).
    window_ratio : float
        Share of the gross facade that is openings, 0 ≤ ratio < 1.
    roof_upturn_ratio : float
        Extra roof membrane for parapet upturns and overlaps, as a share of the footprint
        area, 0 ≤ ratio ≤ 1.
    deviation_threshold : float
        An entered quantity whose relative distance from its estimate exceeds this share
        (> 0) is flagged.
    """

    storey_height_m: float
    window_ratio: float
    roof_upturn_ratio: float
    deviation_threshold: float
    #: Depth of a window's reveal (wall to frame), m, and edge length per m² of opening
    #: (8/3: a 1.5 × 1.5 m window has 6 m of edge for 2.25 m²).
    reveal_depth_m: float = 0.2
    opening_edge_per_m2: float = 8 / 3

    @property
    def reveal_ratio(self) -> float:
        """Reveal area per m² of gross facade: openings × edge per m² × depth."""
        return self.window_ratio * self.opening_edge_per_m2 * self.reveal_depth_m

    def __post_init__(self) -> None:
        if not self.storey_height_m > 0:
            raise ValueError("storey_height_m must be positive")
        if not 0 <= self.window_ratio < 1:
            raise ValueError("window_ratio must be in [0, 1)")
        if not 0 <= self.roof_upturn_ratio <= 1:
            raise ValueError("roof_upturn_ratio must be in [0, 1]")
        if not self.deviation_threshold > 0:
            raise ValueError("deviation_threshold must be positive")

    @classmethod
    def from_settings(cls, settings: PlannerSettings) -> EstimateParameters:
        """Take the estimate settings of ``settings`` (read at the edge, not here)."""
        return cls(
            storey_height_m=settings.storey_height_m,
            window_ratio=settings.window_ratio,
            roof_upturn_ratio=settings.roof_upturn_ratio,
            deviation_threshold=settings.estimate_deviation_threshold,
        )


@dataclass(frozen=True)
class BuildingEstimate:
    """Geometry and estimated envelope quantities of one building (metres and m²)."""

    footprint_area_m2: float
    perimeter_m: float
    floors: int
    roof_m2: float
    facade_gross_m2: float
    facade_net_m2: float
    facade_paint_m2: float = 0.0  # net facade + reveals (GB 50854)

    @property
    def quantities(self) -> dict[str, float]:
        """Estimated quantity per scope key (m²): roof, net facade, net facade + reveals."""
        return {
            "roof_waterproofing": self.roof_m2,
            "wall_insulation": self.facade_net_m2,
            "facade_paint": self.facade_paint_m2,
        }


def _metric_footprint(footprint_lonlat: BaseGeometry) -> BaseGeometry:
    """Project a lon/lat footprint to EPSG:4542, refusing what is plainly not lon/lat."""
    if footprint_lonlat.is_empty or footprint_lonlat.geom_type not in ("Polygon", "MultiPolygon"):
        raise ValueError(f"a footprint must be a (multi)polygon, not {footprint_lonlat.geom_type}")
    min_x, min_y, max_x, max_y = footprint_lonlat.bounds
    if not (-180 <= min_x <= max_x <= 180 and -90 <= min_y <= max_y <= 90):
        # Projected coordinates passed by mistake would give areas off by a factor of 1e10.
        raise ValueError("the footprint is not in lon/lat degrees (EPSG:4326)")
    return to_metric(footprint_lonlat)


def roof_area_m2(footprint_lonlat: BaseGeometry, params: EstimateParameters) -> float:
    """Estimate the roof waterproofing area of a building.

    Parameters
    ----------
    footprint_lonlat : shapely Polygon or MultiPolygon
        Footprint in EPSG:4326, (longitude, latitude) degrees.
    params : EstimateParameters
        Uses ``roof_upturn_ratio``.

    Returns
    -------
    float
        Footprint area in EPSG:4542 × (1 + ``roof_upturn_ratio``), m².
    """
    return _metric_footprint(footprint_lonlat).area * (1 + params.roof_upturn_ratio)


def facade_area_m2(
    footprint_lonlat: BaseGeometry, floors: int, params: EstimateParameters, *, gross: bool = False
) -> float:
    """Estimate the facade area of a building.

    Parameters
    ----------
    footprint_lonlat : shapely Polygon or MultiPolygon
        Footprint in EPSG:4326, (longitude, latitude) degrees. Interior rings (courtyards)
        count as facade too.
    floors : int
        Storeys above ground (≥ 0).
    params : EstimateParameters
        Uses ``storey_height_m`` and, unless ``gross``, ``window_ratio``.
    gross : bool, default False
        True: the whole wall, openings included. False: without the openings (wall
        insulation; paint adds the reveals, see :func:`estimate_building`).

    Returns
    -------
    float
        Perimeter in EPSG:4542 (m) × floors × storey height (m) × (1 − window ratio unless
        ``gross``), m².

    Examples
    --------
    A 60 × 12 m slab of 6 floors has a 144 m perimeter: 144 × 6 × 2.9 × 0.7 = 1,753.92 m² net.
    """
    if floors < 0:
        raise ValueError("floors must not be negative")
    wall = _metric_footprint(footprint_lonlat).length * floors * params.storey_height_m
    return wall if gross else wall * (1 - params.window_ratio)


def estimate_building(
    footprint_lonlat: BaseGeometry, floors: int, params: EstimateParameters
) -> BuildingEstimate:
    """Estimate all envelope quantities of one building.

    Parameters
    ----------
    footprint_lonlat : shapely Polygon or MultiPolygon
        Footprint in EPSG:4326, (longitude, latitude) degrees.
    floors : int
        Storeys above ground (≥ 0).
    params : EstimateParameters
        The assumptions.

    Returns
    -------
    BuildingEstimate
        Footprint area and perimeter measured in EPSG:4542, and the roof, gross and net facade
        and paint areas, m² (see :func:`roof_area_m2` and :func:`facade_area_m2`).
    """
    if floors < 0:
        raise ValueError("floors must not be negative")
    metric = _metric_footprint(footprint_lonlat)
    area, perimeter = float(metric.area), float(metric.length)
    gross = perimeter * floors * params.storey_height_m
    return BuildingEstimate(
        footprint_area_m2=area,
        perimeter_m=perimeter,
        floors=floors,
        roof_m2=area * (1 + params.roof_upturn_ratio),
        facade_gross_m2=gross,
        facade_net_m2=gross * (1 - params.window_ratio),
        facade_paint_m2=gross * (1 - params.window_ratio + params.reveal_ratio),
    )


@dataclass(frozen=True)
class Deviation:
    """An entered quantity beside its estimate.

    ``relative`` is (entered − estimated) ÷ estimated (−0.33 means a third below the
    estimate), or None when the estimate is zero.
    """

    entered: float
    estimated: float
    relative: float | None
    flagged: bool


def compare(entered: float, estimated: float, threshold: float) -> Deviation:
    """Compare an entered quantity with its estimate and flag a large deviation.

    Parameters
    ----------
    entered : float
        The quantity entered by staff (any unit; the same as ``estimated``).
    estimated : float
        The estimate (≥ 0).
    threshold : float
        Largest relative deviation accepted without a flag (≥ 0); 0.25 means ±25 %.

    Returns
    -------
    Deviation
        Flagged when |entered − estimated| ÷ estimated > ``threshold`` (exactly at the
        threshold is not flagged). A zero estimate has no relative deviation; it is flagged
        when something was entered all the same.

    Examples
    --------
    >>> compare(125, 100, 0.25).flagged
    False
    >>> compare(126, 100, 0.25).flagged
    True
    >>> compare(5, 0, 0.25)
    Deviation(entered=5, estimated=0, relative=None, flagged=True)
    """
    if estimated < 0 or math.isnan(estimated):
        raise ValueError("an estimate must be a non-negative number")
    if threshold < 0:
        raise ValueError("threshold must not be negative")
    if estimated == 0:
        return Deviation(entered, estimated, None, entered != 0)
    relative = (entered - estimated) / estimated
    return Deviation(entered, estimated, relative, abs(relative) > threshold)


@dataclass(frozen=True)
class BuildingEstimateRow:
    """One building with its entered planned quantities, estimates and deviations.

    ``entered`` and ``deviations`` have a key only for scope types with a work item.
    """

    building_id: int
    site_id: int
    site_name_zh: str
    site_name_en: str
    number: str
    floors: int
    estimate: BuildingEstimate
    entered: dict[str, float]
    deviations: dict[str, Deviation]

    @property
    def flagged_scopes(self) -> list[str]:
        """Scope keys whose entered quantity is flagged, in display order."""
        return [
            k for k in ESTIMATED_SCOPE_KEYS if k in self.deviations and self.deviations[k].flagged
        ]


def number_order(number: str) -> tuple[int, int | str]:
    """Sort key of building numbers: 2 before 10, numbers before names."""
    return (0, int(number)) if number.isdigit() else (1, number)


def building_estimates(
    session: Session,
    *,
    params: EstimateParameters,
    site_id: int | None = None,
    programme_id: int | None = None,
) -> list[BuildingEstimateRow]:
    """Entered planned envelope quantities of buildings beside their geometry estimates.

    Parameters
    ----------
    session : Session
        An open session.
    params : EstimateParameters
        Assumptions and deviation threshold.
    site_id : int, optional
        The buildings of this site.
    programme_id : int, optional
        With ``site_id``: only this programme's work items count as entered. Without it: the
        buildings of all the programme's sites.

    Returns
    -------
    list of BuildingEstimateRow
        By site name, then building number. Entered quantities are the planned quantities of
        the ``roof_waterproofing``, ``wall_insulation`` and ``facade_paint`` items, summed
        per building and scope type (over every programme when ``programme_id`` is None).
    """
    if site_id is None and programme_id is None:
        raise ValueError("give a site_id, a programme_id or both")
    if site_id is not None:
        site_ids = [site_id]
    else:
        site_ids = list(
            session.exec(
                select(ProgrammeSite.site_id).where(ProgrammeSite.programme_id == programme_id)
            ).all()
        )
    buildings = session.exec(
        select(Building, Site.name_zh, Site.name_en)
        .join(Site, col(Site.id) == col(Building.site_id))
        .where(col(Building.site_id).in_(site_ids))
    ).all()
    entered_query = (
        scoped_select(WorkItem.building_id, ScopeType.key, func.sum(WorkItem.planned_quantity))
        .where(
            col(WorkItem.site_id).in_(site_ids),
            col(WorkItem.building_id).is_not(None),
            col(ScopeType.key).in_(ESTIMATED_SCOPE_KEYS),
        )
        .group_by(WorkItem.building_id, ScopeType.key)
    )
    if programme_id is not None:
        entered_query = entered_query.where(WorkItem.programme_id == programme_id)
    entered: dict[int, dict[str, float]] = defaultdict(dict)
    for building_id, key, quantity in session.exec(entered_query).all():
        entered[building_id][key] = float(quantity)

    rows = []
    for building, name_zh, name_en in buildings:
        estimate = estimate_building(shape(json.loads(building.footprint)), building.floors, params)
        # stored rows: their ids are set:
        quantities = entered.get(building.id, {})  # type: ignore[arg-type]
        rows.append(
            BuildingEstimateRow(
                building_id=building.id,  # type: ignore[arg-type]  # stored rows: their ids are set
                site_id=building.site_id,
                site_name_zh=name_zh,
                site_name_en=name_en,
                number=building.number,
                floors=building.floors,
                estimate=estimate,
                entered=quantities,
                deviations={
                    key: compare(value, estimate.quantities[key], params.deviation_threshold)
                    for key, value in quantities.items()
                },
            )
        )
    rows.sort(key=lambda r: (r.site_name_zh, r.site_id, number_order(r.number)))
    return rows


#: The estimate assumptions of the settings' defaults, for a caller that was given none (the
#: pages and the command line pass the configured ones).
DEFAULT_PARAMETERS = EstimateParameters.from_settings(PlannerSettings.model_construct())


def estimate_for(
    session: Session, building_id: int | None, scope_key: str, params: EstimateParameters
) -> float | None:
    """The geometry's figure for one building's item of ``scope_key`` (m²), or None when the
    scope type is not estimated, the item is not a building's, or the footprint is unusable."""
    if building_id is None or scope_key not in ESTIMATED_SCOPE_KEYS:
        return None
    building = session.get(Building, building_id)
    if building is None:
        return None
    try:
        estimate = estimate_building(shape(json.loads(building.footprint)), building.floors, params)
    except (ValueError, TypeError, AttributeError):  # no usable footprint: nothing to compare
        return None
    return estimate.quantities[scope_key]


def item_estimates(
    session: Session, items: list[tuple[int, int | None, str]], params: EstimateParameters
) -> dict[int, float]:
    """The geometry's figure per item id, for ``(item id, building id, scope key)`` triples
    whose scope type is estimated."""
    found: dict[int, float] = {}
    for item_id, building_id, scope_key in items:
        value = estimate_for(session, building_id, scope_key, params)
        if value is not None:
            found[item_id] = value
    return found
