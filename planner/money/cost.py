"""A compound's cost and what was disbursed against it: never more than it costs.

The cost is the figure the compound's public page shows as 总投资: the newest stage of its
cost chain (审定价, else 结算价, else 合同价 with approved changes, else 概算), summed over
the programmes it is in. What was disbursed is every 拨付 entered for the compound, in any
programme, which is what the page adds up as 已拨付.

A 拨付 that would take a compound's disbursements above its cost is refused, as a payment
above its contract is (``contracts.ask``): a contract is never paid more than its price with
approved changes (after settlement the 结算价, after review the 审定价), so no stage makes
more than the cost legitimate. A 拨付 to a compound with no cost at all yet (no 概算 and no
contract) is refused too: there is nothing to pay it against.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sqlmodel import Session

from db.models import FundingEntry, FundingKind
from planner import programmes
from planner.amounts import ZERO
from planner.errors import Refused
from planner.i18n import t
from planner.money import store
from planner.money.chain import programme_chain


@dataclass(frozen=True)
class CompoundCost:
    """A compound's 总投资: the stage it comes from ("mixed" when its programmes' stages
    differ), the amount, and the programmes (names) that give it; None when there is none."""

    stage: str | None
    investment: Decimal | None
    programme_names: list[str] = field(default_factory=list)


def compound_cost(session: Session, site_id: int) -> CompoundCost:
    """The compound's 总投资 as its public page shows it."""
    stage: str | None = None
    investment: Decimal | None = None
    names = []
    for programme in programmes.programmes_of_site(session, site_id):
        assert programme.id is not None
        chain = programme_chain(session, programme.id).sites.get(site_id)
        found = chain.investment if chain is not None else None
        if found is not None:
            names.append(programme.name_zh)
            stage = found[0] if stage in (None, found[0]) else "mixed"
            investment = (investment or ZERO) + found[1]
    return CompoundCost(stage, investment, names)


def disbursed(entries: Iterable[FundingEntry]) -> Decimal:
    """Σ of the disbursements (拨付) among ``entries``."""
    return sum((e.amount for e in entries if e.kind == FundingKind.DISBURSEMENT), ZERO)


class OverCost(Refused):
    """A 拨付 that would take a compound's disbursements above its cost (the stage's name in
    the reader's language), beside the amount."""

    def __init__(
        self, amount: Decimal, earlier: Decimal, cost: Decimal, stage: str
    ) -> None:  # fmt: skip
        left = max(cost - earlier, ZERO)
        super().__init__(
            "money.refused.over_cost", field="amount", amount=f"{amount:,}",
            disbursed=f"{earlier:,}", investment=f"{cost:,}", left=f"{left:,}",
        )  # fmt: skip
        self.stage = stage

    def message(self, lang: str | None) -> str:
        return t(self.key, lang, stage=t(f"money.stage.{self.stage}", lang), **self.values)


def refusal(
    session: Session, site_id: int, amount: Decimal, *, also: Iterable[FundingEntry] = ()
) -> Refused | None:
    """Why a 拨付 of ``amount`` to the compound may not be written (None: it may): its
    disbursements so far, with those of ``also`` (rows checked but not yet written, such as a
    file's earlier rows), and this one may not pass its cost."""
    cost = compound_cost(session, site_id)
    if cost.investment is None or cost.stage is None:
        return Refused("money.refused.no_cost", field="amount")
    earlier = disbursed(store.funding_of_site(session, site_id))
    earlier += disbursed(e for e in also if e.site_id == site_id)
    if earlier + amount > cost.investment:
        return OverCost(amount, earlier, cost.investment, cost.stage)
    return None
