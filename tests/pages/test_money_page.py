"""The money page as staff and engineers use it (AppTest on the seeded sample): the chain to
the fen, a refusal beside its field with what was typed kept, approvals by a second person,
engineers reading only."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from sqlmodel import Session, select

from db.models import ContractChange, ContractPayment, FundingEntry, Programme, Site
from db.session import make_engine, session_scope
from pages._auth import TOKEN_KEY
from planner.accounts.access import Role
from planner.accounts.sessions import issue_login_token
from planner.accounts.users import create_user
from planner.money.chain import programme_chain
from planner.money.wording import parse_yuan
from tests.pages.conftest import log_in_as, page_text, shown

PAGE = "pages/money.py"


def _engine():
    return make_engine(os.environ["PLANNER_DATABASE_URL"])


def _query(fn):
    engine = _engine()
    try:
        with Session(engine) as session:
            return fn(session)
    finally:
        engine.dispose()


def _p2023() -> int:
    return _query(lambda s: s.exec(select(Programme.id).where(Programme.key == "p2023")).one())


def _open(at, **state):
    state.setdefault("money_programme", _p2023())
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _button(at, key):
    return next(b for b in at.button if b.key == key)


def test_the_chain_shows_every_stage_to_the_fen(app):
    at = _open(app)
    metrics = {shown(m.label): m.value for m in at.metric}
    chain = _query(lambda s: programme_chain(s, _p2023()).total)
    assert parse_yuan(metrics["招标控制价"]) == chain.control
    assert parse_yuan(metrics["估算（工程量×单价）"]) == chain.estimate
    assert parse_yuan(metrics["合同价"]) == chain.contract
    assert metrics["结算价"] == "—"  # one 标段 is not settled yet
    text = page_text(at)
    assert "1 个小区的招标控制价高于其概算，尚未报批" in text
    assert "示例数据" in text
    table = at.dataframe[0].value
    flagged = table[table["控制价超概算"] != ""]
    assert list(flagged["小区"]) == ["广汇小区"]


def test_a_refused_entry_keeps_what_was_typed_and_says_why_beside_it(app):
    at = _open(app)
    at.text_input(key="money_funding_amount").input("-500")
    at.text_input(key="money_funding_document").input("嘉财〔2023〕9号")
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception
    assert "金额须大于零（-500.00）" in [shown(e.value) for e in at.error]
    assert at.text_input(key="money_funding_document").value == "嘉财〔2023〕9号"
    assert at.text_input(key="money_funding_amount").value == "-500"
    count = _query(
        lambda s: len(
            s.exec(select(FundingEntry).where(FundingEntry.document_no == "嘉财〔2023〕9号")).all()
        )
    )
    assert count == 0


def _in_order(block) -> list:
    """The page's elements in the order a person reads them (blocks opened)."""
    found = []
    for child in getattr(block, "children", {}).values():
        found.append(child)
        found.extend(_in_order(child))
    return found


def test_a_disbursement_above_the_compounds_cost_is_refused_beside_the_amount(app):
    """示例小区12 is paid its 审定价 in full: one fen more is refused, the reason shown under
    the amount typed, and nothing is written."""
    at = _open(app)
    site = _query(
        lambda s: s.exec(select(Site.id).where(Site.name_zh == "示例小区12（样例）")).one()
    )
    at.selectbox(key="money_funding_kind").set_value("disbursement")
    at.selectbox(key="money_funding_source").set_value("local")
    at.selectbox(key="money_funding_site").set_value(site)
    at.text_input(key="money_funding_amount").input("0.01")
    at.text_input(key="money_funding_document").input("嘉财建〔2024〕31号")
    next(b for b in at.button if b.label == "保存").click().run()
    assert not at.exception
    elements = _in_order(at.main)
    amount = next(
        i for i, e in enumerate(elements) if getattr(e, "key", None) == "money_funding_amount"
    )
    reason = shown(elements[amount + 1].value)
    assert reason.startswith("这笔拨付 0.01 元将使该小区累计拨付超过其总投资（审定价）")
    assert "最多还可拨付 0.00 元" in reason
    written = _query(
        lambda s: s.exec(
            select(FundingEntry).where(FundingEntry.document_no == "嘉财建〔2024〕31号")
        ).all()
    )
    assert written == []


def test_a_second_person_approves_the_pending_payment(app, role_tokens):
    at = _open(app)
    pending = _query(
        lambda s: s.exec(select(ContractPayment).where(ContractPayment.status == "pending")).one()
    )
    assert "示例经办人" in page_text(at)  # who asked, shown beside the amount
    _button(at, f"approve_payment_{pending.id}").click().run()
    assert not at.exception
    assert any("已审核通过" in s.value for s in at.success)
    status = _query(lambda s: s.get(ContractPayment, pending.id).status)
    assert status == "approved"


def test_one_cannot_approve_what_one_asked_for(anonymous_app, role_tokens):
    engine = _engine()
    with session_scope(engine) as session:
        clerk = create_user(session, username="clerk_li", password="test password 2023",
                            role=Role.STAFF)  # fmt: skip
        token = issue_login_token(session, clerk)
    engine.dispose()
    at = anonymous_app
    at.session_state[TOKEN_KEY] = token
    at = _open(at)
    at.text_area(key="money_change_reason").input("屋面基层修补")
    at.text_input(key="money_change_amount").input("1200")
    at.multiselect(key="money_change_lines").select(
        at.multiselect(key="money_change_lines").options[0]
    )
    next(b for b in at.button if b.label == "登记").click().run()
    assert any("已登记" in s.value for s in at.success), [e.value for e in at.error]
    mine = _query(
        lambda s: s.exec(
            select(ContractChange).where(ContractChange.requested_by == "clerk_li")
        ).one()
    )
    _button(at, f"approve_change_{mine.id}").click().run()
    assert any("申请人不能审核自己的申请" in e.value for e in at.error)
    assert _query(lambda s: s.get(ContractChange, mine.id).status) == "pending"


def test_engineers_read_the_money_but_get_no_forms(anonymous_app, role_tokens):
    at = log_in_as(anonymous_app, Role.ENGINEER, role_tokens)
    at = _open(at)
    assert "工程师账户只能查看" in page_text(at)
    assert at.metric.len == 7
    assert not [b for b in at.button if str(b.key).startswith("approve_")]
    assert at.text_input.len == 0


@pytest.mark.parametrize("lang", ["en"])
def test_the_page_in_english(app, lang):
    at = _open(app)
    at.sidebar.radio[0].set_value(lang).run()
    at.selectbox(key=f"money_programme_{lang}").set_value(_p2023()).run()
    metrics = {shown(m.label): m.value for m in at.metric}
    assert metrics["Tender ceiling (控制价)"].startswith("CNY ")
    assert Decimal(0) < parse_yuan(metrics["Contract price"])
