"""Site photos in the database: storing the checked copies, listing, serving, publishing,
deleting (every change audited), and the points the staff map draws.

Bytes live in ``photo_blob`` (one row per copy), so every app process serves every photo;
lists read ``site_photo`` only. Residents' pages get bytes through :func:`public_photo_bytes`,
which serves only the public copy or thumbnail of a photo marked public.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from db.models import (
    Building,
    PhotoBlob,
    PhotoCopy,
    PhotoStage,
    ProgrammeSite,
    Site,
    SitePhoto,
    utcnow,
)
from planner import audit
from planner.audit import Actor
from planner.fieldwork.images import PhotoRefused, ProcessedPhoto
from planner.fieldwork.locate import BuildingLocator
from planner.works.queries import item_with_scope, items_with_scope

STAGES: tuple[str, ...] = tuple(s.value for s in PhotoStage)
PUBLIC_COPIES: frozenset[str] = frozenset({PhotoCopy.PUBLIC, PhotoCopy.THUMB})
CAPTION_MAX = 200
AUDIT_ENTITY = "site_photo"


@dataclass(frozen=True)
class PhotoTarget:
    """Where a photo belongs: a site, optionally a building, a work item, a report."""

    site_id: int
    stage: str = PhotoStage.DURING.value
    work_item_id: int | None = None
    building_id: int | None = None
    field_report_id: int | None = None
    acceptance_id: int | None = None
    caption: str = ""


def _work_item_place(session: Session, target: PhotoTarget) -> int | None:
    """The building of the target's work item (None: a site-level item); checks the site."""
    if target.work_item_id is None:
        return None
    found = item_with_scope(session, target.work_item_id)
    if found is None or found.item.site_id != target.site_id:
        raise PhotoRefused("photo.error.work_not_on_site")
    return found.item.building_id


def store_photo(
    session: Session,
    photo: ProcessedPhoto,
    target: PhotoTarget,
    *,
    actor: Actor | str,
    file_name: str = "",
    locator: BuildingLocator | None = None,
    uploaded_at: datetime | None = None,
) -> SitePhoto:
    """Add a checked photo and its three copies (the caller's transaction commits), audited.

    The building is, in this order: the work item's, the one given, the nearest to the GPS
    fix (``locator``), or none. Raises ``PhotoRefused`` for a photo already stored for the
    site (same bytes) or a work item of another site; ``ValueError`` for an unknown stage.
    """
    if target.stage not in STAGES:
        raise ValueError(f"unknown stage {target.stage!r}")
    duplicate = session.exec(
        select(SitePhoto.id).where(
            SitePhoto.site_id == target.site_id, SitePhoto.sha256 == photo.sha256
        )
    ).first()
    if duplicate is not None:
        raise PhotoRefused("photo.error.duplicate")
    building_id, located_by = target.building_id, "chosen" if target.building_id else ""
    item_building = _work_item_place(session, target)
    if item_building is not None:
        building_id, located_by = item_building, "work"
    elif building_id is None and locator is not None:
        match = locator.nearest(photo.facts.lon, photo.facts.lat)
        if match is not None:
            building_id, located_by = match.building_id, "gps"
    who = Actor.coerce(actor).checked()
    row = SitePhoto(
        site_id=target.site_id,
        building_id=building_id,
        work_item_id=target.work_item_id,
        field_report_id=target.field_report_id,
        acceptance_id=target.acceptance_id,
        stage=target.stage,
        caption=target.caption.strip()[:CAPTION_MAX],
        file_name=file_name[-255:],
        content_type=photo.content_type,
        byte_size=len(photo.original),
        width=photo.width,
        height=photo.height,
        sha256=photo.sha256,
        taken_at=photo.facts.taken_at,
        lon=photo.facts.lon,
        lat=photo.facts.lat,
        located_by=located_by,
        device=photo.facts.device,
        uploaded_at=uploaded_at or utcnow(),
        uploaded_by=who.label,
    )
    session.add(row)
    session.flush()
    assert row.id is not None
    copies = (
        (PhotoCopy.ORIGINAL, photo.content_type, photo.original),
        (PhotoCopy.PUBLIC, "image/jpeg", photo.public),
        (PhotoCopy.THUMB, "image/jpeg", photo.thumb),
    )
    for variant, content_type, data in copies:
        session.add(
            PhotoBlob(
                photo_id=row.id,
                variant=variant.value,
                content_type=content_type,
                byte_size=len(data),
                data=data,
            )
        )
    audit.record(session, who, "create", row, after=_audited(row), at=row.uploaded_at)
    return row


def _audited(row: SitePhoto) -> dict[str, object]:
    """What the log keeps of a photo (no position: the log names the file and the work)."""
    return {
        "site_id": row.site_id,
        "building_id": row.building_id,
        "work_item_id": row.work_item_id,
        "stage": row.stage,
        "public": row.public,
        "file_name": row.file_name,
        "byte_size": row.byte_size,
        "sha256": row.sha256,
    }


@dataclass(frozen=True)
class PhotoRow:
    """A photo as lists show it (no bytes)."""

    id: int
    site_id: int
    building_id: int | None
    building_number: str | None
    work_item_id: int | None
    scope_key: str | None
    stage: str
    public: bool
    caption: str
    file_name: str
    width: int
    height: int
    byte_size: int
    taken_at: datetime | None
    uploaded_at: datetime
    uploaded_by: str
    lon: float | None
    lat: float | None
    located_by: str
    device: str


def list_photos(
    session: Session,
    *,
    site_id: int,
    work_item_id: int | None = None,
    stage: str | None = None,
    public_only: bool = False,
    limit: int = 200,
) -> list[PhotoRow]:
    """Photos of a site (or of one work item), newest first (by time taken, else uploaded)."""
    query = (
        select(SitePhoto, Building.number)
        .join(Building, col(Building.id) == col(SitePhoto.building_id), isouter=True)
        .where(SitePhoto.site_id == site_id)
        .order_by(col(SitePhoto.uploaded_at).desc(), col(SitePhoto.id).desc())
        .limit(limit)
    )
    if work_item_id is not None:
        query = query.where(SitePhoto.work_item_id == work_item_id)
    if stage is not None:
        query = query.where(SitePhoto.stage == stage)
    if public_only:
        query = query.where(col(SitePhoto.public).is_(True))
    rows = session.exec(query).all()
    scopes = scope_keys_of(session, {p.work_item_id for p, _n in rows})
    return [_row(p, number, scopes.get(p.work_item_id)) for p, number in rows]


def scope_keys_of(session: Session, item_ids: Iterable[int | None]) -> dict[int | None, str]:
    """The scope type key of each of some work items (read through planner.works)."""
    wanted = [i for i in item_ids if i is not None]
    if not wanted:
        return {}
    return {s.id: s.scope_key for s in items_with_scope(session, item_ids=wanted)}


def _row(photo: SitePhoto, number: str | None, scope: str | None) -> PhotoRow:
    return PhotoRow(
        id=photo.id,  # type: ignore[arg-type]  # stored rows: their ids are set
        site_id=photo.site_id,
        building_id=photo.building_id,
        building_number=number,
        work_item_id=photo.work_item_id,
        scope_key=scope,
        stage=photo.stage,
        public=photo.public,
        caption=photo.caption,
        file_name=photo.file_name,
        width=photo.width,
        height=photo.height,
        byte_size=photo.byte_size,
        taken_at=photo.taken_at,
        uploaded_at=photo.uploaded_at,
        uploaded_by=photo.uploaded_by,
        lon=photo.lon,
        lat=photo.lat,
        located_by=photo.located_by,
        device=photo.device,
    )


def photo_bytes(session: Session, photo_id: int, variant: str) -> bytes | None:
    """The bytes of one copy of a photo, for staff (the original included); None if absent."""
    blob = session.get(PhotoBlob, (photo_id, variant))
    return bytes(blob.data) if blob is not None else None


def public_photo_bytes(session: Session, photo_id: int, variant: str) -> bytes | None:
    """The public copy or thumbnail of a photo marked public; None for anything else
    (the original, a photo not public, one that does not exist)."""
    if variant not in PUBLIC_COPIES:
        return None
    data = session.exec(
        select(PhotoBlob.data)
        .join(SitePhoto, col(SitePhoto.id) == col(PhotoBlob.photo_id))
        .where(
            PhotoBlob.photo_id == photo_id,
            PhotoBlob.variant == variant,
            col(SitePhoto.public).is_(True),
        )
    ).first()
    return bytes(data) if data is not None else None


def _change(
    session: Session, photo_id: int, new: Mapping[str, object], *, actor: Actor | str
) -> bool:
    """Write the fields of ``new`` that differ from the photo's, audited; whether any did.

    Raises ``PhotoRefused`` for a photo that does not exist.
    """
    row = session.get(SitePhoto, photo_id)
    if row is None:
        raise PhotoRefused("photo.error.not_found")
    changed = {k: v for k, v in new.items() if getattr(row, k) != v}
    if not changed:
        return False
    before = {k: getattr(row, k) for k in changed}
    session.exec(
        update(SitePhoto)
        .where(col(SitePhoto.id) == photo_id)
        .values(**changed)
        .execution_options(synchronize_session="fetch")
    )
    audit.record(session, actor, "update", AUDIT_ENTITY, before, changed, entity_id=photo_id)
    return True


def set_public(session: Session, photo_id: int, public: bool, *, actor: Actor | str) -> bool:
    """Show a photo to residents (its public copy) or hide it again, audited; returns
    whether anything changed. Raises ``PhotoRefused`` for a photo that does not exist."""
    return _change(session, photo_id, {"public": public}, actor=actor)


def set_caption_and_stage(
    session: Session, photo_id: int, *, caption: str, stage: str, actor: Actor | str
) -> bool:
    """Change a photo's caption and stage, audited; returns whether anything changed."""
    if stage not in STAGES:
        raise ValueError(f"unknown stage {stage!r}")
    new = {"caption": caption.strip()[:CAPTION_MAX], "stage": stage}
    return _change(session, photo_id, new, actor=actor)


def delete_photo(session: Session, photo_id: int, *, actor: Actor | str) -> None:
    """Delete a photo and its copies, audited with what it was (file, size, hash, work).

    Raises ``PhotoRefused`` when the photo does not exist (deleted by someone else since).
    """
    row = session.get(SitePhoto, photo_id)
    if row is None:
        raise PhotoRefused("photo.error.not_found")
    before = _audited(row)
    session.exec(delete(PhotoBlob).where(col(PhotoBlob.photo_id) == photo_id))
    deleted = session.exec(delete(SitePhoto).where(col(SitePhoto.id) == photo_id))
    if deleted.rowcount != 1:  # deleted meanwhile
        raise PhotoRefused("photo.error.not_found")
    session.expunge(row)
    audit.record(session, actor, "delete", AUDIT_ENTITY, before, None, entity_id=photo_id)


@dataclass(frozen=True)
class PhotoPoint:
    """A photo on the staff map: where (WGS84), of what, when, and whether it is public.

    ``located_by`` is "gps" for the photo's own fix; photos without one are placed at the
    centre of their building's footprint ("building") and otherwise left off the map.
    """

    photo_id: int
    lon: float
    lat: float
    site_id: int
    building_id: int | None
    work_item_id: int | None
    scope_key: str | None
    stage: str
    public: bool
    taken_at: datetime | None
    located_by: str


def photo_points(
    session: Session, *, site_ids: Iterable[int] | None = None, programme_id: int | None = None
) -> list[PhotoPoint]:
    """The photos of some sites (or of a programme's sites) as points for the staff map."""
    query = (
        select(  # type: ignore[call-overload]  # sqlmodel types select() for up to 4 columns
            SitePhoto,
            Building.min_lon,
            Building.max_lon,
            Building.min_lat,
            Building.max_lat,
        )
        .join(Building, Building.id == SitePhoto.building_id, isouter=True)
        .order_by(SitePhoto.id)
    )
    if site_ids is not None:
        query = query.where(col(SitePhoto.site_id).in_(list(site_ids)))
    if programme_id is not None:
        held = select(ProgrammeSite.site_id).where(ProgrammeSite.programme_id == programme_id)
        query = query.where(col(SitePhoto.site_id).in_(held))
    points = []
    rows = session.exec(query).all()
    scopes = scope_keys_of(session, {row[0].work_item_id for row in rows})
    for photo, x0, x1, y0, y1 in rows:
        if photo.lon is not None and photo.lat is not None:
            lon, lat, how = photo.lon, photo.lat, "gps"
        elif x0 is not None:
            lon, lat, how = (x0 + x1) / 2, (y0 + y1) / 2, "building"
        else:
            continue
        points.append(
            PhotoPoint(
                photo_id=photo.id,
                lon=lon,
                lat=lat,
                site_id=photo.site_id,
                building_id=photo.building_id,
                work_item_id=photo.work_item_id,
                scope_key=scopes.get(photo.work_item_id),
                stage=photo.stage,
                public=photo.public,
                taken_at=photo.taken_at,
                located_by=how,
            )
        )
    return points


def site_exists(session: Session, site_id: int) -> bool:
    """Whether a site with this id exists."""
    return session.get(Site, site_id) is not None
