"""表-08 分部分项工程和单价措施项目清单与计价表, one block per 单位工程.

Per 分部 a heading row, its items and a 分部小计; the 单价措施 (scaffolding) under their own
heading; 合计 last; 本页小计 at the foot of every page. 综合单价 is 表-09's
(``planner.boq_workbook.form_09``), 合价 ``=ROUND(工程量*综合单价,2)``, 暂估价
``=ROUND(工程量*暂估合价,2)``.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from planner.boq.bill import BoqLine, BoqUnit
from planner.boq.catalogue import CodeStatus
from planner.boq.units import quantity_places
from planner.boq_workbook.fastsheet import FastWorksheet, RowTemplate, Templates
from planner.boq_workbook.layout import (
    PAGE_NUMBER_UNITS,
    ROW_PT,
    Formats,
    cell,
    fit_widths,
    header_rows,
    number_units,
    row_height,
)
from planner.boq_workbook.paging import Block, Form, Page, Row

W08 = (4, 13, 12, 38, 5, 11, 10, 12, 9)


def _header_08(widths: tuple[float, ...]) -> list:
    return header_rows(
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


HEADER_08 = _header_08(W08)


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
    f: Formats, cells09: dict[int, tuple[str, str | None]]
) -> tuple[
    Callable[[FastWorksheet, Row, Block], None], Callable[[FastWorksheet, Page, Block], None]
]:
    """The row and 本页小计 writers of 表-08 (综合单价 and 暂估合价 from 表-09's cells,
    ``form_09.analysis_cells``)."""
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
            rate_cell, provisional_cell = cells09[id(line)]
            n = r + 1
            values = [number, line.code, line.name, line.description, line.unit, line.quantity]
            values += ["=" + rate_cell, line.build.unit_rate]
            values += [f"=ROUND(F{n}*G{n},2)", line.amount]
            if has_provisional:
                values += [f"=ROUND(F{n}*{provisional_cell},2)", line.provisional or 0]
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
