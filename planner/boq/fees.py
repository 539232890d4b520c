"""取费: the rates that turn 人工/材料/机械 into a 招标控制价, per profession, with their sources.

Why code data and not a table: these defaults are one dated, sourced table that changes only
when a provincial 费用定额 changes (a reviewed release, like the code catalogue); the rates of
one tender are options of that export (page and ``planner export-boq --fee``), written into the
workbook's 取费及参数 sheet, where every form's formulas read them, so an engineer can still
change any of them in the workbook and every total follows.

No Gansu 费用定额 was available: every rate below except the VAT rate is a **placeholder**
(status UNVERIFIED) and says so in the workbook and on the page. The VAT rate is the national
rate for construction services under the general method (9 %, 财政部 税务总局 海关总署公告
2019 年第 39 号, from 2019-04-01), quoted from memory and not checked against a stored copy,
so it is marked UNVERIFIED too.

Bases (stated in the workbook):

- 管理费 and 利润: a share of 人工费 + 机械费 of each item (the base several provinces use);
- 总价措施 (安全文明施工费 and the others): a share of 分部分项工程费 + 单价措施项目费;
- 暂列金额: a share of 分部分项工程费;
- 规费 (社会保险费, 住房公积金): a share of the 人工费 of the 分部分项 and 单价措施 items;
- 税金: 9 % of 分部分项工程费 + 措施项目费 + 其他项目费 + 规费 (GB 50500-2013 表-13's base).

The split of a 综合单价 into 人工/材料/机械 uses a labour and a machine share per profession
(placeholders too): the rate library holds all-in 综合单价, and 表-09 shows how such a price
would be built, with 管理费 and 利润 as live formulas on the shares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cached_property

from planner.errors import Refused


class FeeStatus(StrEnum):
    """How well a rate is attested (the code catalogue's words, plus the engineer's own)."""

    VERIFIED = "VERIFIED"
    UNVERIFIED = "UNVERIFIED"
    USER = "USER"  # set by the engineer for this export


#: Professions that get their own 单位工程 inside a 单项工程, in bill order.
PROFESSION_UNITS: dict[str, str] = {
    "01": "建筑与装饰工程",
    "03": "安装工程（给排水、采暖、电气）",
    "04": "市政工程（道路、管网）",
    "05": "园林绿化工程",
}


class FeeKey(StrEnum):
    """The rates of one profession."""

    LABOUR_SHARE = "labour_share"
    MACHINE_SHARE = "machine_share"
    MANAGEMENT = "management"
    PROFIT = "profit"
    SAFETY = "safety"
    NIGHT = "night"
    HANDLING = "handling"
    WINTER = "winter"
    TEMPORARY = "temporary"
    PROTECTION = "protection"
    PROVISIONAL = "provisional"
    SOCIAL = "social"
    HOUSING = "housing"
    VAT = "vat"


#: (name, base) of each rate, as the workbook states them.
FEE_TEXT: dict[FeeKey, tuple[str, str]] = {
    FeeKey.LABOUR_SHARE: ("人工费占人材机比例", "综合单价中的人工费、材料费、机械费之和"),
    FeeKey.MACHINE_SHARE: ("机械费占人材机比例", "综合单价中的人工费、材料费、机械费之和"),
    FeeKey.MANAGEMENT: ("企业管理费", "人工费 + 机械费"),
    FeeKey.PROFIT: ("利润", "人工费 + 机械费"),
    FeeKey.SAFETY: ("安全文明施工费", "分部分项工程费 + 单价措施项目费"),
    FeeKey.NIGHT: ("夜间施工增加费", "分部分项工程费 + 单价措施项目费"),
    FeeKey.HANDLING: ("二次搬运费", "分部分项工程费 + 单价措施项目费"),
    FeeKey.WINTER: ("冬雨季施工增加费", "分部分项工程费 + 单价措施项目费"),
    FeeKey.TEMPORARY: (
        "地上、地下设施、建筑物的临时保护设施费",
        "分部分项工程费 + 单价措施项目费",
    ),
    FeeKey.PROTECTION: ("已完工程及设备保护费", "分部分项工程费 + 单价措施项目费"),
    FeeKey.PROVISIONAL: ("暂列金额", "分部分项工程费"),
    FeeKey.SOCIAL: ("社会保险费", "分部分项及单价措施人工费"),
    FeeKey.HOUSING: ("住房公积金", "分部分项及单价措施人工费"),
    FeeKey.VAT: ("增值税（一般计税方法）", "分部分项工程费 + 措施项目费 + 其他项目费 + 规费"),
}

#: The 总价措施 of 表-11 of each profession, in the form's order, with the code of that
#: profession's own standard (安全文明施工及其他措施项目): GB 50854-2013 S.7 (011707), GB
#: 50856-2013 N.2 (0313 02), GB 50857-2013 L.9 (0411 09), GB 50858-2013 (0504 05). The 安装
#: standard has no 临时保护设施 item. Codes quoted from memory of the standards' structure
#: (not in the project's compiled notes): UNVERIFIED, the 编码及来源 sheet says so.
MEASURES_BY_PROFESSION: dict[str, tuple[tuple[FeeKey, str], ...]] = {
    "01": (
        (FeeKey.SAFETY, "011707001"),
        (FeeKey.NIGHT, "011707002"),
        (FeeKey.HANDLING, "011707004"),
        (FeeKey.WINTER, "011707005"),
        (FeeKey.TEMPORARY, "011707006"),
        (FeeKey.PROTECTION, "011707007"),
    ),
    "03": (
        (FeeKey.SAFETY, "031302001"),
        (FeeKey.NIGHT, "031302002"),
        (FeeKey.HANDLING, "031302004"),
        (FeeKey.WINTER, "031302005"),
        (FeeKey.PROTECTION, "031302006"),
    ),
    "04": (
        (FeeKey.SAFETY, "041109001"),
        (FeeKey.NIGHT, "041109002"),
        (FeeKey.HANDLING, "041109003"),
        (FeeKey.WINTER, "041109004"),
        (FeeKey.TEMPORARY, "041109006"),
        (FeeKey.PROTECTION, "041109007"),
    ),
    "05": (
        (FeeKey.SAFETY, "050405001"),
        (FeeKey.NIGHT, "050405002"),
        (FeeKey.HANDLING, "050405004"),
        (FeeKey.WINTER, "050405005"),
        (FeeKey.TEMPORARY, "050405007"),
        (FeeKey.PROTECTION, "050405008"),
    ),
}
#: How sure the codes above are (none is in the project's compiled notes).
MEASURE_CODE_STATUS = "未核实（按各专业计量规范措施项目附录的结构引用，未与标准文本核对）"


def total_measures(profession: str) -> tuple[tuple[FeeKey, str], ...]:
    """The 总价措施 (key, code) of ``profession`` (the building ones for another)."""
    return MEASURES_BY_PROFESSION.get(profession, MEASURES_BY_PROFESSION["01"])


#: The building profession's 总价措施 (kept for readers of the old name).
TOTAL_MEASURES: tuple[tuple[FeeKey, str], ...] = MEASURES_BY_PROFESSION["01"]

_PLACEHOLDER = "占位值，无公开来源：须按甘肃省现行费用定额及嘉峪关计价依据替换"
_VAT_SOURCE = (
    "全国统一税率：建筑服务增值税 9%（财政部 税务总局 海关总署公告 2019 年第 39 号，"
    "2019-04-01 起）；凭记忆引用，未与公告原文核对"
)
_SHARES = "占位值：人材机拆分比例为假定，仅用于演示表-09 的组成"

# Placeholder values per profession: labour and machine shares (% of 人材机), 管理费, 利润.
_BUILD_UP: dict[str, tuple[float, float, float, float]] = {
    "01": (25.0, 5.0, 15.0, 10.0),
    "03": (20.0, 5.0, 18.0, 10.0),
    "04": (20.0, 15.0, 15.0, 10.0),
    "05": (30.0, 5.0, 15.0, 10.0),
}
_COMMON: dict[FeeKey, float] = {
    FeeKey.SAFETY: 3.0,
    FeeKey.NIGHT: 0.5,
    FeeKey.HANDLING: 0.5,
    FeeKey.WINTER: 1.0,
    FeeKey.TEMPORARY: 0.2,
    FeeKey.PROTECTION: 0.3,
    FeeKey.PROVISIONAL: 10.0,
    FeeKey.SOCIAL: 25.0,
    FeeKey.HOUSING: 8.0,
    FeeKey.VAT: 9.0,
}


@dataclass(frozen=True)
class FeeRate:
    """One rate (in per cent) of one profession, with where it comes from."""

    profession: str
    key: FeeKey
    value: float
    source: str
    status: FeeStatus = FeeStatus.UNVERIFIED

    @property
    def name(self) -> str:
        """The rate's name as the forms print it."""
        return FEE_TEXT[self.key][0]

    @property
    def base(self) -> str:
        """What the rate is a share of."""
        return FEE_TEXT[self.key][1]

    @property
    def id(self) -> str:
        """``<profession>.<key>``, e.g. ``01.management`` (the override key)."""
        return f"{self.profession}.{self.key.value}"

    @cached_property
    def fraction(self) -> Decimal:
        """The rate as a fraction (9 % → 0.09)."""
        return Decimal(str(self.value)) / 100


def _default(profession: str, key: FeeKey) -> FeeRate:
    if key in (FeeKey.LABOUR_SHARE, FeeKey.MACHINE_SHARE, FeeKey.MANAGEMENT, FeeKey.PROFIT):
        labour, machine, management, profit = _BUILD_UP[profession]
        value = {
            FeeKey.LABOUR_SHARE: labour,
            FeeKey.MACHINE_SHARE: machine,
            FeeKey.MANAGEMENT: management,
            FeeKey.PROFIT: profit,
        }[key]
        source = _SHARES if key in (FeeKey.LABOUR_SHARE, FeeKey.MACHINE_SHARE) else _PLACEHOLDER
        return FeeRate(profession, key, value, source)
    source = _VAT_SOURCE if key == FeeKey.VAT else _PLACEHOLDER
    return FeeRate(profession, key, _COMMON[key], source)


class FeeError(Refused):
    """An override that names no rate or no groundwork setting, or a value out of range."""


@dataclass(frozen=True)
class FeeTable:
    """The rates of every profession for one export."""

    rates: dict[str, FeeRate]

    @classmethod
    def defaults(cls) -> FeeTable:
        """The placeholder table (see the module docstring)."""
        return cls(
            {rate.id: rate for rate in (_default(p, k) for p in PROFESSION_UNITS for k in FeeKey)}
        )

    def rate(self, profession: str, key: FeeKey) -> FeeRate:
        """The rate of ``key`` for ``profession``."""
        return self.rates[f"{profession}.{key.value}"]

    def rows(self) -> list[FeeRate]:
        """All rates, profession by profession, in FeeKey order."""
        return [self.rate(p, k) for p in PROFESSION_UNITS for k in FeeKey]

    def with_overrides(self, overrides: Mapping[str, float], *, source: str = "") -> FeeTable:
        """A copy with some rates set by the engineer (status USER).

        Keys are ``<profession>.<key>`` (``01.management``) or a bare key (``vat``) for every
        profession; values are per cent, 0–100. Raises FeeError for an unknown key or value.
        """
        rates = dict(self.rates)
        note = source or "工程师本次导出设定 / set by the engineer for this export"
        for name, value in overrides.items():
            number = float(value)
            if not 0 <= number <= 100:
                raise FeeError("boq.err.fee_range", field="fees", name=name, value=value)
            targets = [name] if "." in name else [f"{p}.{name}" for p in PROFESSION_UNITS]
            for target in targets:
                if target not in rates:
                    raise FeeError("boq.err.fee_unknown", field="fees", name=name)
                if rates[target].value != number:
                    rates[target] = replace(
                        rates[target], value=number, source=note, status=FeeStatus.USER
                    )
        labour_machine = {
            p: rates[f"{p}.labour_share"].value + rates[f"{p}.machine_share"].value
            for p in PROFESSION_UNITS
        }
        for profession, share in labour_machine.items():
            if share > 100:
                raise FeeError(
                    "boq.err.fee_shares", field="fees", profession=profession, share=share
                )
        return FeeTable(rates)


CENT = Decimal("0.01")


def money(value: Decimal | float) -> Decimal:
    """Round to fen the way the spreadsheet's ROUND does (half away from zero)."""
    if value.__class__ is not Decimal:
        value = Decimal(str(value))
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class BuildUp:
    """A 综合单价 split into 人工费, 材料费, 机械费, 管理费 and 利润 (per unit, in yuan)."""

    labour: Decimal
    material: Decimal
    machine: Decimal
    management: Decimal
    profit: Decimal

    @cached_property
    def unit_rate(self) -> Decimal:
        """The 综合单价: the sum of the five parts."""
        return self.labour + self.material + self.machine + self.management + self.profit


ZERO_BUILD_UP = BuildUp(*(Decimal("0.00"),) * 5)


#: The table the rate library's all-in prices are split with.
_DEFAULTS = FeeTable.defaults()


def build_up(unit_rate: float | None, fees: FeeTable, profession: str) -> BuildUp:
    """Split an all-in 综合单价 into its parts, then price 管理费 and 利润 with ``fees``.

    The rate library's 综合单价 are all-in prices at the default rates: 人工, 材料 and 机械 are
    found with the default 管理费 and 利润 rates (R = D + D·(l + m)·(a₀ + b₀), 人工 and 机械 their
    shares of D, 材料 the remainder), and 管理费 and 利润 are then ``fees``' rates on
    人工费 + 机械费, rounded like the workbook's formulas. With the default rates the parts add up
    to the library's rate exactly; with other rates the 综合单价 moves as it does when the
    engineer changes a rate in the workbook (人工, 材料, 机械 are values there).
    """
    if unit_rate is None:
        return ZERO_BUILD_UP
    rate = money(unit_rate)
    labour_share = fees.rate(profession, FeeKey.LABOUR_SHARE).fraction
    machine_share = fees.rate(profession, FeeKey.MACHINE_SHARE).fraction
    management0 = _DEFAULTS.rate(profession, FeeKey.MANAGEMENT).fraction
    profit0 = _DEFAULTS.rate(profession, FeeKey.PROFIT).fraction
    direct = rate / (1 + (labour_share + machine_share) * (management0 + profit0))
    labour, machine = money(direct * labour_share), money(direct * machine_share)
    material = (
        rate
        - labour
        - machine
        - money((labour + machine) * management0)
        - money((labour + machine) * profit0)
    )
    management = money((labour + machine) * fees.rate(profession, FeeKey.MANAGEMENT).fraction)
    profit = money((labour + machine) * fees.rate(profession, FeeKey.PROFIT).fraction)
    return BuildUp(labour, material, machine, management, profit)
