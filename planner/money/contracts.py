"""Contracts in the database: creating one from its 标段's bill lines, measuring it, settling
it, its 审定价 and its retention. The arithmetic is ``pricing``; the rows are ``store``'s.

Functions here take the caller's session and actor, check what they need, write through
``store`` and raise :class:`~planner.errors.Refused`; they never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlmodel import Session

from db.models import (
    ApprovalStatus,
    AuditAdjustment,
    Contract,
    ContractPayment,
    Measurement,
    PaymentKind,
)
from planner.amounts import ZERO
from planner.audit import Actor
from planner.errors import Refused
from planner.money import checks, pricing, rules, store
from planner.money.control import LineGroup, Unit, programme_bill, section_lines
from planner.money.pricing import LineDraft

QUANTUM = Decimal("0.001")  # measured quantities are kept to three places


@dataclass(frozen=True)
class ContractTerms:
    """A contract's terms as typed: percentages as numbers of per cent ("10" = 10 %)."""

    contractor: str
    signed_on: date | str
    discount_percent: str = ""  # 下浮率, or
    bid_price: str = ""  # 中标价
    advance_percent: str = "10"
    progress_percent: str = "80"
    retention_percent: str = "3"
    defects_months: int | str = 24
    material_adjustment: bool = False
    start_on: date | None = None
    end_on: date | None = None


@dataclass(frozen=True)
class CheckedTerms:
    """Terms that passed the checks, as exact values."""

    contractor: str
    signed_on: date
    discount_rate: Decimal | None
    bid_price: Decimal | None
    advance_rate: Decimal
    progress_rate: Decimal
    retention_rate: Decimal
    defects_months: int
    material_adjustment: bool
    start_on: date | None
    end_on: date | None


def checked_terms(terms: ContractTerms, *, today: date) -> CheckedTerms:
    """The terms as values, or :class:`Refused` with every reason beside its field."""
    form = checks.Form()
    contractor = form(checks.required_text, terms.contractor, "contractor", limit=200)
    signed_on = form(checks.day, terms.signed_on, "signed_on", today=today)
    advance = form(checks.percent, terms.advance_percent, "advance_percent", rules.ADVANCE)
    progress = form(checks.percent, terms.progress_percent, "progress_percent", rules.PROGRESS)
    retention = form(checks.percent, terms.retention_percent, "retention_percent", rules.RETENTION)
    discount: Decimal | None = None
    bid: Decimal | None = None
    has_discount, has_bid = bool(str(terms.discount_percent).strip()), bool(terms.bid_price.strip())
    if has_discount == has_bid:
        form.add(Refused("money.refused.price_basis", field="discount_percent"))
    elif has_discount:
        discount = form(checks.percent, terms.discount_percent, "discount_percent", rules.DISCOUNT)
    else:
        bid = form(checks.amount, terms.bid_price, "bid_price")
    try:
        months = int(str(terms.defects_months).strip())
    except ValueError:
        months = -1
    if not 0 <= months <= rules.DEFECTS_MAX_MONTHS:
        form.add(
            Refused(
                "money.refused.defects_months",
                field="defects_months",
                value=str(terms.defects_months)[:20],
                limit=rules.DEFECTS_MAX_MONTHS,
            )
        )
    form.refuse()
    return CheckedTerms(
        contractor=contractor,
        signed_on=signed_on,
        discount_rate=discount,
        bid_price=bid,
        advance_rate=advance,
        progress_rate=progress,
        retention_rate=retention,
        defects_months=months,
        material_adjustment=terms.material_adjustment,
        start_on=terms.start_on,
        end_on=terms.end_on,
    )


def overlaps(one: Unit, other: Unit) -> bool:
    """Whether two 单位工程 choices share a unit (profession "": all of the compound's)."""
    return one[0] == other[0] and "" in (one[1], other[1]) or one == other


def new_contract(
    session: Session,
    actor: Actor,
    programme_id: int,
    code: str,
    name: str,
    units: Sequence[Unit],
    terms: CheckedTerms,
    lines: Sequence[LineDraft] | None = None,
) -> Contract:
    """A 标段 of ``units`` with its contract priced from the bill (or from ``lines``), and
    its 预付款 asked for (pending approval)."""
    if lines is not None:
        units = sorted({(line.site_id, line.profession) for line in lines})
    taken = set(store.programme_units(session, programme_id))
    clash = [u for u in units if any(overlaps(u, t) for t in taken)]
    if not units or clash:
        raise Refused("money.refused.units_taken" if clash else "money.refused.no_units")
    if any(s.code == code for s in store.sections(session, programme_id)):
        raise Refused("money.refused.section_code", field="section_code", value=code)
    if lines is None:
        bill = programme_bill(session, programme_id)
        lines = section_lines(bill, units) if bill is not None else []
    if not lines:
        raise Refused("money.refused.no_lines")
    control = sum((line.control_amount for line in lines), ZERO)
    if terms.bid_price is not None and terms.bid_price > control:
        raise Refused("money.refused.bid_above_control", field="bid_price", control=f"{control:,}")
    price = pricing.contract_price(
        control, discount_rate=terms.discount_rate, bid_price=terms.bid_price
    )
    amounts = pricing.line_amounts(price, [line.control_amount for line in lines])
    section = store.add_section(session, actor, programme_id, code, name, list(units))
    assert section.id is not None
    contract = store.add_contract(
        session,
        actor,
        Contract(
            section_id=section.id,
            contractor=terms.contractor,
            signed_on=terms.signed_on,
            start_on=terms.start_on,
            end_on=terms.end_on,
            control_price=control,
            discount_rate=terms.discount_rate,
            bid_price=terms.bid_price,
            contract_price=price,
            advance_rate=terms.advance_rate,
            progress_rate=terms.progress_rate,
            retention_rate=terms.retention_rate,
            defects_months=terms.defects_months,
            material_adjustment=terms.material_adjustment,
            recorded_by=actor.label,
        ),
        list(lines),
        amounts,
    )
    advance = pricing.advance_payment(price, terms.advance_rate)
    if advance > 0:
        ask(session, actor, contract, PaymentKind.ADVANCE, advance)
    return contract


def ask(
    session: Session,
    actor: Actor,
    contract: Contract,
    kind: PaymentKind,
    gross: Decimal,
    *,
    recovery: Decimal = ZERO,
    measurement_id: int | None = None,
) -> ContractPayment:
    """Ask for a payment (pending a second person), refused when it would take what the
    contract has been paid and asked to pay above its cap."""
    assert contract.id is not None
    paid = store.paid_so_far(session, contract.id)
    cap = store.payment_cap(session, contract)
    if paid.committed + gross - recovery > cap:
        raise Refused(
            "money.refused.over_contract",
            amount=f"{gross - recovery:,}",
            committed=f"{paid.committed:,}",
            cap=f"{cap:,}",
        )
    return store.add_payment(
        session,
        actor,
        ContractPayment(
            contract_id=contract.id,
            kind=kind,
            measurement_id=measurement_id,
            gross=gross,
            recovery=recovery,
            amount=gross - recovery,
            requested_by=actor.label,
            requested_user_id=actor.user_id,
        ),
    )


def measure(
    session: Session, contract: Contract, quantities: Mapping[LineGroup, Decimal]
) -> list[tuple[int, Decimal, Decimal]]:
    """(line id, measured quantity, value) of every line: a group's measured quantity is
    shared by its lines in proportion to their billed quantities."""
    assert contract.id is not None
    lines = store.contract_lines(session, [contract.id])
    totals = store.group_totals(lines)
    measured: list[tuple[int, Decimal, Decimal]] = []
    for line in lines:
        assert line.id is not None
        group = (line.site_id, line.profession, line.scope_key)
        done, billed = quantities.get(group, ZERO), totals[group]
        quantity = (done * line.quantity / billed).quantize(QUANTUM) if billed > 0 else ZERO
        measured.append((line.id, quantity, pricing.measured_value(line.amount, billed, done)))
    return measured


def new_measurement(
    session: Session,
    actor: Actor,
    contract: Contract,
    period: str,
    measured_on: date,
    quantities: Mapping[LineGroup, Decimal],
) -> tuple[Measurement, ContractPayment | None]:
    """A monthly 计量 at the contract's prices and its 进度款 (pending approval)."""
    assert contract.id is not None
    if contract.settled_price is not None:
        raise Refused("money.refused.settled")
    earlier = store.measurements(session, contract.id)
    if earlier and earlier[-1].period >= period:
        raise Refused("money.refused.period_order", field="period", last=earlier[-1].period)
    measured = measure(session, contract, quantities)
    cumulative = sum((value for _, _, value in measured), ZERO)
    previous = earlier[-1].cumulative_value if earlier else ZERO
    if cumulative < previous:
        raise Refused(
            "money.refused.backwards", cumulative=f"{cumulative:,}", previous=f"{previous:,}"
        )
    paid = store.paid_so_far(session, contract.id)
    payment = pricing.progress_payment(
        cumulative - previous,
        progress_rate=contract.progress_rate,
        advance_rate=contract.advance_rate,
        advance_left=paid.advance_left,
    )
    measurement = Measurement(
        contract_id=contract.id,
        period=period,
        measured_on=measured_on,
        cumulative_value=cumulative,
        period_value=cumulative - previous,
        recorded_by=actor.label,
    )
    if payment.gross == 0:
        return store.add_measurement(session, actor, measurement, measured), None
    # Checked before the 计量 is written: a refused payment leaves nothing behind.
    cap = store.payment_cap(session, contract)
    if paid.committed + payment.amount > cap:
        raise Refused(
            "money.refused.over_contract",
            amount=f"{payment.amount:,}",
            committed=f"{paid.committed:,}",
            cap=f"{cap:,}",
        )
    store.add_measurement(session, actor, measurement, measured)
    asked = ask(
        session, actor, contract, PaymentKind.PROGRESS, payment.gross,
        recovery=payment.recovery, measurement_id=measurement.id,
    )  # fmt: skip
    return measurement, asked


def settle(
    session: Session, actor: Actor, contract: Contract, *, accepted_on: date, settled_on: date
) -> Decimal:
    """结算: the last 计量 plus the approved changes; the 质保金 and its release date."""
    assert contract.id is not None
    if contract.settled_price is not None:
        raise Refused("money.refused.settled")
    done = store.measurements(session, contract.id)
    if not done:
        raise Refused("money.refused.no_measurement")
    if store.changes(session, [contract.id], status=ApprovalStatus.PENDING):
        raise Refused("money.refused.pending_changes")
    if settled_on < accepted_on:
        raise Refused("money.refused.settled_before_acceptance", field="settled_on")
    price = done[-1].cumulative_value + store.approved_changes_total(session, contract.id)
    store.update_contract(
        session,
        actor,
        contract,
        {
            "accepted_on": accepted_on,
            "settled_on": settled_on,
            "settled_price": price,
            "retention": pricing.retention(price, contract.retention_rate),
            "retention_due_on": pricing.add_months(accepted_on, contract.defects_months),
        },
    )
    return price


def enter_audit(
    session: Session,
    actor: Actor,
    contract: Contract,
    *,
    audited_price: Decimal,
    audited_on: date,
    adjustments: Sequence[tuple[int, Decimal, str]],
    note: str,
) -> ContractPayment | None:
    """The 审定价 with its adjustments per compound (adding up to 审定价 − 结算价); the 质保金
    on the 审定价; the 结算款 asked for (审定价 − 质保金 − what was paid and asked)."""
    assert contract.id is not None
    if contract.settled_price is None:
        raise Refused("money.refused.not_settled")
    if contract.audited_price is not None:
        raise Refused("money.refused.audited")
    sites = {line.site_id for line in store.contract_lines(session, [contract.id])}
    if any(site not in sites for site, _, _ in adjustments):
        raise Refused("money.refused.adjustment_site")
    difference = audited_price - contract.settled_price
    if sum((a for _, a, _ in adjustments), ZERO) != difference:
        raise Refused("money.refused.adjustments_sum", difference=f"{difference:,}")
    held = pricing.retention(audited_price, contract.retention_rate)
    store.update_contract(
        session,
        actor,
        contract,
        {"audited_price": audited_price, "audited_on": audited_on, "audit_note": note,
         "retention": held},
    )  # fmt: skip
    store.add_adjustments(
        session,
        actor,
        [AuditAdjustment(contract_id=contract.id, site_id=s, amount=a, reason=r)
         for s, a, r in adjustments],
    )  # fmt: skip
    final = audited_price - held - store.paid_so_far(session, contract.id).committed
    return ask(session, actor, contract, PaymentKind.FINAL, final) if final > 0 else None


def release_retention(
    session: Session, actor: Actor, contract: Contract, *, on: date
) -> ContractPayment:
    """Ask for the 质保金 once the 缺陷责任期 has ended (and the 审定价 is in)."""
    assert contract.id is not None
    if contract.audited_price is None or contract.retention is None:
        raise Refused("money.refused.not_audited")
    assert contract.retention_due_on is not None
    if on < contract.retention_due_on:
        raise Refused("money.refused.retention_not_due", due=contract.retention_due_on.isoformat())
    if any(p.kind == PaymentKind.RETENTION for p in store.payments(session, [contract.id])):
        raise Refused("money.refused.retention_released")
    return ask(session, actor, contract, PaymentKind.RETENTION, contract.retention)
