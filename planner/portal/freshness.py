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

from db.models import ProgrammeSite, PublicDataVersion, Site


@dataclass(frozen=True)
class DataVersion:
    """A count of changes and when the last one was (None: nothing changed since 0015)."""

    number: int
    changed_at: datetime | None
    extra: str = ""  # what else the page depends on, where no trigger counts it

    @property
    def tag(self) -> str:
        """A short text naming this version (for cache keys and ETags)."""
        stamp = int(self.changed_at.timestamp()) if self.changed_at else 0
        return f"{self.number}.{stamp}{'.' + self.extra if self.extra else ''}"


def _version(number: object, changed_at: datetime | None) -> DataVersion:
    if changed_at is not None and changed_at.tzinfo is None:  # SQLite keeps no zone: UTC
        changed_at = changed_at.replace(tzinfo=UTC)
    return DataVersion(int(number or 0), changed_at)  # type: ignore[call-overload]  # a count


def site_version(session: Session, site_key: str) -> tuple[int, DataVersion] | None:
    """The id and data version of the compound with this key (None: no such compound)."""
    # One statement (a visit's only query when its page is cached): the site and its version.
    mine = or_(col(PublicDataVersion.site_id) == col(Site.id), col(PublicDataVersion.site_id) == 0)
    row = session.exec(
        select(
            Site.id,
            select(func.sum(PublicDataVersion.version)).where(mine).scalar_subquery(),
            select(func.max(PublicDataVersion.changed_at)).where(mine).scalar_subquery(),
        ).where(Site.key == site_key[:64])
    ).first()
    if row is None or row[0] is None:
        return None
    return int(row[0]), _version(row[1], row[2])


def finder_version(session: Session) -> DataVersion:
    """The data version of the finder's list: what every page shows (site 0: the compounds'
    names, streets and communities, the programmes) and which compound is in which programme
    (its order, newest programme first).

    Narrower than the sum of every compound's version on purpose: a resident's feedback or a
    staff edit of one compound's works changes that compound's version, not the list, so the
    finder's pages stay cached while residents write (at two messages a second every finder
    page was rendered anew). Membership rows carry no version of their own and bump only
    their compound's, so they are fingerprinted here (count and sums: a small index scan)."""
    everywhere = col(PublicDataVersion.site_id) == 0
    row = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types select() for up to 4 columns
            select(PublicDataVersion.version).where(everywhere).scalar_subquery(),
            select(PublicDataVersion.changed_at).where(everywhere).scalar_subquery(),
            func.count(),
            func.coalesce(func.sum(ProgrammeSite.programme_id), 0),
            func.coalesce(func.sum(ProgrammeSite.site_id), 0),
            func.coalesce(func.sum(ProgrammeSite.programme_id * ProgrammeSite.site_id), 0),
        ).select_from(ProgrammeSite)
    ).one()
    version = _version(row[0], row[1])
    return DataVersion(version.number, version.changed_at, "-".join(str(v) for v in row[2:]))
