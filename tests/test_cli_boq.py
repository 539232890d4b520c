"""The boq commands of the planner command line, run as an engineer would run them."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from planner.boq_workbook.workbook import QUANTITIES_SHEET
from tests.test_cli import run_planner


def test_export_boq_writes_the_2023_bill_and_its_csv(db_url, tmp_path):
    out, lines = tmp_path / "boq.xlsx", tmp_path / "boq.csv"
    result = run_planner(
        "export-boq", "--year", "2023", "--out", str(out), "--csv", str(lines), url=db_url
    )
    assert result.returncode == 0, result.stderr
    # 57 units by profession (the default, as the dashboard's 控制价)
    assert "19 site(s), 57 unit(s) of work" in result.stdout and "planned" in result.stdout
    assert "Edition warning" in result.stderr and "031001008" in result.stderr  # UNVERIFIED
    assert "UNVERIFIED fee rate" in result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[:3] == ["封面", "扉页", "总说明"] and QUANTITIES_SHEET in wb.sheetnames
    rows = list(csv.DictReader(io.StringIO(lines.read_text(encoding="utf-8-sig"))))
    roof = sum(float(r["工程量"]) for r in rows if r["改造内容代码"] == "roof_waterproofing")
    assert roof == 143_500
    units = {r["单位工程"] for r in rows if r["单项工程"] == "广汇小区"}
    assert not any("室外配套" in u for u in units) and len(units) == 3
    # As the engineer may choose: 广汇小区's 室外配套 unit beside its 安装 unit (street lights).
    result = run_planner(
        "export-boq", "--year", "2023", "--site", "广汇小区", "--outdoor", "combined",
        "--out", str(out), "--csv", str(lines), url=db_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 site(s), 4 unit(s) of work" in result.stdout
    rows = list(csv.DictReader(io.StringIO(lines.read_text(encoding="utf-8-sig"))))
    assert "广汇小区 室外配套工程" in {r["单位工程"] for r in rows}


def test_export_boq_refuses_unknown_sites_and_other_file_types(sqlite_url, tmp_path):
    result = run_planner(
        "export-boq",
        "--year",
        "2023",
        "--site",
        "无此小区",
        "--out",
        str(tmp_path / "x.xlsx"),
        url=sqlite_url,
    )
    assert result.returncode == 1 and "no site named “无此小区”" in result.stderr
    assert not (tmp_path / "x.xlsx").exists()
    result = run_planner("export-boq", "--year", "2023", "--out", "x.pdf", url=sqlite_url)
    assert result.returncode == 1 and ".xlsx" in result.stderr


def test_rates_export_and_import_round_trip(sqlite_url, tmp_path):
    path = tmp_path / "rates.csv"
    result = run_planner("export-rates", "--programme", "p2023", "--out", str(path), url=sqlite_url)
    assert result.returncode == 0, result.stderr
    text = path.read_text(encoding="utf-8-sig")
    assert "roof_waterproofing" in text and "gh:43256481842" in text
    result = run_planner("import-rates", "--programme", "p2023", str(path), url=sqlite_url)
    assert result.returncode == 0 and "0 rate(s) changed" in result.stdout

    path.write_text(text.replace("52.56", "abc"), encoding="utf-8-sig")
    result = run_planner("import-rates", "--programme", "p2023", str(path), url=sqlite_url)
    assert result.returncode == 1
    # The page's refusal, in English: the headline, then each bad row with its reason.
    assert "nothing was written" in result.stderr
    assert "Row 2, unit_rate: “abc” is not a number" in result.stderr


def test_export_boq_takes_fee_settings_and_warns_out_of_force(sqlite_url, tmp_path):
    out = tmp_path / "b.xlsx"
    args = ["export-boq", "--year", "2023", "--site", "广汇小区", "--edition", "2024"]
    result = run_planner(*args, "--fee", "vat=10", "--out", str(out), url=sqlite_url)
    assert result.returncode == 0, result.stderr
    assert "not in force" in result.stderr and "2024 form set: UNVERIFIED" in result.stderr
    fees = load_workbook(out)["取费及参数"]
    vat = [fees.cell(r, 3).value for r in range(1, fees.max_row + 1)
           if fees.cell(r, 2).value == "增值税（一般计税方法）"]  # fmt: skip
    assert vat == [10, 10, 10, 10]
    result = run_planner(*args, "--fee", "vat", "--out", str(out), url=sqlite_url)
    assert result.returncode == 1 and "KEY=NUMBER" in result.stderr


def test_unpriced_export_on_the_command_line(sqlite_url, tmp_path):
    out = tmp_path / "tender.xlsx"
    result = run_planner(
        "export-boq", "--year", "2023", "--site", "广汇小区", "--unpriced", "--out", str(out),
        url=sqlite_url,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "招标工程量清单" in result.stdout and "tender ceiling" not in result.stdout
    wb = load_workbook(out)
    assert "表-08 分部分项" in wb.sheetnames and "表-04 单位工程汇总" not in wb.sheetnames
