"""表-08 分部分项工程和单价措施项目清单与计价表 and 表-09 综合单价分析表, one block per 单位工程.

表-08: per 分部 a heading row, its items and a 分部小计; the 单价措施 (scaffolding) under their own
heading; 合计 last; 本页小计 at the foot of every page. 综合单价 is 表-09's, 合价
``=ROUND(工程量*综合单价,2)``, 暂估价 ``=ROUND(工程量*暂估材料费,2)``.

表-09: per item 人工费, 材料费 (其中暂估材料费), 机械费 as numbers, 管理费 and 利润 as
``=ROUND((人工费+机械费)*rate,2)`` on the 取费及参数 sheet's rates, 综合单价 their sum; 工程量 is
表-08's; a 合计 row gives the block's 人工费 and 机械费 (工程量 × unit part), the base of 规费.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from planner.boq.bill import BoqLine, BoqUnit, quantity_places
from planner.boq.catalogue import CodeStatus
from planner.boq.fees import FeeKey
from planner.boq_workbook.fastsheet import FastWorksheet, RowTemplate, Templates
from planner.boq_workbook.layout import (
    PAGE_NUMBER_UNITS,
    ROW_PT,
    Formats,
    cell,
    fit_widths,
    number_units,
    row_height,
)
from planner.boq_workbook.paging import Block, Form, Page, Row

W08 = (4, 13, 12, 38, 5, 11, 10, 12, 9)
W09 = (4, 13, 14, 5, 11, 9, 9, 9, 9, 9, 9, 10)


def _header(widths: tuple[float, ...], rows: list[list[tuple[int, int, int, int, str]]]):
    """Header rows with heights that fit their text."""
    out = []
    for cells in rows:
        texts = [(text, sum(widths[a : b + 1])) for a, b, _, _, text in cells if text]
        out.append((row_height(texts, ROW_PT + 2), cells))
    return out


def _header_08(widths: tuple[float, ...]) -> list:
    return _header(
        widths,
        [
            [
                (c, c, 1, 0, t)
                for c, t in enumerate(("序号", "项目编码", "项目名称", "项目特征描述"))
            ]
            + [(4, 4, 1, 0, "计量单位"), (5, 5, 1, 0, "工程量"), (6, 8, 0, 0, "金额（元）")],
            [(6, 6, 0, 0, "综合单价"), (7, 7, 0, 0, "合价"), (8, 8, 0, 0, "其中：暂估价")],
        ],
    )


def _header_09(widths: tuple[float, ...]) -> list:
    return _header(
        widths,
        [
            [(c, c, 1, 0, t) for c, t in enumerate(("序号", "项目编码", "项目名称", "计量单位"))]
            + [(4, 4, 1, 0, "工程量"), (5, 10, 0, 0, "清单综合单价组成（元/计量单位）")]
            + [(11, 11, 1, 0, "综合单价（元）")],
            [
                (5, 5, 0, 0, "人工费"),
                (6, 6, 0, 0, "材料费"),
                (7, 7, 0, 0, "其中：暂估材料费"),
                (8, 8, 0, 0, "机械费"),
                (9, 9, 0, 0, "管理费"),
                (10, 10, 0, 0, "利润"),
            ],
        ],
    )


HEADER_08 = _header_08(W08)
HEADER_09 = _header_09(W09)


def _widths_08(units: list[BoqUnit]) -> tuple[float, ...]:
    """表-08's columns, each numeric one as wide as its widest value (合计 in bold)."""
    lines = [ln for u in units for ln in u.lines]
    qty = max((number_units(ln.quantity, quantity_places(ln.item.unit)) for ln in lines), default=0)
    rate = max((number_units(ln.build.unit_rate) for ln in lines), default=0)
    amount = max(
        (number_units(sum((ln.amount for ln in u.lines), Decimal("0")), bold=True) for u in units),
        default=0,
    )
    provisional = max(
        (number_units(u.totals.provisional_materials, bold=True) for u in units if u.totals),
        default=0,
    )
    needs = {5: qty, 6: rate, 7: amount, 8: provisional}
    needs[8] = max(needs[8], PAGE_NUMBER_UNITS - W08[7], 0)
    return fit_widths(W08, needs, "landscape", flexible=(3, 2))


def _widths_09(units: list[BoqUnit]) -> tuple[float, ...]:
    """表-09's columns sized from their widest value: the 合计 of 人工费 and 机械费 (Σ 工程量 ×
    unit part, bold) are the widest."""
    lines = [ln for u in units for ln in u.lines]
    needs: dict[int, float] = {
        4: max(
            (number_units(ln.quantity, quantity_places(ln.item.unit)) for ln in lines), default=0
        )
    }
    for col, part in ((6, "material"), (9, "management"), (10, "profit"), (11, "unit_rate")):
        needs[col] = max((number_units(getattr(ln.build, part)) for ln in lines), default=0)
    needs[7] = max((number_units(ln.provisional_rate or 0) for ln in lines), default=0)
    for col, part in ((5, "labour"), (8, "machine")):
        needs[col] = max((number_units(getattr(ln.build, part)) for ln in lines), default=0)
    needs[11] = max(needs[11], PAGE_NUMBER_UNITS - W09[10])
    widths = list(fit_widths(W09, needs, "landscape", flexible=(2,)))
    # The 合计 of 人工费 and 机械费 (Σ 工程量 × unit part, bold) span their right neighbours
    # (材料费, 管理费: no 合计 of their own).
    for col, part in ((5, "labour"), (8, "machine")):
        totals = [
            sum((Decimal(str(ln.quantity)) * getattr(ln.build, part) for ln in u.lines), Decimal(0))
            for u in units
        ]
        need = max((number_units(t, bold=True) for t in totals), default=0)
        widths[col] += max(0.0, need - widths[col] - widths[col + 1])
    return fit_widths(widths, {}, "landscape", flexible=(2,))


def form_08(units: list[BoqUnit], section: str) -> Form:
    """表-08 with one block per 单位工程."""
    widths = _widths_08(units)
    form = Form(
        "表-08",
        "分部分项工程和单价措施项目清单与计价表",
        "表-08 分部分项",
        "landscape",
        widths,
        _header_08(widths),
        page_subtotal=True,
        section=section,
    )
    for unit in units:
        rows: list[Row] = []
        division: tuple[int, str] | None = None
        group: list[Row] = []
        for line in unit.lines:
            if line.division != division:
                if group:
                    rows.append(Row("subtotal", ROW_PT, (division, group)))
                division, group = line.division, []
                rows.append(Row("division", ROW_PT, division[1]))
            height = row_height([(line.description, widths[3]), (line.name, widths[2])])
            item = Row("item", height, line)
            rows.append(item)
            group.append(item)
        if group:
            rows.append(Row("subtotal", ROW_PT, (division, group)))
        rows.append(Row("total", ROW_PT))
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def form_09(units: list[BoqUnit], section: str) -> Form:
    """表-09 with one block per 单位工程."""
    widths = _widths_09(units)
    form = Form(
        "表-09",
        "综合单价分析表",
        "表-09 综合单价分析",
        "landscape",
        widths,
        _header_09(widths),
        section=section,
    )
    for unit in units:
        rows = [Row("item", row_height([(ln.name, widths[2])]), ln) for ln in unit.lines]
        rows.append(Row("total", row_height([("合计（人工费、机械费 = Σ 工程量 × 单价）", 42)])))
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def rows_by_line(form: Form) -> dict[int, Row]:
    """The placed item row of each line (by ``id(line)``)."""
    return {id(r.data): r for b in form.blocks for p in b.pages for r in p.rows if r.kind == "item"}


def item_runs(rows: list[Row], col: int) -> str:
    """``SUM`` arguments covering the item rows of ``rows`` (contiguous runs as ranges)."""
    runs = _runs([r for r in rows if r.kind == "item"])
    return ",".join(cell(a, col) if a == b else f"{cell(a, col)}:{cell(b, col)}" for a, b in runs)


def _runs(rows: list[Row]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    for r in rows:
        if runs and runs[-1][1] == r.row - 1:
            runs[-1] = (runs[-1][0], r.row)
        else:
            runs.append((r.row, r.row))
    return runs


def writers_08(
    f: Formats, rows09: dict[int, Row]
) -> tuple[
    Callable[[FastWorksheet, Row, Block], None], Callable[[FastWorksheet, Page, Block], None]
]:
    """The row and 本页小计 writers of 表-08 (综合单价 and 暂估材料费 from 表-09's rows)."""
    numbers: dict[int, int] = {}
    subtotals: dict[int, list[Row]] = {}
    t = Templates()

    def label_row(ws: FastWorksheet, label: str) -> RowTemplate:
        def cells() -> list:
            row = [(0, "b", None, f.total), (1, "b", None, f.total), (2, "s", label, f.total_text)]
            row += [(c, "b", None, f.total) for c in range(3, 7)]
            return row + [(7, "f", None, f.total), (8, "f", None, f.total)]

        return t.get_or_make(ws, label, cells)

    def division_cells() -> list:
        cells = [(c, "b", None, f.division) for c in range(9)]
        cells[2] = (2, "t", None, f.division)
        return cells

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        if row.kind == "division":
            ws.put(r, t.get_or_make(ws, "division", division_cells), row.data)
        elif row.kind == "item":
            line: BoqLine = row.data
            number = numbers[id(block)] = numbers.get(id(block), 0) + 1
            unverified = line.item.status == CodeStatus.UNVERIFIED
            places = quantity_places(line.item.unit)
            has_provisional = line.provisional_rate is not None
            template = t.get_or_make(
                ws,
                ("item", unverified, places, has_provisional),
                lambda: [
                    (0, "n", None, f.center),
                    (1, "t", None, f.code_unverified if unverified else f.code),
                    (2, "t", None, f.text),
                    (3, "t", None, f.text),  # 项目特征 (the rate set's text: typed)
                    (4, "t", None, f.center),
                    (5, "n", None, f.qty[places]),
                    (6, "f", None, f.money),
                    (7, "f", None, f.money),
                    (8, "f" if has_provisional else "b", None, f.money),
                ],
            )
            analysis = rows09[id(line)]
            n = r + 1
            values = [number, line.code, line.name, line.description, line.unit, line.quantity]
            values += ["=" + analysis.ref(11), line.build.unit_rate]
            values += [f"=ROUND(F{n}*G{n},2)", line.amount]
            if has_provisional:
                values += [f"=ROUND(F{n}*{analysis.ref(7)},2)", line.provisional or 0]
            ws.put(r, template, *values)
        elif row.kind == "subtotal":
            (_, name), group = row.data
            subtotals.setdefault(id(block), []).append(row)
            lines = [g.data for g in group]
            amount = sum((ln.amount for ln in lines), Decimal("0"))
            provisional = sum((ln.provisional or Decimal("0") for ln in lines), Decimal("0"))
            label = "小计" if name == "单价措施项目" else "分部小计"
            ws.put(
                r,
                label_row(ws, label),
                f"=SUM({item_runs(group, 7)})",
                amount,
                f"=SUM({item_runs(group, 8)})",
                provisional,
            )
        else:  # 合计
            unit: BoqUnit = block.key
            subs = subtotals.get(id(block), [])
            amount = sum((ln.amount for ln in unit.lines), Decimal("0"))
            provisional = unit.totals.provisional_materials if unit.totals else 0
            ws.put(
                r,
                label_row(ws, "合计"),
                "=" + ("+".join(s.local(7) for s in subs) or "0"),
                amount,
                "=" + ("+".join(s.local(8) for s in subs) or "0"),
                provisional,
            )

    def write_subtotal(ws: FastWorksheet, page: Page, block: Block) -> None:  # noqa: ARG001
        items = [row for row in page.rows if row.kind == "item"]
        amount = sum((row.data.amount for row in items), Decimal("0"))
        provisional = sum((row.data.provisional or Decimal("0") for row in items), Decimal("0"))
        ws.put(
            page.subtotal_row,
            label_row(ws, "本页小计"),
            f"=SUM({item_runs(items, 7)})" if items else "=0",
            amount,
            f"=SUM({item_runs(items, 8)})" if items else "=0",
            provisional,
        )

    return write_row, write_subtotal


def writer_09(
    f: Formats, rows08: dict[int, Row], rate_cells: dict[tuple[str, FeeKey], str]
) -> Callable[[FastWorksheet, Row, Block], None]:
    """The row writer of 表-09 (工程量 from 表-08, rates from the 取费及参数 sheet)."""
    numbers: dict[int, int] = {}
    t = Templates()

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        r = row.row
        unit: BoqUnit = block.key
        if row.kind == "item":
            line: BoqLine = row.data
            number = numbers[id(block)] = numbers.get(id(block), 0) + 1
            b = line.build
            unverified = line.item.status == CodeStatus.UNVERIFIED
            places = quantity_places(line.item.unit)
            has_provisional = line.provisional_rate is not None
            code = f.code_unverified if unverified else f.code
            template = t.get_or_make(
                ws,
                (unverified, places, has_provisional),
                lambda: [
                    (0, "n", None, f.center),
                    (1, "t", None, code),
                    (2, "t", None, f.text),
                    (3, "t", None, f.center),
                    (4, "f", None, f.qty[places]),
                    (5, "n", None, f.money),
                    (6, "n", None, f.money),
                    (7, "n" if has_provisional else "b", None, f.money),
                    (8, "n", None, f.money),
                    (9, "f", None, f.money),
                    (10, "f", None, f.money),
                    (11, "f", None, f.money),
                ],
            )
            n = r + 1
            management = rate_cells[unit.profession, FeeKey.MANAGEMENT]
            profit = rate_cells[unit.profession, FeeKey.PROFIT]
            values: list = [number, line.code, line.name, line.unit]
            values += ["=" + rows08[id(line)].ref(5), line.quantity, b.labour, b.material]
            if has_provisional:
                values.append(line.provisional_rate)
            values += [b.machine, f"=ROUND((F{n}+I{n})*{management}/100,2)", b.management]
            values += [f"=ROUND((F{n}+I{n})*{profit}/100,2)", b.profit]
            values += [f"=ROUND(F{n}+G{n}+I{n}+J{n}+K{n},2)", b.unit_rate]
            ws.put(r, template, *values)
        else:
            items = [x for p in block.pages for x in p.rows if x.kind == "item"]
            machine = sum(
                (Decimal(str(x.data.quantity)) * x.data.build.machine for x in items), Decimal("0")
            )
            labour = unit.totals.labour if unit.totals else 0
            ws.merged(r, 1, r, 4)
            ws.merged(r, 5, r, 6)  # 人工费 合计 over 材料费
            ws.merged(r, 8, r, 9)  # 机械费 合计 over 管理费
            template = t.get_or_make(ws, "total", total_cells)
            ws.put(r, template, _sumproduct(items, 5), labour, _sumproduct(items, 8), machine)

    def total_cells() -> list:
        cells: list[tuple[int, str, str | None, Any]] = [(c, "b", None, f.total) for c in range(12)]
        cells[1] = (1, "s", "合计（人工费、机械费 = Σ 工程量 × 单价）", f.total_text)
        cells[5] = (5, "f", None, f.total)
        cells[8] = (8, "f", None, f.total)
        return cells

    return write_row


def _sumproduct(items: list[Row], col: int) -> str:
    """``=SUMPRODUCT`` of 工程量 (E) and column ``col`` over each run of item rows."""
    parts = []
    for a, b in _runs(items):
        parts.append(f"SUMPRODUCT({cell(a, 4)}:{cell(b, 4)},{cell(a, col)}:{cell(b, col)})")
    return "=" + ("+".join(parts) or "0")
