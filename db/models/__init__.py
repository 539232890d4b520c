"""All tables of the planner (SQLModel). Nothing outside ``db.models`` defines tables.

The core tables (programmes, sites, buildings, scope types, work items, audit) live here; the
tables of one further domain idea each live in a submodule, imported at the end of this file so
that ``import db.models`` registers every table on ``SQLModel.metadata``:
``db.models.boq`` (rate library), ``db.models.surveys`` (surveys, suggestions, consent votes),
``db.models.gis`` (geodata imports), ``db.models.accounts`` (staff accounts),
``db.models.money`` (funding, contracts, payments).

Geometry is stored portably as GeoJSON text in lon/lat (WGS84, which agrees with CGCS2000 to
about a metre), with its bounding box in four indexed columns for spatial filtering; areas and
lengths are computed in EPSG:4542 when the geometry is written and stored beside it.
Enumerations are stored as short strings (portable across SQLite and PostgreSQL and free of
database ENUM types that would need their own migrations).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import Column, DateTime, Index, String, Text, UniqueConstraint
from sqlalchemy import false as sa_false
from sqlmodel import Field, SQLModel

from db.enums import ProgrammeKind as ProgrammeKind  # defined apart: the CLI reads it light
from db.numeric import money_column


def utcnow() -> datetime:
    """Return the current time in UTC (timezone-aware)."""
    return datetime.now(UTC)


class SiteKind(StrEnum):
    """A compound (小区, a polygon) or linear works (a road corridor, a line)."""

    COMPOUND = "compound"
    LINEAR = "linear"


class WorkStatus(StrEnum):
    """Status of a site or a work item."""

    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    SUSPENDED = "suspended"


class Programme(SQLModel, table=True):
    """A yearly renovation programme (年度改造计划)."""

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=String(64), unique=True, index=True)
    year: int = Field(index=True)
    kind: str = Field(sa_type=String(32), index=True)
    name_zh: str = Field(sa_type=String(200))
    name_en: str = Field(default="", sa_type=String(200))
    # The approved 概算 of the programme (yuan, exact; each compound's: compound_budget). On
    # SQLite the column stays declared FLOAT (see db.numeric.Exact), exact all the same.
    budget_yuan: Decimal | None = Field(default=None, sa_type=money_column(sqlite_float=True))
    illustrative: bool = Field(default=False)


class ProgrammeSite(SQLModel, table=True):
    """Membership of a site in a programme (a compound can appear in several years)."""

    __tablename__ = "programme_site"

    # The primary key serves "the sites of a programme"; this index "the programmes of a site"
    # (a compound's public page, deleting a site; migration 0010).
    __table_args__ = (Index("ix_programme_site_site_id", "site_id"),)

    programme_id: int = Field(foreign_key="programme.id", primary_key=True, ondelete="CASCADE")
    site_id: int = Field(foreign_key="site.id", primary_key=True, ondelete="CASCADE")


class Site(SQLModel, table=True):
    """A compound or a linear works site, with its geometry in lon/lat."""

    __table_args__ = (Index("ix_site_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),)

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=String(64), unique=True, index=True)
    kind: str = Field(sa_type=String(16), index=True)
    name_zh: str = Field(sa_type=String(200), index=True)
    name_en: str = Field(default="", sa_type=String(200))
    sub_district: str = Field(default="", sa_type=String(100))
    community: str = Field(default="", sa_type=String(100))
    year_built: int | None = None
    households: int | None = None
    status: str = Field(default=WorkStatus.PLANNED, sa_type=String(16), index=True)
    geometry: str = Field(sa_column=Column(Text, nullable=False))
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    area_m2: float | None = None
    length_m: float | None = None
    illustrative: bool = Field(default=False)


class Building(SQLModel, table=True):
    """A residential building (楼栋) of a compound, with its footprint in lon/lat."""

    __table_args__ = (
        UniqueConstraint("site_id", "number", name="uq_building_site_number"),
        Index("ix_building_bbox", "min_lon", "max_lon", "min_lat", "max_lat"),
    )

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id", index=True, ondelete="CASCADE")
    number: str = Field(sa_type=String(32))
    floors: int
    units: int = Field(description="单元 count")
    households: int
    year_built: int | None = None
    footprint: str = Field(sa_column=Column(Text, nullable=False))
    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    footprint_area_m2: float
    perimeter_m: float
    illustrative: bool = Field(default=False)


class ScopeType(SQLModel, table=True):
    """A catalogue entry: a kind of work with its unit and category."""

    __tablename__ = "scope_type"

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_type=String(64), unique=True, index=True)
    name_zh: str = Field(sa_type=String(200))
    name_en: str = Field(sa_type=String(200))
    unit: str = Field(sa_type=String(16))
    category: str = Field(sa_type=String(16))
    applies_to: str = Field(sa_type=String(16))


class WorkItem(SQLModel, table=True):
    """One scope type on one site or one building, within a programme.

    ``version`` grows by one on every saved change, so an editor can refuse to overwrite a
    change made by someone else since it loaded the item (optimistic concurrency).
    """

    __tablename__ = "work_item"

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    scope_type_id: int = Field(foreign_key="scope_type.id", index=True)
    site_id: int = Field(foreign_key="site.id", index=True, ondelete="CASCADE")
    building_id: int | None = Field(
        default=None, foreign_key="building.id", index=True, ondelete="CASCADE"
    )
    planned_quantity: float = 0.0
    completed_quantity: float = 0.0
    unit_rate: float | None = Field(default=None, description="CNY per unit")
    planned_start: date | None = None
    planned_end: date | None = None
    actual_start: date | None = None
    actual_end: date | None = None
    status: str = Field(default=WorkStatus.PLANNED, sa_type=String(16), index=True)
    contractor: str = Field(default="", sa_type=String(200))
    note: str = Field(default="", sa_type=Text)
    # The 单元 (stairwell) the item is for, when its scope type is decided per 单元 (an
    # elevator retrofit): only that 单元's vote can clear it. None: the whole building or site.
    unit_number: str | None = Field(default=None, sa_type=String(16))
    # Parking (or another work) built on green space: it changes the use of a common part
    # (民法典 art. 278 item 8), so the owners' three-quarter vote gates it (planner.surveys).
    takes_green_space: bool = Field(default=False, sa_column_kwargs={"server_default": sa_false()})
    # A pipe's nominal diameter (公称直径 DN, mm; planner.catalogue.PIPE_SIZES lists the
    # sizes of each pipe scope type): the bill describes and splits its lines by it.
    pipe_dn: int | None = Field(default=None)
    version: int = Field(default=1)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    # Withdrawn (a soft delete, audited, restorable): out of every total, map, bill and
    # public page until restored. None: the item counts.
    withdrawn_at: datetime | None = Field(default=None, index=True, sa_type=DateTime(timezone=True))


class FormSubmission(SQLModel, table=True):
    """A form's one-time token, claimed in the transaction of the save it sent: the same form
    sent twice (a double click, a resend after a timeout) finds it taken and stores nothing."""

    __tablename__ = "form_submission"

    token: str = Field(sa_type=String(64), primary_key=True)
    kind: str = Field(sa_type=String(32))
    claimed_at: datetime = Field(
        default_factory=utcnow, index=True, sa_type=DateTime(timezone=True)
    )


class AuditEntry(SQLModel, table=True):
    """Who changed what and when, with the values before and after (JSON text)."""

    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, index=True, sa_type=DateTime(timezone=True))
    actor: str = Field(sa_type=String(100))  # the name shown: display name, or "cli", "portal"
    # The account behind the change (none for the command line, the portal, imports by script);
    # kept as plain values, not a foreign key, so the log outlives a renamed or removed account.
    user_id: int | None = Field(default=None, index=True)
    username: str = Field(default="", sa_type=String(64))
    action: str = Field(sa_type=String(32))
    entity: str = Field(sa_type=String(64), index=True)
    entity_id: int | None = Field(default=None, index=True)
    before: str | None = Field(default=None, sa_type=Text)
    after: str | None = Field(default=None, sa_type=Text)
    note: str = Field(default="", sa_type=Text)


# The tables of further domain ideas, one submodule each (see the module docstring).
from db.models.accounts import *  # noqa: E402, F403
from db.models.boq import *  # noqa: E402, F403
from db.models.fieldwork import *  # noqa: E402, F403
from db.models.gis import *  # noqa: E402, F403
from db.models.money import *  # noqa: E402, F403
from db.models.portal import *  # noqa: E402, F403
from db.models.surveys import *  # noqa: E402, F403
