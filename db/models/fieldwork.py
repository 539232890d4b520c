"""Tables of the work on site (现场): photos, field reports, acceptance (竣工验收) and defects.

Photos are stored in the database so that every app process reaches them (no process-local
folder): ``SitePhoto`` holds what is known about a photo (where, when, which work, whether
residents may see it), ``PhotoBlob`` its bytes, one row per copy: the original as uploaded
(with its EXIF, staff only), the public copy (re-encoded, location and device data removed)
and the thumbnail (made once, also without metadata). Listing photos never loads bytes.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import DateTime, LargeBinary, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.enums import PhotoStage

# The core module defines utcnow before it imports this one, so this import is complete.
from db.models import utcnow

__all__: list[str] = [
    "AcceptanceDefect",
    "AcceptanceResult",
    "DefectStatus",
    "FieldReport",
    "PhotoBlob",
    "PhotoCopy",
    "PhotoStage",
    "SitePhoto",
    "WorkAcceptance",
]


class PhotoCopy(StrEnum):
    """The stored copies of a photo."""

    ORIGINAL = "original"  # as uploaded, with EXIF: staff only
    PUBLIC = "public"  # re-encoded, at most photo_public_px, no metadata
    THUMB = "thumb"  # re-encoded, at most photo_thumb_px, no metadata


class AcceptanceResult(StrEnum):
    """The outcome of an acceptance inspection."""

    PASSED = "passed"  # 验收合格: the warranty period starts on this day
    FAILED = "failed"  # 不合格: to be inspected again


class DefectStatus(StrEnum):
    """Whether a defect found at acceptance (or during the warranty) is still open."""

    OPEN = "open"
    FIXED = "fixed"


class FieldReport(SQLModel, table=True):
    """One report from site on one work item: the completed quantity then, a note, photos."""

    __tablename__ = "field_report"

    id: int | None = Field(default=None, primary_key=True)
    work_item_id: int = Field(foreign_key="work_item.id", index=True, ondelete="CASCADE")
    reported_at: datetime = Field(
        default_factory=utcnow, index=True, sa_type=DateTime(timezone=True)
    )
    reported_by: str = Field(sa_type=String(100))
    completed_before: float
    completed_after: float
    note: str = Field(default="", sa_type=Text)


class WorkAcceptance(SQLModel, table=True):
    """An acceptance inspection (竣工验收) of one work item."""

    __tablename__ = "work_acceptance"

    id: int | None = Field(default=None, primary_key=True)
    work_item_id: int = Field(foreign_key="work_item.id", index=True, ondelete="CASCADE")
    accepted_on: date = Field(index=True)
    result: str = Field(sa_type=String(16))
    participants: str = Field(default="", sa_type=Text)  # one per line: unit and name
    note: str = Field(default="", sa_type=Text)
    recorded_by: str = Field(sa_type=String(100))
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class AcceptanceDefect(SQLModel, table=True):
    """A defect listed at an acceptance, open until it is fixed."""

    __tablename__ = "acceptance_defect"

    id: int | None = Field(default=None, primary_key=True)
    acceptance_id: int = Field(foreign_key="work_acceptance.id", index=True, ondelete="CASCADE")
    work_item_id: int = Field(foreign_key="work_item.id", index=True, ondelete="CASCADE")
    description: str = Field(sa_type=Text)
    status: str = Field(default=DefectStatus.OPEN, sa_type=String(16), index=True)
    fixed_on: date | None = None
    version: int = Field(default=1)


class SitePhoto(SQLModel, table=True):
    """A photo of a site, a building or a work item (its bytes are in ``PhotoBlob``).

    ``lon``/``lat`` are WGS84 from the photo's EXIF (None without a GPS fix); ``located_by``
    says how the building was found ("gps": nearest footprint, "work": the work item's
    building, "chosen": picked by hand, "": none). ``device`` (make and model) is staff-only.
    The same file (``sha256``) is stored once per site.
    """

    __tablename__ = "site_photo"
    __table_args__ = (UniqueConstraint("site_id", "sha256", name="uq_site_photo_site_sha256"),)

    id: int | None = Field(default=None, primary_key=True)
    site_id: int = Field(foreign_key="site.id", index=True, ondelete="CASCADE")
    building_id: int | None = Field(
        default=None, foreign_key="building.id", index=True, ondelete="SET NULL"
    )
    work_item_id: int | None = Field(
        default=None, foreign_key="work_item.id", index=True, ondelete="SET NULL"
    )
    field_report_id: int | None = Field(
        default=None, foreign_key="field_report.id", index=True, ondelete="SET NULL"
    )
    acceptance_id: int | None = Field(
        default=None, foreign_key="work_acceptance.id", index=True, ondelete="SET NULL"
    )
    stage: str = Field(sa_type=String(16), index=True)
    public: bool = Field(default=False, index=True)
    caption: str = Field(default="", sa_type=String(200))
    file_name: str = Field(default="", sa_type=String(255))
    content_type: str = Field(sa_type=String(32))
    byte_size: int
    width: int
    height: int
    sha256: str = Field(sa_type=String(64))
    taken_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    lon: float | None = None
    lat: float | None = None
    located_by: str = Field(default="", sa_type=String(16))
    device: str = Field(default="", sa_type=String(200))
    uploaded_at: datetime = Field(
        default_factory=utcnow, index=True, sa_type=DateTime(timezone=True)
    )
    uploaded_by: str = Field(sa_type=String(100))


class PhotoBlob(SQLModel, table=True):
    """The bytes of one copy of a photo (bytea on PostgreSQL, BLOB on SQLite)."""

    __tablename__ = "photo_blob"

    photo_id: int = Field(foreign_key="site_photo.id", primary_key=True, ondelete="CASCADE")
    variant: str = Field(sa_type=String(16), primary_key=True)
    content_type: str = Field(sa_type=String(32))
    byte_size: int
    data: bytes = Field(sa_type=LargeBinary)
