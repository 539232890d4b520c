"""表-09 综合单价分析表 in the standard's layout (GB 50500-2013), one block per 单位工程.

Per 清单 item, under the page's column header (定额编号, 定额名称, 定额单位, 数量, 单价 and 合价 of
人工费 / 材料费 / 机械费 / 管理费和利润):

- the item's 项目编码, 项目名称, 计量单位 and 工程量 (表-08's);
- one row per 定额 子目: 数量 (含量), 单价 as numbers (定额 × 除税 信息价), 管理费和利润
  ``=ROUND((人工+机械)*管理费率/100,2)+ROUND((人工+机械)*利润率/100,2)`` on the 取费及参数
  sheet's rates, 合价 ``=ROUND(数量*单价,2)``; an item priced at its all-in list price has one
  row "估算" instead (its split into 人工/材料/机械, ``planner.boq.fees.build_up``);
- 人工单价 (元/工日) and 小计 (``SUM`` of the 合价), 未计价材料费, 清单项目综合单价 (小计 +
  未计价材料费: 表-08 refers to it);
- 材料费明细 when the item has materials or a 暂估价: name, unit, 数量, 单价, 合价, 其他材料费 (the
  rest of the 材料费 小计), 材料费小计 and 暂估合价 (表-08's 暂估价 refers to it).

A last row per block gives 人工费 and 机械费 合计 (Σ 工程量 × 小计), the base of 规费 (表-13).
Every value the planner computed is written beside its formula (``planner.boq.pricing``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from decimal import Decimal
from typing import Any

from planner.boq.bill import BoqLine, BoqUnit
from planner.boq.catalogue import CodeStatus
from planner.boq.fees import FeeKey, FeeTable, money
from planner.boq.pricing import MaterialRow, QuotaRow, estimate_row
from planner.boq.units import quantity_places
from planner.boq_workbook.fastsheet import Cell, FastWorksheet, Templates
from planner.boq_workbook.layout import ROW_PT, Formats, header_rows, row_height
from planner.boq_workbook.paging import Block, Form, Row

W09 = (9, 12, 5, 7, 10, 10, 9, 10, 10, 10, 9, 10)
#: Column of the block's last row holding the 人工费 合计 (表-13's 规费 base).
LABOUR_TOTAL_COL = 8
#: Where 表-08 finds an item's 综合单价 (the "item" row) and 暂估合价 (the "materials" row).
RATE_COL, PROVISIONAL_COL = 8, 10
#: Where 表-21 finds an item's 材料费 per unit: the 材料费小计 ("materials" row) or, with no
#: 材料费明细, the 小计's 材料费 合价.
MATERIAL_TOTAL_COL, SUBTOTAL_MATERIAL_COL = 7, 9

_TOTAL_LABEL = "合计（人工费、机械费 = Σ 工程量 × 小计）"


def _header() -> list:
    top = [(c, c, 1, 0, t) for c, t in enumerate(("定额编号", "定额名称", "定额单位", "数量"))]
    top += [(4, 7, 0, 0, "单价（元）"), (8, 11, 0, 0, "合价（元）")]
    parts = ("人工费", "材料费", "机械费", "管理费和利润")
    below = [(4 + i, 4 + i, 0, 0, t) for i, t in enumerate(parts)]
    below += [(8 + i, 8 + i, 0, 0, t) for i, t in enumerate(parts)]
    return header_rows(W09, [top, below])


HEADER_09 = _header()


def _quota_rows(line: BoqLine) -> tuple[QuotaRow, ...]:
    if line.analysis is not None:
        return line.analysis.rows
    return (estimate_row(line.build, line.unit),)


def _materials(line: BoqLine) -> tuple[MaterialRow, ...]:
    return line.analysis.materials if line.analysis is not None else ()


def labour_price(line: BoqLine) -> str:
    """The 人工单价 printed under the item's 定额 rows."""
    price = line.analysis.labour_price if line.analysis is not None else None
    return f"{price} 元/工日" if price is not None else "—"


class _Group:
    """The rows of one item (placed before any is written: formulas refer to them)."""

    def __init__(self, line: BoqLine) -> None:
        self.line = line
        texts = [(line.name, sum(W09[4:8])), (line.code, sum(W09[1:3])), ("项目编码", W09[0])]
        texts += [("项目名称", W09[3]), ("计量单位", W09[8]), ("工程量", W09[10])]
        self.head = Row("head", row_height(texts), self)
        self.quotas = [
            (Row("quota", row_height([(q.name, W09[1]), (q.code, W09[0])]), self), q)
            for q in _quota_rows(line)
        ]
        self.subtotal = Row("quota_subtotal", row_height([(labour_price(line), W09[1])]), self)
        self.unpriced = Row("unpriced", ROW_PT, self)
        self.item = Row("item", ROW_PT, self)
        self.materials: list[tuple[Row, MaterialRow]] = []
        self.detail: list[Row] = []
        materials = _materials(line)
        if materials or line.provisional_rate is not None:
            self.materials = [
                (Row("material", row_height([(m.name + "（未计价）", sum(W09[1:4]))]), self), m)
                for m in materials
            ]
            self.other = Row("material_other", ROW_PT, self)
            self.total = Row("materials", ROW_PT, self)
            texts = [("主要材料名称、规格、型号", sum(W09[1:4])), ("材料费明细", W09[0])]
            head = Row("material_head", row_height(texts), self)
            self.detail = [head, *(r for r, _ in self.materials), self.other, self.total]

    @property
    def rows(self) -> list[Row]:
        """In print order."""
        quotas = [r for r, _ in self.quotas]
        return [self.head, *quotas, self.subtotal, self.unpriced, self.item, *self.detail]


def form_09(units: list[BoqUnit], section: str) -> Form:
    """表-09 with one block per 单位工程 (rows per item: see the module)."""
    form = Form(
        "表-09",
        "综合单价分析表",
        "表-09 综合单价分析",
        "landscape",
        W09,
        HEADER_09,
        section=section,
    )
    for unit in units:
        groups = [_Group(line) for line in unit.lines]
        rows = [row for g in groups for row in g.rows]
        rows.append(Row("total", row_height([(_TOTAL_LABEL, 49)]), groups))
        form.blocks.append(Block(unit.name, rows, key=unit))
    return form


def analysis_cells(form: Form) -> dict[int, tuple[str, str | None]]:
    """Per line (``id(line)``): the cell of its 综合单价 and of its 暂估合价 (or None)."""
    cells: dict[int, tuple[str, str | None]] = {}
    for block in form.blocks:
        for row in block.rows:
            if row.kind == "item":
                group: _Group = row.data
                provisional = group.total.ref(PROVISIONAL_COL) if group.detail else None
                cells[id(group.line)] = (row.ref(RATE_COL), provisional)
    return cells


def detail_cells(form: Form) -> dict[int, tuple[str, str | None]]:
    """Per line (``id(line)``): the cell of its 材料费 per unit (the 材料费小计, or the 小计's
    材料费 for an item with no 材料费明细) and of its 暂估合价 per unit (or None): 表-12-2 and
    表-21 refer to them."""
    cells: dict[int, tuple[str, str | None]] = {}
    for block in form.blocks:
        for row in block.rows:
            if row.kind == "item":
                group: _Group = row.data
                if group.detail:
                    material = group.total.ref(MATERIAL_TOTAL_COL)
                    provisional = group.total.ref(PROVISIONAL_COL)
                    has = group.line.provisional_rate is not None
                    cells[id(group.line)] = (material, provisional if has else None)
                else:
                    cells[id(group.line)] = (group.subtotal.ref(SUBTOTAL_MATERIAL_COL), None)
    return cells


def _n(row: Row) -> int:
    return row.row + 1


def writer_09(
    f: Formats,
    rows08: dict[int, Row],
    rate_cells: dict[tuple[str, FeeKey], str],
    fees: FeeTable,
) -> Callable[[FastWorksheet, Row, Block], None]:
    """The row writer of 表-09 (工程量 from 表-08, 管理费 and 利润 rates from 取费及参数)."""
    t = Templates()
    labels = _label_rows(f)

    def template(ws: FastWorksheet, key: Any, cells: Callable[[], list]) -> Any:
        return t.get_or_make(ws, key, cells)

    def put_label(ws: FastWorksheet, r: int, key: Any, *values: Any) -> None:
        """Row ``r`` as the label row ``key`` (``_label_rows``) with its figures ``values``."""
        spans = labels[key]
        for first, last, *_ in spans:
            if last > first:
                ws.merged(r, first, r, last)
        ws.put(r, template(ws, key, lambda: _span_cells(spans)), *values)

    def write_row(ws: FastWorksheet, row: Row, block: Block) -> None:
        unit: BoqUnit = block.key
        if row.kind == "total":
            _total(ws, row, unit, row.data)
            return
        group: _Group = row.data
        line = group.line
        values: list[Any]
        r, n = row.row, _n(row)
        kind = row.kind
        if kind == "head":
            unverified = line.item.status == CodeStatus.UNVERIFIED
            places = quantity_places(line.item.unit)
            ws.merged(r, 1, r, 2)
            ws.merged(r, 4, r, 7)
            cells = lambda: [  # noqa: E731
                (0, "s", "项目编码", f.header),
                (1, "t", None, f.code_unverified if unverified else f.code),
                (2, "b", None, f.code),
                (3, "s", "项目名称", f.header),
                (4, "t", None, f.text),
                *[(c, "b", None, f.text) for c in (5, 6, 7)],
                (8, "s", "计量单位", f.header),
                (9, "t", None, f.center),
                (10, "s", "工程量", f.header),
                (11, "f", None, f.qty[places]),
            ]
            values = [line.code, line.name, line.unit, "=" + rows08[id(line)].ref(5)]
            ws.put(r, template(ws, ("head", unverified, places), cells), *values, line.quantity)
        elif kind == "quota":
            quota = next(q for x, q in group.quotas if x is row)
            management, profit = quota.charges(fees, unit.profession)
            mg = rate_cells[unit.profession, FeeKey.MANAGEMENT]
            pf = rate_cells[unit.profession, FeeKey.PROFIT]
            cells = lambda: [  # noqa: E731
                (0, "t", None, f.center),
                (1, "t", None, f.text),
                (2, "t", None, f.center),
                (3, "n", None, f.qty[4]),
                (4, "n", None, f.money),
                (5, "n", None, f.money),
                (6, "n", None, f.money),
                *[(c, "f", None, f.money) for c in range(7, 12)],
            ]
            q, charges, base = quota.quantity, management + profit, f"(E{n}+G{n})"
            values = [quota.code, quota.name, quota.unit, q]
            values += [quota.labour, quota.material, quota.machine]
            values += [f"=ROUND({base}*{mg}/100,2)+ROUND({base}*{pf}/100,2)", charges]
            parts = (quota.labour, quota.material, quota.machine, charges)
            for column, part in zip("EFGH", parts, strict=True):
                values += [f"=ROUND(D{n}*{column}{n},2)", money(q * part)]
            ws.put(r, template(ws, "quota", cells), *values)
        elif kind == "quota_subtotal":
            values = [labour_price(line)]
            quotas = [x for x, _ in group.quotas]
            for column, value in zip("IJKL", _subtotals(line), strict=True):
                values += [f"=SUM({_cells(column, quotas)})", value]
            put_label(ws, r, "subtotal", *values)
        elif kind == "unpriced":
            mains = [x for x, m in group.materials if m.main]
            expression = f"=ROUND(SUM({_cells('H', mains)}),2)" if mains else "=0"
            unpriced = line.analysis.unpriced if line.analysis is not None else Decimal("0")
            put_label(ws, r, "unpriced", expression, unpriced)
        elif kind == "item":
            s, u = _n(group.subtotal), _n(group.unpriced)
            expression = f"=ROUND(SUM(I{s}:L{s})+I{u},2)"
            put_label(ws, r, "item", expression, line.build.unit_rate)
        elif kind == "material_head":
            ws.merged(r, 1, r, 3)
            ws.merged(r, 8, r, 9)
            ws.merged(r, 10, r, 11)
            cells = lambda: [  # noqa: E731
                (0, "s", "材料费明细", f.header),
                (1, "s", "主要材料名称、规格、型号", f.header),
                (2, "b", None, f.header),
                (3, "b", None, f.header),
                (4, "s", "单位", f.header),
                (5, "s", "数量", f.header),
                (6, "s", "单价（元）", f.header),
                (7, "s", "合价（元）", f.header),
                (8, "s", "暂估单价（元）", f.header),
                (9, "b", None, f.header),
                (10, "s", "暂估合价（元）", f.header),
                (11, "b", None, f.header),
            ]
            ws.put(r, template(ws, "material_head", cells))
        elif kind == "material":
            material = next(m for x, m in group.materials if x is row)
            ws.merged(r, 1, r, 3)
            ws.merged(r, 8, r, 9)
            ws.merged(r, 10, r, 11)
            cells = lambda: [  # noqa: E731
                (0, "b", None, f.text),
                (1, "t", None, f.text),
                (2, "b", None, f.text),
                (3, "b", None, f.text),
                (4, "t", None, f.center),
                (5, "n", None, f.qty[4]),
                (6, "n", None, f.money),
                (7, "f", None, f.money),
                *[(c, "b", None, f.money) for c in range(8, 12)],
            ]
            name = material.name + ("（未计价）" if material.main else "")
            values = [name, material.unit, material.quantity, material.price]
            values += [f"=ROUND(F{n}*G{n},2)", material.amount]
            ws.put(r, template(ws, "material", cells), *values)
        elif kind == "material_other":
            listed = sum((m.amount for m in _materials(line)), Decimal("0"))
            s, u = _n(group.subtotal), _n(group.unpriced)
            rows = [x for x, _ in group.materials]
            minus = f"-SUM({_cells('H', rows)})" if rows else ""
            expression = f"=ROUND(J{s}+I{u}{minus},2)"
            put_label(ws, r, "other", expression, line.build.material - listed)
        else:  # materials: 材料费小计 and the 暂估合价 per unit
            provisional = line.provisional_rate is not None
            rows = [x for x, _ in group.materials] + [group.other]
            values = [f"=ROUND(SUM({_cells('H', rows)}),2)", line.build.material]
            if provisional:
                values.append(line.provisional_rate)
            put_label(ws, r, ("materials", provisional), *values)

    def _total(ws: FastWorksheet, row: Row, unit: BoqUnit, groups: list[_Group]) -> None:
        def terms(column: str) -> str:
            parts = [f"L{_n(g.head)}*{column}{_n(g.subtotal)}" for g in groups]
            return "=" + ("+".join(parts) or "0")

        labour = unit.totals.labour if unit.totals else Decimal("0")
        machine = sum(
            (Decimal(str(g.line.quantity)) * g.line.build.machine for g in groups), Decimal("0")
        )
        put_label(ws, row.row, "total", terms("I"), labour, terms("K"), machine)

    return write_row


#: A run of columns of a row, merged when it is more than one: its first and last column,
#: then the kind, fixed text and format of its first cell (the others: blanks of that format).
Span = tuple[int, int, str, Any, Any]


def _label_rows(f: Formats) -> dict[Any, tuple[Span, ...]]:
    """The rows that are a label and figures, by template key: an item's 小计 (under 人工单价),
    未计价材料费, 清单项目综合单价, 其他材料费 and 材料费小计 (without and with its 暂估合价), and
    the block's 合计."""

    def material(label: str, *last: Span) -> tuple[Span, ...]:
        figures = [
            (7, 7, "f", None, f.money),
            (8, 8, "b", None, f.money),
            (9, 9, "b", None, f.money),
        ]
        return ((0, 0, "b", None, f.text), (1, 6, "s", label, f.total_text), *figures, *last)

    return {
        "subtotal": (
            (0, 0, "s", "人工单价", f.header),
            (1, 1, "t", None, f.center),
            (2, 3, "b", None, f.center),
            (4, 7, "s", "小计", f.total_text),
            *[(c, c, "f", None, f.total) for c in range(8, 12)],
        ),
        "unpriced": (
            (0, 3, "b", None, f.text),
            (4, 7, "s", "未计价材料费", f.total_text),
            (8, 11, "f", None, f.money),
        ),
        "item": ((0, 7, "s", "清单项目综合单价", f.total_text), (8, 11, "f", None, f.total)),
        "other": material("其他材料费", (10, 10, "b", None, f.money), (11, 11, "b", None, f.money)),
        ("materials", False): material("材料费小计", (10, 11, "b", None, f.money)),
        ("materials", True): material("材料费小计", (10, 11, "n", None, f.money)),
        # Each 合计 spans its empty right neighbour, so a programme's total never prints "###".
        "total": (
            (0, 7, "s", _TOTAL_LABEL, f.total_text),
            (8, 9, "f", None, f.total),
            (10, 11, "f", None, f.total),
        ),
    }


def _span_cells(spans: Iterable[Span]) -> list[Cell]:
    """The cells of a row of ``spans``."""
    cells: list[Cell] = []
    for first, last, kind, value, fmt in spans:
        cells.append((first, kind, value, fmt))
        cells += [(c, "b", None, fmt) for c in range(first + 1, last + 1)]
    return cells


def _subtotals(line: BoqLine) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """The 小计 of the 合价 columns: 人工, 材料 (计价), 机械, 管理费和利润."""
    b = line.build
    unpriced = line.analysis.unpriced if line.analysis is not None else Decimal("0")
    return b.labour, b.material - unpriced, b.machine, b.management + b.profit


def _cells(column: str, rows: list[Row]) -> str:
    """``SUM`` arguments over ``column`` of ``rows`` (consecutive rows as ranges)."""
    runs: list[tuple[int, int]] = []
    for row in rows:
        if runs and runs[-1][1] == row.row - 1:
            runs[-1] = (runs[-1][0], row.row)
        else:
            runs.append((row.row, row.row))
    return ",".join(
        f"{column}{a + 1}" if a == b else f"{column}{a + 1}:{column}{b + 1}" for a, b in runs
    )
