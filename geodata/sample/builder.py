"""Deterministic generator of the illustrative Jiayuguan sample programme (``geodata/sample/``).

Run ``python -m geodata.sample.builder [--out DIR]``. The output is byte-identical on every
run with the same Python, shapely and PROJ versions: all randomness comes from one
``random.Random(SEED)``, quantities are apportioned with exact fractions, and coordinates are
rounded to 6 decimals before anything is measured.

The totals (19 compounds, 179 buildings, 6,757 households, the seven quantities, the Xinhua
Road length and progress, the Xiyu Garden counts, the 6 buildings of 2024) are figures from a
2024 report on Jiayuguan's 2023 works. Everything else, above all every coordinate, is
invented: no public source gives the location of these compounds or buildings.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely import affinity
from shapely.geometry import LineString, Point, Polygon, box
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geodata.boundary import city_outline_geometry
from geodata.crs import METRIC_CRS, STORAGE_CRS, Geometry, to_lonlat, to_metric
from geodata.sample import SAMPLE_DIR  # the default output folder (committed)
from geodata.sample.rates import RATES, SITE_RATE_OVERRIDES

#: Seed of the one random generator (the adcode of Jiayuguan).
SEED = 620200

#: Approximate centre of the urban area, (longitude, latitude) in EPSG:4326.
CENTRE_LONLAT = (98.289, 39.772)

#: Every compound lies within this distance of the centre, metres (EPSG:4542).
MAX_RADIUS_M = 4000.0

#: Decimal places of stored lon/lat coordinates (about 0.1 m).
COORD_DECIMALS = 6

#: The date the in-progress figures describe (the report appeared in May 2024).
SNAPSHOT_DATE = date(2024, 5, 15)

# --- Figures from the 2023 report -------------------------------------------------------------
COMPOUNDS_2023 = 19
BUILDINGS_2023 = 179
HOUSEHOLDS_2023 = 6_757
#: The seven quantities of the 2023 programme (m², m², m², m, m, m, spaces).
REPORT_TOTALS_2023: dict[str, int] = {
    "roof_waterproofing": 143_500,
    "wall_insulation": 222_800,
    "facade_paint": 479_100,
    "water_supply_main": 15_433,
    "drainage_main": 7_009,
    "heating_main": 35_124,
    "parking_spaces": 2_147,
}
XINHUA_LENGTH_M = 14_540.0
#: Cost-weighted progress of Xinhua Road at the end of 2023.
XINHUA_PROGRESS = Fraction(90, 100)
BUILDINGS_2024 = 6

# --- Invented parameters ----------------------------------------------------------------------
STOREY_HEIGHT_M = 2.9
ROOF_UPTURN_ALLOWANCE = 0.05  # parapet upturns and overlaps, share of the footprint
WINDOW_RATIO = 0.30  # share of the facade that is openings (not insulated)
#: Reveals (门窗洞口侧壁) per m² of facade: 30 % openings of 1.5 × 1.5 m (8/3 m of edge per
#: m²), 0.2 m deep; paint is measured net with reveals added (GB 50854), as the estimates do.
REVEAL_RATIO = Fraction(3, 10) * Fraction(8, 3) * Fraction(1, 5)
GUANGHUI_BUILDINGS = 23
XIYU_BUILDINGS = 8
BUILDINGS_2024_SPLIT = (4, 2)
GUANGHUI_STREET_LIGHTS = 36
# Clearances used when placing compounds (metres): a street between compounds and a
# carriageway plus verge on each side of the Xinhua Road centre line.
COMPOUND_CLEARANCE_M = 30.0
ROAD_CLEARANCE_M = 40.0
MIN_SIDE_M = 150.0
MAX_SIDE_M = 450.0
CONTRACTORS = tuple(f"示例施工单位{c}" for c in "ABCDEF")

PROGRAMMES: tuple[tuple[str, int, str, str, str], ...] = (
    ("p2023", 2023, "compound_renovation", "2023年老旧小区改造", "2023 old-compound renovation"),
    (
        "p2023_xinhua",
        2023,
        "linear_works",
        "新华路管网改造提升工程",
        "Xinhua Road pipe-network upgrade",
    ),
    (
        "p2023_xiyu",
        2023,
        "special_remediation",
        "西域花园专项整治",
        "Xiyu Garden special remediation",
    ),
    ("p2024", 2024, "compound_renovation", "2024年老旧小区改造", "2024 old-compound renovation"),
)

SUB_DISTRICTS = {"west": "雄关街道", "east": "钢城街道"}
# 31 communities in the city: 17 in Xiongguan, 14 in Gangcheng (sample names only).
COMMUNITY_RANGES = {"雄关街道": (1, 17), "钢城街道": (18, 31)}


# --- Data records -----------------------------------------------------------------------------


@dataclass
class BuildingRecord:
    """One building footprint (EPSG:4326, rounded) with its attributes."""

    site_key: str
    number: str
    floors: int
    units: int
    households: int
    year_built: int
    footprint: Polygon
    flats_per_landing: int = 2
    roof: str = "flat"


@dataclass
class SiteRecord:
    """One compound (Polygon) or linear site (LineString), EPSG:4326, rounded."""

    key: str
    programme_key: str
    kind: str
    name_zh: str
    name_en: str
    sub_district: str | None
    community: str | None
    year_built: int | None
    households: int | None
    status: str
    geometry: BaseGeometry
    buildings: list[BuildingRecord] = field(default_factory=list)


@dataclass
class WorkItemRecord:
    """One row of ``work_items.csv``; quantities are whole units."""

    programme_key: str
    site_key: str
    building_number: str
    scope_key: str
    planned_quantity: int
    completed_quantity: int
    unit_rate: Fraction
    planned_start: date
    planned_end: date
    actual_start: date | None
    actual_end: date | None
    status: str
    contractor: str
    note: str = ""
    pipe_dn: int | None = None  # a pipe's nominal diameter (DN, mm)


@dataclass
class SampleData:
    """Everything the builder writes, plus figures the README reports."""

    sites: list[SiteRecord]
    work_items: list[WorkItemRecord]
    scale_factors: dict[str, Fraction]
    xinhua_progress: Fraction


# --- Small exact helpers ----------------------------------------------------------------------


def apportion(total: int, weights: Sequence[float | Fraction]) -> list[int]:
    """Split an integer total in proportion to weights (largest-remainder method).

    Parameters
    ----------
    total : int
        The whole number to split (e.g. m² of roof for a whole programme).
    weights : sequence of float or Fraction
        Non-negative weights, not all zero. Floats are converted exactly to fractions, so
        the result does not depend on floating-point summation order.

    Returns
    -------
    list of int
        One share per weight, summing exactly to ``total``. Each share is the floor of its
        exact quota, plus one for the shares with the largest remainders (ties go to the
        earlier index).

    Examples
    --------
    >>> apportion(10, [1, 1, 1])
    [4, 3, 3]
    """
    exact = [Fraction(w) for w in weights]
    if any(w < 0 for w in exact) or sum(exact) == 0:
        raise ValueError("weights must be non-negative and not all zero")
    whole = sum(exact)
    quotas = [total * w / whole for w in exact]
    shares = [math.floor(q) for q in quotas]
    left = total - sum(shares)
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - shares[i]), i))
    for i in order[:left]:
        shares[i] += 1
    return shares


def _round_coords(geom: BaseGeometry) -> BaseGeometry:
    """Round lon/lat coordinates to ``COORD_DECIMALS`` with Python's correct rounding."""

    def _apply(coords: np.ndarray) -> np.ndarray:
        rounded = [
            [round(float(x), COORD_DECIMALS), round(float(y), COORD_DECIMALS)] for x, y in coords
        ]
        return np.array(rounded, dtype=float).reshape(-1, 2)

    return shapely.transform(geom, _apply)


def _stored(geom_metric: BaseGeometry) -> BaseGeometry:
    """Convert an EPSG:4542 geometry to the stored form: EPSG:4326, rounded, CCW shells."""
    geom = _round_coords(to_lonlat(geom_metric))
    if isinstance(geom, Polygon):
        geom = orient(geom, sign=1.0)
    return geom


def _weighted_choice(rng: random.Random, options: Sequence[tuple[int, int]]) -> int:
    """Pick a value from (value, integer weight) pairs with one ``randint`` draw."""
    ticket = rng.randint(1, sum(w for _, w in options))
    for value, weight in options:
        ticket -= weight
        if ticket <= 0:
            return value
    raise AssertionError("unreachable")


def _days(start: date, lo: int, hi: int, rng: random.Random) -> date:
    """Return ``start`` plus a whole number of days drawn from [lo, hi]."""
    return start + timedelta(days=rng.randint(lo, hi))


# --- Buildings and compounds ------------------------------------------------------------------


@dataclass
class _Slab:
    """A slab building before placement: size in metres, 单元, floors, flats per landing."""

    units: int
    floors: int
    length: float
    depth: float
    flats_per_landing: int = 2  # 一梯两户 (or 一梯三户)
    roof: str = "flat"  # flat or pitched
    households: int | None = None  # set once the programme total has been fitted

    @property
    def nominal_households(self) -> int:
        """Every flat of every floor of every 单元: 单元 × floors × flats per landing."""
        return self.units * self.floors * self.flats_per_landing


#: Floors of the walk-ups (1985-2000): mostly 5 and 6; a 7th floor is rare (from 7 storeys
#: a lift is required), the weights keep it near 5 % of the buildings.
FLOOR_WEIGHTS = ((5, 9), (6, 10), (7, 1))
UNIT_WEIGHTS = ((2, 4), (3, 5), (4, 2), (5, 1))
#: 一梯两户 mostly, some 一梯三户.
FLATS_PER_LANDING_WEIGHTS = ((2, 6), (3, 1))
#: Width of one 单元 (m) and depth of the slab (m) by flats per landing: about 60-90 m² of
#: floor area (建筑面积, walls and stairs included) per household.
UNIT_WIDTH_M = {2: (12.0, 14.0), 3: (15.0, 16.0)}
SLAB_DEPTH_M = {2: (11.0, 13.0), 3: (12.0, 13.0)}
#: Share of pitched roofs (坡屋面); the others are flat (平屋面).
PITCHED_ROOF_SHARE = (2, 5)  # 2 in 5


def _draw_slab(rng: random.Random) -> _Slab:
    """Draw one walk-up slab: 2-5 单元 of 12-16 m, 5-7 floors, 一梯两户 or 一梯三户."""
    units = _weighted_choice(rng, UNIT_WEIGHTS)
    floors = _weighted_choice(rng, FLOOR_WEIGHTS)
    flats = _weighted_choice(rng, FLATS_PER_LANDING_WEIGHTS)
    # The ranges keep ~0.1 m inside their limits per 单元 so that coordinate rounding
    # can never push a footprint out of them.
    lo, hi = UNIT_WIDTH_M[flats]
    length = round(units * rng.uniform(lo + 0.1, hi - 0.1), 1)
    lo, hi = SLAB_DEPTH_M[flats]
    depth = round(rng.uniform(lo + 0.1, hi - 0.1), 1)
    pitched, out_of = PITCHED_ROOF_SHARE
    roof = "pitched" if rng.randint(1, out_of) <= pitched else "flat"
    return _Slab(units, floors, length, depth, flats_per_landing=flats, roof=roof)


def _fit_households(rng: random.Random, slabs: list[_Slab], target: int) -> list[int]:
    """Adjust floors, then households by at most one each, so households sum to ``target``.

    Floors move one at a time between 5 and 6 (on randomly chosen buildings; a drawn 7th
    floor stays) until the nominal sum is within 8 of the target; the last few households
    are then distributed by largest remainder, which changes at most 8 buildings by one.
    """
    diff = target - sum(s.nominal_households for s in slabs)
    guard = 0
    while abs(diff) > 8:
        slab = slabs[rng.randint(0, len(slabs) - 1)]
        step = 1 if diff > 0 else -1
        if 5 <= slab.floors + step <= 6 and slab.floors != 7:
            slab.floors += step
            diff -= step * slab.flats_per_landing * slab.units
        guard += 1
        if guard > 100_000:
            raise RuntimeError("could not reach the household total")
    return apportion(target, [s.nominal_households for s in slabs])


def _layout(rng: random.Random, slabs: list[_Slab]) -> tuple[Polygon, list[Polygon]]:
    """Lay slabs out in parallel east-west rows inside a block, local metres at (0, 0).

    Returns the block outline (a slightly irregular quadrilateral) and the footprints,
    numbered row by row from the north-west. Rows are at least 22 m apart (edge to edge) and
    slab ends at least 21 m apart.
    """
    n = len(slabs)
    cols = 3 if n >= 12 else 2 if n >= 3 else 1
    rows = math.ceil(n / cols)
    row_gap = rng.uniform(22.0, 30.0)
    end_gap = rng.uniform(21.0, 28.0)
    pitch = 13.0 + row_gap  # 13 m = deepest slab, so the edge gap is at least row_gap
    footprints: list[Polygon] = []
    half_width = 0.0
    for r in range(rows):
        row = slabs[r * cols : (r + 1) * cols]
        width = sum(s.length for s in row) + end_gap * (len(row) - 1)
        shift = rng.uniform(-4.0, 4.0)
        x = -width / 2 + shift
        y = ((rows - 1) / 2 - r) * pitch
        for s in row:
            footprints.append(box(x, y - s.depth / 2, x + s.length, y + s.depth / 2))
            x += s.length + end_gap
        half_width = max(half_width, width / 2 + abs(shift))
    hw = max(half_width + rng.uniform(14.0, 30.0), MIN_SIDE_M / 2)
    hh = max((rows - 1) * pitch / 2 + 6.5 + rng.uniform(14.0, 30.0), MIN_SIDE_M / 2)
    j = [rng.uniform(0.0, 6.0) for _ in range(8)]
    outline = Polygon(
        [
            (-hw - j[0], -hh - j[1]),
            (hw + j[2], -hh - j[3]),
            (hw + j[4], hh + j[5]),
            (-hw - j[6], hh + j[7]),
        ]
    )
    if 2 * max(hw, hh) + 12 > MAX_SIDE_M:  # 12 m: the largest corner jitter, twice
        raise RuntimeError(f"block too large for {n} buildings")
    return outline, footprints


@dataclass
class _CompoundSpec:
    """What is known about a compound before it is placed on the map."""

    key: str
    programme_key: str
    name_zh: str
    name_en: str
    year_built: int
    status: str
    slabs: list[_Slab]
    sub_district: str | None = None  # None: decided by the side of Xinhua Road
    community: str | None = None


def _place(
    rng: random.Random,
    outline: Polygon,
    centre: Point,
    road: LineString,
    placed: list[Polygon],
    city: BaseGeometry,
    side: str | None,
) -> tuple[float, float, float]:
    """Find a rotation (degrees) and offset (metres) for a block; rejection sampling.

    The block must lie within ``MAX_RADIUS_M`` of the centre, inside the city outline, at
    least ``ROAD_CLEARANCE_M`` from the road and ``COMPOUND_CLEARANCE_M`` from other blocks.
    """
    reach = max(math.hypot(x, y) for x, y in outline.exterior.coords)
    for _ in range(10_000):
        rho = (MAX_RADIUS_M - 50.0 - reach) * math.sqrt(rng.random())
        phi = 2 * math.pi * rng.random()
        angle = rng.uniform(-8.0, 8.0)
        dx = centre.x + rho * math.cos(phi)
        dy = centre.y + rho * math.sin(phi)
        candidate = _move(outline, angle, dx, dy)
        if candidate.distance(road) < ROAD_CLEARANCE_M:
            continue
        if any(candidate.distance(other) < COMPOUND_CLEARANCE_M for other in placed):
            continue
        if side is not None and _side_of_road(candidate, road) != side:
            continue
        if not city.contains(candidate):
            continue
        return angle, dx, dy
    raise RuntimeError("no room left for a compound")


def _move(geom: Geometry, angle: float, dx: float, dy: float) -> Geometry:
    """Rotate about the local origin, then translate (metres, degrees counter-clockwise)."""
    return affinity.translate(affinity.rotate(geom, angle, origin=(0.0, 0.0)), dx, dy)


def _side_of_road(geom: BaseGeometry, road: LineString) -> str:
    """Return "west" or "east": where a geometry's centroid lies relative to the road."""
    c = geom.centroid
    nearest = road.interpolate(road.project(c))
    return "west" if c.x < nearest.x else "east"


# --- Xinhua Road ------------------------------------------------------------------------------


def _xinhua_road(rng: random.Random, centre: Point) -> LineString:
    """A gently bending north-south polyline through the centre, 14,540 m when stored.

    The length is measured in EPSG:4542 on the rounded lon/lat coordinates; the shape is
    rescaled about the centre until that length is within a few centimetres of the target.
    """
    n = 15
    half = XINHUA_LENGTH_M / 2
    offsets = []
    for k in range(n):
        t = -1 + 2 * k / (n - 1)
        offsets.append(
            (
                110.0 * math.sin(1.3 * math.pi * t + 0.4) - 0.05 * t * half + rng.uniform(-20, 20),
                t * half,
            )
        )
    mid_x = offsets[n // 2][0]
    offsets = [(x - mid_x, y) for x, y in offsets]  # the middle vertex is the centre
    scale = 1.0
    for _ in range(6):
        line = LineString([(centre.x + scale * x, centre.y + scale * y) for x, y in offsets])
        stored_length = to_metric(_stored(line)).length
        if abs(stored_length - XINHUA_LENGTH_M) < 0.05:
            break
        scale *= XINHUA_LENGTH_M / stored_length
    return line


# --- Work items -------------------------------------------------------------------------------


def _rate(site_key: str, scope_key: str) -> Fraction:
    """Return the unit rate for a scope at a site (CNY per unit), exactly."""
    override = SITE_RATE_OVERRIDES.get((site_key, scope_key))
    return Fraction((override or RATES[scope_key]).value)


def _item(
    programme_key: str,
    site_key: str,
    scope_key: str,
    planned: int,
    completed: int,
    planned_dates: tuple[date, date],
    actual_dates: tuple[date | None, date | None],
    contractor: str,
    building_number: str = "",
    note: str = "",
) -> WorkItemRecord:
    """Build a work item whose status follows from its quantities."""
    if completed >= planned:
        status = "completed"
    elif completed > 0 or actual_dates[0] is not None:
        status = "in_progress"
    else:
        status = "planned"
    return WorkItemRecord(
        programme_key=programme_key,
        site_key=site_key,
        building_number=building_number,
        scope_key=scope_key,
        planned_quantity=planned,
        completed_quantity=completed,
        unit_rate=_rate(site_key, scope_key),
        planned_start=planned_dates[0],
        planned_end=planned_dates[1],
        actual_start=actual_dates[0],
        actual_end=actual_dates[1],
        status=status,
        contractor=contractor,
        note=note,
    )


def _raw_building_quantities(b: BuildingRecord) -> dict[str, Fraction]:
    """Geometric quantities of one building, from its rounded footprint (m²)."""
    metric = to_metric(b.footprint)
    area = Fraction(metric.area)
    perimeter = Fraction(metric.length)
    facade = perimeter * b.floors * Fraction(str(STOREY_HEIGHT_M))
    return {
        "roof_waterproofing": area * (1 + Fraction(str(ROOF_UPTURN_ALLOWANCE))),
        "wall_insulation": facade * (1 - Fraction(str(WINDOW_RATIO))),
        "facade_paint": facade * (1 - Fraction(str(WINDOW_RATIO)) + REVEAL_RATIO),
    }


def _clamp(day: date, lo: date, hi: date) -> date:
    """Clamp a date into [lo, hi]."""
    return min(max(day, lo), hi)


def _actual(rng: random.Random, start: date, end: date, lo: date, hi: date) -> tuple[date, date]:
    """Actual dates close to the planned ones, kept within [lo, hi]."""
    a_start = _clamp(_days(start, -2, 6, rng), lo, hi)
    a_end = _clamp(_days(end, -5, 8, rng), a_start + timedelta(days=1), hi)
    return a_start, a_end


def _items_2023(
    rng: random.Random, sites: list[SiteRecord]
) -> tuple[list[WorkItemRecord], dict[str, Fraction]]:
    """Work items of the 2023 compound programme, all completed, totals as reported."""
    buildings = [b for s in sites for b in s.buildings]
    raw = [_raw_building_quantities(b) for b in buildings]
    shares: dict[str, list[int]] = {}
    scale: dict[str, Fraction] = {}
    for key in ("roof_waterproofing", "wall_insulation", "facade_paint"):
        weights = [r[key] for r in raw]
        shares[key] = apportion(REPORT_TOTALS_2023[key], weights)
        scale[key] = REPORT_TOTALS_2023[key] / sum(weights, Fraction(0))
    by_households = [Fraction(s.households or 0) for s in sites]
    by_area = [Fraction(to_metric(s.geometry).area) for s in sites]
    site_shares = {
        "water_supply_main": apportion(REPORT_TOTALS_2023["water_supply_main"], by_households),
        "drainage_main": apportion(REPORT_TOTALS_2023["drainage_main"], by_area),
        "heating_main": apportion(REPORT_TOTALS_2023["heating_main"], by_households),
        "parking_spaces": apportion(REPORT_TOTALS_2023["parking_spaces"], by_area),
    }
    # Out of 冬期施工 (from about 30 October on the climate table, planner/works/seasons.py).
    season = (date(2023, 4, 1), date(2023, 10, 25))
    # Heating works must stay out of the heating season (15 Oct - 15 Apr) and finish 15 days
    # before it for the pressure tests and flushing; keep a margin.
    no_heating = (date(2023, 5, 1), date(2023, 9, 25))
    items: list[WorkItemRecord] = []
    index = 0
    for s_i, site in enumerate(sites):
        contractor = CONTRACTORS[rng.randint(0, len(CONTRACTORS) - 1)]
        base = _days(date(2023, 4, 3), 0, 42, rng)
        for b in site.buildings:
            lag = rng.randint(0, 7)
            roof = (_days(base, lag, lag + 10, rng), _days(base, lag + 40, lag + 55, rng))
            wall = (_days(base, lag + 15, lag + 25, rng), _days(base, lag + 85, lag + 100, rng))
            paint = (wall[1] - timedelta(days=10), _days(wall[1], 30, 40, rng))
            for key, dates in (
                ("roof_waterproofing", roof),
                ("wall_insulation", wall),
                ("facade_paint", paint),
            ):
                q = shares[key][index]
                actual = _actual(rng, *dates, *season)
                items.append(
                    _item("p2023", site.key, key, q, q, dates, actual, contractor, b.number)
                )
            index += 1
        water = (_days(base, 0, 10, rng), _days(base, 50, 70, rng))
        drain = (_days(base, 5, 15, rng), _days(base, 45, 65, rng))
        heat_start = max(_days(base, 10, 20, rng), date(2023, 5, 8))
        heat = (heat_start, min(_days(heat_start, 60, 90, rng), date(2023, 9, 15)))
        park = (_days(base, 110, 125, rng), _days(base, 150, 165, rng))
        for key, dates, window in (
            ("water_supply_main", water, season),
            ("drainage_main", drain, season),
            ("heating_main", heat, no_heating),
            ("parking_spaces", park, season),
        ):
            q = site_shares[key][s_i]
            actual = _actual(rng, *dates, *window)
            items.append(_item("p2023", site.key, key, q, q, dates, actual, contractor))
        if site.name_zh == "广汇小区":
            dates = (date(2023, 8, 21), date(2023, 9, 25))
            items.append(
                _item(
                    "p2023",
                    site.key,
                    "street_lights",
                    GUANGHUI_STREET_LIGHTS,
                    GUANGHUI_STREET_LIGHTS,
                    dates,
                    _actual(rng, *dates, *season),
                    contractor,
                    note="应居民建议加密安装 / added at residents' request",
                )
            )
    return items, scale


def _xinhua_items() -> tuple[list[WorkItemRecord], Fraction]:
    """Xinhua Road work items; replanting is done far enough to make progress 90 %."""
    c = "示例施工单位G"
    k, s = "p2023_xinhua", "xinhua_road"
    d = date
    done = [
        ("storm_drain", 12_600, (d(2023, 5, 6), d(2023, 7, 24)), (d(2023, 5, 8), d(2023, 7, 25))),
        (
            "greening_water_supply",
            9_800,
            (d(2023, 5, 15), d(2023, 7, 24)),
            (d(2023, 5, 16), d(2023, 7, 22)),
        ),
        (
            "pavement_restoration",
            38_500,
            (d(2023, 6, 5), d(2023, 7, 26)),
            (d(2023, 6, 8), d(2023, 7, 26)),
        ),
        (
            "traffic_facilities",
            3,
            (d(2023, 7, 1), d(2023, 7, 26)),
            (d(2023, 7, 3), d(2023, 7, 27)),
        ),
    ]
    items = [_item(k, s, key, q, q, p, a, c) for key, q, p, a in done]
    pump = _item(
        k,
        s,
        "rainwater_pump_station",
        1,
        0,
        (d(2023, 7, 1), d(2024, 5, 31)),
        (d(2023, 7, 10), None),
        c,
        note="铁路下穿通道雨水泵站 / pump station at the rail underpass",
    )
    planted_total = 15_000
    rate = Fraction(RATES["replanting"].value)
    planned_cost = sum(i.planned_quantity * i.unit_rate for i in [*items, pump])
    planned_cost += planted_total * rate
    # Remaining cost = (1 - progress) × total: the pump station plus the unplanted area.
    open_cost = (1 - XINHUA_PROGRESS) * planned_cost - pump.unit_rate
    planted = planted_total - round(open_cost / rate)
    if not 0 < planted < planted_total:
        raise RuntimeError("Xinhua rates cannot give the reported progress")
    replant = _item(
        k,
        s,
        "replanting",
        planted_total,
        planted,
        (d(2023, 9, 11), d(2024, 5, 31)),
        (d(2023, 9, 18), None),
        c,
        note="秋季已补植一部分，余量春季完成 / part planted in autumn, rest in spring",
    )
    items += [pump, replant]
    progress = sum(min(i.completed_quantity, i.planned_quantity) * i.unit_rate for i in items)
    return items, progress / sum((i.planned_quantity * i.unit_rate for i in items), Fraction(0))


def _xiyu_items() -> list[WorkItemRecord]:
    """Xiyu Garden remediation items (site level, all completed Nov-Dec 2023)."""
    c = "示例施工单位E"
    d = date
    rows = [
        (
            "illegal_structure_demolition",
            10,
            (d(2023, 11, 13), d(2023, 11, 30)),
            "10处违建商铺 / 10 illegal shops",
        ),
        (
            "boiler_room_demolition",
            1,
            (d(2023, 11, 20), d(2023, 12, 5)),
            "废弃锅炉房 / disused boiler room",
        ),
        ("debris_removal", 120, (d(2023, 11, 15), d(2023, 12, 15)), "单位：吨 / unit: tonnes"),
        ("concrete_road", 6, (d(2023, 11, 22), d(2023, 12, 12)), "6段 / 6 sections"),
        ("parking_spaces", 44, (d(2023, 12, 1), d(2023, 12, 20)), "划线车位 / marked bays"),
        ("signs", 19, (d(2023, 12, 4), d(2023, 12, 22)), "消防及交通标识 / fire and traffic signs"),
    ]
    items = []
    for key, q, (start, end), note in rows:
        actual = (start + timedelta(days=1), end + timedelta(days=2))
        items.append(
            _item("p2023_xiyu", "xiyu_garden", key, q, q, (start, end), actual, c, note=note)
        )
    return items


def _items_2024(
    rng: random.Random, sites: list[SiteRecord], scale: dict[str, Fraction]
) -> list[WorkItemRecord]:
    """2024 building works: one compound under way at the snapshot date, one still planned."""
    d = date
    items: list[WorkItemRecord] = []
    for site in sites:
        contractor = CONTRACTORS[rng.randint(0, len(CONTRACTORS) - 1)]
        for b in site.buildings:
            raw = _raw_building_quantities(b)
            planned = {k: round(raw[k] * scale[k]) for k in raw}
            # (scope, planned dates, share done at the snapshot, actual start)
            plan: list[tuple[str, tuple[date, date], float, date | None]]
            if site.status == "in_progress":
                wall_started = int(b.number) <= 2
                plan = [
                    (
                        "roof_waterproofing",
                        (d(2024, 4, 15), d(2024, 6, 15)),
                        rng.uniform(0.4, 0.8),
                        d(2024, 4, 18),
                    ),
                    (
                        "wall_insulation",
                        (d(2024, 5, 6), d(2024, 8, 20)),
                        rng.uniform(0.15, 0.35) if wall_started else 0.0,
                        d(2024, 5, 8) if wall_started else None,
                    ),
                    ("facade_paint", (d(2024, 7, 22), d(2024, 9, 30)), 0.0, None),
                ]
            else:
                plan = [
                    ("roof_waterproofing", (d(2024, 6, 3), d(2024, 7, 31)), 0.0, None),
                    ("wall_insulation", (d(2024, 6, 17), d(2024, 9, 10)), 0.0, None),
                    ("facade_paint", (d(2024, 8, 26), d(2024, 10, 10)), 0.0, None),
                ]
            for key, dates, share, started_on in plan:
                q = planned[key]
                done = math.floor(q * share)
                items.append(
                    _item(
                        "p2024",
                        site.key,
                        key,
                        q,
                        done,
                        dates,
                        (started_on, None),
                        contractor,
                        b.number,
                    )
                )
    return items


# --- The whole sample -------------------------------------------------------------------------


def _compound_specs(rng: random.Random) -> list[_CompoundSpec]:
    """Names, years, statuses and slabs of all compounds, households fitted for 2023."""
    counts = [rng.randint(5, 13) for _ in range(COMPOUNDS_2023 - 1)]
    target = BUILDINGS_2023 - GUANGHUI_BUILDINGS
    while sum(counts) != target:
        i = rng.randint(0, len(counts) - 1)
        step = 1 if sum(counts) < target else -1
        if 5 <= counts[i] + step <= 13:
            counts[i] += step
    counts = [GUANGHUI_BUILDINGS, *counts]
    specs = []
    for i, n in enumerate(counts, start=1):
        if i == 1:
            zh, en = "广汇小区", "Guanghui Compound"
        elif i == 2:
            zh, en = "安环南小区", "Anhuan South Compound"
        else:
            zh, en = f"示例小区{i:02d}（样例）", f"Sample compound {i:02d} (sample)"
        specs.append(
            _CompoundSpec(
                key=f"c2023_{i:02d}",
                programme_key="p2023",
                name_zh=zh,
                name_en=en,
                year_built=rng.randint(1985, 2000),
                status="completed",
                slabs=[_draw_slab(rng) for _ in range(n)],
            )
        )
    slabs_2023 = [s for spec in specs for s in spec.slabs]
    households = _fit_households(rng, slabs_2023, HOUSEHOLDS_2023)
    for slab, h in zip(slabs_2023, households, strict=True):
        slab.households = h
    specs.append(
        _CompoundSpec(
            key="xiyu_garden",
            programme_key="p2023_xiyu",
            name_zh="西域花园",
            name_en="Xiyu Garden",
            year_built=2002,
            status="in_progress",
            slabs=[_draw_slab(rng) for _ in range(XIYU_BUILDINGS)],
            sub_district="雄关街道",
            community="雄关社区",
        )
    )
    for letter, n, status in zip(
        "AB", BUILDINGS_2024_SPLIT, ("in_progress", "planned"), strict=True
    ):
        specs.append(
            _CompoundSpec(
                key=f"c2024_{'AB'.index(letter) + 1:02d}",
                programme_key="p2024",
                name_zh=f"示例小区2024-{letter}（样例）",
                name_en=f"Sample compound 2024-{letter} (sample)",
                year_built=rng.randint(1988, 2000),
                status=status,
                slabs=[_draw_slab(rng) for _ in range(n)],
            )
        )
    return specs


def build_sample(seed: int = SEED) -> SampleData:
    """Generate the whole illustrative sample in memory.

    Parameters
    ----------
    seed : int, default ``SEED``
        Seed of the single ``random.Random`` used for every random choice.

    Returns
    -------
    SampleData
        Sites (compounds and Xinhua Road, with their buildings) and work items. Geometry is
        in EPSG:4326 with coordinates rounded to 6 decimals; every area, length and check
        was computed in EPSG:4542 from those rounded coordinates.
    """
    rng = random.Random(seed)
    centre = to_metric(Point(*CENTRE_LONLAT))
    city = to_metric(city_outline_geometry())
    road_m = _xinhua_road(rng, centre)
    specs = _compound_specs(rng)

    placed: list[Polygon] = []
    sites: list[SiteRecord] = []
    for spec in specs:
        outline, footprints = _layout(rng, spec.slabs)
        side = "west" if spec.sub_district == SUB_DISTRICTS["west"] else None
        angle, dx, dy = _place(rng, outline, centre, road_m, placed, city, side)
        outline_m = _move(outline, angle, dx, dy)
        placed.append(outline_m)
        sub_district = spec.sub_district or SUB_DISTRICTS[_side_of_road(outline_m, road_m)]
        lo, hi = COMMUNITY_RANGES[sub_district]
        community = spec.community or f"示例社区{rng.randint(lo, hi):02d}"
        site = SiteRecord(
            key=spec.key,
            programme_key=spec.programme_key,
            kind="compound",
            name_zh=spec.name_zh,
            name_en=spec.name_en,
            sub_district=sub_district,
            community=community,
            year_built=spec.year_built,
            households=None,
            status=spec.status,
            geometry=_stored(outline_m),
        )
        for number, (slab, fp) in enumerate(zip(spec.slabs, footprints, strict=True), start=1):
            households = slab.households or slab.nominal_households
            site.buildings.append(
                BuildingRecord(
                    site_key=spec.key,
                    number=str(number),
                    floors=slab.floors,
                    units=slab.units,
                    households=households,
                    year_built=spec.year_built,
                    flats_per_landing=slab.flats_per_landing,
                    roof=slab.roof,
                    # _stored keeps a geometry's kind: a footprint stays a Polygon
                    footprint=_stored(_move(fp, angle, dx, dy)),  # type: ignore[arg-type]
                )
            )
        site.households = sum(b.households for b in site.buildings)
        sites.append(site)

    road = SiteRecord(
        key="xinhua_road",
        programme_key="p2023_xinhua",
        kind="linear",
        name_zh="新华路",
        name_en="Xinhua Road",
        sub_district=None,
        community=None,
        year_built=None,
        households=None,
        status="in_progress",
        geometry=_stored(road_m),
    )
    compounds_2023 = [s for s in sites if s.programme_key == "p2023"]
    items, scale = _items_2023(rng, compounds_2023)
    xinhua, progress = _xinhua_items()
    items += xinhua
    items += _xiyu_items()
    items += _items_2024(rng, [s for s in sites if s.programme_key == "p2024"], scale)
    ordered = [*compounds_2023, road, *[s for s in sites if s.programme_key != "p2023"]]
    _size_pipes(items, ordered)
    data = SampleData(
        sites=ordered, work_items=items, scale_factors=scale, xinhua_progress=progress
    )
    _check(data)
    return data


#: Pipe sizes (DN) by the households a compound main serves: (up to households, DN), the
#: last size for anything larger. Typical of residential outdoor mains, an assumption.
PIPE_DN_BY_HOUSEHOLDS: dict[str, tuple[tuple[int, int], ...]] = {
    "water_supply_main": ((200, 100), (500, 150), (10**9, 200)),
    "heating_main": ((150, 100), (300, 125), (500, 150), (10**9, 200)),
    "drainage_main": ((300, 200), (10**9, 300)),
}
#: Pipes of the road (no households): the storm drain and the greening water supply.
ROAD_PIPE_DN = {"storm_drain": 500, "greening_water_supply": 50}


def _size_pipes(items: list[WorkItemRecord], sites: list[SiteRecord]) -> None:
    """Give every pipe item its DN: by the households of its compound, fixed on the road."""
    households = {s.key: s.households or 0 for s in sites}
    for item in items:
        if item.scope_key in ROAD_PIPE_DN:
            item.pipe_dn = ROAD_PIPE_DN[item.scope_key]
        elif item.scope_key in PIPE_DN_BY_HOUSEHOLDS:
            bands = PIPE_DN_BY_HOUSEHOLDS[item.scope_key]
            count = households[item.site_key]
            item.pipe_dn = next(dn for upto, dn in bands if count <= upto)


def _check(data: SampleData) -> None:
    """Refuse to write a sample that breaks the figures or the geometry rules."""
    compounds = [s for s in data.sites if s.programme_key == "p2023"]
    buildings = [b for s in compounds for b in s.buildings]
    problems = []
    if len(compounds) != COMPOUNDS_2023 or len(buildings) != BUILDINGS_2023:
        problems.append("2023 compound or building count")
    if sum(b.households for b in buildings) != HOUSEHOLDS_2023:
        problems.append("2023 household total")
    largest = max(compounds, key=lambda s: (len(s.buildings), s.households or 0))
    if largest.name_zh != "广汇小区" or any(
        (s.households or 0) >= (largest.households or 0) for s in compounds if s is not largest
    ):
        problems.append("Guanghui is not the largest compound")
    for key, total in REPORT_TOTALS_2023.items():
        got = sum(
            i.planned_quantity
            for i in data.work_items
            if i.programme_key == "p2023" and i.scope_key == key
        )
        if got != total:
            problems.append(f"{key}: {got} != {total}")
    road = next(s for s in data.sites if s.key == "xinhua_road")
    if abs(to_metric(road.geometry).length - XINHUA_LENGTH_M) > 0.5:
        problems.append("Xinhua Road length")
    if abs(data.xinhua_progress - XINHUA_PROGRESS) > Fraction(1, 1000):
        problems.append("Xinhua Road progress")
    city = city_outline_geometry()
    for site in data.sites:
        if not city.contains(site.geometry):
            problems.append(f"{site.key} outside the city outline")
        for b in site.buildings:
            if not site.geometry.contains(b.footprint):
                problems.append(f"{site.key}/{b.number} outside its compound")
    if problems:
        raise RuntimeError("sample data check failed: " + "; ".join(problems))


# --- Writing ----------------------------------------------------------------------------------


def _coords(geom: BaseGeometry) -> list[Any]:
    """GeoJSON coordinate arrays of a Polygon (exterior only) or LineString."""
    if isinstance(geom, Polygon):
        return [[[x, y] for x, y in geom.exterior.coords]]
    return [[x, y] for x, y in geom.coords]


def _feature_collection(features: list[dict[str, Any]]) -> str:
    """One feature per line: small diffs when the sample changes."""
    lines = [json.dumps(f, ensure_ascii=False) for f in features]
    return '{"type": "FeatureCollection", "features": [\n' + ",\n".join(lines) + "\n]}\n"


def _feature(geom: BaseGeometry, properties: dict[str, Any]) -> dict[str, Any]:
    """A GeoJSON Feature dict (EPSG:4326, RFC 7946)."""
    return {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": geom.geom_type, "coordinates": _coords(geom)},
    }


def _csv(header: Sequence[str], rows: list[Sequence[Any]]) -> str:
    """CSV text, UTF-8, ``\\n`` line ends, empty string for missing values."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue()


def _iso(day: date | None) -> str:
    """ISO date or empty."""
    return day.isoformat() if day else ""


def _money(value: Fraction | Decimal) -> str:
    """A rate with two decimals."""
    return f"{float(value):.2f}"


def render_files(data: SampleData) -> dict[str, str]:
    """Render the sample as file name -> text (UTF-8 content, ``\\n`` line ends).

    Parameters
    ----------
    data : SampleData
        The output of :func:`build_sample`.

    Returns
    -------
    dict of str to str
        ``programmes.csv``, ``sites.geojson``, ``buildings.geojson``, ``work_items.csv`` and
        ``README.md``.
    """
    programmes = _csv(
        ("key", "year", "kind", "name_zh", "name_en", "illustrative"),
        [(*p, 1) for p in PROGRAMMES],
    )
    sites = _feature_collection(
        [
            _feature(
                s.geometry,
                {
                    "key": s.key,
                    "programme_key": s.programme_key,
                    "kind": s.kind,
                    "name_zh": s.name_zh,
                    "name_en": s.name_en,
                    "sub_district": s.sub_district,
                    "community": s.community,
                    "year_built": s.year_built,
                    "households": s.households,
                    "status": s.status,
                    "illustrative": True,
                },
            )
            for s in data.sites
        ]
    )
    buildings = _feature_collection(
        [
            _feature(
                b.footprint,
                {
                    "site_key": b.site_key,
                    "number": b.number,
                    "floors": b.floors,
                    "units": b.units,
                    "households": b.households,
                    "year_built": b.year_built,
                    "flats_per_landing": b.flats_per_landing,
                    "roof": b.roof,
                },
            )
            for s in data.sites
            for b in s.buildings
        ]
    )
    work_items = _csv(
        WORK_ITEM_COLUMNS,
        [
            (
                i.programme_key,
                i.site_key,
                i.building_number,
                i.scope_key,
                i.planned_quantity,
                i.completed_quantity,
                _money(i.unit_rate),
                _iso(i.planned_start),
                _iso(i.planned_end),
                _iso(i.actual_start),
                _iso(i.actual_end),
                i.status,
                i.contractor,
                i.note,
                "" if i.pipe_dn is None else i.pipe_dn,
            )
            for i in data.work_items
        ],
    )
    return {
        "programmes.csv": programmes,
        "sites.geojson": sites,
        "buildings.geojson": buildings,
        "work_items.csv": work_items,
        "README.md": _readme(data),
    }


WORK_ITEM_COLUMNS = (
    "programme_key",
    "site_key",
    "building_number",
    "scope_key",
    "planned_quantity",
    "completed_quantity",
    "unit_rate",
    "planned_start",
    "planned_end",
    "actual_start",
    "actual_end",
    "status",
    "contractor",
    "note",
    "pipe_dn",
)


def write_sample(out_dir: Path = SAMPLE_DIR, seed: int = SEED) -> list[Path]:
    """Generate the sample and write its files.

    Parameters
    ----------
    out_dir : Path, default ``SAMPLE_DIR``
        Folder to write into; created if missing. Existing sample files are overwritten.
    seed : int, default ``SEED``
        Seed of the random generator. Only the default reproduces the committed files.

    Returns
    -------
    list of Path
        The files written.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_files(build_sample(seed)).items():
        path = out_dir / name
        path.write_bytes(text.encode("utf-8"))  # bytes: no platform newline translation
        written.append(path)
    return written


# --- README -----------------------------------------------------------------------------------


def _readme(data: SampleData) -> str:
    """The provenance README of the sample folder (generated, so its figures stay true)."""
    compounds = [s for s in data.sites if s.kind == "compound"]
    n_buildings = {p: 0 for p, *_ in PROGRAMMES}
    for s in compounds:
        n_buildings[s.programme_key] += len(s.buildings)
    guanghui = next(s for s in compounds if s.name_zh == "广汇小区")
    rate_rows = "\n".join(
        f"| `{key}` | {_money(r.value)} | CNY/{r.unit} | {r.source} |" for key, r in RATES.items()
    )
    override_rows = "\n".join(
        f"| `{scope}` at `{site}` | {_money(r.value)} | CNY/{r.unit} | {r.source} |"
        for (site, scope), r in SITE_RATE_OVERRIDES.items()
    )
    factors = "\n".join(
        f"| `{k}` | {REPORT_TOTALS_2023[k]:,} | {float(v):.3f} |"
        for k, v in data.scale_factors.items()
    )
    buildings_2023 = [b for s in compounds if s.programme_key == "p2023" for b in s.buildings]
    floor_area = sum(
        (Fraction(to_metric(b.footprint).area) * b.floors for b in buildings_2023), Fraction(0)
    )
    return README_TEMPLATE.format(
        floors_5=sum(1 for b in buildings_2023 if b.floors == 5),
        floors_6=sum(1 for b in buildings_2023 if b.floors == 6),
        floors_7=sum(1 for b in buildings_2023 if b.floors == 7),
        pitched=sum(1 for b in buildings_2023 if b.roof == "pitched"),
        area_per_household=float(floor_area / sum(b.households for b in buildings_2023)),
        seed=SEED,
        n_compounds=len(compounds),
        n_2023=n_buildings["p2023"],
        n_xiyu=n_buildings["p2023_xiyu"],
        n_2024=n_buildings["p2024"],
        guanghui_buildings=len(guanghui.buildings),
        guanghui_households=guanghui.households,
        lights=GUANGHUI_STREET_LIGHTS,
        progress=f"{float(data.xinhua_progress) * 100:.2f}",
        rate_rows=rate_rows,
        override_rows=override_rows,
        factors=factors,
        upturn=f"{ROOF_UPTURN_ALLOWANCE:.0%}",
        window=f"{WINDOW_RATIO:.0%}",
        reveals=f"{float(REVEAL_RATIO):.0%}",
        storey=STOREY_HEIGHT_M,
        snapshot=SNAPSHOT_DATE.isoformat(),
        storage=STORAGE_CRS,
        metric=METRIC_CRS,
        radius=int(MAX_RADIUS_M),
    )


README_TEMPLATE = """\
# Sample data: an illustrative Jiayuguan renovation programme

> **Illustrative data.** No public source gives the location, outline or buildings of any
> compound named here. Every coordinate in this folder was invented by a program; the app must
> label maps drawn from it as illustrative. Do not use it for anything but demos and tests.

This folder is generated by `geodata/sample/builder.py` (do not edit the files by hand; this
README is generated too). The database seed (`planner/runtime/seed.py`) and the tests read it.

## Regenerate

```
python -m geodata.sample.builder            # writes geodata/sample/
python -m geodata.sample.builder --out DIR  # writes elsewhere
```

All random choices come from one `random.Random({seed})`; quantities are split with exact
fractions. `tests/geodata/test_sample_data.py` regenerates the folder into a temporary
directory and requires byte-identical files. A different PROJ or Python version could, in
rare cases, move a coordinate by one unit in the 6th decimal; if the test fails after such an
upgrade, regenerate and review the diff.

## Files

- `programmes.csv`: the four programmes; columns
  `key,year,kind,name_zh,name_en,illustrative`.
- `sites.geojson`: {n_compounds} compounds (Polygon) and Xinhua Road (LineString); properties
  `key, programme_key, kind, name_zh, name_en, sub_district, community, year_built,
  households, status, illustrative`.
- `buildings.geojson`: building footprints (Polygon); properties
  `site_key, number, floors, units, households, year_built, flats_per_landing, roof`
  (`units`: 单元; `flats_per_landing`: 2 for 一梯两户, 3 for 一梯三户; `roof`: flat or
  pitched).
- `work_items.csv`: one row per work item; columns
  `programme_key,site_key,building_number,scope_key,planned_quantity,completed_quantity,`
  `unit_rate,planned_start,planned_end,actual_start,actual_end,status,contractor,note,`
  `pipe_dn` (`pipe_dn`: a pipe's nominal diameter DN in mm, empty for other items: compound
  water mains DN100/150/200 and heating mains DN100/125/150/200 by the households served,
  drainage mains DN200 up to 300 households and DN300 above, the road's storm drain DN500
  and greening water supply DN50; an assumption, no source gives the sizes).

Conventions: GeoJSON in {storage} (lon/lat), coordinates rounded to 6 decimals, polygon
shells counter-clockwise, no `crs` member (RFC 7946). Areas and lengths are computed in
{metric} (CGCS2000 / 3-degree Gauss-Kruger CM 99E) from the rounded coordinates, so a
check made on the files finds the same figures the builder used. CSV files are UTF-8 without a
byte-order mark, `\\n` line ends; an empty field means "none" (`building_number` of a
site-level item, a date not reached yet). Quantities are whole numbers in the unit of the
scope type (`planner/catalogue.py`); `unit_rate` is CNY per unit. A site's
`households` is the sum over its buildings; Xinhua Road has none. Keys of scope types follow
the scope catalogue. `sub_district`, `community`, `year_built` and `households` are null for
the road, which crosses both sub-districts.

## Where the figures come from

From a May 2024 report on Jiayuguan's 2023 livelihood works (its figures are used as
facts; they are collected in the project's seed notes):

- 2023 old-compound programme: 19 compounds, 179 buildings, 6,757 households; roof
  waterproofing 143,500 m², external wall insulation 222,800 m², facade coating and paint
  479,100 m², water supply mains 15,433 m, drainage mains 7,009 m, heating mains 35,124 m,
  parking spaces 2,147. The sample reproduces each total exactly.
- 广汇小区 (Guanghui) was the largest compound of the batch, and street lights there were
  added more densely at residents' suggestion; 安环南小区 (Anhuan South) was also in it.
- 2024: 6 more buildings.
- Xinhua Road: 14.54 km long; works (rainwater drainage, greening water supply, pavement
  restoration, traffic and ancillary facilities) began in May 2023; about 90 % done at the end
  of 2023, with a rainwater pump station at the rail underpass and replanting due by the end of
  May 2024.
- 西域花园 (Xiyu Garden): built 2002, in 雄关社区; remediation from November 2023 with 44
  parking spaces marked, 19 fire and traffic signs, an old boiler room and 10 illegal shops
  demolished, 6 concrete road sections, 120 t of debris removed.
- The city has two sub-districts, 雄关 (17 communities) and 钢城 (14 communities).

Invented for the sample:

- All geometry: where compounds lie (anywhere within {radius} m of 39.772 N, 98.289 E, inside
  the city outline, clear of the road and of each other), their outlines, building
  footprints, and the course of Xinhua Road (a north-south polyline through that point,
  stretched to exactly 14,540 m).
- The 17 other 2023 compounds and the two 2024 compounds (neutral "示例小区…（样例）" names),
  every community name except 雄关社区, which side of the road is 雄关 or 钢城, the years built
  (except Xiyu Garden), how the buildings are split between compounds ({n_2023} in 2023,
  of which Guanghui has {guanghui_buildings} with {guanghui_households} households; {n_xiyu}
  in Xiyu Garden; {n_2024} in 2024), and each building's floors, units and households.
- Every per-building and per-compound quantity (the report gives totals only), the
  {lights} street lights of Guanghui, the Xinhua Road quantities, every date, the contractor
  names (neutral "示例施工单位…") and all 2024 details.
- The status snapshot: 2023 items as finished; Xinhua Road as at the end of 2023
  (cost-weighted progress {progress} %); 2024 as at {snapshot}. Xiyu Garden's listed
  items are done, but the site stays "in_progress": its remediation also covered the entry
  of a property manager, which is not a work item here.

## How the quantities were made

- Buildings: walk-up slabs of 1985-2000 with 2-5 单元 of 12-16 m each, 11-13 m deep,
  mostly 一梯两户 (two flats per landing; 单元 12-14 m wide), some 一梯三户 (15-16 m), so
  that a household has about 60-90 m² of floor area (建筑面积, walls and stairs included);
  5 or 6 floors, a few 7 (of the {n_2023} buildings of 2023: {floors_5} of 5 floors,
  {floors_6} of 6, {floors_7} of 7); flat and pitched roofs ({pitched} pitched). Floor area
  per household over the 2023 buildings: {area_per_household:.1f} m² on average.
- Households: each building starts at 单元 × floors × flats per landing. Floors were nudged
  between 5 and 6 on randomly chosen buildings until the sum was within 8 of 6,757; the rest
  was split by largest remainder, so at most 8 buildings differ from that rule, by one
  household.
- Building works, per building from its stored footprint: roof = footprint area × (1 +
  {upturn} for upturns); facade = perimeter × floors × {storey} m; wall insulation = facade ×
  (1 − {window} for openings); paint = facade × (1 − {window}) + reveals ({reveals} of the
  facade: openings of 1.5 × 1.5 m, reveals 0.2 m deep; GB 50854 measures the painted
  surface). The raw figures were then scaled to the report totals and split into whole m²
  by largest remainder. The scale factors show how far the simple formulas are from the
  reported totals: the report's roof and paint figures are 1.5-1.8 times what buildings of
  this size give (slopes and eaves of pitched roofs, upturns, stair towers and ancillary
  roofs; balconies, parapets and walls beyond the dwellings painted), while the insulation
  figure matches the net facade:

| scope | report total | scale factor |
|---|---|---|
{factors}

- Compound mains: water supply and heating mains in proportion to households, drainage
  mains and parking spaces in proportion to compound area, then largest remainder.
- Dates: 2023 works between 1 April and 25 October (before 冬期施工, which the climate table
  of `planner/works/seasons.py` starts on 30 October); heating mains only between May and
  25 September, outside the heating season (15 October - 15 April) and finished at least 15
  days before it (pressure tests, flushing). Actual dates lie within a
  few days of the planned ones.
- Xinhua Road: the replanted area is chosen so that progress, weighted by planned cost,
  is 90 %: Σ min(completed, planned) × rate ÷ Σ planned × rate.
- 2024 building works use the 2023 scale factors.

## Unit rates

Indicative only. Rates marked §5 come from `/work/shared/domain/boq-and-rules.md` §5, which
quotes a c. 2021 maintenance price list from Guangxi: an order of magnitude, not Gansu
prices. Placeholders have no public source and must be replaced before any real estimate.

| scope key | rate | unit | source |
|---|---|---|---|
{rate_rows}

Site-specific rates:

| item | rate | unit | source |
|---|---|---|---|
{override_rows}
"""


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point: ``python -m geodata.sample.builder [--out DIR]``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=SAMPLE_DIR, help="output folder")
    args = parser.parse_args(argv)
    for path in write_sample(args.out):
        sys.stdout.write(f"wrote {path}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
