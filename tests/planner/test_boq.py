"""Bills of quantities: the workbook an engineer opens (layout, codes, formulas, totals)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from planner.boq.bill import (
    BoqError,
    BoqLine,
    BoqOptions,
    BoqSheet,
    Numbering,
    assign_codes,
    build_bill,
)
from planner.boq.catalogue import CATALOGUE, CodeStatus, Edition, item_for
from planner.boq.selection import resolve_selection
from planner.boq.workbook import NOTES_SHEET, SUMMARY_SHEET, csv_bytes, export_bill, sheet_names
from planner.settings import PlannerSettings
from planner.works.estimates import EstimateParameters
from tests.report_figures import REPORT_2023

NATIONAL = re.compile(r"^\d{12}$")
SUPPLEMENTARY = re.compile(r"^\d{2}B\d{3}$")
IN_CI = os.environ.get("CI") == "true"


def _export(engine, options=None, **where):
    options = options or BoqOptions()
    with Session(engine) as session:
        selection = resolve_selection(session, year=where.pop("year", 2023), **where)
        bill, data = export_bill(session, selection, options)
    return bill, load_workbook(io.BytesIO(data)), data


def _bill_sheets(wb):
    return [ws for ws in wb.worksheets if ws.title not in (SUMMARY_SHEET, NOTES_SHEET)]


def _item_rows(ws):
    """Rows (1-based) of bill items: those with a 序号."""
    return [r for r in range(5, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]


def _quantity_summary(wb) -> dict[str, float]:
    """The summary sheet's quantity table: scope name -> exported quantity."""
    ws = wb[SUMMARY_SHEET]
    start = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "改造内容")
    return {
        ws.cell(r, 2).value: ws.cell(r, 6).value
        for r in range(start + 1, ws.max_row + 1)
        if ws.cell(r, 2).value
    }


def test_export_2023_totals_equal_the_report(seeded_engine):
    bill, wb, _ = _export(seeded_engine)
    totals = bill.quantity_totals()
    for key, value in REPORT_2023["completed"].items():
        assert totals[key] == value, key
    # In the workbook: the summary's quantities and the sum of the item rows of every sheet.
    summary = _quantity_summary(wb)
    assert summary["屋面防水"] == 143_500
    assert summary["外墙保温"] == 222_800
    assert summary["停车位"] == 2_147
    roof = sum(
        ws.cell(r, 6).value
        for ws in _bill_sheets(wb)
        for r in _item_rows(ws)
        if ws.cell(r, 3).value == "屋面卷材防水"
    )
    assert roof == 143_500
    assert len(_bill_sheets(wb)) == REPORT_2023["compounds"]
    # The report's figures are completed quantities; in the 2023 sample both are equal.
    completed, _, _ = _export(seeded_engine, BoqOptions(basis="completed"))
    assert completed.quantity_totals() == totals


def test_workbook_states_which_quantity_it_exports(seeded_engine):
    _, wb, _ = _export(seeded_engine)
    notes = " ".join(str(c.value) for row in wb[NOTES_SHEET].iter_rows() for c in row if c.value)
    assert "计划工程量（planned_quantity）" in notes
    assert "未混入按楼栋几何估算" in notes
    _, wb, _ = _export(seeded_engine, BoqOptions(basis="completed"))
    notes = " ".join(str(c.value) for row in wb[NOTES_SHEET].iter_rows() for c in row if c.value)
    assert "已完成工程量（completed_quantity）" in notes


def test_bill_sheet_has_the_form_08_layout(seeded_engine):
    _, wb, _ = _export(seeded_engine, site_name="广汇小区")
    assert wb.sheetnames[0] == SUMMARY_SHEET and wb.sheetnames[-1] == NOTES_SHEET
    ws = wb["广汇小区"]
    assert ws["A1"].value == "分部分项工程和单价措施项目清单与计价表"
    assert ws["A2"].value.startswith("工程名称：") and "广汇小区" in ws["A2"].value
    assert ws["F2"].value.startswith("标段：")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:I1", "A3:A4", "B3:B4", "D3:D4", "F3:F4", "G3:I3"} <= merged
    assert [ws.cell(3, c).value for c in range(1, 8)] == [
        "序号",
        "项目编码",
        "项目名称",
        "项目特征描述",
        "计量单位",
        "工程量",
        "金额（元）",
    ]
    assert [ws.cell(4, c).value for c in (7, 8, 9)] == ["综合单价", "合价", "其中：暂估价"]
    # Printing: A4 landscape, the four title/header rows on every page, page numbers.
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.paperSize == 9
    assert ws.print_title_rows == "$1:$4"
    assert "第 &P 页 共 &N 页" in ws.oddHeader.right.text
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0
    assert ws.column_dimensions["D"].width >= 40 and ws.column_dimensions["B"].width >= 14
    # 分部 headings (no 序号), items, 分部小计 after each group, 合计 last.
    kinds = []
    for r in range(5, ws.max_row + 1):
        label = ws.cell(r, 3).value
        if label in ("分部小计", "合计"):
            kinds.append(label)
        else:
            kinds.append("item" if isinstance(ws.cell(r, 1).value, int) else "heading")
    assert kinds[0] == "heading" and ws.cell(5, 3).value == "屋面及防水工程"
    assert kinds[-1] == "合计"
    groups = "".join({"heading": "(", "item": "i", "分部小计": ")", "合计": ""}[k] for k in kinds)
    assert re.fullmatch(r"(\(i+\))+", groups), groups


def test_item_amounts_and_totals_are_live_formulas(seeded_engine):
    bill, wb, _ = _export(seeded_engine)
    for ws in _bill_sheets(wb):
        items = _item_rows(ws)
        for r in items:
            assert ws.cell(r, 8).value == f"=ROUND(F{r}*G{r},2)"
            assert isinstance(ws.cell(r, 6).value, int | float)  # numbers stored as numbers
            assert isinstance(ws.cell(r, 7).value, int | float)
        subtotals = [r for r in range(5, ws.max_row + 1) if ws.cell(r, 3).value == "分部小计"]
        covered = []
        for r in subtotals:
            match = re.fullmatch(r"=SUM\(H(\d+):H(\d+)\)", ws.cell(r, 8).value)
            assert match, ws.cell(r, 8).value
            covered += range(int(match[1]), int(match[2]) + 1)
        assert covered == items
        total_row = ws.max_row
        assert ws.cell(total_row, 3).value == "合计"
        assert ws.cell(total_row, 8).value == "=" + "+".join(f"H{r}" for r in subtotals)
    summary = wb[SUMMARY_SHEET]
    first = summary.cell(4, 3).value
    assert re.fullmatch(r"='.+'!H\d+", first)
    # The values the formulas carry (for programs that do not recalculate) are the amounts.
    cached = load_workbook(io.BytesIO(_export(seeded_engine)[2]), data_only=True)
    total_cell = next(
        r for r in range(1, summary.max_row + 1) if cached[SUMMARY_SHEET].cell(r, 2).value == "合计"
    )
    assert Decimal(str(cached[SUMMARY_SHEET].cell(total_cell, 3).value)) == bill.total
    assert bill.total == sum(line.amount for line in bill.lines)


def test_codes_are_twelve_digits_and_unique_in_the_bill(seeded_engine):
    bill, wb, _ = _export(seeded_engine)
    codes = [ws.cell(r, 2).value for ws in _bill_sheets(wb) for r in _item_rows(ws)]
    assert len(codes) == len(bill.lines) == len(set(codes))
    for code in codes:
        assert NATIONAL.match(code) or SUPPLEMENTARY.match(code), code
    assert "010902001001" in codes and "010902001019" in codes  # one per 单位工程
    assert all(c.startswith("04B") for c in codes if SUPPLEMENTARY.match(c))  # parking spaces
    # Water and drainage mains share 031001006: told apart by the sequence.
    guanghui = [ln for s in bill.sheets if s.name == "广汇小区" for ln in s.lines]
    mains = [ln.code for ln in guanghui if ln.item.code9 == "031001006"]
    assert len(mains) == 2 and len(set(mains)) == 2


def test_site_numbering_restarts_in_each_sheet(seeded_engine):
    bill, wb, _ = _export(seeded_engine, BoqOptions(numbering="site"))
    for ws in _bill_sheets(wb):
        codes = [ws.cell(r, 2).value for r in _item_rows(ws)]
        assert len(codes) == len(set(codes))
        assert "010902001001" in codes
    assert len({ln.code for ln in bill.lines}) < len(bill.lines)


def test_sequence_beyond_999_is_refused():
    item = item_for("roof_waterproofing", "2013")
    sheets = [
        BoqSheet(
            i,
            f"s{i}",
            f"site {i}",
            [BoqLine(i, item.scope_key, item, "", 1, 1, 1, 1.0, None, True, 1)],
        )
        for i in range(1000)
    ]
    with pytest.raises(BoqError) as error:
        assign_codes(sheets, Numbering.BILL)
    assert error.value.message_key == "boq.err.sequence_overflow"
    assign_codes(sheets, Numbering.SITE)
    assert {s.lines[0].code for s in sheets} == {"010902001001"}


def test_edition_2024_uses_its_own_codes(seeded_engine):
    bill, wb, _ = _export(seeded_engine, BoqOptions(edition="2024"), site_name="广汇小区")
    codes = {ln.scope_key: ln.code for ln in bill.lines}
    assert codes["facade_paint"] == "011404001001"
    assert codes["water_supply_main"].startswith("031001008")
    # Unknown in 2024: billed as 补充项目, never under a guessed 2024 code.
    assert SUPPLEMENTARY.match(codes["roof_waterproofing"])
    assert SUPPLEMENTARY.match(codes["heating_main"])  # 031001008 means 塑料管 in 2024
    notes = " ".join(str(c.value) for row in wb[NOTES_SHEET].iter_rows() for c in row if c.value)
    assert "2024 版" in notes and "2025-09-01" in notes


def test_catalogue_covers_every_scope_in_both_editions():
    from planner.catalogue import SCOPE_TYPES

    for edition in Edition:
        assert {s.key for s in SCOPE_TYPES} == set(CATALOGUE[edition])
        for item in CATALOGUE[edition].values():
            assert item.unit == next(s.unit for s in SCOPE_TYPES if s.key == item.scope_key)
            if item.code9:
                assert re.fullmatch(r"\d{9}", item.code9)
                assert item.status != CodeStatus.SUPPLEMENTARY
            else:
                assert item.status == CodeStatus.SUPPLEMENTARY
    c13 = CATALOGUE[Edition.GB2013]
    assert (c13["roof_waterproofing"].code9, c13["roof_waterproofing"].status) == (
        "010902001",
        CodeStatus.VERIFIED,
    )
    assert c13["elevator_retrofit"].status == CodeStatus.UNVERIFIED
    assert c13["street_lights"].status == CodeStatus.VERIFIED_WEAK


def test_unverified_codes_are_marked_in_the_workbook(seeded_engine):
    bill, wb, _ = _export(seeded_engine, site_name="广汇小区")
    ws = wb["广汇小区"]
    fills = {}
    for r in _item_rows(ws):
        fills[ws.cell(r, 2).value] = ws.cell(r, 2).fill.fgColor.rgb
    heating = next(ln.code for ln in bill.lines if ln.scope_key == "heating_main")
    roof = next(ln.code for ln in bill.lines if ln.scope_key == "roof_waterproofing")
    assert fills[heating].endswith("FCE4D6") and not str(fills[roof]).endswith("FCE4D6")
    notes = wb[NOTES_SHEET]
    status = {notes.cell(r, 1).value: notes.cell(r, 4).value for r in range(1, notes.max_row + 1)}
    assert status[heating] == "UNVERIFIED" and status[roof] == "VERIFIED"


def test_buildings_selected_bill_only_their_items(seeded_engine):
    with Session(seeded_engine) as session:
        selection = resolve_selection(
            session, year=2023, site_name="广汇小区", building_numbers=["1", "2"]
        )
        bill = build_bill(session, selection, BoqOptions())
    assert len(selection.building_ids) == 2
    assert {ln.scope_key for ln in bill.lines} == {
        "roof_waterproofing",
        "wall_insulation",
        "facade_paint",
    }
    assert all(ln.work_items == 2 for ln in bill.lines)
    with Session(seeded_engine) as session, pytest.raises(BoqError) as error:
        resolve_selection(session, year=2023, site_name="广汇小区", building_numbers=["999"])
    assert error.value.message_key == "boq.err.no_building"


def test_site_of_another_programme_kind_is_found_by_name(seeded_engine):
    bill, wb, _ = _export(seeded_engine, site_name="西域花园")
    assert bill.programme_key == "p2023_xiyu"
    assert {ln.scope_key for ln in bill.lines} >= {"signs", "parking_spaces", "debris_removal"}
    parking = next(ln for ln in bill.lines if ln.scope_key == "parking_spaces")
    assert parking.unit_rate == 107.28  # the programme's own rate set


def test_csv_has_the_same_lines_with_completed_quantities(seeded_engine):
    bill, _, _ = _export(seeded_engine)
    rows = list(csv.DictReader(io.StringIO(csv_bytes(bill).decode("utf-8-sig"))))
    assert len(rows) == len(bill.lines)
    assert {r["项目编码"] for r in rows} == {ln.code for ln in bill.lines}
    assert sum(Decimal(r["合价"]) for r in rows) == bill.total
    roof = sum(float(r["已完成工程量"]) for r in rows if r["scope_key"] == "roof_waterproofing")
    assert roof == 143_500


def test_estimates_go_to_their_own_sheet(seeded_engine):
    params = EstimateParameters.from_settings(PlannerSettings())
    plain, _, _ = _export(seeded_engine, site_name="广汇小区")
    bill, wb, _ = _export(seeded_engine, BoqOptions(estimates=params), site_name="广汇小区")
    assert "估算核对" in wb.sheetnames
    assert bill.quantity_totals() == plain.quantity_totals()
    ws = wb["估算核对"]
    assert ws.max_row > 3 and ws["D2"].value == "屋面计划" and ws["E2"].value == "屋面估算"


def test_sheet_names_are_valid_and_unique():
    names = sheet_names(["a/b", "a/b", "x" * 40, "单位工程汇总表", "[x]"])
    assert len({n.lower() for n in names}) == 5
    assert all(len(n) <= 31 and not set(n) & set("[]:*?/\\") for n in names)
    assert "单位工程汇总表" not in names


# --- Recalculation by a real spreadsheet program --------------------------------------------------

RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load">
<prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(source: Path, workdir: Path) -> Path:
    """Open ``source`` in headless LibreOffice, recalculate every formula, save as xlsx."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        message = "LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui"
        if IN_CI:
            pytest.fail(message + " (CI=true: this test must run)")
        pytest.skip(message)
    profile = workdir / "lo-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    # Recalculate on load always (by default LibreOffice trusts the values a file carries).
    (profile / "user" / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
    out = workdir / "recalculated"
    out.mkdir(exist_ok=True)
    result = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    converted = out / source.name
    assert result.returncode == 0 and converted.exists(), result.stderr
    return converted


def test_totals_hold_when_libreoffice_recalculates(seeded_engine, tmp_path):
    bill, wb, data = _export(seeded_engine)
    # An engineer changes the roof rate of the first site: the totals must follow.
    ws = _bill_sheets(wb)[0]
    roof_row = next(r for r in _item_rows(ws) if ws.cell(r, 3).value == "屋面卷材防水")
    quantity, old_rate = ws.cell(roof_row, 6).value, ws.cell(roof_row, 7).value
    ws.cell(roof_row, 7).value = 60.0
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)  # openpyxl keeps the formulas and drops their values
    expected_site = bill.sheets[0].total + (
        (Decimal(str(quantity)) * Decimal("60")).quantize(Decimal("0.01"))
        - (Decimal(str(quantity)) * Decimal(str(old_rate))).quantize(Decimal("0.01"))
    )
    expected_total = bill.total - bill.sheets[0].total + expected_site

    original = tmp_path / "original.xlsx"
    original.write_bytes(data)
    for path, total, first_site in (
        (original, bill.total, bill.sheets[0].total),
        (edited, expected_total, expected_site),
    ):
        done = load_workbook(recalculate(path, tmp_path), data_only=True)
        summary = done[SUMMARY_SHEET]
        values = {summary.cell(r, 2).value: summary.cell(r, 3).value for r in range(4, 60)}
        assert Decimal(str(values["合计"])).quantize(Decimal("0.01")) == total
        assert Decimal(str(values[bill.sheets[0].name])).quantize(Decimal("0.01")) == first_site
        sheet = done[bill.sheets[0].name]
        assert sheet.cell(roof_row, 8).value == pytest.approx(
            float(Decimal(str(quantity)) * Decimal(str(sheet.cell(roof_row, 7).value))), abs=0.005
        )
