"""The sheet 补充项目: every 补充项目 of the bill, once, with its 工程量计算规则 and 工作内容.

An item the appendices lack is billed under a code ``<profession>B<3 digits>`` that the bill
defines once (``planner.boq.bill.assign_codes``: the same item keeps its code in every
单位工程) and states here with its name, 项目特征, unit, rule and content
(``planner.boq.supplementary``), as the 计量规范 ask of a 补充项目. Both the 招标控制价 and
the 招标工程量清单 carry it.
"""

from __future__ import annotations

from planner.boq.bill import Bill, BoqLine
from planner.boq.supplementary import rule_for
from planner.boq_workbook.fastsheet import FastWorksheet
from planner.boq_workbook.forms_text import Cells, table_sheet
from planner.boq_workbook.layout import Formats, row_height

SUPPLEMENTARY_SHEET = "补充项目"
_WIDTHS = (12, 12, 34, 6, 26, 26)
_HEADER = ("项目编码", "项目名称", "项目特征描述", "计量单位", "工程量计算规则", "工作内容")


def supplementary_items(bill: Bill) -> list[BoqLine]:
    """The first line of every 补充项目 code, in bill order."""
    first: dict[str, BoqLine] = {}
    for unit in bill.units:
        for line in unit.all_lines:
            if line.item.supplementary:
                first.setdefault(line.code, line)
    return list(first.values())


def write_supplementary(ws: FastWorksheet, f: Formats, bill: Bill) -> None:
    """补充项目: one row per distinct 补充项目 code (or a line saying there is none)."""
    rows: list[tuple[float, Cells]] = []
    for line in supplementary_items(bill):
        rule = rule_for(line.scope_key)
        name = line.name
        if line.item.reference_code:
            name += f"\n（参考国标项目 {line.item.reference_code}）"
        texts = (rule.rule, rule.content) if rule else ("（未编写）", "（未编写）")
        cells: Cells = [
            (line.code, f.code),
            (name, f.text),
            (line.description, f.text),
            (line.unit, f.center),
            (texts[0], f.text),
            (texts[1], f.text),
        ]
        height = row_height(
            [(name, _WIDTHS[1]), (line.description, _WIDTHS[2])]
            + [(text, _WIDTHS[4]) for text in texts]
        )
        rows.append((height, cells))
    if not rows:
        rows.append(
            (row_height([("本清单无补充项目。", sum(_WIDTHS))]), [("本清单无补充项目。", f.text)])
        )
    table_sheet(
        ws,
        f,
        title="补充项目及工程量计算规则",
        label=SUPPLEMENTARY_SHEET,
        widths=_WIDTHS,
        orientation="landscape",
        rows=rows,
        header=_HEADER,
        subtitle="附录中未包括的项目按补充项目编码（专业代码 + B + 三位数字），"
        "同一项目在各单位工程中使用同一编码；计算规则与工作内容为编制人拟定（未核实），"
        "招标前须确认。",
    )
