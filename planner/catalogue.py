"""The catalogue of renovation scope types (what can be done to a compound or a building).

Categories follow 国办发〔2020〕23号: 基础类 (basic: safety and basic needs), 完善类
(improvement: convenience and energy saving) and 提升类 (upgrade: community services).
Bill-of-quantities codes per standard edition are added by the BoQ work; this module holds
what every other part of the planner needs: key, names, unit and category.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ScopeCategory(StrEnum):
    """Category of a scope type under the 2020 national guidance."""

    BASIC = "basic"  # 基础类
    IMPROVEMENT = "improvement"  # 完善类
    UPGRADE = "upgrade"  # 提升类


class AppliesTo(StrEnum):
    """Whether a scope type is measured per building or for a whole site."""

    BUILDING = "building"
    SITE = "site"


@dataclass(frozen=True)
class ScopeTypeDef:
    """One catalogue entry: a kind of work with its unit of measurement."""

    key: str
    name_zh: str
    name_en: str
    unit: str
    category: ScopeCategory
    applies_to: AppliesTo
    #: Done for one 单元 (stairwell) of a building at a time: an elevator serves one 单元, and
    #: a building may get one per 单元 (each its own work item, naming the 单元).
    per_unit: bool = False


_B, _I, _U = ScopeCategory.BASIC, ScopeCategory.IMPROVEMENT, ScopeCategory.UPGRADE
_BLDG, _SITE = AppliesTo.BUILDING, AppliesTo.SITE

SCOPE_TYPES: tuple[ScopeTypeDef, ...] = (
    # The seven figures of the 2023 report.
    ScopeTypeDef("roof_waterproofing", "屋面防水", "Roof waterproofing", "m²", _B, _BLDG),
    ScopeTypeDef("wall_insulation", "外墙保温", "External wall insulation", "m²", _I, _BLDG),
    ScopeTypeDef("facade_paint", "外墙涂料及外墙漆", "Facade coating and paint", "m²", _B, _BLDG),
    ScopeTypeDef("water_supply_main", "给水主管", "Water supply mains", "m", _B, _SITE),
    ScopeTypeDef("drainage_main", "排水主管", "Drainage mains", "m", _B, _SITE),
    ScopeTypeDef("heating_main", "供热主管", "Heating mains", "m", _B, _SITE),
    ScopeTypeDef("parking_spaces", "停车位", "Parking spaces", "个", _I, _SITE),
    # Further compound works.
    ScopeTypeDef("street_lights", "路灯", "Street lights", "套", _I, _SITE),
    ScopeTypeDef(
        "elevator_retrofit", "加装电梯", "Elevator retrofit", "部", _I, _BLDG, per_unit=True
    ),
    ScopeTypeDef("road_repair", "小区道路修复", "Compound road repair", "m²", _B, _SITE),
    # Linear works (Xinhua Road).
    ScopeTypeDef("storm_drain", "雨水管道", "Rainwater drainage pipes", "m", _B, _SITE),
    ScopeTypeDef("greening_water_supply", "绿化给水管道", "Greening water supply", "m", _I, _SITE),
    ScopeTypeDef("pavement_restoration", "路面恢复", "Pavement restoration", "m²", _B, _SITE),
    ScopeTypeDef(
        "traffic_facilities", "交通及附属设施", "Traffic and ancillary facilities", "项", _B, _SITE
    ),
    ScopeTypeDef("rainwater_pump_station", "雨水泵站", "Rainwater pump station", "座", _B, _SITE),
    ScopeTypeDef("replanting", "绿化补植", "Replanting", "m²", _I, _SITE),
    # Special remediation (西域花园).
    ScopeTypeDef("signs", "消防及交通标识", "Fire and traffic signs", "块", _B, _SITE),
    ScopeTypeDef(
        "illegal_structure_demolition",
        "违法建设拆除",
        "Demolition of illegal structures",
        "处",
        _I,
        _SITE,
    ),
    ScopeTypeDef(
        "boiler_room_demolition", "废弃锅炉房拆除", "Old boiler room demolition", "处", _I, _SITE
    ),
    ScopeTypeDef("concrete_road", "混凝土路面硬化", "Concrete road hardening", "段", _B, _SITE),
    ScopeTypeDef("debris_removal", "垃圾清运", "Debris removal", "t", _B, _SITE),
    # Upgrade category example.
    ScopeTypeDef("smart_security", "智能安防设施", "Smart security facilities", "套", _U, _SITE),
)

SCOPE_BY_KEY: dict[str, ScopeTypeDef] = {s.key: s for s in SCOPE_TYPES}

#: The seven quantities the 2023 report gives, in the report's order.
REPORT_SCOPE_KEYS: tuple[str, ...] = (
    "roof_waterproofing",
    "wall_insulation",
    "facade_paint",
    "water_supply_main",
    "drainage_main",
    "heating_main",
    "parking_spaces",
)

#: The pipe sizes a work item of a pipe scope type may carry (公称直径 DN, mm): the sizes
#: used for that kind of main (PE and PVC-U pipes are named by DN here, their outside
#: diameter dn follows from it). A work item of another scope type carries none.
PIPE_SIZES: dict[str, tuple[int, ...]] = {
    "water_supply_main": (50, 65, 80, 100, 150, 200),
    "drainage_main": (150, 200, 300, 400),
    "heating_main": (50, 65, 80, 100, 125, 150, 200, 250),
    "storm_drain": (300, 400, 500, 600, 800, 1000),
    "greening_water_supply": (25, 32, 40, 50, 65),
}
