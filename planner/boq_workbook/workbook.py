"""The bill's workbook (the GB 50500-2013 招标控制价 form set) and CSV.

Sheets, in order: 封面, 扉页, 总说明, 表-02 建设项目汇总, 表-03 单项工程汇总 (a block per
单项工程), 表-04 单位工程汇总, 表-08 分部分项, 表-09 综合单价分析, 表-11 总价措施, 表-12 其他项目,
表-12-1 … 表-12-5, 表-13 规费税金, 表-20, 表-21, 表-22 (a block per 单位工程 each),
取费及参数, 编码及来源, 工程量汇总 and, on request, 估算核对. A form longer than a sheet's
page-break limit continues on "<name>(2)". Every amount is a formula on the cells it comes
from, down to the rates of 取费及参数, and carries its computed value. The 招标工程量清单
(no prices) is written by ``planner.boq_workbook.unpriced``.
"""

from __future__ import annotations

import csv
import gc
import io
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from planner.boq.bill import Bill, BoqOptions, BoqSelection, Progress, build_bill
from planner.boq.fees import FeeKey
from planner.boq_workbook import xlsxwriter_compat
from planner.boq_workbook.form_09 import (
    LABOUR_TOTAL_COL,
    analysis_cells,
    detail_cells,
    form_09,
    writer_09,
)
from planner.boq_workbook.forms_costs import (
    UnitCells,
    UnitRefs,
    form_02,
    form_03,
    form_04,
    form_11,
    form_12,
    form_13,
    writer_04,
    writer_11,
    writer_12,
    writer_13,
    writer_summary,
)
from planner.boq_workbook.forms_items import form_08, rows_by_line, writers_08
from planner.boq_workbook.forms_materials import (
    form_20,
    form_21,
    form_22,
    writer_20,
    writer_21,
    writer_22,
)
from planner.boq_workbook.forms_other import (
    form_12_1,
    form_12_2,
    form_12_3,
    form_12_4,
    form_12_5,
    writer_12_1,
    writer_12_2,
    writer_12_3,
    writer_12_4,
    writer_12_5,
)
from planner.boq_workbook.forms_text import (
    STATUS_ZH,
    write_codes,
    write_cover,
    write_estimates,
    write_fees,
    write_notes,
    write_quantities,
    write_title_page,
)
from planner.boq_workbook.layout import Formats
from planner.boq_workbook.paging import Form, Row, paginate, place, write_form
from planner.boq_workbook.supplementary import SUPPLEMENTARY_SHEET, write_supplementary
from planner.boq_workbook.unpriced import write_unpriced
from planner.spreadsheets import csv_cell
from planner.works.estimates import building_estimates

COVER, TITLE_PAGE, NOTES = "封面", "扉页", "总说明"
FEES_SHEET, CODES_SHEET, QUANTITIES_SHEET, ESTIMATES_SHEET = (
    "取费及参数",
    "编码及来源",
    "工程量汇总",
    "估算核对",
)


#: The sub-forms of 表-12 and the material forms (``planner.boq_workbook.forms_other``).
SUB_FORMS = {
    "12-1": form_12_1,
    "12-2": form_12_2,
    "12-3": form_12_3,
    "12-4": form_12_4,
    "12-5": form_12_5,
    "20": form_20,
    "21": form_21,
    "22": form_22,
}
#: The forms in the workbook's order.
FORM_ORDER: tuple[str, ...] = ("02", "03", "04", "08", "09", "11", "12", "12-1", "12-2")
FORM_ORDER += ("12-3", "12-4", "12-5", "13", "20", "21", "22")


def project_title(bill: Bill) -> str:
    """The 工程名称 of the whole bill."""
    label = bill.selection_label
    return f"{bill.programme_name}" + (f"（{label}）" if label else "")


def _unit_cells(form08: Form, form09: Form) -> dict[int, UnitCells]:
    """Where each unit's totals landed on 表-08 and 表-09."""
    cells: dict[int, UnitCells] = {}
    totals09 = {id(b.key): b.pages[-1].rows[-1] for b in form09.blocks}
    for block in form08.blocks:
        rows = [r for p in block.pages for r in p.rows]
        divisions = [r for r in rows if r.kind == "subtotal" and r.data[0][1] != "单价措施项目"]
        measures = [r for r in rows if r.kind == "subtotal" and r.data[0][1] == "单价措施项目"]
        total: Row = rows[-1]
        cells[id(block.key)] = UnitCells(
            divisions=[r.ref(7) for r in divisions],
            division_names=[r.data[0][1] for r in divisions],
            measures=measures[0].ref(7) if measures else None,
            provisional=total.ref(8),
            labour=totals09[id(block.key)].ref(LABOUR_TOTAL_COL),
        )
    return cells


def write_xlsx(
    bill: Bill,
    target: Any,
    *,
    session: Session | None = None,
    progress: Progress | None = None,
    workbook_class: Any = None,
    priced: bool = True,
) -> None:
    """Write ``bill``'s form set to ``target`` (a path or a binary file object): the
    招标控制价, or with ``priced=False`` the 招标工程量清单 (``planner.boq_workbook.unpriced``).

    The estimates sheet (``bill.options.estimates``) needs ``session``; ``progress`` is called
    with (share done 0..1, form name) as the forms are written. ``workbook_class`` is the
    writer: by default the fast one inside the tested xlsxwriter versions, else the plain one
    (``planner.boq_workbook.xlsxwriter_compat``); the benchmark passes others.
    """
    units, projects = bill.units, bill.projects
    section = bill.selection_label
    title = project_title(bill)
    if not priced:
        write_unpriced(bill, target, workbook_class or xlsxwriter_compat.workbook_class(), title)
        return
    forms: dict[str, Form] = {  # form 04 follows once 08 and 09 are placed
        "02": form_02(projects, title, section),
        "03": form_03(projects, section),
        "08": form_08(units, section),
        "09": form_09(units, section),
        "11": form_11(units, section),
        "12": form_12(units, section),
        "13": form_13(units, section),
        **{key: make(units, section) for key, make in SUB_FORMS.items()},
    }
    used: set[str] = {n.lower() for n in (COVER, TITLE_PAGE, NOTES, FEES_SHEET, CODES_SHEET)}
    used |= {QUANTITIES_SHEET.lower(), ESTIMATES_SHEET.lower(), SUPPLEMENTARY_SHEET}
    for key in ("08", "09"):
        paginate(forms[key])
        place(forms[key], used)
    cells = _unit_cells(forms["08"], forms["09"])
    forms["04"] = form_04(units, cells, section)
    for key in ("02", "03", "04", "11", "12", *SUB_FORMS, "13"):
        paginate(forms[key])
        place(forms[key], used)

    workbook = (workbook_class or xlsxwriter_compat.workbook_class())(target)
    workbook.set_properties({"title": f"{title} 招标控制价", "comments": "Renovation Planner"})
    workbook.set_calc_mode("auto")
    f = Formats(workbook)
    order = [COVER, TITLE_PAGE, NOTES]
    for key in FORM_ORDER:
        order += forms[key].sheets
    order += [FEES_SHEET, CODES_SHEET, SUPPLEMENTARY_SHEET, QUANTITIES_SHEET]
    if bill.options.estimates is not None:
        order.append(ESTIMATES_SHEET)
    sheets = {name: workbook.add_worksheet(name) for name in order}

    steps = ["09", "08", "11", "12", "13", "04", "03", "02"]

    def report(done: int, name: str) -> None:
        if progress:
            progress(min(0.95, 0.05 + 0.9 * done / len(steps)), name)

    rates = write_fees(sheets[FEES_SHEET], f, bill)
    rows08 = rows_by_line(forms["08"])
    write_form(forms["09"], sheets, f, writer_09(f, rows08, rates, bill.fees))
    report(1, forms["09"].label)
    cells09 = detail_cells(forms["09"])
    row_writer, subtotal_writer = writers_08(f, analysis_cells(forms["09"]))
    write_form(forms["08"], sheets, f, row_writer, subtotal_writer)
    report(2, forms["08"].label)
    write_form(forms["11"], sheets, f, writer_11(f, cells, rates, bill.fees))

    def last_row(form: Form) -> dict[int, Row]:
        return {id(b.key): b.pages[-1].rows[-1] for b in form.blocks}

    # 表-12's 专业工程暂估价, 计日工 and 总承包服务费 are its sub-forms' 合计.
    linked: dict[int, dict[str, tuple[str, Decimal]]] = {}
    ends = {key: last_row(forms[key]) for key in ("12-3", "12-4", "12-5")}
    for unit in units:
        uid = id(unit)
        professional = unit.totals.professional if unit.totals else Decimal(0)
        linked[uid] = {
            "2.2": (ends["12-3"][uid].ref(3), professional),
            "3": (ends["12-4"][uid].ref(6), Decimal(0)),
            "4": (ends["12-5"][uid].ref(6), Decimal(0)),
        }
    write_form(forms["12"], sheets, f, writer_12(f, cells, rates, linked))
    rows12 = {id(b.key): [r for p in b.pages for r in p.rows] for b in forms["12"].blocks}
    write_form(
        forms["12-1"], sheets, f, writer_12_1(f, {u: r[0].ref(2) for u, r in rows12.items()})
    )
    write_form(forms["12-2"], sheets, f, writer_12_2(f, rows08, cells09))
    write_form(forms["12-3"], sheets, f, writer_12_3(f))
    write_form(forms["12-4"], sheets, f, writer_12_4(f))
    write_form(forms["12-5"], sheets, f, writer_12_5(f, rows_by_line(forms["12-3"])))
    write_form(forms["20"], sheets, f, writer_20(f))
    write_form(forms["21"], sheets, f, writer_21(f, rows08, cells09))
    write_form(forms["22"], sheets, f, writer_22(f))
    report(4, forms["12"].label)

    totals11, totals12 = last_row(forms["11"]), last_row(forms["12"])
    measures_total = {
        uid: (f"({c.measures}+{totals11[uid].ref(5)})" if c.measures else totals11[uid].ref(5))
        for uid, c in cells.items()
    }
    other_total = {uid: row.ref(2) for uid, row in totals12.items()}
    write_form(
        forms["13"], sheets, f, writer_13(f, cells, rates, bill.fees, measures_total, other_total)
    )
    report(5, forms["13"].label)

    rows13 = {id(b.key): [r for p in b.pages for r in p.rows] for b in forms["13"].blocks}
    rows11 = {id(b.key): [r for p in b.pages for r in p.rows] for b in forms["11"].blocks}
    firsts12 = {id(b.key): b.pages[0].rows[0] for b in forms["12"].blocks}
    refs: dict[int, UnitRefs] = {}
    for unit in units:
        uid, c, t = id(unit), cells[id(unit)], unit.totals
        assert t is not None
        parts = {
            "items": (c.items, t.items),
            "measures": (measures_total[uid], t.measures),
            "safety": (rows11[uid][0].ref(5), t.total_measures[FeeKey.SAFETY]),
            "other": (other_total[uid], t.other),
            "fees": (rows13[uid][0].ref(5), t.fees),
            "tax": (rows13[uid][3].ref(5), t.tax),
        }
        # 暂列金额 is the first row of the unit's 表-12 block; 3.2–3.4 its rows 2.2, 3 and 4.
        parts["provisional_sum"] = (firsts12[uid].ref(2), t.provisional_sum)
        parts["professional"] = (rows12[uid][3].ref(2), t.professional)
        parts["daywork"] = (rows12[uid][4].ref(2), Decimal(0))
        parts["service"] = (rows12[uid][5].ref(2), Decimal(0))
        by_division: dict[str, Decimal] = {}
        for line in unit.item_lines:
            name = line.division[1]
            by_division[name] = by_division.get(name, Decimal("0")) + line.amount
        for i, expression in enumerate(c.divisions):
            parts[f"division{i}"] = (expression, by_division.get(c.division_names[i], Decimal("0")))
        refs[uid] = UnitRefs(parts, (c.provisional, t.provisional_materials))
    write_form(forms["04"], sheets, f, writer_04(f, refs))
    report(6, forms["04"].label)

    totals04 = last_row(forms["04"])
    sources: dict[int, tuple[str, str, str, str]] = {}
    values: dict[int, tuple] = {}
    for unit in units:
        uid, t = id(unit), unit.totals
        assert t is not None
        total = totals04[uid]
        sources[uid] = (
            total.ref(2),
            total.ref(3),
            rows11[uid][0].ref(5),
            rows13[uid][0].ref(5),
        )
        values[uid] = (unit.total, t.provisional_materials, t.total_measures[FeeKey.SAFETY], t.fees)
    write_form(forms["03"], sheets, f, writer_summary(f, sources, values))
    totals03 = {id(b.key): b.pages[-1].rows[-1] for b in forms["03"].blocks}
    for project in projects:
        pid = id(project)
        total = totals03[pid]
        # four cell references, as UnitCells holds:
        sources[pid] = tuple(total.ref(col) for col in range(2, 6))  # type: ignore[assignment]
        values[pid] = tuple(
            sum((values[id(u)][i] for u in project.units), Decimal("0")) for i in range(4)
        )
    write_form(forms["02"], sheets, f, writer_summary(f, sources, values))
    report(8, forms["02"].label)

    grand = forms["02"].blocks[0].pages[-1].rows[-1].ref(2)
    write_cover(sheets[COVER], f, bill, title)
    write_title_page(sheets[TITLE_PAGE], f, bill, title, grand)
    write_notes(sheets[NOTES], f, bill, title)
    write_codes(sheets[CODES_SHEET], f, bill)
    write_supplementary(sheets[SUPPLEMENTARY_SHEET], f, bill)
    write_quantities(sheets[QUANTITIES_SHEET], f, bill)
    if bill.options.estimates is not None:
        if session is None:
            raise ValueError("the estimates sheet needs a session")
        estimates = [
            est
            for project in projects
            for est in building_estimates(
                session,
                params=bill.options.estimates,
                site_id=project.site_id,
                programme_id=bill.rates.programme_id,
            )
        ]
        write_estimates(sheets[ESTIMATES_SHEET], f, estimates)
    sheets[COVER].activate()
    workbook.close()
    if progress:
        progress(1.0, "")


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Pause the cyclic garbage collector: a big bill creates millions of short-lived objects
    and no reference cycles, which it would only rescan (about a tenth of an export's time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def xlsx_bytes(
    bill: Bill,
    *,
    session: Session | None = None,
    progress: Progress | None = None,
    priced: bool = True,
) -> bytes:
    """The workbook of ``bill`` as bytes (the 招标工程量清单 with ``priced=False``)."""
    buffer = io.BytesIO()
    with _no_cycle_collection():
        write_xlsx(bill, buffer, session=session, progress=progress, priced=priced)
    return buffer.getvalue()


def unpriced_bytes(bill: Bill) -> bytes:
    """The 招标工程量清单 of ``bill`` (the tender's bill without prices) as xlsx bytes."""
    return xlsx_bytes(bill, priced=False)


CSV_COLUMNS = (
    "单项工程",
    "单位工程",
    "序号",
    "项目编码",
    "项目名称",
    "项目特征描述",
    "计量单位",
    "工程量",
    "人工费",
    "材料费",
    "机械费",
    "管理费",
    "利润",
    "综合单价",
    "合价",
    "其中：暂估价",
    "计划工程量",
    "已完成工程量",
    "编码状态",
    "规范版本",
    "分部",
    "改造内容代码",  # the scope type's key (roof_waterproofing), as in the rates file
)


def csv_bytes(bill: Bill) -> bytes:
    """The bill's lines as CSV (UTF-8 with BOM), one row per line, for other tools."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for project in bill.projects:
        for unit in project.units:
            for number, line in enumerate(unit.lines, start=1):
                b = line.build
                writer.writerow(
                    [
                        csv_cell(project.name),
                        csv_cell(unit.name),
                        number,
                        line.code,
                        line.name,
                        csv_cell(line.description.replace("\n", "；")),
                        line.unit,
                        _num(line.quantity),
                        *(f"{v:.2f}" for v in (b.labour, b.material, b.machine)),
                        *(f"{v:.2f}" for v in (b.management, b.profit, b.unit_rate)),
                        f"{line.amount:.2f}",
                        "" if line.provisional is None else f"{line.provisional:.2f}",
                        _num(line.planned),
                        _num(line.completed),
                        STATUS_ZH[line.item.status],
                        line.item.edition.value,
                        line.division[1],
                        line.scope_key,
                    ]
                )
    return buffer.getvalue().encode("utf-8-sig")


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def export_bill(
    session: Session,
    selection: BoqSelection,
    options: BoqOptions,
    *,
    progress: Progress | None = None,
    priced: bool = True,
) -> tuple[Bill, bytes]:
    """Build the bill and its workbook: what the page and ``planner export-boq`` both call
    (``priced=False``: the 招标工程量清单)."""
    with _no_cycle_collection():
        bill = build_bill(session, selection, options)
    if progress:
        progress(0.02, "")
    return bill, xlsx_bytes(bill, session=session, progress=progress, priced=priced)
