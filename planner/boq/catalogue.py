"""Bill-of-quantities codes of the scope types, one catalogue per standard edition.

Source: ``shared/domain/boq-and-rules.md`` §0–§2 (public bills of quantities and code seen on
GitHub; the printed GB 50854/50856/50857 appendix tables were *not* available). Every national
code carries its verification status:

- ``VERIFIED``: a public bill shows this code with this name, and it fits the standard's
  structure;
- ``VERIFIED-weak``: seen only in test fixtures or mock data;
- ``UNVERIFIED``: taken from the standard's structure, not seen anywhere. To be checked
  against the printed standard before a tender.

Editions: GB 50500-2013 with GB 50854/50856/50857-2013 (``"2013"``), and GB/T 50500-2024 with
the GB/T 50854-2024 family (``"2024"``), in force from 2025-09-01. The two editions use *the
same 9 digits for different items* (e.g. 031001008 is 直埋式预制保温管 in 2013 and 塑料管 in
2024), so each edition has its own catalogue. For 2024 only the renumberings seen in public
code are known; every other scope type is billed as a 补充项目 (supplementary item) in that
edition rather than guessing its 2024 code.

Quantities are always billed in the scope type's own unit (the unit of the work items). Where
the national item measures in another unit (parking spaces counted in 个 against
人行道块料铺设 in m²; demolitions counted in 处 against masonry in m³), the scope type is
billed as a 补充项目 and the national item is kept as ``reference_code`` for the engineer:
converting the quantity would add an assumption that the work items do not contain.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from planner.catalogue import SCOPE_BY_KEY, SCOPE_TYPES


class Edition(StrEnum):
    """The edition of the bill-of-quantities standards."""

    GB2013 = "2013"
    GB2024 = "2024"


class CodeStatus(StrEnum):
    """How well a national code is attested (see the module docstring)."""

    VERIFIED = "VERIFIED"
    VERIFIED_WEAK = "VERIFIED-weak"
    UNVERIFIED = "UNVERIFIED"
    SUPPLEMENTARY = "SUPPLEMENTARY"  # 补充项目: no national code used


EDITION_STANDARDS: dict[Edition, str] = {
    Edition.GB2013: "GB 50500-2013；GB 50854/50856/50857-2013",
    Edition.GB2024: "GB/T 50500-2024；GB/T 50854-2024 系列（2025-09-01 起实施）",
}

#: Professions (first two digits of a code) and the standard each belongs to.
PROFESSIONS: dict[str, str] = {
    "01": "房屋建筑与装饰工程",
    "03": "通用安装工程",
    "04": "市政工程",
    "05": "园林绿化工程",
}


@dataclass(frozen=True)
class BoqItemDef:
    """How one scope type is billed in one edition.

    ``code9`` is the 9-digit national item code, or None for a 补充项目 (then
    ``status`` is SUPPLEMENTARY and the code is ``<profession>B<3 digits>``, numbered per
    bill). ``std_name`` is the item name as the standard spells it (our own name for a
    补充项目); ``unit`` the unit of measurement, always the scope type's unit.
    ``reference_code`` names the nearest national item when the scope type is billed as a
    补充项目 for a reason other than "unknown" (different unit).
    """

    scope_key: str
    edition: Edition
    code9: str | None
    std_name: str
    unit: str
    status: CodeStatus
    profession: str
    appendix: str
    source: str
    note: str = ""
    reference_code: str = ""

    @property
    def supplementary(self) -> bool:
        """True for a 补充项目 (no national code)."""
        return self.code9 is None

    @property
    def base(self) -> str:
        """What the sequence is numbered under: the 9 digits, or ``<profession>B``."""
        return self.code9 if self.code9 else f"{self.profession}B"


#: The work-type division (分部) a scope type is grouped under in a bill, in bill order.
DIVISIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("roofing", "屋面及防水工程", ("roof_waterproofing",)),
    ("insulation", "保温、隔热、防腐工程", ("wall_insulation",)),
    ("paint", "油漆、涂料、裱糊工程", ("facade_paint",)),
    ("demolition", "拆除工程", ("illegal_structure_demolition", "boiler_room_demolition")),
    ("debris", "土石方及弃置工程", ("debris_removal",)),
    (
        "plumbing",
        "给排水、采暖工程",
        ("water_supply_main", "drainage_main", "heating_main"),
    ),
    ("lifts", "电梯安装工程", ("elevator_retrofit",)),
    ("electrical", "电气照明及智能化工程", ("street_lights", "smart_security", "signs")),
    (
        "roads",
        "道路及交通设施工程",
        ("road_repair", "pavement_restoration", "concrete_road", "parking_spaces"),
    ),
    ("traffic", "交通及附属设施", ("traffic_facilities",)),
    (
        "pipes",
        "市政管网工程",
        ("storm_drain", "greening_water_supply", "rainwater_pump_station"),
    ),
    ("landscape", "绿化工程", ("replanting",)),
)
DIVISION_OF: dict[str, tuple[int, str]] = {
    key: (index, name) for index, (_, name, keys) in enumerate(DIVISIONS) for key in keys
}

_V, _W, _U = CodeStatus.VERIFIED, CodeStatus.VERIFIED_WEAK, CodeStatus.UNVERIFIED
_SRC = "shared/domain/boq-and-rules.md §1"


def _national(
    key: str,
    code9: str,
    std_name: str,
    status: CodeStatus,
    appendix: str,
    source: str,
    edition: Edition = Edition.GB2013,
    note: str = "",
) -> BoqItemDef:
    return BoqItemDef(
        scope_key=key,
        edition=edition,
        code9=code9,
        std_name=std_name,
        unit=SCOPE_BY_KEY[key].unit,
        status=status,
        profession=code9[:2],
        appendix=appendix,
        source=source,
        note=note,
    )


def _supplementary(
    key: str, profession: str, edition: Edition, note: str, reference: str = ""
) -> BoqItemDef:
    scope = SCOPE_BY_KEY[key]
    return BoqItemDef(
        scope_key=key,
        edition=edition,
        code9=None,
        std_name=scope.name_zh,
        unit=scope.unit,
        status=CodeStatus.SUPPLEMENTARY,
        profession=profession,
        appendix="补充项目",
        source=_SRC,
        note=note,
        reference_code=reference,
    )


_E13, _E24 = Edition.GB2013, Edition.GB2024

_CATALOGUE_2013: tuple[BoqItemDef, ...] = (
    _national(
        "roof_waterproofing",
        "010902001",
        "屋面卷材防水",
        _V,
        "GB 50854 J.2",
        f"{_SRC} #1 [gh:63289746790], [gh:59116673002]",
    ),
    _national(
        "wall_insulation",
        "011001003",
        "保温隔热墙面",
        _V,
        "GB 50854 K.1",
        f"{_SRC} #5 [gh:70278425702]",
    ),
    _national(
        "facade_paint",
        "011407001",
        "墙面喷刷涂料",
        _V,
        "GB 50854 P.7",
        f"{_SRC} #6 [gh:54638289513], [gh:62023558122]",
    ),
    _national(
        "water_supply_main",
        "031001006",
        "塑料管",
        _V,
        "GB 50856 K.1",
        f"{_SRC} #8 [gh:52759373475]",
        note="小区室外给水管按通用安装工程计量；市政道路管道用 040501004",
    ),
    _national(
        "drainage_main",
        "031001006",
        "塑料管",
        _V,
        "GB 50856 K.1",
        f"{_SRC} #8 [gh:52759373475]",
        note="与给水管同一 9 位编码，以项目特征区分（第 10–12 位）",
    ),
    _national(
        "heating_main",
        "031001008",
        "直埋式预制保温管",
        _U,
        "GB 50856 K.1",
        f"{_SRC} #13",
        note="2024 版中 031001008 为塑料管：同码不同义",
    ),
    _national(
        "street_lights",
        "030412007",
        "一般路灯",
        _W,
        "GB 50856 D.12",
        f"{_SRC} #31 [gh:67573077060]（仅见于测试数据）",
        note="按市政标准计量时为 040805001 常规照明灯（未核实）",
    ),
    _national(
        "elevator_retrofit",
        "030107001",
        "交流电梯",
        _U,
        "GB 50856 A.7",
        f"{_SRC} #33（无公开清单来源）",
        note="井道钢结构及基础另按 GB 50854 相应项目计量",
    ),
    _national(
        "road_repair",
        "040203006",
        "沥青混凝土",
        _V,
        "GB 50857 B.3",
        f"{_SRC} #20 [gh:61392673176], [gh:60806952259]",
    ),
    _national(
        "storm_drain",
        "040501004",
        "塑料管",
        _V,
        "GB 50857 E.1",
        f"{_SRC} #15 [gh:67258824539]",
    ),
    _national(
        "greening_water_supply",
        "040501004",
        "塑料管",
        _V,
        "GB 50857 E.1",
        f"{_SRC} #15 [gh:67258824539]",
        note="与雨水管同一 9 位编码，以项目特征区分",
    ),
    _national(
        "pavement_restoration",
        "040203006",
        "沥青混凝土",
        _V,
        "GB 50857 B.3",
        f"{_SRC} #20 [gh:61392673176]",
    ),
    _supplementary(
        "parking_spaces",
        "04",
        _E13,
        "以“个”计量；国标 040204002 人行道块料铺设按 m² 计量（换算需假定每车位面积）",
        "040204002",
    ),
    _supplementary(
        "traffic_facilities",
        "04",
        _E13,
        "以“项”计量的综合项；国标按 040205 标志板、标线等分项计量（编码未核实）",
        "040205004",
    ),
    _supplementary(
        "rainwater_pump_station",
        "04",
        _E13,
        "泵站为综合项，附录中无对应单一清单项目",
    ),
    _supplementary(
        "replanting", "05", _E13, "园林绿化（GB 50858）编码不在资料范围内，按补充项目列出"
    ),
    _supplementary(
        "signs",
        "03",
        _E13,
        "消防及交通标识无国标清单项目（资料 #36 建议补充项目 03B001）",
    ),
    _supplementary(
        "illegal_structure_demolition",
        "01",
        _E13,
        "以“处”计量；国标 011601001 砖砌体拆除按 m³ 或 m 计量（编码未核实）",
        "011601001",
    ),
    _supplementary(
        "boiler_room_demolition",
        "01",
        _E13,
        "以“处”计量；国标 011601001 砖砌体拆除 / 011602002 钢筋混凝土构件拆除（未核实）",
        "011601001",
    ),
    _supplementary(
        "concrete_road",
        "04",
        _E13,
        "以“段”计量；国标 040203007 水泥混凝土按 m² 计量（仅见于测试数据）",
        "040203007",
    ),
    _supplementary(
        "debris_removal",
        "01",
        _E13,
        "以“t”计量；国标 010103002 余方弃置按 m³ 计量",
        "010103002",
    ),
    _supplementary("smart_security", "03", _E13, "资料中无对应国标清单项目"),
)

#: 2024 codes seen in public code (§0 of the domain notes), not checked against the standard.
_RENUMBERED_2024: dict[str, tuple[str, str, str]] = {
    "facade_paint": ("011404001", "墙面喷刷涂料", "2013 版 011407001 → 2024 版 011404001"),
    "water_supply_main": ("031001008", "塑料管", "2013 版 031001006 → 2024 版 031001008"),
    "drainage_main": ("031001008", "塑料管", "2013 版 031001006 → 2024 版 031001008"),
}


def _catalogue_2024() -> tuple[BoqItemDef, ...]:
    items = []
    for item in _CATALOGUE_2013:
        if item.scope_key in _RENUMBERED_2024:
            code9, name, note = _RENUMBERED_2024[item.scope_key]
            items.append(
                _national(
                    item.scope_key,
                    code9,
                    name,
                    _U,
                    "GB/T 50854-2024",
                    f"shared/domain/boq-and-rules.md §0 [gh:57671639360]"
                    f"（仅见于一个代码库）；{note}",
                    edition=_E24,
                    note="2024 版编码只在一个公开代码库中见到，未与标准文本核对",
                )
            )
        else:
            note = "2024 版编码未知（同码可能不同义），按补充项目列出"
            if item.code9:
                note += f"；2013 版为 {item.code9} {item.std_name}"
            elif item.note:
                note += f"；{item.note}"
            items.append(
                _supplementary(item.scope_key, item.profession, _E24, note, item.reference_code)
            )
    return tuple(items)


CATALOGUE: dict[Edition, dict[str, BoqItemDef]] = {
    Edition.GB2013: {item.scope_key: item for item in _CATALOGUE_2013},
    Edition.GB2024: {item.scope_key: item for item in _catalogue_2024()},
}

#: Default 项目特征描述 per scope key (overridden per programme in the rate library, so that
#: a description always matches what its rate prices).
DEFAULT_DESCRIPTIONS: dict[str, str] = {
    "roof_waterproofing": "1. 卷材品种、规格、厚"
    "度：2 mm 自粘聚合物改性沥青防水卷材\n2. 防水层数：一层\n"
    "3. 防水层做法：满粘，搭接 ≥ 80 mm，女儿墙泛水上翻 ≥ 250 mm\n"
    "4. 基层处理：清理基层、涂刷基层处理剂（旧防水层拆除另列）",
    "wall_insulation": "1. 保温隔热部位：外墙外"
    "侧\n2. 保温系统：模塑聚苯板（EPS）薄抹灰外墙外保温系统\n"
    "3. 保温材料品种、规格、厚度：EPS 板 80 mm（按严寒 C 区估计，未核实）\n"
    "4. 燃烧性能等级：B1 级；每层设岩棉防火隔离带（A 级，高 300 mm）\n"
    "5. 粘结与锚固：粘锚结合，锚栓 ≥ 6 个/m2\n6. 防护层：抗裂砂浆压入耐碱玻纤网格布，首层加强",
    "facade_paint": "1. 基层类型：外墙抹灰面（含铲除起皮旧涂层、修补）\n"
    "2. 腻子种类、遍数：外墙耐水腻子两遍\n3. 涂料品种、喷刷遍数：弹性外墙涂料，底漆一遍、面漆两遍",
    "water_supply_main": "1. 安装部位：小区室外，埋地\n2. 介质：给水\n"
    "3. 材质、规格：PE100 给水管 DN100（dn110），1.0 MPa\n4. 连接形式：热熔连接\n"
    "5. 压力试验及吹、洗设计要求：水压试验 1.5 倍工作压力，冲洗消毒\n6. 管沟土方、阀门井另列",
    "drainage_main": "1. 安装部位：小区室外，埋地\n2. 介质：生活污水\n"
    "3. 材质、规格：PVC-U 双壁波纹排水管 DN200\n4. 连接形式：承插连接，橡胶圈密封\n"
    "5. 试验：闭水试验\n6. 管沟土方、检查井另列",
    "heating_main": "1. 安装部位：小区室外，直埋\n2. 介质：热水（采暖），供水管、回水管两根同沟\n"
    "3. 材质、规格：聚氨酯保温预制直埋管 DN150，高密度聚乙烯外护管\n"
    "4. 连接形式：焊接，接头现场发泡保温\n5. 压力试验：水压试验 1.5 倍工作压力\n"
    "6. 工程量：供水管、回水管分别计长度（合计 = 沟长 × 2）；管沟土方按沟长只计一次，"
    "阀门井另列",
    "parking_spaces": "1. 内容：新增及改造停车位\n2. 做法：透水砖铺装，约 12.5 m2/个",
    "street_lights": "1. 名称：小区庭院路灯\n2. 灯杆材质、高度：热镀锌钢灯杆，高 4 m\n"
    "3. 灯具：LED 庭院灯，单灯功率 40 W\n4. 含灯杆基础、接线及接地",
    "elevator_retrofit": "1. 名称：既有住宅加装电梯\n2. 含设备、井道、基础及安装",
    "road_repair": "1. 部位：小区道路\n2. 沥青品"
    "种：AC-13 细粒式沥青混凝土\n3. 厚度：5 cm，机械摊铺",
    "storm_drain": "1. 部位：市政道路\n2. 材质、规格：HDPE 双壁波纹雨水管 DN500\n"
    "3. 连接形式：承插连接，橡胶圈密封\n4. 试验：闭水试验\n5. 管沟土方、检查井、雨水口另列",
    "greening_water_supply": "1. 部位：市政道路绿化"
    "带\n2. 材质、规格：PE 给水管 DN50（dn63），1.0 MPa\n"
    "3. 连接形式：热熔连接\n4. 试验：水压试验及冲洗",
    "pavement_restoration": "1. 部位：管网开挖后路面恢复\n2. 沥青品种：AC-16 中粒式沥青混凝土\n"
    "3. 厚度：5 cm，机械摊铺",
    "traffic_facilities": "1. 内容：交通标志、标线及附属设施\n2. 综合项，按项计",
    "rainwater_pump_station": "1. 名称：铁路下穿通道雨水泵站\n2. 综合项，按座计",
    "replanting": "1. 内容：道路绿化带补植\n2. 含苗木、种植及养护",
    "signs": "1. 内容：消防及交通标识牌\n2. 含标识牌及安装",
    "illegal_structure_demolition": "1. 内容：违法建设（商铺）拆除\n2. 砖混结构，约 30 m3/处",
    "boiler_room_demolition": "1. 内容：废弃锅炉房拆除\n2. 砖混结构，约 150 m3/处",
    "concrete_road": "1. 内容：小区道路硬化\n2. 做法：20 cm C25 水泥混凝土，约 120 m2/段",
    "debris_removal": "1. 内容：建筑垃圾清运\n2. 运距：10 km",
    "smart_security": "1. 内容：智能安防设施（门禁、监控等）\n2. 含设备及安装调试",
}


def item_for(scope_key: str, edition: Edition | str) -> BoqItemDef:
    """How ``scope_key`` is billed in ``edition`` (a 补充项目 for unknown scope keys)."""
    edition = Edition(edition)
    item = CATALOGUE[edition].get(scope_key)
    if item is not None:
        return item
    return BoqItemDef(
        scope_key=scope_key,
        edition=edition,
        code9=None,
        std_name=scope_key,
        unit="",
        status=CodeStatus.SUPPLEMENTARY,
        profession="01",
        appendix="补充项目",
        source="",
        note="不在编码目录中",
    )


def catalogue_rows(edition: Edition | str) -> list[BoqItemDef]:
    """The catalogue of ``edition`` in the scope catalogue's order."""
    edition = Edition(edition)
    return [CATALOGUE[edition][s.key] for s in SCOPE_TYPES if s.key in CATALOGUE[edition]]
