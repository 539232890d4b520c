"""What the pages and commands read of the programme's money: one named query per thing shown.

Each opens its own read-only session (``planner.transactions.reading``; ``Busy`` when the
database was busy) and returns plain values (frozen dataclasses of exact ``Decimal`` amounts,
dicts), never database rows. The session-level queries they call are in ``queries``,
``chain``, ``summary`` and ``report``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy.engine import Engine

from planner import programmes
from planner.money import chain, queries, report, summary
from planner.money.chain import Chain, ProgrammeChain
from planner.money.queries import ContractRow, PendingRow, PublicFunds, RetentionAlert, SourceFunds
from planner.money.report import MinistryReport
from planner.transactions import reading


def programme_chain(engine: Engine, programme_id: int) -> ProgrammeChain:
    """The cost chain (估算 … 审定价) of a programme and of each of its compounds."""
    with reading(engine) as session:
        return chain.programme_chain(session, programme_id)


def programme_chains(engine: Engine, keys: Sequence[str]) -> list[tuple[str, Chain]]:
    """The programme-wide chain of each programme named by key (unknown keys left out)."""
    with reading(engine) as session:
        found = [(key, programmes.programme_by_key(session, key)) for key in keys]
        return [
            (key, chain.programme_chain(session, p.id).total)
            for key, p in found
            if p is not None and p.id is not None
        ]


def is_illustrative(engine: Engine, programme_id: int) -> bool:
    """Whether the programme's figures are the sample's made-up ones."""
    with reading(engine) as session:
        programme = programmes.get_programme(session, programme_id)
        return bool(programme is not None and programme.illustrative)


def compound_names(engine: Engine, programme_id: int) -> dict[int, str]:
    """Names (Chinese) of the programme's compounds, by id, in name order."""
    with reading(engine) as session:
        return queries.compound_names(session, programme_id)


def free_compounds(engine: Engine, programme_id: int) -> dict[int, str]:
    """The programme's compounds not yet (wholly or in part) in a 标段."""
    with reading(engine) as session:
        return queries.free_compounds(session, programme_id)


def programme_funds(engine: Engine, programme_id: int) -> list[SourceFunds]:
    """The programme's funds per source (下达, 到位, 拨付)."""
    with reading(engine) as session:
        return queries.programme_funds(session, programme_id)


def contract_rows(engine: Engine, programme_id: int) -> list[ContractRow]:
    """The programme's contracts, by 标段 code, with what was measured, paid and changed."""
    with reading(engine) as session:
        return queries.contract_rows(session, programme_id)


def pending(engine: Engine, programme_id: int) -> tuple[list[PendingRow], list[PendingRow]]:
    """(payments, changes) of the programme waiting for a second person."""
    with reading(engine) as session:
        return queries.pending(session, programme_id)


def retention_alerts(engine: Engine, today: date) -> list[RetentionAlert]:
    """Retentions (质保金) due soon or overdue and not yet asked for, in every programme."""
    with reading(engine) as session:
        return queries.retention_alerts(session, today)


def public_funds(engine: Engine, site_id: int) -> PublicFunds:
    """The 公示 of a compound's funds: total investment and its sources, nothing personal."""
    with reading(engine) as session:
        return queries.public_funds(session, site_id)


def money_summary(engine: Engine, programme_id: int) -> dict[str, Any]:
    """The chain, its flag, the contracts and the funds per source, as ``planner money
    summary`` prints them (amounts as exact decimal strings)."""
    with reading(engine) as session:
        return summary.money_summary(session, programme_id)


def ministry_report(engine: Engine, year: int, month: int | None = None) -> MinistryReport:
    """The ministry's 调度 figures of ``year`` (to the end of ``month``, or of the year)."""
    with reading(engine) as session:
        return report.ministry_report(session, year, month)
