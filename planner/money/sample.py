"""Illustrative money of the 2023 sample programme: 概算, funding, contracts, 计量, payments,
changes, settlement, 审定 and retention. Every figure is made up for the demonstration (the
sample says so on every page); none comes from Jiayuguan.

- 概算 per compound: its 招标控制价 from the bill plus 5 %, rounded up to 10,000 yuan; for
  广汇小区 3 % below its 控制价, so the flag "控制价 above 概算" shows (not yet approved).
- Funding per compound: its 概算 shared over the sources (中央补助 40 %, 省级 10 %, 市县 30 %,
  专项债 10 %, 居民 5 % on the roofs, 专营单位 5 % on the heating mains), each 下达 in March
  and 到位 in April. 拨付 is what the contracts were paid, never more: in December 2023 the
  预付款 and 进度款 approved so far, in May 2024 the 结算款 after 审定, and the 质保金 on the
  day it is released. Each 标段's payments are shared over its compounds in proportion to
  their cost (the 总投资 their public pages show), then over the sources in proportion to
  their shares, each cumulative sum split once (so a compound is never paid more than its
  cost, nor a source more than it brought).
- One 标段 per sample contractor, 下浮率 between 5.8 % and 8 %, the usual terms (预付款 10 %,
  进度款 80 %, 质保金 3 %, 缺陷责任期 24 months); monthly 计量 from April to November with
  each work item's progress taken as even between its actual start and end.
- All 标段 but the last are settled; three are reviewed (审定); one retention is released.
  The last 标段's October 进度款 and a 签证 wait for a second person's approval.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from sqlmodel import Session

from db.models import ChangeKind, ContractChange, ContractPayment, FundingEntry, PaymentKind
from planner.amounts import ZERO, allocate, exact
from planner.audit import Actor
from planner.money import contracts, store
from planner.money.chain import Chain, programme_chain_uncached
from planner.money.contracts import CheckedTerms
from planner.money.control import LineGroup, control_prices
from planner.money.pricing import period_end
from planner.money.rules import uncovered
from planner.sample_context import SampleContext
from planner.works.queries import ItemDates, item_dates, quantities_by_site_and_scope

PROGRAMME = "p2023"
CLERK = Actor.system("示例经办人")
CHECKER = Actor.system("示例复核人")
#: 标段 per sample contractor: (code, contractor, 下浮率).
SECTIONS = (
    ("BD-01", "示例施工单位A", "0.065"),
    ("BD-02", "示例施工单位B", "0.072"),
    ("BD-03", "示例施工单位C", "0.058"),
    ("BD-04", "示例施工单位D", "0.080"),
    ("BD-05", "示例施工单位E", "0.060"),
    ("BD-06", "示例施工单位F", "0.075"),
)
AUDITED = ("BD-01", "BD-02", "BD-03")
SHARES = (  # source, share of the 概算, the kind of work it is tagged with
    ("central_subsidy", 40, None),
    ("provincial", 10, None),
    ("local", 30, None),
    ("special_bond", 10, None),
    ("residents", 5, "roof_waterproofing"),
    ("utility", 5, "heating_main"),
)
MONTHS = tuple(f"2023-{m:02d}" for m in range(4, 12))
#: When the payments approved in 2023 were disbursed, and the 结算款 after 审定 (2024-04-30).
DISBURSED_ON = date(2023, 12, 28)
FINAL_DISBURSED_ON = date(2024, 5, 20)
#: The last 标段's 进度款 from this month on wait for a second person.
LAST_APPROVED = "2023-10"
TEN_THOUSAND = Decimal(10_000)


def seed_sample_money(session: Session, context: SampleContext) -> None:
    """Seed the 2023 programme's illustrative money (the caller commits)."""
    programme = context.programmes.get(PROGRAMME)
    if programme is None or programme.id is None:
        return
    prices = control_prices(session, programme.id)
    if prices is None:
        return
    names = {site.id: site.name_zh for site in context.sites.values()}
    budgets = _budgets(session, programme.id, prices.by_site, names)
    items = item_dates(session, [programme.id])
    paid: list[Paid] = []
    for code, contractor, discount in SECTIONS:
        site_ids = sorted(
            site_id for site_id in prices.by_site if _contractor(session, site_id) == contractor
        )
        if site_ids:
            paid.append(
                _contract(
                    session, programme.id, code, contractor, Decimal(discount), site_ids, items
                )
            )
    _funding(session, programme.id, budgets, paid)


def _contractor(session: Session, site_id: int) -> str:
    from planner.works.queries import items_with_scope

    found = items_with_scope(session, site_id=site_id)
    return found[0].item.contractor if found else ""


def _budgets(
    session: Session, programme_id: int, control: dict[int, Decimal], names: dict[int | None, str]
) -> dict[int, Decimal]:
    budgets = {}
    for site_id, price in control.items():
        if names.get(site_id) == "广汇小区":
            amount = (price * Decimal("0.97") / TEN_THOUSAND).to_integral_value(ROUND_FLOOR)
        else:
            amount = (price * Decimal("1.05") / TEN_THOUSAND).to_integral_value(ROUND_CEILING)
        budgets[site_id] = (amount * TEN_THOUSAND).quantize(Decimal("0.01"))
        store.set_compound_budget(
            session, CLERK, programme_id, site_id, budgets[site_id],
            "示例概算批复〔2023〕号", date(2023, 2, 20),
        )  # fmt: skip
    return budgets


def _fractions(items: list[ItemDates], day: date) -> dict[tuple[int, str], float]:
    """Share of each (site, scope) done by ``day``, each item even over its actual dates;
    (site, "") is the compound's share of all its works."""
    done: dict[tuple[int, str], float] = defaultdict(float)
    planned: dict[tuple[int, str], float] = defaultdict(float)
    for item in items:
        start, end = item.actual_start, item.actual_end
        if start is None or end is None:
            share = 0.0
        else:
            span = max((end - start).days, 1)
            share = min(max((day - start).days / span, 0.0), 1.0)
        for key in ((item.site_id, item.scope_key), (item.site_id, "")):
            done[key] += item.planned * share
            planned[key] += item.planned
    return {key: done[key] / planned[key] if planned[key] else 0.0 for key in planned}


@dataclass(frozen=True)
class Paid:
    """What a 标段's contract had been paid (approved payments), cumulative, by day."""

    site_ids: list[int]
    by_day: list[tuple[date, Decimal]]


def _contract(
    session: Session, programme_id: int, code: str, contractor: str, discount: Decimal,
    site_ids: list[int], items: list[ItemDates],
) -> Paid:  # fmt: skip
    terms = CheckedTerms(
        contractor=contractor, signed_on=date(2023, 3, 28), discount_rate=discount,
        bid_price=None, advance_rate=Decimal("0.10"), progress_rate=Decimal("0.80"),
        retention_rate=Decimal("0.03"), defects_months=24, material_adjustment=False,
        start_on=date(2023, 4, 1), end_on=date(2023, 10, 31),
    )  # fmt: skip
    contract = contracts.new_contract(
        session, CLERK, programme_id, code, f"2023年老旧小区改造{code}标段",
        [(site_id, "") for site_id in site_ids], terms,
    )  # fmt: skip
    assert contract.id is not None
    mine = [item for item in items if item.site_id in site_ids]
    lines = store.contract_lines(session, [contract.id])
    billed = store.group_totals(lines)
    last = code == SECTIONS[-1][0]
    approved = ZERO  # what the contract was paid (approvals), as the sample approves them
    for period in MONTHS:
        fractions = _fractions(mine, period_end(period))
        quantities: dict[LineGroup, Decimal] = {}
        for (site_id, profession, scope_key), total in billed.items():
            share = fractions.get((site_id, scope_key), fractions.get((site_id, ""), 0.0))
            quantities[(site_id, profession, scope_key)] = total * exact(round(share, 6))
        _, payment = contracts.new_measurement(
            session, CLERK, contract, period, period_end(period), quantities
        )
        if payment is not None and not (last and period >= LAST_APPROVED):
            approved += _approve(session, payment)
    for payment in store.payments(session, [contract.id], status="pending"):
        if payment.kind == PaymentKind.ADVANCE:
            approved += _approve(session, payment)
    paid = Paid(site_ids, [(DISBURSED_ON, approved)])
    line = lines[0]
    change = store.add_change(
        session, CLERK,
        ContractChange(
            contract_id=contract.id, site_id=line.site_id, kind=ChangeKind.SITE_INSTRUCTION,
            reason="示例：屋面基层局部修补（现场签证）", amount=Decimal("18600.00"),
            line_codes=line.code, requested_by=CLERK.label,
        ),
    )  # fmt: skip
    if last:
        return paid
    # a stored row (flushed): its id is set:
    store.approve_row(session, ContractChange, change.id, change.version, CHECKER)  # type: ignore[arg-type]
    accepted = max(i.actual_end for i in mine if i.actual_end is not None)
    contracts.settle(session, CLERK, contract, accepted_on=accepted, settled_on=date(2023, 12, 15))
    if code not in AUDITED:
        return paid
    assert contract.settled_price is not None
    cut = -(contract.settled_price * Decimal("0.004")).quantize(Decimal("0.01"))
    final = contracts.enter_audit(
        session, CLERK, contract, audited_price=contract.settled_price + cut,
        audited_on=date(2024, 4, 30), adjustments=[(site_ids[0], cut, "示例：工程量核减")],
        note="示例：财政评审",
    )  # fmt: skip
    if final is not None:
        approved += _approve(session, final)
        paid.by_day.append((FINAL_DISBURSED_ON, approved))
    if code == AUDITED[0]:
        assert contract.retention_due_on is not None
        released = contracts.release_retention(
            session, CLERK, contract, on=contract.retention_due_on
        )
        approved += _approve(session, released)
        paid.by_day.append((contract.retention_due_on, approved))
    return paid


def _approve(session: Session, payment: ContractPayment) -> Decimal:
    """Approve a payment as the second sample person: what it pays."""
    assert payment.id is not None
    assert store.approve_row(session, ContractPayment, payment.id, payment.version, CHECKER)
    return payment.amount


def _funding(
    session: Session, programme_id: int, budgets: dict[int, Decimal], paid: list[Paid]
) -> None:
    """下达 and 到位 of each compound's 概算 per source; 拨付 of what its 标段 was paid, shared
    over its compounds by cost and over the sources by share, each cumulative sum split once
    (so the parts never pass their compound's cost, nor their source's receipt)."""
    works: dict[int, set[str]] = defaultdict(set)
    for site_id, key in quantities_by_site_and_scope(session, programme_id):
        works[site_id].add(key)
    weights = [Decimal(share) for _, share, _ in SHARES]
    brought = {site_id: allocate(budget, weights) for site_id, budget in budgets.items()}
    entries: list[tuple[int, int, date, str, Decimal]] = []  # site, source, day, kind, amount
    for site_id, parts in sorted(brought.items()):
        for index, amount in enumerate(parts):
            entries.append((site_id, index, date(2023, 3, 15), "allocation", amount))
            entries.append((site_id, index, date(2023, 4, 20), "receipt", amount))
    # The chain as written so far (not cached: nothing is committed yet).
    chain = programme_chain_uncached(session, programme_id)
    for contract in paid:
        costs = [_cost(chain.sites[site_id]) for site_id in contract.site_ids]
        before = dict.fromkeys(contract.site_ids, ZERO)
        for day, cumulative in contract.by_day:
            assert cumulative <= sum(costs, ZERO)  # the contract's cap is its compounds' cost
            for site_id, cost, now in zip(
                contract.site_ids, costs, allocate(cumulative, costs), strict=True
            ):
                assert now <= cost
                sources = zip(
                    allocate(before[site_id], weights), allocate(now, weights), strict=True
                )
                for index, (was, is_) in enumerate(sources):
                    assert was <= is_ <= brought[site_id][index]
                    if is_ > was:
                        entries.append((site_id, index, day, "disbursement", is_ - was))
                before[site_id] = now
    for number, (site_id, index, day, kind, amount) in enumerate(
        sorted(entries, key=_by_day), start=1
    ):
        source, _, scope = SHARES[index]
        # The sample keeps the source rules a person's entry is checked against.
        assert not uncovered(source, {scope} if scope else works[site_id])
        row = FundingEntry(
            programme_id=programme_id, site_id=site_id, scope_key=scope, source=source,
            kind=kind, entry_on=day, document_no=f"示例〔{day.year}〕{number}号", amount=amount,
            note="示例数据", recorded_by=CLERK.label,
        )  # fmt: skip
        store.add_funding(session, CLERK, row)


def _by_day(entry: tuple[int, int, date, str, Decimal]) -> tuple[date, int, int]:
    site_id, index, day, _, _ = entry
    return day, site_id, index


def _cost(chain: Chain) -> Decimal:
    """A compound's cost: the 总投资 its public page shows."""
    assert chain.investment is not None
    return chain.investment[1]
