"""Acceptance (竣工验收) of work items, the defects listed then, and the warranty that follows.

An acceptance record says when, with what result, who took part, which defects were found
(each open until fixed) and carries photos. The warranty of a work item runs from the first
acceptance it passed (《建设工程质量管理条例》第四十条: 自竣工验收合格之日起计算) for the period
of its scope type (``warranty.WarrantyPolicy``). The dashboard lists the warranties ending
within 90 days and the defects still open (:func:`warranties_ending`, :func:`open_defects`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from db.models import (
    AcceptanceDefect,
    AcceptanceResult,
    DefectStatus,
    PhotoStage,
    Site,
    WorkAcceptance,
)
from planner import audit
from planner.audit import Actor
from planner.errors import Refused
from planner.fieldwork.images import ProcessedPhoto
from planner.fieldwork.photos import PhotoTarget, store_photo
from planner.fieldwork.warranty import WarrantyPolicy
from planner.works.items import clean_actor
from planner.works.queries import item_with_scope, items_with_scope

RESULTS: tuple[str, ...] = tuple(r.value for r in AcceptanceResult)
TEXT_MAX = 2000
DEFECTS_MAX = 50


class AcceptanceRefused(Refused):
    """An acceptance or defect change not written (a message key, its values, its field)."""


def _lines(value: str | Iterable[str]) -> list[str]:
    items = value.splitlines() if isinstance(value, str) else list(value)
    return [line.strip() for line in items if line and line.strip()]


@dataclass(frozen=True)
class NewAcceptance:
    """An acceptance as typed: participants and defects one per line (or as lists)."""

    work_item_id: int
    accepted_on: date
    result: str
    participants: str | Iterable[str]
    defects: str | Iterable[str] = ()
    note: str = ""


def record_acceptance(
    session: Session,
    new: NewAcceptance,
    *,
    actor: Actor | str,
    today: date,
    photos: Iterable[tuple[str, ProcessedPhoto]] = (),
) -> int:
    """Write an acceptance with its defects and photos (the caller's transaction), audited;
    returns its id. Raises ``AcceptanceRefused`` for an unknown item or result, a date in
    the future, no participant, or too much text."""
    who = clean_actor(actor)
    item = item_with_scope(session, new.work_item_id)
    if item is None:
        raise AcceptanceRefused("acceptance.error.no_item")
    if new.result not in RESULTS:
        raise AcceptanceRefused("acceptance.error.result", field="result")
    if new.accepted_on > today:
        raise AcceptanceRefused(
            "acceptance.error.future", field="accepted_on", day=new.accepted_on.isoformat()
        )
    participants, defects = _lines(new.participants), _lines(new.defects)
    if not participants:
        raise AcceptanceRefused("acceptance.error.participants", field="participants")
    if len(defects) > DEFECTS_MAX or any(len(d) > TEXT_MAX for d in defects):
        raise AcceptanceRefused("acceptance.error.too_long", max=TEXT_MAX)
    if len(new.note) > TEXT_MAX or len("\n".join(participants)) > TEXT_MAX:
        raise AcceptanceRefused("acceptance.error.too_long", max=TEXT_MAX)
    record = WorkAcceptance(
        work_item_id=new.work_item_id,
        accepted_on=new.accepted_on,
        result=new.result,
        participants="\n".join(participants),
        note=new.note.strip(),
        recorded_by=who.label,
    )
    session.add(record)
    session.flush()
    assert record.id is not None
    audit.record(
        session,
        who,
        "create",
        record,
        after={
            "work_item_id": new.work_item_id,
            "accepted_on": new.accepted_on,
            "result": new.result,
            "participants": participants,
            "defects": defects,
        },
    )
    for text in defects:
        defect = AcceptanceDefect(
            acceptance_id=record.id, work_item_id=new.work_item_id, description=text
        )
        session.add(defect)
        session.flush()
        audit.record(session, who, "create", defect, after={"description": text})
    for name, photo in photos:
        target = PhotoTarget(
            site_id=item.item.site_id,
            stage=PhotoStage.ACCEPTANCE.value,
            work_item_id=new.work_item_id,
            acceptance_id=record.id,
        )
        store_photo(session, photo, target, actor=who, file_name=name)
        session.flush()
    return record.id


def fix_defect(
    session: Session, defect_id: int, *, version: int, fixed_on: date, actor: Actor | str
) -> None:
    """Mark a defect fixed, audited; refused when it changed since it was loaded
    (``version``) or is already fixed."""
    who = clean_actor(actor)
    done = session.exec(
        update(AcceptanceDefect)
        .where(
            col(AcceptanceDefect.id) == defect_id,
            col(AcceptanceDefect.version) == version,
            col(AcceptanceDefect.status) == DefectStatus.OPEN,
        )
        .values(status=DefectStatus.FIXED.value, fixed_on=fixed_on, version=version + 1)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise AcceptanceRefused("acceptance.error.defect_stale")
    audit.record(
        session,
        who,
        "update",
        "acceptance_defect",
        {"status": DefectStatus.OPEN.value},
        {"status": DefectStatus.FIXED.value, "fixed_on": fixed_on},
        entity_id=defect_id,
    )


@dataclass(frozen=True)
class AcceptanceRow:
    """An acceptance as lists show it."""

    id: int
    work_item_id: int
    accepted_on: date
    result: str
    participants: list[str]
    note: str
    defects_open: int
    defects_total: int


def acceptances(session: Session, work_item_id: int) -> list[AcceptanceRow]:
    """The acceptances of a work item, newest first, with their defect counts."""
    records = session.exec(
        select(WorkAcceptance)
        .where(WorkAcceptance.work_item_id == work_item_id)
        .order_by(col(WorkAcceptance.accepted_on).desc(), col(WorkAcceptance.id).desc())
    ).all()
    counts: dict[int, list[int]] = {}
    for acceptance_id, status, n in session.exec(
        select(AcceptanceDefect.acceptance_id, AcceptanceDefect.status, func.count())
        .where(AcceptanceDefect.work_item_id == work_item_id)
        .group_by(col(AcceptanceDefect.acceptance_id), col(AcceptanceDefect.status))
    ).all():
        open_total = counts.setdefault(acceptance_id, [0, 0])
        open_total[1] += n
        if status == DefectStatus.OPEN:
            open_total[0] += n
    return [
        AcceptanceRow(
            id=r.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            work_item_id=r.work_item_id,
            accepted_on=r.accepted_on,
            result=r.result,
            participants=r.participants.splitlines(),
            note=r.note,
            # stored rows: their ids are set:
            defects_open=counts.get(r.id, [0, 0])[0],  # type: ignore[arg-type]
            # stored rows: their ids are set:
            defects_total=counts.get(r.id, [0, 0])[1],  # type: ignore[arg-type]
        )
        for r in records
    ]


def accepted_on(session: Session, work_item_ids: Iterable[int]) -> dict[int, date]:
    """The day each of these items first passed acceptance (items not passed are absent)."""
    ids = list(work_item_ids)
    if not ids:
        return {}
    rows = session.exec(
        select(WorkAcceptance.work_item_id, func.min(WorkAcceptance.accepted_on))
        .where(
            col(WorkAcceptance.work_item_id).in_(ids),
            WorkAcceptance.result == AcceptanceResult.PASSED,
        )
        .group_by(col(WorkAcceptance.work_item_id))
    ).all()
    return dict(rows)


@dataclass(frozen=True)
class WarrantyRow:
    """The warranty of one accepted work item."""

    work_item_id: int
    site_id: int
    site_name_zh: str
    building_number: str | None
    scope_key: str
    accepted_on: date
    ends_on: date
    source: str

    def days_left(self, today: date) -> int:
        """Days from ``today`` to the last day (negative: ended)."""
        return (self.ends_on - today).days


def warranties(
    session: Session, policy: WarrantyPolicy, *, site_id: int | None = None
) -> list[WarrantyRow]:
    """Every accepted work item (of a site) with its warranty end, soonest end first.

    Items of scope types without a warranty (demolition, clearance) are left out.
    """
    query = select(WorkAcceptance.work_item_id).where(
        WorkAcceptance.result == AcceptanceResult.PASSED
    )
    ids = set(session.exec(query).all())
    items = items_with_scope(session, item_ids=ids, site_id=site_id) if ids else []
    days = accepted_on(session, [i.id for i in items])
    names = dict(session.exec(select(Site.id, Site.name_zh)).all()) if items else {}
    rows = []
    for item in items:
        ends = policy.end_date(item.scope_key, days[item.id])
        if ends is None:
            continue
        rows.append(
            WarrantyRow(
                work_item_id=item.id,
                site_id=item.item.site_id,
                site_name_zh=names.get(item.item.site_id, ""),
                building_number=item.building_number,
                scope_key=item.scope_key,
                accepted_on=days[item.id],
                ends_on=ends,
                source=policy.source(item.scope_key),
            )
        )
    return sorted(rows, key=lambda r: (r.ends_on, r.work_item_id))


def warranties_ending(
    session: Session,
    policy: WarrantyPolicy,
    *,
    today: date,
    within_days: int = 90,
    site_id: int | None = None,
) -> list[WarrantyRow]:
    """Warranties whose last day is between ``today`` and ``within_days`` from now: the
    time to inspect the works and claim repairs from the contractor."""
    last = today + timedelta(days=within_days)
    return [r for r in warranties(session, policy, site_id=site_id) if today <= r.ends_on <= last]


@dataclass(frozen=True)
class DefectRow:
    """A defect still open, with where it is."""

    id: int
    version: int
    work_item_id: int
    site_id: int
    site_name_zh: str
    building_number: str | None
    scope_key: str
    description: str
    found_on: date


def open_defects(session: Session, *, site_id: int | None = None) -> list[DefectRow]:
    """Defects not yet fixed (of one site, or everywhere), oldest first."""
    rows = session.exec(
        select(AcceptanceDefect, col(WorkAcceptance.accepted_on))
        .join(WorkAcceptance, col(WorkAcceptance.id) == col(AcceptanceDefect.acceptance_id))
        .where(AcceptanceDefect.status == DefectStatus.OPEN)
        .order_by(col(WorkAcceptance.accepted_on), col(AcceptanceDefect.id))
    ).all()
    wanted = {d.work_item_id for d, _day in rows}
    found = items_with_scope(session, item_ids=wanted, site_id=site_id) if rows else []
    items = {i.id: i for i in found}
    names = dict(session.exec(select(Site.id, Site.name_zh)).all()) if items else {}
    return [
        DefectRow(
            id=d.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            version=d.version,
            work_item_id=d.work_item_id,
            site_id=items[d.work_item_id].item.site_id,
            site_name_zh=names.get(items[d.work_item_id].item.site_id, ""),
            building_number=items[d.work_item_id].building_number,
            scope_key=items[d.work_item_id].scope_key,
            description=d.description,
            found_on=day,
        )
        for d, day in rows
        if d.work_item_id in items
    ]
