"""The bill's workbook (xlsx) and CSV: what an engineer downloads."""

from __future__ import annotations

import csv
import gc
import io
import re
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from sqlmodel import Session

from planner.boq.bill import (
    Bill,
    BoqLine,
    BoqOptions,
    BoqSelection,
    BoqSheet,
    Numbering,
    Progress,
    QuantityBasis,
    build_bill,
)
from planner.boq.catalogue import EDITION_STANDARDS, EDITION_WARNING, CodeStatus, item_for
from planner.catalogue import SCOPE_BY_KEY, SCOPE_TYPES
from planner.works.estimates import EstimateParameters, building_estimates

# --- Writing the workbook ------------------------------------------------------------------------

HEADERS = ("序号", "项目编码", "项目名称", "项目特征描述", "计量单位", "工程量")
MONEY_HEADERS = ("综合单价", "合价", "其中：暂估价")
COLUMN_WIDTHS = (6, 15, 18, 46, 9, 13, 12, 15, 13)
TITLE = "分部分项工程和单价措施项目清单与计价表"
SUMMARY_SHEET = "单位工程汇总表"
NOTES_SHEET = "编制说明"
ESTIMATES_SHEET = "估算核对"
HEADER_ROWS = 4  # title, 工程名称/标段, two header rows
PAGE_HEADER = "&R第 &P 页 共 &N 页"
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
BASIS_TEXT = {
    QuantityBasis.PLANNED: "工程量为各工作项计划工程量（planned_quantity）之和",
    QuantityBasis.COMPLETED: "工程量为各工作项已完成工程量（completed_quantity）之和",
}
NUMBERING_TEXT = {
    Numbering.BILL: "项目编码第 10–12 位在整份清单内按项目特征顺序编号，各单位工程之间不重码",
    Numbering.SITE: "项目编码第 10–12 位在每个单位工程内分别从 001 编号",
}


def sheet_names(names: Iterable[str]) -> list[str]:
    """Valid, unique Excel sheet names (≤ 31 characters) for the site names, in order."""
    used = {SUMMARY_SHEET.lower(), NOTES_SHEET.lower(), ESTIMATES_SHEET.lower()}
    result = []
    for name in names:
        base = _BAD_SHEET_CHARS.sub("_", name).strip("'").strip() or "单位工程"
        candidate, n = base[:31], 1
        while candidate.lower() in used:
            n += 1
            suffix = f"({n})"
            candidate = base[: 31 - len(suffix)] + suffix
        used.add(candidate.lower())
        result.append(candidate)
    return result


_FUNCTIONS = re.compile(r"([A-Z][A-Z0-9.]*)\(")
_PLAIN_FUNCTIONS = {"ROUND", "SUM"}


def _fast_workbook_classes() -> tuple[type, type]:
    """xlsxwriter's Workbook and Worksheet, minus two costs that grow with big bills.

    - Each new sheet's name is compared with every existing one (quadratic in the number of
      sheets: about a second at 2,000 sites); here a set does it, with the same rules.
    - Each formula goes through some 30 regular expressions that add ``_xlfn.`` prefixes to
      newer Excel functions; ours use only ROUND and SUM, which need none, so they skip that.
    """
    import xlsxwriter
    from xlsxwriter.exceptions import DuplicateWorksheetName, InvalidWorksheetName
    from xlsxwriter.worksheet import Worksheet

    class FastWorksheet(Worksheet):
        def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
            if set(_FUNCTIONS.findall(formula)) <= _PLAIN_FUNCTIONS and formula[:1] not in "{":
                return formula.removeprefix("=")
            return super()._prepare_formula(formula, expand_future_functions)

    class FastWorkbook(xlsxwriter.Workbook):
        worksheet_class = FastWorksheet

        def _check_sheetname(self, sheetname: str, is_chartsheet: bool = False) -> str:  # noqa: ARG002
            # The same rules as xlsxwriter's, with a set for the uniqueness test.
            used: set[str] = self.__dict__.setdefault("_used_sheetnames", set())
            if not sheetname:
                raise InvalidWorksheetName("a sheet needs a name")
            if len(sheetname.encode("utf-16-le")) // 2 > 31:
                raise InvalidWorksheetName(f"sheet name '{sheetname}' is over 31 characters")
            if _BAD_SHEET_CHARS.search(sheetname) or sheetname[0] == "'" or sheetname[-1] == "'":
                raise InvalidWorksheetName(f"invalid sheet name '{sheetname}'")
            if sheetname.lower() in used:
                raise DuplicateWorksheetName(f"sheet name '{sheetname}' is already in use")
            used.add(sheetname.lower())
            return sheetname

    return FastWorkbook, FastWorksheet


def _ref(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell


class _Formats:
    def __init__(self, workbook: Any):
        base = {"font_name": "宋体", "font_size": 10, "valign": "vcenter"}
        border = {**base, "border": 1}

        def fmt(**extra: Any) -> Any:
            return workbook.add_format({**border, **extra})

        self.title = workbook.add_format({**base, "font_size": 16, "bold": True, "align": "center"})
        self.info = workbook.add_format({**base, "align": "left"})
        self.header = fmt(bold=True, align="center", text_wrap=True, bg_color="#F2F2F2")
        self.text = fmt(text_wrap=True)
        self.center = fmt(align="center")
        self.code = fmt(align="center", num_format="@")
        self.code_unverified = fmt(align="center", num_format="@", bg_color="#FCE4D6")
        self.qty = fmt(num_format="#,##0.00")
        self.money = fmt(num_format="#,##0.00")
        self.division = fmt(bold=True)
        self.subtotal_text = fmt(bold=True, align="right")
        self.subtotal = fmt(bold=True, num_format="#,##0.00")
        self.note = workbook.add_format({**base, "text_wrap": True, "valign": "top"})
        self.bold = workbook.add_format({**base, "bold": True})


def _page_setup(sheet: Any, repeat_to: int) -> None:
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.5, right=0.5, top=0.7, bottom=0.6)
    sheet.repeat_rows(0, repeat_to)
    sheet.fit_to_pages(1, 0)  # all columns on the page width, as many pages down as needed
    sheet.set_header(PAGE_HEADER)
    sheet.freeze_panes(repeat_to + 1, 0)


def _write_bill_sheet(workbook: Any, f: _Formats, bill: Bill, sheet: BoqSheet, name: str) -> int:
    """Write one 表-08 sheet; return the 0-based row of its 合计."""
    ws = workbook.add_worksheet(name)
    for col, width in enumerate(COLUMN_WIDTHS):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, 8, TITLE, f.title)
    ws.merge_range(1, 0, 1, 4, f"工程名称：{bill.programme_name}·{sheet.name}", f.info)
    ws.merge_range(1, 5, 1, 8, f"标段：{bill.selection_label or '—'}", f.info)
    for col, text in enumerate(HEADERS):
        ws.merge_range(2, col, 3, col, text, f.header)
    ws.merge_range(2, 6, 2, 8, "金额（元）", f.header)
    for col, text in enumerate(MONEY_HEADERS, start=6):
        ws.write_string(3, col, text, f.header)
    _page_setup(ws, HEADER_ROWS - 1)

    row, number, subtotal_rows = HEADER_ROWS, 0, []
    groups: dict[tuple[int, str], list[BoqLine]] = defaultdict(list)
    for line in sheet.lines:
        groups[line.division].append(line)
    for (_, division), lines in sorted(groups.items()):
        for col in (0, 1, 3, 4, 5, 6, 7, 8):
            ws.write_blank(row, col, None, f.division)
        ws.write_string(row, 2, division, f.division)
        row += 1
        first = row
        for line in lines:
            number += 1
            r = row + 1  # 1-based row in formulas
            unverified = line.item.status == CodeStatus.UNVERIFIED
            ws.write_number(row, 0, number, f.center)
            ws.write_string(row, 1, line.code, f.code_unverified if unverified else f.code)
            ws.write_string(row, 2, line.name, f.text)
            ws.write_string(row, 3, line.description, f.text)
            ws.write_string(row, 4, line.item.unit, f.center)
            ws.write_number(row, 5, line.quantity, f.qty)
            if line.unit_rate is None:
                ws.write_blank(row, 6, None, f.money)
            else:
                ws.write_number(row, 6, line.unit_rate, f.money)
            ws.write_formula(row, 7, f"=ROUND(F{r}*G{r},2)", f.money, float(line.amount))
            provisional = line.provisional
            if provisional is None:
                ws.write_blank(row, 8, None, f.money)
            else:
                ws.write_formula(
                    row,
                    8,
                    f"=ROUND(F{r}*{line.provisional_rate},2)",
                    f.money,
                    float(provisional),
                )
            row += 1
        last = row  # 1-based number of the last item row
        amount = sum((ln.amount for ln in lines), Decimal("0"))
        provisional_sum = sum((ln.provisional or Decimal("0") for ln in lines), Decimal("0"))
        for col in range(0, 6):
            ws.write_blank(row, col, None, f.subtotal)
        ws.write_string(row, 2, "分部小计", f.subtotal_text)
        ws.write_blank(row, 6, None, f.subtotal)
        ws.write_formula(row, 7, f"=SUM(H{first + 1}:H{last})", f.subtotal, float(amount))
        ws.write_formula(row, 8, f"=SUM(I{first + 1}:I{last})", f.subtotal, float(provisional_sum))
        subtotal_rows.append(row + 1)
        row += 1
    for col in range(0, 9):
        ws.write_blank(row, col, None, f.subtotal)
    ws.write_string(row, 2, "合计", f.subtotal_text)
    refs = "+".join(f"H{r}" for r in subtotal_rows)
    ws.write_formula(row, 7, f"={refs}", f.subtotal, float(sheet.total))
    refs = "+".join(f"I{r}" for r in subtotal_rows)
    provisional_total = sum((ln.provisional or Decimal("0") for ln in sheet.lines), Decimal("0"))
    ws.write_formula(row, 8, f"={refs}", f.subtotal, float(provisional_total))
    ws.print_area(0, 0, row, 8)
    return row


def _write_summary(
    ws: Any, f: _Formats, bill: Bill, names: list[str], total_rows: list[int]
) -> None:
    for col, width in enumerate((6, 34, 18, 16, 14, 12, 16, 16, 16)):
        ws.set_column(col, col, width)
    ws.merge_range(0, 0, 0, 4, SUMMARY_SHEET, f.title)
    ws.merge_range(1, 0, 1, 4, f"工程名称：{bill.programme_name}（{bill.year}）", f.info)
    for col, text in enumerate(("序号", "单位工程名称", "金额（元）", "其中：暂估价（元）")):
        ws.write_string(2, col, text, f.header)
    _page_setup(ws, 2)
    row = 3
    for i, (sheet, name, total_row) in enumerate(
        zip(bill.sheets, names, total_rows, strict=True), start=1
    ):
        ws.write_number(row, 0, i, f.center)
        ws.write_string(row, 1, sheet.name, f.text)
        ws.write_formula(row, 2, "=" + _ref(name, f"H{total_row + 1}"), f.money, float(sheet.total))
        provisional = sum((ln.provisional or Decimal("0") for ln in sheet.lines), Decimal("0"))
        ws.write_formula(row, 3, "=" + _ref(name, f"I{total_row + 1}"), f.money, float(provisional))
        row += 1
    ws.write_blank(row, 0, None, f.subtotal)
    ws.write_string(row, 1, "合计", f.subtotal_text)
    ws.write_formula(row, 2, f"=SUM(C4:C{row})", f.subtotal, float(bill.total))
    provisional_total = sum((ln.provisional or Decimal("0") for ln in bill.lines), Decimal("0"))
    ws.write_formula(row, 3, f"=SUM(D4:D{row})", f.subtotal, float(provisional_total))
    ws.print_area(0, 0, row, 4)

    # Quantities per scope type: what the report's figures are compared with.
    row += 2
    ws.write_string(row, 0, f"工程量汇总（{BASIS_TEXT[bill.options.basis]}）", f.bold)
    row += 1
    heads = ("序号", "改造内容", "清单项目名称", "9 位编码 / 补充", "计量单位", "工程量")
    heads += ("计划工程量", "已完成工程量", "单位工程数")
    for col, text in enumerate(heads):
        ws.write_string(row, col, text, f.header)
    totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for line in bill.lines:
        t = totals[line.scope_key]
        t[0] += line.quantity
        t[1] += line.planned
        t[2] += line.completed
        t[3] += 1
    order = {s.key: i for i, s in enumerate(SCOPE_TYPES)}
    for i, key in enumerate(sorted(totals, key=lambda k: order.get(k, 999)), start=1):
        row += 1
        item = item_for(key, bill.options.edition)
        scope = SCOPE_BY_KEY.get(key)
        ws.write_number(row, 0, i, f.center)
        ws.write_string(row, 1, scope.name_zh if scope else key, f.text)
        ws.write_string(row, 2, item.std_name, f.text)
        ws.write_string(row, 3, item.code9 or f"{item.profession}B（补充）", f.code)
        ws.write_string(row, 4, item.unit, f.center)
        for col, value in zip((5, 6, 7, 8), totals[key], strict=True):
            ws.write_number(row, col, value, f.qty if col < 8 else f.center)


def _write_notes(workbook: Any, f: _Formats, bill: Bill) -> None:
    ws = workbook.add_worksheet(NOTES_SHEET)
    ws.set_column(0, 0, 16)
    ws.set_column(1, 1, 30)
    ws.set_column(2, 3, 14)
    ws.set_column(4, 4, 16)
    ws.set_column(5, 6, 48)
    edition = bill.options.edition
    rates_note = (
        "综合单价取自本计划的单价库"
        if bill.rates.stored
        else "本计划尚无单价库，综合单价取默认参考值"
    )
    lines = [
        ("编制说明", ""),
        ("工程名称", f"{bill.programme_name}（{bill.programme_key}，{bill.year} 年）"),
        ("范围", bill.selection_label or "整个计划"),
        ("计价规范版本", f"{edition.value} 版：{EDITION_STANDARDS[edition]}"),
        ("版本提示", EDITION_WARNING["zh"]),
        ("工程量", BASIS_TEXT[bill.options.basis] + "；未混入按楼栋几何估算的数量。"),
        ("项目编码", NUMBERING_TEXT[bill.options.numbering]),
        (
            "综合单价",
            f"{rates_note}。标注“参考”的单价为数量级参考（广西价格清单或占位值），"
            "并非甘肃省定额或嘉峪关信息价，正式计价前须替换。",
        ),
        ("合价", "合价 = ROUND(工程量 × 综合单价, 2)，分部小计、合计及汇总表均为公式。"),
        ("编码标色", "橙色底纹的项目编码为“未核实”编码（未与标准文本核对）。"),
        ("数据", "示例数据：2023 年总量与嘉峪关市公开报道一致，小区、楼栋细分为示意。"),
    ]
    row = 0
    for label, text in lines:
        ws.write_string(row, 0, label, f.bold)
        if text:
            ws.merge_range(row, 1, row, 6, text, f.note)
            ws.set_row(row, 15 * max(1, len(text) // 70 + 1))
        row += 1
    row += 1
    heads = ("项目编码", "项目名称", "计量单位", "编码状态", "附录", "来源", "说明")
    for col, text in enumerate(heads):
        ws.write_string(row, col, text, f.header)
    used = {line.code: line for line in bill.lines}
    for code in sorted(used):
        line = used[code]
        row += 1
        item = line.item
        status = item.status.value + ("（补充项目）" if item.supplementary else "")
        ws.write_string(row, 0, code, f.code_unverified if item.status == "UNVERIFIED" else f.code)
        ws.write_string(row, 1, item.std_name, f.text)
        ws.write_string(row, 2, item.unit, f.center)
        ws.write_string(row, 3, status, f.center)
        ws.write_string(row, 4, item.appendix, f.text)
        ws.write_string(row, 5, item.source, f.text)
        ref = f"参考国标项目 {item.reference_code}；" if item.reference_code else ""
        ws.write_string(row, 6, ref + item.note, f.text)
    row += 2
    ws.write_string(row, 0, "综合单价来源", f.bold)
    row += 1
    for col, text in enumerate(("改造内容", "综合单价", "计量单位", "参考价", "来源")):
        ws.write_string(row, col, text, f.header)
    for key in sorted({line.scope_key for line in bill.lines}):
        entry = bill.rates.entries.get(key)
        row += 1
        ws.write_string(row, 0, SCOPE_BY_KEY[key].name_zh if key in SCOPE_BY_KEY else key, f.text)
        if entry and entry.unit_rate is not None:
            ws.write_number(row, 1, entry.unit_rate, f.money)
        else:
            ws.write_string(row, 1, "未定", f.text)
        ws.write_string(row, 2, SCOPE_BY_KEY[key].unit if key in SCOPE_BY_KEY else "", f.center)
        ws.write_string(row, 3, "参考" if (entry is None or entry.indicative) else "否", f.center)
        ws.write_string(row, 4, entry.source if entry else "", f.text)


def _write_estimates(
    workbook: Any, f: _Formats, session: Session, bill: Bill, params: EstimateParameters
) -> None:
    """A separate check sheet: planned envelope quantities beside the geometry estimates."""
    ws = workbook.add_worksheet(ESTIMATES_SHEET)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 8, 13)
    ws.write_string(
        0,
        0,
        "按楼栋几何估算的工程量，仅供核对，未计入清单（屋面 = 占地 × (1 + 泛水)，"
        "外墙 = 周长 × 层数 × 层高，保温扣除窗洞）",
        f.bold,
    )
    heads = ("小区", "楼号", "层数", "屋面计划", "屋面估算", "保温计划", "保温估算")
    heads += ("涂料计划", "涂料估算")
    for col, text in enumerate(heads):
        ws.write_string(1, col, text, f.header)
    row = 2
    programme_id = bill.rates.programme_id
    for sheet in bill.sheets:
        for est in building_estimates(
            session, params=params, site_id=sheet.site_id, programme_id=programme_id
        ):
            ws.write_string(row, 0, est.site_name_zh, f.text)
            ws.write_string(row, 1, est.number, f.center)
            ws.write_number(row, 2, est.floors, f.center)
            for col, key in (
                (3, "roof_waterproofing"),
                (5, "wall_insulation"),
                (7, "facade_paint"),
            ):
                if key in est.entered:
                    ws.write_number(row, col, est.entered[key], f.qty)
                else:
                    ws.write_blank(row, col, None, f.qty)
                ws.write_number(row, col + 1, round(est.estimate.quantities[key], 2), f.qty)
            row += 1


def write_xlsx(
    bill: Bill,
    target: Any,
    *,
    session: Session | None = None,
    progress: Progress | None = None,
) -> None:
    """Write ``bill`` as an xlsx workbook to ``target`` (a path or a binary file object).

    The estimates sheet (``bill.options.estimates``) needs ``session``. ``progress`` is
    called with (share done 0..1, sheet name) as sheets are written.
    """
    workbook_class, _ = _fast_workbook_classes()
    workbook = workbook_class(
        target, {"in_memory": True, "strings_to_numbers": False, "strings_to_formulas": False}
    )
    workbook.set_properties(
        {
            "title": f"{bill.programme_name} 工程量清单",
            "subject": TITLE,
            "comments": "Renovation Planner",
        }
    )
    workbook.set_calc_mode("auto")
    f = _Formats(workbook)
    names = sheet_names(sheet.name for sheet in bill.sheets)
    summary = workbook.add_worksheet(SUMMARY_SHEET)  # first in the workbook, filled last
    total_rows = []
    count = len(bill.sheets)
    for i, (sheet, name) in enumerate(zip(bill.sheets, names, strict=True)):
        total_rows.append(_write_bill_sheet(workbook, f, bill, sheet, name))
        if progress and (i % 20 == 0 or i == count - 1):
            progress((i + 1) / (count + 2), name)
    _write_summary(summary, f, bill, names, total_rows)
    summary.activate()
    _write_notes(workbook, f, bill)
    if bill.options.estimates is not None:
        if session is None:
            raise ValueError("the estimates sheet needs a session")
        _write_estimates(workbook, f, session, bill, bill.options.estimates)
    if progress:
        progress((count + 1) / (count + 2), SUMMARY_SHEET)
    workbook.close()
    if progress:
        progress(1.0, "")


def xlsx_bytes(
    bill: Bill, *, session: Session | None = None, progress: Progress | None = None
) -> bytes:
    """The workbook of ``bill`` as bytes."""
    buffer = io.BytesIO()
    # A big bill creates millions of short-lived objects and no reference cycles: the cyclic
    # garbage collector would only rescan them (about 15 % of the time at 2,000 sites).
    collecting = gc.isenabled()
    gc.disable()
    try:
        write_xlsx(bill, buffer, session=session, progress=progress)
    finally:
        if collecting:
            gc.enable()
    return buffer.getvalue()


CSV_COLUMNS = (
    "单位工程",
    "序号",
    "项目编码",
    "项目名称",
    "项目特征描述",
    "计量单位",
    "工程量",
    "综合单价",
    "合价",
    "其中：暂估价",
    "计划工程量",
    "已完成工程量",
    "编码状态",
    "规范版本",
    "分部",
    "scope_key",
)


def csv_bytes(bill: Bill) -> bytes:
    """The bill's lines as CSV (UTF-8 with BOM), one row per line, for other tools."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for sheet in bill.sheets:
        for number, line in enumerate(sorted(sheet.lines, key=lambda ln: ln.division[0]), start=1):
            writer.writerow(
                [
                    sheet.name,
                    number,
                    line.code,
                    line.name,
                    line.description.replace("\n", "；"),
                    line.item.unit,
                    _num(line.quantity),
                    "" if line.unit_rate is None else _num(line.unit_rate),
                    f"{line.amount:.2f}",
                    "" if line.provisional is None else f"{line.provisional:.2f}",
                    _num(line.planned),
                    _num(line.completed),
                    line.item.status.value,
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
) -> tuple[Bill, bytes]:
    """Build the bill and its workbook: what the page and ``planner export-boq`` both call."""
    bill = build_bill(session, selection, options)
    if progress:
        progress(0.02, "")
    return bill, xlsx_bytes(bill, session=session, progress=progress)
