"""The money commands and the ministry's report, run as the bureau would run them."""

from __future__ import annotations

import io
import json
from datetime import date, timedelta
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from sqlmodel import Session, func, select

from db.models import FundingEntry, Programme
from planner.money.chain import programme_chain
from tests.planner.test_boq_recalc import soffice
from tests.report_figures import REPORT_2023
from tests.test_cli import run_planner

#: The report's content quantities, from the seed's figures (m → km for the mains).
CONTENT_2023 = {
    "water_supply_km": Decimal(REPORT_2023["completed"]["water_supply_main"]) / 1000,
    "drainage_km": Decimal(REPORT_2023["completed"]["drainage_main"]) / 1000,
    "heating_km": Decimal(REPORT_2023["completed"]["heating_main"]) / 1000,
    "parking_spaces": Decimal(REPORT_2023["completed"]["parking_spaces"]),
    "energy_retrofit_m2": Decimal(REPORT_2023["completed"]["wall_insulation"]),
}


def _url(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def test_ministry_report_json_equals_the_seed(db_url):
    result = run_planner("report", "ministry", "--year", "2023", "--json", url=db_url)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["compounds"], data["buildings"], data["households"]) == (
        REPORT_2023["compounds"],
        REPORT_2023["buildings"],
        REPORT_2023["households"],
    )
    for key, value in CONTENT_2023.items():
        assert Decimal(data["content"][key]) == value, key
    # What the data cannot fill is empty and said so, never estimated.
    assert data["content"]["gas_km"] is None and data["content"]["charging_piles"] is None
    unfilled = {u["column"] for u in data["unfilled"]}
    assert {"建筑面积（万平方米）", "改造供气管线（公里）", "增设充电桩（个）"} <= unfilled
    assert all(row[6] is None for row in data["rows"])  # 建筑面积
    assert data["illustrative"] is True and data["as_of"] == "2023-12-31"
    assert len(data["rows"]) == 19 and len(data["columns"]) == len(data["rows"][0])
    assert sum(row[4] for row in data["rows"]) == REPORT_2023["buildings"]


def test_ministry_report_by_month_counts_what_had_started_and_finished(seeded_engine):
    june = run_planner(
        "report", "ministry", "--year", "2023", "--month", "6", "--json", url=_url(seeded_engine)
    )
    data = json.loads(june.stdout)
    assert data["as_of"] == "2023-06-30"
    assert data["started"] == 19 and data["finished"] == 0  # every compound ran to autumn
    year = json.loads(
        run_planner(
            "report", "ministry", "--year", "2023", "--json", url=_url(seeded_engine)
        ).stdout
    )
    assert Decimal(data["investment"]["completed"]) < Decimal(year["investment"]["completed"])
    assert year["finished"] == 19


def test_ministry_report_xlsx_opens_in_libreoffice_with_its_totals(seeded_engine, tmp_path):
    out = tmp_path / "ministry_2023.xlsx"
    result = run_planner(
        "report", "ministry", "--year", "2023", "--out", str(out), "--json", url=_url(seeded_engine)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    # LibreOffice opens the file and recalculates every total row formula.
    done = load_workbook(soffice(out, tmp_path, "xlsx"), data_only=True)
    sheet = done["调度表"]
    header = [sheet.cell(2, c).value for c in range(1, sheet.max_column + 1)]
    assert header == data["columns"]
    total_row = next(r for r in range(3, sheet.max_row + 1) if sheet.cell(r, 2).value == "合计")
    totals = {name: sheet.cell(total_row, c).value for c, name in enumerate(header, start=1)}
    assert totals["楼栋数（栋）"] == REPORT_2023["buildings"]
    assert totals["户数（户）"] == REPORT_2023["households"]
    assert Decimal(str(totals["改造供水管线（公里）"])) == CONTENT_2023["water_supply_km"]
    assert totals["增设停车位（个）"] == REPORT_2023["completed"]["parking_spaces"]
    assert totals["改造供气管线（公里）"] is None  # left empty, not zero
    planned = Decimal(str(totals["计划投资（元）"])).quantize(Decimal("0.01"))
    assert planned == Decimal(data["investment"]["planned"])
    notes = [done["说明"].cell(r, 1).value for r in range(1, done["说明"].max_row + 1)]
    assert "留空：建筑面积（万平方米）" in notes and "示例数据" in notes


def test_money_summary_prints_the_chain_with_the_bills_ceiling(seeded_engine):
    result = run_planner(
        "money", "summary", "--programme", "p2023", "--json", url=_url(seeded_engine)
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    with Session(seeded_engine) as session:
        programme_id = session.exec(select(Programme.id).where(Programme.key == "p2023")).one()
        chain = programme_chain(session, programme_id).total
    assert Decimal(data["chain"]["control"]) == chain.control
    assert list(data["chain"]) == [
        "estimate",
        "budget",
        "control",
        "contract",
        "changes",
        "settled",
        "audited",
    ]
    assert data["compounds_control_above_budget"] == ["广汇小区"]
    assert (data["contracts"], data["settled_contracts"]) == (6, 5)
    text = run_planner("money", "summary", "--programme", "p2023", url=_url(seeded_engine))
    assert "招标控制价" in text.stdout and f"{chain.control:,}" in text.stdout
    missing = run_planner("money", "summary", "--programme", "p1999", url=_url(seeded_engine))
    assert missing.returncode == 1 and "no programme p1999" in missing.stderr


def _entries(engine) -> int:
    with Session(engine) as session:
        return session.exec(select(func.count()).select_from(FundingEntry)).one()


def test_an_allocation_file_with_bad_rows_is_refused_whole_with_each_row_and_reason(
    seeded_engine, tmp_path
):
    future = (date.today() + timedelta(days=3)).isoformat()
    path = tmp_path / "allocations.csv"
    path.write_text(
        "日期,文号,资金来源,小区,金额,类型\n"
        "2023-03-01,嘉财〔2023〕1号,中央财政补助,广汇小区,100000.00,下达\n"
        "2023-03-02,嘉财〔2023〕2号,省级,广汇小区,-500,下达\n"
        "2023-03-03,嘉财〔2023〕3号,市县,广汇小区,十万,下达\n"
        f"{future},嘉财〔2023〕4号,市县,广汇小区,2000,到位\n",
        encoding="utf-8",
    )
    before = _entries(seeded_engine)
    result = run_planner(
        "money", "import-allocations", str(path), "--programme", "p2023", url=_url(seeded_engine)
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0] == "文件有 3 行不能导入，未写入任何数据："
    assert lines[1:] == [
        "第 3 行：金额须大于零（-500.00）",
        "第 4 行：「十万」不是数字",
        f"第 5 行：日期 {future} 晚于今天",
    ]
    assert _entries(seeded_engine) == before


def test_a_disbursement_file_with_a_negative_a_word_and_a_future_date_is_refused(
    seeded_engine, tmp_path
):
    future = (date.today() + timedelta(days=1)).isoformat()
    path = tmp_path / "payments.csv"
    path.write_text(
        "日期,文号,资金来源,小区,金额,标段\n"
        "2023-12-01,拨〔2023〕1号,中央财政补助,广汇小区,100000.00,BD-01\n"
        "2023-12-02,拨〔2023〕2号,省级,广汇小区,-0.01,BD-01\n"
        "2023-12-03,拨〔2023〕3号,市县,广汇小区,壹佰元,BD-01\n"
        f"{future},拨〔2023〕4号,市县,广汇小区,2000,BD-01\n",
        encoding="utf-8",
    )
    before = _entries(seeded_engine)
    result = run_planner(
        "money", "import-payments", str(path), "--programme", "p2023", url=_url(seeded_engine)
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == [
        "第 3 行：金额须大于零（-0.01）",
        "第 4 行：「壹佰元」不是数字",
        f"第 5 行：日期 {future} 晚于今天",
    ]
    assert _entries(seeded_engine) == before


def test_a_good_allocation_file_checks_then_imports(seeded_engine, tmp_path):
    path = tmp_path / "allocations.csv"
    path.write_bytes(  # GBK, as Excel on a Chinese Windows saves a CSV
        "日期,文号,资金来源,小区,金额\n2023-03-01,嘉财〔2023〕1号,社会资本,广汇小区,1000.50\n"
        "2023-03-05,嘉财〔2023〕2号,市县财政资金,,2000\n".encode("gb18030")
    )
    before = _entries(seeded_engine)
    url = _url(seeded_engine)
    dry = run_planner(
        "money", "import-allocations", str(path), "--programme", "p2023", "--dry-run", url=url
    )
    assert dry.returncode == 0, dry.stderr
    assert "检查通过：2 行，合计 3,000.50 元" in dry.stdout
    assert _entries(seeded_engine) == before
    done = run_planner("money", "import-allocations", str(path), "--programme", "p2023", url=url)
    assert "已导入 2 行" in done.stdout
    assert _entries(seeded_engine) == before + 2


def test_a_payment_of_utility_money_on_roofs_is_refused(seeded_engine, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["日期", "文号", "资金来源", "小区", "改造内容", "金额", "标段"])
    sheet.append(
        [date(2023, 12, 1), "拨〔2023〕7号", "管线单位", "广汇小区", "屋面防水", 500, "BD-01"]
    )
    sheet.append(
        [date(2023, 12, 1), "拨〔2023〕8号", "管线单位", "广汇小区", "供热主管", 500.25, "BD-01"]
    )
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "payments.xlsx"
    path.write_bytes(buffer.getvalue())
    result = run_planner(
        "money", "import-payments", str(path), "--programme", "p2023", url=_url(seeded_engine)
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[1:] == ["第 2 行：管线/专营单位出资不能用于：屋面防水"]
