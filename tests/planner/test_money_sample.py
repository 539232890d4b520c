"""The sample's money as residents and the bureau read it: no compound is disbursed more than
it costs (the 总投资 its public page shows), what was disbursed is what the contracts were
paid, and no source pays out more than it brought; a further 拨付 above a compound's cost is
refused on the sample too."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

import pytest
from sqlmodel import Session, col, select

from db.models import ContractPayment, FundingEntry, Programme, Site
from planner.errors import Refused
from planner.money import actions, store
from planner.money.actions import FundingInput
from planner.money.queries import public_funds
from planner.money.sample import CLERK

ZERO = Decimal("0.00")


@pytest.fixture(scope="module")
def engine(module_seeded_engine):
    return module_seeded_engine


def _p2023(session: Session) -> int:
    return session.exec(select(Programme.id).where(Programme.key == "p2023")).one()


def test_no_compound_is_disbursed_more_than_its_total_investment(engine):
    with Session(engine) as session:
        sites = session.exec(select(Site).where(Site.kind == "compound")).all()
        shown = {site.name_zh: public_funds(session, site.id) for site in sites}
    funded = {name: funds for name, funds in shown.items() if funds.sources}
    assert len(funded) == 19  # every compound of the 2023 programme
    for name, funds in funded.items():
        paid = sum((s.disbursed for s in funds.sources), ZERO)
        assert funds.investment is not None, name
        assert ZERO < paid <= funds.investment, (name, paid, funds.investment)
    # 安环南小区, the tester's example: reviewed (审定价), paid all but its 3 % 质保金, held until
    # the 缺陷责任期 ends (its 标段's share of it, to the fen).
    anhuan = funded["安环南小区"]
    assert anhuan.stage == "audited" and anhuan.investment is not None
    paid = sum((s.disbursed for s in anhuan.sources), ZERO)
    assert abs(paid - anhuan.investment * Decimal("0.97")) <= Decimal("0.01")


def test_a_compound_whose_retention_was_released_is_paid_its_audited_price_to_the_fen(engine):
    with Session(engine) as session:
        programme_id = _p2023(session)
        (bd01,) = [c for s, c in store.contracts(session, programme_id) if s.code == "BD-01"]
        assert bd01.id is not None
        site_ids = {line.site_id for line in store.contract_lines(session, [bd01.id])}
        shown = [public_funds(session, site_id) for site_id in site_ids]
    assert shown
    for funds in shown:
        assert funds.stage == "audited"
        assert sum((s.disbursed for s in funds.sources), ZERO) == funds.investment


def test_what_was_disbursed_is_what_the_contracts_were_paid_and_no_source_pays_more_than_it_brought(
    engine,
):
    with Session(engine) as session:
        programme_id = _p2023(session)
        entries = store.funding(session, [programme_id])
        contracts = [c.id for _, c in store.contracts(session, programme_id)]
        payments = session.exec(
            select(ContractPayment).where(col(ContractPayment.contract_id).in_(contracts))
        ).all()
    approved = sum((p.amount for p in payments if p.status == "approved"), ZERO)
    disbursed = sum((e.amount for e in entries if e.kind == "disbursement"), ZERO)
    assert disbursed == approved > 0
    sums: dict[tuple[int | None, str, str], Decimal] = defaultdict(lambda: ZERO)
    for entry in entries:
        sums[(entry.site_id, entry.source, entry.kind)] += entry.amount
    for (site_id, source, kind), amount in sums.items():
        if kind == "allocation":
            assert sums[(site_id, source, "receipt")] == amount  # 到位 in full
            assert sums[(site_id, source, "disbursement")] <= amount, (site_id, source)


def test_a_further_disbursement_to_a_compound_paid_in_full_is_refused(engine):
    with Session(engine) as session:
        programme_id = _p2023(session)
        (bd01,) = [c for s, c in store.contracts(session, programme_id) if s.code == "BD-01"]
        assert bd01.id is not None
        site_id = store.contract_lines(session, [bd01.id])[0].site_id
        before = len(session.exec(select(FundingEntry)).all())
    entry = FundingInput(
        programme_id, "disbursement", "local", "2024-06-01", "嘉财建〔2024〕1号", "0.01", site_id
    )
    with pytest.raises(Refused) as refused:
        actions.record_funding(engine, entry, CLERK)
    (reason,) = refused.value.reasons
    assert (reason.field, reason.key) == ("amount", "money.refused.over_cost")
    assert "总投资（审定价）" in reason.message("zh")
    assert "最多还可拨付 0.00 元" in reason.message("zh")
    with Session(engine) as session:
        assert len(session.exec(select(FundingEntry)).all()) == before
