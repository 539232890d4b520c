"""How fresh the public pages are: the data version of a compound, held in the database.

Triggers on the public tables (migration 0015) count every change per compound
(``public_data_version``, site 0 for what every page shows), so any process (a staff page,
a command, an import, another app process) that changes a compound's data changes its
version, and every process drops what it cached of that compound's pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from db.models import PublicDataVersion, Site


@dataclass(frozen=True)
class DataVersion:
    """A count of changes and when the last one was (None: nothing changed since 0015)."""

    number: int
    changed_at: datetime | None

    @property
    def tag(self) -> str:
        """A short text naming this version (for cache keys and ETags)."""
        stamp = int(self.changed_at.timestamp()) if self.changed_at else 0
        return f"{self.number}.{stamp}"


def _version(number: object, changed_at: datetime | None) -> DataVersion:
    if changed_at is not None and changed_at.tzinfo is None:  # SQLite keeps no zone: UTC
        changed_at = changed_at.replace(tzinfo=UTC)
    return DataVersion(int(number or 0), changed_at)  # type: ignore[call-overload]  # a count


def site_version(session: Session, site_key: str) -> tuple[int, DataVersion] | None:
    """The id and data version of the compound with this key (None: no such compound)."""
    site_id = session.exec(select(Site.id).where(Site.key == site_key[:64])).first()
    if site_id is None:
        return None
    row = session.exec(
        select(func.sum(PublicDataVersion.version), func.max(PublicDataVersion.changed_at)).where(
            or_(col(PublicDataVersion.site_id) == site_id, col(PublicDataVersion.site_id) == 0)
        )
    ).one()
    return site_id, _version(row[0], row[1])


def all_version(session: Session) -> DataVersion:
    """The data version of everything public (the finder lists every compound)."""
    row = session.exec(
        select(func.sum(PublicDataVersion.version), func.max(PublicDataVersion.changed_at))
    ).one()
    return _version(row[0], row[1])
