"""The sub-forms of 表-12 of a 招标控制价 (GB 50500-2013), one block per 单位工程 each:

- 表-12-1 暂列金额明细表: the 暂列金额 of 表-12 (a reference to it);
- 表-12-2 材料（工程设备）暂估单价及调整表: every item with a 暂估材料费 (表-09's and 表-08's
  cells);
- 表-12-3 专业工程暂估价及结算价表: the lump sums (``planner.boq.bill.PROFESSIONAL_WORKS``: the
  rainwater pump station, 交通及附属设施) at their all-in price; its 合计 is 表-12's 2.2;
- 表-12-4 计日工表: 人工, 材料, 施工机械, 企业管理费和利润 with their 小计 and 总计 (none
  priced: the planner knows no day work); its 总计 is 表-12's 3;
- 表-12-5 总承包服务费计价表: a row per 专业工程 (its 项目价值 from 表-12-3), no fee charged
  unless the tender asks for it; its 合计 is 表-12's 4.

The material forms 表-20, 21 and 22 are in ``planner.boq_workbook.forms_materials``.

The forms' columns are those of the standard's forms; every total is a formula.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from planner.boq.bill import BoqLine, BoqUnit
from planner.boq.units import quantity_places
from planner.boq_workbook.fastsheet import Cell, FastWorksheet, Templates
from planner.boq_workbook.layout import (
    PAGE_NUMBER_UNITS,
    ROW_PT,
    Formats,
    fit_widths,
    header_rows,
    number_units,
    row_height,
    simple_header,
)
from planner.boq_workbook.paging import Block, Form, Row

RowWriter = Callable[[FastWorksheet, Row, Block], None]
#: An item row of a listing form after its 序号: its template's key, its cells (made once per
#: key) and its values.
Listed = tuple[Any, Callable[[], list[Cell]], list[Any]]

NO_ITEMS = "无"


def blank_cells(f: Formats, width: int, label: tuple[int, str] | None = None) -> list:
    """A row of ``width`` bordered blanks, with a fixed ``label`` (column, text) if given."""
    cells: list[tuple[int, str, Any, Any]] = [(c, "b", None, f.text) for c in range(width)]
    if label:
        cells[label[0]] = (label[0], "s", label[1], f.text)
    return cells


def total_cells(f: Formats, width: int, label: str, slots: dict[int, str]) -> list:
    """A 合计 row: ``label`` in the first column, value ``slots`` (column: kind), blanks."""
    cells: list[tuple[int, str, Any, Any]] = []
    for col in range(width):
        if col == 0:
            cells.append((0, "s", label, f.total_text))
        elif col in slots:
            cells.append((col, slots[col], None, f.total))
        else:
            cells.append((col, "b", None, f.total))
    return cells


def none_row(ws: FastWorksheet, t: Templates, f: Formats, r: int, width: int, text: str) -> None:
    """Row ``r`` of a unit with nothing to list: ``text`` across the columns after 序号."""
    ws.merged(r, 1, r, width - 1)
    ws.put(r, t.get_or_make(ws, "none", lambda: blank_cells(f, width, (1, text))))


def listing_block(unit: BoqUnit, items: list[Row]) -> Block:
    """A unit's block of a listing form: its "item" rows (or one "none" row), its "total"."""
    return Block(unit.name, [*(items or [Row("none", ROW_PT)]), Row("total", ROW_PT)], key=unit)


def listing_writer(
    f: Formats,
    width: int,
    item: Callable[[Row], Listed],
    *,
    none_text: str,
    total_col: int,
    total: Callable[[BoqUnit], Any],
) -> RowWriter:
    """The row writer of a listing form (blocks of ``listing_block``), ``width`` columns: an
    item row its 序号 (from 1 in each unit), then what ``item`` gives; a unit without items
    says ``none_text``; its 合计 sums column ``total_col`` of its items (the label across the
    columns before), ``total(unit)`` the planner's figure."""
    t = Templates()
    numbers: dict[int, int] = {}

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        if row.kind == "item":
            n = numbers[id(block)] = numbers.get(id(block), 0) + 1
            key, cells, values = item(row)
            template = t.get_or_make(ws, key, lambda: [(0, "n", None, f.center), *cells()])
            ws.put(r, template, n, *values)
        elif row.kind == "none":
            none_row(ws, t, f, r, width, none_text)
        else:
            ws.merged(r, 0, r, total_col - 1)
            template = t.get_or_make(
                ws, "total", lambda: total_cells(f, width, "合计", {total_col: "f"})
            )
            items = [x for p in block.pages for x in p.rows if x.kind == "item"]
            formula = "=" + ("+".join(x.local(total_col) for x in items) or "0")
            ws.put(r, template, formula, total(block.key))

    return write_row


def make_form(
    code: str,
    title: str,
    label: str,
    orientation: str,
    widths: tuple[float, ...],
    header: list,
    section: str,
) -> Form:
    """A form of the module's kind (its blocks added by the caller)."""
    form = Form(code, title, label, orientation, widths, header)
    form.section = section
    return form


# --- 表-12-1 暂列金额明细表 ---

W12_1 = (6, 34, 10, 16, 14)
PROVISIONAL_NAME = "暂列金额（工程量清单漏项、设计变更、现场签证等不可预见费用）"


def form_12_1(units: list[BoqUnit], section: str) -> Form:
    """表-12-1: one line (the 暂列金额 of 表-12) and its 合计 per unit."""
    needs = {3: _widest_total(units, "provisional_sum")}
    needs[4] = PAGE_NUMBER_UNITS
    widths = fit_widths(W12_1, needs, "portrait", flexible=(1,), floor=16)
    heads = ["序号", "项目名称", "计量单位", "暂定金额（元）", "备注"]
    form = make_form(
        "表-12-1", "暂列金额明细表", "表-12-1 暂列金额", "portrait", widths,
        simple_header(widths, heads), section,
    )  # fmt: skip
    height = row_height([(PROVISIONAL_NAME, widths[1]), ("按分部分项工程费乘费率", widths[4])])
    for unit in units:
        rows = [Row("item", height), Row("total", ROW_PT)]
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def writer_12_1(f: Formats, provisional: dict[int, str]) -> RowWriter:
    """Rows of 表-12-1: the amount is 表-12's 暂列金额 (``provisional``: per unit, its cell)."""
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        unit: BoqUnit = block.key
        amount = unit.totals.provisional_sum if unit.totals else Decimal(0)
        if row.kind == "item":
            template = t.get_or_make(
                ws,
                "item",
                lambda: [
                    (0, "s", "1", f.center),
                    (1, "s", PROVISIONAL_NAME, f.text),
                    (2, "s", "项", f.center),
                    (3, "f", None, f.money),
                    (4, "s", "按分部分项工程费乘费率", f.text),
                ],
            )
            ws.put(row.row, template, "=" + provisional[id(unit)], amount)
        else:
            ws.merged(row.row, 0, row.row, 2)
            template = t.get_or_make(ws, "total", lambda: total_cells(f, 5, "合计", {3: "f"}))
            ws.put(row.row, template, f"=D{row.row}", amount)

    return write_row


# --- 表-12-2 材料（工程设备）暂估单价及调整表 ---

W12_2 = (5, 26, 6, 11, 7, 10, 14, 7, 7, 7, 7, 9)


def _priced(units: list[BoqUnit]) -> list[BoqUnit]:
    return [u for u in units if u.totals is not None]


def widest_quantity(lines: list[BoqLine]) -> float:
    """Units the widest quantity of ``lines`` needs in its unit's number format."""
    return max(
        (number_units(ln.quantity, quantity_places(ln.item.unit)) for ln in lines), default=0
    )


def _widest_total(units: list[BoqUnit], part: str) -> float:
    """Units the widest of the units' ``UnitTotals.<part>`` needs in bold."""
    return max(
        (number_units(getattr(u.totals, part), bold=True) for u in _priced(units)), default=0
    )


def _provisional_lines(unit: BoqUnit) -> list[BoqLine]:
    return [ln for ln in unit.lines if ln.provisional_rate is not None]


def form_12_2(units: list[BoqUnit], section: str) -> Form:
    """表-12-2: a row per item with a 暂估材料费 (暂估 quantity, unit price and amount; the
    确认 and 差额 columns are for the settlement), 合计."""
    lines = [ln for u in units for ln in _provisional_lines(u)]
    needs = {
        3: widest_quantity(lines),
        5: max((number_units(ln.provisional_rate or 0) for ln in lines), default=0),
        6: _widest_total(units, "provisional_materials"),
        11: PAGE_NUMBER_UNITS - W12_2[10],
    }  # fmt: skip
    widths = fit_widths(W12_2, needs, "landscape", flexible=(1,), floor=14)
    header = header_rows(
        widths,
        [
            [(0, 0, 1, 0, "序号"), (1, 1, 1, 0, "材料（工程设备）名称、规格、型号")]
            + [(2, 2, 1, 0, "计量单位"), (3, 4, 0, 0, "数量"), (5, 6, 0, 0, "暂估（元）")]
            + [(7, 8, 0, 0, "确认（元）"), (9, 10, 0, 0, "差额±（元）"), (11, 11, 1, 0, "备注")],
            [(3, 3, 0, 0, "暂估"), (4, 4, 0, 0, "确认"), (5, 5, 0, 0, "单价"), (6, 6, 0, 0, "合价")]
            + [(7, 7, 0, 0, "单价"), (8, 8, 0, 0, "合价"), (9, 9, 0, 0, "单价")]
            + [(10, 10, 0, 0, "合价")],
        ],
    )
    form = make_form(
        "表-12-2", "材料（工程设备）暂估单价及调整表", "表-12-2 材料暂估单价", "landscape",
        widths, header, section,
    )  # fmt: skip
    for unit in units:
        lines = _provisional_lines(unit)
        rows = [Row("item", row_height([(_material_name(ln), widths[1])]), ln) for ln in lines]
        form.blocks.append(listing_block(unit, rows))
    return form


def _material_name(line: BoqLine) -> str:
    return f"{line.name}（{line.code}）所含暂估材料"


def writer_12_2(
    f: Formats, rows08: dict[int, Row], cells09: dict[int, tuple[str, str | None]] | None
) -> RowWriter:
    """Rows of 表-12-2: 数量 is 表-08's 工程量, 单价 表-09's 暂估材料费, 合价 表-08's 暂估价; in a
    bill without prices (``cells09`` None) the 暂估单价 as given and 合价 = 数量 × 单价."""

    def item(row: Row) -> Listed:
        r = row.row
        line: BoqLine = row.data
        places = quantity_places(line.item.unit)

        def cells() -> list[Cell]:
            return [
                (1, "t", None, f.text),
                (2, "t", None, f.center),
                (3, "f", None, f.qty[places]),
                (4, "b", None, f.text),
                (5, "f", None, f.money),
                (6, "f", None, f.money),
                *[(c, "b", None, f.text) for c in range(7, 12)],
            ]

        item08 = rows08[id(line)]
        price = f"=ROUND({line.provisional_rate or 0},2)"
        amount = f"=ROUND(D{r + 1}*F{r + 1},2)"
        provisional = cells09[id(line)][1] if cells09 is not None else None
        if provisional is not None:
            price, amount = "=" + provisional, "=" + item08.ref(8)
        values = [
            _material_name(line), line.unit,
            "=" + item08.ref(5), line.quantity,
            price, line.provisional_rate or 0,
            amount, line.provisional or 0,
        ]  # fmt: skip
        return ("item", places), cells, values

    return listing_writer(
        f,
        12,
        item,
        none_text="无（本单位工程未设材料暂估单价）",
        total_col=6,
        total=lambda unit: unit.totals.provisional_materials if unit.totals else Decimal(0),
    )


# --- 表-12-3 专业工程暂估价及结算价表 ---

W12_3 = (5, 24, 40, 15, 10, 8, 14)


def form_12_3(units: list[BoqUnit], section: str) -> Form:
    """表-12-3: a row per 专业工程 (the lump sums) with its 暂估金额, 合计."""
    needs = {3: _widest_total(units, "professional")}
    needs[6] = PAGE_NUMBER_UNITS - W12_3[5]
    widths = fit_widths(W12_3, needs, "landscape", flexible=(2, 1), floor=16)
    heads = [
        "序号",
        "工程名称",
        "工程内容",
        "暂估金额（元）",
        "结算金额（元）",
        "差额±（元）",
        "备注",
    ]
    form = make_form(
        "表-12-3", "专业工程暂估价及结算价表", "表-12-3 专业工程暂估价", "landscape", widths,
        simple_header(widths, heads), section,
    )  # fmt: skip
    for unit in units:
        rows = [
            Row(
                "item",
                row_height(
                    [(ln.name, widths[1]), (ln.description, widths[2]), (_basis(ln), widths[6])]
                ),
                ln,
            )
            for ln in unit.works
        ]  # fmt: skip
        form.blocks.append(listing_block(unit, rows))
    return form


def _basis(line: BoqLine) -> str:
    rate = f"{line.unit_rate:,.2f}" if line.unit_rate is not None else "未定"
    return f"{line.quantity:g} {line.unit} × {rate} 元（综合暂估价）"


def writer_12_3(f: Formats) -> RowWriter:
    """Rows of 表-12-3: 暂估金额 as given by the 招标人 (numbers), 合计 their sum."""

    def cells() -> list[Cell]:
        return [
            (1, "t", None, f.text),
            (2, "t", None, f.text),
            (3, "n", None, f.money),
            (4, "b", None, f.money),
            (5, "b", None, f.money),
            (6, "t", None, f.text),
        ]

    def item(row: Row) -> Listed:
        line: BoqLine = row.data
        return "item", cells, [line.name, line.description, line.amount, _basis(line)]

    return listing_writer(
        f,
        7,
        item,
        none_text="无（本单位工程无专业工程暂估价）",
        total_col=3,
        total=lambda unit: unit.totals.professional if unit.totals else Decimal(0),
    )


# --- 表-12-4 计日工表 ---

W12_4 = (6, 28, 7, 10, 10, 12, 14, 12)
DAY_WORK = (
    ("heading", "一", "人工"),
    ("subtotal", "", "人工小计"),
    ("heading", "二", "材料"),
    ("subtotal", "", "材料小计"),
    ("heading", "三", "施工机械"),
    ("subtotal", "", "施工机械小计"),
    ("heading", "四", "企业管理费和利润"),
    ("subtotal", "", "企业管理费和利润小计"),
)


def form_12_4(units: list[BoqUnit], section: str) -> Form:
    """表-12-4: the four parts of 计日工 with their 小计 and 总计 (no day work is billed)."""
    widths = fit_widths(W12_4, {7: PAGE_NUMBER_UNITS - W12_4[6]}, "landscape", flexible=(1,))
    header = header_rows(
        widths,
        [
            [(c, c, 1, 0, name) for c, name in enumerate(("编号", "项目名称", "单位"))]
            + [(3, 3, 1, 0, "暂定数量"), (4, 4, 1, 0, "实际数量")]
            + [(5, 5, 1, 0, "综合单价（元）"), (6, 7, 0, 0, "合价（元）")],
            [(6, 6, 0, 0, "暂定"), (7, 7, 0, 0, "实际")],
        ],
    )
    form = make_form("表-12-4", "计日工表", "表-12-4 计日工", "landscape", widths, header, section)
    for unit in units:
        rows = [Row(kind, ROW_PT, (number, name)) for kind, number, name in DAY_WORK]
        rows.append(Row("total", ROW_PT))
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def writer_12_4(f: Formats) -> RowWriter:
    """Rows of 表-12-4: every 小计 0 (no day work in this 招标控制价), 总计 their sum."""
    t = Templates()
    subtotals: dict[int, list[Row]] = {}

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        if row.kind == "heading":
            number, name = row.data
            template = t.get_or_make(
                ws,
                ("heading", number),
                lambda: (
                    [(0, "s", number, f.center), (1, "s", name, f.division)]
                    + [(c, "b", None, f.text) for c in range(2, 8)]
                ),
            )
            ws.put(r, template)
        elif row.kind == "subtotal":
            subtotals.setdefault(id(block), []).append(row)
            name = row.data[1]
            template = t.get_or_make(
                ws,
                ("subtotal", name),
                lambda: (
                    [(0, "b", None, f.text), (1, "s", name, f.text)]
                    + [(c, "b", None, f.text) for c in range(2, 6)]
                    + [(6, "n", None, f.money), (7, "b", None, f.money)]
                ),
            )
            ws.put(r, template, 0)
        else:
            ws.merged(r, 0, r, 5)
            template = t.get_or_make(ws, "total", lambda: total_cells(f, 8, "总计", {6: "f"}))
            parts = "+".join(x.local(6) for x in subtotals.get(id(block), [])) or "0"
            ws.put(r, template, "=" + parts, 0)

    return write_row


# --- 表-12-5 总承包服务费计价表 ---

W12_5 = (5, 26, 15, 32, 11, 8, 14)
SERVICE_TEXT = "按招标文件约定的总承包管理、协调及配合服务；本招标控制价未计总承包服务费"


def form_12_5(units: list[BoqUnit], section: str) -> Form:
    """表-12-5: a row per 专业工程 of 表-12-3 (its 项目价值), 合计."""
    needs = {
        2: _widest_total(units, "professional"),
        6: PAGE_NUMBER_UNITS - W12_5[5],
    }
    widths = fit_widths(W12_5, needs, "landscape", flexible=(3, 1), floor=16)
    heads = [
        "序号",
        "项目名称",
        "项目价值（元）",
        "服务内容",
        "计算基础",
        "费率（%）",
        "金额（元）",
    ]
    form = make_form(
        "表-12-5", "总承包服务费计价表", "表-12-5 总承包服务费", "landscape", widths,
        simple_header(widths, heads), section,
    )  # fmt: skip
    height = row_height([(SERVICE_TEXT, widths[3])])
    for unit in units:
        rows = [
            Row("item", max(height, row_height([(_work_name(ln), widths[1])])), ln)
            for ln in unit.works
        ]
        form.blocks.append(listing_block(unit, rows))
    return form


def _work_name(line: BoqLine) -> str:
    return f"发包人发包专业工程：{line.name}"


def writer_12_5(f: Formats, rows12_3: dict[int, Row]) -> RowWriter:
    """Rows of 表-12-5: 项目价值 is 表-12-3's 暂估金额; no fee (金额 0) unless set."""

    def cells() -> list[Cell]:
        return [
            (1, "t", None, f.text),
            (2, "f", None, f.money),
            (3, "s", SERVICE_TEXT, f.text),
            (4, "s", "项目价值", f.center),
            (5, "b", None, f.percent),
            (6, "n", None, f.money),
        ]

    def item(row: Row) -> Listed:
        line: BoqLine = row.data
        value = "=" + rows12_3[id(line)].ref(3)
        return "item", cells, [_work_name(line), value, line.amount, 0]

    return listing_writer(
        f,
        7,
        item,
        none_text="无（本单位工程无发包人发包的专业工程）",
        total_col=6,
        total=lambda _unit: 0,  # no fee charged
    )
