"""The bill items of the outdoor pipe works (``planner.boq.groundworks``): code, names, unit,
status, 计算规则 and 工作内容, 分部 and indicative 综合单价 of each, with their sources.

Codes: national where ``shared/domain/boq-and-rules.md`` §1 gives them, with its status,
otherwise a 补充项目 carrying its rule and content. Rates are placeholders unless a source is
named (未核实).
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.boq.catalogue import CodeStatus

_V, _U, _S = CodeStatus.VERIFIED, CodeStatus.UNVERIFIED, CodeStatus.SUPPLEMENTARY
_SRC = "shared/domain/boq-and-rules.md §1"
_GUILIN = "桂林医学院维修价格清单（广西，约 2021 年）[gh:43256481842]，见 boq-and-rules.md §5"
_PLACEHOLDER = "占位值，无公开来源 / placeholder, no public source"
_STRUCTURE = "按标准结构推定，资料中未见 / from the standard's structure, not in the notes"
_NOT_IN_NOTES = "资料中无此项的国标编码，按补充项目列出"

#: 分部 (order, name) as ``planner.boq.bill`` groups lines (the catalogue's division order).
_EARTH, _DEMOLITION, _PLUMBING, _ROADS, _NETWORK = (
    (-1, "土石方工程"),
    (3, "拆除工程"),
    (5, "给排水、采暖工程"),
    (8, "道路及交通设施工程"),
    (10, "市政管网工程"),
)


@dataclass(frozen=True)
class PipeWorkItem:
    """A bill item of the pipe works: its code (``code9`` None for a 补充项目), names, unit,
    status, 计算规则 and 工作内容, 分部, indicative 综合单价 and their sources."""

    key: str
    code9: str | None
    std_name: str  # 项目名称: the standard's name (ours for a 补充项目)
    name_zh: str  # what the item is, in Chinese
    name_en: str
    unit: str
    status: CodeStatus
    profession: str
    appendix: str
    source: str
    rule: str  # 工程量计算规则
    content: str  # 工作内容
    division: tuple[int, str]
    rate: float
    rate_source: str
    measure: bool = False  # a 单价措施 rather than a 分部分项 item

    @property
    def note(self) -> str:
        """The 说明 of the code list: rule and content (a 补充项目 must carry both)."""
        why = f"{_NOT_IN_NOTES}；" if self.code9 is None else ""
        return f"{why}{self.name_zh}。计算规则：{self.rule}。工作内容：{self.content}"


_ROAD_RULE = "路面下沟长"
PIPE_WORK_ITEMS: dict[str, PipeWorkItem] = {
    item.key: item
    for item in (
        PipeWorkItem(
            "sand_bedding",
            None,
            "砂垫层",
            "管道沟槽砂垫层",
            "Sand bedding of the pipe trench",
            "m3",
            _S,
            "04",
            "补充项目",
            _SRC,
            "按沟底宽 × 垫层厚度 × 沟长以体积计算（沟长：供热为管长 ÷ 2）",
            "1. 砂料运输 2. 铺设、找平 3. 夯实",
            _EARTH,
            130.00,
            f"{_PLACEHOLDER}（中粗砂垫层价格未找到）",
        ),
        PipeWorkItem(
            "pipe_zone_fill",
            "040103001",
            "回填方",
            "管沟回填（管区，中粗砂）",
            "Pipe-zone fill (sand)",
            "m3",
            _U,
            "04",
            "GB 50857 A.3",
            _STRUCTURE,
            "按沟底宽 ×（管外径 + 0.5 m）× 沟长，扣除管道所占体积计算",
            "1. 中粗砂运输 2. 管两侧对称分层回填 3. 人工夯实",
            _EARTH,
            120.00,
            f"{_PLACEHOLDER}（管区回填砂价格未找到）",
        ),
        PipeWorkItem(
            "pavement_mill",
            "041001001",
            "拆除路面",
            "沥青面层铣刨（槽边搭接台阶）",
            "Milling of the asphalt step beside the trench",
            "m2",
            _V,
            "04",
            "GB 50857 K.1",
            f"{_SRC} #24 [gh:61392673176]",
            f"按 2 × 每侧搭接宽度 × {_ROAD_RULE}以面积计算",
            "1. 铣刨 2. 清扫 3. 废料装车",
            _DEMOLITION,
            12.00,
            f"{_PLACEHOLDER}（沥青铣刨价格未找到）",
        ),
        PipeWorkItem(
            "base_course",
            None,
            "水泥稳定碎石基层",
            "路面基层（水泥稳定碎石）",
            "Base course, cement-stabilised macadam",
            "m2",
            _S,
            "04",
            "补充项目",
            _SRC,
            f"按沟底宽 × {_ROAD_RULE}以面积计算（厚度见项目特征）",
            "1. 拌和、运输 2. 摊铺、整形 3. 碾压 4. 养护",
            _ROADS,
            53.96,
            f"{_GUILIN}：水泥稳定碎石 20 cm",
        ),
        PipeWorkItem(
            "prime_coat",
            None,
            "透层",
            "透层（乳化沥青）",
            "Prime coat",
            "m2",
            _S,
            "04",
            "补充项目",
            _SRC,
            "按新铺基层顶面面积计算（同基层面积）",
            "1. 清扫基层 2. 喷洒透层油",
            _ROADS,
            4.00,
            f"{_PLACEHOLDER}（透层油价格未找到）",
        ),
        PipeWorkItem(
            "tack_coat",
            None,
            "粘层",
            "粘层（乳化沥青）",
            "Tack coat",
            "m2",
            _S,
            "04",
            "补充项目",
            _SRC,
            "按铣刨后旧沥青面层面积计算（同铣刨面积）",
            "1. 清扫 2. 喷洒粘层油",
            _ROADS,
            2.50,
            f"{_PLACEHOLDER}（粘层油价格未找到）",
        ),
        PipeWorkItem(
            "road_disposal",
            "040103002",
            "余方弃置",
            "路面破除料弃置",
            "Disposal of the removed pavement",
            "m3",
            _V,
            "04",
            "GB 50857 A.3",
            f"{_SRC} #27 [gh:61392673176]",
            "按拆除路面面积 ×（面层 + 基层厚度）+ 铣刨面积 × 面层厚度以体积计算",
            "1. 装车 2. 运输至弃置点 3. 弃置",
            _EARTH,
            53.96,
            f"{_GUILIN}：建筑垃圾外运 10 km（用作余方弃置参考）",
        ),
        PipeWorkItem(
            "water_valve",
            None,
            "阀门（给水）",
            "给水管道阀门",
            "Valve, water main",
            "个",
            _S,
            "03",
            "补充项目",
            _SRC,
            "按设计图示数量计算；本清单按每座阀门井的阀门数 × 阀门井数估算",
            "1. 安装 2. 压力试验 3. 调试",
            _PLUMBING,
            900.00,
            f"{_PLACEHOLDER}（给水阀门价格未找到）",
        ),
        PipeWorkItem(
            "heating_valve",
            None,
            "阀门（供热）",
            "供热管道阀门",
            "Valve, heating main",
            "个",
            _S,
            "03",
            "补充项目",
            _SRC,
            "按设计图示数量计算；本清单按每座供热检查室供、回水各 1 个 × 检查室数估算",
            "1. 安装 2. 压力试验 3. 接头保温 4. 调试",
            _PLUMBING,
            2600.00,
            f"{_PLACEHOLDER}（供热阀门价格未找到）",
        ),
        PipeWorkItem(
            "heating_compensator",
            None,
            "补偿器",
            "供热管道补偿器",
            "Expansion compensator, heating main",
            "个",
            _S,
            "03",
            "补充项目",
            _SRC,
            "按设计图示数量计算；本清单按每根管每 N m 沟长 1 个估算（沟长 ÷ 间距向上取整 × 管数）",
            "1. 安装 2. 预拉伸或冷紧 3. 接头保温",
            _PLUMBING,
            3500.00,
            f"{_PLACEHOLDER}（补偿器价格未找到）",
        ),
        PipeWorkItem(
            "water_tie_in",
            None,
            "碰头（给水）",
            "与既有给水管网碰头",
            "Connection to the live water network",
            "处",
            _S,
            "03",
            "补充项目",
            _SRC,
            "按设计图示数量计算；本清单按每 N m 沟长 1 处（至少 1 处）估算",
            "1. 停水协调 2. 切管、排水 3. 接驳 4. 冲洗消毒 5. 恢复通水",
            _PLUMBING,
            1500.00,
            f"{_PLACEHOLDER}（带水碰头价格未找到）",
        ),
        PipeWorkItem(
            "heating_tie_in",
            None,
            "碰头（供热）",
            "与既有供热管网碰头",
            "Connection to the live heating network",
            "处",
            _S,
            "03",
            "补充项目",
            _SRC,
            "按设计图示数量计算；本清单按每 N m 沟长 1 处（至少 1 处）、供回水各计估算",
            "1. 泄水 2. 切管 3. 焊接接驳 4. 接头保温 5. 试压、注水",
            _PLUMBING,
            3000.00,
            f"{_PLACEHOLDER}（供热碰头价格未找到）",
        ),
        PipeWorkItem(
            "drainage_tie_in",
            None,
            "碰头（排水）",
            "接入既有排水检查井",
            "Connection to an existing sewer chamber",
            "处",
            _S,
            "03",
            "补充项目",
            _SRC,
            "按设计图示数量计算；本清单按每 N m 沟长 1 处（至少 1 处）估算",
            "1. 临时导流 2. 井壁开洞 3. 接管、封堵 4. 闭水检查",
            _PLUMBING,
            1200.00,
            f"{_PLACEHOLDER}（排水接驳价格未找到）",
        ),
        PipeWorkItem(
            "temporary_water",
            None,
            "临时供水",
            "施工期间居民临时供水",
            "Temporary water supply during the works",
            "处",
            _S,
            "03",
            "补充项目",
            _SRC,
            "按施工段计算：每 N m 沟长为 1 处（向上取整）",
            "1. 临时管线敷设及接驳 2. 维护 3. 拆除",
            _PLUMBING,
            2500.00,
            f"{_PLACEHOLDER}（临时供水价格未找到）",
            measure=True,
        ),
        PipeWorkItem(
            "temporary_heat",
            None,
            "临时供热",
            "施工期间临时供热",
            "Temporary heat supply during the works",
            "处",
            _S,
            "03",
            "补充项目",
            _SRC,
            "按施工段计算：每 N m 沟长为 1 处（向上取整）",
            "1. 临时管线敷设、保温及接驳 2. 维护 3. 拆除",
            _PLUMBING,
            5000.00,
            f"{_PLACEHOLDER}（临时供热价格未找到）",
            measure=True,
        ),
        PipeWorkItem(
            "water_valve_chamber",
            "040504001",
            "砌筑井",
            "给水阀门井",
            "Water valve chamber",
            "座",
            _U,
            "04",
            "GB 50857 E.4",
            f"{_SRC} #19",
            "按设计图示数量计算；本清单按沟长 ÷ 井距（向上取整）估算",
            "1. 垫层铺筑 2. 砌筑、勾缝、抹面 3. 井圈、井盖安装 4. 井周回填",
            _NETWORK,
            3200.00,
            f"{_PLACEHOLDER}（阀门井价格未找到）",
        ),
        PipeWorkItem(
            "heating_chamber",
            "040504001",
            "砌筑井",
            "供热检查室（阀门井）",
            "Heating valve chamber",
            "座",
            _U,
            "04",
            "GB 50857 E.4",
            f"{_SRC} #19",
            "按设计图示数量计算；本清单按沟长 ÷ 井距（向上取整）估算",
            "1. 垫层、底板 2. 砌筑、抹面 3. 盖板、爬梯、井盖安装 4. 井周回填",
            _NETWORK,
            8000.00,
            f"{_PLACEHOLDER}（供热检查室价格未找到）",
        ),
        PipeWorkItem(
            "drainage_chamber",
            "040504001",
            "砌筑井",
            "排水检查井",
            "Drainage inspection chamber",
            "座",
            _U,
            "04",
            "GB 50857 E.4",
            f"{_SRC} #19",
            "按设计图示数量计算；本清单按沟长 ÷ 井距（向上取整）估算",
            "1. 垫层铺筑 2. 砌筑、勾缝、抹面、流槽 3. 井圈、井盖安装 4. 闭水试验 5. 井周回填",
            _NETWORK,
            3200.00,
            f"{_PLACEHOLDER}（检查井价格未找到）",
        ),
    )
}
PIPE_WORK_DIVISIONS: dict[str, tuple[int, str]] = {
    key: item.division for key, item in PIPE_WORK_ITEMS.items()
}
PIPE_WORK_RATES: dict[str, tuple[float, str]] = {
    key: (item.rate, item.rate_source) for key, item in PIPE_WORK_ITEMS.items()
}
