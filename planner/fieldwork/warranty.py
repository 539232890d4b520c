"""Warranty periods (质保期 / 保修期) by scope type, with their legal source, and end dates.

The legal minimums come from 《建设工程质量管理条例》 (国务院令第279号) 第四十条: under normal use,
(一) infrastructure works (基础设施工程) and the foundations and main structure of buildings
(地基基础工程和主体结构工程), the reasonable service life the design documents set
(设计文件规定的该工程的合理使用年限); (二) roof waterproofing and the leak-proofing of external
walls, 5 years; (三) heating and cooling systems, 2 heating or cooling seasons; (四)
electrical lines, water supply and drainage pipes, equipment installation and decoration
works, 2 years; other works as the contract agrees. The period runs from the day the works
pass acceptance (自竣工验收合格之日起计算).
External wall insulation: 《民用建筑节能条例》 (2008) sets 5 years for insulation works (保温工程).
The project's shared facts say nothing on warranties; these texts are quoted from the
regulations and should be checked against the bureau's contracts.

A contract may agree longer periods (``PLANNER_WARRANTY_MONTHS``), never shorter: a setting
below the legal minimum is refused. For the works of (一) the same setting holds the design
life of the project's design documents (any length: the documents set it); until it is set
the default design lives below apply, marked 未核实 (illustrative, to be replaced by the design
documents' figure). A lift or a pump station has two periods: its structure (shaft,
foundation, station building) the design life, its equipment 2 years (四). Works the law
leaves to the contract get ``warranty_contract_months``; demolition and clearance works have
no warranty.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from planner.catalogue import SCOPE_BY_KEY

if TYPE_CHECKING:
    from planner.settings import PlannerSettings

REGULATION = "《建设工程质量管理条例》第四十条"
ENERGY_REGULATION = "《民用建筑节能条例》"


@dataclass(frozen=True)
class WarrantyRule:
    """The legal minimum of one scope type: months, or heating seasons, or left to contract."""

    months: int | None = None  # None: heating seasons, contract or none (see below)
    heating_seasons: int = 0
    contract: bool = False  # the law leaves the period to the contract
    none: bool = False  # no warranty (demolition, clearance)
    source: str = ""  # clause quoted, e.g. "第四十条（二）"
    #: (一): the design life of the design documents, in years (this default until they say)
    design_life_years: int | None = None
    #: a part with its own shorter period (a lift's machinery, a station's pumps)
    equipment: WarrantyRule | None = None


def _years(n: int, clause: str, law: str = REGULATION) -> WarrantyRule:
    return WarrantyRule(months=12 * n, source=f"{law}{clause}")


ROOF = _years(5, "（二）屋面防水工程")
PIPES = _years(2, "（四）给排水管道")
ELECTRICAL = _years(2, "（四）电气管线、设备安装")
DECORATION = _years(2, "（四）装修工程")
EQUIPMENT = _years(2, "（四）设备安装")
HEATING = WarrantyRule(heating_seasons=2, source=f"{REGULATION}（三）供热系统：2个采暖期")
INSULATION = WarrantyRule(months=60, source=f"{ENERGY_REGULATION}：保温工程最低保修期限5年")
CONTRACT = WarrantyRule(contract=True, source=f"{REGULATION}：其他项目由发包方与承包方约定")
NONE = WarrantyRule(none=True, source="拆除、清运类工作无保修期")


def _design_life(
    years: int, what: str, basis: str, equipment: WarrantyRule | None = None
) -> WarrantyRule:
    return WarrantyRule(
        design_life_years=years,
        equipment=equipment,
        source=(
            f"{REGULATION}（一）{what}：设计文件规定的合理使用年限"
            f"（默认{years}年，{basis}，未核实，以设计文件为准）"
        ),
    )


#: (一) 基础设施工程: compound roads (like a 支路 of CJJ 37) and a trunk road's pavement.
ROAD_ASPHALT = _design_life(10, "基础设施工程（道路）", "按CJJ 37支路沥青路面")
ROAD_CONCRETE = _design_life(20, "基础设施工程（道路）", "按CJJ 37支路水泥混凝土路面")
TRUNK_ROAD = _design_life(15, "基础设施工程（道路）", "按CJJ 37主干路沥青路面")
#: (一) 主体结构工程 with equipment of (四): the station building, the lift shaft.
PUMP_STATION = _design_life(50, "基础设施工程（泵站土建）", "按GB 50068普通构筑物", EQUIPMENT)
LIFT_SHAFT = _design_life(50, "地基基础和主体结构工程（井道）", "按GB 50068普通房屋", EQUIPMENT)

#: The legal minimum of every scope type in the catalogue (a test checks none is missing).
LEGAL_MINIMUMS: dict[str, WarrantyRule] = {
    "roof_waterproofing": ROOF,
    "wall_insulation": INSULATION,
    "facade_paint": DECORATION,
    "water_supply_main": PIPES,
    "drainage_main": PIPES,
    "heating_main": HEATING,
    "parking_spaces": CONTRACT,
    "street_lights": ELECTRICAL,
    "elevator_retrofit": LIFT_SHAFT,
    "road_repair": ROAD_ASPHALT,
    "storm_drain": PIPES,
    "greening_water_supply": PIPES,
    "pavement_restoration": TRUNK_ROAD,
    "traffic_facilities": CONTRACT,
    "rainwater_pump_station": PUMP_STATION,
    "replanting": CONTRACT,
    "signs": CONTRACT,
    "illegal_structure_demolition": NONE,
    "boiler_room_demolition": NONE,
    "concrete_road": ROAD_CONCRETE,
    "debris_removal": NONE,
    "smart_security": EQUIPMENT,
}


class WarrantySettingError(ValueError):
    """A warranty setting below the legal minimum, or for an unknown scope type."""


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (31 January + 1 month → 28 or 29 February)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def heating_seasons_end(accepted_on: date, seasons: int, start_md: str, end_md: str) -> date:
    """The last day of the ``seasons``-th full heating season that starts after ``accepted_on``.

    A season already running on the day of acceptance does not count (the works have not
    been through it whole). ``start_md``/``end_md`` are "MM-DD" (Jiayuguan: 10-15 to 04-15).
    """
    start_month, start_day = (int(x) for x in start_md.split("-"))
    end_month, end_day = (int(x) for x in end_md.split("-"))
    year = accepted_on.year
    first_start = date(year, start_month, start_day)
    if first_start <= accepted_on:
        year += 1
    last_start_year = year + seasons - 1
    crosses_new_year = (end_month, end_day) < (start_month, start_day)
    return date(last_start_year + (1 if crosses_new_year else 0), end_month, end_day)


@dataclass(frozen=True)
class WarrantyPolicy:
    """The warranty of each scope type as the bureau applies it (legal minimum or more)."""

    months: Mapping[str, int]  # scope key → months agreed above the minimum
    contract_months: int
    heating_season_start: str = "10-15"
    heating_season_end: str = "04-15"

    @classmethod
    def from_settings(cls, settings: PlannerSettings) -> WarrantyPolicy:
        """The policy of ``PlannerSettings``; raises ``WarrantySettingError`` when a setting
        is shorter than the law allows or names an unknown scope type."""
        policy = cls(
            months=dict(getattr(settings, "warranty_months", {}) or {}),
            contract_months=int(getattr(settings, "warranty_contract_months", 24)),
            heating_season_start=getattr(settings, "heating_season_start", "10-15"),
            heating_season_end=getattr(settings, "heating_season_end", "04-15"),
        )
        policy.check()
        return policy

    def check(self) -> None:
        """Refuse settings below the legal minimum (the law sets the floor, not the contract)."""
        for key, months in self.months.items():
            rule = LEGAL_MINIMUMS.get(key)
            if rule is None or key not in SCOPE_BY_KEY:
                raise WarrantySettingError(f"warranty_months: unknown scope type {key!r}")
            if rule.design_life_years is not None:
                if months < 1:  # the design documents set the design life, not the law
                    raise WarrantySettingError(f"warranty_months[{key!r}] must be positive")
                continue
            floor = rule.months if rule.months is not None else 12 * rule.heating_seasons
            if months < (floor or 0):
                raise WarrantySettingError(
                    f"warranty_months[{key!r}] = {months} is below the legal minimum of "
                    f"{floor} months ({rule.source})"
                )

    def rule(self, scope_key: str) -> WarrantyRule:
        """The legal rule of a scope type (unknown types: left to the contract)."""
        return LEGAL_MINIMUMS.get(scope_key, CONTRACT)

    def end_date(self, scope_key: str, accepted_on: date) -> date | None:
        """The last day of the warranty of works of ``scope_key`` accepted on ``accepted_on``
        (None: no warranty)."""
        rule = self.rule(scope_key)
        if scope_key in self.months:
            return add_months(accepted_on, self.months[scope_key])
        if rule.none:
            return None
        if rule.design_life_years is not None:
            return add_months(accepted_on, 12 * rule.design_life_years)
        if rule.heating_seasons:
            return heating_seasons_end(
                accepted_on,
                rule.heating_seasons,
                self.heating_season_start,
                self.heating_season_end,
            )
        months = self.contract_months if rule.contract else rule.months
        return add_months(accepted_on, months or 0) if months else None

    def equipment_end_date(self, scope_key: str, accepted_on: date) -> date | None:
        """The end of the equipment's own period (a lift's machinery: 2 years), or None."""
        equipment = self.rule(scope_key).equipment
        if equipment is None or equipment.months is None:
            return None
        return add_months(accepted_on, equipment.months)

    def source(self, scope_key: str) -> str:
        """Where the period of ``scope_key`` comes from (the clause, or the setting)."""
        rule = self.rule(scope_key)
        equipment = f"；设备部分：{rule.equipment.source}" if rule.equipment else ""
        if scope_key in self.months:
            if rule.design_life_years is not None:
                years = self.months[scope_key] / 12
                return f"设计文件规定的合理使用年限 {years:g} 年（{REGULATION}（一））{equipment}"
            return f"合同约定 {self.months[scope_key]} 个月（不低于{rule.source}）"
        return rule.source + equipment
