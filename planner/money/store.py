"""The money tables' one door: every row of ``db.models.money`` is read and written here.

Functions take the caller's session and never commit: the actions (``actions.py``) and the
sample (``sample.py``) open the transaction, check, then write through these.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from db.models import (
    ApprovalStatus,
    AuditAdjustment,
    CompoundBudget,
    Contract,
    ContractChange,
    ContractLine,
    ContractPayment,
    ControlPriceApproval,
    FundingEntry,
    Measurement,
    MeasurementLine,
    PaymentKind,
    TenderSection,
    TenderSectionUnit,
    utcnow,
)
from planner import audit
from planner.amounts import ZERO
from planner.audit import Actor
from planner.money.control import LineGroup, Unit
from planner.money.pricing import LineDraft

#: What the audit log calls the rows.
ENTITY_PAYMENT = "contract_payment"
ENTITY_CHANGE = "contract_change"


def _sum(values: Iterable[Decimal]) -> Decimal:
    return sum(values, ZERO)


# --- Reading -------------------------------------------------------------------------------------


def get_contract(session: Session, contract_id: int) -> Contract | None:
    """The contract with this id, or None."""
    return session.get(Contract, contract_id)


def get_section(session: Session, section_id: int) -> TenderSection | None:
    """The 标段 with this id, or None."""
    return session.get(TenderSection, section_id)


def sections(session: Session, programme_id: int) -> list[TenderSection]:
    """The programme's 标段 by code."""
    return list(
        session.exec(
            select(TenderSection)
            .where(TenderSection.programme_id == programme_id)
            .order_by(TenderSection.code)
        ).all()
    )


def section_units(session: Session, section_ids: Sequence[int]) -> dict[int, list[Unit]]:
    """The 单位工程 of each 标段."""
    rows = session.exec(
        select(TenderSectionUnit).where(col(TenderSectionUnit.section_id).in_(list(section_ids)))
    ).all()
    result: dict[int, list[Unit]] = defaultdict(list)
    for row in rows:
        result[row.section_id].append((row.site_id, row.profession))
    return dict(result)


def programme_units(session: Session, programme_id: int) -> list[Unit]:
    """Every 单位工程 already in a 标段 of the programme."""
    ids = [s.id for s in sections(session, programme_id) if s.id is not None]
    return [unit for units in section_units(session, ids).values() for unit in units]


def contracts(session: Session, programme_id: int) -> list[tuple[TenderSection, Contract]]:
    """The programme's contracts with their 标段, by 标段 code."""
    rows = session.exec(
        select(TenderSection, Contract)
        .join(Contract, col(Contract.section_id) == TenderSection.id)
        .where(TenderSection.programme_id == programme_id)
        .order_by(TenderSection.code)
    ).all()
    return [(section, contract) for section, contract in rows]


def contract_lines(session: Session, contract_ids: Sequence[int]) -> list[ContractLine]:
    """The priced lines of the contracts, in id order."""
    return list(
        session.exec(
            select(ContractLine)
            .where(col(ContractLine.contract_id).in_(list(contract_ids)))
            .order_by(col(ContractLine.id))
        ).all()
    )


def measurements(session: Session, contract_id: int) -> list[Measurement]:
    """A contract's 计量, oldest first."""
    return list(
        session.exec(
            select(Measurement)
            .where(Measurement.contract_id == contract_id)
            .order_by(Measurement.period)
        ).all()
    )


def latest_measurements(
    session: Session, contract_ids: Sequence[int], *, until: str | None = None
) -> dict[int, Measurement]:
    """The newest 计量 of each contract (of a period up to ``until``, YYYY-MM)."""
    query = select(Measurement).where(col(Measurement.contract_id).in_(list(contract_ids)))
    if until is not None:
        query = query.where(Measurement.period <= until)
    latest: dict[int, Measurement] = {}
    for row in session.exec(query.order_by(Measurement.period)).all():
        latest[row.contract_id] = row
    return latest


def measured_lines(session: Session, measurement_ids: Sequence[int]) -> list[MeasurementLine]:
    """The lines of the given 计量."""
    return list(
        session.exec(
            select(MeasurementLine).where(
                col(MeasurementLine.measurement_id).in_(list(measurement_ids))
            )
        ).all()
    )


def payments(
    session: Session, contract_ids: Sequence[int], *, status: str | None = None
) -> list[ContractPayment]:
    """The contracts' payments (of one status), oldest first."""
    query = select(ContractPayment).where(col(ContractPayment.contract_id).in_(list(contract_ids)))
    if status is not None:
        query = query.where(ContractPayment.status == status)
    return list(session.exec(query.order_by(col(ContractPayment.id))).all())


def get_payment(session: Session, payment_id: int) -> ContractPayment | None:
    """The payment with this id, or None."""
    return session.get(ContractPayment, payment_id)


def changes(
    session: Session, contract_ids: Sequence[int], *, status: str | None = None
) -> list[ContractChange]:
    """The contracts' changes (of one status), oldest first."""
    query = select(ContractChange).where(col(ContractChange.contract_id).in_(list(contract_ids)))
    if status is not None:
        query = query.where(ContractChange.status == status)
    return list(session.exec(query.order_by(col(ContractChange.id))).all())


def get_change(session: Session, change_id: int) -> ContractChange | None:
    """The change with this id, or None."""
    return session.get(ContractChange, change_id)


def adjustments(session: Session, contract_ids: Sequence[int]) -> list[AuditAdjustment]:
    """The 审定 adjustments of the contracts."""
    return list(
        session.exec(
            select(AuditAdjustment).where(col(AuditAdjustment.contract_id).in_(list(contract_ids)))
        ).all()
    )


def compound_budgets(session: Session, programme_id: int) -> dict[int, CompoundBudget]:
    """The 概算 of each compound of the programme that has one."""
    rows = session.exec(
        select(CompoundBudget).where(CompoundBudget.programme_id == programme_id)
    ).all()
    return {row.site_id: row for row in rows}


def control_approvals(session: Session, programme_id: int) -> list[ControlPriceApproval]:
    """The approvals of 控制价 above 概算 in the programme, oldest first."""
    return list(
        session.exec(
            select(ControlPriceApproval)
            .where(ControlPriceApproval.programme_id == programme_id)
            .order_by(col(ControlPriceApproval.id))
        ).all()
    )


def funding(
    session: Session,
    programme_ids: Sequence[int],
    *,
    site_id: int | None = None,
    until: date | None = None,
) -> list[FundingEntry]:
    """Funding entries of the programmes (of one compound, dated up to ``until``)."""
    query = select(FundingEntry).where(col(FundingEntry.programme_id).in_(list(programme_ids)))
    if site_id is not None:
        query = query.where(FundingEntry.site_id == site_id)
    if until is not None:
        query = query.where(FundingEntry.entry_on <= until)
    return list(
        session.exec(query.order_by(col(FundingEntry.entry_on), col(FundingEntry.id))).all()
    )


def funding_with_document(
    session: Session, programme_id: int, document_no: str
) -> list[FundingEntry]:
    """The programme's funding entries of one document (文号)."""
    query = select(FundingEntry).where(
        FundingEntry.programme_id == programme_id, FundingEntry.document_no == document_no
    )
    return list(session.exec(query).all())


def funding_of_site(session: Session, site_id: int) -> list[FundingEntry]:
    """Every funding entry of a compound, in any programme."""
    query = select(FundingEntry).where(FundingEntry.site_id == site_id)
    return list(session.exec(query.order_by(col(FundingEntry.entry_on))).all())


def approved_changes_total(session: Session, contract_id: int) -> Decimal:
    """Σ approved changes of a contract."""
    return _sum(c.amount for c in changes(session, [contract_id], status=ApprovalStatus.APPROVED))


@dataclass(frozen=True)
class PaidSoFar:
    """What a contract has been paid and asked to pay."""

    approved: Decimal
    pending: Decimal
    advance: Decimal  # 预付款 (paid or asked)
    recovered: Decimal  # 预付款 recovered from 进度款

    @property
    def committed(self) -> Decimal:
        """Approved and pending together."""
        return self.approved + self.pending

    @property
    def advance_left(self) -> Decimal:
        """预付款 not yet recovered."""
        return self.advance - self.recovered


def paid_so_far(session: Session, contract_id: int) -> PaidSoFar:
    """The sums of a contract's payments."""
    rows = payments(session, [contract_id])
    return PaidSoFar(
        approved=_sum(p.amount for p in rows if p.status == ApprovalStatus.APPROVED),
        pending=_sum(p.amount for p in rows if p.status == ApprovalStatus.PENDING),
        advance=_sum(p.amount for p in rows if p.kind == PaymentKind.ADVANCE),
        recovered=_sum(p.recovery for p in rows),
    )


def payment_cap(session: Session, contract: Contract) -> Decimal:
    """Most a contract may be paid: its 审定价, else its 结算价, else 合同价 + approved changes."""
    if contract.audited_price is not None:
        return contract.audited_price
    if contract.settled_price is not None:
        return contract.settled_price
    assert contract.id is not None
    return contract.contract_price + approved_changes_total(session, contract.id)


# --- Writing -------------------------------------------------------------------------------------


def add_section(
    session: Session, actor: Actor, programme_id: int, code: str, name: str, units: list[Unit]
) -> TenderSection:
    """A new 标段 with its 单位工程, audited."""
    section = TenderSection(programme_id=programme_id, code=code, name=name)
    session.add(section)
    session.flush()
    assert section.id is not None
    for site_id, profession in units:
        session.add(
            TenderSectionUnit(section_id=section.id, site_id=site_id, profession=profession)
        )
    audit.record(session, actor, "create", section, after={"code": code, "units": units})
    return section


def add_contract(
    session: Session,
    actor: Actor,
    contract: Contract,
    lines: list[LineDraft],
    amounts: list[Decimal],
) -> Contract:
    """A new contract with its priced lines, audited."""
    session.add(contract)
    session.flush()
    assert contract.id is not None
    rows = [
        {
            "contract_id": contract.id,
            "site_id": draft.site_id,
            "profession": draft.profession,
            "scope_key": draft.scope_key,
            "code": draft.code,
            "name": draft.name,
            "unit": draft.unit,
            "quantity": draft.quantity,
            "control_amount": draft.control_amount,
            "amount": amount,
        }
        for draft, amount in zip(lines, amounts, strict=True)
    ]
    session.execute(insert(ContractLine), rows)  # one statement, not a row object per line
    audit.record(session, actor, "create", contract, after=contract.model_dump())
    return contract


def add_payment(session: Session, actor: Actor, payment: ContractPayment) -> ContractPayment:
    """A new (pending) payment, audited."""
    session.add(payment)
    session.flush()
    audit.record(session, actor, "create", payment, after=payment.model_dump())
    return payment


def add_measurement(
    session: Session,
    actor: Actor,
    measurement: Measurement,
    measured: list[tuple[int, Decimal, Decimal]],
) -> Measurement:
    """A new 计量 with (line id, quantity, value) per line, audited."""
    session.add(measurement)
    session.flush()
    assert measurement.id is not None
    if measured:
        session.execute(
            insert(MeasurementLine),
            [
                {"measurement_id": measurement.id, "line_id": i, "quantity": q, "value": v}
                for i, q, v in measured
            ],
        )
    audit.record(session, actor, "create", measurement, after=measurement.model_dump())
    return measurement


def add_change(session: Session, actor: Actor, change: ContractChange) -> ContractChange:
    """A new (pending) change, audited."""
    session.add(change)
    session.flush()
    audit.record(session, actor, "create", change, after=change.model_dump())
    return change


def add_funding(session: Session, actor: Actor, entry: FundingEntry) -> FundingEntry:
    """A new funding entry, audited."""
    session.add(entry)
    session.flush()
    audit.record(session, actor, "create", entry, after=entry.model_dump())
    return entry


def set_compound_budget(
    session: Session,
    actor: Actor,
    programme_id: int,
    site_id: int,
    amount: Decimal,
    document_no: str,
    approved_on: date,
) -> CompoundBudget:
    """Enter (or replace) a compound's 概算, audited."""
    row = compound_budgets(session, programme_id).get(site_id)
    before = None if row is None else {"amount": row.amount, "document_no": row.document_no}
    if row is None:
        row = CompoundBudget(
            programme_id=programme_id,
            site_id=site_id,
            amount=amount,
            document_no=document_no,
            approved_on=approved_on,
            recorded_by=actor.label,
        )
    else:
        row.amount, row.document_no, row.approved_on = amount, document_no, approved_on
        row.recorded_by, row.recorded_at = actor.label, utcnow()
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "update" if before else "create", row, before,
        {"amount": amount, "document_no": document_no},
    )  # fmt: skip
    return row


def add_control_approval(
    session: Session, actor: Actor, approval: ControlPriceApproval
) -> ControlPriceApproval:
    """A new approval of a 控制价 above its 概算, audited."""
    session.add(approval)
    session.flush()
    audit.record(session, actor, "create", approval, after=approval.model_dump())
    return approval


def add_adjustments(session: Session, actor: Actor, rows: list[AuditAdjustment]) -> None:
    """The 审定 adjustments of a contract, audited."""
    for row in rows:
        session.add(row)
        session.flush()
        audit.record(session, actor, "create", row, after=row.model_dump())


def update_contract(
    session: Session, actor: Actor, contract: Contract, values: dict[str, object]
) -> None:
    """Change some fields of a contract (settlement, 审定, retention), audited."""
    before = {key: getattr(contract, key) for key in values}
    for key, value in values.items():
        setattr(contract, key, value)
    contract.version += 1
    session.add(contract)
    session.flush()
    audit.record(session, actor, "update", contract, before, values)


def lock_contract(session: Session, contract_id: int) -> None:
    """Take the contract's row for this transaction (``version + 1``): approvals of one
    contract wait for each other, so the cap on what is paid holds under concurrency."""
    session.exec(
        update(Contract)
        .where(col(Contract.id) == contract_id)
        .values(version=Contract.version + 1)
        .execution_options(synchronize_session=False)
    )


def approve_row(
    session: Session, table: type[ContractPayment] | type[ContractChange], row_id: int,
    loaded_version: int, actor: Actor,
) -> bool:  # fmt: skip
    """Approve a pending payment or change if it is still the version loaded: one
    ``UPDATE … WHERE version = :loaded``; False when someone else changed or approved it."""
    statement = (
        update(table)
        .where(
            col(table.id) == row_id,
            col(table.version) == loaded_version,
            col(table.status) == ApprovalStatus.PENDING,
        )
        .values(
            status=ApprovalStatus.APPROVED,
            approved_by=actor.label,
            approved_user_id=actor.user_id,
            approved_at=utcnow(),
            version=table.version + 1,
        )
        .execution_options(synchronize_session=False)
    )
    if session.exec(statement).rowcount != 1:
        return False
    audit.record(
        session, actor, "approve", table.__tablename__,
        {"status": ApprovalStatus.PENDING, "version": loaded_version},
        {"status": ApprovalStatus.APPROVED, "version": loaded_version + 1},
        entity_id=row_id,
    )  # fmt: skip
    return True


def group_totals(lines: Sequence[ContractLine]) -> dict[LineGroup, Decimal]:
    """Σ billed quantity of a contract's lines per line group."""
    totals: dict[LineGroup, Decimal] = defaultdict(lambda: ZERO)
    for line in lines:
        totals[(line.site_id, line.profession, line.scope_key)] += line.quantity
    return dict(totals)
