"""Named reads of the programme's money for pages and the command line: plain values only.

Funding per source, contracts with what they were paid, payments and changes waiting for a
second person, retention releases coming up, and a compound's 公示 of funds.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from sqlmodel import Session

from db.models import ApprovalStatus, FundingEntry, FundingKind
from planner import programmes, sites
from planner.amounts import ZERO
from planner.money import store
from planner.money.cost import compound_cost
from planner.money.rules import RETENTION_ALERT_DAYS, FundingSource


@dataclass(frozen=True)
class SourceFunds:
    """One source's allocated (下达), received (到位) and disbursed (拨付) funds."""

    source: str
    allocated: Decimal = ZERO
    received: Decimal = ZERO
    disbursed: Decimal = ZERO


def funds_by_source(entries: list[FundingEntry]) -> list[SourceFunds]:
    """Σ per source and kind, in the ministry's order of sources (all sources listed)."""
    sums: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        sums[(entry.source, entry.kind)] += entry.amount
    return [
        SourceFunds(
            source.value,
            sums[(source.value, FundingKind.ALLOCATION.value)],
            sums[(source.value, FundingKind.RECEIPT.value)],
            sums[(source.value, FundingKind.DISBURSEMENT.value)],
        )
        for source in FundingSource
    ]


def programme_funds(session: Session, programme_id: int) -> list[SourceFunds]:
    """The programme's funds per source."""
    return funds_by_source(store.funding(session, [programme_id]))


@dataclass(frozen=True)
class ContractRow:
    """A contract as the money page lists it."""

    id: int
    section_code: str
    section_name: str
    contractor: str
    site_ids: tuple[int, ...]
    control_price: Decimal
    discount_rate: Decimal | None
    bid_price: Decimal | None
    contract_price: Decimal
    changes: Decimal
    measured: Decimal
    paid: Decimal
    pending: Decimal
    settled_price: Decimal | None
    audited_price: Decimal | None
    retention: Decimal | None
    retention_due_on: date | None
    material_adjustment: bool
    line_codes: tuple[str, ...]


def contract_rows(session: Session, programme_id: int) -> list[ContractRow]:
    """The programme's contracts, by 标段 code."""
    pairs = store.contracts(session, programme_id)
    ids = [c.id for _, c in pairs if c.id is not None]
    lines = store.contract_lines(session, ids)
    latest = store.latest_measurements(session, ids)
    rows = []
    for section, contract in pairs:
        assert contract.id is not None
        mine = [ln for ln in lines if ln.contract_id == contract.id]
        paid = store.paid_so_far(session, contract.id)
        rows.append(
            ContractRow(
                id=contract.id,
                section_code=section.code,
                section_name=section.name,
                contractor=contract.contractor,
                site_ids=tuple(sorted({ln.site_id for ln in mine})),
                control_price=contract.control_price,
                discount_rate=contract.discount_rate,
                bid_price=contract.bid_price,
                contract_price=contract.contract_price,
                changes=store.approved_changes_total(session, contract.id),
                measured=latest[contract.id].cumulative_value if contract.id in latest else ZERO,
                paid=paid.approved,
                pending=paid.pending,
                settled_price=contract.settled_price,
                audited_price=contract.audited_price,
                retention=contract.retention,
                retention_due_on=contract.retention_due_on,
                material_adjustment=contract.material_adjustment,
                line_codes=tuple(ln.code for ln in mine),
            )
        )
    return rows


@dataclass(frozen=True)
class PendingRow:
    """A payment or change waiting for a second person (``version`` as loaded)."""

    id: int
    version: int
    contract_id: int
    section_code: str
    kind: str
    amount: Decimal
    detail: str  # the 计量's period, or the change's reason
    requested_by: str
    requested_user_id: int | None


def pending(session: Session, programme_id: int) -> tuple[list[PendingRow], list[PendingRow]]:
    """(payments, changes) of the programme still waiting for approval."""
    pairs = store.contracts(session, programme_id)
    code = {c.id: s.code for s, c in pairs}
    ids = [c.id for _, c in pairs if c.id is not None]
    periods = {
        m.id: m.period for cid in ids for m in store.measurements(session, cid) if m.id is not None
    }
    payments = [
        PendingRow(
            p.id,
            p.version,
            p.contract_id,
            code[p.contract_id],
            p.kind,
            p.amount,
            periods.get(p.measurement_id or 0, ""),
            p.requested_by,
            p.requested_user_id,
        )  # fmt: skip
        for p in store.payments(session, ids, status=ApprovalStatus.PENDING)
        if p.id is not None
    ]
    changes = [
        PendingRow(
            c.id,
            c.version,
            c.contract_id,
            code[c.contract_id],
            c.kind,
            c.amount,
            c.reason,
            c.requested_by,
            c.requested_user_id,
        )  # fmt: skip
        for c in store.changes(session, ids, status=ApprovalStatus.PENDING)
        if c.id is not None
    ]
    return payments, changes


@dataclass(frozen=True)
class RetentionAlert:
    """A 质保金 to release soon (or overdue), not yet asked for."""

    contract_id: int
    programme_key: str
    section_code: str
    contractor: str
    due_on: date
    amount: Decimal
    programme_name_zh: str = ""  # what a reader sees (the key is internal)
    programme_name_en: str = ""

    def overdue(self, today: date) -> bool:
        """Whether the release date has passed."""
        return self.due_on < today


def retention_alerts(
    session: Session, today: date, *, within_days: int = RETENTION_ALERT_DAYS
) -> list[RetentionAlert]:
    """Retentions due within ``within_days`` of ``today`` or overdue, not yet released."""
    horizon = today + timedelta(days=within_days)
    alerts = []
    for programme in programmes.list_programmes(session):
        assert programme.id is not None
        for section, contract in store.contracts(session, programme.id):
            assert contract.id is not None
            due = contract.retention_due_on
            if due is None or contract.retention is None or due > horizon:
                continue
            released = any(p.kind == "retention" for p in store.payments(session, [contract.id]))
            if not released:
                alerts.append(
                    RetentionAlert(
                        contract.id, programme.key, section.code, contract.contractor, due,
                        contract.retention, programme.name_zh, programme.name_en or "",
                    )
                )  # fmt: skip
    return sorted(alerts, key=lambda a: (a.due_on, a.section_code))


@dataclass(frozen=True)
class PublicFunds:
    """The 公示 of a compound's funds: total investment (the newest stage) and its sources."""

    stage: str | None
    investment: Decimal | None
    sources: list[SourceFunds]
    programme_names: list[str]

    @property
    def has_figures(self) -> bool:
        """Whether there is anything to show."""
        return self.investment is not None or any(s.allocated for s in self.sources)


def public_funds(session: Session, site_id: int) -> PublicFunds:
    """What residents see of their compound's money: no names, no contractors, no people.
    Its 总投资 is the figure a 拨付 to it may not take its disbursements above
    (``cost.refusal``)."""
    cost = compound_cost(session, site_id)
    entries = store.funding_of_site(session, site_id)
    sources = [s for s in funds_by_source(entries) if s.allocated or s.received or s.disbursed]
    return PublicFunds(cost.stage, cost.investment, sources, cost.programme_names)


def compound_names(session: Session, programme_id: int) -> dict[int, str]:
    """Names (Chinese) of the programme's compounds, by id, in name order."""
    ids = programmes.site_ids_of(session, [programme_id])
    found = [sites.get_site(session, i) for i in ids]
    named = sorted(
        (s for s in found if s is not None and s.id is not None), key=lambda s: s.name_zh
    )
    return {s.id: s.name_zh for s in named if s.id is not None}


def free_compounds(session: Session, programme_id: int) -> dict[int, str]:
    """The programme's compounds not yet (wholly or in part) in a 标段."""
    taken = {site for site, _ in store.programme_units(session, programme_id)}
    return {i: n for i, n in compound_names(session, programme_id).items() if i not in taken}
