"""The audit log: the one door every change goes through (:func:`record`), and reading it back.

Every module that changes data calls :func:`record` inside the same transaction as the change,
so an entry exists exactly when the change does. An entry says who (:class:`Actor`: the
account's id and username when a logged-in person acted, else a named process such as the
command line or the public portal), what (``action`` on ``entity`` with its id) and the values
before and after, as JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, false, func, or_
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from db.models import AuditEntry, utcnow
from planner.transactions import reading

ACTOR_MAX_LENGTH = 100  # audit_entry.actor is VARCHAR(100)
USERNAME_MAX_LENGTH = 64  # audit_entry.username is VARCHAR(64)


class AuditActorError(ValueError):
    """The actor of a change has no name, or one too long to record."""


@dataclass(frozen=True)
class Actor:
    """Who makes a change.

    ``label`` is the name shown in the log (a person's display name, or "cli", "portal");
    ``user_id`` and ``username`` identify the account when a logged-in person acted, so the log
    stays exact when two people share a display name or one is renamed.
    """

    label: str
    user_id: int | None = None
    username: str = ""

    @classmethod
    def system(cls, name: str) -> Actor:
        """A process rather than a person: the command line, the portal, a script."""
        return cls(label=name)

    @classmethod
    def coerce(cls, value: Actor | str | None) -> Actor:
        """An :class:`Actor` from an actor or a bare name (a name has no account)."""
        if isinstance(value, Actor):
            return value
        return cls(label=(value or "").strip())

    def checked(self) -> Actor:
        """This actor, or :class:`AuditActorError` when its name is empty or too long."""
        label = self.label.strip()
        if not label:
            raise AuditActorError("empty actor")
        if len(label) > ACTOR_MAX_LENGTH or len(self.username) > USERNAME_MAX_LENGTH:
            raise AuditActorError("actor name too long")
        return self if label == self.label else Actor(label, self.user_id, self.username)


def to_json(values: Mapping[str, Any] | None) -> str | None:
    """Values as the log stores them: JSON text, Chinese kept readable, keys sorted."""
    if values is None:
        return None
    return json.dumps(dict(values), ensure_ascii=False, sort_keys=True, default=str)


def record(
    session: Session,
    actor: Actor | str,
    action: str,
    entity: str | Any,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    *,
    entity_id: int | None = None,
    note: str = "",
    at: datetime | None = None,
) -> AuditEntry:
    """Add one audit entry to ``session`` (the caller's transaction commits it with the change).

    Parameters
    ----------
    session : Session
        The session that makes the change.
    actor : Actor or str
        Who acts; a bare string is a name without an account (see :meth:`Actor.coerce`).
    action : str
        "create", "update", "delete", "import", "login" ...
    entity : str or table object
        The table name ("work_item"), or the changed object itself, whose table name and id
        are taken (``entity_id`` then need not be given).
    before, after : mapping, optional
        The changed fields' values before and after.
    entity_id : int, optional
        The changed row's id, when ``entity`` is a name.
    note : str
        Free text for the log.
    at : datetime, optional
        When (UTC); now by default.

    Raises
    ------
    AuditActorError
        The actor's name is empty or too long: nothing is added.
    """
    who = Actor.coerce(actor).checked()
    if isinstance(entity, str):
        name = entity
    else:
        name = entity.__tablename__
        if entity_id is None:
            entity_id = entity.id
    entry = AuditEntry(
        at=at or utcnow(),
        actor=who.label,
        user_id=who.user_id,
        username=who.username,
        action=action,
        entity=name,
        entity_id=entity_id,
        before=to_json(before),
        after=to_json(after),
        note=note,
    )
    session.add(entry)
    return entry


# ---------------------------------------------------------------------------------------------
# Reading the log


@dataclass(frozen=True)
class AuditFilter:
    """Which entries to list; None means any.

    ``since`` and ``until`` bound the time (UTC, ``until`` excluded); ``entities`` keeps the
    entries about these tables; ``records`` keeps those about these rows (pairs of a table
    and its ids: a compound's site, buildings and work items), any of them.
    """

    actor: str | None = None
    entity: str | None = None
    limit: int = 500
    since: datetime | None = None
    until: datetime | None = None
    entities: tuple[str, ...] | None = None
    records: tuple[tuple[str, tuple[int, ...]], ...] | None = None


def list_audit_entries(session: Session, where: AuditFilter = AuditFilter()) -> list[AuditEntry]:
    """Entries matching ``where``, newest first, at most ``where.limit``."""
    query = select(AuditEntry)
    if where.actor:
        query = query.where(AuditEntry.actor == where.actor)
    if where.entity:
        query = query.where(AuditEntry.entity == where.entity)
    if where.since is not None:
        query = query.where(AuditEntry.at >= where.since)
    if where.until is not None:
        query = query.where(AuditEntry.at < where.until)
    if where.entities is not None:
        query = query.where(col(AuditEntry.entity).in_(where.entities))
    if where.records is not None:
        about = [
            and_(col(AuditEntry.entity) == entity, col(AuditEntry.entity_id).in_(ids))
            for entity, ids in where.records
            if ids
        ]
        query = query.where(or_(*about) if about else false())
    query = query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc()).limit(where.limit)
    return list(session.exec(query).all())


def get_entry(session: Session, entry_id: int) -> AuditEntry | None:
    """The entry with this id, or None."""
    return session.get(AuditEntry, entry_id)


def changed_since(session: Session, entry: AuditEntry) -> bool:
    """Whether a later entry is about the same row as ``entry`` (the row changed since)."""
    query = (
        select(AuditEntry.id)
        .where(
            AuditEntry.entity == entry.entity,
            AuditEntry.entity_id == entry.entity_id,
            col(AuditEntry.id) > entry.id,
        )
        .limit(1)
    )
    return session.exec(query).first() is not None


def actor_names(session: Session) -> list[str]:
    """The distinct names of who acted, sorted (the audit page's filter of people)."""
    return sorted(session.exec(select(AuditEntry.actor).distinct()).all())


def audit_choices(session: Session) -> tuple[list[str], list[str]]:
    """The distinct actors and entity types in the log, sorted, for filters."""
    actors = session.exec(select(AuditEntry.actor).distinct()).all()
    entities = session.exec(select(AuditEntry.entity).distinct()).all()
    return sorted(actors), sorted(entities)


def audit_rows(entries: list[AuditEntry]) -> list[dict[str, object]]:
    """Plain rows for a table: time (UTC, to the second), actor, account, action, entity, values."""

    def when(at: datetime) -> str:
        return at.strftime("%Y-%m-%d %H:%M:%S")

    return [
        {
            "at": when(e.at),
            "actor": e.actor,
            "username": e.username,
            "action": e.action,
            "entity": e.entity,
            "entity_id": e.entity_id,
            "before": e.before or "",
            "after": e.after or "",
            "note": e.note,
        }
        for e in entries
    ]


def audit_log_choices(engine: Engine) -> tuple[list[str], list[str]]:
    """The audit page's filters: the distinct actors and entity types, in their own session."""
    with reading(engine) as session:
        return audit_choices(session)


def audit_log(engine: Engine, where: AuditFilter = AuditFilter()) -> list[dict[str, object]]:
    """The audit page's table: entries matching ``where`` as plain rows, newest first."""
    with reading(engine) as session:
        return audit_rows(list_audit_entries(session, where))


def latest_entry_id(
    session: Session, entities: tuple[str, ...] = (), *, excluding: tuple[str, ...] = ()
) -> int:
    """The id of the newest entry (of these entity types; of any but ``excluding``), 0 when
    there is none.

    A cheap change counter: whoever caches data derived from audited tables compares it.
    """
    query = select(AuditEntry.id).order_by(col(AuditEntry.id).desc()).limit(1)
    if entities:
        query = query.where(col(AuditEntry.entity).in_(entities))
    if excluding:
        query = query.where(col(AuditEntry.entity).not_in(excluding))
    return session.exec(query).first() or 0


def newest_entry_query(entities: tuple[str, ...] = (), actions: tuple[str, ...] = ()) -> Any:
    """A query of the newest entry's id (of these entity types and actions), to run alone or
    to embed as a scalar subquery in a caller's version check."""
    query = select(func.max(AuditEntry.id))
    if entities:
        query = query.where(col(AuditEntry.entity).in_(entities))
    if actions:
        query = query.where(col(AuditEntry.action).in_(actions))
    return query


def entries_since(
    session: Session, entity: str, entity_ids: Iterable[int | None], since: datetime, *, limit: int
) -> list[AuditEntry]:
    """Entries about some rows of one entity type since ``since``, newest first, at most
    ``limit`` (for example the work items of a compound, for its public "recent changes")."""
    ids = [i for i in entity_ids if i is not None]
    if not ids:
        return []
    query = (
        select(AuditEntry)
        .where(
            AuditEntry.entity == entity,
            col(AuditEntry.entity_id).in_(ids),
            AuditEntry.at >= since,
        )
        .order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc())
        .limit(limit)
    )
    return list(session.exec(query).all())


def entries_of_entity_since(
    session: Session,
    entity: str,
    since: datetime,
    *,
    limit: int,
    action: str = "create",
    after_holds: Sequence[str] = (),
) -> list[AuditEntry]:
    """Entries of one action on one entity type since ``since``, newest first, at most
    ``limit``; with ``after_holds``, only those whose ``after`` text holds one of these
    strings (a pre-filter in SQL: the caller checks the parsed values). For example the
    acceptances of a compound's work items recorded lately, for its public milestones."""
    query = select(AuditEntry).where(
        AuditEntry.entity == entity, AuditEntry.action == action, AuditEntry.at >= since
    )
    if after_holds:
        query = query.where(
            or_(*(col(AuditEntry.after).contains(text, autoescape=True) for text in after_holds))
        )
    query = query.order_by(col(AuditEntry.at).desc(), col(AuditEntry.id).desc()).limit(limit)
    return list(session.exec(query).all())
