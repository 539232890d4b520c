"""Sites (compounds and linear works) and their buildings: their attributes and their writes.

Every domain reads sites and buildings (they are the places everything happens), but only
this module writes them: a GIS import, attaching a building, a correction all come through
:func:`create_site`, :func:`update_site`, :func:`create_building` and :func:`update_building`,
each audited. The attributes a person can give a site or a building are listed once
(:data:`SITE_ATTRIBUTES`, :data:`BUILDING_ATTRIBUTES`, plain data in :mod:`planner.site_fields`);
the GIS import maps file columns to them and the GIS export writes them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from db import bulk
from db.models import Building, Site, SiteKind
from planner import audit
from planner.audit import Actor
from planner.site_fields import BUILDING_ATTRIBUTES as BUILDING_ATTRIBUTES
from planner.site_fields import SITE_ATTRIBUTES as SITE_ATTRIBUTES
from planner.site_fields import TEXT_LENGTHS as TEXT_LENGTHS

# Geometry is long and stored already: the audit records the measures, not the text.
_NOT_AUDITED = ("geometry", "footprint")


def _audited(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if k not in _NOT_AUDITED}


@dataclass(frozen=True)
class SiteRef:
    """A site as pages and commands name it: plain values, no database row."""

    id: int
    key: str
    name_zh: str
    name_en: str = ""
    kind: str = ""
    status: str = ""
    sub_district: str = ""
    community: str = ""

    @classmethod
    def of(cls, site: Site) -> SiteRef:
        """The reference of a site row."""
        assert site.id is not None
        return cls(
            site.id,
            site.key,
            site.name_zh,
            site.name_en or "",
            str(site.kind),
            str(site.status or ""),
            site.sub_district or "",
            site.community or "",
        )


def site_refs(session: Session, *, kind: str | None = None) -> list[SiteRef]:
    """:func:`list_sites` as plain references."""
    return [SiteRef.of(site) for site in list_sites(session, kind=kind)]


def get_site(session: Session, site_id: int) -> Site | None:
    """The site with this id, or None."""
    return session.get(Site, site_id)


def site_by_key(session: Session, key: str) -> Site | None:
    """The site with this stable key, or None (keys are at most 64 characters)."""
    return session.exec(select(Site).where(Site.key == key[:64])).first()


def list_sites(session: Session, *, kind: str | None = None) -> list[Site]:
    """Sites (of one kind), compounds before linear works, by Chinese name."""
    query = select(Site).order_by(Site.kind, col(Site.name_zh), col(Site.id))
    if kind is not None:
        query = query.where(Site.kind == kind)
    return list(session.exec(query).all())


def get_building(session: Session, building_id: int) -> Building | None:
    """The building with this id, or None."""
    return session.get(Building, building_id)


def building_numbers(session: Session, site_id: int | None = None) -> dict[int, str]:
    """Building number by id (of one site, or of all)."""
    query = select(Building.id, Building.number)
    if site_id is not None:
        query = query.where(Building.site_id == site_id)
    # rows of two columns: (key, value) pairs:
    return dict(session.exec(query).all())  # type: ignore[arg-type]


def building_and_household_counts(session: Session, site_ids: Sequence[int]) -> tuple[int, int]:
    """How many buildings the sites have, and their households (as the sites record them)."""
    ids = list(site_ids)
    buildings = session.exec(
        select(func.count()).select_from(Building).where(col(Building.site_id).in_(ids))
    ).one()
    households = session.exec(
        select(func.coalesce(func.sum(Site.households), 0)).where(col(Site.id).in_(ids))
    ).one()
    # coalesce(..., 0) is never None:
    return int(buildings), int(households)  # type: ignore[arg-type]


def compound_ids(session: Session, site_ids: Iterable[int]) -> list[int]:
    """Those of ``site_ids`` that are compounds (not linear works)."""
    return list(
        session.exec(  # type: ignore[arg-type]  # stored rows: their ids are set
            select(col(Site.id)).where(
                col(Site.id).in_(list(site_ids)), col(Site.kind) == SiteKind.COMPOUND
            )
        ).all()
    )


def create_site(
    session: Session, actor: Actor | str, values: Mapping[str, Any], *, note: str = ""
) -> Site:
    """Add a site with these column values, audited; flushes (the caller commits)."""
    site = Site(**values)
    session.add(site)
    session.flush()
    audit.record(session, actor, "create", site, after=_audited(values), note=note)
    return site


def update_site(
    session: Session, actor: Actor | str, site: Site, values: Mapping[str, Any], *, note: str = ""
) -> Site:
    """Change these columns of a site, audited with their values before and after."""
    before = {name: getattr(site, name) for name in values}
    for name, value in values.items():
        setattr(site, name, value)
    session.add(site)
    audit.record(
        session, actor, "update", site, before=_audited(before), after=_audited(values), note=note
    )
    return site


def create_building(
    session: Session,
    actor: Actor | str,
    values: Mapping[str, Any],
    *,
    action: str = "create",
    audit_extra: Mapping[str, Any] | None = None,
    note: str = "",
) -> Building:
    """Add a building with these column values, audited; flushes (the caller commits).

    ``action`` names what the log says ("create", or "attach" for an unassigned footprint
    given to a compound); ``audit_extra`` adds values to the entry's ``after``.
    """
    building = Building(**values)
    session.add(building)
    session.flush()
    after = _audited(values) | dict(audit_extra or {})
    audit.record(session, actor, action, building, after=after, note=note)
    return building


def update_building(
    session: Session,
    actor: Actor | str,
    building: Building,
    values: Mapping[str, Any],
    *,
    note: str = "",
) -> Building:
    """Change these columns of a building, audited with their values before and after."""
    before = {name: getattr(building, name) for name in values}
    for name, value in values.items():
        setattr(building, name, value)
    session.add(building)
    audit.record(
        session,
        actor,
        "update",
        building,
        before=_audited(before),
        after=_audited(values),
        note=note,
    )
    return building


# ---------------------------------------------------------------------------------------------
# Seeding: the illustrative sample and synthetic cities (``planner.runtime.seed``), which
# audits each seeded programme once instead of every row.


def seed_sites(session: Session, rows: Iterable[Mapping[str, Any]]) -> dict[str, Site]:
    """Add sites from their column values (not audited one by one); flushes; by key."""
    sites = {}
    for values in rows:
        site = Site(**values)
        session.add(site)
        sites[site.key] = site
    session.flush()
    return sites


def seed_buildings(session: Session, rows: Iterable[Mapping[str, Any]]) -> list[Building]:
    """Add buildings from their column values (not audited one by one); flushes."""
    buildings = [Building(**values) for values in rows]
    session.add_all(buildings)
    session.flush()
    return buildings


def seed_sites_in_bulk(session: Session, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Insert many sites at once (``COPY`` on PostgreSQL); returns their ids by key."""
    bulk.insert_rows(session, Site, rows)
    keys = [row["key"] for row in rows]
    found: dict[str, int] = {}
    for start in range(0, len(keys), 5000):
        chunk = keys[start : start + 5000]
        # stored rows: their ids are set:
        found.update(session.exec(select(Site.key, Site.id).where(col(Site.key).in_(chunk))).all())  # type: ignore[arg-type]
    return found


def seed_buildings_in_bulk(
    session: Session, rows: list[dict[str, Any]]
) -> dict[tuple[int, str], int]:
    """Insert many buildings at once; returns their ids by (site id, building number)."""
    bulk.insert_rows(session, Building, rows)
    site_ids = sorted({row["site_id"] for row in rows})
    found: dict[tuple[int, str], int] = {}
    for start in range(0, len(site_ids), 5000):
        chunk = site_ids[start : start + 5000]
        for building_id, site_id, number in session.exec(
            select(Building.id, Building.site_id, Building.number).where(
                col(Building.site_id).in_(chunk)
            )
        ).all():
            # stored rows: their ids are set:
            found[(site_id, number)] = building_id  # type: ignore[assignment]
    return found
