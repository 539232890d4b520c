"""综合单价 through 定额: Σ 定额 consumption × 除税 prices + 管理费 + 利润 (plain data).

A 清单 item (a scope type or a generated line) is built from one or more 定额 子目, each with
its 含量 (定额 units per unit of the 清单 item: 0.01 for a 子目 per 100 m2 under an item in m2).
Per 子目 and 定额 unit:

- 人工费 = ROUND(Σ 工日 × 人工单价, 2), 材料费 = ROUND(Σ consumption × 除税价, 2) over the
  计价材料, 机械费 = ROUND(Σ 台班 × 台班单价, 2);
- 管理费和利润 = ROUND((人工费 + 机械费) × 管理费率, 2) + ROUND((人工费 + 机械费) × 利润率, 2),
  the rates of the unit's profession (``planner.boq.fees``: data with source and status);
- each 合价 = ROUND(含量 × 单价, 2), summed per column into the item's 小计.

未计价材料 (主材) are priced on the item: 数量 = ROUND(Σ 含量 × consumption, 4), 合价 = ROUND(数量 ×
除税价, 2); their sum is the 未计价材料费. The 综合单价 is the 小计 of the four columns plus the
未计价材料费: exactly what 表-09's formulas compute (``planner.boq_workbook.form_09``).

**除税价 throughout (一般计税法)**: a price stated 含税 is converted at its own stated rate,
ROUND(price / (1 + rate), 2); a 含税 price without a rate is refused when it is imported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property

from planner.boq.fees import BuildUp, FeeKey, FeeTable, money
from planner.errors import Refused

ZERO = Decimal("0")
QUANTITY = Decimal("0.0001")


class ResourceKind(StrEnum):
    """What a 定额 resource is."""

    LABOUR = "人工"
    MATERIAL = "材料"
    MAIN = "主材"  # 未计价材料: priced on the item, not inside the 定额's 材料费
    MACHINE = "机械"


class TaxStatus(StrEnum):
    """How a price is published."""

    NET = "除税"
    GROSS = "含税"


class QuotaError(Refused):
    """An item that cannot be priced through its 定额 (a 子目 or a price missing, a unit that
    differs from the price's)."""


@dataclass(frozen=True)
class Resource:
    """One resource of a 子目: its consumption per 定额 unit."""

    kind: ResourceKind
    name: str
    unit: str
    consumption: Decimal


@dataclass(frozen=True)
class Quota:
    """A 定额 子目 with its resources, the library's source and edition."""

    code: str
    name: str
    unit: str
    resources: tuple[Resource, ...]
    source: str = ""
    edition: str = ""
    status: str = "未核实"


@dataclass(frozen=True)
class Price:
    """A 信息价 (or 人工/台班 price) as published, with its tax status."""

    resource: str
    unit: str
    price: Decimal
    tax_status: TaxStatus = TaxStatus.NET
    tax_rate: Decimal | None = None  # per cent
    period: str = ""
    region: str = ""
    source: str = ""
    status: str = "未核实"

    @cached_property
    def net(self) -> Decimal:
        """The 除税价: the price itself, or a 含税 price less VAT at its stated rate."""
        if self.tax_status == TaxStatus.NET:
            return self.price
        if self.tax_rate is None:
            raise QuotaError("boq.quota.err.tax_rate", field="tax_rate", resource=self.resource)
        return money(self.price / (1 + self.tax_rate / 100))


@dataclass(frozen=True)
class Mapped:
    """One 子目 of a 清单 item and its 含量."""

    scope_key: str
    quota_code: str
    content: Decimal
    note: str = ""


@dataclass(frozen=True)
class QuotaRow:
    """One 定额 row of 表-09: per 定额 unit 人工费, 材料费 (计价材料), 机械费; the 数量 (含量)."""

    code: str
    name: str
    unit: str
    quantity: Decimal
    labour: Decimal
    material: Decimal
    machine: Decimal
    labour_price: Decimal | None = None  # 元/工日 of its first 人工 resource

    def charges(self, fees: FeeTable, profession: str) -> tuple[Decimal, Decimal]:
        """(管理费, 利润) per 定额 unit, on 人工费 + 机械费."""
        base = self.labour + self.machine
        return (
            money(base * fees.rate(profession, FeeKey.MANAGEMENT).fraction),
            money(base * fees.rate(profession, FeeKey.PROFIT).fraction),
        )


@dataclass(frozen=True)
class MaterialRow:
    """One line of 材料费明细, per unit of the 清单 item."""

    name: str
    unit: str
    quantity: Decimal
    price: Decimal
    main: bool  # 未计价材料 (主材)

    @property
    def amount(self) -> Decimal:
        """合价 = ROUND(数量 × 单价, 2)."""
        return money(self.quantity * self.price)


@dataclass(frozen=True)
class Analysis:
    """The 综合单价分析 of a 清单 item priced through 定额."""

    rows: tuple[QuotaRow, ...]
    materials: tuple[MaterialRow, ...] = field(default=())

    @property
    def labour_price(self) -> Decimal | None:
        """人工单价 (元/工日) printed under the 定额 rows: the first 子目's."""
        return next((r.labour_price for r in self.rows if r.labour_price is not None), None)

    @property
    def unpriced(self) -> Decimal:
        """未计价材料费 per unit of the item."""
        return sum((m.amount for m in self.materials if m.main), ZERO)

    def build(self, fees: FeeTable, profession: str) -> BuildUp:
        """The item's 人工/材料/机械/管理费/利润 per unit, as 表-09's 小计 and 综合单价 rows.

        材料费 includes the 未计价材料费; 管理费 + 利润 equal the 管理费和利润 合价 小计 exactly
        (利润 is Σ ROUND(含量 × 利润单价, 2), 管理费 the rest)."""
        labour = material = machine = charges = profit = ZERO
        for row in self.rows:
            q = row.quantity
            management_unit, profit_unit = row.charges(fees, profession)
            labour += money(q * row.labour)
            material += money(q * row.material)
            machine += money(q * row.machine)
            charges += money(q * (management_unit + profit_unit))
            profit += money(q * profit_unit)
        return BuildUp(labour, material + self.unpriced, machine, charges - profit, profit)


def _quantity(value: Decimal) -> Decimal:
    return value.quantize(QUANTITY, rounding=ROUND_HALF_UP)


@dataclass
class QuotaBook:
    """A programme's 定额 library, 信息价 (the newest period of each resource) and mapping."""

    quotas: dict[str, Quota]
    prices: dict[str, Price]
    mapping: dict[str, list[Mapped]]
    _made: dict[str, Analysis] = field(default_factory=dict)

    @classmethod
    def of(
        cls, quotas: Iterable[Quota], prices: Iterable[Price], mapping: Iterable[Mapped]
    ) -> QuotaBook:
        """A book from its parts; of two prices of one resource the newest period counts."""
        newest: dict[str, Price] = {}
        for price in prices:
            found = newest.get(price.resource)
            if found is None or price.period > found.period:
                newest[price.resource] = price
        by_scope: dict[str, list[Mapped]] = {}
        for mapped in mapping:
            by_scope.setdefault(mapped.scope_key, []).append(mapped)
        return cls({q.code: q for q in quotas}, newest, by_scope)

    def covers(self, scope_key: str) -> bool:
        """Whether the item has 定额 子目 mapped."""
        return bool(self.mapping.get(scope_key))

    def _price(self, resource: Resource, quota: Quota) -> Decimal:
        price = self.prices.get(resource.name)
        if price is None:
            raise QuotaError(
                "boq.quota.err.no_price", field="prices", resource=resource.name, quota=quota.code
            )
        if price.unit != resource.unit:
            raise QuotaError(
                "boq.quota.err.price_unit",
                field="prices",
                resource=resource.name,
                unit=price.unit,
                expected=resource.unit,
            )
        return price.net

    def analysis(self, scope_key: str) -> Analysis:
        """The item's analysis (raises QuotaError for a 子目 or price missing)."""
        made = self._made.get(scope_key)
        if made is not None:
            return made
        rows: list[QuotaRow] = []
        main: dict[tuple[str, str], Decimal] = {}
        listed: dict[tuple[str, str], Decimal] = {}
        for mapped in self.mapping.get(scope_key, []):
            quota = self.quotas.get(mapped.quota_code)
            if quota is None:
                raise QuotaError("boq.quota.err.no_quota", field="mapping", quota=mapped.quota_code)
            sums = dict.fromkeys(ResourceKind, ZERO)
            labour_price = None
            for resource in quota.resources:
                net = self._price(resource, quota)
                sums[resource.kind] += resource.consumption * net
                if resource.kind == ResourceKind.LABOUR and labour_price is None:
                    labour_price = net
                if resource.kind in (ResourceKind.MATERIAL, ResourceKind.MAIN):
                    target = main if resource.kind == ResourceKind.MAIN else listed
                    key = (resource.name, resource.unit)
                    target[key] = target.get(key, ZERO) + mapped.content * resource.consumption
            rows.append(
                QuotaRow(
                    quota.code,
                    quota.name,
                    quota.unit,
                    mapped.content,
                    money(sums[ResourceKind.LABOUR]),
                    money(sums[ResourceKind.MATERIAL]),
                    money(sums[ResourceKind.MACHINE]),
                    labour_price,
                )
            )
        materials = [
            MaterialRow(name, unit, _quantity(q), self.prices[name].net, False)
            for (name, unit), q in listed.items()
        ] + [
            MaterialRow(name, unit, _quantity(q), self.prices[name].net, True)
            for (name, unit), q in main.items()
        ]
        made = self._made[scope_key] = Analysis(tuple(rows), tuple(materials))
        return made


def estimate_row(build: BuildUp, unit: str) -> QuotaRow:
    """The one row 表-09 shows for an item priced at its all-in list price (a 估算, not 定额)."""
    return QuotaRow(
        "估算",
        "全费用参考价拆分（估算，非定额）",
        unit,
        Decimal(1),
        build.labour,
        build.material,
        build.machine,
    )
