"""The ministry's report as JSON (exact: money and quantities as decimal strings) and as an
XLSX workbook: the 调度表 (one row per compound, a total row of live ``SUM`` formulas) and a
说明 sheet (period, programmes, the fields left empty and why, where the columns come from)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

import xlsxwriter

from planner.money.report import CONTENTS, KIND_NAMES, SOURCE_NAMES, MinistryReport
from planner.money.rules import FundingSource
from planner.spreadsheets import write_cell


def _money(value: Decimal | None) -> str | None:
    """Yuan as exact text to the fen ("1234.50"; None stays null)."""
    return None if value is None else f"{value:.2f}"


def _quantity(value: Decimal | None) -> str | None:
    """A quantity as exact text without trailing zeros ("15.433", "2147")."""
    return None if value is None else format(value.normalize(), "f")


def ministry_json(report: MinistryReport) -> dict[str, Any]:
    """The report as one JSON-ready dict (decimals as exact strings, counts as integers)."""
    totals = report.totals
    return {
        "year": report.year,
        "month": report.month,
        "as_of": report.as_of.isoformat(),
        "programmes": report.programme_keys,
        "illustrative": report.illustrative,
        "compounds": totals["compounds"],
        "buildings": totals["buildings"],
        "households": totals["households"],
        "started": totals["started"],
        "finished": totals["finished"],
        "investment": {
            "planned": _money(totals["planned_investment"]),
            "completed": _money(totals["completed_investment"]),
        },
        "funds": {
            source: {kind: _money(value) for kind, value in kinds.items()}
            for source, kinds in totals["funds"].items()
        },
        "content": {key: _quantity(value) for key, value in totals["content"].items()},
        "unfilled": [{"column": c, "reason": r} for c, r in report.unfilled],
        "columns": columns(),
        "rows": [row_values(report, i) for i in range(len(report.rows))],
    }


def columns() -> list[str]:
    """The 调度表's column names, as the ministry's 调度 names them."""
    funds = [
        f"{SOURCE_NAMES[source]}·{word}（元）" for source in FundingSource for _, word in KIND_NAMES
    ]
    return [
        "序号", "小区名称", "所在街道", "所在社区", "楼栋数（栋）", "户数（户）",
        "建筑面积（万平方米）", "建成年代", "改造类别", "是否开工", "开工时间", "是否完工",
        "完工时间", "计划投资（元）", "完成投资（元）", *funds,
        *(content.column for content in CONTENTS),
    ]  # fmt: skip


def row_values(report: MinistryReport, index: int) -> list[Any]:
    """One compound's cells, in column order (None: left empty)."""
    r = report.rows[index]
    funds = {f.source: f for f in r.funds}
    return [
        index + 1, r.name, r.sub_district or None, r.community or None, r.buildings,
        r.households, None, r.year_built, r.categories or None, "是" if r.started else "否",
        r.started_on.isoformat() if r.started_on else None, "是" if r.finished else "否",
        r.finished_on.isoformat() if r.finished_on else None,
        _money(r.planned_investment), _money(r.completed_investment),
        *(_money(getattr(funds[s.value], kind)) for s in FundingSource for kind, _ in KIND_NAMES),
        *(_quantity(r.content[c.key]) for c in CONTENTS),
    ]  # fmt: skip


#: Columns from which on the values are numbers summed in the total row.
FIRST_SUMMED = 13


def ministry_xlsx(report: MinistryReport) -> bytes:
    """The report as an XLSX workbook."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "vcenter", "border": 1})
    money = book.add_format({"num_format": "#,##0.00", "border": 1})
    number = book.add_format({"num_format": "#,##0.###", "border": 1})
    plain = book.add_format({"border": 1})
    sheet = book.add_worksheet("调度表")
    names = columns()
    month = f"{report.month}月" if report.month else "全年"
    title = f"城镇老旧小区改造调度表　{report.year}年{month}（截至 {report.as_of.isoformat()}）"
    sheet.write_string(0, 0, title, book.add_format({"bold": True, "font_size": 14}))
    for col, name in enumerate(names):
        sheet.write_string(1, col, name, head)
    sheet.set_row(1, 48)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, len(names), 14)
    rows = [row_values(report, i) for i in range(len(report.rows))]
    if report.unplaced:
        funds = {f.source: f for f in report.unplaced}
        extra: list[Any] = [None, "未分到小区的资金"] + [None] * FIRST_SUMMED
        extra += [_money(getattr(funds[s.value], k)) for s in FundingSource for k, _ in KIND_NAMES]
        rows.append(extra + [None] * len(CONTENTS))
    for r, values in enumerate(rows, start=2):
        for col, value in enumerate(values):
            if col >= FIRST_SUMMED and value is not None:
                fmt = money if "元" in names[col] else number
                sheet.write_number(r, col, float(Decimal(value)), fmt)
            elif col in (4, 5, 7) and value is not None:
                sheet.write_number(r, col, value, plain)
            else:
                write_cell(sheet, r, col, value, plain)
    total = len(rows) + 2
    totals = report.totals
    write_cell(sheet, total, 1, "合计", head)
    sheet.write_formula(total, 4, f"=SUM(E3:E{total})", plain, totals["buildings"])
    sheet.write_formula(total, 5, f"=SUM(F3:F{total})", plain, totals["households"])
    for col in range(FIRST_SUMMED, len(names)):
        letter = xlsxwriter.utility.xl_col_to_name(col)
        values = [row[col] for row in rows if row[col] is not None]
        if values and len(values) >= len(report.rows):
            cached = float(sum((Decimal(v) for v in values), Decimal(0)))
            fmt = money if "元" in names[col] else number
            sheet.write_formula(total, col, f"=SUM({letter}3:{letter}{total})", fmt, cached)
    sheet.freeze_panes(2, 2)
    _notes(book, report)
    book.close()
    return buffer.getvalue()


def _notes(book: Any, report: MinistryReport) -> None:
    sheet = book.add_worksheet("说明")
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 90)
    lines: list[tuple[str, str]] = [
        ("报表", f"{report.year}年{report.month or '全年'}{'月' if report.month else ''}调度"),
        ("截至日期", report.as_of.isoformat()),
        ("改造计划", "、".join(report.programme_keys)),
    ]
    if report.illustrative:
        lines.append(
            ("示例数据", "本报表由示例数据生成，资金、合同与支付均为虚构数字，不是嘉峪关的数据。")
        )
    lines += [
        ("计划投资", "小区的批复概算"),
        ("完成投资", "各合同截至报表月份最后一次计量中本小区清单行的计量金额（按合同价）"),
        ("资金", "截至报表日期的下达、到位、拨付累计金额"),
        ("改造内容", "本年度计划中各小区工程项目的计划工程量；管线由米换算为公里"),
        ("建筑节能改造面积", "外墙保温工程量（平方米）"),
    ]
    lines += [(f"留空：{column}", reason) for column, reason in report.unfilled]
    for r, (label, text) in enumerate(lines):
        write_cell(sheet, r, 0, label)
        write_cell(sheet, r, 1, text)
