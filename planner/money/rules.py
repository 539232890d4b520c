"""The money rules as data: which funding source may pay for which works, and the limits a
contract's terms must keep. Each rule names where it comes from (docs/money.md lists them).

A source covers a scope type when the scope's category is one it covers, or the scope's key is
one it names; ``only_keys`` limits a source to the keys it names (a utility's own mains).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from planner.catalogue import SCOPE_BY_KEY, AppliesTo, ScopeCategory


class FundingSource(StrEnum):
    """Where a programme's money comes from (the ministry's 资金来源, in its order)."""

    CENTRAL_BUDGET = "central_budget"  # 中央预算内投资
    CENTRAL_SUBSIDY = "central_subsidy"  # 中央财政城镇保障性安居工程补助资金
    PROVINCIAL = "provincial"  # 省级财政资金
    LOCAL = "local"  # 市县财政资金
    SPECIAL_BOND = "special_bond"  # 地方政府专项债券
    RESIDENTS = "residents"  # 居民出资（含住宅专项维修资金）
    UTILITY = "utility"  # 管线/专营单位出资
    SOCIAL_CAPITAL = "social_capital"  # 社会资本


@dataclass(frozen=True)
class SourceRule:
    """What one source may pay for, and why."""

    categories: frozenset[ScopeCategory] = frozenset()
    keys: frozenset[str] = frozenset()
    building_works: bool = False  # every work on a building's 共用部位 (roof, walls, lift)
    source_note: str = ""

    def covers(self, scope_key: str) -> bool:
        """Whether this source may pay for works of ``scope_key``."""
        scope = SCOPE_BY_KEY.get(scope_key)
        if scope is None:
            return False
        if scope_key in self.keys or scope.category in self.categories:
            return True
        return self.building_works and scope.applies_to == AppliesTo.BUILDING


_ALL = frozenset(ScopeCategory)
_B, _I, _U = ScopeCategory.BASIC, ScopeCategory.IMPROVEMENT, ScopeCategory.UPGRADE
_GUIDANCE = "国办发〔2020〕23号"

#: The rule table. docs/money.md cites each row; the bureau may narrow or widen them there.
FUNDING_RULES: dict[FundingSource, SourceRule] = {
    FundingSource.CENTRAL_BUDGET: SourceRule(
        categories=frozenset({_B, _I}),
        source_note=f"{_GUIDANCE} 四(三)：中央补助“保基本”，重点支持基础类；提升类不用中央资金",
    ),
    FundingSource.CENTRAL_SUBSIDY: SourceRule(
        categories=frozenset({_B, _I}),
        source_note=f"{_GUIDANCE} 四(三)：同上",
    ),
    FundingSource.PROVINCIAL: SourceRule(categories=_ALL, source_note="地方财政：不限改造类别"),
    FundingSource.LOCAL: SourceRule(categories=_ALL, source_note="地方财政：不限改造类别"),
    FundingSource.SPECIAL_BOND: SourceRule(
        categories=_ALL, source_note="专项债券：不限改造类别（项目须符合发行方案）"
    ),
    FundingSource.RESIDENTS: SourceRule(
        categories=frozenset({_I, _U}),
        building_works=True,
        source_note=f"{_GUIDANCE} 四(二)“谁受益、谁出资”；住宅专项维修资金用于共用部位、"
        "共用设施设备（《住宅专项维修资金管理办法》第三条）；市政管线不由居民出资",
    ),
    FundingSource.UTILITY: SourceRule(
        keys=frozenset({"water_supply_main", "heating_main", "greening_water_supply"}),
        source_note=f"{_GUIDANCE} 四(五)：供水、供电、供气、供热、通信、有线电视等专业经营单位"
        "出资改造其相关管线设施设备；只用于其自有管线",
    ),
    FundingSource.SOCIAL_CAPITAL: SourceRule(
        categories=frozenset({_I, _U}),
        source_note=f"{_GUIDANCE} 四(五)：社会力量参与可经营的完善类、提升类设施",
    ),
}


def covers(source: FundingSource | str, scope_key: str) -> bool:
    """Whether ``source`` may pay for works of ``scope_key``."""
    return FUNDING_RULES[FundingSource(source)].covers(scope_key)


def uncovered(source: FundingSource | str, scope_keys: set[str]) -> list[str]:
    """The scope keys (catalogue order) that ``source`` may not pay for."""
    order = list(SCOPE_BY_KEY)
    rule = FUNDING_RULES[FundingSource(source)]
    known = [k for k in scope_keys if k in SCOPE_BY_KEY]
    return sorted((k for k in known if not rule.covers(k)), key=order.index)


# --- Contract terms ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TermLimit:
    """Bounds a contract term must stay within, and where they come from."""

    low: Decimal
    high: Decimal
    source_note: str


#: 质保金 at most 3 % of the 结算价 (建质〔2017〕138号 第七条).
RETENTION = TermLimit(Decimal("0"), Decimal("0.03"), "建质〔2017〕138号 第七条")
#: 预付款 at least 10 % and at most 30 % of the contract price (GB 50500-2013 10.1.2, 包工包料).
ADVANCE = TermLimit(Decimal("0.10"), Decimal("0.30"), "GB 50500-2013 10.1.2")
#: 进度款 at least 80 % of the measured value for government-funded works (财建〔2022〕183号,
#: from 2022-08-01; GB 50500-2013 10.3.7 had 60 %–90 %), at most all of it.
PROGRESS = TermLimit(Decimal("0.80"), Decimal("1"), "财建〔2022〕183号；GB 50500-2013 10.3.7")
#: 下浮率 below 100 %; a rise over the 控制价 is refused by the bill's ceiling.
DISCOUNT = TermLimit(
    Decimal("0"), Decimal("0.999999"), "GB 50500-2013 5.1（招标控制价为最高投标限价）"
)
#: 缺陷责任期 at most 24 months from 竣工验收 (建质〔2017〕138号 第二条、第八条).
DEFECTS_MAX_MONTHS = 24
#: Staff are told of a retention release this many days ahead.
RETENTION_ALERT_DAYS = 60
