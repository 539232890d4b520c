"""Tables of the bills of quantities: one rate set per programme and its unit rates."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# The core module defines utcnow before it imports this one, so this import is complete.
from db.models import utcnow

__all__: list[str] = ["RateSet", "BoqRate"]


class RateSet(SQLModel, table=True):
    """The rate library of one programme (综合单价库): exactly one per programme."""

    __tablename__ = "rate_set"

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(
        foreign_key="programme.id", unique=True, index=True, ondelete="CASCADE"
    )
    name: str = Field(default="", sa_type=String(200))
    note: str = Field(default="", sa_type=Text)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class BoqRate(SQLModel, table=True):
    """The 综合单价 of one scope type in a rate set, with its 项目特征 and where it comes from.

    ``indicative`` marks an order-of-magnitude rate (not a local 定额/信息价 price);
    ``source`` says where the figure comes from. ``description`` is the 项目特征描述 the rate
    prices (empty: the catalogue default). ``provisional_rate`` is the part of the rate that is
    a 暂估价 (per unit), or None.
    """

    __tablename__ = "boq_rate"
    __table_args__ = (
        UniqueConstraint("rate_set_id", "scope_type_id", name="uq_boq_rate_set_scope"),
    )

    id: int | None = Field(default=None, primary_key=True)
    rate_set_id: int = Field(foreign_key="rate_set.id", index=True, ondelete="CASCADE")
    scope_type_id: int = Field(foreign_key="scope_type.id", index=True)
    unit_rate: float | None = None
    provisional_rate: float | None = None
    description: str = Field(default="", sa_type=Text)
    indicative: bool = Field(default=True)
    source: str = Field(default="", sa_type=String(500))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
