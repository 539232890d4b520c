"""Bill lines no work item names but every bill needs: groundworks of the mains, removals,
scaffolding.

- **Groundworks** with every main (给水/排水/供热主管, 雨水管, 绿化给水管): trench excavation
  (length × width × depth) and, for the storm drain, road gullies (雨水口) every N m on each
  side here; bedding, pipe-zone fill, backfill, spoil, the road reinstatement layer by layer,
  chambers by type, valves, compensators, 碰头 and temporary supply in
  ``planner.boq.groundworks``. The depth, width, pipe size, paved share and spacings are
  **assumptions** per main (:data:`GROUNDWORK_DEFAULTS`, UNVERIFIED), settable per export; a
  site that bills its own 路面恢复 gets no generated asphalt surface. Lines of the same item and
  特征 merge within a 单位工程 (one 挖沟槽土方 per depth band, naming its mains).
- **Removal** of the old roof membrane (防水层拆除), separate from the new membrane.
- **Scaffolding** (外脚手架, 单价措施) over the facade area: per building the larger of its facade
  coating and wall insulation quantities.

Codes come from ``shared/domain/boq-and-rules.md`` §1 with their status; the earthwork codes
040101002 挖沟槽土方 and 040103001 回填方 are not in those notes (from the standard's structure,
UNVERIFIED). Rates are indicative like the rate library's (:data:`GENERATED_RATES`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache

from geodata.sample.rates import RATES as SAMPLE_RATES
from planner.boq.catalogue import BoqItemDef, CodeStatus, Edition
from planner.boq.fees import FeeError
from planner.boq.groundworks import MAIN_NAMES, ROAD, pipe_work_lines
from planner.boq.pipe_items import PIPE_WORK_ITEMS, PIPE_WORK_RATES

_V, _W, _U = CodeStatus.VERIFIED, CodeStatus.VERIFIED_WEAK, CodeStatus.UNVERIFIED
_SRC = "shared/domain/boq-and-rules.md §1"
_GUILIN = "桂林医学院维修价格清单（广西，约 2021 年）[gh:43256481842]，见 boq-and-rules.md §5"
_PLACEHOLDER = "占位值，无公开来源 / placeholder, no public source"

#: (key, code9, name, unit, status, profession, appendix, source)
_ITEMS: tuple[tuple[str, str, str, str, CodeStatus, str, str, str], ...] = (
    ("membrane_removal", "011607002", "防水层拆除", "m2", _U, "01", "GB 50854 R.7", f"{_SRC} #3"),
    ("facade_scaffold", "011701002", "外脚手架", "m2", _U, "01", "GB 50854 S.1", f"{_SRC} #37"),
    (
        "vertical_transport",
        "011703001",
        "垂直运输",
        "天",
        _U,
        "01",
        "GB 50854 S.3",
        "按标准结构推定，资料中未见 / from the standard's structure, not in the notes",
    ),
    (
        "trench",
        "040101002",
        "挖沟槽土方",
        "m3",
        _U,
        "04",
        "GB 50857 A.1",
        "按标准结构推定，资料中未见 / from the standard's structure, not in the notes",
    ),
    (
        "backfill",
        "040103001",
        "回填方",
        "m3",
        _U,
        "04",
        "GB 50857 A.3",
        "按标准结构推定，资料中未见 / from the standard's structure, not in the notes",
    ),
    ("spoil", "040103002", "余方弃置", "m3", _V, "04", "GB 50857 A.3", f"{_SRC} #27"),
    ("pavement_break", "041001001", "拆除路面", "m2", _V, "04", "GB 50857 K.1", f"{_SRC} #24"),
    ("reinstatement", "040203006", "沥青混凝土", "m2", _V, "04", "GB 50857 B.3", f"{_SRC} #20"),
    ("gully", "040504009", "雨水口", "座", _W, "04", "GB 50857 E.4", f"{_SRC} #18"),
)


def generated_item(key: str, edition: Edition | str) -> BoqItemDef:
    """How a generated line is billed in ``edition`` (2024: a 补充项目, the 2013 code as
    reference: its 2024 codes are not known). Items are frozen: one per key and edition."""
    # The edition as its enum before the cache: "2013" and Edition.GB2013 are equal keys, and
    # a cached item made from the plain string would carry it to every later caller.
    return _generated_item(key, Edition(edition))


@cache
def _generated_item(key: str, edition: Edition) -> BoqItemDef:
    if key in PIPE_WORK_ITEMS:
        return _pipe_work_item(key, edition)
    _, code9, name, unit, status, profession, appendix, source = _ITEM_BY_KEY[key]
    if edition == Edition.GB2013:
        return BoqItemDef(key, edition, code9, name, unit, status, profession, appendix, source)
    return BoqItemDef(
        key,
        edition,
        None,
        name,
        unit,
        CodeStatus.SUPPLEMENTARY,
        profession,
        "补充项目",
        source,
        note=f"2024 版编码未知，按补充项目列出；2013 版为 {code9} {name}",
        reference_code=code9,
    )


_ITEM_BY_KEY = {row[0]: row for row in _ITEMS}


def _pipe_work_item(key: str, edition: Edition) -> BoqItemDef:
    """A pipe-works item (``planner.boq.groundworks``): its national code in 2013 where the
    notes give one; otherwise, and in 2024, a 补充项目 (in 2024 under its own name, the 2013
    code as reference). The note carries its 计算规则 and 工作内容."""
    p = PIPE_WORK_ITEMS[key]
    if p.code9 is not None and edition == Edition.GB2013:
        return BoqItemDef(
            key, edition, p.code9, p.std_name, p.unit, p.status, p.profession, p.appendix,
            p.source, note=p.note,
        )  # fmt: skip
    note = p.note
    if p.code9 is not None:
        note = f"2024 版编码未知，按补充项目列出；2013 版为 {p.code9} {p.std_name}；{note}"
    return BoqItemDef(
        key, edition, None, p.std_name if p.code9 is None else p.name_zh, p.unit,
        CodeStatus.SUPPLEMENTARY, p.profession, "补充项目", p.source, note=note,
        reference_code=p.code9 or "",
    )  # fmt: skip


@dataclass(frozen=True)
class GeneratedRate:
    """The indicative 综合单价 of a generated line and its source."""

    unit_rate: float
    source: str


GENERATED_RATES: dict[str, GeneratedRate] = {
    "membrane_removal": GeneratedRate(7.40, f"{_GUILIN}：铲除旧卷材/涂膜防水层 4.76–7.40，取上限"),
    "facade_scaffold": GeneratedRate(
        22.51, f"{_GUILIN}：外装修钢管脚手架 h≤10 m…≤40 m 为 17.04–22.51，取上限"
    ),
    "vertical_transport": GeneratedRate(
        450.00, f"{_PLACEHOLDER}（物料提升机台班及操作人员，垂直运输价格未找到）"
    ),
    "trench": GeneratedRate(35.00, f"{_PLACEHOLDER}（沟槽土方价格未找到）"),
    "backfill": GeneratedRate(25.00, f"{_PLACEHOLDER}（回填价格未找到）"),
    "spoil": GeneratedRate(53.96, f"{_GUILIN}：建筑垃圾外运 10 km（用作余方弃置参考）"),
    "pavement_break": GeneratedRate(25.00, f"{_PLACEHOLDER}（拆除路面价格未找到）"),
    "reinstatement": GeneratedRate(  # the same AC-16 asphalt as the pavement restoration rate
        float(SAMPLE_RATES["pavement_restoration"].value),
        f"{_GUILIN}：沥青混凝土 AC-16，5 cm，机械摊铺",
    ),
    "gully": GeneratedRate(1800.00, f"{_PLACEHOLDER}（雨水口价格未找到）"),
    # bedding, road layers, fittings and chambers by type: planner.boq.groundworks
    **{key: GeneratedRate(rate, source) for key, (rate, source) in PIPE_WORK_RATES.items()},
}


@dataclass(frozen=True)
class Groundwork:
    """How the trench of one kind of main is assumed (all UNVERIFIED assumptions)."""

    depth_m: float
    width_m: float
    pipe_area_m2: float  # cross-section the pipes take in the trench (not backfilled)
    paved_share: float  # share of the length under a road (opened and reinstated)
    chamber_spacing_m: float
    chamber: str  # 阀门井 or 检查井 (its item, size and depth: groundworks.PIPE_RULES)
    gully_spacing_m: float = 0.0  # storm drains: a gully every N m on each side of the road
    pipes: int = 1  # pipes laid side by side in one trench (heating: supply and return)

    def route_m(self, pipe_length: float) -> float:
        """The trench (route) length of ``pipe_length`` m of this main's pipes: the billed
        quantity counts each pipe (GB 50856), the trench is dug once."""
        return pipe_length / self.pipes


GROUNDWORK_DEFAULTS: dict[str, Groundwork] = {
    "water_supply_main": Groundwork(1.8, 0.8, 0.0095, 0.5, 120.0, "阀门井"),
    "drainage_main": Groundwork(2.0, 1.0, 0.0314, 0.5, 40.0, "检查井"),
    # supply and return (2 × DN150 casing ø250: 0.0982 m2 per trench metre), quantity = both pipes
    "heating_main": Groundwork(1.5, 1.2, 0.0982, 0.5, 150.0, "阀门井", pipes=2),
    "storm_drain": Groundwork(2.5, 1.5, 0.2827, 1.0, 40.0, "检查井", gully_spacing_m=30.0),
    "greening_water_supply": Groundwork(1.2, 0.6, 0.0031, 0.0, 200.0, "阀门井"),
}
GROUNDWORK_SOURCE = (
    "假定值（未核实）：沟深按冻土深度以下估计（嘉峪关标准冻结深度未核实），沟宽、管道断面、"
    "路面下比例与井距为常见做法估计；须按设计图纸替换"
)
GROUNDWORK_FIELDS: dict[str, tuple[str, str]] = {
    "depth_m": ("平均沟深", "m"),
    "width_m": ("沟底宽", "m"),
    "pipe_area_m2": ("管道所占断面", "m2"),
    "paved_share": ("位于路面下的比例", "—"),
    "chamber_spacing_m": ("井距", "m"),
    "gully_spacing_m": ("雨水口间距（每侧）", "m"),
}


def groundwork_settings(overrides: Mapping[str, float] | None = None) -> dict[str, Groundwork]:
    """The defaults with overrides named ``<main>.<field>`` (e.g. ``storm_drain.depth_m``)."""
    settings = dict(GROUNDWORK_DEFAULTS)
    for name, value in (overrides or {}).items():
        main, _, field = name.partition(".")
        if main not in settings or field not in GROUNDWORK_FIELDS:
            raise FeeError("boq.err.groundwork_unknown", field="groundworks", name=name)
        number = float(value)
        if number < 0 or (field == "paved_share" and number > 1):
            raise FeeError("boq.err.groundwork_range", field="groundworks", name=name, value=value)
        # field is one of GROUNDWORK_FIELDS, the numeric fields of Groundwork
        settings[main] = replace(settings[main], **{field: number})  # type: ignore[arg-type]
    return settings


@dataclass(frozen=True)
class GeneratedLine:
    """A line to add to a 单位工程: the item key, 项目特征, quantity, and whether it is a
    单价措施 (measure) rather than a 分部分项 item."""

    key: str
    description: str
    quantity: float
    measure: bool = False


def _band(depth: float) -> int:
    return max(1, math.ceil(depth - 1e-9))


def groundwork_lines(
    mains: Mapping[str, Mapping[int | None, float]],
    settings: Mapping[str, Groundwork],
    *,
    own_reinstatement: bool = False,
) -> list[GeneratedLine]:
    """Groundwork lines for the mains of one site: main key → {DN, or None for items without
    a size, → billed pipe length in m}. Each trench is measured on the route length (pipe
    length ÷ ``pipes``, dug once): its excavation and gullies here, per main on all its sizes
    together; everything else it needs from ``planner.boq.groundworks``, which sizes the
    fittings and the pipe zone by each DN's run."""
    trench: dict[int, list[tuple[str, float]]] = {}
    routes: dict[str, dict[int | None, float]] = {}
    gullies = 0
    for key, sizes in mains.items():
        if key not in settings:
            continue
        g = settings[key]
        runs = {dn: g.route_m(pipe) for dn, pipe in sizes.items() if pipe > 0}
        length = sum(runs.values())
        if length <= 0:
            continue
        routes[key] = runs
        # Under a road the trench is dug from the underside of the road structure: the asphalt
        # and base above it are broken out and carted away as 拆除路面 and 余方弃置 (groundworks).
        road = length * g.paved_share * g.width_m * (ROAD.asphalt_m + ROAD.base_m)
        trench.setdefault(_band(g.depth_m), []).append((key, length * g.width_m * g.depth_m - road))
        if g.gully_spacing_m > 0:
            gullies += 2 * math.ceil(length / g.gully_spacing_m)
    lines: list[GeneratedLine] = []
    for band, parts in sorted(trench.items()):
        which = "、".join(MAIN_NAMES[k] for k, _ in parts)
        lines.append(
            GeneratedLine(
                "trench",
                f"1. 土壤类别：三类土（假定，以勘察为准）\n2. 挖土深度：{band} m 以内\n"
                f"3. 部位：{which}管道沟槽\n4. 工程量："
                "沟长 × 沟底宽 × 平均沟深，扣除路面下的路面结构层（已按拆除路面计）"
                "（沟长：供热为管长 ÷ 2，供回水同沟；参数见“取费及参数”）",
                sum(v for _, v in parts),
            )
        )
    if not lines:
        return []
    lines += [
        GeneratedLine(p.key, p.description, p.quantity, p.measure)
        for p in pipe_work_lines(routes, settings, own_reinstatement=own_reinstatement)
    ]
    if gullies:
        lines.append(
            GeneratedLine(
                "gully",
                "1. 雨水箅子：球墨铸铁\n2. 形式：平箅式单箅雨水口\n3. 数量：道路两侧每侧按间距设置",
                gullies,
            )
        )
    return lines


#: The building works whose materials go up the building (垂直运输 is billed over their days).
VERTICAL_SCOPES = ("roof_waterproofing", "wall_insulation", "facade_paint")


def building_lines(roof_area: float, facade_area: float, days: int = 0) -> list[GeneratedLine]:
    """The membrane removal under a new roof membrane, the facade scaffolding and, over the
    ``days`` of the roof and facade works, their 垂直运输 (GB 50854 S.3, by calendar days)."""
    lines = []
    if roof_area > 0:
        lines.append(
            GeneratedLine(
                "membrane_removal",
                "1. 拆除部位：屋面\n2. 拆除种类：旧卷材及涂膜防水层（含基层清理）\n"
                "3. 废料处置：清运至指定地点",
                roof_area,
            )
        )
    if facade_area > 0:
        lines.append(
            GeneratedLine(
                "facade_scaffold",
                "1. 搭设方式：双排钢管外脚手架\n2. 搭设高度：按建筑檐高（多层住宅，≤ 40 m）\n"
                "3. 工程量：外立面施工面积（各楼外墙涂料与保温面积取大者）",
                facade_area,
                measure=True,
            )
        )
    if days > 0 and (roof_area > 0 or facade_area > 0):
        lines.append(
            GeneratedLine(
                "vertical_transport",
                "1. 建筑物类型及结构形式：既有多层住宅（以现场为准）\n"
                "2. 建筑物檐口高度、层数：按各楼（≤ 40 m）\n"
                "3. 工程量：屋面、外墙施工计划工期日历天数（最早开工至最晚完工）",
                days,
                measure=True,
            )
        )
    return lines
