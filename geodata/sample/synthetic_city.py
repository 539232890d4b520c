"""A synthetic city of slab-block compounds, for benchmarks at city scale.

Geometry is made in EPSG:4542 metres around Jiayuguan's centre and returned in lon/lat
(6 decimals). Nothing here describes real places: it exists to measure how the planner
behaves with thousands of buildings.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

from pyproj import Transformer

from geodata.crs import METRIC_CRS, STORAGE_CRS

#: Centre of the synthetic grid, EPSG:4542 metres (about 39.772 N, 98.289 E).
_CENTRE_X, _CENTRE_Y = 439_100.0, 4_403_100.0
_BUILDINGS_PER_COMPOUND = 10
_COMPOUND_W, _COMPOUND_H = 190.0, 150.0  # metres
_STREET = 40.0  # metres between compounds
_STOREY_M = 2.9


@dataclass(frozen=True)
class SyntheticBuilding:
    """One slab block of a synthetic compound."""

    compound_index: int
    number: int
    floors: int
    units: int
    households: int
    year_built: int
    progress: float
    geometry: dict
    quantities: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class SyntheticCompound:
    """A synthetic compound (its outline) with summary attributes."""

    index: int
    geometry: dict
    households: int
    year_built: int
    status: str
    sub_district: str


@dataclass(frozen=True)
class SyntheticCity:
    """All compounds and buildings of a synthetic city."""

    compounds: list[SyntheticCompound]
    buildings: list[SyntheticBuilding]


def _ring(points: list[tuple[float, float]], to_lonlat: Transformer) -> list[list[float]]:
    xs, ys = zip(*points, strict=True)
    lons, lats = to_lonlat.transform(xs, ys)
    ring = [[round(lon, 6), round(lat, 6)] for lon, lat in zip(lons, lats, strict=True)]
    ring.append(ring[0])
    return ring


def _rectangle(cx: float, cy: float, w: float, h: float, angle: float) -> list[tuple[float, float]]:
    cos_a, sin_a = math.cos(angle), math.sin(angle)
    corners = [(-w / 2, -h / 2), (w / 2, -h / 2), (w / 2, h / 2), (-w / 2, h / 2)]
    return [(cx + x * cos_a - y * sin_a, cy + x * sin_a + y * cos_a) for x, y in corners]


def generate_synthetic_city(n_buildings: int, *, seed: int = 42) -> SyntheticCity:
    """Make ``n_buildings`` slab blocks grouped ten to a compound on a square-ish grid.

    Parameters
    ----------
    n_buildings : int
        Number of buildings (at least 1).
    seed : int
        Seed of the random generator: the same seed gives the same city.

    Returns
    -------
    SyntheticCity
        Compounds and buildings with GeoJSON geometry in lon/lat (EPSG:4326).
    """
    rng = random.Random(seed)
    to_lonlat = Transformer.from_crs(METRIC_CRS, STORAGE_CRS, always_xy=True)
    n_compounds = math.ceil(n_buildings / _BUILDINGS_PER_COMPOUND)
    cols = max(1, math.ceil(math.sqrt(n_compounds * 1.3)))
    rows = math.ceil(n_compounds / cols)
    pitch_x, pitch_y = _COMPOUND_W + _STREET, _COMPOUND_H + _STREET
    origin_x = _CENTRE_X - cols * pitch_x / 2
    origin_y = _CENTRE_Y - rows * pitch_y / 2
    compounds: list[SyntheticCompound] = []
    buildings: list[SyntheticBuilding] = []
    remaining = n_buildings
    for index in range(n_compounds):
        col, row = index % cols, index // cols
        cx = origin_x + (col + 0.5) * pitch_x
        cy = origin_y + (row + 0.5) * pitch_y
        angle = math.radians(rng.uniform(-8, 8))
        year_built = rng.randint(1982, 2000)
        progress_base = rng.choice([0.0, 0.0, 0.3, 0.6, 1.0, 1.0])
        count = min(_BUILDINGS_PER_COMPOUND, remaining)
        remaining -= count
        households = 0
        for number in range(count):
            # Two columns of five slabs, each about 60 x 12 m, 18 m apart.
            bx = (number % 2 - 0.5) * 80.0
            by = (number // 2 - 2) * 28.0
            length, depth = rng.uniform(52, 68), rng.uniform(11, 13)
            floors, units = rng.randint(5, 7), max(2, round(length / 20))
            hh = floors * units * 2
            households += hh
            ox = cx + bx * math.cos(angle) - by * math.sin(angle)
            oy = cy + bx * math.sin(angle) + by * math.cos(angle)
            perimeter = 2 * (length + depth)
            progress = min(1.0, max(0.0, progress_base + rng.uniform(-0.2, 0.2)))
            if progress_base in (0.0, 1.0):
                progress = progress_base
            buildings.append(
                SyntheticBuilding(
                    compound_index=index,
                    number=number + 1,
                    floors=floors,
                    units=units,
                    households=hh,
                    year_built=year_built,
                    progress=progress,
                    geometry={
                        "type": "Polygon",
                        "coordinates": [_ring(_rectangle(ox, oy, length, depth, angle), to_lonlat)],
                    },
                    quantities={
                        "roof_waterproofing": round(length * depth * 1.05),
                        "wall_insulation": round(perimeter * floors * _STOREY_M * 0.7),
                        "facade_paint": round(perimeter * floors * _STOREY_M),
                    },
                )
            )
        status = (
            "completed"
            if progress_base == 1.0
            else "planned"
            if progress_base == 0
            else "in_progress"
        )
        compounds.append(
            SyntheticCompound(
                index=index,
                geometry={
                    "type": "Polygon",
                    "coordinates": [
                        _ring(_rectangle(cx, cy, _COMPOUND_W, _COMPOUND_H, angle), to_lonlat)
                    ],
                },
                households=households,
                year_built=year_built,
                status=status,
                sub_district="雄关街道" if col < cols / 2 else "钢城街道",
            )
        )
    return SyntheticCity(compounds=compounds, buildings=buildings)
