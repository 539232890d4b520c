"""The programme's money in one plain dict: what ``planner money summary`` prints."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlmodel import Session

from planner.money.chain import STAGES, programme_chain
from planner.money.queries import compound_names, programme_funds


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def money_summary(session: Session, programme_id: int) -> dict[str, Any]:
    """The cost chain (one figure per stage, exact decimal strings), its flag, the contracts
    settled and reviewed, and the funds per source."""
    chain = programme_chain(session, programme_id)
    total = chain.total
    names = compound_names(session, programme_id)
    return {
        "chain": {stage: _money(total.figure(stage)) for stage in STAGES},
        "control_above_budget": total.over_budget or total.over_budget_approved,
        "control_above_budget_approved": total.over_budget_approved,
        "compounds_control_above_budget": sorted(
            names.get(site_id, str(site_id)) for site_id, c in chain.sites.items() if c.over_budget
        ),
        "contracts": chain.contracts,
        "settled_contracts": chain.settled_contracts,
        "audited_contracts": chain.audited_contracts,
        "funding": {
            row.source: {
                "allocated": _money(row.allocated),
                "received": _money(row.received),
                "disbursed": _money(row.disbursed),
            }
            for row in programme_funds(session, programme_id)
        },
    }
