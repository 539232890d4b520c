"""The cost chain, one figure per stage, per programme and per compound:

估算 (Σ planned quantity × the item's rate, from the works) → 概算 (approved, entered) →
招标控制价 (the bill's own figure) → 合同价 (the contracts) → 变更/签证 (approved changes) →
结算价 (settled) → 审定价 (after 财政评审/审计).

A 控制价 above its 概算 is flagged until an approval of exactly those two figures is recorded.
A compound's 合同价 is the sum of its contract lines; its 结算价 its lines' value in the last
计量 plus its approved changes (once every contract it is in is settled); its 审定价 that plus
its 审定 adjustments (once every such contract is reviewed).
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from db.models import ApprovalStatus
from planner import audit, programmes
from planner.amounts import ZERO, exact, fen
from planner.computed_once import ComputedOnce
from planner.money import store
from planner.money.control import control_prices
from planner.works import queries as works

STAGES = ("estimate", "budget", "control", "contract", "changes", "settled", "audited")


@dataclass(frozen=True)
class Chain:
    """The figures of one programme or compound; None where the stage has no figure yet."""

    estimate: Decimal
    budget: Decimal | None
    control: Decimal | None
    contract: Decimal | None
    changes: Decimal | None
    settled: Decimal | None
    audited: Decimal | None
    over_budget: bool = False  # 控制价 above 概算, not approved
    over_budget_approved: bool = False  # above, and the approval is on record

    def figure(self, stage: str) -> Decimal | None:
        """The figure of a stage (one of ``STAGES``)."""
        return getattr(self, stage)

    @property
    def investment(self) -> tuple[str, Decimal] | None:
        """The newest figure of the money spent or to be spent: (stage, amount)."""
        if self.audited is not None:
            return "audited", self.audited
        if self.settled is not None:
            return "settled", self.settled
        if self.contract is not None:
            if self.changes:
                return "contract_changes", self.contract + self.changes
            return "contract", self.contract
        if self.budget is not None:
            return "budget", self.budget
        return None


@dataclass(frozen=True)
class ProgrammeChain:
    """A programme's chain, its compounds' chains, and how many contracts are settled."""

    programme_id: int
    total: Chain
    sites: dict[int, Chain] = field(default_factory=dict)
    contracts: int = 0
    settled_contracts: int = 0
    audited_contracts: int = 0


def estimates_by_site(session: Session, programme_id: int) -> dict[int, Decimal]:
    """估算 per compound: Σ planned quantity × rate, exact, rounded to the fen once."""
    sums: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for site_id, planned, rate in works.planned_costs(session, programme_id):
        sums[site_id] += exact(planned) * exact(rate)
    return {site_id: fen(total) for site_id, total in sums.items()}


def budgets_of(session: Session, programme_id: int) -> dict[int | None, Decimal]:
    """The 概算 of the programme (key None) and of its compounds: the programme's own entry,
    else the sum of its compounds' when they have any."""
    compounds: dict[int | None, Decimal] = {
        s: row.amount for s, row in store.compound_budgets(session, programme_id).items()
    }
    programme = programmes.get_programme(session, programme_id)
    own = programme.budget_yuan if programme is not None else None
    total = own if own is not None else (sum(compounds.values(), ZERO) if compounds else None)
    result: dict[int | None, Decimal] = dict(compounds)
    if total is not None:
        result[None] = total
    return result


def _flags(approvals: list[tuple[Decimal, Decimal]], control: Decimal | None,
           budget: Decimal | None) -> tuple[bool, bool]:  # fmt: skip
    if control is None or budget is None or control <= budget:
        return False, False
    approved = (control, budget) in approvals
    return not approved, approved


#: Chains computed lately, by (database, programme, data version): a city-sized programme's
#: bill and estimates take most of a second, and a page reruns on every click.
_CACHE: OrderedDict[tuple[Any, ...], ProgrammeChain] = OrderedDict()
_CACHE_SIZE = 16
_LOCK = threading.Lock()
#: Many visitors asking at once for a chain not yet cached (the first minutes after a start,
#: or after an edit) wait for one computation instead of each computing it (measured: 40
#: residents' first page views at once cost 130 ms of CPU each with every thread computing the
#: chain, 20 ms with one).
_COMPUTING = ComputedOnce()


#: Audited tables no figure of the chain is made from: residents' feedback and surveys,
#: consent votes, photos, accounts. Their entries do not make the chain stale (each resident's
#: message left an audit entry, and the next compound page recomputed a city's whole chain).
NOT_IN_THE_CHAIN = (
    "suggestion",
    "survey",
    "survey_response",
    "survey_import",
    "consent_vote",
    "feedback_contact",
    "feedback_receipt",
    "site_photo",
    "photo_blob",
    "user_account",
    "login_session",
    "form_submission",
)


def programme_chain(session: Session, programme_id: int) -> ProgrammeChain:
    """The cost chain of a programme and of each of its compounds (cached per data version:
    the newest audit entry, which every write of money, rates and works leaves, bar those of
    :data:`NOT_IN_THE_CHAIN`, and the programme's work items' own fingerprint). Computed once
    however many ask at once."""
    key = (
        str(session.get_bind().engine.url),
        programme_id,
        audit.latest_entry_id(session, excluding=NOT_IN_THE_CHAIN),
        works.items_fingerprint(session, programme_id),
    )

    def cached() -> ProgrammeChain | None:
        with _LOCK:
            if key not in _CACHE:
                return None
            _CACHE.move_to_end(key)
            return _CACHE[key]

    def compute() -> ProgrammeChain:
        chain = _programme_chain(session, programme_id)
        with _LOCK:
            _CACHE[key] = chain
            while len(_CACHE) > _CACHE_SIZE:
                _CACHE.popitem(last=False)
        return chain

    return _COMPUTING.get_or_make(key, cached, compute)


def programme_chain_uncached(session: Session, programme_id: int) -> ProgrammeChain:
    """The chain computed from what ``session`` sees now, and not kept: for a writer that
    reads its own writes before they are committed (the sample, as it seeds)."""
    return _programme_chain(session, programme_id)


def _programme_chain(session: Session, programme_id: int) -> ProgrammeChain:
    estimates = estimates_by_site(session, programme_id)
    budgets = budgets_of(session, programme_id)
    prices = control_prices(session, programme_id)
    approvals: dict[int | None, list[tuple[Decimal, Decimal]]] = defaultdict(list)
    for row in store.control_approvals(session, programme_id):
        approvals[row.site_id].append((row.control_price, row.budget))
    pairs = store.contracts(session, programme_id)
    ids = [c.id for _, c in pairs if c.id is not None]
    lines = store.contract_lines(session, ids)
    latest = store.latest_measurements(session, ids)
    measured = {
        m.line_id: m.value
        for m in store.measured_lines(session, [m.id for m in latest.values() if m.id])
    }
    approved = store.changes(session, ids, status=ApprovalStatus.APPROVED)
    adjusted = store.adjustments(session, ids)
    by_contract = {c.id: c for _, c in pairs}

    contract_of: dict[int, Decimal] = defaultdict(lambda: ZERO)
    settled_of: dict[int, Decimal] = defaultdict(lambda: ZERO)
    contracts_of: dict[int, set[int]] = defaultdict(set)
    for line in lines:
        contract_of[line.site_id] += line.amount
        settled_of[line.site_id] += measured.get(line.id, ZERO)  # type: ignore[arg-type]  # a stored line: id set
        contracts_of[line.site_id].add(line.contract_id)
    changes_of: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for change in approved:
        changes_of[change.site_id] += change.amount
    adjusted_of: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for adjustment in adjusted:
        adjusted_of[adjustment.site_id] += adjustment.amount

    site_ids = set(programmes.site_ids_of(session, [programme_id]))
    sites: dict[int, Chain] = {}
    for site_id in sorted(site_ids):
        mine = [by_contract[i] for i in contracts_of.get(site_id, set())]
        settled = all(c.settled_price is not None for c in mine) and bool(mine)
        audited = all(c.audited_price is not None for c in mine) and bool(mine)
        settled_value = settled_of[site_id] + changes_of[site_id] if settled else None
        control = prices.by_site.get(site_id) if prices else None
        over, ok = _flags(approvals[site_id], control, budgets.get(site_id))
        sites[site_id] = Chain(
            estimate=estimates.get(site_id, ZERO),
            budget=budgets.get(site_id),
            control=control,
            contract=contract_of[site_id] if mine else None,
            changes=changes_of[site_id] if mine else None,
            settled=settled_value,
            audited=settled_value + adjusted_of[site_id]
            if audited and settled_value is not None
            else None,
            over_budget=over,
            over_budget_approved=ok,
        )
    contracts = [c for _, c in pairs]
    control_total = prices.total if prices else None
    over, ok = _flags(approvals[None], control_total, budgets.get(None))
    settled_all = bool(contracts) and all(c.settled_price is not None for c in contracts)
    audited_all = bool(contracts) and all(c.audited_price is not None for c in contracts)
    total = Chain(
        estimate=fen(sum(estimates.values(), ZERO)),
        budget=budgets.get(None),
        control=control_total,
        contract=sum((c.contract_price for c in contracts), ZERO) if contracts else None,
        changes=sum((c.amount for c in approved), ZERO) if contracts else None,
        settled=sum((c.settled_price or ZERO for c in contracts), ZERO) if settled_all else None,
        audited=sum((c.audited_price or ZERO for c in contracts), ZERO) if audited_all else None,
        over_budget=over,
        over_budget_approved=ok,
    )
    return ProgrammeChain(
        programme_id=programme_id,
        total=total,
        sites=sites,
        contracts=len(contracts),
        settled_contracts=sum(1 for c in contracts if c.settled_price is not None),
        audited_contracts=sum(1 for c in contracts if c.audited_price is not None),
    )
