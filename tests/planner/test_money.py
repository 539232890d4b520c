"""The programme's money, worked by hand on a small programme of our own, on SQLite and
PostgreSQL: a contract with a 下浮率, three months of 进度款 with 预付款 recovery, a change,
settlement, the 审定价, the retention and its release date; what is refused and why."""

from __future__ import annotations

import threading
import time as time_module
from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from db.migrate import upgrade_to_head
from db.models import AuditEntry, Contract, ContractPayment, FundingEntry, Measurement
from planner.errors import Refused
from planner.i18n import t
from planner.money import actions
from planner.money.actions import ContractTerms, FundingInput
from planner.money.chain import programme_chain
from planner.money.queries import pending, public_funds
from tests.planner.money_fixtures import Fixture, build, hand_lines, set_completed

D = Decimal
TODAY = date(2026, 1, 15)
TERMS = ContractTerms(
    contractor="示例施工单位甲",
    signed_on="2023-04-01",
    discount_percent="5",
    advance_percent="10",
    progress_percent="80",
    retention_percent="3",
    defects_months=24,
)


@pytest.fixture
def fx(engine) -> Fixture:
    upgrade_to_head(engine)
    return build(engine)


def _contract(engine, fx: Fixture, terms: ContractTerms = TERMS, code: str = "BD-01") -> int:
    done = actions.create_contract(
        engine, fx.programme_id, code, "测试标段", [], terms, fx.clerk,
        lines=hand_lines(fx), today=TODAY,
    )  # fmt: skip
    return done.id


def _approve_all(engine, fx: Fixture) -> None:
    with Session(engine) as session:
        payments, changes = pending(session, fx.programme_id)
    for row in payments:
        actions.approve_payment(engine, row.id, row.version, fx.checker)
    for row in changes:
        actions.approve_change(engine, row.id, row.version, fx.checker)


def _payments(engine, contract_id: int) -> list[tuple[str, Decimal, Decimal, Decimal, str]]:
    with Session(engine) as session:
        rows = session.exec(
            select(ContractPayment)
            .where(ContractPayment.contract_id == contract_id)
            .order_by(ContractPayment.id)
        ).all()
        return [(p.kind, p.gross, p.recovery, p.amount, p.status) for p in rows]


def test_a_contract_from_start_to_retention_release_by_hand(engine, fx):
    contract_id = _contract(engine, fx)
    with Session(engine) as session:
        contract = session.get(Contract, contract_id)
        # 控制价 60,000 + 160,000; 合同价 = 220,000.00 × (1 − 5 %) = 209,000.00, shared by the
        # lines in proportion: 57,000.00 and 152,000.00.
        assert contract.control_price == D("220000.00")
        assert contract.contract_price == D("209000.00")
        assert contract.discount_rate == D("0.050000")
    # 预付款 10 % of 209,000.00 = 20,900.00, asked for at signing.
    assert _payments(engine, contract_id) == [
        ("advance", D("20900.00"), D("0.00"), D("20900.00"), "pending")
    ]
    _approve_all(engine, fx)

    # May: 400 m² of roof. Value 57,000 × 400/1,000 = 22,800.00; 进度款 80 % = 18,240.00,
    # less 10 % of 22,800.00 recovered = 2,280.00: paid 15,960.00.
    set_completed(engine, fx.roof_item, 400)
    may = actions.record_measurement(engine, contract_id, "2023-05", fx.clerk, today=TODAY)
    assert (may.amount, may.other) == (D("22800.00"), D("15960.00"))
    # June: the whole roof and 800 m² of insulation: 57,000 + 152,000 × 0.4 = 117,800.00
    # in all, 95,000.00 this month: 76,000.00 less 9,500.00 = 66,500.00.
    set_completed(engine, fx.roof_item, 1000)
    set_completed(engine, fx.wall_item, 800)
    june = actions.record_measurement(engine, contract_id, "2023-06", fx.clerk, today=TODAY)
    assert (june.amount, june.other) == (D("95000.00"), D("66500.00"))
    # July: everything, 209,000.00; 91,200.00 this month: 72,960.00 less the 9,120.00 left
    # of the advance (20,900 − 2,280 − 9,500) = 63,840.00.
    set_completed(engine, fx.wall_item, 2000)
    july = actions.record_measurement(engine, contract_id, "2023-07", fx.clerk, today=TODAY)
    assert (july.amount, july.other) == (D("91200.00"), D("63840.00"))
    assert [p[1:3] for p in _payments(engine, contract_id)[1:]] == [
        (D("18240.00"), D("2280.00")),
        (D("76000.00"), D("9500.00")),
        (D("72960.00"), D("9120.00")),
    ]
    _approve_all(engine, fx)

    # A 现场签证 of 5,000.00 on the roof line, approved by a second person.
    actions.record_change(
        engine, contract_id, "site_instruction", "屋面基层局部修补", "5000", ["010902001001"],
        fx.clerk,
    )  # fmt: skip
    _approve_all(engine, fx)

    # 结算: 209,000.00 measured + 5,000.00 = 214,000.00; 质保金 3 % = 6,420.00; the 缺陷责任期
    # of 24 months from 竣工验收 on 2023-10-31 ends on 2025-10-31.
    settled = actions.settle_contract(
        engine, contract_id, "2023-10-31", "2023-11-20", fx.clerk, today=TODAY
    )
    assert (settled.amount, settled.other) == (D("214000.00"), D("6420.00"))
    with Session(engine) as session:
        assert session.get(Contract, contract_id).retention_due_on == date(2025, 10, 31)

    # 审定价 213,500.00 (roof repair cut by 500.00): 质保金 3 % = 6,405.00; 结算款 =
    # 213,500.00 − 6,405.00 − paid 167,200.00 = 39,895.00.
    audited = actions.enter_audited_price(
        engine, contract_id, "213500", "2024-03-01", [(fx.site_id, "-500", "签证核减")],
        "财政评审", fx.clerk, today=TODAY,
    )  # fmt: skip
    assert audited.other == D("6405.00")
    assert _payments(engine, contract_id)[-1][:4] == (
        "final", D("39895.00"), D("0.00"), D("39895.00")
    )  # fmt: skip
    _approve_all(engine, fx)

    # The retention cannot go back before the end of the 缺陷责任期, then it can.
    with pytest.raises(Refused) as early:
        actions.release_retention(engine, contract_id, fx.clerk, on=date(2025, 10, 30))
    assert "2025-10-31" in early.value.message("zh")
    released = actions.release_retention(engine, contract_id, fx.clerk, on=date(2025, 10, 31))
    assert released.amount == D("6405.00")
    _approve_all(engine, fx)
    paid = sum(p[3] for p in _payments(engine, contract_id))
    assert paid == D("213500.00")  # every fen of the 审定价, and not one more

    with Session(engine) as session:
        chain = programme_chain(session, fx.programme_id)
    site = chain.sites[fx.site_id]
    assert (site.contract, site.changes, site.settled, site.audited) == (
        D("209000.00"), D("5000.00"), D("214000.00"), D("213500.00")
    )  # fmt: skip
    assert (chain.total.contract, chain.total.settled, chain.total.audited) == (
        D("209000.00"), D("214000.00"), D("213500.00")
    )  # fmt: skip


def test_a_payment_above_the_contract_is_refused_and_nothing_is_written(engine, fx):
    contract_id = _contract(engine, fx)
    _approve_all(engine, fx)
    # Three times the roof billed, measured without a change: 171,000 + nothing else; 80 %
    # = 136,800, less 17,100 recovered... within the cap. Ten times the roof is not:
    set_completed(engine, fx.roof_item, 10_000)
    with pytest.raises(Refused) as refused:
        actions.record_measurement(engine, contract_id, "2023-05", fx.clerk, today=TODAY)
    assert refused.value.key == "money.refused.over_contract"
    assert "209,000.00" in refused.value.message("zh")
    with Session(engine) as session:
        assert session.exec(select(Measurement)).all() == []
    assert len(_payments(engine, contract_id)) == 1  # the advance only


def test_approved_changes_raise_the_cap_and_only_they_do(engine, fx):
    terms = ContractTerms(**{**TERMS.__dict__, "progress_percent": "100"})
    contract_id = _contract(engine, fx, terms)
    set_completed(engine, fx.roof_item, 1000)
    set_completed(engine, fx.wall_item, 2000)
    actions.record_measurement(engine, contract_id, "2023-05", fx.clerk, today=TODAY)
    _approve_all(engine, fx)
    # 100 % of 209,000.00 less the whole advance: paid and asked = the 合同价 exactly.
    assert sum(p[3] for p in _payments(engine, contract_id)) == D("209000.00")
    # One square metre of roof more: 57,057.00 for the roof, 57.00 more than the contract.
    set_completed(engine, fx.roof_item, 1001)
    with pytest.raises(Refused) as refused:
        actions.record_measurement(engine, contract_id, "2023-06", fx.clerk, today=TODAY)
    assert refused.value.key == "money.refused.over_contract"
    change = actions.record_change(
        engine, contract_id, "variation", "屋面面积增加", "60", ["010902001001"], fx.clerk
    )
    with pytest.raises(Refused):  # pending is not approved: the cap has not moved
        actions.record_measurement(engine, contract_id, "2023-06", fx.clerk, today=TODAY)
    actions.approve_change(engine, change.id, 1, fx.checker)
    june = actions.record_measurement(engine, contract_id, "2023-06", fx.clerk, today=TODAY)
    assert (june.amount, june.other) == (D("57.00"), D("57.00"))


def test_two_approvers_at_once_one_wins(engine, fx):
    contract_id = _contract(engine, fx)
    with Session(engine) as session:
        (advance,), _ = pending(session, fx.programme_id)
    barrier = threading.Barrier(2)
    outcomes: list[object] = []

    def approve(actor) -> None:
        barrier.wait()
        try:
            outcomes.append(actions.approve_payment(engine, advance.id, advance.version, actor))
        except Refused as error:
            outcomes.append(error)

    threads = [threading.Thread(target=approve, args=(a,)) for a in (fx.checker, fx.second_checker)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    refused = [o for o in outcomes if isinstance(o, Refused)]
    assert len(outcomes) == 2 and len(refused) == 1
    assert refused[0].key == "money.refused.stale"
    with Session(engine) as session:
        assert _payments(engine, contract_id)[0][4] == "approved"
        approvals = session.exec(
            select(AuditEntry).where(
                AuditEntry.entity == "contract_payment", AuditEntry.action == "approve"
            )
        ).all()
        assert len(approvals) == 1


def test_a_stale_approval_and_an_approval_of_ones_own_are_refused(engine, fx):
    _contract(engine, fx)
    with Session(engine) as session:
        (advance,), _ = pending(session, fx.programme_id)
    with pytest.raises(Refused) as own:
        actions.approve_payment(engine, advance.id, advance.version, fx.clerk)
    assert own.value.key == "money.refused.same_person"
    with pytest.raises(Refused) as engineer:
        actions.approve_payment(engine, advance.id, advance.version, fx.engineer)
    assert engineer.value.key == "money.refused.read_only"
    actions.approve_payment(engine, advance.id, advance.version, fx.checker)
    with pytest.raises(Refused) as stale:  # the version the second checker had loaded
        actions.approve_payment(engine, advance.id, advance.version, fx.second_checker)
    assert stale.value.key == "money.refused.stale"


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("retention_percent", "3.5", "money.refused.term_range"),
        ("defects_months", 36, "money.refused.defects_months"),
        ("advance_percent", "40", "money.refused.term_range"),
        ("progress_percent", "60", "money.refused.term_range"),
        ("discount_percent", "五", "money.refused.nan"),
    ],
)
def test_contract_terms_outside_the_rules_are_refused_beside_their_field(
    engine, fx, field, value, key
):
    terms = ContractTerms(**{**TERMS.__dict__, field: value})
    with pytest.raises(Refused) as refused:
        _contract(engine, fx, terms)
    reasons = {r.field: r.key for r in refused.value.reasons}
    assert reasons == {field: key}
    with Session(engine) as session:
        assert session.exec(select(Contract)).all() == []


def test_a_bid_above_the_ceiling_is_refused(engine, fx):
    terms = ContractTerms(**{**TERMS.__dict__, "discount_percent": "", "bid_price": "220000.01"})
    with pytest.raises(Refused) as refused:
        _contract(engine, fx, terms)
    assert refused.value.key == "money.refused.bid_above_control"


def test_a_bid_price_is_shared_over_the_lines_to_the_fen(engine, fx):
    terms = ContractTerms(**{**TERMS.__dict__, "discount_percent": "", "bid_price": "200000.01"})
    contract_id = _contract(engine, fx, terms)
    with Session(engine) as session:
        assert session.get(Contract, contract_id).contract_price == D("200000.01")
        chain = programme_chain(session, fx.programme_id)
    # 200,000.01 × 60/220 = 54,545.4572…, × 160/220 = 145,454.5481…: the spare fen goes to
    # the larger remainder; the lines add up to the bid exactly.
    assert chain.sites[fx.site_id].contract == D("200000.01")


def test_material_adjustment_only_where_the_contract_allows_it(engine, fx):
    contract_id = _contract(engine, fx)
    with pytest.raises(Refused) as refused:
        actions.record_change(
            engine, contract_id, "material_adjustment", "钢材涨价", "1200", ["011001003001"],
            fx.clerk,
        )  # fmt: skip
    assert [r.key for r in refused.value.reasons] == ["money.refused.no_material_adjustment"]


def _funding(fx: Fixture, **values) -> FundingInput:
    base = {
        "programme_id": fx.programme_id, "kind": "disbursement", "source": "local",
        "entry_on": "2023-06-01", "document_no": "嘉财建〔2023〕12号", "amount": "1000.00",
        "site_id": fx.site_id,
    }  # fmt: skip
    return FundingInput(**{**base, **values})


def _budget(engine, fx: Fixture, site_id: int, amount: str = "300000") -> None:
    """A compound's 概算, the cost a disbursement is checked against before any contract."""
    actions.enter_budget(
        engine, fx.programme_id, site_id, amount, "嘉发改〔2023〕5号", "2023-02-20", fx.clerk,
        today=TODAY,
    )  # fmt: skip


def test_a_source_spent_on_works_it_does_not_cover_is_refused(engine, fx):
    _budget(engine, fx, fx.other_site_id)
    # The water company's money on the roof: refused, beside the source, naming the works.
    with pytest.raises(Refused) as refused:
        actions.record_funding(
            engine, _funding(fx, source="utility", scope_key="roof_waterproofing"), fx.clerk,
            today=TODAY,
        )  # fmt: skip
    (reason,) = refused.value.reasons
    assert reason.field == "source"
    assert reason.message("zh") == "管线/专营单位出资不能用于：屋面防水"
    # Nor on a compound's works as a whole when they include the roof …
    with pytest.raises(Refused):
        actions.record_funding(engine, _funding(fx, source="utility"), fx.clerk, today=TODAY)
    # … but on its own main, yes.
    done = actions.record_funding(
        engine, _funding(fx, source="utility", site_id=fx.other_site_id), fx.clerk, today=TODAY
    )
    assert done.amount == D("1000.00")


@pytest.mark.parametrize(
    ("values", "field", "key"),
    [
        ({"amount": "-500"}, "amount", "money.refused.not_positive"),
        ({"amount": "一千"}, "amount", "money.refused.nan"),
        ({"amount": "10.005"}, "amount", "money.refused.decimals"),
        ({"entry_on": "2026-01-16"}, "entry_on", "money.refused.future"),
        ({"document_no": " "}, "document_no", "money.refused.required"),
    ],
)
def test_a_bad_entry_is_refused_beside_its_field(engine, fx, values, field, key):
    with pytest.raises(Refused) as refused:
        actions.record_funding(engine, _funding(fx, **values), fx.clerk, today=TODAY)
    assert [(r.field, r.key) for r in refused.value.reasons] == [(field, key)]


def test_refusals_read_in_both_languages(engine, fx):
    with pytest.raises(Refused) as refused:
        actions.record_funding(engine, _funding(fx, amount="-1"), fx.clerk, today=TODAY)
    assert refused.value.messages("zh")[1] == "金额须大于零（-1.00）"
    assert refused.value.messages("en")[1] == "the amount must be above zero (-1.00)"
    assert t("money.source.utility", "en") == "Utility operators"


def _disbursed(engine, fx: Fixture) -> Decimal:
    with Session(engine) as session:
        return sum(
            (e.amount for e in session.exec(select(FundingEntry)).all()
             if e.kind == "disbursement" and e.site_id == fx.site_id),
            D("0.00"),
        )  # fmt: skip


def test_a_disbursement_may_not_take_a_compound_above_its_cost(engine, fx):
    # No 概算 and no contract yet: nothing to pay against.
    with pytest.raises(Refused) as none:
        actions.record_funding(engine, _funding(fx), fx.clerk, today=TODAY)
    assert [(r.field, r.key) for r in none.value.reasons] == [("amount", "money.refused.no_cost")]
    # Before a contract its cost is the 概算; 100,000.00 of 300,000.00 disbursed.
    _budget(engine, fx, fx.site_id, "300000")
    actions.record_funding(engine, _funding(fx, amount="100000"), fx.clerk, today=TODAY)
    # Once let, its cost is the 合同价, 209,000.00, the 总投资 its public page shows.
    _contract(engine, fx)
    with Session(engine) as session:
        assert public_funds(session, fx.site_id).investment == D("209000.00")
    second = _funding(fx, document_no="嘉财建〔2023〕13号", amount="109000.01")
    with pytest.raises(Refused) as over:
        actions.record_funding(engine, second, fx.clerk, today=TODAY)
    (reason,) = over.value.reasons
    assert reason.field == "amount"  # beside the amount typed
    assert reason.message("zh") == (
        "这笔拨付 109,000.01 元将使该小区累计拨付超过其总投资（合同价）209,000.00 元："
        "已拨付 100,000.00 元，最多还可拨付 109,000.00 元"
    )
    assert "total investment (Contract price), CNY 209,000.00" in reason.message("en")
    assert _disbursed(engine, fx) == D("100000.00")
    # Up to the fen of its cost is allowed; not one fen more.
    actions.record_funding(engine, replace(second, amount="109000.00"), fx.clerk, today=TODAY)
    assert _disbursed(engine, fx) == D("209000.00")
    third = _funding(fx, document_no="嘉财建〔2023〕14号", amount="0.01")
    with pytest.raises(Refused) as full:
        actions.record_funding(engine, third, fx.clerk, today=TODAY)
    assert "最多还可拨付 0.00 元" in full.value.reasons[0].message("zh")
    # An approved 签证 raises the cost, and the room to disburse, by its amount.
    change = actions.record_change(
        engine, _contract_id(engine), "site_instruction", "屋面基层局部修补", "5000",
        ["010902001001"], fx.clerk,
    )  # fmt: skip
    actions.approve_change(engine, change.id, 1, fx.checker)
    actions.record_funding(engine, replace(third, amount="5000"), fx.clerk, today=TODAY)
    assert _disbursed(engine, fx) == D("214000.00")


def test_a_disbursement_file_above_a_compounds_cost_is_refused_whole(engine, fx):
    """Each row within the cost, the file's rows together above it: the row that passes the
    cost is refused, and so is the file; nothing is written."""
    _budget(engine, fx, fx.site_id, "300000")
    data = (
        "日期,文号,资金来源,小区,金额\n"
        "2023-06-01,嘉财建〔2023〕21号,市县,示例测试小区,200000\n"
        "2023-06-02,嘉财建〔2023〕22号,省级,示例测试小区,100000.01\n"
    ).encode()
    with pytest.raises(Refused) as refused:
        actions.import_funding(
            engine, fx.programme_id, data, "拨付.csv", fx.clerk, payments=True, today=TODAY
        )
    assert [(r.row, r.reason.key) for r in refused.value.reasons] == [
        (3, "money.refused.over_cost")
    ]
    assert "最多还可拨付 100,000.00 元" in refused.value.messages("zh")[1]
    assert _disbursed(engine, fx) == D("0.00")
    done = actions.import_funding(
        engine, fx.programme_id, data.replace(b"100000.01", b"100000.00"), "拨付.csv",
        fx.clerk, payments=True, today=TODAY,
    )  # fmt: skip
    assert done.total == D("300000.00") == _disbursed(engine, fx)


def _contract_id(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(Contract.id)).one()


def test_a_double_submit_stores_once(engine, fx):
    entry = _funding(fx, kind="allocation", source="central_subsidy")
    actions.record_funding(engine, entry, fx.clerk, today=TODAY)
    with pytest.raises(Refused) as again:
        actions.record_funding(engine, entry, fx.clerk, today=TODAY)
    assert again.value.key == "money.refused.duplicate"
    contract_id = _contract(engine, fx)
    change = ("variation", "屋面加厚", "800", ["010902001001"])
    actions.record_change(engine, contract_id, *change, fx.clerk)
    with pytest.raises(Refused) as twice:
        actions.record_change(engine, contract_id, *change, fx.clerk)
    assert twice.value.key == "money.refused.duplicate_change"
    with pytest.raises(Refused) as code:  # the same 标段 twice
        _contract(engine, fx)
    assert code.value.key == "money.refused.units_taken"
    with Session(engine) as session:
        assert len(session.exec(select(Contract)).all()) == 1


def test_many_visitors_at_once_compute_a_programme_chain_once(engine, fx, monkeypatch):
    """Residents' first page views after a start (or an edit) all need the programme's chain:
    they wait for one computation instead of each computing it (#19's load)."""
    from planner.money import chain as chain_module

    real = chain_module._programme_chain
    computed: list[int] = []

    def slow_chain(session, programme_id):
        computed.append(programme_id)
        time_module.sleep(0.3)  # long enough for every thread to be waiting
        return real(session, programme_id)

    monkeypatch.setattr(chain_module, "_programme_chain", slow_chain)
    chain_module._CACHE.clear()
    found: list[object] = []
    failures: list[BaseException] = []

    def visit() -> None:
        try:
            with Session(engine) as session:
                found.append(programme_chain(session, fx.programme_id))
        except BaseException as exc:  # noqa: BLE001  (reported below)
            failures.append(exc)

    threads = [threading.Thread(target=visit) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures
    assert len(found) == 8
    assert computed == [fx.programme_id]
    assert all(chain is found[0] for chain in found)
    assert chain_module._COMPUTING.idle()  # nothing left behind for the next version


def _chains_computed(monkeypatch) -> list[int]:  # noqa: ANN001
    """The programmes whose chain is computed from now on (not taken from the cache)."""
    from planner.money import chain as chain_module

    computed: list[int] = []
    real = chain_module._programme_chain
    monkeypatch.setattr(
        chain_module,
        "_programme_chain",
        lambda session, programme_id: computed.append(programme_id) or real(session, programme_id),
    )
    return computed


def test_the_start_up_computes_each_programme_chain_before_the_first_visitor(
    engine, fx, monkeypatch, tmp_path
):
    """After a process's warm-up the first resident's page finds the chain computed."""
    from planner.money import chain as chain_module
    from planner.runtime.warmup import warm_up

    chain_module._CACHE.clear()
    warm_up(engine, tmp_path / "static")
    computed = _chains_computed(monkeypatch)
    with Session(engine) as session:
        programme_chain(session, fx.programme_id)
    assert computed == []


def test_a_residents_message_leaves_the_chain_cached_a_money_entry_does_not(
    engine, fx, monkeypatch
):
    """Feedback leaves an audit entry; the cost chain is not made from it, so the next
    compound page does not recompute the programme's chain. A funding entry does."""

    with Session(engine) as session:
        programme_chain(session, fx.programme_id)
    computed = _chains_computed(monkeypatch)
    from planner.portal.actions import submit_feedback
    from planner.portal.feedback import Feedback

    message = Feedback(fx.site_id, "楼道灯不亮，请尽快维修", "other")
    submit_feedback(engine, message, client="10.0.0.1")
    with Session(engine) as session:
        assert session.exec(select(AuditEntry).where(AuditEntry.entity == "suggestion")).first()
        programme_chain(session, fx.programme_id)
    assert computed == []
    actions.record_funding(
        engine, _funding(fx, kind="allocation", source="central_subsidy"), fx.clerk, today=TODAY
    )
    with Session(engine) as session:
        programme_chain(session, fx.programme_id)
    assert computed == [fx.programme_id]
