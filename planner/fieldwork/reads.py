"""What the pages and commands read of field work: one named query per thing shown, each in
its own read-only session (``planner.transactions.reading``), returning plain values (photo
bytes as ``bytes``), never database rows."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from planner.fieldwork import acceptance, imports, photos, public
from planner.fieldwork.acceptance import AcceptanceRow, DefectRow, WarrantyRow
from planner.fieldwork.field import site_works as _site_works
from planner.fieldwork.photos import PhotoPoint, PhotoRow
from planner.fieldwork.public import PublicWork
from planner.fieldwork.warranty import WarrantyPolicy
from planner.sites import SiteRef
from planner.transactions import reading
from planner.works.items import WorkItemRow


def find_site(engine: Engine, key_or_name: str) -> SiteRef | None:
    """A site by its key, else by its Chinese or English name (exact); None: no such site."""
    with reading(engine) as session:
        site = imports.find_site(session, key_or_name)
        return SiteRef.of(site) if site is not None else None


def site_works(
    engine: Engine, *, site_id: int, programme_id: int, today: date, todays_only: bool = True
) -> list[WorkItemRow]:
    """The work items of a compound in a programme (only today's, with ``todays_only``)."""
    with reading(engine) as session:
        return _site_works(
            session,
            site_id=site_id,
            programme_id=programme_id,
            today=today,
            todays_only=todays_only,
        )


@dataclass(frozen=True)
class WorkAcceptance:
    """A work item's acceptances (newest first), the day it first passed, its open defects."""

    records: list[AcceptanceRow]
    passed_on: date | None
    open_defects: list[DefectRow]


def work_acceptance(engine: Engine, work_item_id: int, site_id: int) -> WorkAcceptance:
    """The acceptances, first passed day and open defects of one work item."""
    with reading(engine) as session:
        return WorkAcceptance(
            acceptance.acceptances(session, work_item_id),
            acceptance.accepted_on(session, [work_item_id]).get(work_item_id),
            [
                d
                for d in acceptance.open_defects(session, site_id=site_id)
                if d.work_item_id == work_item_id
            ],
        )


@dataclass(frozen=True)
class Alerts:
    """For the dashboard: warranties ending soon, and defects still open."""

    warranties_ending: list[WarrantyRow]
    open_defects: list[DefectRow]


def alerts(engine: Engine, policy: WarrantyPolicy, *, today: date, within_days: int) -> Alerts:
    """Warranties ending within ``within_days`` of ``today``, and every open defect."""
    with reading(engine) as session:
        return Alerts(
            acceptance.warranties_ending(session, policy, today=today, within_days=within_days),
            acceptance.open_defects(session),
        )


def site_photos(
    engine: Engine, *, site_id: int, work_item_id: int | None = None, limit: int = 200
) -> list[PhotoRow]:
    """Photos of a site (or of one work item), newest first (no bytes)."""
    with reading(engine) as session:
        return photos.list_photos(session, site_id=site_id, work_item_id=work_item_id, limit=limit)


def thumbnails(engine: Engine, photo_ids: Iterable[int]) -> dict[int, bytes | None]:
    """The thumbnail of each photo (staff pages), by id."""
    with reading(engine) as session:
        return {i: photos.photo_bytes(session, i, "thumb") for i in photo_ids}


def public_copy(engine: Engine, photo_id: int) -> bytes | None:
    """The public copy of a photo marked public (no location or device); None otherwise."""
    with reading(engine) as session:
        return photos.public_photo_bytes(session, photo_id, "public")


def photo_points(engine: Engine, *, programme_id: int) -> list[PhotoPoint]:
    """The photos of a programme's sites as points for the staff map."""
    with reading(engine) as session:
        return photos.photo_points(session, programme_id=programme_id)


@dataclass(frozen=True)
class PublicFieldwork:
    """A compound's before/after section: the works and the public copies they show."""

    works: list[PublicWork]
    images: dict[int, bytes | None]


def public_fieldwork(engine: Engine, site_id: int, policy: WarrantyPolicy) -> PublicFieldwork:
    """The public before/after photos, acceptance and warranty of a compound's works."""
    with reading(engine) as session:
        works = public.public_works(session, site_id, policy)
        images = {
            photo_id: photos.public_photo_bytes(session, photo_id, "public")
            for work in works
            for pair in work.pairs
            for photo_id in (pair.before_id, pair.after_id)
            if photo_id is not None
        }
        return PublicFieldwork(works, images)


def public_works(engine: Engine, site_id: int, policy: WarrantyPolicy) -> list[PublicWork]:
    """The public works of a compound with their photo pairs (ids only, no bytes)."""
    with reading(engine) as session:
        return public.public_works(session, site_id, policy)


def public_thumbnails(engine: Engine, photo_ids: Iterable[int]) -> dict[int, bytes]:
    """The thumbnails of the photos marked public among ``photo_ids`` (the others left out)."""
    with reading(engine) as session:
        found = {i: photos.public_photo_bytes(session, i, "thumb") for i in photo_ids}
    return {i: data for i, data in found.items() if data is not None}


@dataclass(frozen=True)
class ReportedWork:
    """The work a "report a defect" link names, if it is a work of the compound."""

    work_item_id: int
    scope_key: str


def linked_work(engine: Engine, site_id: int, params: Mapping[str, Any]) -> ReportedWork | None:
    """The work item a feedback link names (``?work=<id>``), if it is one of this site's."""
    with reading(engine) as session:
        work = public.preselected_work(session, site_id, params)
        scope = public.work_scope_key(session, work) if work is not None else None
        return ReportedWork(work, scope) if work is not None and scope is not None else None
