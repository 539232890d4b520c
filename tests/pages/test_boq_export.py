"""The bill-of-quantities page, used as an engineer would (AppTest)."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from db.models import Building, Programme, Site
from db.session import make_engine
from planner.accounts.access import Role
from planner.boq.rates import load_rates
from planner.boq_workbook.workbook import QUANTITIES_SHEET
from tests.pages.conftest import log_in_as, page_text
from tests.report_figures import REPORT_2023

PAGE = "pages/boq_export.py"
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def engineer_app(anonymous_app, role_tokens):
    """The app logged in as a cost engineer."""
    return log_in_as(anonymous_app, Role.ENGINEER, role_tokens)


def _query(fn):
    engine = make_engine(os.environ["PLANNER_DATABASE_URL"])
    try:
        with Session(engine) as session:
            return fn(session)
    finally:
        engine.dispose()


def _p2023() -> int:
    return _query(lambda s: s.exec(select(Programme.id).where(Programme.key == "p2023")).one())


def _open(at, **state):
    """Open the page on the 2023 compound programme (the page itself opens on the programme
    people follow now, ``programme_to_show``)."""
    state.setdefault("boq_programme", _p2023())
    for key, value in state.items():
        at.session_state[key] = value
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def _generate(at):
    next(b for b in at.button if b.key == "boq_generate").click().run()
    assert not at.exception, at.exception
    return at


def _downloads(at) -> list:
    return list(at.get("download_button"))


def _workbook(at):
    return load_workbook(io.BytesIO(at.session_state["boq_result"]["xlsx"]))


def _cells(wb) -> dict[str, list[tuple]]:
    """Every sheet's cell values and formulas, row by row."""
    return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in wb}


def test_page_exports_the_2023_programme_with_a_download(engineer_app):
    at = _generate(_open(engineer_app))
    assert "2025-09-01" in page_text(at)  # the edition warning
    # Per profession (the default, as the dashboard's 控制价), the pipes' fee sets stated.
    assert any("19 个单项工程、57 个单位工程" in s.value for s in at.success)
    assert "管道按其编码所属专业取费" in page_text(at)
    assert any("未核实的取费费率" in w.value for w in at.warning)
    labels = [d.proto.label for d in _downloads(at)]
    assert "下载 Excel（.xlsx）" in labels and "下载 CSV" in labels
    xlsx = next(d for d in _downloads(at) if d.proto.label == "下载 Excel（.xlsx）")
    assert xlsx.proto.url  # the file is served by the app's media store
    wb = _workbook(at)
    summary = wb[QUANTITIES_SHEET]
    quantities = {summary.cell(r, 2).value: summary.cell(r, 6).value for r in range(1, 80)}
    assert "表-08 分部分项" in wb.sheetnames and "表-13 规费税金" in wb.sheetnames
    assert quantities["屋面防水"] == REPORT_2023["completed"]["roof_waterproofing"]
    assert quantities["供热主管"] == REPORT_2023["completed"]["heating_main"]
    assert any("未核实" in w.value for w in at.warning)  # the bill's UNVERIFIED codes
    # The tender's bill without prices, from the same bill: its own download.
    assert "下载招标工程量清单（不含价格）" in labels
    tender = load_workbook(io.BytesIO(at.session_state["boq_result"]["unpriced"]))
    assert "表-08 分部分项" in tender.sheetnames and "表-04 单位工程汇总" not in tender.sheetnames
    assert tender["封面"]["A4"].value == "招 标 工 程 量 清 单"
    assert "补充项目" in tender.sheetnames and "补充项目" in wb.sheetnames
    # One 室外配套 unit, as the engineer may choose: 58 units, its fee set and the difference
    # from the programme's 控制价 stated under the choice.
    at.radio(key="boq_outdoor").set_value("combined").run()
    assert "室外配套工程按市政工程（04）取费" in page_text(at)
    assert "与本导出的合计不同" in page_text(at)
    at = _generate(at)
    assert any("19 个单项工程、58 个单位工程" in s.value for s in at.success)


def test_page_and_command_line_make_the_same_workbook(engineer_app, tmp_path):
    at = _open(engineer_app)
    at.radio(key="boq_scope").set_value("site").run()
    guanghui = _query(lambda s: s.exec(select(Site.id).where(Site.name_zh == "广汇小区")).one())
    p2023 = _query(lambda s: s.exec(select(Programme.id).where(Programme.key == "p2023")).one())
    at.selectbox(key=f"boq_site_{p2023}").set_value(guanghui).run()
    at.radio(key="boq_edition").set_value("2024").run()
    page_wb = _workbook(_generate(at))

    out = tmp_path / "cli.xlsx"
    result = subprocess.run(
        [sys.executable, "-m", "planner.cli", "export-boq", "--year", "2023"]
        + ["--site", "广汇小区", "--edition", "2024", "--out", str(out)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    cli_wb = load_workbook(out)
    assert page_wb.sheetnames == cli_wb.sheetnames
    assert "表-04 单位工程汇总" in page_wb.sheetnames
    assert _cells(page_wb) == _cells(cli_wb)


def test_map_selection_exports_the_selected_buildings(engineer_app):
    ids = _query(
        lambda s: s.exec(
            select(Site.id, Building.id)
            .join(Building, Building.site_id == Site.id)
            .where(Site.name_zh == "广汇小区", Building.number == "3")
        ).one()
    )
    at = _open(engineer_app, map_selected_site=ids[0], map_selected_building=ids[1])
    at.radio(key="boq_scope").set_value("map").run()
    assert "广汇小区 的 1 栋楼（3）" in page_text(at)
    _generate(at)
    wb = _workbook(at)
    assert wb["表-03 单项工程汇总"]["A2"].value == "工程名称：广汇小区"
    names = {r["项目名称"] for r in at.session_state["boq_result"]["preview"]}
    assert names == {
        "屋面卷材防水",
        "保温隔热墙面",
        "墙面喷刷涂料",
        "防水层拆除",
        "外脚手架",
        "垂直运输",
    }


def test_a_link_with_a_site_opens_on_the_map_selection(engineer_app):
    site_id = _query(lambda s: s.exec(select(Site.id).where(Site.name_zh == "安环南小区")).one())
    at = engineer_app.run()
    at.switch_page(PAGE)
    at.query_params["site"] = str(site_id)
    at.run()
    assert not at.exception
    assert at.radio(key="boq_scope").value == "map"
    assert "安环南小区（全部楼栋及小区级工程）" in page_text(at)


def test_nothing_selected_on_the_map_says_so(engineer_app):
    at = _open(engineer_app)
    at.radio(key="boq_scope").set_value("map").run()
    assert "尚未选中" in page_text(at)
    assert not [b for b in at.button if b.key == "boq_generate"]


def test_catalogue_marks_unverified_codes(engineer_app):
    at = _open(engineer_app)
    table = next(df.value for df in at.dataframe if "编码状态" in df.value.columns)
    status = dict(zip(table["改造内容"], table["编码状态"], strict=True))
    assert status["加装电梯"] == "⚠ 未核实"
    assert status["屋面防水"] == "已核实"
    assert status["停车位"] == "补充项目"


def test_rate_edit_is_saved(engineer_app):
    at = _open(engineer_app)
    editor = next(e for e in at.data_editor if e.key.startswith("boq_rates_"))
    frame = editor.value
    assert "scope_key" not in frame.columns  # the reader sees names, not keys
    row = list(frame["scope_name"]).index("屋面防水")
    assert "gh:43256481842" in frame["source"][row]  # the indicative rate names its source
    at.session_state[editor.key] = {
        "edited_rows": {row: {"unit_rate": 60.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.key == "boq_rates_save").click().run()
    assert not at.exception, at.exception
    assert any("已保存 1 项单价" in s.value for s in at.success), [s.value for s in at.success]
    p2023 = _query(lambda s: s.exec(select(Programme.id).where(Programme.key == "p2023")).one())
    saved = _query(lambda s: load_rates(s, p2023).entries["roof_waterproofing"])
    assert saved.unit_rate == 60.0 and saved.source.startswith("人工修改")
    rates = next(e for e in at.data_editor if e.key.startswith("boq_rates_"))
    assert rates.value["unit_rate"][row] == 60.0


def test_page_reads_in_english(engineer_app):
    at = _open(engineer_app, lang="en")
    assert "Edition warning" in page_text(at)
    assert at.title[0].value == "Bill of quantities export"


def test_a_fee_set_on_the_page_is_used_and_marked(engineer_app):
    at = _open(engineer_app)
    at.radio(key="boq_scope").set_value("site").run()
    editor = next(e for e in at.data_editor if e.key == "boq_settings")
    assert "id" not in editor.value.columns  # no setting keys (01.vat) on the page
    shown = list(zip(editor.value["profession"], editor.value["name"], strict=True))
    row = shown.index(("01 建筑与装饰工程", "增值税（一般计税方法）"))
    at.session_state["boq_settings"] = {
        "edited_rows": {row: {"value": 10.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    wb = _workbook(_generate(at.run()))
    fees = wb["取费及参数"]
    rows = [
        (fees.cell(r, 1).value, fees.cell(r, 3).value, fees.cell(r, 5).value)
        for r in range(1, fees.max_row + 1)
        if fees.cell(r, 2).value == "增值税（一般计税方法）"
    ]
    assert rows[0][1:] == (10, "工程师设定") and rows[1][1:] == (9, "未核实")


def test_an_edition_out_of_force_warns_on_the_page(engineer_app):
    at = _open(engineer_app)
    at.radio(key="boq_edition").set_value("2024").run()
    assert any("不在实施期内" in w.value for w in at.warning)
    assert "2024 版表式状态：未核实" in page_text(at)


def test_quota_library_loaded_mapped_and_priced_on_the_page(engineer_app):
    at = _open(engineer_app)
    assert any("定额子目 0 个" in i.value for i in at.info)
    next(b for b in at.button if b.key == "boq_quota_sample").click().run()
    assert not at.exception, at.exception
    assert any("定额资源 13 行，信息价 12 行，对应关系 4 行" in s.value for s in at.success)
    assert any("定额子目 4 个，信息价 12 条，已对应清单项 4 个" in i.value for i in at.info)
    # The engineer doubles the heating main's 含量 (supply and return) in the mapping editor.
    editor = next(e for e in at.data_editor if e.key.startswith("boq_mapping_"))
    row = list(editor.value["scope_key"]).index("heating_main")
    at.session_state[editor.key] = {
        "edited_rows": {row: {"content": 0.2}},
        "added_rows": [],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.key == "boq_mapping_save").click().run()
    assert not at.exception, at.exception
    at.radio(key="boq_scope").set_value("site").run()
    result = _generate(at).session_state["boq_result"]
    kinds = {row["组价"] for row in result["preview"]}
    assert kinds == {"定额", "估算（参考价）"}, kinds
    ws = _workbook(at)["表-09 综合单价分析"]
    codes = {ws.cell(r, 1).value for r in range(1, ws.max_row + 1)}
    assert {"SL-C8-1", "SL-A9-1", "估算"} <= codes
    # A bad 含量 is refused with its row and writes nothing.
    editor = next(e for e in at.data_editor if e.key.startswith("boq_mapping_"))
    at.session_state[editor.key] = {
        "edited_rows": {},
        "added_rows": [{"scope_key": "no_such_item", "quota_code": "SL-A9-1", "content": 1.0}],
        "deleted_rows": [],
    }
    next(b for b in at.button if b.key == "boq_mapping_save").click().run()
    errors = " ".join(e.value for e in at.error)
    assert "第 5 行" in errors and "未知的改造内容" in errors, errors
    assert any("已对应清单项 4 个" in i.value for i in at.info)
