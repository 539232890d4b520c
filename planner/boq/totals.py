"""The totals of a 单位工程 exactly as the workbook's formulas compute them (表-04)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from planner.boq.fees import FeeKey, FeeTable, money, total_measures

if TYPE_CHECKING:
    from planner.boq.bill import BoqUnit


@dataclass(frozen=True)
class UnitTotals:
    """The totals of a 单位工程 exactly as the workbook's formulas compute them."""

    items: Decimal  # 分部分项工程费
    unit_measures: Decimal  # 单价措施项目费
    labour: Decimal  # 人工费 of the items and 单价措施 (base of 规费)
    total_measures: dict[FeeKey, Decimal]  # 总价措施, 表-11
    provisional_sum: Decimal  # 暂列金额
    social: Decimal
    housing: Decimal
    provisional_materials: Decimal  # 材料暂估价 (inside the 综合单价; not added again)
    vat_rate: Decimal
    professional: Decimal = Decimal("0.00")  # 专业工程暂估价 (表-12-3)

    @property
    def measures(self) -> Decimal:
        """措施项目费: 单价措施 + 总价措施."""
        return self.unit_measures + sum(self.total_measures.values(), Decimal("0"))

    @property
    def other(self) -> Decimal:
        """其他项目费: 暂列金额 + 专业工程暂估价 (计日工 and 总承包服务费 are 0)."""
        return self.provisional_sum + self.professional

    @property
    def fees(self) -> Decimal:
        """规费."""
        return self.social + self.housing

    @property
    def tax_base(self) -> Decimal:
        """The base of 税金: 分部分项 + 措施 + 其他 + 规费."""
        return self.items + self.measures + self.other + self.fees

    @property
    def tax(self) -> Decimal:
        """税金 = ROUND(base × rate, 2)."""
        return money(self.tax_base * self.vat_rate)

    @property
    def total(self) -> Decimal:
        """招标控制价 of the 单位工程."""
        return self.tax_base + self.tax


def unit_totals(unit: BoqUnit, fees: FeeTable) -> UnitTotals:
    """The unit's totals with the profession's rates, rounded as the workbook rounds."""
    p = unit.profession
    items = sum((ln.amount for ln in unit.item_lines), Decimal("0"))
    unit_measures = sum((ln.amount for ln in unit.measure_lines), Decimal("0"))
    labour = sum((Decimal(str(ln.quantity)) * ln.build.labour for ln in unit.lines), Decimal("0"))
    base = items + unit_measures
    measures = {key: money(base * fees.rate(p, key).fraction) for key, _ in total_measures(p)}
    provisional_materials = sum((ln.provisional or Decimal("0") for ln in unit.lines), Decimal("0"))
    return UnitTotals(
        items=items,
        unit_measures=unit_measures,
        labour=labour,
        total_measures=measures,
        provisional_sum=money(items * fees.rate(p, FeeKey.PROVISIONAL).fraction),
        social=money(labour * fees.rate(p, FeeKey.SOCIAL).fraction),
        housing=money(labour * fees.rate(p, FeeKey.HOUSING).fraction),
        provisional_materials=provisional_materials,
        vat_rate=fees.rate(p, FeeKey.VAT).fraction,
        professional=sum((ln.amount for ln in unit.works), Decimal("0.00")),
    )
