"""The 工程量计算规则 and 工作内容 of every item the bill may list as a 补充项目.

The 计量规范 (GB 50854-2013 4.1.3 and its siblings, quoted from memory, 未核实):
an item the appendices lack is coded ``<profession>B<3 digits>`` and stated with
its 项目名称, 项目特征, 计量单位, 工程量计算规则 and 工作内容. The code is defined
once per bill (``planner.boq.bill.assign_codes``); the workbook's sheet 补充项目
lists each with these texts. Written for every scope type and generated line (the
2024 edition bills most of them as 补充项目: their 2024 codes are not known),
drafted in the 2013 appendices' style, 未核实 like the codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from planner.boq.pipe_items import PIPE_WORK_ITEMS


@dataclass(frozen=True)
class ItemRule:
    """How a 补充项目 is measured (计算规则) and what its price covers (工作内容)."""

    rule: str
    content: str


_AREA = "按设计图示尺寸以面积计算"
_LENGTH = "按设计图示管道中心线长度以延长米计算，不扣除阀门、管件及附属构筑物所占长度"
_PIPE_WORK = "1. 管道、管件安装 2. 接口连接 3. 压力试验 4. 冲洗、消毒"

RULES: dict[str, ItemRule] = {
    # Scope types (planner.catalogue.SCOPE_TYPES)
    "roof_waterproofing": ItemRule(
        f"{_AREA}；女儿墙、伸缩缝等处的弯起部分并入屋面工程量",
        "1. 基层处理 2. 刷基层处理剂 3. 铺布、喷涂防水层 4. 接缝、嵌缝",
    ),
    "wall_insulation": ItemRule(
        f"{_AREA}，扣除门窗洞口及单个 > 0.3 m2 的孔洞所占面积；门窗洞口侧壁需保温的并入",
        "1. 基层清理 2. 刷界面剂 3. 粘贴、锚固保温板 4. 铺设增强网格布、抹抗裂砂浆 5. 防火隔离带",
    ),
    "facade_paint": ItemRule(
        f"{_AREA}，扣除门窗洞口及单个 > 0.3 m2 的孔洞，门窗洞口侧壁面积并入",
        "1. 基层清理（旧墙面：铲除起皮涂层、修补） 2. 刮腻子 3. 刷、喷涂料",
    ),
    "water_supply_main": ItemRule(_LENGTH, _PIPE_WORK),
    "drainage_main": ItemRule(_LENGTH, "1. 管道、管件安装 2. 接口连接 3. 闭水试验"),
    "heating_main": ItemRule(
        f"{_LENGTH}；供水管、回水管分别计算",
        "1. 管道、管件安装 2. 焊接 3. 接头保温及外护 4. 水压试验 5. 冲洗",
    ),
    "parking_spaces": ItemRule(
        "按设计图示数量以个计算（每个车位含其铺装、标线）",
        "1. 基层整平、夯实 2. 垫层铺筑 3. 透水砖铺装 4. 车位线施划",
    ),
    "street_lights": ItemRule(
        "按设计图示数量以套计算",
        "1. 基础制作 2. 灯杆、灯具安装 3. 接线、接地 4. 调试",
    ),
    "elevator_retrofit": ItemRule(
        "按设计图示数量以部计算",
        "1. 井道及基础 2. 电梯设备安装 3. 调试、检测验收",
    ),
    "road_repair": ItemRule(
        f"{_AREA}，不扣除各种井所占面积",
        "1. 清扫、喷洒粘层油 2. 沥青混凝土摊铺 3. 碾压",
    ),
    "storm_drain": ItemRule(_LENGTH, "1. 垫层、基础 2. 管道铺设 3. 接口连接 4. 闭水试验"),
    "greening_water_supply": ItemRule(_LENGTH, _PIPE_WORK),
    "pavement_restoration": ItemRule(
        f"{_AREA}，不扣除各种井所占面积",
        "1. 清扫、喷洒透层或粘层油 2. 沥青混凝土摊铺 3. 碾压",
    ),
    "traffic_facilities": ItemRule(
        "按项计算（综合项，内容见项目特征）",
        "1. 交通标志制作、安装 2. 标线施划 3. 附属设施安装",
    ),
    "rainwater_pump_station": ItemRule(
        "按座计算（综合项，内容见项目特征）",
        "1. 泵房土建 2. 水泵及电气设备安装 3. 调试",
    ),
    "replanting": ItemRule(_AREA, "1. 整地 2. 苗木栽植 3. 浇水 4. 养护"),
    "signs": ItemRule("按设计图示数量以块计算", "1. 标识牌制作 2. 安装、固定"),
    "illegal_structure_demolition": ItemRule(
        "按拆除的违法建设数量以处计算（每处体量见项目特征）",
        "1. 拆除 2. 控制扬尘 3. 清理 4. 建筑垃圾场内运输",
    ),
    "boiler_room_demolition": ItemRule(
        "按拆除的锅炉房数量以处计算（每处体量见项目特征）",
        "1. 设备拆除 2. 结构拆除 3. 控制扬尘 4. 清理 5. 建筑垃圾场内运输",
    ),
    "concrete_road": ItemRule(
        "按设计图示路段数量以段计算（每段面积见项目特征）",
        "1. 基层整平 2. 模板 3. 混凝土浇筑、振捣 4. 切缝、灌缝 5. 养护",
    ),
    "debris_removal": ItemRule(
        "按实际清运的垃圾质量以 t 计算（过磅）",
        "1. 装车 2. 运输至消纳场 3. 卸车 4. 消纳",
    ),
    "smart_security": ItemRule(
        "按设计图示数量以套计算",
        "1. 设备安装 2. 布线 3. 系统调试",
    ),
    # Generated lines (planner.boq.generated)
    "membrane_removal": ItemRule(_AREA, "1. 铲除旧防水层 2. 基层清理 3. 废料场内运输"),
    "facade_scaffold": ItemRule(
        "按所服务对象的垂直投影面积计算",
        "1. 场内、场外材料搬运 2. 搭、拆脚手架及安全网 3. 拆除后材料堆放",
    ),
    "vertical_transport": ItemRule(
        "按施工工期日历天数计算",
        "1. 垂直运输机械的固定装置、基础 2. 行走式垂直运输机械轨道铺设、拆除 3. 机械运转",
    ),
    "trench": ItemRule(
        "按设计图示尺寸以基础垫层底面积乘以挖土深度计算（沟长 × 沟底宽 × 平均沟深）",
        "1. 排地表水 2. 土方开挖 3. 围护（挡土板）及拆除 4. 基底钎探 5. 场内运输",
    ),
    "backfill": ItemRule(
        "按挖方体积减去设计室外地坪以下埋设的管道及基础所占体积计算",
        "1. 运输 2. 回填 3. 压实",
    ),
    "spoil": ItemRule("按挖方体积减去利用回填方体积计算", "1. 余方点装料运输至弃置点"),
    "pavement_break": ItemRule("按拆除部位以面积计算", "1. 拆除、清理 2. 运输（场内）"),
    "reinstatement": ItemRule(
        f"{_AREA}，不扣除各种井所占面积",
        "1. 清扫、喷洒透层或粘层油 2. 沥青混凝土摊铺 3. 碾压",
    ),
    "gully": ItemRule(
        "按设计图示数量以座计算",
        "1. 垫层 2. 砌筑、勾缝、抹面 3. 雨水箅子安装",
    ),
}


# The pipe works (road layers, bedding, fittings, chambers by type) carry their own rule and
# content beside their codes (planner.boq.groundworks): one text per item, used here too.
RULES.update({key: ItemRule(item.rule, item.content) for key, item in PIPE_WORK_ITEMS.items()})


def rule_for(scope_key: str) -> ItemRule | None:
    """The rule and content of ``scope_key`` (None: none written yet)."""
    return RULES.get(scope_key)
