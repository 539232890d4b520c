"""Seeding: the illustrative Jiayuguan sample programme and synthetic cities.

The sample is read from the files in ``geodata/sample/`` (made by
``python -m geodata.sample.builder``) and written by the package that owns each table:
programmes (``planner.programmes``), sites and buildings (``planner.sites``), work items
(``planner.works.sample``), then the rate sets (``planner.boq.sample``), the surveys
(``planner.surveys.sample``) and the money (``planner.money.sample``: 概算, funding, contracts,
payments, priced from the bill, so after the rates), and one audit entry per programme
(``planner.audit``). It is loaded in one transaction, so a failure leaves the database as it
was; loading it twice changes nothing.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from db.models import Programme, ProgrammeKind, Site, SiteKind, WorkStatus
from geodata import crs
from geodata.sample import SAMPLE_DIR
from geodata.sample.synthetic_city import SyntheticCity, generate_synthetic_city
from planner import audit, programmes, sites
from planner.boq.sample import seed_sample_rates
from planner.catalogue_table import sync_scope_catalogue
from planner.money.sample import seed_sample_money
from planner.sample_context import SEED_ACTOR, SampleContext
from planner.surveys.sample import seed_sample_surveys
from planner.works import sample as work_sample

#: The sample data of each further domain, in the order they are seeded.
DOMAIN_SEEDERS = (seed_sample_rates, seed_sample_surveys, seed_sample_money)


@dataclass(frozen=True)
class SeedReport:
    """What a seeding run wrote (all zero when the data were already there)."""

    programmes: int = 0
    sites: int = 0
    buildings: int = 0
    work_items: int = 0
    skipped: bool = False


def database_is_empty(session: Session) -> bool:
    """True when neither a programme nor a site exists yet (a new database).

    Sites imported from the bureau's own GIS files (``planner import-geodata``) belong to no
    programme at first: such a database is not new, and the illustrative sample must not be
    mixed into it.
    """
    count = session.exec(select(func.count()).select_from(Programme)).one()
    return count == 0 and session.exec(select(func.count()).select_from(Site)).one() == 0


def _audit_seed(session: Session, programme: Programme, note: str) -> None:
    """Record that a programme was seeded (one audit entry per programme, not per row)."""
    audit.record(session, SEED_ACTOR, "seed", "programme", entity_id=programme.id, note=note)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_features(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _opt_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _opt_float(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


def seed_sample(session: Session, sample_dir: Path = SAMPLE_DIR) -> SeedReport:
    """Load the illustrative Jiayuguan sample programme from ``sample_dir``.

    Does nothing (``skipped=True``) when any of its programmes exists already. The caller
    commits; on an exception nothing is kept.
    """
    programmes_in = _read_csv(sample_dir / "programmes.csv")
    keys = [row["key"] for row in programmes_in]
    if session.exec(select(Programme.key).where(col(Programme.key).in_(keys))).first():
        return SeedReport(skipped=True)
    scopes = sync_scope_catalogue(session)

    by_key = programmes.seed_programmes(
        session,
        (
            {
                "key": row["key"],
                "year": int(row["year"]),
                "kind": ProgrammeKind(row["kind"]).value,
                "name_zh": row["name_zh"],
                "name_en": row["name_en"],
                "illustrative": row.get("illustrative", "1") in ("1", "true", "True"),
            }
            for row in programmes_in
        ),
    )

    site_features = _read_features(sample_dir / "sites.geojson")
    site_rows = []
    for feature in site_features:
        props = feature["properties"]
        geo = crs.geometry_columns(feature["geometry"])
        site_rows.append(
            {
                "key": props["key"],
                "kind": SiteKind(props["kind"]).value,
                "name_zh": props["name_zh"],
                "name_en": props.get("name_en") or "",
                "sub_district": props.get("sub_district") or "",
                "community": props.get("community") or "",
                "year_built": props.get("year_built"),
                "households": props.get("households"),
                "status": WorkStatus(props["status"]).value,
                **crs.site_columns(geo, props["kind"]),
                "illustrative": bool(props.get("illustrative", True)),
            }
        )
    sites_by_key = sites.seed_sites(session, site_rows)
    programmes.seed_programme_sites(
        session,
        (
            # stored rows (flushed): their ids are set:
            (by_key[f["properties"]["programme_key"]].id, sites_by_key[f["properties"]["key"]].id)  # type: ignore[misc]
            for f in site_features
        ),
    )

    building_keys, building_rows = [], []
    for feature in _read_features(sample_dir / "buildings.geojson"):
        props = feature["properties"]
        geo = crs.geometry_columns(feature["geometry"])
        building_keys.append((props["site_key"], str(props["number"])))
        building_rows.append(
            {
                "site_id": sites_by_key[props["site_key"]].id,
                "number": str(props["number"]),
                "floors": int(props["floors"]),
                "units": int(props["units"]),
                "households": int(props["households"]),
                "year_built": props.get("year_built"),
                **crs.building_columns(geo),
                "illustrative": True,
            }
        )
    buildings = dict(zip(building_keys, sites.seed_buildings(session, building_rows), strict=True))

    item_rows = []
    for row in _read_csv(sample_dir / "work_items.csv"):
        on_building = (
            buildings[(row["site_key"], row["building_number"])] if row["building_number"] else None
        )
        item_rows.append(
            {
                "programme_id": by_key[row["programme_key"]].id,
                "scope_type_id": scopes[row["scope_key"]].id,
                "site_id": sites_by_key[row["site_key"]].id,
                "building_id": on_building.id if on_building else None,
                "planned_quantity": float(row["planned_quantity"]),
                "completed_quantity": float(row["completed_quantity"] or 0),
                "unit_rate": _opt_float(row["unit_rate"]),
                "planned_start": _opt_date(row["planned_start"]),
                "planned_end": _opt_date(row["planned_end"]),
                "actual_start": _opt_date(row["actual_start"]),
                "actual_end": _opt_date(row["actual_end"]),
                "status": WorkStatus(row["status"]).value,
                "contractor": row["contractor"],
                "note": row["note"],
                "pipe_dn": int(row["pipe_dn"]) if row.get("pipe_dn") else None,
            }
        )
    work_items = work_sample.seed_work_items(session, item_rows)

    session.flush()
    context = SampleContext(
        programmes=by_key, sites=sites_by_key, buildings=buildings, scopes=scopes
    )
    for seeder in DOMAIN_SEEDERS:
        seeder(session, context)

    for programme in by_key.values():
        _audit_seed(session, programme, f"illustrative sample data loaded from {sample_dir.name}/")
    session.flush()
    return SeedReport(
        programmes=len(by_key),
        sites=len(sites_by_key),
        buildings=len(buildings),
        work_items=work_items,
    )


def seed_synthetic(session: Session, n_buildings: int, *, seed: int = 42) -> SeedReport:
    """Fill the database with a synthetic city of ``n_buildings`` buildings (for benchmarks).

    Buildings come in compounds of about ten slab blocks spread over a city-sized area; each
    building gets roof, wall and facade work items with varied progress. Geometry is measured
    in one vectorised pass and rows are written in bulk (``COPY`` on PostgreSQL), so a
    province of 100,000 buildings takes well under a minute.
    """
    if n_buildings < 1:
        raise ValueError("n_buildings must be at least 1")
    city: SyntheticCity = generate_synthetic_city(n_buildings, seed=seed)
    scopes = sync_scope_catalogue(session)
    key = f"synthetic_{n_buildings}_{seed}"
    if session.exec(select(Programme).where(Programme.key == key)).first():
        return SeedReport(skipped=True)
    programme = programmes.seed_programmes(
        session,
        [
            {
                "key": key,
                "year": 2025,
                "kind": ProgrammeKind.COMPOUND_RENOVATION.value,
                "name_zh": f"合成城市规模数据（{n_buildings} 栋，基准测试用）",
                "name_en": f"Synthetic city-scale data ({n_buildings} buildings, for benchmarks)",
                "illustrative": True,
            }
        ],
    )[key]

    site_rows = []
    site_geo = crs.geometry_columns_many([c.geometry for c in city.compounds])
    for compound, geo in zip(city.compounds, site_geo, strict=True):
        site_rows.append(
            {
                "key": f"{key}_c{compound.index:05d}",
                "kind": SiteKind.COMPOUND.value,
                "name_zh": f"合成小区{compound.index:05d}（样例）",
                "name_en": f"Synthetic compound {compound.index:05d} (sample)",
                "sub_district": compound.sub_district,
                "community": "",
                "year_built": compound.year_built,
                "households": compound.households,
                "status": compound.status,
                **crs.site_columns(geo, SiteKind.COMPOUND.value),
                "illustrative": True,
            }
        )
    site_ids = sites.seed_sites_in_bulk(session, site_rows)
    compound_site_id = [site_ids[f"{key}_c{c.index:05d}"] for c in city.compounds]
    # a stored row (flushed): its id is set:
    programmes.seed_programme_sites(session, ((programme.id, sid) for sid in compound_site_id))  # type: ignore[misc]

    building_rows = []
    building_geo = crs.geometry_columns_many([b.geometry for b in city.buildings])
    for b, geo in zip(city.buildings, building_geo, strict=True):
        building_rows.append(
            {
                "site_id": compound_site_id[b.compound_index],
                "number": str(b.number),
                "floors": b.floors,
                "units": b.units,
                "households": b.households,
                "year_built": b.year_built,
                **crs.building_columns(geo),
                "illustrative": True,
            }
        )
    id_by_site_number = sites.seed_buildings_in_bulk(session, building_rows)
    del building_rows, building_geo
    building_ids = [
        (
            id_by_site_number[(compound_site_id[b.compound_index], str(b.number))],
            compound_site_id[b.compound_index],
        )
        for b in city.buildings
    ]

    scope_ids = {k: row.id for k, row in scopes.items()}
    item_rows = list(
        # stored rows (flushed): their ids are set:
        work_sample.synthetic_work_items(programme.id, scope_ids, city.buildings, building_ids)  # type: ignore[arg-type]
    )
    work_items = work_sample.seed_work_items_in_bulk(session, item_rows)
    _audit_seed(session, programme, f"synthetic city: {n_buildings} buildings, seed {seed}")
    session.flush()
    return SeedReport(
        programmes=1,
        sites=len(site_rows),
        buildings=len(city.buildings),
        work_items=work_items,
    )
