"""The 招标工程量清单: the tender's bill without prices (GB 50500-2013 4.1), its own workbook.

What the bidders price: 封-1, 扉-1, 总说明, 表-08 (codes, names, 项目特征, units and quantities;
综合单价, 合价 and 本页小计 left blank), 表-11 (the 总价措施 and their 计算基础, no 费率 or
金额), 表-12 with what the 招标人 fixes (暂列金额, 专业工程暂估价) and its sub-forms 表-12-1 …
12-5 (材料暂估单价 and 专业工程 as given; 计日工 and 总承包服务费 to be priced), 表-13 (the
items and their 计算基础), 表-20 and 表-21 (quantities and 风险系数; no 基准单价), then the
codes and quantities sheets. No 表-02/03/04/09 and no 表-22: they carry prices.

The same bill (``planner.boq.bill``) and the same forms and pages as the 招标控制价
(``planner.boq_workbook.workbook``), so a line has the same code, name and quantity in both.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planner.boq.bill import Bill, BoqLine
from planner.boq.catalogue import CodeStatus
from planner.boq.fees import FEE_TEXT, FeeKey
from planner.boq.units import quantity_places
from planner.boq_workbook.fastsheet import FastWorksheet, RowTemplate, Templates
from planner.boq_workbook.forms_costs import form_11, form_12, form_13
from planner.boq_workbook.forms_items import form_08, rows_by_line
from planner.boq_workbook.forms_materials import (
    form_20,
    form_21,
    writer_20,
    writer_21,
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
    write_codes,
    write_cover,
    write_notes,
    write_quantities,
    write_quantities_title_page,
)
from planner.boq_workbook.layout import Formats
from planner.boq_workbook.paging import Block, Form, Page, Row, paginate, place, write_form
from planner.boq_workbook.supplementary import SUPPLEMENTARY_SHEET, write_supplementary

RowWriter = Callable[[FastWorksheet, Row, Block], None]

COVER, TITLE_PAGE, NOTES, CODES_SHEET, QUANTITIES_SHEET = (
    "封面",
    "扉页",
    "总说明",
    "编码及来源",
    "工程量汇总",
)
#: The forms of the 招标工程量清单, in the workbook's order.
FORMS = ("08", "11", "12", "12-1", "12-2", "12-3", "12-4", "12-5", "13", "20", "21")


def write_unpriced(bill: Bill, target: Any, workbook_class: Any, title: str) -> None:
    """Write the 招标工程量清单 of ``bill`` to ``target`` (a path or a binary file)."""
    units, section = bill.units, bill.selection_label
    forms: dict[str, Form] = {
        "08": form_08(units, section),
        "11": form_11(units, section),
        "12": form_12(units, section),
        "12-1": form_12_1(units, section),
        "12-2": form_12_2(units, section),
        "12-3": form_12_3(units, section),
        "12-4": form_12_4(units, section),
        "12-5": form_12_5(units, section),
        "13": form_13(units, section),
        "20": form_20(units, section),
        "21": form_21(units, section),
    }
    used = {n.lower() for n in (COVER, TITLE_PAGE, NOTES, CODES_SHEET, QUANTITIES_SHEET)}
    used.add(SUPPLEMENTARY_SHEET)
    for key in FORMS:
        paginate(forms[key])
        place(forms[key], used)
    workbook = workbook_class(target)
    workbook.set_properties({"title": f"{title} 招标工程量清单", "comments": "Renovation Planner"})
    f = Formats(workbook)
    order = [COVER, TITLE_PAGE, NOTES]
    for key in FORMS:
        order += forms[key].sheets
    order += [CODES_SHEET, SUPPLEMENTARY_SHEET, QUANTITIES_SHEET]
    sheets = {name: workbook.add_worksheet(name) for name in order}

    rows08 = rows_by_line(forms["08"])
    row_writer, subtotal_writer = writers_08(f)
    write_form(forms["08"], sheets, f, row_writer, subtotal_writer)
    write_form(forms["11"], sheets, f, writer_11(f))
    ends = {key: _last_rows(forms[key]) for key in ("12-3",)}
    write_form(forms["12"], sheets, f, writer_12(f, {u: r.ref(3) for u, r in ends["12-3"].items()}))
    firsts12 = {id(b.key): b.pages[0].rows[0].ref(2) for b in forms["12"].blocks}
    write_form(forms["12-1"], sheets, f, writer_12_1(f, firsts12))
    write_form(forms["12-2"], sheets, f, writer_12_2(f, rows08, None))
    write_form(forms["12-3"], sheets, f, writer_12_3(f))
    write_form(forms["12-4"], sheets, f, writer_12_4(f))
    write_form(forms["12-5"], sheets, f, writer_12_5(f, rows_by_line(forms["12-3"])))
    write_form(forms["13"], sheets, f, writer_13(f))
    write_form(forms["20"], sheets, f, writer_20(f))
    write_form(forms["21"], sheets, f, writer_21(f, rows08, None))
    write_cover(sheets[COVER], f, bill, title, priced=False)
    write_quantities_title_page(sheets[TITLE_PAGE], f, bill, title)
    write_notes(sheets[NOTES], f, bill, title, priced=False)
    write_codes(sheets[CODES_SHEET], f, bill)
    write_supplementary(sheets[SUPPLEMENTARY_SHEET], f, bill)
    write_quantities(sheets[QUANTITIES_SHEET], f, bill)
    sheets[COVER].activate()
    workbook.close()


def _last_rows(form: Form) -> dict[int, Row]:
    return {id(b.key): b.pages[-1].rows[-1] for b in form.blocks}


def writers_08(f: Formats) -> tuple[RowWriter, Callable[[FastWorksheet, Page, Block], None]]:
    """表-08 without prices: the items as in the 招标控制价, the 金额 columns blank."""
    numbers: dict[int, int] = {}
    t = Templates()

    def label_row(ws: FastWorksheet, label: str) -> RowTemplate:
        def cells() -> list:
            row: list[tuple[int, str, Any, Any]] = [(c, "b", None, f.total) for c in range(9)]
            row[2] = (2, "s", label, f.total_text)
            return row

        return t.get_or_make(ws, label, cells)

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        if row.kind == "division":
            cells = [(c, "b", None, f.division) for c in range(9)]
            cells[2] = (2, "t", None, f.division)
            ws.put(r, t.get_or_make(ws, "division", cells), row.data)
        elif row.kind == "item":
            line: BoqLine = row.data
            number = numbers[id(block)] = numbers.get(id(block), 0) + 1
            unverified = line.item.status == CodeStatus.UNVERIFIED
            places = quantity_places(line.item.unit)
            template = t.get_or_make(
                ws,
                ("item", unverified, places),
                lambda: (
                    [
                        (0, "n", None, f.center),
                        (1, "t", None, f.code_unverified if unverified else f.code),
                        (2, "t", None, f.text),
                        (3, "t", None, f.text),
                        (4, "t", None, f.center),
                        (5, "n", None, f.qty[places]),
                    ]
                    + [(c, "b", None, f.money) for c in (6, 7, 8)]
                ),
            )
            values = [number, line.code, line.name, line.description, line.unit, line.quantity]
            ws.put(r, template, *values)
        elif row.kind == "subtotal":
            name = row.data[0][1]
            ws.put(r, label_row(ws, "小计" if name == "单价措施项目" else "分部小计"))
        else:
            ws.put(r, label_row(ws, "合计"))

    def write_subtotal(ws: FastWorksheet, page: Page, block: Block) -> None:  # noqa: ARG001
        ws.put(page.subtotal_row, label_row(ws, "本页小计"))

    return write_row, write_subtotal


def writer_11(f: Formats) -> RowWriter:
    """表-11 without prices: 项目编码, 项目名称 and 计算基础 of each 总价措施."""
    numbers: dict[int, int] = {}
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        if row.kind == "measure":
            key, code = row.data
            n = numbers[id(block)] = numbers.get(id(block), 0) + 1
            template = t.get_or_make(
                ws,
                ("measure", key, code),
                lambda: (
                    [
                        (0, "n", None, f.center),
                        (1, "s", code, f.code_unverified),
                        (2, "s", FEE_TEXT[key][0], f.text),
                        (3, "s", FEE_TEXT[key][1], f.text),
                    ]
                    + [(c, "b", None, f.text) for c in range(4, 9)]
                ),
            )
            ws.put(r, template, n)
        else:
            ws.merged(r, 0, r, 4)
            cells: list[tuple[int, str, Any, Any]] = [(c, "b", None, f.total) for c in range(9)]
            cells[0] = (0, "s", "合计", f.total_text)
            ws.put(r, t.get_or_make(ws, "total", cells))

    return write_row


def writer_12(f: Formats, professional: dict[int, str]) -> RowWriter:
    """表-12 without prices: what the 招标人 fixes (暂列金额, 专业工程暂估价: 表-12-3's 合计);
    材料暂估价 in 表-12-2; 计日工 and 总承包服务费 for the bidders."""
    t = Templates()
    given = {"1", "2", "2.2"}
    notes = {
        "1": "招标人确定；明细见表-12-1",
        "2": "专业工程暂估价",
        "2.1": "暂估单价见表-12-2，计入综合单价",
        "2.2": "招标人确定；明细见表-12-3",
        "3": "投标人按表-12-4 报价",
        "4": "投标人按表-12-5 报价",
    }

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r, unit = row.row, block.key
        totals = unit.totals
        if row.kind == "other":
            number, name = row.data
            template = t.get_or_make(
                ws,
                number,
                lambda: [
                    (0, "s", number, f.center),
                    (1, "s", name, f.text),
                    (2, "f" if number in given else "b", None, f.money),
                    (3, "b", None, f.money),
                    (4, "s", notes[number], f.text),
                ],
            )
            if number == "1":
                ws.put(r, template, f"=ROUND({totals.provisional_sum},2)", totals.provisional_sum)
            elif number == "2":
                ws.put(r, template, f"=C{r + 3}", totals.professional)
            elif number == "2.2":
                ws.put(r, template, "=" + professional[id(unit)], totals.professional)
            else:
                ws.put(r, template)
        else:
            ws.merged(r, 0, r, 1)
            cells: list[tuple[int, str, Any, Any]] = [(c, "b", None, f.total) for c in range(5)]
            cells[0] = (0, "s", "合计", f.total_text)
            ws.put(r, t.get_or_make(ws, "total", cells))

    return write_row


def writer_13(f: Formats) -> RowWriter:
    """表-13 without prices: 规费 and 税金 with their 计算基础."""
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:  # noqa: ARG001
        r = row.row
        if row.kind == "total":
            ws.merged(r, 0, r, 4)
            cells: list[tuple[int, str, Any, Any]] = [(c, "b", None, f.total) for c in range(6)]
            cells[0] = (0, "s", "合计", f.total_text)
            ws.put(r, t.get_or_make(ws, "total", cells))
            return
        if row.kind == "fees":
            number, name, base = "1", "规费", "社会保险费 + 住房公积金"
        else:
            number, key = row.data
            key = FeeKey.VAT if row.kind == "tax" else key
            name = "税金（增值税）" if row.kind == "tax" else FEE_TEXT[key][0]
            base = FEE_TEXT[key][1]
        template = t.get_or_make(
            ws,
            (number, name),
            lambda: (
                [
                    (0, "s", number, f.center),
                    (1, "s", name, f.text),
                    (2, "s", base, f.text),
                ]
                + [(c, "b", None, f.money) for c in range(3, 6)]
            ),
        )
        ws.put(r, template)

    return write_row
