"""The outdoor pipe works of a main measured by the rules (#23, build point 2): what the trench
of a 给水/排水/供热主管 (and of the municipal 雨水管 and 绿化给水管) needs besides the pipe and
its excavation, each as its own bill line.

Per main, on its route length ``L`` (the trench, dug once: the heating main's pipe length ÷ 2),
its trench width ``W`` and depth ``D`` (``planner.boq.generated.Groundwork``) and the length
under a road ``Lp = L × paved share``:

- **Sizes**: a main's route comes per DN (the ``pipe_dn`` its work items carry; ``L`` is their
  sum): ``{DN or None: length}``. Items without a size are of the rule's default DN (the one
  :attr:`PipeRule.spec` names), so a main with none gets the rule's default spec and numbers.
- **Bedding and fill**: 砂垫层 ``L·W·t`` (``t`` the bedding thickness); 回填方 of the pipe zone
  (管周及管顶以上 0.5 m, 中粗砂) ``Σ Lᵢ·W·(ODᵢ + 0.5) − Σ Lᵢ·Aᵢ`` over the runs of each DN
  (``A`` the pipes' cross-section); 回填方 of the original soil above it up to the road
  structure; 余方弃置 of the soil the bedding, the zone fill and the pipe displace:
  ``Σ Lᵢ·W·(t + ODᵢ + 0.5)``. ``ODᵢ`` (:meth:`PipeRule.pipe_od`, 假定): a PE pipe's dn
  (``planner.boq.measured.PE_OUTSIDE``), any other pipe the rule's OD × DN ÷ default DN;
  ``Aᵢ`` the main's pipe-area setting × (ODᵢ ÷ default OD)². The trench itself, the road
  works, 碰头 and temporary supply are per main, on ``L``.
- **Road reinstatement** where the trench runs under a road (:data:`ROAD`): 拆除路面 of the
  asphalt and base over the trench ``Lp·W``; 铣刨 of the asphalt on a step each side
  ``Lp·2s``; 水泥稳定碎石基层 and 透层 over the trench ``Lp·W``; 粘层 on the milled step
  ``Lp·2s``; 沥青混凝土 over the reinstated width ``Lp·(W + 2s)`` (left out when the site bills
  its own 路面恢复); 余方弃置 of what was broken out ``Lp·W·(asphalt + base) + Lp·2s·asphalt``.
- **Fittings by a spacing rule** (:data:`PIPE_RULES`), stated as 假定 in their 项目特征:
  阀门 in each valve chamber and 补偿器 on each heating pipe every N m, **one line per DN**,
  its 规格 naming that DN (with the PE dn where the rule's spec gives one:
  ``planner.boq.measured.pipe_description``) and counted on that DN's run; 碰头 with the live
  network every N m (at least one) and 临时供水/供热 (单价措施) one per section of N m, **per
  main** on its whole route, the 碰头 naming the main's largest DN.
- **Chambers by type** (给水阀门井, 供热检查室, 排水检查井): one line per main with its shape,
  size and depth in the 项目特征, ``Σ ⌈Lᵢ / spacing⌉`` of them (each DN's run rounded up on its
  own: a change of size is taken to need its own chamber), ``⌈L / spacing⌉`` for one size.

Codes: national where ``shared/domain/boq-and-rules.md`` §1 gives them, with its status
(040103002 余方弃置 VERIFIED, 041001001 拆除路面 VERIFIED, 040203006 沥青混凝土 VERIFIED,
040504001 砌筑井 UNVERIFIED; 040103001 回填方 as the existing backfill, from the standard's
structure), otherwise a 补充项目 with its 计算规则 and 工作内容 (``planner.boq.pipe_items``). Every
number here is an assumption (未核实) until the design drawings replace it. This module imports
nothing of ``planner.boq.generated``: that module builds its lines from what this one returns.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from planner.boq.measured import named_dn, pe_outside, pipe_description
from planner.boq.pipe_items import PIPE_WORK_ITEMS

# --- Assumptions (data, 未核实) --------------------------------------------------------------

PIPE_WORK_SOURCE = (
    "假定值（未核实）：路面结构、搭接宽度、垫层厚度、管区高度（管外径 + 0.5 m）、阀门、补偿器、"
    "碰头与临时供水/供热的间距及检查井尺寸均为常见做法估计，无公开来源；须按设计图纸替换"
)


@dataclass(frozen=True)
class Road:
    """The road structure a trench is reinstated with (assumptions, 未核实)."""

    asphalt_m: float = 0.05  # AC-16, as the sample's own 路面恢复
    base_m: float = 0.20  # 水泥稳定碎石 (the Guangxi list prices 20 cm)
    step_m: float = 0.30  # milled step of the old asphalt on each side of the trench


ROAD = Road()
ROAD_FIELDS: dict[str, tuple[str, str]] = {
    "asphalt_m": ("沥青面层厚度", "m"),
    "base_m": ("水泥稳定碎石基层厚度", "m"),
    "step_m": ("槽边每侧铣刨搭接宽度", "m"),
}


@dataclass(frozen=True)
class Chamber:
    """A chamber type of a main: item key, shape and inner size, depth below the trench."""

    key: str
    size: str
    extra_depth_m: float = 0.0  # the chamber floor below the trench's mean depth


@dataclass(frozen=True)
class PipeRule:
    """What one kind of main needs per metre of route (assumptions, 未核实).

    ``pipe_od_m``: outside diameter (casing) of its pipe, for the pipe zone (OD + 0.5 m);
    ``bedding_m``: sand bedding thickness; ``valves_per_chamber``: valves in each chamber,
    ``valve_type`` their kind and joint;
    the spacings (m of route per item, 0 = none): compensators on each pipe, 碰头 (each pipe),
    temporary supply sections. ``spec``: size and pressure class of its fittings at the main's
    default size :attr:`dn` (the one ``pipe_od_m`` is the outside diameter of); a run of
    another DN gets :meth:`spec_for` and :meth:`pipe_od`.
    """

    pipe_od_m: float
    bedding_m: float
    chamber: Chamber
    spec: str
    valve: str = ""
    valves_per_chamber: int = 0
    valve_type: str = "软密封闸阀，法兰连接"
    compensator_spacing_m: float = 0.0
    tie_in: str = ""
    tie_in_spacing_m: float = 0.0
    temporary: str = ""
    temporary_spacing_m: float = 0.0

    def __post_init__(self) -> None:
        if named_dn(self.spec) is None:
            raise ValueError(f"a pipe rule's spec names its DN: {self.spec!r}")

    @property
    def dn(self) -> int:
        """The default nominal diameter (the one ``spec`` names): the size of the items that
        carry none."""
        return named_dn(self.spec) or 0

    def spec_for(self, dn: int) -> str:
        """``spec`` for size ``dn``: the DN replaced, with the PE dn where ``spec`` gives one
        (``planner.boq.measured.pipe_description``)."""
        return self.spec if dn == self.dn else pipe_description(self.spec, dn)

    def pipe_od(self, dn: int) -> float:
        """The outside diameter (m) of size ``dn``: ``pipe_od_m`` at the default size; a PE
        pipe (``spec`` gives a dn) its dn (``PE_OUTSIDE``); any other pipe ``pipe_od_m``
        scaled by DN ÷ default DN (its wall, casing or insulation in proportion, 假定)."""
        if dn == self.dn:
            return self.pipe_od_m
        outside = pe_outside(self.spec, dn)
        if outside is not None:
            return outside / 1000
        return self.pipe_od_m * dn / self.dn


PIPE_RULES: dict[str, PipeRule] = {
    "water_supply_main": PipeRule(
        0.110,
        0.10,
        Chamber("water_valve_chamber", "圆形，内径 1.2 m"),
        "DN100（dn110），1.0 MPa",
        valve="water_valve",
        valves_per_chamber=1,
        tie_in="water_tie_in",
        tie_in_spacing_m=200.0,
        temporary="temporary_water",
        temporary_spacing_m=200.0,
    ),
    "drainage_main": PipeRule(
        0.225,
        0.10,
        Chamber("drainage_chamber", "圆形，内径 1.0 m"),
        "DN200",
        tie_in="drainage_tie_in",
        tie_in_spacing_m=200.0,
    ),
    "heating_main": PipeRule(
        0.250,
        0.10,
        Chamber("heating_chamber", "矩形，内净 2.0 m × 1.5 m", extra_depth_m=0.5),
        "DN150，1.6 MPa",
        valve="heating_valve",
        valves_per_chamber=2,
        valve_type="焊接球阀，焊接",
        compensator_spacing_m=100.0,
        tie_in="heating_tie_in",
        tie_in_spacing_m=200.0,
        temporary="temporary_heat",
        temporary_spacing_m=300.0,
    ),
    "storm_drain": PipeRule(0.600, 0.15, Chamber("drainage_chamber", "圆形，内径 1.25 m"), "DN500"),
    "greening_water_supply": PipeRule(
        0.063,
        0.10,
        Chamber("water_valve_chamber", "圆形，内径 1.0 m"),
        "DN50（dn63），1.0 MPa",
        valve="water_valve",
        valves_per_chamber=1,
    ),
}
PIPE_RULE_FIELDS: dict[str, tuple[str, str]] = {
    "pipe_od_m": ("默认管径 DN{dn} 的管外径（管区高度 = 管外径 + 0.5 m）", "m"),
    "bedding_m": ("砂垫层厚度", "m"),
    "valves_per_chamber": ("每座井内阀门数", "个"),
    "compensator_spacing_m": ("补偿器间距（每根管）", "m"),
    "tie_in_spacing_m": ("碰头间距（至少 1 处）", "m"),
    "temporary_spacing_m": ("临时供水/供热施工段长", "m"),
}
ZONE_ABOVE_PIPE_M = 0.5  # the pipe zone reaches 0.5 m above the pipe's top


def assumption_rows() -> list[tuple[str, str, float, str]]:
    """(subject, name, value, unit) of every assumption above, for the 取费及参数 sheet."""
    rows = [("路面恢复", name, getattr(ROAD, f), unit) for f, (name, unit) in ROAD_FIELDS.items()]
    for main, rule in PIPE_RULES.items():
        for field, (name, unit) in PIPE_RULE_FIELDS.items():
            value = getattr(rule, field)
            if value or field in ("pipe_od_m", "bedding_m"):
                rows.append((f"{MAIN_NAMES[main]}管道", name.format(dn=rule.dn), value, unit))
        chamber = PIPE_WORK_ITEMS[rule.chamber.key].name_zh
        text = f"{chamber}（{rule.chamber.size}）井深 = 平均沟深 +"
        rows.append((f"{MAIN_NAMES[main]}管道", text, rule.chamber.extra_depth_m, "m"))
    return rows


MAIN_NAMES: dict[str, str] = {
    "water_supply_main": "给水",
    "drainage_main": "排水",
    "heating_main": "供热",
    "storm_drain": "雨水",
    "greening_water_supply": "绿化给水",
}

# --- Lines ------------------------------------------------------------------------------------


class Trench(Protocol):
    """What this module reads of a main's groundwork assumptions."""

    @property
    def depth_m(self) -> float: ...
    @property
    def width_m(self) -> float: ...
    @property
    def pipe_area_m2(self) -> float: ...
    @property
    def paved_share(self) -> float: ...
    @property
    def chamber_spacing_m(self) -> float: ...
    @property
    def pipes(self) -> int: ...


@dataclass(frozen=True)
class PipeWorkLine:
    """A line of the pipe works: item key, 项目特征, quantity, 单价措施 or not."""

    key: str
    description: str
    quantity: float
    measure: bool = False


class _Lines:
    """Lines merged by item and 项目特征 (the mains they serve named in the text)."""

    def __init__(self) -> None:
        self._parts: dict[tuple[str, str], tuple[list[str], float]] = {}

    def add(self, key: str, text: str, quantity: float, main: str) -> None:
        """Add ``quantity`` of ``key`` for ``main``; ``text`` holds ``{mains}``."""
        if quantity <= 0:
            return
        names, total = self._parts.get((key, text), ([], 0.0))
        if MAIN_NAMES[main] not in names:
            names = [*names, MAIN_NAMES[main]]
        self._parts[key, text] = (names, total + quantity)

    def lines(self) -> list[PipeWorkLine]:
        return [
            PipeWorkLine(
                key,
                text.format(mains="、".join(names)),
                quantity,
                PIPE_WORK_ITEMS[key].measure if key in PIPE_WORK_ITEMS else False,
            )
            for (key, text), (names, quantity) in self._parts.items()
        ]


def _m(value: float) -> str:
    """A length in the 项目特征: 0.3 → "0.3 m", 1.25 → "1.25 m"."""
    return f"{value:g} m"


def _cm(value: float) -> str:
    return f"{value * 100:g} cm"


#: A main's route per size: DN (None: items without a size, the rule's default DN) → route m.
Runs = Mapping[int | None, float]

#: What the pipe-zone fill and the spoil of a main with sized items add to their 项目特征.
_SIZED_ZONE = (
    "，按管径分段计算\n5. 管外径：PE 管取各管径对应的外径 dn，其他管按默认管径的管外径 × DN ÷ "
    "默认 DN 换算（见“取费及参数”）；管道所占断面按外径平方同比换算（假定）"
)
_SIZED_SPOIL = "\n4. 管区高度：各管径的管外径 + 0.5 m（同管区回填，按管径分段计算）"


def _runs(rule: PipeRule, lengths: Runs) -> dict[int, float]:
    """The route of each size of a main, smallest first; items without a size are of the
    rule's default DN (and counted with that DN's items)."""
    runs: dict[int, float] = {}
    for dn, length in lengths.items():
        if length > 0:
            size = rule.dn if dn is None else dn
            runs[size] = runs.get(size, 0.0) + length
    return dict(sorted(runs.items()))


def pipe_work_lines(
    routes: Mapping[str, Runs],
    trenches: Mapping[str, Trench],
    *,
    own_reinstatement: bool = False,
    rules: Mapping[str, PipeRule] = PIPE_RULES,
    road: Road = ROAD,
) -> list[PipeWorkLine]:
    """The pipe-work lines of one site: ``routes`` is main key → {DN or None: route (trench)
    length in m}, ``trenches`` the mains' groundwork assumptions. With ``own_reinstatement``
    (the site bills its own 路面恢复) the asphalt surface is left out; base, coats, milling and
    disposal stay. A main whose items carry no DN gets its rule's default size and numbers."""
    out = _Lines()
    a, b = road.asphalt_m, road.base_m
    for main, lengths in routes.items():
        if main not in rules or main not in trenches:
            continue
        g, r = trenches[main], rules[main]
        runs = _runs(r, lengths)
        route = sum(runs.values())
        if route <= 0:
            continue
        sized = any(dn is not None and length > 0 for dn, length in lengths.items())
        width, depth = g.width_m, g.depth_m
        paved = route * g.paved_share
        bedding = route * width * r.bedding_m
        # the pipe zone (OD + 0.5 m high) and the pipes' cross-section, each size on its run
        heights = {dn: r.pipe_od(dn) + ZONE_ABOVE_PIPE_M for dn in runs}
        zone = sum(length * width * heights[dn] for dn, length in runs.items())
        pipe = sum(length * _pipe_area(g, r, dn) for dn, length in runs.items())
        spoil = sum(length * width * (r.bedding_m + heights[dn]) for dn, length in runs.items())
        zone_fill = max(zone - pipe, 0.0)
        pavement = paved * width * (a + b)  # the road structure inside the trench
        soil = max(route * width * depth - bedding - zone - pavement, 0.0)
        out.add(
            "sand_bedding",
            f"1. 材料品种：中粗砂\n2. 厚度：{r.bedding_m * 1000:g} mm\n"
            "3. 部位：{mains}管道沟槽底\n4. 工程量：沟底宽 × 厚度 × 沟长",
            bedding,
            main,
        )
        out.add(
            "pipe_zone_fill",
            "1. 密实度要求：管两侧 ≥ 95%，管顶以上 0.5 m 内 ≥ 90%（假定）\n"
            "2. 填方材料品种：中粗砂，管两侧对称分层人工夯实\n"
            "3. 部位：{mains}管道管区（管周及管顶以上 0.5 m）\n"
            "4. 工程量：沟底宽 ×（管外径 + 0.5 m）× 沟长 − 管道所占体积"
            + (_SIZED_ZONE if sized else ""),
            zone_fill,
            main,
        )
        out.add(
            "backfill",
            "1. 密实度要求：≥ 95%\n2. 填方材料品种：原土，分层夯实\n"
            "3. 部位：{mains}管道沟槽管区以上（扣除垫层、管区回填、管道及路面结构层）",
            soil,
            main,
        )
        out.add(
            "spoil",
            "1. 废弃料品种：沟槽余土（被砂垫层、管区回填砂及管道置换的原土）\n"
            "2. 运距：10 km（假定）\n3. 来源：{mains}管道沟槽" + (_SIZED_SPOIL if sized else ""),
            spoil,
            main,
        )
        if paved > 0:
            _road(out, main, paved, width, road, own_reinstatement=own_reinstatement)
        _fittings(out, main, runs, g, r)
    return out.lines()


def _pipe_area(g: Trench, r: PipeRule, dn: int) -> float:
    """The cross-section the pipes of size ``dn`` take: the main's setting at its default
    size, scaled by the square of the outside diameters for another."""
    if dn == r.dn:
        return g.pipe_area_m2
    return g.pipe_area_m2 * (r.pipe_od(dn) / r.pipe_od_m) ** 2


def _road(
    out: _Lines, main: str, paved: float, width: float, road: Road, *, own_reinstatement: bool
) -> None:
    """The reinstatement of ``paved`` m of trench of ``width`` under a road."""
    a, b, s = road.asphalt_m, road.base_m, road.step_m
    trench_area, step_area = paved * width, paved * 2 * s
    out.add(
        "pavement_break",
        "1. 材质：沥青混凝土路面及基层\n"
        f"2. 厚度：面层 {_cm(a)} + 基层 {_cm(b)}（假定，以现场为准）\n"
        "3. 部位：{mains}管道穿越道路段（沟宽 × 路面下沟长）",
        trench_area,
        main,
    )
    out.add(
        "pavement_mill",
        f"1. 材质：沥青混凝土面层\n2. 厚度：{_cm(a)}（铣刨）\n"
        f"3. 部位：{{mains}}管道沟槽两侧搭接台阶，每侧 {_m(s)}\n"
        f"4. 工程量：2 × {_m(s)} × 路面下沟长",
        step_area,
        main,
    )
    out.add(
        "base_course",
        f"1. 材料品种：水泥稳定碎石（水泥剂量约 5%，假定）\n2. 厚度：{_cm(b)}\n"
        "3. 部位：{mains}管道沟槽路面恢复（沟宽 × 路面下沟长）",
        trench_area,
        main,
    )
    out.add(
        "prime_coat",
        "1. 材料品种：乳化沥青透层油（约 1.0 kg/m2，假定）\n"
        "2. 部位：{mains}管道沟槽新铺基层顶面（面积同基层）",
        trench_area,
        main,
    )
    out.add(
        "tack_coat",
        "1. 材料品种：乳化沥青粘层油（约 0.4 kg/m2，假定）\n"
        "2. 部位：{mains}管道沟槽两侧铣刨后的旧沥青面（面积同铣刨）",
        step_area,
        main,
    )
    if not own_reinstatement:
        out.add(
            "reinstatement",
            f"1. 沥青品种：AC-16 中粒式沥青混凝土\n2. 厚度：{_cm(a)}，机械摊铺\n"
            f"3. 部位：{{mains}}管道沟槽路面恢复（（沟宽 + 2 × {_m(s)}）× 路面下沟长）",
            trench_area + step_area,
            main,
        )
    out.add(
        "road_disposal",
        "1. 废弃料品种：破除的沥青面层及水泥稳定碎石基层\n2. 运距：10 km（假定）\n"
        f"3. 工程量：拆除路面面积 × {_cm(a + b)} + 铣刨面积 × {_cm(a)}（{{mains}}管道）",
        trench_area * (a + b) + step_area * a,
        main,
    )


def _fittings(out: _Lines, main: str, runs: Mapping[int, float], g: Trench, r: PipeRule) -> None:
    """Chambers, valves, compensators, 碰头 and temporary supply of a main whose route is
    ``runs`` (DN → m). Per size: its chambers (⌈run ÷ spacing⌉), the valves in them and its
    compensators, each size's line naming it. Per main: 碰头 and temporary supply on the whole
    route, the 碰头 naming the largest size (假定)."""
    name = MAIN_NAMES[main]
    pipes = max(g.pipes, 1)
    each = "，供水、回水各计" if pipes > 1 else ""
    route = sum(runs.values())
    several = len(runs) > 1  # the counts' wording; one size reads as before
    if g.chamber_spacing_m > 0:
        chambers = {dn: math.ceil(length / g.chamber_spacing_m) for dn, length in runs.items()}
        kind = PIPE_WORK_ITEMS[r.chamber.key].name_zh
        spacing = f"井距 {g.chamber_spacing_m:g} m"
        count = (
            f"6. 数量：各管径段沟长分别 ÷ {spacing}（各段向上取整后相加，假定）"
            if several
            else f"6. 数量：沟长 ÷ {spacing}（向上取整）"
        )
        out.add(
            r.chamber.key,
            f"1. 名称：{kind}（{name}管道）\n2. 材料：砖砌，M10 水泥砂浆，内外抹面\n"
            f"3. 形状、尺寸：{r.chamber.size}（假定）\n"
            f"4. 井深：{_m(round(g.depth_m + r.chamber.extra_depth_m, 2))}（平均沟深"
            + (f" + {_m(r.chamber.extra_depth_m)}" if r.chamber.extra_depth_m else "")
            + "，假定）\n5. 井盖：球墨铸铁井盖及井座\n"
            + count,
            sum(chambers.values()),
            main,
        )
        if r.valve and r.valves_per_chamber:
            where = "该管径段井数" if several else "井数"
            for dn, number in chambers.items():
                out.add(
                    r.valve,
                    f"1. 类型、连接形式：{r.valve_type}\n2. 规格、压力等级：{r.spec_for(dn)}\n"
                    f"3. 部位：{kind}内\n"
                    f"4. 数量：每座 {r.valves_per_chamber} 个{each} × {where}（假定）",
                    number * r.valves_per_chamber,
                    main,
                )
    if r.compensator_spacing_m > 0:
        length_of = "该管径段沟长" if several else "沟长"
        for dn, length in runs.items():
            out.add(
                "heating_compensator",
                "1. 类型：直埋式补偿器（以设计应力计算为准）\n"
                f"2. 规格、压力等级：{r.spec_for(dn)}\n3. 连接形式：焊接\n"
                f"4. 数量：每根管每 {r.compensator_spacing_m:g} m {length_of} 1 个{each}（假定）",
                math.ceil(length / r.compensator_spacing_m) * pipes,
                main,
            )
    if r.tie_in and r.tie_in_spacing_m > 0:
        largest = "（按各管径中最大者，假定）" if several else ""
        out.add(
            r.tie_in,
            f"1. 内容：{PIPE_WORK_ITEMS[r.tie_in].name_zh}（新建{name}管道）\n"
            f"2. 管径：{r.spec_for(max(runs))}{largest}\n"
            f"3. 数量：每 {r.tie_in_spacing_m:g} m 沟长"
            + ("（各管径合计）" if several else "")
            + f" 1 处，至少 1 处{each}（假定）",
            max(1, math.ceil(route / r.tie_in_spacing_m)) * pipes,
            main,
        )
    if r.temporary and r.temporary_spacing_m > 0:
        out.add(
            r.temporary,
            f"1. 内容：{name}管道施工期间保障既有用户的{PIPE_WORK_ITEMS[r.temporary].std_name}\n"
            "2. 做法：临时管线敷设、接驳，施工段完成后拆除\n"
            f"3. 数量：每 {r.temporary_spacing_m:g} m 沟长"
            + ("（各管径合计）" if several else "")
            + "为 1 个施工段（向上取整，假定）",
            math.ceil(route / r.temporary_spacing_m),
            main,
        )
