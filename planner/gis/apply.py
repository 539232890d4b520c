"""Import of the bureau's surveyed compounds and buildings from GIS files: preview, then apply.

Three steps, each usable on its own (the page and ``planner import-geodata`` share them):

1. :func:`load_file` (``planner.gis.reading``) reads one layer (``geodata.io``), decides
   its coordinate system, checks and repairs every geometry (``geodata.validation``) and maps
   the attributes (name, floors, households, 单元, year built, ...) with
   :func:`suggest_mapping` (``planner.gis.attributes``) unless a mapping is given.
   Nothing touches the database. Problems with the whole file raise :class:`ImportError_`.
2. :func:`plan_import` (``planner.gis.matching``) matches every feature to what is stored
   and says, per feature, whether it will be **created**, **updated** (which fields), left
   **unchanged**, kept **unassigned** (a building in no known compound, stored in
   ``unassigned_building`` until staff attach it), or **refused** (with the reason). Sites
   match by key, then database id (checked by overlap), then exact Chinese name, then by
   overlap with one compound (intersection over union ≥ 0.5). A building belongs to the
   compound holding the largest share (≥ 50 %) of its footprint, and matches a building of
   that compound by number, else by overlap. The plan, its summary and preview map are in
   ``planner.gis.plan``.
3. :func:`write_plan` (here) writes the plan: it plans again first and refuses when the
   result differs from the preview the user confirmed (someone changed the data meanwhile),
   and refuses when features were refused unless the user chose to leave them out. Every
   written row gets an audit entry. The action ``planner.gis.actions.import_geodata`` runs
   it in one transaction (on SQLite, in short batches).

Buildings kept unassigned are listed and attached to a compound here as well
(:func:`attach_building`; the action ``planner.gis.actions.attach_unassigned_building``).
This module is the import's public face: every name of the steps above can be imported
from it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from shapely.geometry import shape
from sqlmodel import Session, col, select

from db.models import Building, Site, SiteKind, utcnow
from db.models.gis import UnassignedBuilding
from planner import audit, sites
from planner.audit import Actor
from planner.gis.attributes import FIELDS, KINDS, suggest_mapping
from planner.gis.matching import plan_import
from planner.gis.plan import ACTIONS, ImportPlan, PlannedRow
from planner.gis.plan import PREVIEW_MAP_LIMIT as PREVIEW_MAP_LIMIT
from planner.gis.plan import preview_features as preview_features
from planner.gis.plan import summarise as summarise
from planner.gis.reading import (
    ImportError_,
    ParsedFeature,
    ParsedFile,
    Progress,
    issue_text,
    load_file,
    preview_file,
)

__all__ = [
    "ACTIONS",
    "FIELDS",
    "KINDS",
    "ImportError_",
    "ImportPlan",
    "ImportResult",
    "ParsedFeature",
    "ParsedFile",
    "PlannedRow",
    "attach_building",
    "checked_again",
    "import_actor",
    "issue_text",
    "list_unassigned",
    "load_file",
    "plan_import",
    "preview_file",
    "suggest_mapping",
    "write_plan",
    "write_rows",
]

DEFAULT_ACTOR = "staff"


# --------------------------------------------------------------------------------------------
# Applying the plan
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote: counts per action, and the number of audit entries."""

    counts: dict[str, int]
    audit_entries: int


def _without_geometry(row: Mapping[str, Any]) -> dict[str, Any]:
    # Geometry text is long and already stored: the audit records its measures instead.
    return {k: v for k, v in row.items() if k not in ("geometry", "footprint")}


def import_actor(actor: Actor | str | None) -> Actor:
    """The actor of an import: the name cut to fit, or ``DEFAULT_ACTOR`` when empty."""
    who = Actor.coerce(actor)
    label = who.label.strip()[:100]
    return Actor(label, who.user_id, who.username) if label else Actor.system(DEFAULT_ACTOR)


def _before(obj: Any, names: Sequence[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in names}


def checked_again(session: Session, parsed: ParsedFile, plan: ImportPlan, skip: bool) -> ImportPlan:
    """The plan made again now; ``ImportError_`` when it differs from the preview the user
    confirmed (someone changed the data), or when features were refused and not skipped."""
    fresh = plan_import(session, parsed)
    if fresh.signature() != plan.signature():
        raise ImportError_("gis.error.outdated")
    if fresh.counts["refused"] and not skip:
        raise ImportError_("gis.error.refused", n=fresh.counts["refused"])
    return fresh


def write_plan(
    session: Session,
    parsed: ParsedFile,
    plan: ImportPlan,
    *,
    actor: Actor | str,
    skip_refused: bool = False,
    progress: Progress | None = None,
) -> ImportResult:
    """Write a confirmed plan inside the caller's transaction (flushes, never commits).

    Plans again first: when the database changed since the preview, raises
    ``ImportError_("gis.error.outdated")``; when features were refused and ``skip_refused`` is
    false, raises ``ImportError_("gis.error.refused")``. Either way nothing is written.
    """
    fresh = checked_again(session, parsed, plan, skip_refused)
    audits = write_rows(
        session, parsed, fresh.rows, import_actor(actor), progress, 0, len(fresh.rows)
    )
    session.flush()
    return ImportResult(counts=fresh.counts, audit_entries=audits)


def write_rows(
    session: Session,
    parsed: ParsedFile,
    rows: Sequence[PlannedRow],
    who: Actor,
    progress: Progress | None,
    done: int,
    total: int,
) -> int:
    """Write planned rows (creates, updates, unassigned) with their audit entries."""
    note = f"geodata import: {parsed.source}"
    entity = "site" if parsed.kind == "sites" else "building"
    audits = 0
    now = utcnow()
    for i, row in enumerate(rows, start=done):
        if progress and (i % 200 == 0 or i == total - 1):
            progress((i + 1) / total, "gis.progress.writing")
        if row.action in ("unchanged", "refused"):
            continue
        if row.action == "create":
            if entity == "site":
                obj: Any = sites.create_site(session, who, row.write, note=note)
            else:
                obj = sites.create_building(session, who, row.write, note=note)
            audits += 1
            if row.replaces_unassigned is not None:
                old = session.get(UnassignedBuilding, row.replaces_unassigned)
                if old is not None:
                    session.delete(old)
                    audit.record(
                        session,
                        who,
                        "delete",
                        "unassigned_building",
                        after={"building_id": obj.id},
                        entity_id=row.replaces_unassigned,
                        note=note,
                    )
                    audits += 1
        elif row.action == "update":
            if entity == "site":
                # an update row names its target:
                site = sites.get_site(session, row.target_id)  # type: ignore[arg-type]
                assert site is not None  # planned in this transaction
                sites.update_site(session, who, site, row.write, note=note)
            else:
                # an update row names its target:
                building = sites.get_building(session, row.target_id)  # type: ignore[arg-type]
                assert building is not None
                sites.update_building(session, who, building, row.write, note=note)
            audits += 1
        elif row.action == "unassigned" and (row.target_id is None or row.write):
            if row.target_id is None:
                obj = UnassignedBuilding(**row.write, source=parsed.source, imported_at=now)
                session.add(obj)
                session.flush()
                action, before = "create", None
            else:
                obj = session.get(UnassignedBuilding, row.target_id)
                assert obj is not None
                before = _without_geometry(_before(obj, list(row.write)))
                for name, value in row.write.items():
                    setattr(obj, name, value)
                obj.imported_at = now
                session.add(obj)
                action = "update"
            audit.record(
                session,
                who,
                action,
                obj,
                before=before,
                after=_without_geometry(row.write),
                note=note,
            )
            audits += 1
    return audits


#: On SQLite (one writer at a time for the whole file) an import commits after at most this
#: many rows or this many seconds of writing, then pauses a little longer than SQLite's busy
#: handler sleeps between tries (100 ms), so that a waiting writer (a resident's feedback)
#: gets the lock: it waits a fraction of a second, not the whole import.
SQLITE_BATCH_ROWS = 200
SQLITE_BATCH_SECONDS = 0.25
SQLITE_BREATHER_SECONDS = 0.12


# --------------------------------------------------------------------------------------------
# Unassigned buildings
# --------------------------------------------------------------------------------------------


def list_unassigned(session: Session) -> list[UnassignedBuilding]:
    """Buildings waiting to be attached to a compound, oldest import first."""
    return list(
        session.exec(
            select(UnassignedBuilding).order_by(
                col(UnassignedBuilding.imported_at), col(UnassignedBuilding.id)
            )
        ).all()
    )


def suggest_compounds(session: Session, unassigned_id: int, limit: int = 5) -> list[Site]:
    """Compounds nearest to an unassigned building (those it touches first)."""
    row = session.get(UnassignedBuilding, unassigned_id)
    if row is None:
        return []
    geom = shape(json.loads(row.footprint))
    compounds = session.exec(select(Site).where(Site.kind == SiteKind.COMPOUND.value)).all()
    ranked = sorted(compounds, key=lambda s: shape(json.loads(s.geometry)).distance(geom))
    return list(ranked[:limit])


def attach_building(
    session: Session,
    unassigned_id: int,
    site_id: int,
    *,
    actor: Actor | str,
    number: str | None = None,
    floors: int | None = None,
    units: int | None = None,
    households: int | None = None,
) -> int:
    """Attach an unassigned building to a compound in the caller's transaction: it becomes a
    ``building`` row (values given here replace those from the file). Returns its id.

    Raises
    ------
    ImportError_
        Unknown building or compound, a number already used in the compound, or no number or
        floors known.
    """
    who = import_actor(actor)
    row = session.get(UnassignedBuilding, unassigned_id)
    site = session.get(Site, site_id)
    if row is None:
        raise ImportError_("gis.error.unassigned_unknown", id=unassigned_id)
    if site is None or site.kind != SiteKind.COMPOUND.value:
        raise ImportError_("gis.error.compound_unknown", field="site", id=site_id)
    number = (number or row.number or "").strip()[:32]
    floors = floors if floors is not None else row.floors
    if not number:
        raise ImportError_("gis.error.number_required", field="number")
    if not floors or floors < 1:
        raise ImportError_("gis.error.floors_required", field="floors")
    taken = session.exec(
        select(Building.id).where(Building.site_id == site_id, Building.number == number)
    ).first()
    if taken is not None:
        raise ImportError_(
            "gis.error.number_taken", field="number", number=number, site=site.name_zh
        )
    building = sites.create_building(
        session,
        who,
        {
            "site_id": site_id,
            "number": number,
            "floors": floors,
            "units": units if units is not None else (row.units or 0),
            "households": households if households is not None else (row.households or 0),
            "year_built": row.year_built,
            "footprint": row.footprint,
            "min_lon": row.min_lon,
            "min_lat": row.min_lat,
            "max_lon": row.max_lon,
            "max_lat": row.max_lat,
            "footprint_area_m2": row.footprint_area_m2,
            "perimeter_m": row.perimeter_m,
            "illustrative": False,
        },
        action="attach",
        audit_extra={"from_unassigned": unassigned_id},
        note="unassigned building attached to a compound",
    )
    session.delete(row)
    assert building.id is not None
    return building.id
