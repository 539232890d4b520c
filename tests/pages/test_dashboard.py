"""The programme dashboard page: 2023 figures, estimate checks and the next-year planner."""

from __future__ import annotations

import io
import json
import os
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlalchemy import func
from sqlmodel import Session, select

from db.models import AuditEntry, Building, Programme, Site, UserAccount, WorkItem
from db.session import make_engine
from planner.boq.bill import BoqOptions
from planner.boq.selection import resolve_selection
from planner.boq_workbook.workbook import export_bill
from planner.money.chain import programme_chain
from planner.money.wording import parse_yuan
from planner.settings import PlannerSettings
from planner.works.dashboard import format_yuan, programme_figures
from planner.works.estimates import EstimateParameters
from planner.works.templates import ProgrammeDraft, preview_plan
from tests.pages.conftest import page_text, shown

PAGE = "pages/dashboard.py"


def _query(fn):
    """Run ``fn(session)`` on the app's database."""
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    try:
        with Session(engine) as session:
            return fn(session)
    finally:
        engine.dispose()


def _ids(session: Session) -> dict[str, int]:
    return {
        "p2023": session.exec(select(Programme.id).where(Programme.key == "p2023")).one(),
        "guanghui": session.exec(select(Site.id).where(Site.name_zh == "广汇小区")).one(),
    }


def _open(app, **state):
    at = app
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def test_dashboard_shows_the_2023_figures_and_budget(app):
    ids = _query(_ids)
    at = _open(app)
    at.selectbox(key="dash_programme_zh").set_value(ids["p2023"]).run()
    assert not at.exception
    metrics = {shown(m.label): m.value for m in at.metric}
    assert metrics["小区"] == "19"
    assert metrics["有工程的楼栋"] == "179"
    assert metrics["涉及居民（户）"] == "6,757"
    assert metrics["进度（按造价加权）"] == "100%"
    budget = _query(lambda s: programme_figures(s, ids["p2023"]).budget)
    # Σ quantity × rate appears only as the 估算, labelled so; the rest is the cost chain.
    estimate = parse_yuan(metrics["估算（工程量×单价）"])
    assert estimate == _query(lambda s: programme_chain(s, ids["p2023"]).total.estimate)
    assert float(estimate) == pytest.approx(budget.planned_yuan, abs=0.2)  # the same sum
    # In 元 to the fen, thousands grouped, as the cost chain's tiles beside it (not 万元).
    spent = metrics["已完成工程估算（完成量×单价）"]
    assert spent.endswith(" 元") and "," in spent
    assert float(parse_yuan(spent)) == pytest.approx(budget.spent_yuan, abs=0.01)
    assert not [label for label in metrics if "计划投资" in label]
    assert set(metrics) >= {"概算（批复）", "合同价", "变更/签证（已批准）", "结算价", "审定价"}
    # The sample's retentions fell due in 2025 and four are not released: staff are told.
    assert "4 笔质保金将在 60 天内到期或已到期" in page_text(at)
    quantities = at.dataframe[0].value
    completed = dict(zip(quantities["改造内容"], quantities["已完成"], strict=True))
    assert completed["屋面防水"] == 143_500
    # Shown as on the overview: the share done as a bar with its "42%", amounts grouped.
    columns = json.loads(at.dataframe[0].proto.columns)
    assert columns["完成率"]["type_config"]["type"] == "progress"
    assert columns["完成率"]["type_config"]["format"] == "%.0f%%"
    for amount in ("计划", "已完成", "估算（元）", "已完成估算（元）"):
        assert columns[amount]["type_config"]["format"] in ("localized", "accounting")


def test_dashboard_flags_the_roof_and_paint_quantities_of_the_chosen_compound(app):
    # The report's roof and paint totals are 1.5 and 1.8 times what the sample's walk-ups
    # give (geodata/sample/README.md); insulation matches its estimate.
    ids = _query(_ids)
    at = _open(app, map_selected_site=ids["guanghui"])
    at.selectbox(key="dash_programme_zh").set_value(ids["p2023"]).run()
    table = at.dataframe[1].value
    assert len(table) == 23
    assert set(table["需复核"]) == {"⚠ 屋面防水、外墙涂料及外墙漆"}
    assert "23 栋楼的录入工程量需复核" in page_text(at)
    assert "EPSG:4542" in page_text(at)


def test_dashboard_in_english(app):
    ids = _query(_ids)
    at = _open(app)
    at.sidebar.radio[0].set_value("en").run()
    at.selectbox(key="dash_programme_en").set_value(ids["p2023"]).run()
    assert not at.exception
    metrics = {shown(m.label): m.value for m in at.metric}
    assert metrics["Compounds"] == "19"
    assert metrics["Estimate (quantity × rate)"].startswith("CNY ")
    assert metrics["Tender ceiling (控制价)"].startswith("CNY ")


def test_the_programme_cost_equals_the_exported_bill_to_the_fen(app):
    """The 招标控制价 on the dashboard is the total the exported bill prints, fen for fen."""
    ids = _query(_ids)
    at = _open(app)
    at.selectbox(key="dash_programme_zh").set_value(ids["p2023"]).run()
    shown = parse_yuan({m.label: m.value for m in at.metric}["招标控制价"])

    def exported(session: Session) -> tuple[Decimal, Decimal]:
        selection = resolve_selection(session, year=2023, site_name=None)
        bill, data = export_bill(session, selection, BoqOptions())
        sheet = load_workbook(io.BytesIO(data), data_only=True)["表-02 建设项目汇总"]
        total = next(
            sheet.cell(r, 3).value
            for r in range(1, sheet.max_row + 1)
            if sheet.cell(r, 1).value == "合计"
        )
        return Decimal(str(total)).quantize(Decimal("0.01")), bill.total

    printed, computed = _query(exported)
    assert shown == printed == computed


def test_next_year_previews_the_budget_and_saves_it(app):
    ids = _query(_ids)
    at = _open(app, map_selected_site=ids["guanghui"])
    assert at.multiselect(key="ny_sites").value == [ids["guanghui"]]  # from the map
    assert "已预选地图上选中的小区：广汇小区" in page_text(at)
    at.number_input(key="ny_year").set_value(2030).run()
    assert at.text_input(key="ny_key").value == "p2030"
    assert at.text_input(key="ny_name_zh").value == "2030年老旧小区改造"
    at.multiselect(key="ny_templates").set_value(["envelope", "mains"]).run()
    assert not at.exception

    buildings = _query(
        lambda s: tuple(
            s.exec(select(Building.id).where(Building.site_id == ids["guanghui"])).all()
        )
    )
    params = EstimateParameters.from_settings(PlannerSettings())
    draft = ProgrammeDraft(
        "p2030", 2030, "x", site_ids=(ids["guanghui"],), building_ids=buildings,
        template_keys=("envelope", "mains"),
    )  # fmt: skip
    expected = _query(lambda s: preview_plan(s, draft, params=params))
    metrics = {shown(m.label): m.value for m in at.metric}
    assert metrics["估算投资"] == format_yuan(expected.total_yuan, "zh")
    assert metrics["计划工程项目"] == str(23 * 3 + 3)

    at.button(key="ny_save").click().run()
    assert not at.exception
    assert not at.error
    assert "已保存计划 p2030" in at.success[0].value

    def saved(session: Session):
        programme = session.exec(select(Programme).where(Programme.key == "p2030")).one()
        items = session.exec(
            select(func.count()).where(WorkItem.programme_id == programme.id)
        ).one()
        planned = programme_figures(session, programme.id).budget.planned_yuan
        actors = set(
            session.exec(
                select(AuditEntry.actor, AuditEntry.username, AuditEntry.user_id).where(
                    AuditEntry.actor == "staff_wang"
                )
            ).all()
        )
        return programme.name_zh, items, planned, actors

    name, items, planned, actors = _query(saved)
    assert (name, items) == ("2030年老旧小区改造", 23 * 3 + 3)
    # Every entry names the account, not only its display name.
    staff_id = _query(
        lambda s: s.exec(select(UserAccount.id).where(UserAccount.username == "staff_wang")).one()
    )
    assert actors == {("staff_wang", "staff_wang", staff_id)}
    assert planned == expected.total_yuan


def test_next_year_refuses_a_duplicate_key(app):
    ids = _query(_ids)
    at = _open(app, map_selected_site=ids["guanghui"])
    at.text_input(key="ny_key").set_value("p2023").run()
    at.button(key="ny_save").click().run()
    assert not at.exception
    assert "计划编号“p2023”已存在" in at.error[0].value
    assert not at.success
    count = _query(lambda s: s.exec(select(func.count()).select_from(Programme)).one())
    assert count == 4


def test_next_year_refuses_an_empty_name(app):
    at = _open(app)
    at.text_input(key="ny_name_zh").set_value("  ").run()
    at.button(key="ny_save").click().run()
    assert "请填写计划名称（中文）" in at.error[0].value


def test_next_year_shows_an_empty_preview_without_compounds(app):
    at = _open(app)
    assert at.multiselect(key="ny_sites").value == []
    metrics = {shown(m.label): m.value for m in at.metric}
    assert metrics["计划工程项目"] == "0"
