"""Seeding: the scope catalogue, the illustrative Jiayuguan sample programme, synthetic cities.

The sample programme is read from the files in ``geodata/sample/`` (made by
``python -m geodata.sample.builder``); it is loaded in one transaction, so a failure leaves
the database as it was. Loading it twice changes nothing.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import shapely
from sqlalchemy import func, insert
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, col, select

from db.migrate import upgrade_to_head
from db.models import (
    AuditEntry,
    Building,
    Programme,
    ProgrammeKind,
    ProgrammeSite,
    ScopeType,
    Site,
    SiteKind,
    WorkItem,
    WorkStatus,
    utcnow,
)
from db.sample_context import SampleContext
from db.session import session_scope
from geodata import crs
from geodata.sample.rates import RATES as SAMPLE_RATES
from geodata.sample.synthetic_city import SyntheticCity, generate_synthetic_city
from planner.catalogue import SCOPE_TYPES

SAMPLE_DIR = Path(__file__).resolve().parents[1] / "geodata" / "sample"
SEED_ACTOR = "system:seed"


@dataclass(frozen=True)
class SeedReport:
    """What a seeding run wrote (all zero when the data were already there)."""

    programmes: int = 0
    sites: int = 0
    buildings: int = 0
    work_items: int = 0
    skipped: bool = False


def sync_scope_catalogue(session: Session) -> dict[str, ScopeType]:
    """Make the scope_type table match the catalogue in code; return the rows by key."""
    rows = {row.key: row for row in session.exec(select(ScopeType)).all()}
    for entry in SCOPE_TYPES:
        # A new row gets its fields on the next lines, as a stored one does.
        row = rows.get(entry.key) or ScopeType(key=entry.key)  # type: ignore[call-arg]
        row.name_zh, row.name_en, row.unit = entry.name_zh, entry.name_en, entry.unit
        row.category, row.applies_to = entry.category.value, entry.applies_to.value
        session.add(row)
        rows[entry.key] = row
    session.flush()
    return rows


def database_is_empty(session: Session) -> bool:
    """True when neither a programme nor a site exists yet (a new database).

    Sites imported from the bureau's own GIS files (``planner import-geodata``) belong to no
    programme at first: such a database is not new, and the illustrative sample must not be
    mixed into it.
    """
    programmes = session.exec(select(func.count()).select_from(Programme)).one()
    return programmes == 0 and session.exec(select(func.count()).select_from(Site)).one() == 0


def ensure_database_ready(
    engine: Engine, *, domain_seeders: Sequence[DomainSeeder] = ()
) -> SeedReport:
    """Upgrade the schema, sync the catalogue and seed the sample data into a new database.

    ``domain_seeders`` add the sample data of further domains in the same transaction
    (``planner.runtime.startup.ensure_database_ready`` passes the rates' and the surveys').
    """
    upgrade_to_head(engine)
    with session_scope(engine) as session:
        sync_scope_catalogue(session)
        if database_is_empty(session):
            return seed_sample(session, domain_seeders=domain_seeders)
    return SeedReport(skipped=True)


def _audit_seed(session: Session, programme: Programme, note: str) -> None:
    """Record that a programme was seeded (one audit entry per programme, not per row)."""
    session.add(
        AuditEntry(
            actor=SEED_ACTOR, action="seed", entity="programme", entity_id=programme.id, note=note
        )
    )


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _read_features(path: Path) -> list[dict[str, Any]]:
    return json.loads(path.read_text(encoding="utf-8"))["features"]


def _opt_date(text: str) -> date | None:
    return date.fromisoformat(text) if text else None


def _opt_float(text: str) -> float | None:
    return float(text) if text not in ("", None) else None


#: Seeds the sample data of a further domain (rates, surveys) into the rows just written.
DomainSeeder = Callable[[Session, SampleContext], None]


def seed_sample(
    session: Session,
    sample_dir: Path = SAMPLE_DIR,
    *,
    domain_seeders: Sequence[DomainSeeder] = (),
) -> SeedReport:
    """Load the illustrative Jiayuguan sample programme from ``sample_dir``.

    Does nothing (``skipped=True``) when any of its programmes exists already. The caller
    commits; on an exception nothing is kept.
    """
    programmes_in = _read_csv(sample_dir / "programmes.csv")
    keys = [row["key"] for row in programmes_in]
    if session.exec(select(Programme.key).where(col(Programme.key).in_(keys))).first():
        return SeedReport(skipped=True)
    scopes = sync_scope_catalogue(session)

    programmes: dict[str, Programme] = {}
    for row in programmes_in:
        programme = Programme(
            key=row["key"],
            year=int(row["year"]),
            kind=ProgrammeKind(row["kind"]).value,
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            illustrative=row.get("illustrative", "1") in ("1", "true", "True"),
        )
        session.add(programme)
        programmes[programme.key] = programme
    session.flush()

    sites: dict[str, Site] = {}
    for feature in _read_features(sample_dir / "sites.geojson"):
        props = feature["properties"]
        geo = crs.geometry_columns(feature["geometry"])
        site = Site(
            key=props["key"],
            kind=SiteKind(props["kind"]).value,
            name_zh=props["name_zh"],
            name_en=props.get("name_en") or "",
            sub_district=props.get("sub_district") or "",
            community=props.get("community") or "",
            year_built=props.get("year_built"),
            households=props.get("households"),
            status=WorkStatus(props["status"]).value,
            **crs.site_columns(geo, props["kind"]),
            illustrative=bool(props.get("illustrative", True)),
        )
        session.add(site)
        sites[site.key] = site
    session.flush()
    for feature in _read_features(sample_dir / "sites.geojson"):
        props = feature["properties"]
        session.add(
            ProgrammeSite(
                # stored rows: their ids are set:
                programme_id=programmes[props["programme_key"]].id,  # type: ignore[arg-type]
                # stored rows: their ids are set:
                site_id=sites[props["key"]].id,  # type: ignore[arg-type]
            )
        )

    buildings: dict[tuple[str, str], Building] = {}
    for feature in _read_features(sample_dir / "buildings.geojson"):
        props = feature["properties"]
        geo = crs.geometry_columns(feature["geometry"])
        building = Building(
            # stored rows: their ids are set:
            site_id=sites[props["site_key"]].id,  # type: ignore[arg-type]
            number=str(props["number"]),
            floors=int(props["floors"]),
            units=int(props["units"]),
            households=int(props["households"]),
            year_built=props.get("year_built"),
            **crs.building_columns(geo),
            illustrative=True,
        )
        session.add(building)
        buildings[(props["site_key"], building.number)] = building
    session.flush()

    work_items = 0
    for row in _read_csv(sample_dir / "work_items.csv"):
        on_building = (
            buildings[(row["site_key"], row["building_number"])] if row["building_number"] else None
        )
        session.add(
            WorkItem(
                # stored rows: their ids are set:
                programme_id=programmes[row["programme_key"]].id,  # type: ignore[arg-type]
                # stored rows: their ids are set:
                scope_type_id=scopes[row["scope_key"]].id,  # type: ignore[arg-type]
                # stored rows: their ids are set:
                site_id=sites[row["site_key"]].id,  # type: ignore[arg-type]
                building_id=on_building.id if on_building else None,
                planned_quantity=float(row["planned_quantity"]),
                completed_quantity=float(row["completed_quantity"] or 0),
                unit_rate=_opt_float(row["unit_rate"]),
                planned_start=_opt_date(row["planned_start"]),
                planned_end=_opt_date(row["planned_end"]),
                actual_start=_opt_date(row["actual_start"]),
                actual_end=_opt_date(row["actual_end"]),
                status=WorkStatus(row["status"]).value,
                contractor=row["contractor"],
                note=row["note"],
            )
        )
        work_items += 1

    session.flush()
    context = SampleContext(programmes=programmes, sites=sites, buildings=buildings, scopes=scopes)
    for seeder in domain_seeders:
        seeder(session, context)

    for programme in programmes.values():
        _audit_seed(session, programme, f"illustrative sample data loaded from {sample_dir.name}/")
    session.flush()
    return SeedReport(
        programmes=len(programmes),
        sites=len(sites),
        buildings=len(buildings),
        work_items=work_items,
    )


SYNTHETIC_SCOPE_KEYS = ("roof_waterproofing", "wall_insulation", "facade_paint")


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
    programme = Programme(
        key=key,
        year=2025,
        kind=ProgrammeKind.COMPOUND_RENOVATION.value,
        name_zh=f"合成城市规模数据（{n_buildings} 栋，基准测试用）",
        name_en=f"Synthetic city-scale data ({n_buildings} buildings, for benchmarks)",
        illustrative=True,
    )
    session.add(programme)
    session.flush()

    site_rows = []
    site_geo = _geometry_columns_batch([c.geometry for c in city.compounds])
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
    _bulk_insert(session, Site, site_rows)
    site_ids = dict(
        session.exec(select(Site.key, Site.id).where(col(Site.key).startswith(f"{key}_c"))).all()
    )
    compound_site_id = [site_ids[f"{key}_c{c.index:05d}"] for c in city.compounds]
    _bulk_insert(
        session,
        ProgrammeSite,
        [{"programme_id": programme.id, "site_id": sid} for sid in compound_site_id],
    )

    building_rows = []
    building_geo = _geometry_columns_batch([b.geometry for b in city.buildings])
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
    _bulk_insert(session, Building, building_rows)
    del building_rows, building_geo
    id_by_site_number = {
        (site_id, number): building_id
        for building_id, site_id, number in session.exec(
            select(Building.id, Building.site_id, Building.number).where(
                col(Building.site_id).in_(compound_site_id)
            )
        ).all()
    }
    building_ids = [
        (
            # stored rows: their ids are set:
            id_by_site_number[(compound_site_id[b.compound_index], str(b.number))],  # type: ignore[index]
            compound_site_id[b.compound_index],
        )
        for b in city.buildings
    ]

    # stored rows: their ids are set:
    item_rows = list(_synthetic_work_items(programme.id, scopes, city, building_ids))  # type: ignore[arg-type]
    _bulk_insert(session, WorkItem, item_rows)
    _audit_seed(session, programme, f"synthetic city: {n_buildings} buildings, seed {seed}")
    session.flush()
    return SeedReport(
        programmes=1,
        sites=len(site_rows),
        buildings=len(city.buildings),
        work_items=len(item_rows),
    )


def _synthetic_work_items(
    programme_id: int,
    scopes: dict[str, ScopeType],
    city: SyntheticCity,
    building_ids: Iterable[tuple[int, int]],
) -> Iterable[dict[str, Any]]:
    rates = {key: float(SAMPLE_RATES[key].value) for key in SYNTHETIC_SCOPE_KEYS}
    now = utcnow()
    for b, (building_id, site_id) in zip(city.buildings, building_ids, strict=True):
        for key in SYNTHETIC_SCOPE_KEYS:
            planned = b.quantities[key]
            completed = round(planned * b.progress, 0)
            status = (
                WorkStatus.COMPLETED
                if completed >= planned
                else WorkStatus.IN_PROGRESS
                if completed > 0
                else WorkStatus.PLANNED
            )
            yield {
                "programme_id": programme_id,
                "scope_type_id": scopes[key].id,
                "site_id": site_id,
                "building_id": building_id,
                "planned_quantity": planned,
                "completed_quantity": completed,
                "unit_rate": rates[key],
                "status": status.value,
                "contractor": "",
                "note": "",
                "version": 1,
                "updated_at": now,
            }


def _geometry_columns_batch(geometries: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """``crs.geometry_columns`` for many geometries at once (the same values, vectorised)."""
    texts = [json.dumps(g, ensure_ascii=False, separators=(",", ":")) for g in geometries]
    shapes = shapely.from_geojson(texts)
    bounds = shapely.bounds(shapes)
    metric = crs.to_metric(shapes)
    areas, lengths = shapely.area(metric), shapely.length(metric)
    return [
        {
            "text": text,
            "min_lon": float(b[0]),
            "min_lat": float(b[1]),
            "max_lon": float(b[2]),
            "max_lat": float(b[3]),
            "area_m2": float(area),
            "length_m": float(length),
        }
        for text, b, area, length in zip(texts, bounds, areas, lengths, strict=True)
    ]


def _bulk_insert(session: Session, model: type[SQLModel], rows: list[dict[str, Any]]) -> None:
    """Insert many rows in the session's transaction: ``COPY`` on PostgreSQL, else executemany."""
    if not rows:
        return
    connection = session.connection()
    if connection.dialect.name != "postgresql":
        for start in range(0, len(rows), 5000):
            session.execute(insert(model), rows[start : start + 5000])
        return
    table = model.__table__  # type: ignore[attr-defined]  # set by SQLAlchemy on each table class
    columns = list(rows[0])
    quote = connection.dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    driver = connection.connection.driver_connection
    assert driver is not None  # a connection in use has its driver's connection
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])
