"""Bills of quantities: the 招标控制价 form set an engineer opens (forms, formulas, totals)."""

from __future__ import annotations

import csv
import io
import math
import re
import unicodedata
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from planner.boq.bill import (
    BoqError,
    BoqLine,
    BoqOptions,
    BoqUnit,
    Numbering,
    assign_codes,
    build_bill,
)
from planner.boq.catalogue import CATALOGUE, CodeStatus, Edition, item_for
from planner.boq.fees import FeeKey, FeeTable, build_up
from planner.boq.groundworks import ROAD
from planner.boq.selection import resolve_selection
from planner.boq.units import COUNTED_UNITS
from planner.boq_workbook.workbook import (
    CODES_SHEET,
    NOTES,
    QUANTITIES_SHEET,
    csv_bytes,
    export_bill,
)
from planner.settings import PlannerSettings
from planner.works.estimates import EstimateParameters
from tests.report_figures import REPORT_2023

NATIONAL = re.compile(r"^\d{12}$")
SUPPLEMENTARY = re.compile(r"^\d{2}B\d{3}$")
FORMS = ("表-04", "表-08", "表-09", "表-11", "表-12", "表-13")


def _export(engine, options=None, **where):
    options = options or BoqOptions()
    with Session(engine) as session:
        selection = resolve_selection(session, year=where.pop("year", 2023), **where)
        bill, data = export_bill(session, selection, options)
    return bill, load_workbook(io.BytesIO(data)), data


@pytest.fixture(scope="module")
def export(module_seeded_engine):
    """``export(options=None, **where) -> (bill, workbook, bytes)``, each export made once per
    backend and read back by every test that asks for it (they only read, and an export writes
    nothing)."""
    made: dict[str, tuple] = {}

    def run(options=None, **where):
        key = repr((options, sorted(where.items())))
        if key not in made:
            made[key] = _export(module_seeded_engine, options, **where)
        return made[key]

    return run


def form_sheets(wb, code: str) -> list:
    """The sheets of one form (a long form continues on "…(2)")."""
    return [ws for ws in wb.worksheets if ws.title.startswith(code)]


def blocks(ws) -> dict[str, list[int]]:
    """工程名称 → the rows of its info lines (one per page) on a form sheet."""
    found: dict[str, list[int]] = {}
    for r in range(1, ws.max_row + 1):
        value = ws.cell(r, 1).value
        if isinstance(value, str) and value.startswith("工程名称："):
            found.setdefault(value.removeprefix("工程名称："), []).append(r)
    return found


def item_rows(ws) -> list[int]:
    """Rows of bill items on 表-08/表-09: those with a 序号."""
    return [r for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]


def quota_rows(ws) -> list[int]:
    """Rows of 定额 (or 估算) lines on 表-09: those pricing 管理费和利润 with a formula."""
    return [r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 8).value).startswith("=ROUND((E")]


def notes_text(wb) -> str:
    return " ".join(str(c.value) for row in wb[NOTES].iter_rows() for c in row if c.value)


def test_every_form_is_present_for_every_unit_of_work(export):
    bill, wb, _ = export()
    assert wb.sheetnames[:3] == ["封面", "扉页", "总说明"]
    assert len(bill.projects) == REPORT_2023["compounds"]
    professions = {u.profession for u in bill.units}
    assert professions == {"01", "03", "04"}  # buildings, installations, municipal works
    for code in FORMS:
        names = {name for ws in form_sheets(wb, code) for name in blocks(ws)}
        assert names == {u.name for u in bill.units}, code
    per_project = {name for ws in form_sheets(wb, "表-03") for name in blocks(ws)}
    assert per_project == {p.name for p in bill.projects}
    # Each unit has its own 取费: its 表-09 rates point at its profession's cells.
    ws09 = form_sheets(wb, "表-09")[0]
    for unit in bill.units[:3]:
        first = blocks(ws09)[unit.name][0]
        item = next(r for r in quota_rows(ws09) if r > first)
        assert "取费及参数" in ws09.cell(item, 8).value


def test_report_quantities_and_generated_lines(export):
    bill, wb, _ = export()
    totals = bill.quantity_totals()
    for key, value in REPORT_2023["completed"].items():
        assert totals[key] == value, key
    ws = wb[QUANTITIES_SHEET]
    header = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "改造内容")
    summary = {ws.cell(r, 2).value: ws.cell(r, 6).value for r in range(header + 1, ws.max_row + 1)}
    assert summary["屋面防水"] == 143_500 and summary["停车位"] == 2_147
    names = {ln.name for ln in bill.lines if ln.generated}
    assert {
        "挖沟槽土方",
        "回填方",
        "余方弃置",
        "拆除路面",
        "砌筑井",
        "防水层拆除",
        "外脚手架",
    } <= names
    scaffold = sum(ln.quantity for ln in bill.lines if ln.scope_key == "facade_scaffold")
    assert scaffold == pytest.approx(REPORT_2023["completed"]["facade_paint"])
    assert all(ln.measure for ln in bill.lines if ln.scope_key == "facade_scaffold")
    removal = sum(ln.quantity for ln in bill.lines if ln.scope_key == "membrane_removal")
    assert removal == 143_500  # separate from the new membrane


def test_storm_drain_gets_trench_chambers_and_gullies(export):
    bill, _, _ = export(site_name="新华路")
    lines = {ln.scope_key: ln for ln in bill.lines}
    drain = lines["storm_drain"].quantity
    g = bill.groundworks["storm_drain"]
    trench = [ln for ln in bill.lines if ln.scope_key == "trench"]
    road = g.paved_share * (ROAD.asphalt_m + ROAD.base_m)  # dug below the road structure
    green = bill.groundworks["greening_water_supply"]
    assert sum(ln.quantity for ln in trench) == pytest.approx(
        drain * (g.depth_m - road) * g.width_m
        + lines["greening_water_supply"].quantity
        * (green.depth_m - green.paved_share * (ROAD.asphalt_m + ROAD.base_m))
        * green.width_m,
        abs=0.01,
    )
    assert lines["gully"].quantity == 2 * math.ceil(drain / g.gully_spacing_m)
    chambers = [
        ln
        for ln in bill.lines
        if ln.scope_key == "drainage_chamber" and "（雨水管道）" in ln.description
    ]
    assert sum(ln.quantity for ln in chambers) == math.ceil(drain / g.chamber_spacing_m)
    assert "内径 1.25 m" in chambers[0].description and "井深：2.5 m" in chambers[0].description
    assert "reinstatement" not in lines  # the road bills its own 路面恢复 (the asphalt surface)
    # ... but not the layers under it, nor the disposal of what was broken out
    assert {"pavement_break", "base_course", "prime_coat", "tack_coat", "road_disposal"} <= set(
        lines
    )


def test_counted_units_are_whole_and_units_are_written_m2(export):
    bill, wb, _ = export()
    counted = 0
    for ws in form_sheets(wb, "表-08"):
        for r in item_rows(ws):
            unit, quantity = ws.cell(r, 5).value, ws.cell(r, 6).value
            assert "²" not in unit and "³" not in unit
            if unit in COUNTED_UNITS:
                counted += 1
                assert quantity == int(quantity), (ws.title, r)
                assert ws.cell(r, 6).number_format == "#,##0"
            elif unit == "t":
                assert ws.cell(r, 6).number_format == "#,##0.000"
    assert counted > 19
    assert {ln.unit for ln in bill.lines} >= {"m2", "m3", "m", "座"}


def test_form_04_totals_are_the_sum_of_their_parts(export):
    bill, wb, data = export(site_name="广汇小区")
    values = load_workbook(io.BytesIO(data), data_only=True)
    ws, cached = wb["表-04 单位工程汇总"], values["表-04 单位工程汇总"]
    for unit in bill.units:
        start = blocks(ws)[unit.name][0]
        rows = {}
        r = start + 2
        while ws.cell(r, 1).value != "招标控制价合计 = 1 + 2 + 3 + 4 + 5":
            rows[ws.cell(r, 1).value] = r
            r += 1
        expected = "=" + "+".join(f"C{rows[n]}" for n in ("1", "2", "3", "4", "5"))
        assert ws.cell(r, 3).value == expected
        parts = sum(Decimal(str(cached.cell(rows[n], 3).value)) for n in "12345")
        assert Decimal(str(cached.cell(r, 3).value)).quantize(Decimal("0.01")) == unit.total
        assert parts.quantize(Decimal("0.01")) == unit.total
        for n in rows:  # every part is a formula on the form it comes from
            value = ws.cell(rows[n], 3).value
            assert value == 0 or str(value).startswith("='") or str(value).startswith("=("), n


def test_tax_is_nine_percent_of_its_base_and_safety_fee_of_its_base(export):
    bill, wb, data = export(site_name="广汇小区")
    values = load_workbook(io.BytesIO(data), data_only=True)
    ws13, v13 = wb["表-13 规费税金"], values["表-13 规费税金"]
    ws11, v11 = wb["表-11 总价措施"], values["表-11 总价措施"]
    fees = values["取费及参数"]
    for unit in bill.units:
        tax = next(r for r in range(blocks(ws13)[unit.name][0], ws13.max_row + 1)
                   if ws13.cell(r, 2).value == "税金（增值税）")  # fmt: skip
        assert ws13.cell(tax, 6).value == f"=ROUND(D{tax}*E{tax}/100,2)"
        rate_ref = ws13.cell(tax, 5).value.removeprefix("='取费及参数'!").replace("$", "")
        assert fees[rate_ref].value == 9
        base = Decimal(str(v13.cell(tax, 4).value))
        assert base.quantize(Decimal("0.01")) == unit.totals.tax_base
        assert Decimal(str(v13.cell(tax, 6).value)) == (base * Decimal("0.09")).quantize(
            Decimal("0.01")
        )
        assert "分部分项工程费" in ws13.cell(tax, 3).value and "规费" in ws13.cell(tax, 3).value
        safety = next(r for r in range(blocks(ws11)[unit.name][0], ws11.max_row + 1)
                      if ws11.cell(r, 3).value == "安全文明施工费")  # fmt: skip
        formula = ws11.cell(safety, 6).value
        assert ws11.cell(safety, 4).value == "分部分项工程费 + 单价措施项目费"
        assert "表-08 分部分项" in formula and formula.endswith(f"*E{safety}/100,2)")
        base = unit.totals.items + unit.totals.unit_measures
        rate = Decimal(str(v11.cell(safety, 5).value)) / 100
        assert Decimal(str(v11.cell(safety, 6).value)) == (base * rate).quantize(Decimal("0.01"))


def test_price_build_up_adds_up_to_the_rate():
    fees = FeeTable.defaults()
    for rate in (52.56, 0.01, 480.0, 500000.0):
        for profession in ("01", "03", "04"):
            b = build_up(rate, fees, profession)
            assert b.unit_rate == Decimal(str(rate)).quantize(Decimal("0.01"))
            labour_machine = b.labour + b.machine
            share = fees.rate(profession, FeeKey.MANAGEMENT).fraction
            assert b.management == (labour_machine * share).quantize(Decimal("0.01"))
    changed = fees.with_overrides({"vat": 10, "01.management": 12})
    assert changed.rate("03", FeeKey.VAT).value == 10
    assert changed.rate("01", FeeKey.MANAGEMENT).status == "USER"
    assert changed.rate("03", FeeKey.MANAGEMENT).status == "UNVERIFIED"


def test_item_amounts_page_subtotals_and_totals_are_formulas(export):
    bill, wb, _ = export(site_name="广汇小区")
    ws = wb["表-08 分部分项"]
    for r in item_rows(ws):
        assert ws.cell(r, 8).value == f"=ROUND(F{r}*G{r},2)"
        assert ws.cell(r, 7).value.startswith("='表-09 综合单价分析'!$I$")
    page_totals = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "本页小计"]
    totals = [r for r in range(1, ws.max_row + 1) if ws.cell(r, 3).value == "合计"]
    pages = sum(len(rows) for rows in blocks(ws).values())
    assert len(page_totals) == pages and len(totals) == len(bill.units)
    for r in page_totals:
        assert ws.cell(r, 8).value.startswith("=SUM(")
    ws09 = wb["表-09 综合单价分析"]
    quotas = quota_rows(ws09)
    assert len(quotas) >= len(bill.lines)
    for r in quotas:
        assert ws09.cell(r, 8).value.startswith(f"=ROUND((E{r}+G{r})*'取费及参数'!")
        assert ws09.cell(r, 9).value == f"=ROUND(D{r}*E{r},2)"
    # 表-08's 综合单价 is the 清单项目综合单价 row of 表-09: 小计 + 未计价材料费.
    rates = [r for r in range(1, ws09.max_row + 1) if ws09.cell(r, 1).value == "清单项目综合单价"]
    assert len(rates) == len(bill.lines)
    for r in rates:
        assert ws09.cell(r, 9).value.startswith("=ROUND(SUM(I")


def _units(text: str) -> int:
    """Width in column units as a cautious reader counts it (CJK and symbols: 2)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WFA" else 1 for ch in text)


def test_no_text_overflows_its_row(export):
    _, wb, _ = export(site_name="广汇小区")
    line_pt = 12.0  # 10-point text needs at least this per line
    checked = 0
    for ws in wb.worksheets:
        merged = {(m.min_row, m.min_col): m for m in ws.merged_cells.ranges}
        # Adjacent columns of one width are stored as one range (min..max).
        widths = {
            k: d.width
            for d in ws.column_dimensions.values()
            if d.min
            for k in range(d.min, (d.max or d.min) + 1)
        }
        for row in ws.iter_rows():
            for c in row:
                if not isinstance(c.value, str) or c.value.startswith("="):
                    continue
                if not c.alignment.wrap_text:
                    continue
                span = merged.get((c.row, c.column))
                cols = range(span.min_col, span.max_col + 1) if span else [c.column]
                width = sum(widths[k] for k in cols)
                lines = sum(max(1, math.ceil(_units(p) / width)) for p in c.value.split("\n"))
                height = ws.row_dimensions[c.row].height
                assert height is not None and height >= lines * line_pt, (ws.title, c.coordinate)
                checked += 1
    assert checked > 50


def test_every_sheet_prints_on_a4_with_its_own_page_numbers(export):
    _, wb, _ = export(site_name="广汇小区")
    for ws in wb.worksheets:
        assert ws.page_setup.paperSize == 9, ws.title
        assert ws.page_setup.firstPageNumber in (None, 1) and ws.page_setup.useFirstPageNumber
        footer = ws.oddFooter.center.text
        pages = int(re.search(r"第 &P 页 共 (\d+) 页", footer)[1])
        assert pages == len(ws.row_breaks.brk) + 1, ws.title
        assert not ws.sheet_properties.pageSetUpPr or not ws.sheet_properties.pageSetUpPr.fitToPage
    # Each form's blocks number their own pages in the 第 X 页 共 Y 页 cell.
    ws = wb["表-08 分部分项"]
    for _, rows in blocks(ws).items():
        texts = [ws.cell(r, 9).value for r in rows]
        assert texts == [f"第 {i} 页 共 {len(rows)} 页" for i in range(1, len(rows) + 1)]
    assert "表-08" in ws.oddFooter.center.text


def test_codes_are_twelve_digits_and_unique_in_the_bill(export):
    """National codes are unique over the bill; a 补充项目 is one code per distinct item (the
    same parking spaces of 19 compounds: one 04B code in every one of them, not 19 codes)."""
    bill, _, _ = export()
    national = [ln.code for ln in bill.lines if not ln.item.supplementary]
    assert len(national) == len(set(national))
    for code in national:
        assert NATIONAL.match(code), code
    assert "010902001001" in national and "010902001019" in national  # one per 单位工程
    items: dict[str, set[tuple[str, str]]] = {}
    for ln in bill.lines + bill.works:
        if ln.item.supplementary:
            assert SUPPLEMENTARY.match(ln.code), ln.code
            items.setdefault(ln.code, set()).add((ln.scope_key, ln.description))
    assert all(len(found) == 1 for found in items.values()), items  # one item per code
    distinct = {next(iter(found)) for found in items.values()}
    assert len(distinct) == len(items)  # and one code per item
    parking = {ln.code for ln in bill.lines if ln.scope_key == "parking_spaces"}
    assert len(parking) == 1 and SUPPLEMENTARY.match(next(iter(parking)))
    assert next(iter(parking)).startswith("04B")
    assert sum(ln.scope_key == "parking_spaces" for ln in bill.lines) == 19
    bill_site, _, _ = export(BoqOptions(numbering="site"))
    for unit in bill_site.units:
        unit_codes = [ln.code for ln in unit.lines]
        assert len(unit_codes) == len(set(unit_codes))
    assert {ln.code for ln in bill_site.lines if ln.scope_key == "parking_spaces"} == parking


def test_sequence_beyond_999_is_refused():
    item = item_for("roof_waterproofing", "2013")
    units = [
        BoqUnit(
            i,
            f"site {i}",
            "01",
            [BoqLine(i, item.scope_key, item, "", 1, 1, 1, 1.0, None, True, 1)],
        )
        for i in range(1000)
    ]
    with pytest.raises(BoqError) as error:
        assign_codes(units, Numbering.BILL)
    assert error.value.key == "boq.err.sequence_overflow"
    assign_codes(units, Numbering.SITE)
    assert {u.lines[0].code for u in units} == {"010902001001"}


def test_edition_2024_names_its_form_status_and_warns_out_of_force(export):
    bill, wb, _ = export(BoqOptions(edition="2024"), site_name="广汇小区")
    codes = {ln.scope_key: ln.code for ln in bill.lines}
    assert codes["facade_paint"] == "011404001001"
    assert SUPPLEMENTARY.match(codes["roof_waterproofing"])
    assert SUPPLEMENTARY.match(codes["heating_main"])  # 031001008 means 塑料管 in 2024
    assert bill.notice is not None and bill.notice.warning
    cover = " ".join(str(c.value) for row in wb["封面"].iter_rows() for c in row if c.value)
    for text in (cover, notes_text(wb)):
        assert "2024 版表式状态：未核实" in text
        assert "2025-09-01" in text and "不在实施期内" in text
    plain, wb13, _ = export(site_name="广汇小区")
    assert plain.notice is None and "版本警告" not in notes_text(wb13)


def test_notes_speak_chinese_and_cite_no_internal_file(export):
    _, wb, _ = export(site_name="广汇小区")
    text = " ".join(
        str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value
    )
    assert "shared/" not in text and ".md" not in text
    assert not re.search(r"\b(VERIFIED|UNVERIFIED|placeholder)\b", text)
    assert "标段：整个计划" not in text
    assert "严寒" in notes_text(wb)
    ws = wb[CODES_SHEET]
    status = {ws.cell(r, 1).value: ws.cell(r, 4).value for r in range(1, ws.max_row + 1)}
    assert status["031001008001"] == "未核实" and status["010902001001"] == "已核实"


def test_item_features_name_what_the_standard_asks(export):
    bill, _, _ = export(site_name="广汇小区")
    text = {ln.scope_key: ln.description for ln in bill.lines}
    assert "DN" in text["water_supply_main"] and "连接形式" in text["water_supply_main"]
    assert "压力试验" in text["water_supply_main"]
    insulation = text["wall_insulation"]
    for word in ("保温系统", "80 mm", "燃烧性能等级", "锚"):
        assert word in insulation
    assert "高 4 m" in text["street_lights"] and "40 W" in text["street_lights"]
    assert "拆除另列" in text["roof_waterproofing"]


def test_buildings_selected_bill_only_their_items(module_seeded_engine):
    with Session(module_seeded_engine) as session:
        selection = resolve_selection(
            session, year=2023, site_name="广汇小区", building_numbers=["1", "2"]
        )
        bill = build_bill(session, selection, BoqOptions())
    scopes = {ln.scope_key for ln in bill.lines if not ln.generated}
    assert scopes == {"roof_waterproofing", "wall_insulation", "facade_paint"}
    with Session(module_seeded_engine) as session, pytest.raises(BoqError) as error:
        resolve_selection(session, year=2023, site_name="广汇小区", building_numbers=["999"])
    assert error.value.key == "boq.err.no_building"


def test_bad_settings_are_refused(module_seeded_engine):
    with Session(module_seeded_engine) as session, pytest.raises(BoqError) as error:
        selection = resolve_selection(session, year=2023, site_name="广汇小区")
        build_bill(session, selection, BoqOptions(fee_overrides=(("nonsense", 3.0),)))
    assert error.value.key == "boq.err.setting"


def test_csv_has_the_same_lines_and_build_up(export):
    bill, _, _ = export(site_name="西域花园")
    rows = list(csv.DictReader(io.StringIO(csv_bytes(bill).decode("utf-8-sig"))))
    assert len(rows) == len(bill.lines)
    assert sum(Decimal(r["合价"]) for r in rows) == bill.items_total
    for r in rows:
        parts = sum(Decimal(r[k]) for k in ("人工费", "材料费", "机械费", "管理费", "利润"))
        assert parts == Decimal(r["综合单价"])
    parking = next(ln for ln in bill.lines if ln.scope_key == "parking_spaces")
    assert parking.unit_rate == 107.28  # the programme's own rate set


def test_csv_headings_and_statuses_are_words_a_person_reads(export):
    bill, _, _ = export(site_name="西域花园")
    text = csv_bytes(bill).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    header = text.splitlines()[0].split(",")
    assert not any(name.isascii() for name in header), header  # no snake_case heading
    assert {r["编码状态"] for r in rows} <= {
        "已核实",
        "弱核实（仅见于测试数据）",
        "未核实",
        "补充项目",
    }
    assert "VERIFIED" not in text and "UNVERIFIED" not in text
    assert {r["改造内容代码"] for r in rows} == {ln.scope_key for ln in bill.lines}


def test_estimates_go_to_their_own_sheet(export):
    params = EstimateParameters.from_settings(PlannerSettings())
    plain, _, _ = export(site_name="广汇小区")
    bill, wb, _ = export(BoqOptions(estimates=params), site_name="广汇小区")
    assert "估算核对" in wb.sheetnames
    assert bill.quantity_totals() == plain.quantity_totals()


def test_catalogue_covers_every_scope_in_both_editions():
    from planner.catalogue import SCOPE_TYPES

    for edition in Edition:
        assert {s.key for s in SCOPE_TYPES} == set(CATALOGUE[edition])
        for item in CATALOGUE[edition].values():
            if item.code9:
                assert re.fullmatch(r"\d{9}", item.code9)
                assert item.status != CodeStatus.SUPPLEMENTARY
            else:
                assert item.status == CodeStatus.SUPPLEMENTARY
