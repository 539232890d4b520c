"""Export of sites and buildings, with status and progress, as GeoJSON or GeoPackage.

Layers ``sites`` (compounds and linear works), ``buildings`` and, when there are any,
``unassigned_buildings``. Only the columns listed here are written (:data:`SITE_COLUMNS`,
:data:`BUILDING_COLUMNS`, :data:`UNASSIGNED_COLUMNS`): nothing personal, no free-text notes.
Progress is the cost-weighted share of ``planner.progress`` over all programmes, in percent;
a building's status is derived from its work items (all completed → completed, any started →
in progress, any suspended → suspended, else planned) and is empty when it has none.

The files declare their CRS (WGS84 lon/lat or EPSG:4542 metres) and open in GDAL and QGIS; an
export imports back unchanged (``planner.gis.matching``: sites match by ``key``, buildings by
compound and ``number``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from shapely.geometry import shape
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from db.models import Building, Site, WorkStatus
from db.models.gis import UnassignedBuilding
from geodata import io as gio
from geodata.formats import EXPORT_FORMATS
from planner.sites import BUILDING_ATTRIBUTES, SITE_ATTRIBUTES
from planner.works.queries import building_progress, progress_by_site

__all__ = [
    "BUILDING_COLUMNS",
    "FORMATS",
    "SITE_COLUMNS",
    "UNASSIGNED_COLUMNS",
    "ExportResult",
    "export_bytes",
    "export_file",
    "export_layers",
    "file_name",
]

FORMATS = EXPORT_FORMATS

# The attributes come from planner.sites (the one list of them); the rest is what the
# planner adds: ids, key and kind, progress and status from the works, measures.
SITE_COLUMNS = (
    "id",
    "key",
    "kind",
    *SITE_ATTRIBUTES,
    "progress_pct",
    "area_m2",
    "length_m",
    "buildings",
)
BUILDING_COLUMNS = (
    "id",
    "site_id",
    "site_key",
    *BUILDING_ATTRIBUTES,
    "status",
    "progress_pct",
    "footprint_area_m2",
    "perimeter_m",
)
UNASSIGNED_COLUMNS = (
    "id",
    *BUILDING_ATTRIBUTES,
    "footprint_area_m2",
    "perimeter_m",
    "reason",
)


def _status(statuses: set[str]) -> str:
    if not statuses:
        return ""
    if statuses <= {WorkStatus.COMPLETED.value}:
        return WorkStatus.COMPLETED.value
    if statuses & {WorkStatus.IN_PROGRESS.value, WorkStatus.COMPLETED.value}:
        return WorkStatus.IN_PROGRESS.value
    if WorkStatus.SUSPENDED.value in statuses:
        return WorkStatus.SUSPENDED.value
    return WorkStatus.PLANNED.value


def _pct(value: float | None) -> float | None:
    return None if value is None else round(value * 100.0, 1)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(float(value), digits)


def export_layers(session: Session) -> list[gio.OutLayer]:
    """The layers of an export, in lon/lat, with explicit columns only."""
    sites = session.exec(select(Site).order_by(col(Site.id))).all()
    buildings = session.exec(
        select(Building).order_by(col(Building.site_id), col(Building.id))
    ).all()
    site_progress = progress_by_site(session)
    by_building = building_progress(session)
    counts: dict[int, int] = defaultdict(int)
    for b in buildings:
        counts[b.site_id] += 1
    keys = {s.id: s.key for s in sites}

    site_rows = [
        {
            "id": s.id,
            "key": s.key,
            "kind": s.kind,
            **{name: getattr(s, name) for name in SITE_ATTRIBUTES},
            # stored rows: their ids are set:
            "progress_pct": _pct(site_progress.get(s.id)),  # type: ignore[arg-type]
            "area_m2": _round(s.area_m2),
            "length_m": _round(s.length_m),
            # stored rows: their ids are set:
            "buildings": counts.get(s.id, 0),  # type: ignore[arg-type]
        }
        for s in sites
    ]
    building_rows = [
        {
            "id": b.id,
            "site_id": b.site_id,
            "site_key": keys.get(b.site_id, ""),
            **{name: getattr(b, name) for name in BUILDING_ATTRIBUTES},
            "status": _status(by_building[b.id][1]) if b.id in by_building else "",
            "progress_pct": _pct(by_building[b.id][0].value()) if b.id in by_building else None,
            "footprint_area_m2": _round(b.footprint_area_m2),
            "perimeter_m": _round(b.perimeter_m),
        }
        for b in buildings
    ]
    layers = [
        gio.OutLayer(
            "sites", [shape(json.loads(s.geometry)) for s in sites], site_rows, SITE_COLUMNS
        ),
        gio.OutLayer(
            "buildings",
            [shape(json.loads(b.footprint)) for b in buildings],
            building_rows,
            BUILDING_COLUMNS,
        ),
    ]
    unassigned = session.exec(select(UnassignedBuilding).order_by(col(UnassignedBuilding.id))).all()
    if unassigned:
        layers.append(
            gio.OutLayer(
                "unassigned_buildings",
                [shape(json.loads(u.footprint)) for u in unassigned],
                [
                    {
                        "id": u.id,
                        **{name: getattr(u, name) for name in BUILDING_ATTRIBUTES},
                        "footprint_area_m2": _round(u.footprint_area_m2),
                        "perimeter_m": _round(u.perimeter_m),
                        "reason": u.reason,
                    }
                    for u in unassigned
                ],
                UNASSIGNED_COLUMNS,
            )
        )
    return layers


@dataclass(frozen=True)
class ExportResult:
    """Where an export went and how many features each layer holds."""

    path: Path
    counts: dict[str, int]


def _check(fmt: str, crs: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    if crs not in gio.EXPORT_CRS:
        raise ValueError(f"crs must be one of {gio.EXPORT_CRS}, got {crs!r}")


def file_name(fmt: str, crs: str) -> str:
    """A download name such as ``renovation_geodata_epsg4542.gpkg``."""
    _check(fmt, crs)
    code = crs.replace(":", "").lower()
    return f"renovation_geodata_{code}.{fmt}"


def export_file(
    engine: Engine, path: str | Path, *, fmt: str, crs: str = "EPSG:4326"
) -> ExportResult:
    """Write every site and building (and unassigned building) to ``path``."""
    _check(fmt, crs)
    with Session(engine) as session:
        layers = export_layers(session)
    written = gio.write_layers(path, layers, fmt=fmt, crs=crs)
    return ExportResult(written, {layer.name: len(layer.rows) for layer in layers})


def export_bytes(
    engine: Engine, *, fmt: str, crs: str = "EPSG:4326"
) -> tuple[bytes, dict[str, int]]:
    """The export file's bytes (for a download button) and the feature counts per layer."""
    _check(fmt, crs)
    with Session(engine) as session:
        layers = export_layers(session)
    data = gio.write_to_bytes(layers, fmt=fmt, crs=crs)
    return data, {layer.name: len(layer.rows) for layer in layers}


def export_columns() -> dict[str, tuple[str, ...]]:
    """The columns each layer may carry (the whole list: tests check nothing else is written)."""
    return {
        "sites": SITE_COLUMNS,
        "buildings": BUILDING_COLUMNS,
        "unassigned_buildings": UNASSIGNED_COLUMNS,
    }
