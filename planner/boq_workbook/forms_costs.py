"""The cost forms: 表-11 总价措施, 表-12 其他项目, 表-13 规费和税金, 表-04 单位工程汇总 (one block
per 单位工程), 表-03 单项工程汇总 (per 单项工程) and 表-02 建设项目汇总 (one block).

Every amount is a formula on the cells it comes from: 表-11 on 表-08's 分部小计 and the rates of
the 取费及参数 sheet, 表-13 on 表-09's 人工费 and the other forms' totals, 表-04 on all of them,
表-03 on 表-04 and 表-02 on 表-03. Each formula carries the value ``planner.boq.bill`` computed
(the same rounding), for programs that do not recalculate.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from planner.boq.bill import BoqProject, BoqUnit, UnitTotals
from planner.boq.fees import FEE_TEXT, FeeKey, FeeTable, total_measures
from planner.boq_workbook.fastsheet import FastWorksheet, Templates
from planner.boq_workbook.layout import (
    PAGE_NUMBER_UNITS,
    ROW_PT,
    Formats,
    fit_widths,
    number_units,
    row_height,
    simple_header,
)
from planner.boq_workbook.paging import Block, Form, Row

W11 = (5, 12, 18, 27, 8, 13, 9, 12, 12)
W12 = (6, 30, 14, 11, 18)
W13 = (5, 16, 42, 16, 10, 16)
W04 = (8, 44, 15, 13)
W03 = (5, 30, 13, 10, 11, 10)


def _widest(values: list[Decimal], bold: bool = True) -> float:
    """Units the widest of ``values`` needs (0 without values)."""
    return max((number_units(v, bold=bold) for v in values), default=0)


def _totals(units: list[BoqUnit]) -> list[UnitTotals]:
    return [u.totals for u in units if u.totals is not None]


def _summary_widths(groups: list[list[BoqUnit]]) -> tuple[float, ...]:
    """表-03/表-02 columns: each amount column as wide as its largest 合计 (a group's sum)."""
    needs: dict[int, float] = {}
    for col, part in enumerate(("total", "provisional", "safety", "fees"), start=2):
        sums = []
        for group in groups:
            totals = _totals(group)
            if part == "total":
                sums.append(sum((u.total for u in group), Decimal(0)))
            elif part == "provisional":
                sums.append(sum((t.provisional_materials for t in totals), Decimal(0)))
            elif part == "safety":
                sums.append(sum((t.total_measures[FeeKey.SAFETY] for t in totals), Decimal(0)))
            else:
                sums.append(sum((t.fees for t in totals), Decimal(0)))
        needs[col] = _widest(sums)
    needs[5] = max(needs[5], PAGE_NUMBER_UNITS - W03[4])
    return fit_widths(W03, needs, "portrait", flexible=(1,), floor=14)


@dataclass
class UnitCells:
    """Where a 单位工程's figures landed on 表-08 and 表-09 (formula references)."""

    divisions: list[str]  # 表-08 分部小计 (合价) of the 分部分项
    division_names: list[str]
    measures: str | None  # 表-08 单价措施 小计
    provisional: str  # 表-08 合计, 暂估价 column
    labour: str  # 表-09 合计, 人工费 column

    @cached_property
    def items(self) -> str:
        """The 分部分项工程费 as an expression."""
        return "(" + ("+".join(self.divisions) or "0") + ")"

    @cached_property
    def items_and_measures(self) -> str:
        """分部分项工程费 + 单价措施项目费 as an expression."""
        if self.measures is None:
            return self.items
        return f"({self.items}+{self.measures})"


def _block_rows(kinds: list[tuple[str, object]], widths: tuple[float, ...], text_col: int) -> list:
    return [
        Row(kind, row_height([(str(label), widths[text_col])]), label)
        for kind, label in kinds  # label: the row's name
    ]


def form_11(units: list[BoqUnit], section: str) -> Form:
    """表-11 总价措施项目清单与计价表."""
    heads = ["序号", "项目编码", "项目名称", "计算基础", "费率（%）", "金额（元）"]
    heads += ["调整费率（%）", "调整后金额（元）", "备注"]
    totals = _totals(units)
    needs = {5: _widest([sum(t.total_measures.values(), Decimal(0)) for t in totals])}
    needs[8] = PAGE_NUMBER_UNITS - W11[7]
    widths = fit_widths(W11, needs, "landscape", flexible=(3, 2))
    form = Form(
        "表-11",
        "总价措施项目清单与计价表",
        "表-11 总价措施",
        "landscape",
        widths,
        simple_header(widths, heads),
    )
    form.section = section
    for unit in units:
        rows = [
            Row(
                "measure",
                row_height([(FEE_TEXT[k][1], widths[3]), (FEE_TEXT[k][0], widths[2])]),
                (k, code),
            )
            for k, code in total_measures(unit.profession)
        ]
        rows.append(Row("total", ROW_PT))
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def writer_11(
    f: Formats, cells: dict[int, UnitCells], rates: dict[tuple[str, FeeKey], str], fees: FeeTable
) -> Callable[[FastWorksheet, Row, Block], None]:
    """Rows of 表-11: 金额 = ROUND(base × 费率 / 100, 2)."""
    numbers: dict[int, int] = {}
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r, unit = row.row, block.key
        totals: UnitTotals = unit.totals
        if row.kind == "measure":
            key, code = row.data
            n = numbers[id(block)] = numbers.get(id(block), 0) + 1
            template = t.get_or_make(
                ws,
                (key, code),
                lambda: (
                    [
                        (0, "n", None, f.center),
                        (1, "s", code, f.code_unverified),
                        (2, "s", FEE_TEXT[key][0], f.text),
                        (3, "s", FEE_TEXT[key][1], f.text),
                        (4, "f", None, f.percent),
                        (5, "f", None, f.money),
                    ]
                    + [(c, "b", None, f.text) for c in (6, 7, 8)]
                ),
            )
            base = cells[id(unit)].items_and_measures
            ws.put(
                r,
                template,
                n,
                "=" + rates[unit.profession, key],
                fees.rate(unit.profession, key).value,
                f"=ROUND({base}*E{r + 1}/100,2)",
                totals.total_measures[key],
            )
        else:
            first = row.row - len(total_measures(unit.profession))
            ws.merged(r, 0, r, 4)
            template = t.get_or_make(ws, "total", lambda: _label_cells(f, 0, 4, 9, {5: "f"}))
            total = sum(totals.total_measures.values(), Decimal("0"))
            ws.put(r, template, f"=SUM(F{first + 1}:F{r})", total)

    return write_row


def _label_cells(
    f: Formats, first: int, last: int, width: int, slots: dict[int, str], label: str = "合计"
) -> list[tuple[int, str, object, object]]:
    """A 合计-style row: a label over columns first..last (merged by the caller), value slots,
    bordered blanks."""
    del last  # the merge is the caller's; kept in the signature for the reader
    cells: list[tuple[int, str, object, object]] = []
    for col in range(width):
        if col == first:
            cells.append((col, "s", label, f.total_text))
        elif col in slots:
            cells.append((col, slots[col], None, f.total))
        else:
            cells.append((col, "b", None, f.total))
    return cells


OTHER_ROWS = (
    ("1", "暂列金额"),
    ("2", "暂估价"),
    ("2.1", "材料（工程设备）暂估价"),
    ("2.2", "专业工程暂估价"),
    ("3", "计日工"),
    ("4", "总承包服务费"),
)


OTHER_NOTES = {
    "1": "按分部分项工程费乘费率（见取费及参数）；明细见表-12-1",
    "2": "专业工程暂估价；材料暂估价不计入",
    "2.1": "已计入综合单价，不计入合计；明细见表-12-2",
    "2.2": "明细见表-12-3",
    "3": "明细见表-12-4",
    "4": "明细见表-12-5",
}
#: 表-12 rows whose amount is a sub-form's 合计 (表-12-3, 12-4, 12-5).
LINKED_ROWS = ("2.2", "3", "4")


def form_12(units: list[BoqUnit], section: str) -> Form:
    """表-12 其他项目清单与计价汇总表."""
    heads = ["序号", "项目名称", "金额（元）", "结算金额（元）", "备注"]
    totals = _totals(units)
    needs = {2: _widest([max(t.other, t.provisional_materials) for t in totals])}
    widths = fit_widths(W12, needs, "portrait", flexible=(1, 4), floor=14)
    header = simple_header(widths, heads)
    form = Form("表-12", "其他项目清单与计价汇总表", "表-12 其他项目", "portrait", widths, header)
    form.section = section
    notes = [OTHER_NOTES[n] for n, _ in OTHER_ROWS]
    heights = [row_height([(note, widths[4])]) for note in notes]
    for unit in units:
        rows = [
            Row("other", height, data) for height, data in zip(heights, OTHER_ROWS, strict=True)
        ]
        rows.append(Row("total", ROW_PT))
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def writer_12(
    f: Formats,
    cells: dict[int, UnitCells],
    rates: dict[tuple[str, FeeKey], str],
    linked: dict[int, dict[str, tuple[str, Decimal]]],
) -> Callable[[FastWorksheet, Row, Block], None]:
    """Rows of 表-12: 暂列金额 on 分部分项工程费; 材料暂估价 shown, not added (it is inside the
    综合单价); 专业工程暂估价, 计日工 and 总承包服务费 the 合计 of 表-12-3, 12-4 and 12-5
    (``linked``: per unit and row number, the cell and its value)."""
    t = Templates()
    notes = OTHER_NOTES

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r, unit = row.row, block.key
        totals: UnitTotals = unit.totals
        unit_cells = cells[id(unit)]
        if row.kind == "other":
            number, name = row.data
            formula = number in notes or number in LINKED_ROWS
            template = t.get_or_make(
                ws,
                number,
                lambda: [
                    (0, "s", number, f.center),
                    (1, "s", name, f.text),
                    (2, "f" if formula else "n", None, f.money),
                    (3, "b", None, f.money),
                    (4, "s", notes[number], f.text),
                ],
            )
            if number == "1":
                rate = rates[unit.profession, FeeKey.PROVISIONAL]
                values = [f"=ROUND({unit_cells.items}*{rate}/100,2)", totals.provisional_sum]
            elif number == "2":
                values = [f"=C{r + 3}", totals.professional]
            elif number == "2.1":
                values = ["=" + unit_cells.provisional, totals.provisional_materials]
            else:
                expression, value = linked[id(unit)][number]
                values = ["=" + expression, value]
            ws.put(r, template, *values)
        else:
            first = row.row - len(OTHER_ROWS)
            ws.merged(r, 0, r, 1)
            template = t.get_or_make(ws, "total", lambda: _label_cells(f, 0, 1, 5, {2: "f"}))
            total = f"=C{first + 1}+C{first + 2}+C{first + 5}+C{first + 6}"
            ws.put(r, template, total, totals.other)

    return write_row


def form_13(units: list[BoqUnit], section: str) -> Form:
    """表-13 规费、税金项目计价表."""
    heads = ["序号", "项目名称", "计算基础", "计算基数", "计算费率（%）", "金额（元）"]
    totals = _totals(units)
    needs = {
        3: _widest([max(t.tax_base, t.labour) for t in totals], bold=False),
        5: _widest([t.fees + t.tax for t in totals]),
    }
    needs[5] = max(needs[5], PAGE_NUMBER_UNITS - W13[4])
    widths = fit_widths(W13, needs, "landscape", flexible=(2,))
    header = simple_header(widths, heads)
    form = Form("表-13", "规费、税金项目计价表", "表-13 规费税金", "landscape", widths, header)
    form.section = section
    tax_height = row_height([(FEE_TEXT[FeeKey.VAT][1], widths[2])])
    for unit in units:
        rows = [
            Row("fees", ROW_PT, ("1", "规费")),
            Row("fee", ROW_PT, ("1.1", FeeKey.SOCIAL)),
            Row("fee", ROW_PT, ("1.2", FeeKey.HOUSING)),
            Row("tax", tax_height, ("2", FeeKey.VAT)),
            Row("total", ROW_PT),
        ]
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def writer_13(
    f: Formats,
    cells: dict[int, UnitCells],
    rates: dict[tuple[str, FeeKey], str],
    fees: FeeTable,
    measures_total: dict[int, str],
    other_total: dict[int, str],
) -> Callable[[FastWorksheet, Row, Block], None]:
    """Rows of 表-13: 规费 on 人工费 (表-09), 税金 on 分部分项 + 措施 + 其他 + 规费."""
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r, unit = row.row, block.key
        totals: UnitTotals = unit.totals
        unit_cells = cells[id(unit)]
        p = unit.profession
        if row.kind == "fees":
            template = t.get_or_make(
                ws,
                "fees",
                lambda: [
                    (0, "s", "1", f.center),
                    (1, "s", "规费", f.text),
                    (2, "s", "社会保险费 + 住房公积金", f.text),
                    (3, "b", None, f.money),
                    (4, "b", None, f.percent),
                    (5, "f", None, f.money),
                ],
            )
            ws.put(r, template, f"=F{r + 2}+F{r + 3}", totals.fees)
        elif row.kind in ("fee", "tax"):
            number, key = row.data
            key = FeeKey.VAT if row.kind == "tax" else key
            name = "税金（增值税）" if row.kind == "tax" else FEE_TEXT[key][0]
            template = t.get_or_make(
                ws,
                key,
                lambda: [
                    (0, "s", number, f.center),
                    (1, "s", name, f.text),
                    (2, "s", FEE_TEXT[key][1], f.text),
                    (3, "f", None, f.money),
                    (4, "f", None, f.percent),
                    (5, "f", None, f.money),
                ],
            )
            if row.kind == "tax":
                measures, other = measures_total[id(unit)], other_total[id(unit)]
                base = f"={unit_cells.items}+{measures}+{other}+F{r - 2}"
                values = [base, totals.tax_base]
                amount = totals.tax
            else:
                values = ["=" + unit_cells.labour, totals.labour]
                amount = totals.social if key == FeeKey.SOCIAL else totals.housing
            values += ["=" + rates[p, key], fees.rate(p, key).value]
            values += [f"=ROUND(D{r + 1}*E{r + 1}/100,2)", amount]
            ws.put(r, template, *values)
        else:
            ws.merged(r, 0, r, 4)
            template = t.get_or_make(ws, "total", lambda: _label_cells(f, 0, 4, 6, {5: "f"}))
            ws.put(r, template, f"=F{r - 3}+F{r}", totals.fees + totals.tax)

    return write_row


def form_04(units: list[BoqUnit], cells: dict[int, UnitCells], section: str) -> Form:
    """表-04 单位工程招标控制价汇总表."""
    heads = ["序号", "汇总内容", "金额（元）", "其中：暂估价（元）"]
    needs = {2: _widest([u.total for u in units if u.totals is not None])}
    needs[3] = max(_widest([t.provisional_materials for t in _totals(units)]), PAGE_NUMBER_UNITS)
    widths = fit_widths(W04, needs, "portrait", flexible=(1,), floor=24)
    form = Form(
        "表-04",
        "单位工程招标控制价汇总表",
        "表-04 单位工程汇总",
        "portrait",
        widths,
        simple_header(widths, heads),
    )
    form.section = section
    for unit in units:
        names = cells[id(unit)].division_names
        rows = [Row("line", ROW_PT, ("1", "分部分项工程", "items"))]
        rows += [
            Row("line", ROW_PT, (f"1.{i}", n, ("division", i - 1))) for i, n in enumerate(names, 1)
        ]
        rows += [
            Row("line", ROW_PT, ("2", "措施项目", "measures")),
            Row("line", ROW_PT, ("2.1", "其中：安全文明施工费", "safety")),
            Row("line", ROW_PT, ("3", "其他项目", "other")),
            Row("line", ROW_PT, ("3.1", "其中：暂列金额", "provisional_sum")),
            Row("line", ROW_PT, ("3.2", "其中：专业工程暂估价", "professional")),
            Row("line", ROW_PT, ("3.3", "其中：计日工", "daywork")),
            Row("line", ROW_PT, ("3.4", "其中：总承包服务费", "service")),
            Row("line", ROW_PT, ("4", "规费", "fees")),
            Row("line", ROW_PT, ("5", "税金", "tax")),
            Row("total", ROW_PT + 4),
        ]
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


@dataclass
class UnitRefs:
    """The cells 表-04 adds up: for each part an expression and its value."""

    parts: dict[str, tuple[str, Decimal]]
    provisional: tuple[str, Decimal]


def writer_04(f: Formats, refs: dict[int, UnitRefs]) -> Callable[[FastWorksheet, Row, Block], None]:
    """Rows of 表-04: each part a reference; 合计 = 1 + 2 + 3 + 4 + 5."""
    main_rows: dict[int, dict[str, int]] = {}
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r, unit = row.row, block.key
        unit_refs = refs[id(unit)]
        if row.kind == "line":
            number, name, part = row.data
            zero = part == "zero"
            first = number == "1"
            template = t.get_or_make(
                ws,
                (zero, first),
                lambda: [
                    (0, "t", None, f.center),
                    (1, "t", None, f.text),
                    (2, "n" if zero else "f", None, f.money),
                    (3, "f" if first else "b", None, f.money),
                ],
            )
            values: list = [number, name]
            if zero:
                values.append(0)
            else:
                key = f"division{part[1]}" if isinstance(part, tuple) else part
                expression, value = unit_refs.parts[key]
                values += ["=" + expression, value]
            if first:
                expression, value = unit_refs.provisional
                values += ["=" + expression, value]
            ws.put(r, template, *values)
            if "." not in number:
                main_rows.setdefault(id(block), {})[number] = r
        else:
            mains = main_rows[id(block)]
            ws.merged(r, 0, r, 1)
            label = "招标控制价合计 = 1 + 2 + 3 + 4 + 5"
            template = t.get_or_make(
                ws, "total", lambda: _label_cells(f, 0, 1, 4, {2: "f", 3: "f"}, label)
            )
            formula = "=" + "+".join(f"C{mains[n] + 1}" for n in ("1", "2", "3", "4", "5"))
            ws.put(
                r,
                template,
                formula,
                unit.total,
                f"=D{mains['1'] + 1}",
                unit.totals.provisional_materials,
            )

    return write_row


def form_03(
    projects: list[BoqProject], section: str, widths: tuple[float, ...] | None = None
) -> Form:
    """表-03 单项工程招标控制价汇总表, one block per 单项工程."""
    widths = widths or _summary_widths([p.units for p in projects])
    header = [
        (
            ROW_PT + 2,
            [(0, 0, 1, 0, "序号"), (1, 1, 1, 0, "单位工程名称"), (2, 2, 1, 0, "金额（元）")]
            + [(3, 5, 0, 0, "其中：（元）")],
        ),
        (
            ROW_PT + 16,
            [(3, 3, 0, 0, "暂估价"), (4, 4, 0, 0, "安全文明施工费"), (5, 5, 0, 0, "规费")],
        ),
    ]
    form = Form(
        "表-03", "单项工程招标控制价汇总表", "表-03 单项工程汇总", "portrait", widths, header
    )
    form.section = section
    for project in projects:
        rows = [Row("unit", row_height([(u.name, widths[1])]), u) for u in project.units]
        rows.append(Row("total", ROW_PT))
        form.blocks.append(Block(project.name, rows, key=project))
    return form


def form_02(projects: list[BoqProject], name: str, section: str) -> Form:
    """表-02 建设项目招标控制价汇总表: one block, a row per 单项工程."""
    widths = _summary_widths([[u for p in projects for u in p.units]])
    form = form_03([], section, widths)
    form.code, form.title, form.label = "表-02", "建设项目招标控制价汇总表", "表-02 建设项目汇总"
    # form_03 builds its header of lists: 表-02 renames one cell of it
    form.header[0][1][1] = (1, 1, 1, 0, "单项工程名称")  # type: ignore[index]
    rows = [Row("project", row_height([(p.name, widths[1])]), p) for p in projects]
    rows.append(Row("total", ROW_PT))
    form.blocks.append(Block(name, rows))
    return form


def writer_summary(
    f: Formats, sources: dict[int, tuple[str, str, str, str]], values: dict[int, tuple]
) -> Callable[[FastWorksheet, Row, Block], None]:
    """Rows of 表-03 and 表-02: each row four references (金额, 暂估价, 安全文明施工费, 规费)."""
    numbers: dict[int, int] = {}
    firsts: dict[int, int] = {}
    t = Templates()

    def row_cells() -> list:
        return [(0, "n", None, f.center), (1, "t", None, f.text)] + [
            (c, "f", None, f.money) for c in range(2, 6)
        ]

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        if row.kind != "total":
            thing = row.data
            n = numbers[id(block)] = numbers.get(id(block), 0) + 1
            firsts.setdefault(id(block), r)
            template = t.get_or_make(ws, "row", row_cells)
            args: list = [n, thing.name]
            for expression, value in zip(sources[id(thing)], values[id(thing)], strict=True):
                args += ["=" + expression, value]
            ws.put(r, template, *args)
        else:
            first = firsts.get(id(block), r)
            ws.merged(r, 0, r, 1)
            slots = dict.fromkeys(range(2, 6), "f")
            template = t.get_or_make(ws, "total", lambda: _label_cells(f, 0, 1, 6, slots))
            things = [x.data for p in block.pages for x in p.rows if x.kind != "total"]
            args = []
            for col in range(2, 6):
                total = sum((values[id(x)][col - 2] for x in things), Decimal("0"))
                letter = "CDEF"[col - 2]
                args += [f"=SUM({letter}{first + 1}:{letter}{r})" if things else "=0", total]
            ws.put(r, template, *args)

    return write_row
