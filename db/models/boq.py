"""Tables of the bills of quantities: one rate set per programme and its unit rates; the
programme's 定额 library, its 信息价 table and the mapping of 清单 items to 定额 子目."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import DateTime, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

# The core module defines utcnow before it imports this one, so this import is complete.
from db.models import utcnow
from db.numeric import Exact, money_column

__all__: list[str] = ["RateSet", "BoqRate", "QuotaResource", "InfoPrice", "QuotaMapping"]


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


class QuotaResource(SQLModel, table=True):
    """One resource of one 定额 子目 of a programme's 定额 library: its 人工 (工日), 材料,
    未计价主材 or 机械 (台班) consumption per 定额 unit, with the library's source and edition.

    A 子目 is the rows sharing ``quota_code`` (name and unit repeated on each); an import
    replaces the programme's whole library (``planner.boq.quota``)."""

    __tablename__ = "quota_resource"
    __table_args__ = (
        UniqueConstraint(
            "programme_id", "quota_code", "kind", "resource", name="uq_quota_resource"
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    quota_code: str = Field(sa_type=String(40), index=True)
    quota_name: str = Field(sa_type=String(200))
    quota_unit: str = Field(sa_type=String(20))
    kind: str = Field(sa_type=String(8))  # 人工, 材料, 主材 (未计价), 机械
    resource: str = Field(sa_type=String(200))
    resource_unit: str = Field(sa_type=String(20))
    consumption: Decimal = Field(sa_type=Exact(15, 6))
    source: str = Field(default="", sa_type=String(500))
    edition: str = Field(default="", sa_type=String(100))
    status: str = Field(default="未核实", sa_type=String(16))


class InfoPrice(SQLModel, table=True):
    """One 信息价 (or labour / machine price) of a programme: period, region, resource, unit,
    price as published, whether it includes VAT and at what rate, with its source."""

    __tablename__ = "info_price"
    __table_args__ = (UniqueConstraint("programme_id", "period", "resource", name="uq_info_price"),)

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    period: str = Field(sa_type=String(20))  # 2023-06, 2023Q2 …: sorted as text
    region: str = Field(default="", sa_type=String(100))
    resource: str = Field(sa_type=String(200))
    unit: str = Field(sa_type=String(20))
    price: Decimal = Field(sa_type=money_column())
    tax_status: str = Field(sa_type=String(8))  # 除税 or 含税
    tax_rate: Decimal | None = Field(default=None, sa_type=Exact(5, 2))  # per cent
    source: str = Field(default="", sa_type=String(500))
    status: str = Field(default="未核实", sa_type=String(16))


class QuotaMapping(SQLModel, table=True):
    """One 定额 子目 of a 清单 item (a scope type or a generated line of the bill): the 子目
    and its 含量 (定额 units per unit of the 清单 item), in the order printed on 表-09."""

    __tablename__ = "quota_mapping"
    __table_args__ = (
        UniqueConstraint("programme_id", "scope_key", "quota_code", name="uq_quota_mapping"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    scope_key: str = Field(sa_type=String(50))
    quota_code: str = Field(sa_type=String(40))
    content: Decimal = Field(sa_type=Exact(15, 6))
    position: int = 0
    note: str = Field(default="", sa_type=String(500))
