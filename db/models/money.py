"""Tables of the programme's money: funding, 概算 per compound, 标段 and contracts, 计量 and
payments, changes, settlement and audit adjustments.

Every amount is an exact ``NUMERIC`` (``db.numeric``): yuan to the fen, quantities to three
places, shares as fractions. Rows that a second person approves (payments, changes) carry a
``version``: an approval is one ``UPDATE … WHERE version = :loaded``, so a stale or a second
approval at the same moment finds no row. A contract's ``version`` grows with every payment
approved on it, which serialises approvals of one contract (the cap on what is paid).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from sqlalchemy import DateTime, String, Text, UniqueConstraint
from sqlmodel import Field, SQLModel

from db.models import utcnow
from db.numeric import money_column, quantity_column, ratio_column

__all__: list[str] = [
    "AuditAdjustment",
    "ChangeKind",
    "CompoundBudget",
    "Contract",
    "ContractChange",
    "ContractLine",
    "ContractPayment",
    "ControlPriceApproval",
    "FundingEntry",
    "FundingKind",
    "Measurement",
    "MeasurementLine",
    "PaymentKind",
    "ApprovalStatus",
    "TenderSection",
    "TenderSectionUnit",
]


class FundingKind(StrEnum):
    """What a funding entry records."""

    ALLOCATION = "allocation"  # 下达: the funds assigned by a document
    RECEIPT = "receipt"  # 到位: the funds arrived in the project's account
    DISBURSEMENT = "disbursement"  # 拨付: the funds paid out for works


class PaymentKind(StrEnum):
    """What a contract payment pays."""

    ADVANCE = "advance"  # 预付款
    PROGRESS = "progress"  # 进度款 (from a 计量)
    FINAL = "final"  # 结算款 (after the 审定价, less the 质保金)
    RETENTION = "retention"  # 质保金 released at the end of the 缺陷责任期


class ChangeKind(StrEnum):
    """A change to a contract's price."""

    VARIATION = "variation"  # 设计变更
    SITE_INSTRUCTION = "site_instruction"  # 现场签证
    MATERIAL_ADJUSTMENT = "material_adjustment"  # 材料调差 (only where the contract allows it)


class ApprovalStatus(StrEnum):
    """A payment or change before and after the second person's approval."""

    PENDING = "pending"
    APPROVED = "approved"


class FundingEntry(SQLModel, table=True):
    """One allocation (下达), receipt (到位) or disbursement (拨付) of one funding source.

    ``site_id`` is the compound (None: the programme as a whole); ``scope_key`` the kind of
    work where the funds are split by work (None: the compound's works as a whole);
    ``contract_id`` the contract a disbursement pays.
    """

    __tablename__ = "funding_entry"

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    site_id: int | None = Field(default=None, foreign_key="site.id", index=True, ondelete="CASCADE")
    scope_key: str | None = Field(default=None, sa_type=String(64))
    contract_id: int | None = Field(
        default=None, foreign_key="contract.id", index=True, ondelete="SET NULL"
    )
    source: str = Field(sa_type=String(32), index=True)
    kind: str = Field(sa_type=String(16), index=True)
    entry_on: date = Field(index=True)
    document_no: str = Field(sa_type=String(100))
    amount: Decimal = Field(sa_type=money_column())
    note: str = Field(default="", sa_type=Text)
    recorded_by: str = Field(sa_type=String(100))
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class CompoundBudget(SQLModel, table=True):
    """The approved 概算 of one compound in a programme (the programme's own is
    ``programme.budget_yuan``)."""

    __tablename__ = "compound_budget"
    __table_args__ = (
        UniqueConstraint("programme_id", "site_id", name="uq_compound_budget_programme_site"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    site_id: int = Field(foreign_key="site.id", index=True, ondelete="CASCADE")
    amount: Decimal = Field(sa_type=money_column())
    document_no: str = Field(sa_type=String(100))
    approved_on: date
    recorded_by: str = Field(sa_type=String(100))
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class ControlPriceApproval(SQLModel, table=True):
    """The approval of a 招标控制价 above its 概算 (GB 50500-2013: it goes back to the body that
    approved the 概算). It clears the flag only while both figures are still the ones
    approved."""

    __tablename__ = "control_price_approval"

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    site_id: int | None = Field(default=None, foreign_key="site.id", index=True, ondelete="CASCADE")
    control_price: Decimal = Field(sa_type=money_column())
    budget: Decimal = Field(sa_type=money_column())
    document_no: str = Field(sa_type=String(100))
    approved_on: date
    approved_by: str = Field(sa_type=String(100))
    approved_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class TenderSection(SQLModel, table=True):
    """A 标段: compounds or 单位工程 of a programme's bill let as one contract."""

    __tablename__ = "tender_section"
    __table_args__ = (
        UniqueConstraint("programme_id", "code", name="uq_tender_section_programme_code"),
    )

    id: int | None = Field(default=None, primary_key=True)
    programme_id: int = Field(foreign_key="programme.id", index=True, ondelete="CASCADE")
    code: str = Field(sa_type=String(32))
    name: str = Field(sa_type=String(200))


class TenderSectionUnit(SQLModel, table=True):
    """A 单位工程 (a compound's profession; "" for all of the compound's) in a 标段."""

    __tablename__ = "tender_section_unit"

    section_id: int = Field(foreign_key="tender_section.id", primary_key=True, ondelete="CASCADE")
    site_id: int = Field(foreign_key="site.id", primary_key=True, ondelete="CASCADE")
    profession: str = Field(default="", sa_type=String(8), primary_key=True)


class Contract(SQLModel, table=True):
    """The contract of a 标段, its terms, settlement (结算), review (审定) and retention."""

    __tablename__ = "contract"

    id: int | None = Field(default=None, primary_key=True)
    section_id: int = Field(
        foreign_key="tender_section.id", unique=True, index=True, ondelete="CASCADE"
    )
    contractor: str = Field(sa_type=String(200))
    signed_on: date
    start_on: date | None = None
    end_on: date | None = None
    control_price: Decimal = Field(sa_type=money_column())  # the 标段's 控制价 when signed
    discount_rate: Decimal | None = Field(default=None, sa_type=ratio_column())  # 下浮率
    bid_price: Decimal | None = Field(default=None, sa_type=money_column())  # 中标价
    contract_price: Decimal = Field(sa_type=money_column())  # 合同价
    advance_rate: Decimal = Field(sa_type=ratio_column())  # 预付款 share of the 合同价
    progress_rate: Decimal = Field(sa_type=ratio_column())  # 进度款 share of measured value
    retention_rate: Decimal = Field(sa_type=ratio_column())  # 质保金 share of the final price
    defects_months: int  # 缺陷责任期
    material_adjustment: bool = Field(default=False)  # 材料调差 allowed
    accepted_on: date | None = None  # 竣工验收: the 缺陷责任期 starts here
    settled_price: Decimal | None = Field(default=None, sa_type=money_column())  # 结算价
    settled_on: date | None = None
    audited_price: Decimal | None = Field(default=None, sa_type=money_column())  # 审定价
    audited_on: date | None = None
    audit_note: str = Field(default="", sa_type=Text)
    retention: Decimal | None = Field(default=None, sa_type=money_column())  # 质保金 held
    retention_due_on: date | None = None
    recorded_by: str = Field(sa_type=String(100))
    version: int = Field(default=1)


class ContractLine(SQLModel, table=True):
    """A line of a contract's priced bill: a bill line of one compound at the contract's price.

    ``control_amount`` is the line's share of its 单位工程's 控制价 (fees and tax included);
    ``amount`` the same at the contract's price. Measured value = amount × measured ÷
    ``quantity``.
    """

    __tablename__ = "contract_line"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    site_id: int = Field(foreign_key="site.id", index=True)
    profession: str = Field(sa_type=String(8))
    scope_key: str = Field(sa_type=String(64))
    code: str = Field(sa_type=String(32))
    name: str = Field(sa_type=String(200))
    unit: str = Field(sa_type=String(16))
    quantity: Decimal = Field(sa_type=quantity_column())
    control_amount: Decimal = Field(sa_type=money_column())
    amount: Decimal = Field(sa_type=money_column())


class Measurement(SQLModel, table=True):
    """A monthly 计量 of a contract: the cumulative measured value at the contract's prices."""

    __tablename__ = "measurement"
    __table_args__ = (
        UniqueConstraint("contract_id", "period", name="uq_measurement_contract_period"),
    )

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    period: str = Field(sa_type=String(7))  # YYYY-MM
    measured_on: date
    cumulative_value: Decimal = Field(sa_type=money_column())
    period_value: Decimal = Field(sa_type=money_column())
    recorded_by: str = Field(sa_type=String(100))
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class MeasurementLine(SQLModel, table=True):
    """The cumulative measured quantity and value of one contract line in a 计量."""

    __tablename__ = "measurement_line"

    measurement_id: int = Field(foreign_key="measurement.id", primary_key=True, ondelete="CASCADE")
    line_id: int = Field(foreign_key="contract_line.id", primary_key=True, ondelete="CASCADE")
    quantity: Decimal = Field(sa_type=quantity_column())
    value: Decimal = Field(sa_type=money_column())


class ContractPayment(SQLModel, table=True):
    """A payment to the contractor, pending until a second person approves it."""

    __tablename__ = "contract_payment"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=String(16))
    measurement_id: int | None = Field(
        default=None, foreign_key="measurement.id", index=True, ondelete="CASCADE"
    )
    gross: Decimal = Field(sa_type=money_column())
    recovery: Decimal = Field(sa_type=money_column())  # 预付款 recovered from this payment
    amount: Decimal = Field(sa_type=money_column())  # paid: gross − recovery
    status: str = Field(default=ApprovalStatus.PENDING, sa_type=String(16), index=True)
    requested_by: str = Field(sa_type=String(100))
    requested_user_id: int | None = None
    requested_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    approved_by: str = Field(default="", sa_type=String(100))
    approved_user_id: int | None = None
    approved_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    version: int = Field(default=1)


class ContractChange(SQLModel, table=True):
    """A 变更, 签证 or 材料调差 of a contract: reason, amount (may be negative), the contract
    lines it changes (codes, one per line of text), pending until a second person approves."""

    __tablename__ = "contract_change"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    site_id: int = Field(foreign_key="site.id", index=True)
    kind: str = Field(sa_type=String(24))
    reason: str = Field(sa_type=Text)
    amount: Decimal = Field(sa_type=money_column())
    line_codes: str = Field(sa_type=Text)
    status: str = Field(default=ApprovalStatus.PENDING, sa_type=String(16), index=True)
    requested_by: str = Field(sa_type=String(100))
    requested_user_id: int | None = None
    requested_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    approved_by: str = Field(default="", sa_type=String(100))
    approved_user_id: int | None = None
    approved_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    version: int = Field(default=1)


class AuditAdjustment(SQLModel, table=True):
    """One adjustment of the 审定价 against the 结算价 (财政评审/审计), on one compound."""

    __tablename__ = "audit_adjustment"

    id: int | None = Field(default=None, primary_key=True)
    contract_id: int = Field(foreign_key="contract.id", index=True, ondelete="CASCADE")
    site_id: int = Field(foreign_key="site.id", index=True)
    amount: Decimal = Field(sa_type=money_column())
    reason: str = Field(sa_type=Text)
