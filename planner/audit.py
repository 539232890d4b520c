"""Reading the audit log: who changed what and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from db.models import AuditEntry


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list; None means any."""

    actor: str | None = None
    entity: str | None = None
    limit: int = 500


def list_audit_entries(session: Session, where: AuditFilter = AuditFilter()) -> list[AuditEntry]:
    """Entries matching ``where``, newest first, at most ``where.limit``."""
    query = select(AuditEntry)
    if where.actor:
        query = query.where(AuditEntry.actor == where.actor)
    if where.entity:
        query = query.where(AuditEntry.entity == where.entity)
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(where.limit)  # type: ignore[attr-defined]
    return list(session.exec(query).all())


def audit_choices(session: Session) -> tuple[list[str], list[str]]:
    """The distinct actors and entity types in the log, sorted, for filters."""
    actors = session.exec(select(AuditEntry.actor).distinct()).all()
    entities = session.exec(select(AuditEntry.entity).distinct()).all()
    return sorted(actors), sorted(entities)


def audit_rows(entries: list[AuditEntry]) -> list[dict[str, object]]:
    """Plain rows for a table: time (UTC, to the second), actor, action, entity, values."""

    def when(at: datetime) -> str:
        return at.strftime("%Y-%m-%d %H:%M:%S")

    return [
        {
            "at": when(e.at),
            "actor": e.actor,
            "action": e.action,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "before": e.before or "",
            "after": e.after or "",
            "note": e.note,
        }
        for e in entries
    ]
