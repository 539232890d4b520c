"""The material forms of a 招标控制价 (GB 50500-2013), one block per 单位工程 each:

- 表-20 发包人提供材料和工程设备一览表 (none);
- 表-21 承包人提供主要材料和工程设备一览表 (造价信息差额调整法): per item its 材料费 per unit as
  基准单价 (the all-in rates are not split into materials; a 定额-priced bill would list them);
- 表-22 the same for the 价格指数差额调整法: the 变值权重 of 人工, 材料, 机械 and the 定值权重.
"""

from __future__ import annotations

from decimal import Decimal

from planner.boq.bill import BoqLine, BoqUnit
from planner.boq.units import quantity_places
from planner.boq_workbook.fastsheet import FastWorksheet, Templates
from planner.boq_workbook.forms_other import (
    RowWriter,
    make_form,
    none_row,
    total_cells,
    widest_quantity,
)
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

#: 风险系数 of the contractor's materials (GB 50500-2013 3.4.3 条文说明: 材料 within 5 %; quoted
#: from memory, unverified): the tender may set another.
RISK_PERCENT = 5


# --- 表-20 发包人提供材料和工程设备一览表 ---

W20 = (5, 34, 8, 12, 12, 12, 14, 12)


def form_20(units: list[BoqUnit], section: str) -> Form:
    """表-20: the 发包人 supplies no materials in these tenders: one row saying so per unit."""
    widths = fit_widths(W20, {7: PAGE_NUMBER_UNITS - W20[6]}, "landscape", flexible=(1,))
    heads = ["序号", "材料（工程设备）名称、规格、型号", "单位", "数量", "单价（元）"]
    heads += ["交货方式", "送达地点", "备注"]
    form = make_form(
        "表-20", "发包人提供材料和工程设备一览表", "表-20 发包人提供材料", "landscape", widths,
        simple_header(widths, heads), section,
    )  # fmt: skip
    for unit in units:
        form.blocks.append(Block(unit.name, [Row("none", ROW_PT)], key=unit))
    return form


def writer_20(f: Formats) -> RowWriter:
    """The one row of 表-20."""
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:  # noqa: ARG001
        none_row(ws, t, f, row.row, 8, "无（本工程发包人不提供材料和工程设备）")

    return write_row


# --- 表-21 / 表-22 承包人提供主要材料和工程设备一览表 ---

W21 = (5, 30, 7, 12, 9, 12, 12, 12, 15)
MATERIAL_NOTE = "按清单项目材料费计列（未按定额分解材料）"


def _material_lines(unit: BoqUnit) -> list[BoqLine]:
    return [ln for ln in unit.lines if ln.build.material > 0]


def _contractor_material(line: BoqLine) -> str:
    return f"{line.name}（{line.code}）材料"


def form_21(units: list[BoqUnit], section: str) -> Form:
    """表-21 (造价信息差额调整法): a row per item with a 材料费: 数量, 风险系数, 基准单价."""
    lines = [ln for u in units for ln in _material_lines(u)]
    needs = {
        3: widest_quantity(lines),
        5: max((number_units(ln.build.material) for ln in lines), default=0),
        8: PAGE_NUMBER_UNITS - W21[7],
    }  # fmt: skip
    widths = fit_widths(W21, needs, "landscape", flexible=(1, 8), floor=14)
    heads = ["序号", "名称、规格、型号", "单位", "数量", "风险系数（%）", "基准单价（元）"]
    heads += ["投标单价（元）", "发承包人确认单价（元）", "备注"]
    form = make_form(
        "表-21", "承包人提供主要材料和工程设备一览表（适用于造价信息差额调整法）",
        "表-21 承包人主要材料", "landscape", widths, simple_header(widths, heads), section,
    )  # fmt: skip
    for unit in units:
        rows = [
            Row(
                "item",
                row_height([(_contractor_material(ln), widths[1]), (MATERIAL_NOTE, widths[8])]),
                ln,
            )
            for ln in _material_lines(unit)
        ]
        form.blocks.append(Block(unit.name, rows or [Row("none", ROW_PT)], key=unit))
    return form


def writer_21(
    f: Formats, rows08: dict[int, Row], cells09: dict[int, tuple[str, str | None]] | None
) -> RowWriter:
    """Rows of 表-21: 数量 表-08's 工程量, 基准单价 表-09's 材料费 (references); left blank in
    a bill without prices (``cells09`` None)."""
    t = Templates()
    numbers: dict[int, int] = {}

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        if row.kind == "none":
            none_row(ws, t, f, r, 9, "无（本单位工程无材料费）")
            return
        line: BoqLine = row.data
        n = numbers[id(block)] = numbers.get(id(block), 0) + 1
        places = quantity_places(line.item.unit)
        priced = cells09 is not None
        template = t.get_or_make(
            ws,
            ("item", places),
            lambda: [
                (0, "n", None, f.center),
                (1, "t", None, f.text),
                (2, "t", None, f.center),
                (3, "f", None, f.qty[places]),
                (4, "n", None, f.percent),
                (5, "f" if priced else "b", None, f.money),
                (6, "b", None, f.money),
                (7, "b", None, f.money),
                (8, "s", MATERIAL_NOTE, f.text),
            ],
        )
        values = [n, _contractor_material(line), line.unit]
        values += ["=" + rows08[id(line)].ref(5), line.quantity, RISK_PERCENT]
        if cells09 is not None:
            values += ["=" + cells09[id(line)][0], line.build.material]
        ws.put(r, template, *values)

    return write_row


W22 = (5, 34, 16, 18, 18, 25)
INDEX_NOTE = "F0、Ft 取基准日期及调价时工程造价管理机构发布的价格指数"
WEIGHTS = (("labour", "人工费"), ("material", "材料费"), ("machine", "施工机械使用费"))


def weights(unit: BoqUnit) -> dict[str, Decimal]:
    """变值权重 of 人工, 材料 and 机械: their Σ 工程量 × unit part over the 分部分项 and 单价措施
    cost (to 3 decimals); 定值权重 the rest (管理费, 利润 and the fees)."""
    total = unit.total if unit.totals is not None else Decimal(0)
    out: dict[str, Decimal] = {}
    for key, _ in WEIGHTS:
        part = sum(
            (Decimal(str(ln.quantity)) * getattr(ln.build, key) for ln in unit.lines), Decimal(0)
        )
        out[key] = (part / total).quantize(Decimal("0.001")) if total else Decimal(0)
    out["fixed"] = Decimal(1) - sum(out.values(), Decimal(0))
    return out


def form_22(units: list[BoqUnit], section: str) -> Form:
    """表-22 (价格指数差额调整法): 变值权重 of 人工, 材料, 机械, the 定值权重, 合计 1."""
    widths = fit_widths(W22, {5: PAGE_NUMBER_UNITS}, "landscape", flexible=(1,))
    heads = ["序号", "名称、规格、型号", "变值权重 B", "基本价格指数 F0", "现行价格指数 Ft", "备注"]
    form = make_form(
        "表-22", "承包人提供主要材料和工程设备一览表（适用于价格指数差额调整法）",
        "表-22 价格指数", "landscape", widths, simple_header(widths, heads), section,
    )  # fmt: skip
    height = row_height([(INDEX_NOTE, widths[5])])
    for unit in units:
        rows = [Row("weight", height, (i, key, name)) for i, (key, name) in enumerate(WEIGHTS, 1)]
        rows += [Row("fixed", ROW_PT), Row("total", ROW_PT)]
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def writer_22(f: Formats) -> RowWriter:
    """Rows of 表-22: the weights as numbers, 定值权重 = 1 − ΣB and 合计 as formulas."""
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        w = weights(block.key)
        if row.kind == "weight":
            number, key, name = row.data
            template = t.get_or_make(
                ws,
                ("weight", key),
                lambda: [
                    (0, "s", str(number), f.center),
                    (1, "s", name, f.text),
                    (2, "n", None, f.weight),
                    (3, "b", None, f.text),
                    (4, "b", None, f.text),
                    (5, "s", INDEX_NOTE, f.text),
                ],
            )
            ws.put(r, template, w[key])
        elif row.kind == "fixed":
            template = t.get_or_make(
                ws,
                "fixed",
                lambda: (
                    [
                        (0, "b", None, f.center),
                        (1, "s", "定值权重 A", f.text),
                        (2, "f", None, f.weight),
                    ]
                    + [(c, "b", None, f.text) for c in range(3, 6)]
                ),
            )
            ws.put(r, template, f"=1-SUM(C{r - 2}:C{r})", w["fixed"])
        else:
            ws.merged(r, 0, r, 1)
            template = t.get_or_make(ws, "total", lambda: total_cells(f, 6, "合计", {2: "f"}))
            ws.put(r, template, f"=SUM(C{r - 3}:C{r})", Decimal(1))

    return write_row
