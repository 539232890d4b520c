"""Putting back the values one audited change gave a work item (the audit log's "revert").

The audit log (``planner.history``) finds the change and checks that no later change of the
item was recorded; this module, the owner of ``work_item``, checks that the item still holds
the values the change wrote, writes the values from before it (``version`` + 1, one
statement with the version check) and records the revert as a new audited change.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col

from db.models import WorkItem, utcnow
from planner import audit
from planner.audit import Actor
from planner.errors import Refused
from planner.works.fields import (
    AUDIT_ENTITY,
    DATE_FIELDS,
    EDITABLE_FIELDS,
    INTEGER_FIELDS,
    NUMBER_FIELDS,
)
from planner.works.queries import get_item

REVERT_ACTION = "revert"


class RevertRefused(Refused):
    """A change that cannot be reverted: the record changed since, is gone, or the change is
    not of a kind that can be put back."""


def _comparable(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the audit log stores them (JSON: dates as text, numbers as numbers)."""
    loaded: dict[str, Any] = json.loads(audit.to_json(values) or "{}")
    return {
        k: float(v) if isinstance(v, int | float) and not isinstance(v, bool) else v
        for k, v in loaded.items()
    }


def _typed(name: str, value: Any) -> Any:
    """A stored JSON value as the column's type."""
    if value is None:
        return None
    if name in NUMBER_FIELDS:
        return float(value)
    if name in INTEGER_FIELDS:
        return int(value)
    if name in DATE_FIELDS:
        return date.fromisoformat(str(value))
    return str(value)


def revertible_fields(before: Mapping[str, Any] | None, after: Mapping[str, Any] | None) -> bool:
    """Whether a change of a work item with these values can be put back: it changed some of
    the editable fields and nothing else."""
    if not before or not after:
        return False
    return set(before) == set(after) and set(after) <= set(EDITABLE_FIELDS)


def revert_item_change(
    session: Session,
    item_id: int,
    *,
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    actor: Actor,
) -> None:
    """Give the item back the values ``before`` a change that wrote ``after``, audited
    ("revert", the values now and the values put back).

    Raises
    ------
    RevertRefused
        ``history.error.gone`` (no such item), ``history.error.stale`` (the item no longer
        holds what the change wrote, or was saved meanwhile), ``history.error.not_revertible``.
    """
    if not revertible_fields(before, after):
        raise RevertRefused("history.error.not_revertible")
    item = get_item(session, item_id)
    if item is None:
        raise RevertRefused("history.error.gone")
    now_values = {name: getattr(item, name) for name in after}
    if _comparable(now_values) != _comparable(after):
        raise RevertRefused("history.error.stale")
    restored = {name: _typed(name, before[name]) for name in after}
    statement = (
        update(WorkItem)
        .where(col(WorkItem.id) == item_id, col(WorkItem.version) == item.version)
        .values(**restored, version=WorkItem.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if session.exec(statement).rowcount != 1:
        raise RevertRefused("history.error.stale")
    audit.record(
        session, actor, REVERT_ACTION, AUDIT_ENTITY, now_values, restored, entity_id=item_id
    )
    session.flush()
