"""What a person does with the programme's money: one function per action.

Each action takes the engine, plain values and the actor; it opens and commits its own
transaction (``planner.transactions.transaction``: a busy database is ``Busy``), checks who
acts (staff and administrators enter and approve, engineers read; an approval is a second
person's: four eyes), writes through ``store``, audits, and returns plain values. A refusal
is a :class:`~planner.errors.Refused` and writes nothing.

Approvals are safe against staleness and against two people at once: the row's ``version``
as the approver saw it is part of the ``UPDATE``; the loser finds no row and is refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy.engine import Engine

from db.models import (
    ApprovalStatus,
    ChangeKind,
    ContractChange,
    ContractPayment,
    ControlPriceApproval,
)
from planner import programmes
from planner.audit import Actor
from planner.errors import Refused
from planner.money import checks, contracts, store
from planner.money.control import LineGroup, Unit, completed_quantities, control_prices
from planner.money.funding import FundingInput, checked_entry
from planner.money.imports import ImportReport, import_file
from planner.money.pricing import LineDraft, parse_period, period_end
from planner.transactions import transaction

__all__ = [
    "ContractTerms",
    "FundingInput",
    "approve_change",
    "approve_control_price",
    "approve_payment",
    "create_contract",
    "enter_audited_price",
    "enter_budget",
    "import_funding",
    "record_change",
    "record_funding",
    "record_measurement",
    "release_retention",
    "settle_contract",
]

ContractTerms = contracts.ContractTerms


@dataclass(frozen=True)
class Done:
    """What an action wrote: the row's id, its amount, and a second figure where it has one
    (a 合同价's 控制价, a 计量's 进度款, a settlement's 质保金)."""

    id: int
    amount: Decimal
    other: Decimal | None = None
    payment_id: int | None = None


def _today(today: date | None) -> date:
    return today or date.today()


# --- 概算 and 控制价 -----------------------------------------------------------------------------


def enter_budget(
    engine: Engine,
    programme_id: int,
    site_id: int | None,
    amount: Decimal | str,
    document_no: str,
    approved_on: date | str,
    actor: Actor,
    *,
    today: date | None = None,
) -> Done:
    """Enter the approved 概算 of a programme (``site_id`` None) or of one of its compounds."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        form = checks.Form()
        value = form(checks.amount, amount, "amount")
        document = form(checks.required_text, document_no, "document_no")
        day = form(checks.day, approved_on, "approved_on", today=_today(today))
        form.refuse()
        if programmes.get_programme(session, programme_id) is None:
            raise Refused("money.refused.no_programme")
        if site_id is None:
            programmes.set_budget(session, actor, programme_id, value, note=f"概算 {document}")
            return Done(programme_id, value)
        if not programmes.holds_site(session, programme_id, site_id):
            raise Refused("money.refused.site", field="site_id")
        row = store.set_compound_budget(session, actor, programme_id, site_id, value, document, day)
        assert row.id is not None
        return Done(row.id, row.amount)


def approve_control_price(
    engine: Engine,
    programme_id: int,
    site_id: int | None,
    document_no: str,
    approved_on: date | str,
    actor: Actor,
    *,
    today: date | None = None,
) -> Done:
    """Record that the 控制价 above the 概算 was approved (by the 概算's approving body)."""
    from planner.money.chain import budgets_of

    with transaction(engine) as session:
        checks.require_writer(session, actor)
        form = checks.Form()
        document = form(checks.required_text, document_no, "document_no")
        day = form(checks.day, approved_on, "approved_on", today=_today(today))
        form.refuse()
        prices = control_prices(session, programme_id)
        budget = budgets_of(session, programme_id).get(site_id)
        control = None
        if prices is not None:
            control = prices.total if site_id is None else prices.by_site.get(site_id)
        approved = any(
            (a.site_id, a.control_price, a.budget) == (site_id, control, budget)
            for a in store.control_approvals(session, programme_id)
        )
        if control is None or budget is None or control <= budget or approved:
            raise Refused("money.refused.nothing_to_approve")
        row = store.add_control_approval(
            session,
            actor,
            ControlPriceApproval(
                programme_id=programme_id, site_id=site_id, control_price=control,
                budget=budget, document_no=document, approved_on=day,
                approved_by=actor.label,
            ),
        )  # fmt: skip
        assert row.id is not None
        return Done(row.id, control, budget)


# --- Funding -------------------------------------------------------------------------------------


def record_funding(
    engine: Engine, entry: FundingInput, actor: Actor, *, today: date | None = None
) -> Done:
    """Record one allocation (下达), receipt (到位) or disbursement (拨付)."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        row = store.add_funding(
            session, actor, checked_entry(session, entry, actor, today=_today(today))
        )
        assert row.id is not None
        return Done(row.id, row.amount)


# --- Contracts, 计量, payments, changes ----------------------------------------------------------


def create_contract(
    engine: Engine,
    programme_id: int,
    section_code: str,
    section_name: str,
    units: Sequence[Unit],
    terms: ContractTerms,
    actor: Actor,
    *,
    lines: Sequence[LineDraft] | None = None,
    today: date | None = None,
) -> Done:
    """Let a 标段 (compounds or 单位工程 of the bill) as a contract priced from the bill's
    lines (or from ``lines`` as entered): the 合同价, and its 预付款 asked for."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        checked = contracts.checked_terms(terms, today=_today(today))
        code = checks.required_text(section_code, "section_code", limit=32)
        name = str(section_name or "").strip()[:200] or code
        if programmes.get_programme(session, programme_id) is None:
            raise Refused("money.refused.no_programme")
        contract = contracts.new_contract(
            session, actor, programme_id, code, name, units, checked, lines
        )
        assert contract.id is not None
        return Done(contract.id, contract.contract_price, contract.control_price)


def record_measurement(
    engine: Engine,
    contract_id: int,
    period: str,
    actor: Actor,
    *,
    measured_on: date | None = None,
    quantities: Mapping[LineGroup, Decimal] | None = None,
    today: date | None = None,
) -> Done:
    """The monthly 计量 of a contract from the field's completed quantities (or the given
    ones), priced at the contract's prices, and its 进度款 asked for (pending approval)."""
    day = _today(today)
    normal = parse_period(period)
    if normal is None:
        raise Refused("money.refused.period", field="period", value=str(period)[:20])
    if normal > f"{day.year:04d}-{day.month:02d}":
        raise Refused("money.refused.future", field="period", value=normal)
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        contract = store.get_contract(session, contract_id)
        if contract is None:
            raise Refused("money.refused.contract")
        section = store.get_section(session, contract.section_id)
        assert section is not None
        if quantities is None:
            sites = {line.site_id for line in store.contract_lines(session, [contract_id])}
            quantities = completed_quantities(session, section.programme_id, sites)
        measurement, payment = contracts.new_measurement(
            session,
            actor,
            contract,
            normal,
            measured_on or min(day, period_end(normal)),
            quantities,
        )
        assert measurement.id is not None
        return Done(
            measurement.id,
            measurement.period_value,
            payment.amount if payment else None,
            payment.id if payment else None,
        )


def approve_payment(engine: Engine, payment_id: int, loaded_version: int, actor: Actor) -> Done:
    """Approve a pending payment: a second person, the version they saw, the cap kept."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        payment = store.get_payment(session, payment_id)
        if payment is None:
            raise Refused("money.refused.no_payment")
        if payment.status != ApprovalStatus.PENDING or payment.version != loaded_version:
            raise Refused("money.refused.stale")
        checks.require_second_person(payment.requested_by, payment.requested_user_id, actor)
        amount, contract_id = payment.amount, payment.contract_id
        store.lock_contract(session, contract_id)  # approvals of one contract, one at a time
        contract = store.get_contract(session, contract_id)
        assert contract is not None
        session.refresh(contract)
        paid, cap = store.paid_so_far(session, contract_id), store.payment_cap(session, contract)
        if paid.approved + amount > cap:
            raise Refused(
                "money.refused.over_contract",
                amount=f"{amount:,}", committed=f"{paid.approved:,}", cap=f"{cap:,}",
            )  # fmt: skip
        if not store.approve_row(session, ContractPayment, payment_id, loaded_version, actor):
            raise Refused("money.refused.stale")
        return Done(payment_id, amount)


def record_change(
    engine: Engine,
    contract_id: int,
    kind: str,
    reason: str,
    amount: Decimal | str,
    line_codes: Sequence[str],
    actor: Actor,
) -> Done:
    """A 变更, 签证 or 材料调差 of a contract (pending a second person's approval)."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        contract = store.get_contract(session, contract_id)
        if contract is None:
            raise Refused("money.refused.contract")
        form = checks.Form()
        why = form(checks.required_text, reason, "reason", limit=checks.TEXT_MAX)
        value = form(checks.amount, amount, "amount", allow_negative=True)
        errors = form.errors
        if kind not in set(ChangeKind):
            errors.append(Refused("money.refused.kind", field="kind", value=kind))
        elif kind == ChangeKind.MATERIAL_ADJUSTMENT and not contract.material_adjustment:
            errors.append(Refused("money.refused.no_material_adjustment", field="kind"))
        lines = {ln.code: ln for ln in store.contract_lines(session, [contract_id])}
        codes = [c.strip() for c in line_codes if c.strip()]
        sites = {lines[c].site_id for c in codes if c in lines}
        if not codes or any(c not in lines for c in codes) or len(sites) != 1:
            errors.append(Refused("money.refused.change_lines", field="line_codes"))
        if contract.settled_price is not None:
            errors.append(Refused("money.refused.settled"))
        checks.refuse_all(errors)
        for other in store.changes(session, [contract_id], status=ApprovalStatus.PENDING):
            if (other.kind, other.reason, other.amount, other.line_codes) == (
                kind,
                why,
                value,
                "\n".join(codes),
            ):  # a second click: the change is recorded once
                raise Refused("money.refused.duplicate_change")
        row = store.add_change(
            session,
            actor,
            ContractChange(
                contract_id=contract_id, site_id=sites.pop(), kind=kind, reason=why,
                amount=value, line_codes="\n".join(codes), requested_by=actor.label,
                requested_user_id=actor.user_id,
            ),
        )  # fmt: skip
        assert row.id is not None
        return Done(row.id, row.amount)


def approve_change(engine: Engine, change_id: int, loaded_version: int, actor: Actor) -> Done:
    """Approve a pending change: a second person, the version they saw."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        change = store.get_change(session, change_id)
        if change is None or change.status != ApprovalStatus.PENDING:
            raise Refused("money.refused.stale")
        if change.version != loaded_version:
            raise Refused("money.refused.stale")
        checks.require_second_person(change.requested_by, change.requested_user_id, actor)
        amount = change.amount
        store.lock_contract(session, change.contract_id)
        if not store.approve_row(session, ContractChange, change_id, loaded_version, actor):
            raise Refused("money.refused.stale")
        return Done(change_id, amount)


# --- Settlement, 审定, retention -----------------------------------------------------------------


def settle_contract(
    engine: Engine,
    contract_id: int,
    accepted_on: date | str,
    settled_on: date | str,
    actor: Actor,
    *,
    today: date | None = None,
) -> Done:
    """结算 from the last 计量 and the approved changes; the 质保金 and when it is due."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        form = checks.Form()
        accepted = form(checks.day, accepted_on, "accepted_on", today=_today(today))
        settled = form(checks.day, settled_on, "settled_on", today=_today(today))
        form.refuse()
        contract = store.get_contract(session, contract_id)
        if contract is None:
            raise Refused("money.refused.contract")
        price = contracts.settle(session, actor, contract, accepted_on=accepted, settled_on=settled)
        return Done(contract_id, price, contract.retention)


def enter_audited_price(
    engine: Engine,
    contract_id: int,
    audited_price: Decimal | str,
    audited_on: date | str,
    adjustments: Sequence[tuple[int, Decimal | str, str]],
    note: str,
    actor: Actor,
    *,
    today: date | None = None,
) -> Done:
    """The 审定价 after 财政评审/审计, its adjustments per compound, and the 结算款 asked for."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        form = checks.Form()
        price = form(checks.amount, audited_price, "audited_price")
        day = form(checks.day, audited_on, "audited_on", today=_today(today))
        parsed: list[tuple[int, Decimal, str]] = []
        for site_id, amount, reason in adjustments:
            try:
                parsed.append(
                    (site_id, checks.amount(amount, "adjustments", allow_negative=True),
                     checks.required_text(reason, "adjustments", limit=checks.TEXT_MAX))
                )  # fmt: skip
            except Refused as error:
                form.add(error)
        form.refuse()
        contract = store.get_contract(session, contract_id)
        if contract is None:
            raise Refused("money.refused.contract")
        final = contracts.enter_audit(
            session, actor, contract, audited_price=price, audited_on=day,
            adjustments=parsed, note=str(note or "").strip()[: checks.TEXT_MAX],
        )  # fmt: skip
        return Done(contract_id, price, contract.retention, final.id if final else None)


def release_retention(
    engine: Engine, contract_id: int, actor: Actor, *, on: date | None = None
) -> Done:
    """Ask for the 质保金 at the end of the 缺陷责任期 (pending a second person)."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        contract = store.get_contract(session, contract_id)
        if contract is None:
            raise Refused("money.refused.contract")
        payment = contracts.release_retention(session, actor, contract, on=_today(on))
        assert payment.id is not None
        return Done(contract_id, payment.amount, None, payment.id)


# --- Imports -------------------------------------------------------------------------------------


def import_funding(
    engine: Engine,
    programme_id: int,
    data: bytes,
    file_name: str,
    actor: Actor,
    *,
    payments: bool,
    dry_run: bool = False,
    today: date | None = None,
) -> ImportReport:
    """Import allocations (下达/到位) or payments (拨付) from a CSV or XLSX file: every row is
    checked first; one refused row refuses the file (each refused row listed with its reason)
    and nothing is written. ``dry_run`` checks only."""
    with transaction(engine) as session:
        checks.require_writer(session, actor)
        if programmes.get_programme(session, programme_id) is None:
            raise Refused("money.refused.no_programme")
        return import_file(
            session, programme_id, data, file_name, payments=payments, actor=actor,
            today=_today(today), dry_run=dry_run,
        )  # fmt: skip
