"""The bill as an engineer prints and signs it: LibreOffice prints every page with no "###"
and no name cut off; every form of the 招标控制价 set is there (表-12-1 … 12-5, 表-20, 表-21/22)
with totals that agree; lump sums are 专业工程暂估价; each profession has its own 措施 codes;
扉-2 and 总说明 read as the standard's; and the 招标工程量清单 comes without prices."""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from sqlmodel import Session

from planner.boq.bill import BoqOptions
from planner.boq.selection import resolve_selection
from planner.boq_workbook.workbook import export_bill
from tests.planner.test_boq_recalc import _unit_totals, soffice

CENT = Decimal("0.01")
SUB_FORMS = ("表-12-1", "表-12-2", "表-12-3", "表-12-4", "表-12-5", "表-20", "表-21", "表-22")
PER_UNIT = ("表-04", "表-08", "表-09", "表-11", "表-12 ", *SUB_FORMS, "表-13")


@pytest.fixture(scope="module")
def exports(sqlite_seeded_template, tmp_path_factory):
    """``exports(site, priced=True) -> (bill, bytes)`` on the seeded sample, each made once."""
    from db.session import make_engine

    engine = make_engine(f"sqlite:///{sqlite_seeded_template}")
    made: dict[tuple, tuple] = {}

    def run(site: str | None, priced: bool = True):
        if (site, priced) not in made:
            with Session(engine) as session:
                selection = resolve_selection(session, year=2023, site_name=site)
                made[site, priced] = export_bill(session, selection, BoqOptions(), priced=priced)
        return made[site, priced]

    yield run
    engine.dispose()


def _book(data: bytes, **kw):
    return load_workbook(io.BytesIO(data), **kw)


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _info_names(wb) -> dict[str, list[str]]:
    """Per sheet, the 工程名称 of each page in order (the info line, or a subtitle)."""
    names: dict[str, list[str]] = {}
    for ws in wb.worksheets:
        for row in ws.iter_rows(min_col=1, max_col=1):
            value = row[0].value
            if isinstance(value, str) and value.startswith("工程名称："):
                names.setdefault(ws.title, []).append(value)
    return names


def test_printed_whole_programme_has_no_hashes_and_no_cut_names(exports, tmp_path):
    """The 2023 programme (19 单项工程, 57 单位工程) printed by LibreOffice: every amount fits
    its column (no "###", 表-02 and 表-09 合计 included), every 工程名称 is printed whole
    (wrapped where long), every sheet is one A4 page wide (its pages as its footer counts)."""
    pypdf = pytest.importorskip("pypdf")
    bill, data = exports(None)
    source = tmp_path / "bill2023.xlsx"
    source.write_bytes(data)
    wb = _book(data)
    planned = {ws.title: int(re.search(r"共 (\d+) 页", ws.oddFooter.center.text)[1]) for ws in wb}
    names = _info_names(wb)
    reader = pypdf.PdfReader(soffice(source, tmp_path, "pdf"))
    assert len(reader.pages) == sum(planned.values())
    counted: dict[str, int] = {}
    for page in reader.pages:
        text = page.extract_text()
        assert "###" not in text, text[:300]
        sheet, number = re.search(r"(\S[^\n]*?)　第 (\d+) 页 共 \d+ 页", text).group(1, 2)
        sheet = sheet.strip()
        counted[sheet] = counted.get(sheet, 0) + 1
        if sheet in names:  # this page's 工程名称, whole (line breaks of the wrap aside)
            expected = names[sheet][int(number) - 1]
            assert _squeeze(expected) in _squeeze(text), (sheet, number, expected)
    assert counted == planned
    # The long names are there: 57 units on every per-unit form.
    assert len(names["表-13 规费税金"]) >= len(bill.units)


def test_every_form_of_the_set_is_there_for_every_unit(exports):
    bill, data = exports("新华路")
    wb = _book(data)
    for code in PER_UNIT:
        sheets = [ws for ws in wb.worksheets if ws.title.startswith(code)]
        assert sheets, code
        units = {n.removeprefix("工程名称：") for ws in sheets for n in _info_names(wb)[ws.title]}
        assert units == {u.name for u in bill.units}, code
    order = [ws.title.split(" ")[0] for ws in wb.worksheets if ws.title.startswith("表-")]
    assert order == [
        "表-02",
        "表-03",
        "表-04",
        "表-08",
        "表-09",
        "表-11",
        "表-12",
        *SUB_FORMS[:5],
    ] + [
        "表-13",
        *SUB_FORMS[5:],
    ]


def _labelled(ws, label: str, col: int) -> list:
    """Values in column ``col`` of the rows whose first or second cell is ``label``."""
    return [
        ws.cell(r, col).value
        for r in range(1, ws.max_row + 1)
        if label in (ws.cell(r, 1).value, ws.cell(r, 2).value)
    ]


def test_lump_sums_are_professional_works_and_every_total_agrees(exports, tmp_path):
    """The rainwater pump station (600,000 元) and 交通及附属设施 (3 项) are not 表-08 items but
    专业工程暂估价 (表-12-3), counted in 其他项目 (表-12 2.2, 表-04 3.2); LibreOffice recomputes
    every unit's total to the planner's."""
    bill, data = exports("新华路")
    works = bill.works
    assert {w.scope_key for w in works} == {"rainwater_pump_station", "traffic_facilities"}
    assert not any(ln.scope_key in {w.scope_key for w in works} for ln in bill.lines)
    wb = _book(data)
    items08 = [c.value for ws in wb.worksheets if ws.title.startswith("表-08") for c in ws["C"]]
    assert not {w.name for w in works} & {v for v in items08 if isinstance(v, str)}
    ws123 = wb["表-12-3 专业工程暂估价"]
    listed = {ws123.cell(r, 2).value: ws123.cell(r, 4).value for r in range(1, ws123.max_row + 1)}
    for work in works:
        assert Decimal(str(listed[work.name])) == work.amount
    pump = next(w for w in works if w.scope_key == "rainwater_pump_station")
    assert pump.amount == Decimal("600000.00") * Decimal(str(pump.quantity))
    for unit in bill.units:
        t = unit.totals
        assert t.other == t.provisional_sum + sum((w.amount for w in unit.works), Decimal(0))
        assert unit.total == t.items + t.measures + t.other + t.fees + t.tax
    # Recalculated by LibreOffice: 表-12-3 → 表-12 → 表-04 → 表-02 give the planner's totals.
    source = tmp_path / "xinhua.xlsx"
    source.write_bytes(data)
    done = load_workbook(soffice(source, tmp_path, "xlsx"), data_only=True)
    assert _unit_totals(done) == {u.name: u.total for u in bill.units}
    professional = [
        Decimal(str(v)).quantize(CENT) for v in _labelled(done["表-04 单位工程汇总"], "3.2", 3)
    ]
    assert sorted(professional) == sorted(u.totals.professional for u in bill.units)
    ws12 = done["表-12 其他项目"]
    assert sum(Decimal(str(v)) for v in _labelled(ws12, "2.2", 3)) == sum(
        (w.amount for w in works), Decimal(0)
    )
    # 表-12-1's 暂列金额 is 表-12's; 表-22's weights add up to 1.
    provisional = _labelled(done["表-12-1 暂列金额"], "合计", 4)
    assert [Decimal(str(v)).quantize(CENT) for v in provisional] == [
        u.totals.provisional_sum for u in bill.units
    ]
    assert all(abs(v - 1) < 1e-9 for v in _labelled(done["表-22 价格指数"], "合计", 3))


def test_each_profession_has_its_own_measure_codes(exports):
    bill, data = exports("广汇小区")
    ws = _book(data)["表-11 总价措施"]
    codes: dict[str, list[str]] = {}
    unit = None
    for r in range(1, ws.max_row + 1):
        value = ws.cell(r, 1).value
        if isinstance(value, str) and value.startswith("工程名称："):
            unit = value.removeprefix("工程名称：")
        code = ws.cell(r, 2).value
        if isinstance(code, str) and code.isdigit():
            codes.setdefault(unit, []).append(code)
    prefixes = {"01": "011707", "03": "031302", "04": "041109"}
    for u in bill.units:
        assert {c[:6] for c in codes[u.name]} == {prefixes[u.profession]}, u.name
    building = next(u for u in bill.units if u.profession == "01")
    municipal = next(u for u in bill.units if u.profession == "04")
    assert "011707006" in codes[building.name]  # 临时保护设施
    assert "041109006" in codes[municipal.name]
    assert building.totals.total_measures  # priced: its rate is in 取费及参数
    # 垂直运输 (GB 50854 S.3, by calendar days) is a 单价措施 of the building works.
    vertical = [ln for ln in building.measure_lines if ln.code.startswith("011703001")]
    assert len(vertical) == 1 and vertical[0].unit == "天" and vertical[0].quantity > 0


def test_title_page_and_notes_read_as_the_standard(exports):
    _, data = exports("广汇小区")
    wb = _book(data)
    page = [str(c.value) for row in wb["扉页"].iter_rows() for c in row if c.value]
    assert sum("法定代表人" in v for v in page) == 2
    assert page.count("（签字或盖章）") == 2
    for stamp in ("（单位盖章）", "（单位资质专用章）", "（造价人员签字盖专用章）"):
        assert stamp in page
    assert "（造价工程师签字盖专用章）" in page
    notes = " ".join(str(c.value) for row in wb["总说明"].iter_rows() for c in row if c.value)
    assert notes.count("GB 50500-2013") == 1
    assert "甘肃省" in notes and "信息价" in notes and "定额" in notes
    assert "表-12-3" in notes


def test_the_bill_without_prices_is_its_own_workbook(exports):
    bill, priced = exports("广汇小区")
    _, data = exports("广汇小区", priced=False)
    wb = _book(data)
    titles = [ws.title for ws in wb.worksheets]
    assert titles[:3] == ["封面", "扉页", "总说明"]
    assert not [t for t in titles if t.startswith(("表-02", "表-03", "表-04", "表-09", "表-22"))]
    assert "招 标 工 程 量 清 单" in [c.value for c in wb["封面"]["A"]]
    ws, ws_priced = wb["表-08 分部分项"], _book(priced)["表-08 分部分项"]
    rows = [r for r in range(1, ws.max_row + 1) if isinstance(ws.cell(r, 1).value, int)]
    assert len(rows) == len(bill.lines)
    same = [tuple(ws.cell(r, c).value for c in range(2, 7)) for r in rows]
    same_priced = [
        tuple(ws_priced.cell(r, c).value for c in range(2, 7))
        for r in range(1, ws_priced.max_row + 1)
        if isinstance(ws_priced.cell(r, 1).value, int)
    ]
    assert same == same_priced  # codes, names, 特征, units, quantities
    for r in range(1, ws.max_row + 1):  # no price anywhere: 综合单价, 合价, 暂估价, 小计
        for c in (7, 8, 9):
            value = ws.cell(r, c).value
            assert not isinstance(value, int | float) and not str(value).startswith("="), r
    amounts13 = [
        c.value
        for row in wb["表-13 规费税金"].iter_rows(min_col=4)
        for c in row
        if isinstance(c.value, int | float) or str(c.value).startswith("=")
    ]
    assert not amounts13  # 计算基数, 费率, 金额 left to the bidders
    notes = " ".join(str(c.value) for row in wb["总说明"].iter_rows() for c in row if c.value)
    assert "招标工程量清单" in notes and "综合单价：" not in notes
