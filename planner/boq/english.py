"""The bill's standard texts in English, for the English bill page (issue #20).

The bill itself is Chinese: the workbook, the CSV and the code catalogue keep the standards'
own words (item names, 项目特征, notes, fee names and bases, units, the defaults' sources). An
English reader of the page sees them through :func:`standard_text`, which looks each text up here,
keyed by its Chinese text: whole texts in :data:`TEXTS`, and texts built from parts (a 2024
note naming its 2013 item, a price list's entry, a placeholder's reason) by the patterns of
:data:`_RULES`, whose parts are looked up in turn.

A text with no English rendering is shown as it is, in Chinese: the page walk
(tests/pages/test_page_walk.py) and tests/boq/test_english.py find it, so a new catalogue row,
fee or default gets its English here before it lands. Item and fee names keep the Chinese
name as a gloss, "Plastic pipe (塑料管)": the workbook an engineer downloads uses that name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from planner.boq.english_pipes import PIPE_WORKS
from planner.catalogue import SCOPE_TYPES
from planner.i18n import normalise_lang, unit_name

_CJK = re.compile(r"[\u3001-\u303f\u3400-\u9fff\uff01-\uff5e]")

#: The standards' item names (and the names of the generated lines), with the Chinese name.
_NAMES: dict[str, str] = {
    "屋面卷材防水": "Membrane roof waterproofing (屋面卷材防水)",
    "保温隔热墙面": "Insulated wall (保温隔热墙面)",
    "墙面喷刷涂料": "Wall coating, sprayed or brushed (墙面喷刷涂料)",
    "塑料管": "Plastic pipe (塑料管)",
    "直埋式预制保温管": "Pre-insulated directly buried pipe (直埋式预制保温管)",
    "一般路灯": "Ordinary street light (一般路灯)",
    "交流电梯": "AC lift (交流电梯)",
    "沥青混凝土": "Asphalt concrete (沥青混凝土)",
    "防水层拆除": "Removal of the waterproofing layer (防水层拆除)",
    "外脚手架": "External scaffolding (外脚手架)",
    "垂直运输": "Vertical transport (垂直运输)",
    "挖沟槽土方": "Trench excavation (挖沟槽土方)",
    "回填方": "Backfill (回填方)",
    "余方弃置": "Disposal of surplus spoil (余方弃置)",
    "拆除路面": "Pavement removal (拆除路面)",
    "砌筑井": "Masonry chamber (砌筑井)",
    "雨水口": "Road gully (雨水口)",
    "补充项目": "Supplementary item (补充项目)",
}

#: Counting units the bill uses beyond the catalogue's own (planner.i18n.unit_name).
_UNITS: dict[str, str] = {
    "天": "days",
    "台": "machines",
    "根": "lengths",
    "组": "groups",
    "樘": "frames",
}

#: The 项目特征 (item descriptions) of the rate library's defaults.
_DESCRIPTIONS: dict[str, str] = {
    "1. 卷材品种、规格、厚度：2 mm 自粘聚合物改性沥青防水卷材\n2. 防水层数：一层\n"
    "3. 防水层做法：满粘，搭接 ≥ 80 mm，女儿墙泛水上翻 ≥ 250 mm\n"
    "4. 基层处理：清理基层、涂刷基层处理剂（旧防水层拆除另列）": (
        "1. Membrane type, size, thickness: 2 mm self-adhesive polymer-modified bitumen "
        "membrane\n2. Layers: one\n3. Method: fully bonded, laps ≥ 80 mm, turned up ≥ 250 mm "
        "at parapets\n4. Substrate: cleaned and primed (removing the old membrane is billed "
        "separately)"
    ),
    "1. 保温隔热部位：外墙外侧\n2. 保温系统：模塑聚苯板（EPS）薄抹灰外墙外保温系统\n"
    "3. 保温材料品种、规格、厚度：EPS 板 80 mm（按严寒 C 区估计，未核实）\n"
    "4. 燃烧性能等级：B1 级；每层设岩棉防火隔离带（A 级，高 300 mm）\n"
    "5. 粘结与锚固：粘锚结合，锚栓 ≥ 6 个/m2\n6. 防护层：抗裂砂浆压入耐碱玻纤网格布，首层加强": (
        "1. Where: outside face of the external walls\n2. System: moulded polystyrene (EPS) "
        "board with thin render\n3. Material, size, thickness: EPS board 80 mm (estimated for "
        "the severe-cold C zone, unverified)\n4. Fire class: B1; a rock-wool fire barrier on "
        "every storey (class A, 300 mm high)\n5. Fixing: bonded and anchored, ≥ 6 anchors per "
        "m2\n6. Protective layer: anti-crack mortar with alkali-resistant glass-fibre mesh, "
        "reinforced on the ground floor"
    ),
    "1. 基层类型：外墙抹灰面（含铲除起皮旧涂层、修补）\n2. 腻子种类、遍数：外墙耐水腻子两遍\n"
    "3. 涂料品种、喷刷遍数：弹性外墙涂料，底漆一遍、面漆两遍": (
        "1. Substrate: rendered external wall (loose old coating removed, repaired)\n"
        "2. Putty, coats: water-resistant exterior putty, two coats\n3. Coating, coats: "
        "elastic exterior coating, one primer and two finish coats"
    ),
    "1. 安装部位：小区室外，埋地\n2. 介质：给水\n"
    "3. 材质、规格：PE100 给水管 DN100（dn110），1.0 MPa\n4. 连接形式：热熔连接\n"
    "5. 压力试验及吹、洗设计要求：水压试验 1.5 倍工作压力，冲洗消毒\n6. 管沟土方、阀门井另列": (
        "1. Where: outdoors in the compound, buried\n2. Medium: drinking water\n"
        "3. Material, size: PE100 water pipe DN100 (dn110), 1.0 MPa\n4. Joints: heat fusion\n"
        "5. Pressure test and flushing: hydrostatic test at 1.5 × the working pressure, "
        "flushed and disinfected\n6. Trench earthworks and valve chambers billed separately"
    ),
    "1. 安装部位：小区室外，埋地\n2. 介质：生活污水\n"
    "3. 材质、规格：PVC-U 双壁波纹排水管 DN200\n4. 连接形式：承插连接，橡胶圈密封\n"
    "5. 试验：闭水试验\n6. 管沟土方、检查井另列": (
        "1. Where: outdoors in the compound, buried\n2. Medium: sewage\n3. Material, size: "
        "PVC-U double-wall corrugated drainage pipe DN200\n4. Joints: spigot and socket, "
        "rubber ring seal\n5. Test: water-tightness test\n6. Trench earthworks and "
        "inspection chambers billed separately"
    ),
    "1. 安装部位：小区室外，直埋\n2. 介质：热水（采暖），供水管、回水管两根同沟\n"
    "3. 材质、规格：聚氨酯保温预制直埋管 DN150，高密度聚乙烯外护管\n"
    "4. 连接形式：焊接，接头现场发泡保温\n5. 压力试验：水压试验 1.5 倍工作压力\n"
    "6. 工程量：供水管、回水管分别计长度（合计 = 沟长 × 2）；管沟土方按沟长只计一次，"
    "阀门井另列": (
        "1. Where: outdoors in the compound, directly buried\n2. Medium: hot water (heating), "
        "supply and return pipes in one trench\n3. Material, size: polyurethane "
        "pre-insulated pipe DN150 for direct burial, HDPE casing\n4. Joints: welded, joints "
        "foamed on site\n5. Pressure test: hydrostatic test at 1.5 × the working pressure\n"
        "6. Quantity: supply and return pipes measured each (total = trench length × 2); the "
        "trench earthworks counted once on the trench length, valve chambers billed "
        "separately"
    ),
    "1. 内容：新增及改造停车位\n2. 做法：透水砖铺装，约 12.5 m2/个": (
        "1. Content: new and renovated parking spaces\n2. Method: permeable block paving, "
        "about 12.5 m2 per space"
    ),
    "1. 名称：小区庭院路灯\n2. 灯杆材质、高度：热镀锌钢灯杆，高 4 m\n"
    "3. 灯具：LED 庭院灯，单灯功率 40 W\n4. 含灯杆基础、接线及接地": (
        "1. Name: garden street lights of the compound\n2. Pole material, height: hot-dip "
        "galvanised steel pole, 4 m high\n3. Lamp: LED garden lamp, 40 W each\n4. Including "
        "the pole foundation, wiring and earthing"
    ),
    "1. 名称：既有住宅加装电梯\n2. 含设备、井道、基础及安装": (
        "1. Name: lift added to an existing residential building\n2. Including the "
        "equipment, shaft, foundation and installation"
    ),
    "1. 部位：小区道路\n2. 沥青品种：AC-13 细粒式沥青混凝土\n3. 厚度：5 cm，机械摊铺": (
        "1. Where: compound roads\n2. Asphalt: AC-13 fine-graded asphalt concrete\n"
        "3. Thickness: 5 cm, laid by machine"
    ),
    "1. 部位：市政道路\n2. 材质、规格：HDPE 双壁波纹雨水管 DN500\n"
    "3. 连接形式：承插连接，橡胶圈密封\n4. 试验：闭水试验\n5. 管沟土方、检查井、雨水口另列": (
        "1. Where: municipal road\n2. Material, size: HDPE double-wall corrugated storm pipe "
        "DN500\n3. Joints: spigot and socket, rubber ring seal\n4. Test: water-tightness "
        "test\n5. Trench earthworks, inspection chambers and road gullies billed separately"
    ),
    "1. 部位：市政道路绿化带\n2. 材质、规格：PE 给水管 DN50（dn63），1.0 MPa\n"
    "3. 连接形式：热熔连接\n4. 试验：水压试验及冲洗": (
        "1. Where: green strips of the municipal road\n2. Material, size: PE water pipe DN50 "
        "(dn63), 1.0 MPa\n3. Joints: heat fusion\n4. Test: hydrostatic test and flushing"
    ),
    "1. 部位：管网开挖后路面恢复\n2. 沥青品种：AC-16 中粒式沥青混凝土\n3. 厚度：5 cm，机械摊铺": (
        "1. Where: road surface reinstated after pipe trenching\n2. Asphalt: AC-16 "
        "medium-graded asphalt concrete\n3. Thickness: 5 cm, laid by machine"
    ),
    "1. 内容：交通标志、标线及附属设施\n2. 综合项，按项计": (
        "1. Content: traffic signs, road markings and ancillary facilities\n2. Lump sum, "
        "counted per item"
    ),
    "1. 名称：铁路下穿通道雨水泵站\n2. 综合项，按座计": (
        "1. Name: storm-water pump station of the underpass below the railway\n2. Lump sum, "
        "counted per station"
    ),
    "1. 内容：道路绿化带补植\n2. 含苗木、种植及养护": (
        "1. Content: replanting the road's green strips\n2. Including the plants, planting "
        "and aftercare"
    ),
    "1. 内容：消防及交通标识牌\n2. 含标识牌及安装": (
        "1. Content: fire and traffic signs\n2. Including the signs and their installation"
    ),
    "1. 内容：违法建设（商铺）拆除\n2. 砖混结构，约 30 m3/处": (
        "1. Content: demolition of illegal structures (shops)\n2. Brick and concrete, about "
        "30 m3 per place"
    ),
    "1. 内容：废弃锅炉房拆除\n2. 砖混结构，约 150 m3/处": (
        "1. Content: demolition of a disused boiler house\n2. Brick and concrete, about "
        "150 m3 per place"
    ),
    "1. 内容：小区道路硬化\n2. 做法：20 cm C25 水泥混凝土，约 120 m2/段": (
        "1. Content: hard surfacing of compound roads\n2. Method: 20 cm C25 cement concrete, "
        "about 120 m2 per section"
    ),
    "1. 内容：建筑垃圾清运\n2. 运距：10 km": (
        "1. Content: carting away construction waste\n2. Haul distance: 10 km"
    ),
    "1. 内容：智能安防设施（门禁、监控等）\n2. 含设备及安装调试": (
        "1. Content: smart security facilities (access control, CCTV and the like)\n"
        "2. Including the equipment, installation and commissioning"
    ),
}

#: Notes of the code catalogue (and their parts in the 2024 edition's notes).
_NOTES: dict[str, str] = {
    "小区室外给水管按通用安装工程计量；市政道路管道用 040501004": (
        "Water pipes outdoors in a compound are measured under the installation standard; "
        "pipes of municipal roads use 040501004"
    ),
    "与给水管同一 9 位编码，以项目特征区分（第 10–12 位）": (
        "The same 9-digit code as the water supply pipe, told apart by the item description "
        "(digits 10–12)"
    ),
    "2024 版中 031001008 为塑料管：同码不同义": (
        "In the 2024 edition 031001008 is the plastic pipe: the same code means another item"
    ),
    "以“个”计量；国标 040204002 人行道块料铺设按 m² 计量（换算需假定每车位面积）": (
        "Counted per space; the national item 040204002 (footway block paving) measures in m² "
        "(converting would need an assumed area per space)"
    ),
    "按市政标准计量时为 040805001 常规照明灯（未核实）": (
        "Measured under the municipal standard: 040805001, conventional street lighting "
        "(unverified)"
    ),
    "井道钢结构及基础另按 GB 50854 相应项目计量": (
        "The shaft's steel structure and foundation are measured separately under the "
        "matching GB 50854 items"
    ),
    "与雨水管同一 9 位编码，以项目特征区分": (
        "The same 9-digit code as the storm drain, told apart by the item description"
    ),
    "以“项”计量的综合项；国标按 040205 标志板、标线等分项计量（编码未核实）": (
        "A lump sum; the national standard measures sign boards, road markings and the like "
        "separately under 040205 (code unverified)"
    ),
    "泵站为综合项，附录中无对应单一清单项目": (
        "A pump station is a composite item: the appendix has no single matching item"
    ),
    "园林绿化（GB 50858）编码不在资料范围内，按补充项目列出": (
        "Landscaping codes (GB 50858) are outside the compiled public sources: billed as a "
        "supplementary item"
    ),
    "消防及交通标识无国标清单项目（资料 #36 建议补充项目 03B001）": (
        "No national bill item for fire and traffic signs (the compiled public sources "
        "suggest the supplementary item 03B001)"
    ),
    "以“处”计量；国标 011601001 砖砌体拆除按 m³ 或 m 计量（编码未核实）": (
        "Counted per place; the national item 011601001 (masonry demolition) measures in m³ "
        "or m (code unverified)"
    ),
    "以“处”计量；国标 011601001 砖砌体拆除 / 011602002 钢筋混凝土构件拆除（未核实）": (
        "Counted per place; the national items are 011601001 (masonry demolition) and "
        "011602002 (demolition of reinforced concrete members) (unverified)"
    ),
    "以“段”计量；国标 040203007 水泥混凝土按 m² 计量（仅见于测试数据）": (
        "Counted per section; the national item 040203007 (cement concrete) measures in m² "
        "(seen in test data only)"
    ),
    "以“t”计量；国标 010103002 余方弃置按 m³ 计量": (
        "Measured in t; the national item 010103002 (disposal of surplus spoil) measures in m³"
    ),
    "资料中无对应国标清单项目": "The compiled public sources show no matching national item",
    "2024 版编码只在一个公开代码库中见到，未与标准文本核对": (
        "The 2024 code was seen in one public code base only, not checked against the "
        "standard's text"
    ),
    # Reasons in brackets after a citation of the compiled notes
    "仅见于测试数据": "seen in test data only",
    "无公开清单来源": "no public bill shows it",
    "仅见于一个代码库": "seen in one code base only",
}

#: 取费: the professions (单位工程), the fees' names, bases and sources.
_FEES: dict[str, str] = {
    "建筑与装饰工程": "Building and decoration works",
    "安装工程（给排水、采暖、电气）": "Installation works (plumbing, heating, electrical)",
    "市政工程（道路、管网）": "Municipal works (roads, pipe networks)",
    "园林绿化工程": "Landscaping works",
    "人工费占人材机比例": "Labour's share of labour, materials and machinery",
    "机械费占人材机比例": "Machinery's share of labour, materials and machinery",
    "企业管理费": "Overheads (企业管理费)",
    "利润": "Profit (利润)",
    "安全文明施工费": "Safe and civilised construction (安全文明施工费)",
    "夜间施工增加费": "Night work surcharge (夜间施工增加费)",
    "二次搬运费": "Secondary handling (二次搬运费)",
    "冬雨季施工增加费": "Winter and rainy season surcharge (冬雨季施工增加费)",
    "地上、地下设施、建筑物的临时保护设施费": (
        "Temporary protection of facilities above and below ground and of buildings"
    ),
    "已完工程及设备保护费": "Protection of finished works and equipment (已完工程及设备保护费)",
    "暂列金额": "Provisional sum (暂列金额)",
    "社会保险费": "Social insurance (社会保险费)",
    "住房公积金": "Housing provident fund (住房公积金)",
    "增值税（一般计税方法）": "VAT, general method (增值税)",
    "综合单价中的人工费、材料费、机械费之和": (
        "Labour + materials + machinery of the all-in unit rate"
    ),
    "人工费 + 机械费": "Labour + machinery",
    "分部分项工程费 + 单价措施项目费": "Measured works + unit-rate measures",
    "分部分项工程费": "Measured works",
    "分部分项及单价措施人工费": "Labour of the measured works and unit-rate measures",
    "分部分项工程费 + 措施项目费 + 其他项目费 + 规费": (
        "Measured works + measures + other items + statutory fees"
    ),
    "占位值：人材机拆分比例为假定，仅用于演示表-09 的组成": (
        "Placeholder: the split into labour, materials and machinery is assumed, only to show "
        "how form 09 builds a rate"
    ),
    "占位值，无公开来源：须按甘肃省现行费用定额及嘉峪关计价依据替换": (
        "Placeholder, no public source: to be replaced from Gansu's current fee norms "
        "(费用定额) and Jiayuguan's pricing rules"
    ),
    "全国统一税率：建筑服务增值税 9%（财政部 税务总局 海关总署公告 2019 年第 39 号，"
    "2019-04-01 起）；凭记忆引用，未与公告原文核对": (
        "National rate: VAT on construction services 9 % (announcement No. 39 of 2019 of the "
        "Ministry of Finance, the State Taxation Administration and the General Administration "
        "of Customs, from 2019-04-01); quoted from memory, not checked against the "
        "announcement's text"
    ),
    # The groundwork assumptions: the mains' trenches and their parameters
    "给水管道": "Water supply pipes",
    "排水管道": "Drainage pipes",
    "供热管道": "Heating pipes",
    "雨水管道": "Storm drain pipes",
    "绿化给水管道": "Greening water supply pipes",
    "平均沟深": "Average trench depth",
    "沟底宽": "Trench bottom width",
    "管道所占断面": "Cross-section taken by the pipes",
    "位于路面下的比例": "Share under a road",
    "井距": "Chamber spacing",
    "雨水口间距（每侧）": "Gully spacing (each side)",
}

#: Where the rate library's defaults come from (parts of the sources below).
_SOURCES: dict[str, str] = {
    "铲除旧卷材/涂膜防水层 4.76–7.40，取上限": (
        "removing old membrane or coating waterproofing, 4.76–7.40, the upper end taken"
    ),
    "外装修钢管脚手架 h≤10 m…≤40 m 为 17.04–22.51，取上限": (
        "steel-tube scaffolding for external finishes, h ≤ 10 m … ≤ 40 m: 17.04–22.51, the "
        "upper end taken"
    ),
    "建筑垃圾外运 10 km（用作余方弃置参考）": (
        "construction waste carted 10 km (taken as the reference for spoil disposal)"
    ),
    "沥青混凝土 AC-16，5 cm，机械摊铺": "asphalt concrete AC-16, 5 cm, laid by machine",
    "沥青混凝土 AC-13，5 cm，机械摊铺": "asphalt concrete AC-13, 5 cm, laid by machine",
    "屋面卷材防水，2 mm 自粘改性沥青，一层": (
        "membrane roof waterproofing, 2 mm self-adhesive modified bitumen, one layer"
    ),
    "外墙保温，25 mm 无机保温砂浆 + 抗裂砂浆": (
        "external wall insulation, 25 mm inorganic insulating mortar + anti-crack mortar"
    ),
    "外墙弹性涂料，腻子 + 底漆一遍 + 面漆两遍": (
        "elastic exterior coating, putty + one primer coat + two finish coats"
    ),
    "PP-R 给水管 dn20–dn50 区间上限": "PP-R water pipe, the upper end of dn20–dn50",
    "PVC 承插排水管 dn200": "PVC socket drainage pipe dn200",
    "PVC 承插排水管 dn200（干道雨水管更贵）": (
        "PVC socket drainage pipe dn200 (trunk storm drains cost more)"
    ),
    "PP-R 给水管 dn50": "PP-R water pipe dn50",
    "12.5 m²/个 × 106.07 元/m² 透水砖": "12.5 m² per space × 106.07 yuan/m² permeable paving",
    "30 m³ 砖砌体/处 × 81.89 元/m³ 拆除砖墙": (
        "30 m³ of masonry per place × 81.89 yuan/m³ for demolishing brick walls"
    ),
    "150 m³ 砖砌体 × 81.89 元/m³ 拆除砖墙": (
        "150 m³ of masonry × 81.89 yuan/m³ for demolishing brick walls"
    ),
    "120 m²/段 × 107.27 元/m² C25 混凝土 20 cm": (
        "120 m² per section × 107.27 yuan/m² of C25 concrete, 20 cm"
    ),
    "53.96 元/m³ 建筑垃圾外运 10 km ÷ 1.5 t/m³": (
        "53.96 yuan/m³ for carting construction waste 10 km ÷ 1.5 t/m³"
    ),
    "预制保温管价格未找到": "no price found for pre-insulated pipe",
    "物料提升机台班及操作人员，垂直运输价格未找到": (
        "a material hoist's shifts and its operators; no price found for vertical transport"
    ),
    "沟槽土方价格未找到": "no price found for trench excavation",
    "回填价格未找到": "no price found for backfill",
    "拆除路面价格未找到": "no price found for pavement removal",
    "砌筑井价格未找到": "no price found for chambers",
    "雨水口价格未找到": "no price found for road gullies",
    "约 50 万元/部（6 层单元，示例含 40% 补贴）http://yuncheng188.com/tags-2884.html；"
    "单一弱来源，见 boq-and-rules.md §5": (
        "About 500,000 yuan per lift (a 6-storey entrance; the example includes a 40 % "
        "subsidy) http://yuncheng188.com/tags-2884.html; a single weak source"
    ),
}

#: Every whole text and part with its English rendering. The scope types' names come from
#: the catalogue's own English names (planner/catalogue.py), with the Chinese as a gloss.
TEXTS: dict[str, str] = {
    **{s.name_zh: f"{s.name_en} ({s.name_zh})" for s in SCOPE_TYPES},
    **_NAMES,
    **_UNITS,
    **_DESCRIPTIONS,
    **_NOTES,
    **_FEES,
    **_SOURCES,
    **PIPE_WORKS,
}

_GUILIN = r"桂林医学院维修价格清单（广西，约 2021 年）\[gh:\d+\]，见 boq-and-rules\.md §5"
_GUILIN_EN = "Guilin Medical University's maintenance price list (Guangxi, c. 2021)"

#: Texts built from parts: (pattern of the whole text, English with the parts, each part
#: rendered in turn; a ``tail`` starts in lower case).
_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), english)
    for pattern, english in (
        # 2024 notes: why a scope type is a supplementary item, then the 2013 item or note
        (
            r"2024 版编码未知（同码可能不同义），按补充项目列出；(?P<tail>.+)",
            "2024 code unknown (the same digits may mean another item), billed as a "
            "supplementary item; {tail}",
        ),
        (
            r"2024 版编码未知，按补充项目列出；(?P<tail>.+)",
            "2024 code unknown, billed as a supplementary item; {tail}",
        ),  # fmt: skip
        (
            r"资料中无此项的国标编码，按补充项目列出；(?P<tail>.+)",
            "no national code for this item in "
            "the compiled public sources, billed as a supplementary item; {tail}",
        ),  # fmt: skip
        (
            r"2013 版为 (?P<code>\d{9}) (?P<name>[^；]+)；(?P<tail>.+)",
            "in the 2013 edition {code} {name}; {tail}",
        ),  # fmt: skip
        (r"2013 版为 (?P<code>\d{9}) (?P<name>.+)", "in the 2013 edition {code} {name}"),
        # A line's note: its name, how it is measured, what work it includes
        (
            r"(?P<name>[^。]+)。计算规则：(?P<rule>[^。]+)。工作内容：(?P<work>.+)",
            "{name}. Measured: {rule}. Work: {work}",
        ),  # fmt: skip
        (r"(?P<first>按设计图示数量计算)；(?P<then>本清单.+)", "{first}; {then}"),
        (
            r"；2013 版 (?P<old>\d{9}) → 2024 版 (?P<new>\d{9})",
            "; 2013 edition {old} → 2024 edition {new}",
        ),  # fmt: skip
        # A citation of the compiled notes with a reason (the page words the citation)
        (r"(?P<cite>shared/domain/[^（]+)（(?P<why>[^）]+)）(?P<rest>.*)", "{cite} ({why}){rest}"),
        # Sources of default rates
        (rf"{_GUILIN}：(?P<what>.+)", f"{_GUILIN_EN}: {{what}}"),
        (
            rf"推算：(?P<what>.+)（{_GUILIN}）",
            "Derived: {what} (from Guilin Medical University's "
            "maintenance price list, Guangxi, c. 2021)",
        ),  # fmt: skip
        (
            r"占位值，无公开来源 / placeholder, no public source（(?P<why>.+)）",
            "placeholder, no public source ({why})",
        ),
        # A source written in both languages: its English half
        (
            r"[^/]*[\u4e00-\u9fff][^/]* / (?P<english>[^\u3001-\u303f\u3400-\u9fff\uff01-\uff5e]+)",
            "{english}",
        ),  # fmt: skip
    )
)


def english(text: str) -> str:
    """``text`` in English: itself when it has no Chinese; its rendering from :data:`TEXTS`
    or built by :data:`_RULES`; and, with no rendering known, ``text`` as it is (Chinese on an
    English page, which the page walk and the tests report)."""
    if not _CJK.search(text):
        return text
    known = TEXTS.get(text)
    if known is not None:
        return known
    unit = unit_name(text, "en")
    if unit != text:
        return unit
    for pattern, template in _RULES:
        match = pattern.fullmatch(text)
        if match:
            parts = {name: english(part or "") for name, part in match.groupdict().items()}
            if "tail" in parts:  # a clause after a semicolon
                parts["tail"] = parts["tail"][:1].lower() + parts["tail"][1:]
            return template.format(**parts)
    return text


def standard_text(text: str, lang: str | None) -> str:
    """A text of the standard as the page shows it in ``lang``: as written in Chinese, in
    English on an English page."""
    return english(text) if normalise_lang(lang) == "en" else text


def untranslated(texts: Iterable[str]) -> list[str]:
    """The texts whose English still has Chinese outside a gloss after a Latin word."""
    gloss = re.compile(r"(?<=[A-Za-z)] )\([\u4e00-\u9fff][\u4e00-\u9fff/、]+\)")
    return [text for text in texts if _CJK.search(gloss.sub(" ", english(text)))]
