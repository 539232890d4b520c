"""Withdrawing a work item entered by mistake, and restoring it: a soft delete, audited.

A withdrawn item keeps its row, its reports and photos (``work_item.withdrawn_at`` is set),
but leaves every total, the maps, the bill and the public page: the reads of
``planner.works.queries`` count only items that are not withdrawn (``counted``). Restoring
brings it back as it was. Both are one conditional ``UPDATE … WHERE version = :loaded``, so a
page that loaded an older version is refused (``StaleWorkItemError``), and both write an audit
entry ("withdraw", "restore") with the reason as its note.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import update
from sqlmodel import Session, col, select

from db.models import ScopeType, WorkItem, utcnow
from planner import audit
from planner.audit import Actor
from planner.works import quantities
from planner.works.fields import AUDIT_ENTITY
from planner.works.refusals import InvalidChangesError, SaveRefused
from planner.works.validation import Issue


class WithdrawRefused(SaveRefused):
    """A withdrawal or a restore that wrote nothing (no such item, already so, changed
    meanwhile, a reason too short, an item of the same kind back in its place)."""


@dataclass(frozen=True)
class WithdrawnItem:
    """A withdrawn work item, as the editor lists it for a restore."""

    id: int
    scope_key: str
    unit_number: str | None
    planned_quantity: float
    completed_quantity: float
    withdrawn_at: datetime
    version: int


def _item(session: Session, item_id: int) -> tuple[WorkItem, str]:
    found = session.exec(
        select(WorkItem, ScopeType.key)
        .join(ScopeType, col(ScopeType.id) == col(WorkItem.scope_type_id))
        .where(WorkItem.id == item_id)
    ).first()
    if found is None:
        raise WithdrawRefused.of([Issue("works.withdraw.missing", params={"id": item_id})])
    return found


def _reason(reason: str | None) -> str:
    try:
        return quantities.clean_reason(reason) or ""
    except quantities.QuantityError as invalid:
        issue = Issue(invalid.key, field="reason", params=invalid.params)
        raise InvalidChangesError.of([issue]) from None


def _set(
    session: Session,
    item: WorkItem,
    scope_key: str,
    version: int | None,
    withdrawn_at: datetime | None,
) -> None:
    expected = item.version if version is None else version
    statement = (
        update(WorkItem)
        .where(col(WorkItem.id) == item.id, col(WorkItem.version) == expected)
        .values(withdrawn_at=withdrawn_at, version=WorkItem.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if session.exec(statement).rowcount != 1:
        raise WithdrawRefused.of([Issue("works.error.stale", scope_key)])


def withdraw(
    session: Session,
    item_id: int,
    *,
    actor: Actor | str,
    reason: str | None = None,
    version: int | None = None,
) -> None:
    """Withdraw a work item (in the caller's transaction), audited with ``reason``.

    ``version`` is the one the page loaded (None: whatever is stored, for the command line).
    Raises ``WithdrawRefused`` (no such item, withdrawn already, changed since loaded) or
    ``InvalidChangesError`` (a reason too short or too long).
    """
    note = _reason(reason)
    item, scope_key = _item(session, item_id)
    if item.withdrawn_at is not None:
        raise WithdrawRefused.of([Issue("works.withdraw.already", scope_key)])
    now = utcnow()
    _set(session, item, scope_key, version, now)
    audit.record(
        session,
        actor,
        "withdraw",
        AUDIT_ENTITY,
        {"withdrawn_at": None},
        {"withdrawn_at": now.isoformat()},
        entity_id=item_id,
        note=note,
        at=now,
    )


def restore(
    session: Session,
    item_id: int,
    *,
    actor: Actor | str,
    reason: str | None = None,
    version: int | None = None,
) -> None:
    """Bring a withdrawn item back as it was (in the caller's transaction), audited.

    Refused when it is not withdrawn, changed since loaded, or when an item of the same scope
    type now stands in its place (the same programme, site, building and 单元).
    """
    note = _reason(reason)
    item, scope_key = _item(session, item_id)
    if item.withdrawn_at is None:
        raise WithdrawRefused.of([Issue("works.withdraw.not_withdrawn", scope_key)])
    same_place = session.exec(
        select(WorkItem.id).where(
            col(WorkItem.withdrawn_at).is_(None),
            WorkItem.programme_id == item.programme_id,
            WorkItem.site_id == item.site_id,
            WorkItem.scope_type_id == item.scope_type_id,
            WorkItem.building_id == item.building_id
            if item.building_id is not None
            else col(WorkItem.building_id).is_(None),
            WorkItem.unit_number == item.unit_number
            if item.unit_number is not None
            else col(WorkItem.unit_number).is_(None),
        )
    ).first()
    if same_place is not None:
        raise WithdrawRefused.of([Issue("works.withdraw.taken", scope_key)])
    before = item.withdrawn_at
    _set(session, item, scope_key, version, None)
    audit.record(
        session,
        actor,
        "restore",
        AUDIT_ENTITY,
        {"withdrawn_at": before.isoformat()},
        {"withdrawn_at": None},
        entity_id=item_id,
        note=note,
    )


def withdrawn_items(
    session: Session, *, programme_id: int, site_id: int, building_id: int | None
) -> list[WithdrawnItem]:
    """The withdrawn items of one place (a site's own, or one building's), newest first."""
    rows = session.exec(
        select(WorkItem, ScopeType.key)
        .join(ScopeType, col(ScopeType.id) == col(WorkItem.scope_type_id))
        .where(
            col(WorkItem.withdrawn_at).is_not(None),
            WorkItem.programme_id == programme_id,
            WorkItem.site_id == site_id,
            WorkItem.building_id == building_id
            if building_id is not None
            else col(WorkItem.building_id).is_(None),
        )
        .order_by(col(WorkItem.withdrawn_at).desc(), col(WorkItem.id))
    ).all()
    return [
        WithdrawnItem(
            id=item.id,  # type: ignore[arg-type]  # stored rows: their ids are set
            scope_key=key,
            unit_number=item.unit_number,
            planned_quantity=item.planned_quantity,
            completed_quantity=item.completed_quantity,
            withdrawn_at=item.withdrawn_at,  # type: ignore[arg-type]  # filtered: not None
            version=item.version,
        )
        for item, key in rows
    ]
